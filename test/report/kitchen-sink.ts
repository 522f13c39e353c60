/**
 * The kitchen-sink fixture audited with a fixed rule set: the reference rule logs/file-transport and
 * one test-only rule that fires in Dockerfile, YAML and code alike. Other rules are left out, so
 * the golden files change only when the reporters (or these two rules) do.
 */
import { join } from 'node:path';
import { audit } from '../../src/audit.js';
import { defineRule } from '../../src/rule-kit/index.js';
import type { Report, Rule } from '../../src/types.js';
import { fileTransport } from '../../rules/logs/file-transport.js';
import { FIXTURES } from '../helpers/paths.js';

export const KITCHEN_SINK = join(FIXTURES, 'apps', 'kitchen-sink');

/** Flags `GOLDEN_SECRET=<value>` anywhere outside tests, masking the value. */
export const goldenMarker: Rule = defineRule<'marker'>({
  id: 'config/golden-marker',
  factor: 'config',
  defaultSeverity: 'error',
  title: 'Golden marker',
  description: 'Finds GOLDEN_SECRET assignments (a rule of the reporter tests).',
  fix: 'Remove the GOLDEN_SECRET assignment.',
  messages: { marker: 'GOLDEN_SECRET is set to {{value}}' },
  tags: ['security'],
  triggers: ['GOLDEN_SECRET='],
  appliesTo: () => true,
  check(context) {
    for (const file of context.candidates((candidate) => candidate.role !== 'test')) {
      (context.text(file.path) ?? '').split('\n').forEach((text, index) => {
        const match = /GOLDEN_SECRET=([\w-]+)/.exec(text);
        if (!match?.[1]) return;
        const column = match.index + 1;
        context.report({
          messageId: 'marker',
          data: { value: match[1] },
          secrets: [match[1]],
          file: file.path,
          line: index + 1,
          column,
          endLine: index + 1,
          endColumn: column + match[0].length,
        });
      });
    }
  },
});

export const GOLDEN_RULES: readonly Rule[] = [goldenMarker, fileTransport];

/**
 * The report with what varies between machines and runs fixed: the absolute root, the timing, and
 * where the root sits in git (a checkout without .git would otherwise change every SARIF URI).
 */
export function kitchenSinkReport(root = KITCHEN_SINK, options: { baselinePath?: string } = {}): Report {
  const { report } = audit({ root, rules: GOLDEN_RULES, ...options });
  return { ...report, root: '<root>', rootInRepository: 'fixtures/apps/kitchen-sink', stats: { ...report.stats, durationMs: 0 } };
}
