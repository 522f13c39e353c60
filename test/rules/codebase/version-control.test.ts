/**
 * Every fixture folder lies inside this project's git work tree, so `describeFixtures` cannot audit
 * the fail case in place: the fail cases are copied to a fresh folder under the OS temp dir (checked
 * to be outside any work tree) and audited there; the pass cases are audited in place.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { versionControl } from '../../../rules/codebase/version-control.js';
import { detectVcs } from '../../../src/repo/vcs.js';
import { findingsOf, type ExpectedFinding } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';

const CASES = join(FIXTURES, versionControl.id);
const scratch = mkdtempSync(join(tmpdir(), 'twelve-audit-vcs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function casesOf(kind: 'fail' | 'pass'): string[] {
  return readdirSync(join(CASES, kind)).sort();
}

describe(`${versionControl.id} fixtures`, () => {
  it('audits fail cases in a folder outside any version-control work tree', () => {
    expect(detectVcs(scratch)).toBeNull();
  });

  it('has at least one fail and one pass case', () => {
    expect(casesOf('fail').length).toBeGreaterThan(0);
    expect(casesOf('pass').length).toBeGreaterThan(0);
  });

  for (const name of casesOf('fail')) {
    it(`fail/${name} reports exactly its expected findings outside version control`, () => {
      const root = join(scratch, name);
      cpSync(join(CASES, 'fail', name), root, { recursive: true });
      const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as ExpectedFinding[];
      const actual = findingsOf(versionControl, root).map(({ ruleId, messageId, file, line }) => ({ ruleId, messageId, file, line }));
      expect(actual).toEqual(expected);
    });
  }

  for (const name of casesOf('pass')) {
    it(`pass/${name} reports nothing inside this git work tree`, () => {
      expect(findingsOf(versionControl, join(CASES, 'pass', name))).toEqual([]);
    });
  }
});

describe(`${versionControl.id} outside version control`, () => {
  it('reports at the first file when there is no package.json', () => {
    const root = join(scratch, 'no-manifest');
    cpSync(join(CASES, 'pass', 'library-inside-git'), root, { recursive: true });
    expect(findingsOf(versionControl, root).map((finding) => `${finding.file}:${finding.line}`)).toEqual(['README.md:1']);
  });

  it('reports once, on the root app, in a workspace whose members are apps too', () => {
    const root = join(scratch, 'workspace');
    cpSync(join(CASES, 'fail', 'no-vcs'), join(root, 'packages', 'api'), { recursive: true });
    cpSync(join(CASES, 'fail', 'no-vcs'), join(root, 'packages', 'web'), { recursive: true });
    cpSync(join(CASES, 'fail', 'no-vcs', 'src'), join(root, 'src'), { recursive: true });
    const manifest = { name: 'shop', private: true, workspaces: ['packages/*'], dependencies: { express: '^4.19.2' } };
    writeJson(join(root, 'package.json'), manifest);
    expect(findingsOf(versionControl, root).map((finding) => `${finding.app} ${finding.file}:${finding.line}`)).toEqual(['shop package.json:1']);
  });
});

function writeJson(path: string, value: unknown): void {
  writeFileSync(path, JSON.stringify(value, null, 2));
}
