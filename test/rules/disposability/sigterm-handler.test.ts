import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../../src/audit.js';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { sigtermHandler } from '../../../rules/disposability/sigterm-handler.js';

describeFixtures(sigtermHandler);

const fixture = (path: string) => join(FIXTURES, 'disposability/sigterm-handler', path);

describe('disposability/sigterm-handler', () => {
  it('says what the process was doing where it reports a missing handler', () => {
    const [service] = findingsOf(sigtermHandler, fixture('fail/express-no-handler'));
    const [worker] = findingsOf(sigtermHandler, fixture('fail/worker-no-handler'));
    expect(service?.message).toBe('the app starts listening here but never handles SIGTERM: a deploy or scale-down kills in-flight requests mid-way');
    expect(worker?.message).toBe('the app starts consuming jobs here but never handles SIGTERM: a deploy or scale-down kills in-flight jobs mid-way');
  });

  it('is n/a for libraries, with the reason', () => {
    const { report } = audit({ root: fixture('pass/serverless-and-library'), rules: [sigtermHandler] });
    const library = report.apps.find((app) => app.name === 'lib');
    const result = library?.factors.flatMap((factor) => factor.rules).find((rule) => rule.ruleId === sigtermHandler.id);
    expect(result?.status).toBe('n/a');
    expect(result?.reason).toMatch(/libraries/);
  });
});
