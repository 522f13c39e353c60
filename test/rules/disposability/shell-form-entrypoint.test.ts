import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { shellFormEntrypoint } from '../../../rules/disposability/shell-form-entrypoint.js';

describeFixtures(shellFormEntrypoint);

describe('disposability/shell-form-entrypoint messages', () => {
  it('quotes the shell command and the package manager', () => {
    const findings = findingsOf(shellFormEntrypoint, join(FIXTURES, shellFormEntrypoint.id, 'fail', 'shell-entrypoint-and-sh-c'));
    expect(findings.map((finding) => finding.data)).toEqual([
      { keyword: 'ENTRYPOINT', command: 'node migrate.js && node server.js' },
      { keyword: 'ENTRYPOINT', command: 'yarn run consume' },
    ]);
  });
});
