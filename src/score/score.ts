/**
 * Scoring, a pure function of rule results (see docs/scoring.md). An app starts at 100 and every open
 * finding costs points by its severity, the first finding of a rule the most; a few findings cap the
 * score whatever else passes (a literal secret makes an app fail, as a reviewer would). Factor and
 * rule scores (0-10) are the same deductions on a smaller scale, so every number in the report can be
 * recomputed from the findings. Not-applicable rules cost nothing and are never counted as a pass.
 */
import { FACTORS } from '../factors.js';
import type { AppDeductions, FactorResult, FactorSlug, Finding, RuleResult, ScoreCap, Severity } from '../types.js';

/** Suppressed and baselined findings stay in the report but count for nothing. */
export function isOpen(finding: Finding): boolean {
  return !finding.suppressed && finding.baselined !== true;
}

/** Points of 100 the first open finding of a rule costs, by severity. */
export const SEVERITY_POINTS: Record<Severity, number> = { error: 12, warning: 4, note: 1 };

/**
 * Each further finding of the same rule costs half the one before it (gravest first): ten copies of a
 * mistake are worse than one, but not ten times worse, and a rule costs at most twice its first finding.
 */
export const REPEAT_DECAY = 0.5;

/** A factor's (and a rule's) 0-10 score loses one point per this many points of deduction. */
export const POINTS_PER_FACTOR_POINT = 2;

/**
 * The highest score an app can have while it holds an open error of this kind, whatever else passes
 * (SSL Labs' grade caps). The score is scaled down to it rather than cut at it, so apps that carry the
 * same cap still rank by everything else. Rules name the messages that carry a cap; a finding lowered
 * to a warning or a note (a test file, a config override) carries none.
 */
export const SCORE_CAPS: Record<ScoreCap, { max: number; why: string }> = {
  'literal-secret': { max: 40, why: 'a credential is committed in the code or its config' },
};

/**
 * A rule that crashed on the app costs as much as its worst case (it may have hidden anything); a rule
 * that could not analyse some of the app's files costs one note: it did not pass, it is incomplete.
 */
const CRASHED_RULE_FINDINGS = 2;

export interface ScoringInput {
  results: readonly RuleResult[];
  factorOf(ruleId: string): FactorSlug;
  /** The configured severity of a rule (what a crash of it costs). */
  severityOf(ruleId: string): Severity;
  /** The cap an open finding of this rule and message carries, if any. */
  capOf(ruleId: string, messageId: string): ScoreCap | undefined;
  weights: Partial<Record<FactorSlug, number>>;
  /** Set when the app must not be scored (see `AppDeductions.unscored`). */
  unscored?: string;
}

/** Points one rule costs: gravest finding first, each further one decaying. 0 for n/a and passing rules. */
export function ruleDeduction(result: RuleResult, severity: Severity = 'warning'): number {
  if (result.status === 'n/a') return 0;
  if (result.status === 'error') return geometric(Array.from({ length: CRASHED_RULE_FINDINGS }, () => SEVERITY_POINTS[severity]));
  const points = result.findings
    .filter(isOpen)
    .map((finding) => SEVERITY_POINTS[finding.severity])
    .sort((a, b) => b - a);
  if ((result.unanalysed?.length ?? 0) > 0) points.push(SEVERITY_POINTS.note);
  return geometric(points);
}

function geometric(pointsGravestFirst: readonly number[]): number {
  return pointsGravestFirst.reduce((sum, points, index) => sum + points * REPEAT_DECAY ** index, 0);
}

/** 0-10 from points deducted, one decimal. */
function tenScale(points: number): number {
  return round(Math.max(0, 10 - points / POINTS_PER_FACTOR_POINT), 1);
}

/** Fills in `score` and `status` from the (possibly suppressed or baselined) findings of an applicable rule. */
export function scoreRule(result: RuleResult, severity?: Severity): RuleResult {
  if (result.status === 'n/a' || result.status === 'error') return { ...result, score: null };
  const open = result.findings.some(isOpen);
  return { ...result, status: open ? 'fail' : 'pass', score: tenScale(ruleDeduction(result, severity)) };
}

/** All twelve factors, each with its rules' results and its score on the 0-10 scale. */
export function scoreFactors(input: ScoringInput): FactorResult[] {
  return FACTORS.map((factor) => {
    const own = input.results.filter((result) => input.factorOf(result.ruleId) === factor.slug);
    const rules = own.map((result) => scoreRule(result, input.severityOf(result.ruleId)));
    const applicable = own.filter((result) => result.status !== 'n/a');
    const points = applicable.reduce((sum, result) => sum + ruleDeduction(result, input.severityOf(result.ruleId)), 0);
    const score = applicable.length === 0 ? null : tenScale(points);
    return { ...factor, score, weight: input.weights[factor.slug] ?? 1, rules };
  });
}

/**
 * What the app's score is made of: the points each rule cost (weighted by its factor, gravest first)
 * and the cap that applies, if any. `score` is null when no rule applies to the app or it is unscored.
 */
export function appDeductions(input: ScoringInput): AppDeductions {
  const weightOf = (ruleId: string) => input.weights[input.factorOf(ruleId)] ?? 1;
  const applicable = input.results.filter((result) => result.status !== 'n/a' && weightOf(result.ruleId) > 0);
  const rules = applicable
    .map((result) => ({
      ruleId: result.ruleId,
      points: round(ruleDeduction(result, input.severityOf(result.ruleId)) * weightOf(result.ruleId), 1),
    }))
    .filter((entry) => entry.points > 0)
    .sort((a, b) => b.points - a.points || (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0));
  const cap = gravestCap(applicable, input);
  if (input.unscored !== undefined) return { score: null, unscored: input.unscored, rules, ...(cap && { cap }) };
  if (applicable.length === 0) return { score: null, rules, ...(cap && { cap }) };
  const total = rules.reduce((sum, entry) => sum + entry.points, 0);
  const uncapped = Math.max(0, Math.round(100 - total));
  return { score: cap ? Math.round((uncapped * cap.max) / 100) : uncapped, uncapped, rules, ...(cap && { cap }) };
}

function gravestCap(results: readonly RuleResult[], input: ScoringInput): AppDeductions['cap'] {
  let gravest: AppDeductions['cap'];
  for (const result of results) {
    for (const finding of result.findings.filter((candidate) => isOpen(candidate) && candidate.severity === 'error')) {
      const kind = input.capOf(result.ruleId, finding.messageId);
      if (kind === undefined) continue;
      const { max, why } = SCORE_CAPS[kind];
      if (gravest === undefined || max < gravest.max) gravest = { kind, max, why, ruleId: result.ruleId, file: finding.file, line: finding.line };
    }
  }
  return gravest;
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
