import { isOpen } from '../score/score.js';
import { atLeast } from '../severity.js';
import type { Finding } from '../types.js';
import type { ReporterOptions } from './types.js';

/** The findings a human-facing reporter lists: open (not suppressed or baselined), and with --quiet only those that fail the run. */
export function visibleFindings(findings: readonly Finding[], options: ReporterOptions): Finding[] {
  return findings.filter(
    (finding) =>
      isOpen(finding) &&
      (!options.quiet || (options.failOn !== 'none' && atLeast(finding.severity, options.failOn))),
  );
}
