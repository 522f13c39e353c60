import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { envContract } from '../../../rules/config/env-contract.js';
import { isPlatformVariable } from '../../../src/rule-kit/env-reads.js';

describeFixtures(envContract);

describe('config/env-contract', () => {
  it('without any contract, reports the app once at its manifest, listing what it needs', () => {
    const findings = findingsOf(envContract, join(FIXTURES, envContract.id, 'fail', 'nothing-declared'));
    expect(findings.map((finding) => [finding.file, finding.line, finding.data?.names])).toEqual([
      ['package.json', 1, 'DATABASE_URL, REDIS_URL, STRIPE_SECRET_KEY'],
    ]);
    expect(findings.every((finding) => finding.severity === 'note')).toBe(true);
  });

  it('with a contract, reports each needed variable it lacks once, at its first read, and names it', () => {
    const findings = findingsOf(envContract, join(FIXTURES, envContract.id, 'fail', 'getter-missing-from-template'));
    expect(findings.map((finding) => finding.data?.name)).toEqual(['ALLOWED_ORIGINS', 'ARCHIVE_BUCKET']);
  });

  it('never counts variables the OS, npm, CI or the hosting platform set', () => {
    for (const name of ['NODE_ENV', 'PORT', 'CI', 'HOME', 'TZ', 'DEBUG', 'npm_package_version', 'VERCEL_URL', 'RENDER_EXTERNAL_URL', 'HEROKU_APP_NAME', 'FLY_REGION', 'GITHUB_SHA', 'OPENSHIFT_NODEJS_PORT']) {
      expect(isPlatformVariable(name), name).toBe(true);
    }
    expect(isPlatformVariable('DATABASE_URL')).toBe(false);
  });
});
