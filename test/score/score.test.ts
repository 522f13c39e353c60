import { describe, expect, it } from 'vitest';
import { appDeductions, grade, repositoryScore, ruleDeduction, scoreFactors, scoreRule, type ScoringInput } from '../../src/score/score.js';
import type { Finding, FactorSlug, RuleResult, ScoreCap, Severity } from '../../src/types.js';

function finding(severity: Severity, options: { suppressed?: boolean; messageId?: string; baselined?: boolean } = {}): Finding {
  return {
    ruleId: 'logs/x', factor: 11, severity, messageId: options.messageId ?? 'm', message: 'm', file: 'a.js', line: 1, column: 1,
    docs: 'docs/rules/logs/x.md', app: 'a', fingerprint: '0'.repeat(32), suppressed: options.suppressed ?? false,
    ...(options.baselined && { baselined: true }),
  };
}

function result(ruleId: string, status: RuleResult['status'], findings: Finding[] = [], unanalysed?: string[]): RuleResult {
  return { ruleId, status, score: null, findings, ...(unanalysed && { unanalysed }) };
}

function input(results: RuleResult[], weights: Partial<Record<FactorSlug, number>> = {}, caps: Record<string, ScoreCap> = {}): ScoringInput {
  return {
    results,
    factorOf: (id) => id.split('/')[0] as FactorSlug,
    severityOf: () => 'error',
    capOf: (id, messageId) => caps[`${id}:${messageId}`],
    weights,
  };
}

describe('ruleDeduction', () => {
  it('costs 12, 4 and 1 points for the first error, warning and note, each further finding half the one before, gravest first', () => {
    expect(ruleDeduction(result('logs/x', 'pass'))).toBe(0);
    expect(ruleDeduction(result('logs/x', 'fail', [finding('error')]))).toBe(12);
    expect(ruleDeduction(result('logs/x', 'fail', [finding('note'), finding('warning')]))).toBe(4 + 0.5);
    expect(ruleDeduction(result('logs/x', 'fail', [finding('error'), finding('error'), finding('error')]))).toBe(12 + 6 + 3);
  });

  it('is bounded by twice the first finding however many there are', () => {
    expect(ruleDeduction(result('logs/x', 'fail', Array.from({ length: 50 }, () => finding('error'))))).toBeLessThanOrEqual(24);
  });

  it('ignores suppressed and baselined findings', () => {
    expect(ruleDeduction(result('logs/x', 'fail', [finding('error', { suppressed: true }), finding('error', { baselined: true })]))).toBe(0);
  });

  it('never falls when a finding is added, whatever its severity', () => {
    const findings: Finding[] = [];
    let previous = 0;
    for (const severity of ['note', 'warning', 'error', 'note', 'error', 'error', 'warning'] as const) {
      findings.push(finding(severity));
      const next = ruleDeduction(result('logs/x', 'fail', findings));
      expect(next).toBeGreaterThan(previous);
      previous = next;
    }
  });

  it('charges a crashed rule its worst case and an incomplete rule one note', () => {
    expect(ruleDeduction(result('logs/x', 'error'), 'error')).toBe(18);
    expect(ruleDeduction(result('logs/x', 'error'), 'warning')).toBe(6);
    expect(ruleDeduction(result('logs/x', 'pass', [], ['broken.js']))).toBe(1);
    expect(ruleDeduction(result('logs/x', 'n/a'))).toBe(0);
  });
});

describe('scoreRule', () => {
  it('keeps n/a and crashed rules without a score', () => {
    expect(scoreRule(result('logs/x', 'n/a')).score).toBeNull();
    expect(scoreRule(result('logs/x', 'error')).score).toBeNull();
  });

  it('scores 10 less one point per two points deducted, and marks a rule whose only findings are suppressed as passing', () => {
    expect(scoreRule(result('logs/x', 'fail', [finding('warning')]))).toMatchObject({ status: 'fail', score: 8 });
    expect(scoreRule(result('logs/x', 'fail', [finding('error', { suppressed: true })]))).toMatchObject({ status: 'pass', score: 10 });
  });
});

