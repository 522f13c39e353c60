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
  const { failOn } = config;
  if (failOn !== 'none') {
    const failing = report.findings.filter((finding) => isOpen(finding) && atLeast(finding.severity, failOn));
    if (failing.length > 0) {
      reasons.push(`${failing.length} finding${failing.length === 1 ? '' : 's'} at or above --fail-on ${failOn}`);
    }
  }
  return { passed: reasons.length === 0, reasons };
}
