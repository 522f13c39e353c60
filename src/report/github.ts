/**
 * GitHub Actions workflow commands: each finding an `::error`/`::warning`/`::notice` annotation on its
 * line, shown on the pull request's changed files without code scanning (private repositories, forks).
 */
import type { Severity } from '../types.js';
import type { Reporter } from './types.js';
import { pathFromRepositoryTop } from './uri.js';
import { visibleFindings } from './visible.js';

const COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'notice' };

/** The message part of a workflow command: `%`, CR and LF escaped, so text from the repository cannot start a command of its own. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value: also `:` and `,`, which separate properties. */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

export const githubReporter: Reporter = (report, options) => {
  const lines = visibleFindings(report.findings, options).map((finding) => {
    const properties = [
      `file=${escapeProperty(pathFromRepositoryTop(finding.file, report.rootInRepository))}`,
      `line=${finding.line}`,
      `col=${finding.column}`,
      ...(finding.endLine !== undefined ? [`endLine=${finding.endLine}`] : []),
      ...(finding.endColumn !== undefined && finding.endLine === finding.line ? [`endColumn=${finding.endColumn}`] : []),
      `title=${escapeProperty(`twelve-audit ${finding.ruleId}`)}`,
    ];
    const fix = finding.help ? `\nFix: ${finding.help}` : '';
    return `::${COMMAND[finding.severity]} ${properties.join(',')}::${escapeData(`${finding.message}${fix}`)}`;
  });
  const score = report.score === null ? 'n/a' : `${report.score}/100`;
  lines.push(`::notice title=twelve-audit::${escapeData(`Twelve-factor score ${score} (${report.grade}), ${lines.length} findings`)}`);
  return `${lines.join('\n')}\n`;
};
