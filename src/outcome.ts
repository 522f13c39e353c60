import type { ResolvedConfig } from './config/types.js';
import { isOpen } from './score/score.js';
import { atLeast } from './severity.js';
import type { Report } from './types.js';

export interface Outcome {
  passed: boolean;
  /** Why the run failed, one sentence each; empty when it passed. */
  reasons: string[];
}

/** Whether the report meets the thresholds: score at or above minScore, no open (unsuppressed, not baselined) finding at or above failOn. */
export function judge(report: Report, config: Pick<ResolvedConfig, 'minScore' | 'failOn'>): Outcome {
  const reasons: string[] = [];
  if (config.minScore !== undefined && report.score !== null && report.score < config.minScore) {
    reasons.push(`score ${report.score} is below --min-score ${config.minScore}`);
  }
  // A threshold the run cannot check is not met: no score, or a rule that could not run.
  if (config.minScore !== undefined && report.score === null) {
    reasons.push(`no score to compare with --min-score ${config.minScore} (no rule applies or could run)`);
  }
  const crashed = new Set(report.apps.flatMap((app) => app.factors.flatMap((factor) => factor.rules.filter((rule) => rule.status === 'error').map((rule) => rule.ruleId))));
  if (crashed.size > 0 && (config.minScore !== undefined || config.failOn !== 'none')) {
    reasons.push(`${crashed.size} rule${crashed.size === 1 ? '' : 's'} could not run (${[...crashed].sort().join(', ')}); see the errors in the report`);
  }
  const { failOn } = config;
  if (failOn !== 'none') {
    const failing = report.findings.filter((finding) => isOpen(finding) && atLeast(finding.severity, failOn));
    if (failing.length > 0) {
      reasons.push(`${failing.length} finding${failing.length === 1 ? '' : 's'} at or above --fail-on ${failOn}`);
    }
  }
  return { passed: reasons.length === 0, reasons };
}
