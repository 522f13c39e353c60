/** The text report leads with what to fix first, says what costs the points, and stays short in a monorepo. */
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { textReporter } from '../../src/report/text.js';
import type { ReporterOptions } from '../../src/report/types.js';
import { GOLDEN_RULES, KITCHEN_SINK, kitchenSinkReport } from './kitchen-sink.js';

const OPTIONS: ReporterOptions = { color: false, quiet: false, failOn: 'error' };
const report = kitchenSinkReport();
const text = textReporter(report, OPTIONS);

describe('text report', () => {
  it('starts with what to fix first: errors, then warnings, each rule once, most points first', () => {
    const first = text.slice(text.indexOf('Fix first'), text.indexOf('APP '));
    const ranked = [...first.matchAll(/^ +\d+\. (\w+) +(\S+)/gm)].map((match) => `${match[1]} ${match[2]}`);
    expect(ranked).toEqual(['error config/golden-marker', 'warning logs/file-transport', 'warning twelve-audit/invalid-suppression']);
    // The first part comes before the apps and the detail.
    expect(text.indexOf('Fix first')).toBeLessThan(text.indexOf('APP '));
    expect(text.indexOf('APP ')).toBeLessThan(text.indexOf('III. Config'));
    // A note is never a "fix first".
    expect(first).not.toContain('unused-suppression');
  });

  it('prints each rule\'s fix once, however many findings it has', () => {
    for (const fix of ['Remove the GOLDEN_SECRET assignment.', 'Name an existing rule id and give a reason']) {
      expect(text.split(fix).length - 1).toBe(1);
    }
  });

  it('says what costs the points, from the deductions of the app that sets the score', () => {
    const api = report.apps.find((app) => app.name === 'api');
    const expected = api?.deductions.rules.map((rule) => `${rule.ruleId} −${Number.isInteger(rule.points) ? rule.points : rule.points.toFixed(1)}`).join(', ');
    expect(text).toContain(`the score is ${api?.score} because: ${expected}`);
    expect(text).toMatch(/Score \d+\/100 \(\w\).*, set by api \(apps\/api\)/);
  });

  it('shows a monorepo as one row per app, weakest first; every factor only with --verbose', () => {
    const rows = text.slice(text.indexOf('APP '), text.indexOf('(every factor')).trim().split('\n');
    expect(rows[0]).toMatch(/^APP +PATH +KIND +SCORE +ERRORS +WARNINGS$/);
    expect(rows.slice(1).map((row) => row.split(/\s+/)[0])).toEqual(['api', '@kitchen/lib']);
    expect(text).not.toContain('Backing services');

    const verbose = textReporter(report, { ...OPTIONS, verbose: true });
    expect(verbose.match(/Backing services/g)).toHaveLength(2);
    // Per-rule scores of the rules that do not pass.
    expect(verbose).toMatch(/III {2}Config .* 0\/1 rules pass: golden-marker \d+\.\d/);
  });

  it('--quiet shows only what to fix first and the score', () => {
    const quiet = textReporter(report, { ...OPTIONS, quiet: true });
    expect(quiet).toContain('1. error    config/golden-marker');
    expect(quiet).not.toContain('warning  logs/file-transport');
    expect(quiet).not.toContain('APP ');
    expect(quiet).not.toContain('III. Config');
    expect(quiet).not.toContain('Not analysed');
    expect(quiet).toMatch(/\nScore \d+\/100/);
  });

  it('shows both numbers on a baselined run', () => {
    const without = audit({ root: KITCHEN_SINK, rules: GOLDEN_RULES, ignoreBaseline: true }).report;
    expect(report.baseline?.scoreWithoutBaseline).toBe(without.score);
    expect(without.score).not.toBe(report.score);
    expect(text).toContain(`Score ${report.score}/100 (${report.grade}), ${without.score} without the baseline`);
  });
});
