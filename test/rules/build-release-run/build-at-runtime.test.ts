import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { buildAtRuntime } from '../../../rules/build-release-run/build-at-runtime.js';

describeFixtures(buildAtRuntime);

describe('build-release-run/build-at-runtime messages', () => {
  it('names where the command runs and the command itself', () => {
    const [finding] = findingsOf(buildAtRuntime, join(FIXTURES, buildAtRuntime.id, 'fail', 'dockerfile-cmd-npm-start'));
    expect(finding?.message).toBe(
      'Dockerfile CMD installs dependencies when the app starts (`npm ci`): install once at build time so every release runs the same code',
    );
  });

  it('reports an `npm run build` once, not again for the tsc it runs', () => {
    const findings = findingsOf(buildAtRuntime, join(FIXTURES, buildAtRuntime.id, 'fail', 'prestart-build'));
    expect(findings.map((finding) => `${finding.line} ${finding.data?.origin} ${finding.data?.command}`)).toEqual([
      '6 scripts.prestart npm run build',
      '8 scripts.serve (run by `npm run serve`) cross-env NODE_ENV=production node --watch dist/server.js',
    ]);
  });
});
