/**
 * What the config says about findings in particular files: `overrides` (a severity, or off, per
 * rule for some globs) and `rules[id].ignore` (globs where a rule's findings are suppressed).
 * Globs are repo-relative and gitignore-style, like the config's top-level `ignore`.
 */
import ignore, { type Ignore } from 'ignore';
import type { ResolvedConfig } from '../config/types.js';
import { milder } from '../severity.js';
import type { Finding, Severity, SeverityOrOff } from '../types.js';

function matcher(globs: readonly string[]): Ignore {
  return ignore({ ignorecase: false }).add([...globs]);
}

export class FileRules {
  private readonly overrides: { matches: Ignore; rules: Record<string, SeverityOrOff> }[];
  private readonly ignores: Map<string, { matches: Ignore; globs: readonly string[] }>;

  constructor(private readonly config: Pick<ResolvedConfig, 'rules' | 'overrides'>) {
    this.overrides = config.overrides.map((override) => ({ matches: matcher(override.files), rules: override.rules }));
    this.ignores = new Map(
      Object.entries(config.rules).flatMap(([id, setting]) =>
        setting.ignore && setting.ignore.length > 0 ? [[id, { matches: matcher(setting.ignore), globs: setting.ignore }] as const] : [],
      ),
    );
  }

  /** The severity `overrides` set for this rule in this file (the last matching entry wins), if any. */
  overrideFor(ruleId: string, file: string): SeverityOrOff | undefined {
    let chosen: SeverityOrOff | undefined;
    for (const override of this.overrides) {
      const severity = override.rules[ruleId];
      if (severity !== undefined && override.matches.ignores(file)) chosen = severity;
    }
    return chosen;
  }

  /** Whether the config turned this rule off for this file (globally or by an override). */
  isOff(ruleId: string, file: string): boolean {
    return (this.overrideFor(ruleId, file) ?? this.config.rules[ruleId]?.severity) === 'off';
  }

  /** The `rules[id].ignore` glob that covers this file, if any. */
  ignoreGlobFor(ruleId: string, file: string): string | undefined {
    const entry = this.ignores.get(ruleId);
    if (!entry?.matches.ignores(file)) return undefined;
    return entry.globs.find((glob) => matcher([glob]).ignores(file));
  }
}

/**
 * A finding's severity under an override. A rule may have lowered its own finding below the
 * configured severity (a weaker case); the override keeps that lowering and replaces the rest.
 */
export function overriddenSeverity(finding: Finding, configured: Severity, override: Severity): Severity {
  return finding.severity === configured ? override : milder(override, finding.severity);
}

/**
 * Applies `overrides` and `rules[id].ignore` to one rule's findings: drops those an override turns
 * off, re-levels those it changes, and marks as suppressed (external) those an ignore glob covers.
 */
export function applyFileRules(findings: readonly Finding[], configuredOf: (ruleId: string) => Severity, rules: FileRules): Finding[] {
  return findings.flatMap((finding) => {
    const override = rules.overrideFor(finding.ruleId, finding.file);
    if (override === 'off') return [];
    const severity = override === undefined ? finding.severity : overriddenSeverity(finding, configuredOf(finding.ruleId), override);
    const glob = rules.ignoreGlobFor(finding.ruleId, finding.file);
    const ignored = glob !== undefined && !finding.suppressed;
    return [
      {
        ...finding,
        severity,
        ...(ignored && { suppressed: true, suppression: { kind: 'external' as const, justification: `config rules["${finding.ruleId}"].ignore: ${glob}` } }),
      },
    ];
  });
}
