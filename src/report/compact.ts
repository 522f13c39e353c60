/** One line per finding, `file:line:col: severity message [rule]`, like ESLint's compact/unix formats: for grep and editors. */
import type { Reporter } from './types.js';
import { visibleFindings } from './visible.js';

/** A line break inside a message would read as a second finding. */
function oneLine(text: string): string {
  return text.replace(/[\r\n\u2028\u2029]+/g, ' ');
}

export const compactReporter: Reporter = (report, options) =>
  visibleFindings(report.findings, options)
    .map((finding) => `${oneLine(finding.file)}:${finding.line}:${finding.column}: ${finding.severity} ${oneLine(finding.message)} [${finding.ruleId}]\n`)
    .join('');
