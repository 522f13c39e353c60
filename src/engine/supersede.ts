import type { Finding, Rule, RuleResult } from '../types.js';

function locationKey(finding: Finding): string {
  return `${finding.file}\u0000${finding.line}\u0000${finding.column}`;
}

/** What a `supersedes` entry names: a whole rule (`rule/id`) or one of its messages (`rule/id#messageId`). */
function supersededKey(ruleId: string, messageId?: string): string {
  return messageId === undefined ? ruleId : `${ruleId}#${messageId}`;
}

/**
 * One location, one finding: drops a finding when another rule that declares it `supersedes`
 * that rule (or that message of it) reported the same file, line and column in the same app.
 */
export function dropSuperseded(results: readonly RuleResult[], rules: readonly Rule[]): RuleResult[] {
  const supersededBy = new Map<string, Set<string>>();
  for (const rule of rules) {
    for (const weaker of rule.supersedes ?? []) {
      const stronger = supersededBy.get(weaker) ?? new Set<string>();
      stronger.add(rule.id);
      supersededBy.set(weaker, stronger);
    }
  }
  const strongerThan = (finding: Finding): string[] => [
    ...(supersededBy.get(supersededKey(finding.ruleId)) ?? []),
    ...(supersededBy.get(supersededKey(finding.ruleId, finding.messageId)) ?? []),
  ];
  const claimed = new Map<string, Set<string>>();
  for (const result of results) {
    for (const finding of result.findings) {
      const key = locationKey(finding);
      const rulesHere = claimed.get(key) ?? new Set<string>();
      rulesHere.add(finding.ruleId);
      claimed.set(key, rulesHere);
    }
  }
  return results.map((result) => {
    const findings = result.findings.filter((finding) => {
      const rulesHere = claimed.get(locationKey(finding));
      return !strongerThan(finding).some((id) => rulesHere?.has(id));
    });
    if (findings.length === result.findings.length) return result;
    return { ...result, findings, status: findings.length > 0 ? 'fail' : 'pass' };
  });
}
