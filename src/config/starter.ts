/**
 * The commented `.twelve-audit.yml` that `twelve-audit init` writes: every key explained, the
 * defaults spelled out, every rule listed (commented out) so turning one off is one keystroke.
 */
import { FACTORS } from '../factors.js';
import { SCHEMA_URL } from '../meta.js';
import { DEFAULT_CONFIG } from './types.js';

export { SCHEMA_URL };

export interface StarterRule {
  id: string;
  defaultSeverity: string;
  description: string;
}

export function starterConfig(rules: readonly StarterRule[]): string {
  const lines = [
    `# yaml-language-server: $schema=${SCHEMA_URL}`,
    '#',
    '# twelve-audit configuration. Every key is optional; uncommented values are the defaults.',
    '# Reference: docs/configuration.md in the twelve-audit package.',
    '',
    '# Fail (exit 1) when the repository score (0-100) is below this. Unset: the score never fails.',
    '# --min-score overrides it.',
    '# minScore: 80',
    '',
    '# Fail (exit 1) when an unsuppressed finding at or above this severity appears:',
    '# error, warning, note, or none. --fail-on overrides it.',
    `failOn: ${DEFAULT_CONFIG.failOn}`,
    '',
    '# Extra globs (repo-relative) to leave out of the audit, on top of .gitignore and the',
    '# built-in ignores (node_modules, build output, vendored and minified files).',
    'ignore:',
    '  # - "examples/**"',
    '',
    '# Files larger than this many bytes are skipped (and listed as skipped in the report).',
    `maxFileSize: ${DEFAULT_CONFIG.maxFileSize}`,
    '',
    '# true: an inline suppression only counts with a reason after `--`, e.g.',
    '#   // twelve-audit-ignore-next-line config/hardcoded-credentials -- test fixture',
    `requireSuppressionReason: ${DEFAULT_CONFIG.requireSuppressionReason}`,
    '',
    '# Findings recorded in this baseline file (written by `twelve-audit baseline`) count as suppressed.',
    '# baseline: .twelve-audit-baseline.json',
    '',
    '# Relative weight of each factor in the score; unlisted factors weigh 1, 0 leaves one out.',
    'weights:',
    ...FACTORS.map((factor) => `  # ${factor.slug}: 1`),
    '',
    '# Severities for some files only; later entries win.',
    'overrides:',
    '  # - files: ["scripts/**", "**/*.test.ts"]',
    '  #   rules:',
    '  #     config/hardcoded-credentials: off',
    '',
    '# Per rule: off, error, warning, note, or { severity, options, ignore: [globs] }.',
    '# Each rule is listed with its default severity; uncomment a line to change it.',
    'rules:',
    ...ruleLines(rules),
  ];
  return `${lines.join('\n')}\n`;
}

/** One commented line per rule, grouped by factor in the order the rules come. */
function ruleLines(rules: readonly StarterRule[]): string[] {
  const width = Math.max(0, ...rules.map((rule) => `${rule.id}: ${rule.defaultSeverity}`.length));
  const groups = new Map<string, StarterRule[]>();
  for (const rule of rules) {
    const slug = rule.id.split('/')[0]!;
    groups.set(slug, [...(groups.get(slug) ?? []), rule]);
  }
  const lines: string[] = [];
  for (const [slug, members] of groups) {
    const factor = FACTORS.find((candidate) => candidate.slug === slug);
    if (lines.length > 0) lines.push('');
    lines.push(`  # ${factor ? `${factor.number}. ${factor.title}` : slug}`);
    for (const rule of members) {
      const setting = `${rule.id}: ${rule.defaultSeverity}`.padEnd(width);
      lines.push(`  # ${setting}  # ${rule.description.replace(/\s+/g, ' ').trim()}`);
    }
  }
  return lines;
}
