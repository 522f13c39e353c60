/**
 * What to fix first: the open errors, then warnings, grouped by rule (each rule once), the rule that
 * costs the most points first. Shared by the human-facing reporters.
 */
import { severityRank } from '../severity.js';
import type { Finding, Report, Severity } from '../types.js';

export interface Priority {
  ruleId: string;
  severity: Severity;
  /** Points of the score this rule costs, summed over the apps (0 for twelve-audit's own checks). */
  points: number;
  findings: Finding[];
}

/** Points each rule costs, summed over the apps. */
export function pointsByRule(report: Report): Map<string, number> {
  const points = new Map<string, number>();
  for (const app of report.apps) {
    for (const deduction of app.deductions?.rules ?? []) points.set(deduction.ruleId, (points.get(deduction.ruleId) ?? 0) + deduction.points);
  }
  return points;
}

/** The listed findings' errors and warnings by rule, gravest severity first, then most points, then most findings. */
export function fixFirst(report: Report, listed: readonly Finding[]): Priority[] {
  const points = pointsByRule(report);
  const byRule = new Map<string, Priority>();
  for (const finding of listed) {
    if (finding.severity === 'note') continue;
    const entry = byRule.get(finding.ruleId);
    if (!entry) {
      byRule.set(finding.ruleId, { ruleId: finding.ruleId, severity: finding.severity, points: points.get(finding.ruleId) ?? 0, findings: [finding] });
      continue;
    }
    entry.findings.push(finding);
    if (severityRank(finding.severity) > severityRank(entry.severity)) entry.severity = finding.severity;
  }
  return [...byRule.values()].sort(
    (a, b) =>
      severityRank(b.severity) - severityRank(a.severity) ||
      b.points - a.points ||
      b.findings.length - a.findings.length ||
      (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
  );
}

/** `12`, `5.8`: points as the reports print them. */
export function formatPoints(points: number): string {
  return Number.isInteger(points) ? String(points) : points.toFixed(1);
}
