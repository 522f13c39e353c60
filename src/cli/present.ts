/**
 * What a finished audit shows and how the run ends: the report in every asked-for format, the summary
 * line on stderr, and the exit code. Shared by a fresh audit and a result the cache gave back.
 */
import type { AuditResult } from '../audit.js';
import { judge } from '../outcome.js';
import { selectApp } from '../report/select.js';
import { isOpen } from '../score/score.js';
import type { Report } from '../types.js';
import { useColor } from './color.js';
import type { AuditFlags } from './commands.js';
import type { Io } from './io.js';
import { githubLinkBase, writeOutputs, type OutputTarget } from './outputs.js';
import { timingText } from './timing.js';

export function present(audited: AuditResult, flags: AuditFlags, targets: readonly OutputTarget[], io: Io): number {
  if (audited.timing) io.stderr.write(timingText(audited.timing));
  const { config } = audited;
  const report = flags.app === undefined ? audited.report : selectApp(audited.report, flags.app);
  // A base given without its trailing slash would glue the path onto its last segment.
  const linkBase = flags.linkBase === undefined ? githubLinkBase(io.env) : flags.linkBase.replace(/\/?$/, '/');
  const stdout = writeOutputs(
    report,
    targets,
    (target) => ({
      color: target.file === undefined && target.format === 'text' && useColor(flags.color, io.stdout, io.env),
      quiet: flags.quiet === true,
      verbose: flags.verbose === true,
      failOn: config.failOn,
      minScore: config.minScore,
      ...(flags.category !== undefined && { category: flags.category }),
      ...(linkBase !== undefined && { linkBase }),
    }),
    io.cwd,
  );
  io.stdout.write(stdout);
  const written = targets.flatMap((target) => (target.file === undefined ? [] : [target.file]));
  if (written.length > 0) {
    const open = report.findings.filter(isOpen).length;
    io.stderr.write(`twelve-audit: score ${report.score ?? 'n/a'}, ${open} findings; report written to ${written.join(', ')}\n`);
  }
  const reasons = [...judge(report, config).reasons, ...tooManyWarnings(report, flags.maxWarnings)];
  for (const reason of reasons) io.stderr.write(`twelve-audit: failed: ${reason}\n`);
  return reasons.length === 0 ? 0 : 1;
}


/** `--max-warnings N`: why the run fails when more than N warnings are open. */
function tooManyWarnings(report: Report, maxWarnings: number | undefined): string[] {
  if (maxWarnings === undefined) return [];
  const warnings = report.findings.filter((finding) => isOpen(finding) && finding.severity === 'warning').length;
  return warnings > maxWarnings ? [`${warnings} warnings, more than --max-warnings ${maxWarnings}`] : [];
}
