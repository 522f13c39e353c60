import type { Finding, Rule, RuleResult } from '../types.js';

function locationKey(finding: Finding): string {
  return `${finding.file}\u0000${finding.line}\u0000${finding.column}`;
}

/**
 * One location, one finding: drops a finding when another rule that declares it `supersedes`
 * that rule reported the same file, line and column in the same app.
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
    const stronger = supersededBy.get(result.ruleId);
    if (!stronger) return result;
    const findings = result.findings.filter((finding) => {
      const rulesHere = claimed.get(locationKey(finding));
      return ![...stronger].some((id) => rulesHere?.has(id));
    });
    if (findings.length === result.findings.length) return result;
    return { ...result, findings, status: findings.length > 0 ? 'fail' : 'pass' };
  });
}
