/** Inline suppressions, config ignores and overrides, through the whole audit on small temp repos. */
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import type { Finding } from '../../src/types.js';
import { goldenMarker } from '../report/kitchen-sink.js';
import { json, makeTree } from '../repo/tree.js';

const SERVICE = json({ name: 'svc', dependencies: { express: '^4.19.2' } });

function run(files: Record<string, string>, ruleFlags: string[] = []): Finding[] {
  return audit({ root: makeTree({ 'package.json': SERVICE, ...files }), rules: [goldenMarker], ruleFlags }).report.findings;
}

const brief = (finding: Finding) =>
  `${finding.file}:${finding.line} ${finding.ruleId}${finding.suppressed ? ` suppressed(${finding.suppression?.kind}: ${finding.suppression?.justification ?? ''})` : ''}`;

describe('inline suppressions', () => {
  it('suppress the finding on the next line, with the reason as justification', () => {
    const findings = run({
      'src/a.js': ['// twelve-audit-ignore-next-line config/golden-marker -- fixture key, revoked', 'const a = "GOLDEN_SECRET=one";', 'const b = "GOLDEN_SECRET=two";'].join('\n'),
    });
    expect(findings.map(brief)).toEqual([
      'src/a.js:2 config/golden-marker suppressed(inSource: fixture key, revoked)',
      'src/a.js:3 config/golden-marker',
    ]);
  });

  it('keep suppressed findings out of the score and the failing count', () => {
    const root = makeTree({ 'package.json': SERVICE, 'src/a.js': 'const a = "GOLDEN_SECRET=one"; // twelve-audit-ignore-line config/golden-marker -- demo' });
    const { report } = audit({ root, rules: [goldenMarker] });
    expect(report.findings.map(brief)).toEqual(['src/a.js:1 config/golden-marker suppressed(inSource: demo)']);
    expect(report.score).toBe(100);
  });

  it('require a reason by default: without one, nothing is suppressed and the comment is reported', () => {
    const findings = run({ 'src/a.js': ['// twelve-audit-ignore-next-line config/golden-marker', 'const a = "GOLDEN_SECRET=one";'].join('\n') });
    expect(findings.map((finding) => `${finding.line} ${finding.ruleId} ${finding.messageId} ${finding.suppressed}`)).toEqual([
      '1 twelve-audit/invalid-suppression missingReason false',
      '2 config/golden-marker marker false',
    ]);
  });

  it('accept no reason when the config relaxes requireSuppressionReason', () => {
    const findings = run({
      '.twelve-audit.yml': 'requireSuppressionReason: false\n',
      'src/a.js': ['// twelve-audit-ignore-next-line config/golden-marker', 'const a = "GOLDEN_SECRET=one";'].join('\n'),
    });
    expect(findings.map(brief)).toEqual(['src/a.js:2 config/golden-marker suppressed(inSource: )']);
  });

  it('report a suppression that matches nothing as an unused note, at the comment', () => {
    const findings = run({ 'src/a.js': ['// twelve-audit-ignore-next-line config/golden-marker -- was a key here', 'const a = 1;'].join('\n') });
    expect(findings).toEqual([
      expect.objectContaining({
        ruleId: 'twelve-audit/unused-suppression',
        severity: 'note',
        factor: 0,
        line: 1,
        column: 1,
        message: 'Unused suppression: no config/golden-marker finding on line 2',
      }),
    ]);
  });

  it('do not call a suppression unused when its rule is turned off', () => {
    const files = { 'src/a.js': ['// twelve-audit-ignore-next-line config/golden-marker -- was a key here', 'const a = 1;'].join('\n') };
    expect(run(files, ['config/golden-marker=off'])).toEqual([]);
  });

  it('let the config turn the unused-suppression note off like a rule', () => {
    const files = { 'src/a.js': ['// twelve-audit-ignore-next-line config/golden-marker -- stale', 'const a = 1;'].join('\n') };
    expect(run(files, ['twelve-audit/unused-suppression=off'])).toEqual([]);
  });

  it('work with # comments in Dockerfile, YAML and .env files', () => {
    const findings = run({
      Dockerfile: ['FROM node:20', '# twelve-audit-ignore-next-line config/golden-marker -- build arg only', 'ARG GOLDEN_SECRET=one'].join('\n'),
      'config.yml': 'token: GOLDEN_SECRET=two # twelve-audit-ignore-line config/golden-marker -- demo\n',
      '.env.example': ['# twelve-audit-ignore-start config/golden-marker -- example values', 'A=GOLDEN_SECRET=three', 'B=GOLDEN_SECRET=four'].join('\n'),
    });
    expect(findings.every((finding) => finding.suppressed)).toBe(true);
    expect(findings).toHaveLength(4);
  });

  it('are not looked for in binary files (which would otherwise be reported as skipped)', () => {
    const root = makeTree({ 'package.json': SERVICE, 'img/logo.png': new Uint8Array([137, 80, 78, 71, 0, 0, 0, 13]), '.DS_Store': new Uint8Array([0, 0, 0, 1]) });
    // No rule: only the suppression scan could read them.
    expect(audit({ root, rules: [] }).report.errors).toEqual([]);
  });

  it('report an unknown rule id with a suggestion and suppress nothing', () => {
    const findings = run({ 'src/a.js': ['// twelve-audit-ignore-next-line config/golden-markr -- typo', 'const a = "GOLDEN_SECRET=one";'].join('\n') });
    expect(findings.map((finding) => finding.message)).toEqual([
      'Suppression names unknown rule "config/golden-markr" (did you mean "config/golden-marker"?)',
      'GOLDEN_SECRET is set to ****',
    ]);
  });
});

describe('config ignores and overrides', () => {
  it('suppress a rule in files matching its ignore globs (external)', () => {
    const findings = run({
      '.twelve-audit.yml': 'rules:\n  config/golden-marker:\n    ignore: ["seed/**"]\n',
      'seed/a.js': 'const a = "GOLDEN_SECRET=one";',
      'src/a.js': 'const a = "GOLDEN_SECRET=two";',
    });
    expect(findings.map(brief)).toEqual([
      'seed/a.js:1 config/golden-marker suppressed(external: config rules["config/golden-marker"].ignore: seed/**)',
      'src/a.js:1 config/golden-marker',
    ]);
  });

  it('re-level or drop a rule per path, later overrides winning', () => {
    const findings = run({
      '.twelve-audit.yml': [
        'overrides:',
        '  - files: ["scripts/**"]',
        '    rules: { config/golden-marker: note }',
        '  - files: ["scripts/old/**"]',
        '    rules: { config/golden-marker: "off" }',
      ].join('\n'),
      'scripts/a.js': 'const a = "GOLDEN_SECRET=one";',
      'scripts/old/b.js': 'const b = "GOLDEN_SECRET=two";',
      'src/c.js': 'const c = "GOLDEN_SECRET=three";',
    });
    expect(findings.map((finding) => `${finding.file} ${finding.severity}`)).toEqual(['scripts/a.js note', 'src/c.js error']);
  });

  it('reject an invalid override at load time', () => {
    const root = makeTree({ 'package.json': SERVICE, '.twelve-audit.yml': 'overrides:\n  - files: []\n    rules: { config/golden-marker: loud }\n' });
    expect(() => audit({ root, rules: [goldenMarker] })).toThrow(/overrides\[0\]/);
  });
});
