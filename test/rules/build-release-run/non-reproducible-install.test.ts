import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { nonReproducibleInstall } from '../../../rules/build-release-run/non-reproducible-install.js';

describeFixtures(nonReproducibleInstall);

describe('build-release-run/non-reproducible-install messages', () => {
  it('names the command', () => {
    const findings = findingsOf(nonReproducibleInstall, join(FIXTURES, nonReproducibleInstall.id, 'fail', 'dockerfile-installs'));
    expect(findings.map((finding) => finding.message)).toEqual([
      '`npm install` may resolve versions other than package-lock.json: use `npm ci`, which installs exactly the lockfile',
      '`npm --prefix api --omit=dev -f install` may resolve versions other than package-lock.json: use `npm ci`, which installs exactly the lockfile',
      '`yarn` does not fail when yarn.lock is out of date and may install other versions: add `--frozen-lockfile` (yarn 1) or `--immutable` (yarn 2+)',
      '`pnpm install --prod` does not fail when pnpm-lock.yaml is out of date and may install other versions: add `--frozen-lockfile`',
    ]);
  });

  it('gives yarn 2+ advice for `yarn workspaces focus`, which has no frozen flag of its own', () => {
    const findings = findingsOf(nonReproducibleInstall, join(FIXTURES, nonReproducibleInstall.id, 'fail', 'yarn-workspaces-focus'));
    expect(findings[0]?.message).toBe(
      '`yarn workspaces focus @shop/api` takes no `--immutable` flag and does not fail when yarn.lock is out of date: run `yarn install --immutable` first (in this stage or one it builds on), or set `enableImmutableInstalls: true` in .yarnrc.yml',
    );
  });
});
