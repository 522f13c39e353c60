/**
 * Medium: bounded work. Each test runs the built CLI on an input shaped to be slow or to read more
 * than the configured limits allow; the inputs are sized so that a quadratic (or worse) cost would
 * exceed the test timeout by orders of magnitude, and no test asserts a timing.
 */
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { lockfileOverConfiguredLimit, packageJsonManyDependencies, pyprojectCommentBanner } from './generate.js';

const TIMEOUT = 25_000;

function auditJson(path: string): Report {
  const result = runCli([path, '--format', 'json', '--fail-on', 'none'], { timeoutMs: TIMEOUT });
  expect(result.code, result.stderr).toBe(0);
  return JSON.parse(result.stdout) as Report;
}

describe('reads are bounded by the configured maxFileSize', () => {
  it('nothing past the limit of an indexed lockfile is read (a suppression comment there is never seen)', () => {
    const report = auditJson(lockfileOverConfiguredLimit().repo);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'config/hardcoded-credentials', file: 'src/key.js' }));
    expect(report.findings.filter((finding) => finding.file === 'package-lock.json' && finding.ruleId.startsWith('twelve-audit/'))).toEqual([]);
  });
});

describe('content scans are linear on 1 MiB crafted inputs', () => {
  it('a pyproject.toml whose dependency list opens on a banner of # comments (exponential for a backtracking pattern)', () => {
    const report = auditJson(pyprojectCommentBanner().repo);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'config/hardcoded-credentials', file: 'src/key.js' }));
  });

  it('a package.json with 40,000 unpinned dependencies: each finding placed on its own line without a scan from the top', () => {
    // One scan of the 800 KB text per finding is 40,000 × 800,000 characters: hours.
    const report = auditJson(packageJsonManyDependencies().repo);
    const unpinned = report.findings.filter((finding) => finding.ruleId === 'dependencies/unpinned-versions');
    expect(unpinned).toHaveLength(40_000);
    expect(unpinned.find((finding) => finding.message.startsWith('pkg-39999 '))).toMatchObject({ file: 'package.json', line: 40_004 });
  });
});
