/**
 * Scoring, a pure function of rule results (see docs/scoring.md):
 * rule 0-10 -> factor = mean of applicable rules -> app = weighted mean of applicable factors x10
 * -> repository = minimum over apps. Not-applicable rules and factors leave every denominator.
 */
import { FACTORS } from '../factors.js';
import type { FactorResult, FactorSlug, Finding, RuleResult, Severity } from '../types.js';

/** Suppressed and baselined findings stay in the report but count for nothing. */
export function isOpen(finding: Finding): boolean {
  return !finding.suppressed && finding.baselined !== true;
}

/**
 * The share of a rule's score that survives one open finding. Multiplicative, so the first finding
 * of a rule costs the most (a factor that is violated at all is not "mostly fine"), every further
 * one still costs, and a score never rises when a finding is added.
 */
export const SEVERITY_KEEPS: Record<Severity, number> = { error: 0.3, warning: 0.5, note: 0.85 };

/** 10 × 0.3^errors × 0.5^warnings × 0.85^notes, rounded to one decimal. */
export function ruleScore(findings: readonly Finding[]): number {
  const kept = findings.filter(isOpen).reduce((product, finding) => product * SEVERITY_KEEPS[finding.severity], 1);
  return round(10 * kept, 1);
}

/** Fills in `score` and `status` from the (possibly suppressed or baselined) findings of applicable rules. */
export function scoreRule(result: RuleResult): RuleResult {
  if (result.status === 'n/a' || result.status === 'error') return { ...result, score: null };
  const open = result.findings.some(isOpen);
  return { ...result, status: open ? 'fail' : 'pass', score: ruleScore(result.findings) };
}

function mean(values: readonly { value: number; weight: number }[]): number | null {
  const total = values.reduce((sum, { weight }) => sum + weight, 0);
  if (total === 0) return null;
  return values.reduce((sum, { value, weight }) => sum + value * weight, 0) / total;
}

/** All twelve factors, each with its rules' results and the mean of the applicable ones. */
export function scoreFactors(
  results: readonly RuleResult[],
  factorOfRule: (ruleId: string) => FactorSlug,
  weights: Partial<Record<FactorSlug, number>>,
): FactorResult[] {
  return FACTORS.map((factor) => {
    const rules = results.filter((result) => factorOfRule(result.ruleId) === factor.slug).map(scoreRule);
    const scored = rules.flatMap((rule) => (rule.score === null ? [] : [{ value: rule.score, weight: 1 }]));
    const score = mean(scored);
    return { ...factor, score: score === null ? null : round(score, 1), weight: weights[factor.slug] ?? 1, rules };
  });
}

/** 0-100, or null when no factor applies. Uses the factors' rounded scores, so it can be recomputed from the report. */
export function appScore(factors: readonly FactorResult[]): number | null {
  const score = mean(factors.flatMap((factor) => (factor.score === null ? [] : [{ value: factor.score, weight: factor.weight }])));
  return score === null ? null : Math.round(score * 10);
}

/** The repository is only as good as its weakest app. */
export function repositoryScore(appScores: readonly (number | null)[]): number | null {
  const scored = appScores.filter((score): score is number => score !== null);
  return scored.length === 0 ? null : Math.min(...scored);
}

export function grade(score: number | null): string {
  if (score === null) return 'n/a';
  if (score >= 90) return 'A';
  if (score >= 80) return 'B';
  if (score >= 70) return 'C';
  if (score >= 60) return 'D';
  return 'F';
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
