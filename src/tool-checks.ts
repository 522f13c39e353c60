/**
 * twelve-audit's own checks: findings about how the tool is used (suppression comments), not about
 * the twelve factors. They have rule-like ids so SARIF, config and baselines treat them like rules,
 * but belong to no factor (factor 0) and never enter a score.
 */
import { ruleDocsPath, ruleDocsUrl } from './meta.js';
import type { RuleInfo, Severity } from './types.js';

export interface ToolCheck {
  id: string;
  title: string;
  description: string;
  fix: string;
  defaultSeverity: Severity;
  messages: Record<string, string>;
  helpMarkdown: string;
}

export const UNUSED_SUPPRESSION: ToolCheck = {
  id: 'twelve-audit/unused-suppression',
  title: 'Unused suppression',
  description: 'A twelve-audit-ignore comment that suppresses no finding.',
  fix: 'Delete the comment, or correct its rule id or position.',
  defaultSeverity: 'note',
  messages: {
    unused: 'Unused suppression: no {{rule}} finding on {{lines}}',
    unusedAll: 'Unused suppression: no finding on {{lines}}',
  },
  helpMarkdown: [
    'A `twelve-audit-ignore` comment names a rule that reports nothing on the lines it covers: the',
    'problem was fixed, the code moved, or the rule id is wrong. Stale suppressions hide the next real',
    'finding on that line, so they are reported.',
    '',
    '**How to fix:** delete the comment, or move it next to the finding it is meant for.',
  ].join('\n'),
};

export const INVALID_SUPPRESSION: ToolCheck = {
  id: 'twelve-audit/invalid-suppression',
  title: 'Invalid suppression',
  description: 'A twelve-audit-ignore comment without a reason or naming an unknown rule; it suppresses nothing.',
  fix: 'Name an existing rule id and give a reason after `--`.',
  defaultSeverity: 'warning',
  messages: {
    missingReason: 'Suppression without a reason suppresses nothing: add `-- <why>` after the rule id',
    unknownRule: 'Suppression names unknown rule "{{rule}}"{{suggestion}}',
  },
  helpMarkdown: [
    'Suppressions must say why (`// twelve-audit-ignore-next-line config/hardcoded-credentials -- test key,',
    'revoked`), so a reviewer can judge them later; a comment without a reason, or naming a rule that',
    'does not exist, is ignored and reported instead. Set `requireSuppressionReason: false` in the',
    'config to accept suppressions without a reason.',
    '',
    '**How to fix:** add `-- <reason>` after the rule ids, and check the ids with `twelve-audit rules`.',
  ].join('\n'),
};

export const TOOL_CHECKS: readonly ToolCheck[] = [UNUSED_SUPPRESSION, INVALID_SUPPRESSION];

export const TOOL_CHECK_IDS: readonly string[] = TOOL_CHECKS.map((check) => check.id);

export function toolCheckInfo(check: ToolCheck, severity: Severity): RuleInfo {
  return {
    id: check.id,
    factor: 0,
    title: check.title,
    description: check.description,
    fix: check.fix,
    severity,
    tags: ['twelve-audit'],
    docs: ruleDocsPath(check.id),
    helpUri: ruleDocsUrl(check.id),
    helpText: `${check.description}\n\nHow to fix: ${check.fix}\n\nDocumentation: ${ruleDocsUrl(check.id)}`,
    helpMarkdown: check.helpMarkdown,
  };
}
