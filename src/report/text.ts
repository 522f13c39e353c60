import { Chalk, type ChalkInstance } from 'chalk';
import { FACTORS } from '../factors.js';
import { SEVERITIES } from '../severity.js';
import { coverageLine } from '../languages.js';
import { isOpen } from '../score/score.js';
import { severityRank } from '../severity.js';
import type { AppReport, BaselineSummary, FactorResult, Finding, Report, Severity } from '../types.js';
import { fixFirst, formatPoints, type Priority } from './priorities.js';
import type { Reporter, ReporterOptions } from './types.js';
import { visibleFindings } from './visible.js';

const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X', 'XI', 'XII'];
const BAR_WIDTH = 10;

export function roman(factorNumber: number): string {
  return ROMAN[factorNumber - 1] ?? String(factorNumber);
}

function bar(score: number | null, paint: ChalkInstance): string {
  if (score === null) return paint.dim('·'.repeat(BAR_WIDTH));
  const filled = Math.round(score);
  const colour = score >= 9 ? paint.green : score >= 6 ? paint.yellow : paint.red;
  return colour('█'.repeat(filled)) + paint.dim('░'.repeat(BAR_WIDTH - filled));
}

function scoreColour(score: number | null, paint: ChalkInstance): ChalkInstance {
  if (score === null) return paint.dim;
  return score >= 90 ? paint.green : score >= 70 ? paint.yellow : paint.red;
}

function severityLabel(severity: Severity, paint: ChalkInstance): string {
  const colour = severity === 'error' ? paint.red : severity === 'warning' ? paint.yellow : paint.blue;
  return colour(severity.padEnd(7));
}

/** Why a factor has no score: its rules' own reasons (a crash counts as one), deduplicated. */
function notApplicableReason(factor: FactorResult): string {
  const reasons = [...new Set(factor.rules.map((rule) => (rule.status === 'error' ? 'rule failed to run' : (rule.reason ?? 'does not apply'))))];
  return reasons.join('; ');
}

/** `0/2 rules pass: hardcoded-credentials 4.0, env-contract 8.5`: how many pass, and the score of each that does not. */
function rulesDetail(factor: FactorResult): string {
  const applicable = factor.rules.filter((rule) => rule.score !== null);
  const failing = applicable.filter((rule) => rule.status === 'fail');
  const scores = failing.map((rule) => `${rule.ruleId.slice(rule.ruleId.indexOf('/') + 1)} ${(rule.score ?? 0).toFixed(1)}`);
  return `${applicable.length - failing.length}/${applicable.length} rules pass${scores.length > 0 ? `: ${scores.join(', ')}` : ''}`;
}

/** The rules the "because" line names; the rest are summed. */
const BECAUSE_NAMED = 6;

/** `the score is 76 because: config/hardcoded-credentials −18, logs/file-transport −5.8`, from the app's deductions. */
function becauseLine(app: AppReport, indent: string, paint: ChalkInstance): string[] {
  const deductions = app.deductions;
  if (!deductions || app.score === null || (deductions.rules.length === 0 && !deductions.cap)) return [];
  const named = deductions.rules.slice(0, BECAUSE_NAMED);
  const rest = deductions.rules.slice(BECAUSE_NAMED);
  const parts = named.map((rule) => `${rule.ruleId} −${formatPoints(rule.points)}`);
  if (rest.length > 0) parts.push(`${rest.length} more rules −${formatPoints(rest.reduce((sum, rule) => sum + rule.points, 0))}`);
  const cap = deductions.cap
    ? `; ${deductions.uncapped} scaled to at most ${deductions.cap.max}: ${deductions.cap.why} (${deductions.cap.file}:${deductions.cap.line})`
    : '';
  return [paint.dim(`${indent}the score is ${app.score} because: ${parts.join(', ')}${cap}`)];
}

function appHeading(app: AppReport, paint: ChalkInstance): string {
  const score = app.score === null ? 'n/a' : `${app.score}/100`;
  return `${paint.bold(app.name)} ${paint.dim(`(${app.path}, ${app.kind}: ${app.kindReason})`)}  ${scoreColour(app.score, paint).bold(score)}`;
}

function appSection(app: AppReport, paint: ChalkInstance, withBecause: boolean): string[] {
  const lines = [appHeading(app, paint), ...(withBecause ? becauseLine(app, '      ', paint) : [])];
  for (const factor of app.factors) {
    const label = `${roman(factor.number).padStart(4)}  ${factor.title.padEnd(20)}`;
    const value = factor.score === null ? paint.dim(' n/a') : factor.score.toFixed(1).padStart(4);
    const detail =
      factor.score === null
        ? paint.dim(factor.rules.length === 0 ? 'no rule enabled' : notApplicableReason(factor))
        : paint.dim(rulesDetail(factor));
    lines.push(`${label} ${bar(factor.score, paint)} ${value}  ${detail}`);
  }
  return lines;
}

