import { Chalk, type ChalkInstance } from 'chalk';
import { FACTORS } from '../factors.js';
import { SEVERITIES } from '../severity.js';
import { isOpen } from '../score/score.js';
import type { AppReport, BaselineSummary, FactorResult, Finding, Report, Severity } from '../types.js';
import type { Reporter } from './types.js';
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

function appSection(app: AppReport, paint: ChalkInstance): string[] {
  const score = app.score === null ? 'n/a' : `${app.score}/100`;
  const lines = [
    `${paint.bold(app.name)} ${paint.dim(`(${app.path}, ${app.kind}: ${app.kindReason})`)}  ${scoreColour(app.score, paint).bold(score)}`,
  ];
  for (const factor of app.factors) {
    const label = `${roman(factor.number).padStart(4)}  ${factor.title.padEnd(20)}`;
    const value = factor.score === null ? paint.dim(' n/a') : factor.score.toFixed(1).padStart(4);
    const failing = factor.rules.filter((rule) => rule.status === 'fail').length;
    const applicable = factor.rules.filter((rule) => rule.score !== null).length;
    const detail =
      factor.score === null
        ? paint.dim(factor.rules.length === 0 ? 'no rule enabled' : notApplicableReason(factor))
        : paint.dim(`${applicable - failing}/${applicable} rules pass`);
    lines.push(`${label} ${bar(factor.score, paint)} ${value}  ${detail}`);
  }
  return lines;
}

function findingLines(finding: Finding, showApp: boolean, paint: ChalkInstance): string[] {
  const where = `${finding.line}:${finding.column}`.padEnd(8);
  const app = showApp ? paint.dim(` [${finding.app}]`) : '';
  const lines = [`    ${paint.dim(where)}${severityLabel(finding.severity, paint)}  ${finding.message}  ${paint.dim(finding.ruleId)}${app}`];
  if (finding.snippet) lines.push(`            ${paint.dim('│')} ${paint.dim(finding.snippet)}`);
  if (finding.help) lines.push(`            ${paint.dim('fix:')} ${finding.help} ${paint.dim(`(${finding.docs})`)}`);
  return lines;
}

/** Factor sections in order, then twelve-audit's own checks (factor 0), which belong to no factor. */
const SECTIONS = [
  ...FACTORS.map((factor) => ({ number: factor.number, heading: `${roman(factor.number)}. ${factor.title}` })),
  { number: 0, heading: 'Suppression comments' },
];

function findingsSection(findings: readonly Finding[], showApp: boolean, paint: ChalkInstance): string[] {
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
      lines.push(...findingLines(finding, showApp, paint));
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
  if (hidden > 0) counts.push(`${hidden} below the --fail-on level not shown`);
  const { stats } = report;
  const seconds = (stats.durationMs / 1000).toFixed(2);
  const score = report.score === null ? 'n/a' : `${report.score}/100`;
  return [
    '',
    counts.join(' · '),
    paint.dim(`${stats.filesIndexed} files indexed, ${stats.filesParsed} parsed, ${stats.filesSkipped} skipped, ${stats.rulesRun} rules, ${seconds}s`),
    `${paint.bold('Score')} ${scoreColour(report.score, paint).bold(score)} ${paint.bold(`(${report.grade})`)}`,
  ];
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

export const textReporter: Reporter = (report, options) => {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const listed = visibleFindings(report.findings, options);
  const lines = [paint.dim(`twelve-audit ${report.tool.version} · ${report.root}`), ''];
  for (const app of report.apps) lines.push(...appSection(app, paint), '');
  lines.push(...findingsSection(listed, report.apps.length > 1, paint));
  lines.push(...errorLines(report, paint));
  lines.push(...summaryLines(report, listed, paint));
  return `${lines.join('\n')}\n`;
};
