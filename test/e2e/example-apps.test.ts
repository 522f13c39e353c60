import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { FACTORS } from '../../src/factors.js';
import type { Report } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { copyAsRepository } from '../helpers/copy.js';
import { FIXTURES, PROJECT_ROOT } from '../helpers/paths.js';

const GOOD = join(FIXTURES, 'apps/good-service');
// Audited as a checkout of its own (as users have it), not as a folder of this repository: its
// import of ../../shared reaches outside its root only then.
const BAD = copyAsRepository(join(FIXTURES, 'apps/bad-service'));

function auditJson(root: string, args: string[] = []): { code: number | null; report: Report } {
  const result = runCli([root, '--format', 'json', ...args]);
  expect(result.stderr).not.toContain('internal error');
  return { code: result.code, report: JSON.parse(result.stdout) as Report };
}

const validateReport = new Ajv({ allErrors: true }).compile(
  JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/report.schema.json'), 'utf8')) as object,
);

describe('example apps, audited by the built CLI', () => {
  const good = auditJson(GOOD, ['--min-score', '95']);
  const bad = auditJson(BAD);

  it('good-service scores at least 95, passes --min-score 95 and has no error or warning', () => {
    const open = good.report.findings.filter((finding) => !finding.suppressed);
    expect(open.filter((finding) => finding.severity !== 'note').map((f) => `${f.file}:${f.line} ${f.ruleId} ${f.message}`)).toEqual([]);
    expect(good.report.score).toBeGreaterThanOrEqual(95);
    expect(good.code).toBe(0);
    expect(good.report.apps).toHaveLength(1);
    expect(good.report.apps[0]).toMatchObject({ name: 'good-service', path: '.', kind: 'service' });
    expect(good.report.errors).toEqual([]);
  });

  it('bad-service fails with exit 1, grade F, and findings from every factor', () => {
    expect(bad.code).toBe(1);
    expect(bad.report.score).toBeLessThanOrEqual(40);
    expect(bad.report.grade).toBe('F');
    const factors = new Set(bad.report.findings.map((finding) => finding.factor));
    expect([...factors].sort((a, b) => a - b)).toEqual(FACTORS.map((factor) => factor.number));
  });

  it('bad-service has findings from each of the five first rules', () => {
    const ruleIds = new Set(bad.report.findings.map((finding) => finding.ruleId));
    for (const id of [
      'config/hardcoded-credentials',
      'dependencies/lockfile',
      'processes/local-filesystem-state',
      'logs/file-transport',
      'disposability/sigterm-handler',
    ]) {
      expect(ruleIds, id).toContain(id);
    }
  });

  it('bad-service never prints the secrets it finds', () => {
    const text = runCli([BAD]).stdout + JSON.stringify(bad.report);
    for (const secret of ['sk_live_51H8xKJL2eZvKYlo2C9dQ8rT3mN4pB7wX', 'super-secret-jwt-key', 'Xk9#mQ2$vL7pR4', '7f3a9c2e8b1d4f6a0c5e9b3d7a1f4c8e']) {
      expect(text).not.toContain(secret);
    }
  });

  it('reports every factor, with scores that follow the documented formula', () => {
    for (const { report } of [good, bad]) {
      for (const app of report.apps) {
        expect(app.factors.map((factor) => factor.number)).toEqual(FACTORS.map((factor) => factor.number));
        // 100 less the points per rule, capped: every number recomputed from the report's own findings.
        const points = app.deductions.rules.reduce((sum, rule) => sum + rule.points, 0);
        const uncapped = Math.max(0, Math.round(100 - points));
        expect(app.deductions.uncapped).toBe(uncapped);
        expect(app.score).toBe(Math.round((uncapped * (app.deductions.cap?.max ?? 100)) / 100));
        const failing = app.factors.flatMap((factor) => factor.rules).filter((rule) => rule.status === 'fail');
        expect(app.deductions.rules.map((rule) => rule.ruleId).sort()).toEqual(failing.map((rule) => rule.ruleId).sort());
      }
      expect(report.score).toBe(Math.min(...report.apps.map((app) => app.score ?? 100)));
    }
  });

  it('emits JSON that matches docs/report.schema.json', () => {
    for (const { report } of [good, bad]) {
      const valid = validateReport(report);
      expect(validateReport.errors ?? []).toEqual([]);
      expect(valid).toBe(true);
    }
  });

  it('is deterministic: the same input gives the same bytes, timings aside', () => {
    const strip = (output: string) => output.replace(/"durationMs": \d+/, '');
    expect(strip(runCli([BAD, '--format', 'json']).stdout)).toBe(strip(runCli([BAD, '--format', 'json']).stdout));
  });
});
