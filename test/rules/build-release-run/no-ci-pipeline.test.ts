import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { noCiPipeline } from '../../../rules/build-release-run/no-ci-pipeline.js';
import { audit } from '../../../src/audit.js';

describeFixtures(noCiPipeline);

describe('build-release-run/no-ci-pipeline', () => {
  it('names the app', () => {
    const [finding] = findingsOf(noCiPipeline, join(FIXTURES, noCiPipeline.id, 'fail', 'service-without-ci'));
    expect(finding?.message).toMatch(/^svc has no CI pipeline/);
  });

  it('is n/a for libraries', () => {
    const { report } = audit({ root: join(FIXTURES, noCiPipeline.id, 'pass', 'library'), rules: [noCiPipeline] });
    const result = report.apps[0]?.factors.flatMap((factor) => factor.rules).find((rule) => rule.ruleId === noCiPipeline.id);
    expect(result?.status).toBe('n/a');
  });
});
