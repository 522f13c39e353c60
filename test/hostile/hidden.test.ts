/**
 * High: a hostile repository must not hide its code or its findings. Each test runs the built CLI
 * on one attack from generate.ts and checks that the live key in src/key.js is still reported, and
 * that whatever could not be analysed is named.
 */
import { describe, expect, it } from 'vitest';
import type { Report, RuleResult } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { badFileNames, deepNesting, fifoInRepository, gitignoreAboveIsSymlink, hostileWorkspaceGlobs } from './generate.js';

const TIMEOUT = 25_000;

function auditJson(path: string, extra: string[] = []): { code: number | null; report: Report; stderr: string } {
  const result = runCli([path, '--format', 'json', ...extra], { timeoutMs: TIMEOUT });
  expect(result.code, result.stderr).not.toBeNull();
  return { code: result.code, report: JSON.parse(result.stdout) as Report, stderr: result.stderr };
}

const KEY_FINDING = { ruleId: 'config/hardcoded-credentials', file: 'src/key.js' };

function rules(report: Report): RuleResult[] {
  return report.apps.flatMap((app) => app.factors.flatMap((factor) => factor.rules));
}

describe('deep nesting costs one file, never a rule', () => {
  it.each(['concatenation', 'parentheses', 'calls'] as const)('%s: the key elsewhere is reported, the generated file is named as not analysed', (shape) => {
    const { code, report } = auditJson(deepNesting(shape).repo);
    expect(report.findings).toContainEqual(expect.objectContaining(KEY_FINDING));
    expect(report.errors).toContainEqual(expect.objectContaining({ file: 'src/generated.js' }));
    expect(rules(report).find((rule) => rule.ruleId === 'config/hardcoded-credentials')).toMatchObject({ status: 'fail', unanalysed: ['src/generated.js'] });
    expect(rules(report).filter((rule) => rule.status === 'error')).toEqual([]);
    expect(code).toBe(1);
  });

  it('a deeply nested JSON data file does not void config/hardcoded-credentials', () => {
    const { report } = auditJson(deepNesting('json').repo);
    expect(report.findings).toContainEqual(expect.objectContaining(KEY_FINDING));
    expect(rules(report).find((rule) => rule.ruleId === 'config/hardcoded-credentials')?.status).toBe('fail');
  });
});

describe('file names the walk cannot represent are reported, and the rest is audited', () => {
  it.each(['root', 'folder'] as const)('a name that is not valid UTF-8 in the %s', (where) => {
    const { report } = auditJson(badFileNames(where).repo);
    expect(report.findings).toContainEqual(expect.objectContaining(KEY_FINDING));
    const prefix = where === 'root' ? '' : 'src/';
    const skipped = report.errors.filter((error) => error.kind === 'skipped').map((error) => error.file);
    expect(skipped).toEqual(expect.arrayContaining([`${prefix}bad\\xff\\xfe.js`, `${prefix}new\nline.js`, `${prefix}carriage\rreturn.js`]));
    expect(report.stats.filesIndexed).toBeGreaterThanOrEqual(2);
  });
});

describe('special files are never opened', () => {
  it.each(['zero', 'fifo', 'outside'] as const)('a .gitignore above the audited folder that is a symlink to %s is not read', (target) => {
    const { audited } = gitignoreAboveIsSymlink(target);
    const { report } = auditJson(audited);
    expect(report.findings).toContainEqual(expect.objectContaining(KEY_FINDING));
  });

  it('a named pipe inside the repository does not hang the audit', () => {
    const { report } = auditJson(fifoInRepository().repo);
    expect(report.findings).toContainEqual(expect.objectContaining(KEY_FINDING));
  });
});

describe('workspace globs', () => {
  it('an unbalanced brace and globs naming folders outside the root neither stop the audit nor add apps', () => {
    const { code, report, stderr } = auditJson(hostileWorkspaceGlobs().repo);
    expect(stderr).not.toContain('internal error');
    expect(code).toBe(1);
    expect(report.apps.map((app) => app.path)).toEqual(['packages/api']);
    expect(report.findings).toContainEqual(expect.objectContaining({ ruleId: 'config/hardcoded-credentials', file: 'packages/api/src/key.js' }));
  });
});
