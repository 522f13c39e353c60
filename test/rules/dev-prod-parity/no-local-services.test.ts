import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { noLocalServices } from '../../../rules/dev-prod-parity/no-local-services.js';

describeFixtures(noLocalServices);

describe('dev-prod-parity/no-local-services', () => {
  it('names the dependency and the kind of service it needs', () => {
    const [finding] = findingsOf(noLocalServices, join(FIXTURES, noLocalServices.id, 'fail', 'worker-first-counted-dependency'));
    expect(finding?.data).toEqual({ dependency: 'bullmq', service: 'Redis' });
  });

  it('takes the database kind of a Prisma client from the schema provider', () => {
    const [finding] = findingsOf(noLocalServices, join(FIXTURES, noLocalServices.id, 'fail', 'prisma-postgresql'));
    expect(finding?.message).toContain('@prisma/client needs PostgreSQL');
  });
});
