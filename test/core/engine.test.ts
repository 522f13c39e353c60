import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { defineRule } from '../../src/rule-kit/index.js';
import { badLiterals } from '../helpers/bad-literals.js';
import type { Rule } from '../../src/types.js';

function repo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'twelve-audit-engine-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

const SERVICE = { 'package.json': JSON.stringify({ name: 'svc', dependencies: { express: '^4.0.0' } }) };

/** Reports every string literal equal to 'bad' in files containing "bad". */
const badLiteral = defineRule<'bad'>({
  id: 'config/bad-literal',
  factor: 'config',
  defaultSeverity: 'warning',
  title: 'Bad literal',
  description: 'Finds the literal "bad".',
  fix: 'Remove it.',
  messages: { bad: 'literal {{value}} found' },
  triggers: ["'bad'"],
  facts: [badLiterals],
  appliesTo: () => true,
  check(context) {
    for (const file of context.candidates()) {
      for (const span of context.facts(file.path, badLiterals) ?? []) {
        context.report({ messageId: 'bad', data: { value: 'bad' }, file: file.path, ...span });
      }
    }
  },
});

const throwing = defineRule<'never'>({
  ...(badLiteral as unknown as Rule<'never'>),
  id: 'logs/throws',
  factor: 'logs',
  messages: { never: 'never' },
  check() {
    throw new Error('boom');
  },
});

const libraryOnly = defineRule<'x'>({
  ...(badLiteral as unknown as Rule<'x'>),
  id: 'processes/not-for-services',
  factor: 'processes',
  messages: { x: 'x' },
  appliesTo: (app) => (app.kind === 'service' ? 'services are out of scope' : true),
});

describe('engine', () => {
  it('turns a crashing rule into an error entry and runs the others', () => {
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n" });
    const { report } = audit({ root, rules: [throwing, badLiteral] });
    expect(report.errors).toEqual([{ kind: 'rule', ruleId: 'logs/throws', message: 'rule logs/throws failed on app svc: boom' }]);
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column}`)).toEqual([
      'config/bad-literal src/a.js:1:11',
    ]);
    const logs = report.apps[0]?.factors.find((factor) => factor.slug === 'logs');
    // A rule that could not run is never a pass: it costs its worst case (two findings at its severity).
    expect(logs).toMatchObject({ score: 7, rules: [{ ruleId: 'logs/throws', status: 'error', score: null }] });
    expect(report.apps[0]?.deductions.rules).toContainEqual({ ruleId: 'logs/throws', points: 6 });
  });

  it('marks a rule that does not apply as n/a with its reason, out of the score', () => {
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n" });
    const { report } = audit({ root, rules: [libraryOnly] });
    expect(report.apps[0]?.factors.find((factor) => factor.slug === 'processes')?.rules).toEqual([
      { ruleId: 'processes/not-for-services', status: 'n/a', score: null, reason: 'services are out of scope', findings: [] },
    ]);
    expect(report.score).toBeNull();
  });

  it('never hands a rule a file that contains none of its triggers, nor reports such a file as not analysed', () => {
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n", 'src/b.js': "const y = 'good';\n", 'src/c.js': 'const z = {;' });
    const { report } = audit({ root, rules: [badLiteral] });
    expect(report.findings.map((finding) => finding.file)).toEqual(['src/a.js']);
    expect(report.errors).toEqual([]);
  });

  it('records a syntax error once, skips the file, and keeps auditing the others', () => {
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n", 'src/broken.js': "const y = 'bad' +;\n" });
    const { report } = audit({ root, rules: [badLiteral] });
    expect(report.findings.map((finding) => finding.file)).toEqual(['src/a.js']);
    expect(report.errors).toEqual([{ kind: 'parse', file: 'src/broken.js', message: expect.stringMatching(/^syntax error at 1:\d+: Expression expected\.$/) }]);
  });

  it('skips minified bundles with a note instead of auditing them', () => {
    const bundle = `var a='bad';${'x=1;'.repeat(2000)}\n`;
    const root = repo({ ...SERVICE, 'public/app.js': bundle });
    const { report } = audit({ root, rules: [badLiteral] });
    expect(report.findings).toEqual([]);
    expect(report.errors).toEqual([{ kind: 'skipped', file: 'public/app.js', message: 'skipped: looks minified or bundled' }]);
  });

  it('keeps one finding per location when a more specific rule supersedes another', () => {
    const specific = defineRule<'bad'>({ ...(badLiteral as unknown as Rule<'bad'>), id: 'config/specific', supersedes: ['config/bad-literal'] });
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n" });
    const { report } = audit({ root, rules: [badLiteral, specific] });
    expect(report.findings.map((finding) => finding.ruleId)).toEqual(['config/specific']);
    const config = report.apps[0]?.factors.find((factor) => factor.slug === 'config');
    expect(config?.rules.map((rule) => [rule.ruleId, rule.status])).toEqual([
      ['config/bad-literal', 'pass'],
      ['config/specific', 'fail'],
    ]);
  });

  it('supersedes one message of another rule and keeps its other messages at the same location', () => {
    const twoMessages = defineRule<'bad' | 'worse'>({
      ...(badLiteral as unknown as Rule<'bad' | 'worse'>),
      id: 'config/two-messages',
      messages: { bad: 'literal {{value}} found', worse: 'literal {{value}} found again' },
      check(context) {
        for (const file of context.candidates()) {
          for (const span of context.facts(file.path, badLiterals) ?? []) {
            context.report({ messageId: 'bad', data: { value: 'bad' }, file: file.path, ...span });
            context.report({ messageId: 'worse', data: { value: 'bad' }, file: file.path, ...span });
          }
        }
      },
    });
    const specific = defineRule<'bad'>({ ...(badLiteral as unknown as Rule<'bad'>), id: 'config/specific', supersedes: ['config/two-messages#worse'] });
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n" });
    const { report } = audit({ root, rules: [twoMessages, specific] });
    expect(report.findings.map((finding) => `${finding.ruleId}#${finding.messageId}`).sort()).toEqual(['config/specific#bad', 'config/two-messages#bad']);
  });

  it('fills message templates, adds the snippet, and gives stable content-based fingerprints', () => {
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n" });
    const before = audit({ root, rules: [badLiteral] }).report.findings[0];
    expect(before).toMatchObject({ message: 'literal bad found', snippet: "const x = 'bad';", severity: 'warning', app: 'svc' });
    writeFileSync(join(root, 'src/a.js'), "// a comment\n\nconst x = 'bad';\n");
    const after = audit({ root, rules: [badLiteral] }).report.findings[0];
    expect(after?.line).toBe(3);
    expect(after?.fingerprint).toBe(before?.fingerprint);
  });

  it('applies --rule severities and off', () => {
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n" });
    expect(audit({ root, rules: [badLiteral], ruleFlags: ['config/bad-literal=error'] }).report.findings[0]?.severity).toBe('error');
    const off = audit({ root, rules: [badLiteral], ruleFlags: ['config/bad-literal=off'] }).report;
    expect(off.findings).toEqual([]);
    expect(off.stats.rulesRun).toBe(0);
  });
});

describe('candidates', () => {
  it('never reads binary files for trigger checks, so they are not reported as skipped', () => {
    const root = repo({ ...SERVICE, 'src/a.js': "const x = 'bad';\n", 'public/logo.png': "\u0000PNG 'bad'" });
    const { report } = audit({ root, rules: [badLiteral] });
    expect(report.errors).toEqual([]);
    expect(report.findings.map((finding) => finding.file)).toEqual(['src/a.js']);
  });
});
