import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { audit } from '../../src/audit.js';
import { defineRule } from '../../src/rule-kit/index.js';
import type { FileExtractor, Span } from '../../src/facts/types.js';
import { badLiterals } from '../helpers/bad-literals.js';
import { defineAppFact } from '../../src/facts/app-facts.js';
import { makeTree as repo } from '../repo/tree.js';

const rule = (declared: boolean) =>
  defineRule<'bad'>({
    id: 'config/bad-literal',
    factor: 'config',
    defaultSeverity: 'warning',
    title: 'Bad literal',
    description: 'Finds the literal "bad".',
    fix: 'Remove it.',
    messages: { bad: 'literal found' },
    appliesTo: () => true,
    ...(declared && { facts: [badLiterals] }),
    check(context) {
      for (const file of context.candidates()) {
        for (const span of context.facts(file.path, badLiterals) ?? []) context.report({ messageId: 'bad', file: file.path, ...span });
      }
    },
  });

const SERVICE = { 'package.json': JSON.stringify({ name: 'svc', dependencies: { express: '^4.0.0' } }) };

describe('rules reading per-file facts', () => {
  it('report from the facts of the one pass, at their spans', () => {
    const root = repo({ ...SERVICE, 'src/a.ts': "const a = 'bad';\nconst b = 'good';\n  f('bad');\n" });
    const { report } = audit({ root, rules: [rule(true)] });
    expect(report.findings.map(({ file, line, column, endLine, endColumn }) => ({ file, line, column, endLine, endColumn }))).toEqual([
      { file: 'src/a.ts', line: 1, column: 11, endLine: 1, endColumn: 16 },
      { file: 'src/a.ts', line: 3, column: 5, endLine: 3, endColumn: 10 },
    ]);
  });

  it('mark a file whose pass failed as not analysed by the rule, and report it once', () => {
    const root = repo({ ...SERVICE, 'src/a.ts': "const a = 'bad';\n", 'src/broken.ts': 'function (\n' });
    const { report } = audit({ root, rules: [rule(true)] });
    const result = report.apps[0]?.factors.flatMap((factor) => factor.rules).find((entry) => entry.ruleId === 'config/bad-literal');
    expect(result?.unanalysed).toEqual(['src/broken.ts']);
    expect(report.errors.filter((error) => error.file === 'src/broken.ts').map((error) => error.kind)).toEqual(['parse']);
  });

  it('make a rule that reads facts it did not declare crash loudly instead of reading nothing', () => {
    const root = repo({ ...SERVICE, 'src/a.ts': "const a = 'bad';\n" });
    const { report } = audit({ root, rules: [rule(false)] });
    expect(report.errors.map((error) => error.message)).toEqual([
      'rule config/bad-literal failed on app svc: rule config/bad-literal reads the facts "test/bad-literals" without declaring them',
    ]);
  });

  it('make a rule that reads facts of a file outside the extractor\'s roles crash loudly instead of reading nothing', () => {
    const sourceOnly: FileExtractor<Span[]> = { ...badLiterals, roles: ['source'] };
    const reader = defineRule<'bad'>({ ...rule(true), id: 'config/test-reader', facts: [sourceOnly], check(context) { for (const file of context.candidates((candidate) => candidate.path.endsWith('.ts'))) context.facts(file.path, sourceOnly); } });
    const root = repo({ ...SERVICE, 'src/a.ts': "const a = 'bad';\n", 'test/a.test.ts': "const a = 'bad';\n" });
    const { report } = audit({ root, rules: [reader] });
    expect(report.errors.map((error) => error.message)).toContain(
      'rule config/test-reader failed on app svc: rule config/test-reader reads the facts "test/bad-literals" of a test file (test/a.test.ts), but they are extracted only from source files',
    );
  });
});

describe('a failing extractor', () => {
  it('makes the rules reading it list the file as not analysed, with why, while the rest of the audit runs', () => {
    const failing: FileExtractor<Span[]> = { ...badLiterals, name: 'test/failing', typescript: { kinds: [ts.SyntaxKind.StringLiteral], create: () => ({ visit() { throw new Error('boom'); }, result: () => [] }) } };
    const reader = defineRule<'bad'>({ ...rule(true), id: 'config/failing-reader', facts: [failing], check(context) { for (const file of context.candidates()) context.facts(file.path, failing); } });
    const root = repo({ ...SERVICE, 'src/a.ts': "const a = 'bad';\n" });
    const { report } = audit({ root, rules: [reader, rule(true)] });
    const results = report.apps[0]?.factors.flatMap((factor) => factor.rules) ?? [];
    expect(results.find((entry) => entry.ruleId === 'config/failing-reader')?.unanalysed).toEqual(['src/a.ts']);
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.line}`)).toEqual(['config/bad-literal 1']);
    expect(report.errors).toEqual([{ kind: 'rule', file: 'src/a.ts', message: 'not analysed: extracting test/failing failed on this file (boom)' }]);
  });
});

describe('app facts', () => {
  it('are computed once per app, from every file of the app whatever the asking rule\'s triggers, for every rule that asks', () => {
    let computed = 0;
    const scripts = defineAppFact('test/scripts', (context) => {
      computed += 1;
      return context.candidates().map((file) => file.path);
    });
    const asker = (id: string) =>
      defineRule<'seen'>({
        id: `config/${id}`,
        factor: 'config',
        defaultSeverity: 'note',
        title: id,
        description: id,
        fix: id,
        messages: { seen: '{{files}}' },
        triggers: ['never present'],
        appliesTo: () => true,
        check(context) {
          context.report({ messageId: 'seen', data: { files: context.appFact(scripts).join(',') }, file: 'package.json', line: 1 });
        },
      });
    const root = repo({ ...SERVICE, 'src/a.ts': 'a();\n', 'src/b.ts': 'b();\n' });
    const { report } = audit({ root, rules: [asker('first'), asker('second')] });
    expect(report.findings.map((finding) => finding.message)).toEqual(['package.json,src/a.ts,src/b.ts', 'package.json,src/a.ts,src/b.ts']);
    expect(computed).toBe(1);
  });
});
