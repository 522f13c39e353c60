import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { parseBaseline, serializeBaseline } from '../../src/engine/baseline.js';
import { UsageError } from '../../src/errors.js';
import { judge } from '../../src/outcome.js';
import { runCli } from '../helpers/cli.js';
import { goldenMarker } from '../report/kitchen-sink.js';
import { json, makeTree } from '../repo/tree.js';

const SERVICE = json({ name: 'svc', dependencies: { express: '^4.19.2' } });
const CODE = ['const a = "GOLDEN_SECRET=first-secret";', 'const b = 2;', 'const c = "GOLDEN_SECRET=second-secret";', ''].join('\n');

function repo(code = CODE): string {
  return makeTree({ 'package.json': SERVICE, 'src/a.js': code });
}

function baselineOf(root: string): string {
  const path = join(root, '.twelve-audit-baseline.json');
  writeFileSync(path, serializeBaseline(audit({ root, rules: [goldenMarker] }).report.findings));
  return path;
}

describe('baseline', () => {
  it('is sorted, diff-friendly JSON without secrets in clear', () => {
    const text = readFileSync(baselineOf(repo()), 'utf8');
    expect(text).not.toContain('first-secret');
    expect(text).not.toContain('second-secret');
    const entries = parseBaseline(text, 'b.json');
    expect(entries.map((entry) => Object.keys(entry))).toEqual([
      ['fingerprint', 'ruleId', 'file', 'message'],
      ['fingerprint', 'ruleId', 'file', 'message'],
    ]);
    expect(entries.map((entry) => entry.fingerprint)).toEqual(entries.map((entry) => entry.fingerprint).sort());
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('marks known findings baselined: out of the score and the exit code, still in the report', () => {
    const root = repo();
    const baselinePath = baselineOf(root);
    const { report, config } = audit({ root, rules: [goldenMarker], baselinePath });
    expect(report.findings.map((finding) => finding.baselined)).toEqual([true, true]);
    expect(report.score).toBe(100);
    expect(judge(report, config).passed).toBe(true);
    expect(report.baseline).toEqual({ file: baselinePath, entries: 2, baselined: 2, fixed: 0, scoreWithoutBaseline: expect.any(Number) });
    // What the baseline hides: the same run without it scores lower.
    expect(report.baseline?.scoreWithoutBaseline).toBeLessThan(100);
  });

  it('keeps findings known when lines are inserted above them', () => {
    const root = repo();
    const baselinePath = baselineOf(root);
    writeFileSync(join(root, 'src/a.js'), `// header\n\n/* more */\n${CODE}`);
    const { report } = audit({ root, rules: [goldenMarker], baselinePath });
    expect(report.findings.map((finding) => [finding.line, finding.baselined])).toEqual([
      [4, true],
      [6, true],
    ]);
  });

  it('reports a new finding as new and counts fixed entries', () => {
    const root = repo();
    const baselinePath = baselineOf(root);
    writeFileSync(join(root, 'src/a.js'), ['const a = "GOLDEN_SECRET=first-secret";', 'const d = "GOLDEN_SECRET=third-secret";', ''].join('\n'));
    const { report, config } = audit({ root, rules: [goldenMarker], baselinePath });
    expect(report.findings.map((finding) => [finding.line, finding.baselined ?? false])).toEqual([
      [1, true],
      [2, false],
    ]);
    expect(report.baseline).toMatchObject({ entries: 2, baselined: 1, fixed: 1 });
    expect(judge(report, config).passed).toBe(false);
  });

  it('tells identical findings in one file apart by occurrence', () => {
    const twice = ['const a = "GOLDEN_SECRET=same";', 'const a = "GOLDEN_SECRET=same";', ''].join('\n');
    const root = repo(twice);
    const baselinePath = join(root, 'one.json');
    const [first] = audit({ root, rules: [goldenMarker] }).report.findings;
    writeFileSync(baselinePath, serializeBaseline(first ? [first] : []));
    const { report } = audit({ root, rules: [goldenMarker], baselinePath });
    expect(report.findings.map((finding) => finding.baselined ?? false)).toEqual([true, false]);
  });

  it('rejects a file that is not a baseline, naming it', () => {
    expect(() => parseBaseline('{"findings": 3}', 'x.json')).toThrow(UsageError);
    expect(() => parseBaseline('nope', 'x.json')).toThrow(/Invalid baseline x.json: not JSON/);
    const root = repo();
    expect(() => audit({ root, rules: [goldenMarker], baselinePath: join(root, 'missing.json') })).toThrow(/Baseline file not found/);
  });
});

describe('baseline on the command line', () => {
  it('`baseline` writes the file, then --baseline passes until something new appears', () => {
    const root = makeTree({
      'package.json': json({ name: 'svc', dependencies: { express: '^4.19.2', winston: '^3.13.0' } }),
      'src/log.js': "const winston = require('winston');\nmodule.exports = winston.createLogger({ transports: [new winston.transports.File({ filename: 'a.log' })] });\n",
    });
    const written = runCli(['baseline', root]);
    expect(written.code).toBe(0);
    expect(written.stdout).toMatch(/^Wrote \d+ findings? to /);
    const baselinePath = join(root, '.twelve-audit-baseline.json');
    expect(existsSync(baselinePath)).toBe(true);

    const clean = runCli([root, '--baseline', baselinePath, '--fail-on', 'note', '--format', 'json']);
    expect(clean.code).toBe(0);
    const report = JSON.parse(clean.stdout);
    expect(report.baseline).toMatchObject({ baselined: report.findings.length, fixed: 0 });
    expect(report.findings.every((finding: { baselined?: boolean }) => finding.baselined)).toBe(true);

    writeFileSync(join(root, 'src/other.js'), "const winston = require('winston');\nmodule.exports = new winston.transports.File({ filename: 'b.log' });\n");
    const dirty = runCli([root, '--baseline', baselinePath, '--fail-on', 'warning']);
    expect(dirty.code).toBe(1);
    expect(dirty.stdout).toMatch(/\d+ baselined \(/);
    expect(dirty.stdout).toContain('src/other.js');
  });
});