describe('factor scores', () => {
  it('returns all twelve factors, scores each from its rules\' deductions and leaves n/a out', () => {
    const factors = scoreFactors(input([result('logs/a', 'fail', [finding('warning')]), result('logs/b', 'pass'), result('logs/c', 'n/a'), result('config/a', 'n/a')]));
    expect(factors).toHaveLength(12);
    expect(factors.find((factor) => factor.slug === 'logs')?.score).toBe(8);
    expect(factors.find((factor) => factor.slug === 'config')?.score).toBeNull();
    expect(factors.find((factor) => factor.slug === 'codebase')?.score).toBeNull();
  });

  it('floors at 0', () => {
    const factors = scoreFactors(input([result('config/a', 'fail', [finding('error')]), result('config/b', 'fail', [finding('warning')])]));
    expect(factors.find((factor) => factor.slug === 'config')?.score).toBe(2);
    const worse = scoreFactors(input([result('config/a', 'fail', [finding('error'), finding('error')]), result('config/b', 'fail', [finding('error'), finding('error')])]));
    expect(worse.find((factor) => factor.slug === 'config')?.score).toBe(0);
  });
});

describe('app score', () => {
  it('is 100 less the points of every rule, listing the rules gravest first', () => {
    const deductions = appDeductions(input([
      result('logs/a', 'fail', [finding('warning')]),
      result('config/a', 'fail', [finding('error'), finding('note')]),
      result('disposability/a', 'pass'),
    ]));
    expect(deductions.score).toBe(Math.round(100 - 4 - 12.5));
    expect(deductions.rules).toEqual([{ ruleId: 'config/a', points: 12.5 }, { ruleId: 'logs/a', points: 4 }]);
    expect(deductions.cap).toBeUndefined();
  });

  it('weights a factor\'s points and treats weight 0 as left out', () => {
    const results = [result('logs/a', 'fail', [finding('error')]), result('config/a', 'fail', [finding('warning')])];
    expect(appDeductions(input(results)).score).toBe(84);
    expect(appDeductions(input(results, { logs: 2 })).score).toBe(72);
    expect(appDeductions(input(results, { logs: 0 })).score).toBe(96);
  });

  it('is scaled down to the cap of an open error that carries one, says which, and keeps the order among capped apps', () => {
    const caps: Record<string, ScoreCap> = { 'config/creds:secretLiteral': 'literal-secret' };
    const secret = finding('error', { messageId: 'secretLiteral' });
    const deductions = appDeductions(input([result('config/creds', 'fail', [secret])], {}, caps));
    expect(deductions).toMatchObject({ score: 35, uncapped: 88, cap: { kind: 'literal-secret', max: 40, ruleId: 'config/creds', file: 'a.js', line: 1 } });
    const worse = appDeductions(input([result('config/creds', 'fail', [secret]), result('logs/a', 'fail', [finding('error')])], {}, caps));
    expect(worse.score).toBe(30);
    expect(appDeductions(input([result('config/creds', 'pass')], {}, caps)).score).toBe(100);
  });

  it('carries no cap for a capped message lowered to a note, or suppressed', () => {
    const caps: Record<string, ScoreCap> = { 'config/creds:secretLiteral': 'literal-secret' };
    const note = finding('note', { messageId: 'secretLiteral' });
    const suppressed = finding('error', { messageId: 'secretLiteral', suppressed: true });
    expect(appDeductions(input([result('config/creds', 'fail', [note])], {}, caps)).cap).toBeUndefined();
    expect(appDeductions(input([result('config/creds', 'fail', [suppressed])], {}, caps))).toMatchObject({ score: 100 });
  });

  it('floors at 0 and is null when nothing applies', () => {
    const many = Array.from({ length: 12 }, (_, index) => result(`config/r${index}`, 'fail', [finding('error')]));
    expect(appDeductions(input(many)).score).toBe(0);
    expect(appDeductions(input([result('logs/a', 'n/a')])).score).toBeNull();
  });

  it('reproduces the worked example of docs/scoring.md', () => {
    const caps: Record<string, ScoreCap> = { 'config/hardcoded-credentials:secretLiteral': 'literal-secret' };
    const results = [
      result('config/hardcoded-credentials', 'fail', [finding('error', { messageId: 'secretLiteral' })]),
      result('config/hardcoded-endpoints', 'fail', [finding('warning'), finding('warning')]),
      result('logs/file-transport', 'fail', [finding('warning')]),
      result('disposability/sigterm-handler', 'fail', [finding('warning')]),
      result('dependencies/lockfile', 'pass'),
      result('codebase/out-of-repo-code', 'n/a'),
    ];
    const deductions = appDeductions(input(results, {}, caps));
    expect(deductions).toMatchObject({ score: 30, uncapped: 74 });
    const withoutSecret = appDeductions(input(results.slice(1), {}, caps));
    expect(withoutSecret.score).toBe(86);
    expect(appDeductions(input(results.slice(1), { config: 2 }, caps)).score).toBe(80);
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
