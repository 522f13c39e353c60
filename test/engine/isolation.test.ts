/**
 * A failure in one file costs that file only: the rule keeps running on every other file, the file
 * is reported as not analysed (in `report.errors` and on the rule's result), and a rule that could
 * not run fails a run that has a threshold.
 */
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { judge } from '../../src/outcome.js';
import { MAX_SYNTAX_DEPTH } from '../../src/parse/typescript.js';
import { extractFile } from '../../src/facts/extract.js';
import type { FileExtractor } from '../../src/facts/types.js';
import { defineRule } from '../../src/rule-kit/index.js';
import type { Report, RuleResult } from '../../src/types.js';
import { makeTree as repo } from '../repo/tree.js';

const SERVICE = { 'package.json': JSON.stringify({ name: 'svc', dependencies: { express: '^4.0.0' } }) };

/** Reports every file that says "bad"; throws (as a stack overflow would) on a file that says "explode". */
const fragile = defineRule<'bad'>({
  id: 'config/fragile',
  factor: 'config',
  defaultSeverity: 'error',
  title: 'Fragile',
  description: 'Finds "bad", throws on "explode".',
  fix: 'Remove it.',
  messages: { bad: 'bad found' },
  appliesTo: () => true,
  check(context) {
    for (const file of context.candidates((candidate) => candidate.path.startsWith('src/'))) {
      const text = context.text(file.path) ?? '';
      if (text.includes('explode')) throw new RangeError('Maximum call stack size exceeded');
      if (text.includes('bad')) context.report({ messageId: 'bad', file: file.path, line: 1 });
    }
  },
});

/** Asks nothing of a script but that it parses. */
const parsed: FileExtractor<true> = {
  name: 'test/parsed',
  version: 1,
  module: import.meta.url,
  typescript: { kinds: [], create: () => ({ visit() {}, result: () => true }) },
};

/** Reads the facts of every script: a file that does not parse is one it ran on but could not analyse. */
const parsing = defineRule<'x'>({
  ...(fragile as unknown as Parameters<typeof defineRule<'x'>>[0]),
  id: 'logs/parsing',
  factor: 'logs',
  messages: { x: 'x' },
  facts: [parsed],
  check(context) {
    for (const file of context.candidates((candidate) => candidate.path.endsWith('.js'))) context.facts(file.path, parsed);
  },
});

function resultOf(report: Report, ruleId: string): RuleResult | undefined {
  return report.apps[0]?.factors.flatMap((factor) => factor.rules).find((rule) => rule.ruleId === ruleId);
}

describe('per-file isolation', () => {
  it('a rule that throws on one file still reports the others, and names the file it could not analyse', () => {
    const root = repo({ ...SERVICE, 'src/a.js': 'bad\n', 'src/b.js': 'explode\n', 'src/c.js': 'bad\n' });
    const { report } = audit({ root, rules: [fragile] });
    expect(report.findings.map((finding) => finding.file)).toEqual(['src/a.js', 'src/c.js']);
    expect(resultOf(report, 'config/fragile')).toMatchObject({ status: 'fail', unanalysed: ['src/b.js'] });
    expect(report.errors).toEqual([
      { kind: 'rule', ruleId: 'config/fragile', file: 'src/b.js', message: 'not analysed by config/fragile: the rule failed on this file (Maximum call stack size exceeded)' },
    ]);
  });

  it('a file that does not parse is unanalysed for the rules that asked for it', () => {
    const root = repo({ ...SERVICE, 'src/ok.js': 'const a = 1;\n', 'src/broken.js': 'const = ;\n' });
    const { report } = audit({ root, rules: [parsing] });
    expect(resultOf(report, 'logs/parsing')).toMatchObject({ status: 'pass', unanalysed: ['src/broken.js'] });
  });

  it('syntax nested deeper than the limit is refused at parse time instead of overflowing later walks', () => {
    const parse = (path: string, text: string) => extractFile({ path, language: 'javascript', role: 'source', text }, [parsed]);
    const nested = `const x = ${'('.repeat(MAX_SYNTAX_DEPTH)}1${')'.repeat(MAX_SYNTAX_DEPTH)};\n`;
    expect(parse('deep.js', nested)).toEqual({ ok: false, skipped: false, message: `not analysed: syntax nested more than ${MAX_SYNTAX_DEPTH} levels deep` });
    const plus = `const x = "a"\n${'  + "a"\n'.repeat(3000)};\n`;
    expect(parse('plus.js', plus).ok).toBe(false);
    expect(parse('flat.js', 'const x = (((1)));\n').ok).toBe(true);
  });

  it('a parser that overflows the stack fails the file, not the rule', () => {
    const root = repo({ ...SERVICE, 'src/deep.js': `const x = ${'(\n'.repeat(20_000)}1${')\n'.repeat(20_000)};\n`, 'src/a.js': 'bad\n' });
    const { report } = audit({ root, rules: [parsing, fragile] });
    expect(resultOf(report, 'logs/parsing')).toMatchObject({ status: 'pass', unanalysed: ['src/deep.js'] });
    expect(report.findings.map((finding) => finding.file)).toEqual(['src/a.js']);
  });
});

describe('a run with a threshold fails when it cannot be checked', () => {
  const report = (score: number | null, status: RuleResult['status']): Report =>
    ({
      score,
      findings: [],
      apps: [{ factors: [{ rules: [{ ruleId: 'logs/x', status, score: null, findings: [] }] }] }],
    }) as unknown as Report;

  it('a rule that errored fails the run when --fail-on or --min-score is set', () => {
    expect(judge(report(100, 'error'), { failOn: 'error' })).toEqual({ passed: false, reasons: ['1 rule could not run (logs/x); see the errors in the report'] });
    expect(judge(report(100, 'error'), { failOn: 'none', minScore: 50 }).passed).toBe(false);
    expect(judge(report(100, 'error'), { failOn: 'none' }).passed).toBe(true);
  });

  it('a null score with --min-score set fails the run', () => {
    expect(judge(report(null, 'n/a'), { failOn: 'none', minScore: 80 })).toEqual({
      passed: false,
      reasons: ['no score to compare with --min-score 80 (no rule applies or could run)'],
    });
    expect(judge(report(null, 'n/a'), { failOn: 'none' }).passed).toBe(true);
  });
});