/** Apps weakest first; an app without a score last. */
function weakestFirst(apps: readonly AppReport[]): AppReport[] {
  return [...apps].sort((a, b) => (a.score ?? 101) - (b.score ?? 101));
}

/** One row per app: the monorepo overview, weakest first. */
function appTable(report: Report, paint: ChalkInstance): string[] {
  const open = report.findings.filter(isOpen);
  const rows = weakestFirst(report.apps).map((app) => {
    const ofApp = open.filter((finding) => finding.app === app.name);
    const count = (severity: Severity) => String(ofApp.filter((finding) => finding.severity === severity).length);
    return [app.name, app.path, app.kind, app.score === null ? 'n/a' : String(app.score), count('error'), count('warning')];
  });
  const header = ['APP', 'PATH', 'KIND', 'SCORE', 'ERRORS', 'WARNINGS'];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const format = (row: string[]) =>
    row.map((cell, column) => (column >= 3 ? cell.padStart(widths[column] ?? 0) : cell.padEnd(widths[column] ?? 0))).join('  ').trimEnd();
  return [paint.bold(format(header)), ...rows.map(format), paint.dim('(every factor of every app: --verbose; one app: --app NAME)')];
}

function findingLines(finding: Finding, showApp: boolean, paint: ChalkInstance, fixShown: Set<string>): string[] {
  const where = `${finding.line}:${finding.column}`.padEnd(8);
  const app = showApp ? paint.dim(` [${finding.app}]`) : '';
  const lines = [`    ${paint.dim(where)}${severityLabel(finding.severity, paint)}  ${finding.message}  ${paint.dim(finding.ruleId)}${app}`];
  if (finding.snippet) lines.push(`            ${paint.dim('│')} ${paint.dim(finding.snippet)}`);
  lines.push(...fixLine(finding, '            ', paint, fixShown));
  return lines;
}

/** The rule's fix, the first time the report shows one of its findings; once per rule, however many findings. */
function fixLine(finding: Finding, indent: string, paint: ChalkInstance, fixShown: Set<string>): string[] {
  if (!finding.help || fixShown.has(finding.ruleId)) return [];
  fixShown.add(finding.ruleId);
  return [`${indent}${paint.dim('fix:')} ${finding.help} ${paint.dim(`(${finding.docs})`)}`];
}

const SHOWN_PER_PRIORITY = 3;

/** The gravest first: each rule with open errors or warnings once, most points first, a few of its locations. */
function fixFirstSection(report: Report, listed: readonly Finding[], paint: ChalkInstance, fixShown: Set<string>): string[] {
  const priorities = fixFirst(report, listed);
  if (priorities.length === 0) return [paint.bold('Fix first:'), '  nothing: no open error or warning.'];
  const lines = [paint.bold('Fix first')];
  priorities.forEach((priority: Priority, index) => {
    const count = priority.findings.length;
    const cost = priority.points > 0 ? `, −${formatPoints(priority.points)} points` : '';
    lines.push(`${String(index + 1).padStart(3)}. ${severityLabel(priority.severity, paint)}  ${paint.bold(priority.ruleId)}  ${paint.dim(`${count} finding${count === 1 ? '' : 's'}${cost}`)}`);
    const shown = [...priority.findings].sort((a, b) => severityRank(b.severity) - severityRank(a.severity)).slice(0, SHOWN_PER_PRIORITY);
    for (const finding of shown) {
      lines.push(`       ${paint.cyan(`${finding.file}:${finding.line}:${finding.column}`)}  ${finding.message}`);
    }
    if (count > shown.length) lines.push(paint.dim(`       …and ${count - shown.length} more below`));
    lines.push(...fixLine(priority.findings[0] as Finding, '       ', paint, fixShown));
  });
  return lines;
}

/** Factor sections in order, then twelve-audit's own checks (factor 0), which belong to no factor. */
const SECTIONS = [
  ...FACTORS.map((factor) => ({ number: factor.number, heading: `${roman(factor.number)}. ${factor.title}` })),
  { number: 0, heading: 'Suppression comments' },
];

function findingsSection(findings: readonly Finding[], showApp: boolean, paint: ChalkInstance, fixShown: Set<string>): string[] {
  const lines: string[] = [];
  for (const section of SECTIONS) {
    const ofFactor = findings.filter((finding) => finding.factor === section.number);
    if (ofFactor.length === 0) continue;
    lines.push('', paint.bold.underline(section.heading));
    let file: string | undefined;
    for (const finding of ofFactor) {
      if (finding.file !== file) {
        file = finding.file;
        lines.push(`  ${paint.cyan(file)}`);
      }
      lines.push(...findingLines(finding, showApp, paint, fixShown));
    }
  }
  return lines;
}

