import { describe, expect, it } from 'vitest';
import { appScore, grade, repositoryScore, ruleScore, scoreFactors, scoreRule } from '../../src/score/score.js';
import type { Finding, FactorSlug, RuleResult, Severity } from '../../src/types.js';

function finding(severity: Severity, suppressed = false): Finding {
  return {
    ruleId: 'logs/x', factor: 11, severity, messageId: 'm', message: 'm', file: 'a.js', line: 1, column: 1,
    docs: 'docs/rules/logs/x.md', app: 'a', fingerprint: '0'.repeat(32), suppressed,
  };
}

function result(ruleId: string, status: RuleResult['status'], findings: Finding[] = []): RuleResult {
  return { ruleId, status, score: null, findings };
}

describe('ruleScore', () => {
  it('keeps 30% per error, 50% per warning, 85% per note of 10, rounded to one decimal', () => {
    expect(ruleScore([])).toBe(10);
    expect(ruleScore([finding('error')])).toBe(3);
    expect(ruleScore([finding('warning'), finding('note')])).toBe(4.3);
    expect(ruleScore([finding('error'), finding('error'), finding('error')])).toBe(0.3);
    expect(ruleScore(Array.from({ length: 12 }, () => finding('error')))).toBe(0);
  });

  it('ignores suppressed findings', () => {
    expect(ruleScore([finding('error', true)])).toBe(10);
  });

  it('never rises when a finding is added', () => {
    const findings: Finding[] = [];
    let previous = ruleScore(findings);
    for (const severity of ['note', 'warning', 'error', 'note', 'error', 'error', 'warning'] as const) {
      findings.push(finding(severity));
      const next = ruleScore(findings);
      expect(next).toBeLessThanOrEqual(previous);
      previous = next;
    }
  });
});

describe('scoreRule', () => {
  it('keeps n/a and crashed rules without a score', () => {
    expect(scoreRule(result('logs/x', 'n/a')).score).toBeNull();
    expect(scoreRule(result('logs/x', 'error')).score).toBeNull();
  });

  it('marks a rule whose only findings are suppressed as passing', () => {
    expect(scoreRule(result('logs/x', 'fail', [finding('error', true)]))).toMatchObject({ status: 'pass', score: 10 });
  });
});

describe('factor and app scores', () => {
  const factorOf = (id: string) => id.split('/')[0] as FactorSlug;

  it('averages applicable rules per factor, leaves n/a out, and returns all twelve factors', () => {
    const factors = scoreFactors(
      [result('logs/a', 'fail', [finding('warning')]), result('logs/b', 'pass'), result('logs/c', 'n/a'), result('config/a', 'n/a')],
      factorOf,
      {},
    );
    expect(factors).toHaveLength(12);
    expect(factors.find((factor) => factor.slug === 'logs')?.score).toBe(7.5);
    expect(factors.find((factor) => factor.slug === 'config')?.score).toBeNull();
    expect(factors.find((factor) => factor.slug === 'codebase')?.score).toBeNull();
    expect(appScore(factors)).toBe(75);
  });

  it('weights factors and treats weight 0 as left out', () => {
    const results = [result('logs/a', 'fail', [finding('error')]), result('config/a', 'pass')];
    expect(appScore(scoreFactors(results, factorOf, {}))).toBe(65);
    expect(appScore(scoreFactors(results, factorOf, { config: 3 }))).toBe(83);
    expect(appScore(scoreFactors(results, factorOf, { logs: 0 }))).toBe(100);
  });

  it('is null when nothing applies', () => {
    expect(appScore(scoreFactors([result('logs/a', 'n/a')], factorOf, {}))).toBeNull();
  });

  it('reproduces the worked example of docs/scoring.md', () => {
    const results = [
      result('config/a', 'fail', [finding('error')]),
      result('config/b', 'fail', [finding('warning'), finding('warning')]),
      result('config/c', 'fail', [finding('note')]),
      result('logs/a', 'fail', [finding('warning')]),
      result('logs/b', 'pass'),
      result('disposability/a', 'fail', [finding('warning')]),
      result('disposability/b', 'pass'),
      ...(['dependencies', 'build-release-run', 'processes', 'port-binding', 'concurrency'] as const).map((slug) => result(`${slug}/a`, 'pass')),
      result('codebase/a', 'n/a'),
    ];
    expect(appScore(scoreFactors(results, factorOf, {}))).toBe(87);
    expect(appScore(scoreFactors(results, factorOf, { config: 3 }))).toBe(79);
  });
});

describe('repository score and grade', () => {
  it('is the minimum over apps, ignoring apps without a score', () => {
    expect(repositoryScore([90, 72, null])).toBe(72);
    expect(repositoryScore([null])).toBeNull();
  });

  it('maps scores to letter grades', () => {
    expect([100, 90, 89, 80, 79, 70, 60, 59, 0].map(grade)).toEqual(['A', 'A', 'B', 'B', 'C', 'C', 'D', 'F', 'F']);
    expect(grade(null)).toBe('n/a');
  });
});
