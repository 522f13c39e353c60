import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { lockfile } from '../../../rules/dependencies/lockfile.js';

describeFixtures(lockfile);

describe('dependencies/lockfile messages', () => {
  it('says what an unpinned requirements file holds instead of pins: ranges are not versions pinned', () => {
    const findings = findingsOf(lockfile, join(FIXTURES, lockfile.id, 'fail', 'polyglot'));
    expect(findings.find((finding) => finding.messageId === 'requirementsUnpinned')?.message).toBe(
      'requirements.txt pins no exact version (it holds lower bounds (>=), bare names and included files; no ==, === or --hash) and no Python lockfile is committed: each install resolves the newest versions they allow',
    );
  });

  it('names compatible-release ranges (~=) as ranges', () => {
    const findings = findingsOf(lockfile, join(FIXTURES, lockfile.id, 'fail', 'compatible-release-ranges'));
    expect(findings.find((finding) => finding.messageId === 'requirementsUnpinned')?.message).toBe(
      'requirements.txt pins no exact version (it holds bounded ranges (~=, <); no ==, === or --hash) and no Python lockfile is committed: each install resolves the newest versions they allow',
    );
  });
});
