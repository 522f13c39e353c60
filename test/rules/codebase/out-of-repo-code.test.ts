/**
 * The rule judges paths against the repository root, and stays silent when the audited folder is
 * only part of a larger work tree (as every fixture folder is, inside this project). So each case
 * is copied to a fresh folder under the OS temp dir and made the top of its own work tree with a
 * `.git` folder; the in-place fixtures then show the part-of-a-larger-repository behaviour.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { outOfRepoCode } from '../../../rules/codebase/out-of-repo-code.js';
import { findingsOf, type ExpectedFinding } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';

const CASES = join(FIXTURES, outOfRepoCode.id);
const scratch = mkdtempSync(join(tmpdir(), 'twelve-audit-out-of-repo-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function casesOf(kind: 'fail' | 'pass'): string[] {
  return readdirSync(join(CASES, kind)).sort();
}

/** A copy of the case that is the top of its own git work tree. */
function asRepository(kind: 'fail' | 'pass', name: string): string {
  const root = join(scratch, kind, name);
  cpSync(join(CASES, kind, name), root, { recursive: true });
  mkdirSync(join(root, '.git'), { recursive: true });
  return root;
}

function project(finding: ExpectedFinding): ExpectedFinding {
  return { ruleId: finding.ruleId, messageId: finding.messageId, file: finding.file, line: finding.line, column: finding.column ?? 1 };
}

describe(`${outOfRepoCode.id} fixtures, each as its own repository`, () => {
  it('has at least one fail and one pass case', () => {
    expect(casesOf('fail').length).toBeGreaterThan(0);
    expect(casesOf('pass').length).toBeGreaterThan(0);
  });

  for (const name of casesOf('fail')) {
    it(`fail/${name} reports exactly its expected findings`, () => {
      const root = asRepository('fail', name);
      const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as ExpectedFinding[];
      expect(findingsOf(outOfRepoCode, root).map(project)).toEqual(expected.map(project));
    });
  }

  for (const name of casesOf('pass')) {
    it(`pass/${name} reports nothing`, () => {
      expect(findingsOf(outOfRepoCode, asRepository('pass', name))).toEqual([]);
    });
  }
});

describe(`${outOfRepoCode.id} in a folder of a larger repository`, () => {
  it('stays silent: the paths may lead to the same codebase', () => {
    for (const name of casesOf('fail')) expect(findingsOf(outOfRepoCode, join(CASES, 'fail', name))).toEqual([]);
  });
});