function countBySeverity(findings: readonly Finding[]): string {
  const parts = SEVERITIES.map((severity) => {
    const count = findings.filter((finding) => finding.severity === severity).length;
    return `${count} ${severity}${count === 1 ? '' : 's'}`;
  });
  return parts.join(', ');
}

function summaryLines(report: Report, listed: readonly Finding[], paint: ChalkInstance): string[] {
  const open = report.findings.filter(isOpen);
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  const hidden = open.length - listed.length;
  const counts = [`${open.length} finding${open.length === 1 ? '' : 's'} (${countBySeverity(open)})`];
  if (suppressed > 0) counts.push(`${suppressed} suppressed`);
  if (report.baseline) counts.push(baselineCounts(report.baseline));
  if (hidden > 0) counts.push(`${hidden} not shown (below the --fail-on level, or --quiet)`);
  const { stats } = report;
  const seconds = (stats.durationMs / 1000).toFixed(2);
  const score = report.score === null ? 'n/a' : `${report.score}/100`;
  const withoutBaseline =
    report.baseline?.scoreWithoutBaseline !== undefined && report.baseline.scoreWithoutBaseline !== report.score
      ? `, ${report.baseline.scoreWithoutBaseline ?? 'n/a'} without the baseline`
      : '';
  const weakest = report.score === null ? undefined : weakestFirst(report.apps)[0];
  const setBy = report.apps.length > 1 ? weakest : undefined;
  return [
    '',
    counts.join(' · '),
    paint.dim(`${stats.filesIndexed} files indexed, ${stats.filesParsed} parsed, ${stats.filesSkipped} skipped, ${stats.rulesRun} rules, ${seconds}s`),
    paint.dim(coverageLine(stats.coverage)),
    ...unscoredLines(report, paint),
    `${paint.bold('Score')} ${scoreColour(report.score, paint).bold(score)} ${paint.bold(`(${report.grade})`)}${withoutBaseline}${setBy ? `, set by ${setBy.name} (${setBy.path})` : ''}`,
    ...(weakest ? becauseLine(weakest, '', paint) : []),
  ];
}

/** Apps the report cannot vouch for, and why (their code is in languages no rule reads, or there is nothing). */
function unscoredLines(report: Report, paint: ChalkInstance): string[] {
  return report.apps.flatMap((app) =>
    app.deductions.unscored === undefined ? [] : [paint.yellow(`${app.name} (${app.path}) has no score: ${app.deductions.unscored}`)],
  );
}

/** How the baseline was used: what it hid, and which of its entries no longer occur. */
export function baselineCounts(baseline: BaselineSummary): string {
  const fixed = baseline.fixed > 0 ? `, ${baseline.fixed} of its ${baseline.entries} entries fixed` : '';
  return `${baseline.baselined} baselined (${baseline.file}${fixed})`;
}

function errorLines(report: Report, paint: ChalkInstance): string[] {
  if (report.errors.length === 0) return [];
  const lines = ['', paint.yellow.bold(`Not analysed (${report.errors.length}):`)];
  for (const error of report.errors) {
    const where = error.file ?? error.ruleId ?? '';
    lines.push(`  ${paint.yellow(error.kind.padEnd(7))} ${where ? `${where}: ` : ''}${error.message}`);
  }
  return lines;
}

/** The apps: every factor of each when there is one app or --verbose, else one row per app. */
function appsPart(report: Report, options: ReporterOptions, paint: ChalkInstance): string[] {
  // One app's "because" is the summary's; in a monorepo each app says its own.
  if (report.apps.length <= 1 || options.verbose) return report.apps.flatMap((app) => [...appSection(app, paint, report.apps.length > 1), '']);
  return [...appTable(report, paint), ''];
}

export const textReporter: Reporter = (report, options) => {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const listed = visibleFindings(report.findings, options);
  const fixShown = new Set<string>();
  const lines = [paint.dim(`twelve-audit ${report.tool.version} · ${report.root}`), ''];
  lines.push(...fixFirstSection(report, listed, paint, fixShown), '');
  if (!options.quiet) {
    lines.push(...appsPart(report, options, paint));
    lines.push(...findingsSection(listed, report.apps.length > 1, paint, fixShown));
    lines.push(...errorLines(report, paint));
  }
  lines.push(...summaryLines(report, listed, paint));
  return `${lines.join('\n')}\n`;
};
