import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../../src/audit.js';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { configBakedIntoImage } from '../../../rules/build-release-run/config-baked-into-image.js';
import { hardcodedCredentials } from '../../../rules/config/hardcoded-credentials.js';

describeFixtures(configBakedIntoImage);

const secrets = join(FIXTURES, configBakedIntoImage.id, 'fail', 'secret-args-and-envs');

describe('build-release-run/config-baked-into-image', () => {
  it('never shows a literal secret in clear', () => {
    const finding = findingsOf(configBakedIntoImage, secrets).find((candidate) => candidate.messageId === 'secretValue');
    expect(finding?.message).toBe('STRIPE_SECRET_KEY holds a literal secret (Stripe live secret key) in the image: anyone who can pull the image can read it');
    expect(finding?.snippet).not.toContain('sk_live_51HxQ2mK8vR3nT7pL9wZ4yB6c');
  });

  it('leaves a literal secret to config/hardcoded-credentials when both run', () => {
    const { report } = audit({ root: secrets, rules: [configBakedIntoImage, hardcodedCredentials] });
    expect(report.findings.filter((finding) => finding.line === 5).map((finding) => finding.ruleId)).toEqual(['config/hardcoded-credentials']);
  });
});
