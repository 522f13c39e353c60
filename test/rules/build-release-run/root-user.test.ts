import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { rootUser } from '../../../rules/build-release-run/root-user.js';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';

describeFixtures(rootUser);

describe('build-release-run/root-user', () => {
  it('anchors a missing USER at the FROM of the runtime stage, not the build stage', () => {
    const findings = findingsOf(rootUser, join(FIXTURES, rootUser.id, 'fail', 'runtime-stage-no-user'));
    expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.severity}`)).toEqual(['Dockerfile:7 note']);
  });

  it('leaves development, test-runner and artefact-only images alone', () => {
    for (const name of ['development-and-test-images', 'artefact-only-stage']) {
      expect(findingsOf(rootUser, join(FIXTURES, rootUser.id, 'pass', name))).toEqual([]);
    }
  });
});
