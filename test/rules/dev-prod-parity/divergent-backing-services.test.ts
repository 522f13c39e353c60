import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { divergentBackingServices } from '../../../rules/dev-prod-parity/divergent-backing-services.js';

describeFixtures(divergentBackingServices);

const failCase = (name: string) => findingsOf(divergentBackingServices, join(FIXTURES, divergentBackingServices.id, 'fail', name));

describe('dev-prod-parity/divergent-backing-services', () => {
  it('names the environment and both kinds of service', () => {
    const [development, staging] = failCase('knexfile-sqlite-in-development');
    expect(development?.data).toEqual({ environment: 'development', kind: 'SQLite', value: "'sqlite3'", productionKind: 'PostgreSQL', productionValue: "'postgresql'" });
    expect(staging?.message).toBe("staging uses MySQL/MariaDB ('mysql2') but production uses PostgreSQL ('postgresql')");
  });

  it('reads the production side of a YAML merge key', () => {
    const [finding] = failCase('database-yml-with-anchors');
    expect(finding?.message).toBe('development uses SQLite (sqlite3) but production uses PostgreSQL (postgresql)');
  });

  it('names store objects by what they store in', () => {
    const [session] = failCase('memory-stores-outside-production');
    expect(session?.data).toMatchObject({ kind: 'an in-memory store', value: 'new session.MemoryStore()', productionKind: 'Redis' });
  });
});
