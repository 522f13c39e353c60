/**
 * A Markdown summary for `$GITHUB_STEP_SUMMARY` or a pull-request comment: score and grade, the
 * factor table, the top findings per factor with file links, and the full list collapsed. Stays
 * well under GitHub's 65,536-character comment limit however many findings there are.
 */
import { FACTORS } from '../factors.js';
import { judge } from '../outcome.js';
import { isOpen } from '../score/score.js';
import { SEVERITIES } from '../severity.js';
import type { AppReport, Finding, Report, Severity } from '../types.js';
import { baselineCounts, roman } from './text.js';
import type { Reporter, ReporterOptions } from './types.js';
import { pathFromRepositoryTop } from './uri.js';
import { visibleFindings } from './visible.js';
import { markdownText } from '../util/visible-text.js';

const TOP_PER_FACTOR = 3;
const MAX_LISTED = 100;
const ICON: Record<Severity, string> = { error: '🔴', warning: '🟠', note: '🔵' };

/** Repository text as Markdown text (see `markdownText`); kept under this name for the reporter's callers. */
export const escapeMarkdown = markdownText;

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function scoreText(score: number | null, scale: 10 | 100): string {
  if (score === null) return 'n/a';
  return scale === 100 ? `${score}/100` : score.toFixed(1);
}

function link(finding: Finding, report: Report, options: ReporterOptions): string {
  const label = `${finding.file}:${finding.line}`;
  // From the repository root, with or without a base: the report is read where the repository's files are (a PR, a checkout's root).
  const path = pathFromRepositoryTop(finding.file, report.rootInRepository);
  const target = `${options.linkBase ?? ''}${path.split('/').map(encodeURIComponent).join('/')}#L${finding.line}`;
  return `[${escapeMarkdown(label)}](${target})`;
}

function header(report: Report, options: ReporterOptions): string[] {
  const outcome = judge(report, { minScore: options.minScore, failOn: options.failOn });
  const verdict = outcome.passed ? '✅ Passed' : `❌ Failed: ${outcome.reasons.map(escapeMarkdown).join('; ')}`;
  return [`## twelve-audit: ${scoreText(report.score, 100)} (${report.grade})`, '', verdict];
}

function countsLine(report: Report): string {
  const open = report.findings.filter(isOpen);
  const bySeverity = SEVERITIES.map((severity) => plural(open.filter((f) => f.severity === severity).length, severity)).join(', ');
  const parts = [`**${plural(open.length, 'finding')}** (${bySeverity})`];
  const suppressed = report.findings.filter((finding) => finding.suppressed).length;
  if (suppressed > 0) parts.push(`${suppressed} suppressed`);
  if (report.baseline) parts.push(escapeMarkdown(baselineCounts(report.baseline)));
  return parts.join(' · ');
}

function passing(app: AppReport, factorNumber: number): string {
  const factor = app.factors.find((candidate) => candidate.number === factorNumber);
  if (!factor || factor.score === null) return 'n/a';
  const applicable = factor.rules.filter((rule) => rule.score !== null);
  const failing = applicable.filter((rule) => rule.status === 'fail').length;
  return `${scoreText(factor.score, 10)} (${applicable.length - failing}/${applicable.length} rules pass)`;
}

function factorTable(report: Report): string[] {
  if (report.apps.length === 0) return [];
  const apps = report.apps;
  const lines = [
    `| Factor | ${apps.map((app) => `${escapeMarkdown(app.name)} (${app.kind})`).join(' | ')} |`,
    `| --- | ${apps.map(() => '---').join(' | ')} |`,
    `| **App score** | ${apps.map((app) => `**${scoreText(app.score, 100)}**`).join(' | ')} |`,
  ];
  for (const factor of FACTORS) {
    lines.push(`| ${roman(factor.number)}. ${factor.title} | ${apps.map((app) => passing(app, factor.number)).join(' | ')} |`);
  }
  return lines;
}

function findingLine(finding: Finding, report: Report, options: ReporterOptions, showApp: boolean): string {
  const app = showApp ? ` [${escapeMarkdown(finding.app)}]` : '';
  return `- ${ICON[finding.severity]} ${link(finding, report, options)} ${escapeMarkdown(finding.message)} \`${finding.ruleId}\`${app}`;
}

const SECTIONS = [
  ...FACTORS.map((factor) => ({ number: factor.number, heading: `${roman(factor.number)}. ${factor.title}` })),
  { number: 0, heading: 'Suppression comments' },
];

/** Graver first, then report order. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  const rank: Record<Severity, number> = { error: 0, warning: 1, note: 2 };
  return [...findings].sort((a, b) => rank[a.severity] - rank[b.severity]);
}

function topFindings(findings: readonly Finding[], report: Report, options: ReporterOptions): string[] {
  if (findings.length === 0) return [];
  const lines = ['', '### Top findings by factor'];
  const showApp = report.apps.length > 1;
  for (const section of SECTIONS) {
    const ofFactor = bySeverity(findings.filter((finding) => finding.factor === section.number));
    if (ofFactor.length === 0) continue;
    lines.push('', `**${section.heading}** (${ofFactor.length})`, '');
    lines.push(...ofFactor.slice(0, TOP_PER_FACTOR).map((finding) => findingLine(finding, report, options, showApp)));
    if (ofFactor.length > TOP_PER_FACTOR) lines.push(`- …and ${ofFactor.length - TOP_PER_FACTOR} more below`);
  }
  return lines;
}

function fullList(findings: readonly Finding[], report: Report, options: ReporterOptions): string[] {
  if (findings.length === 0) return [];
  const capped = findings.length > MAX_LISTED;
  // When capped, the gravest are kept (errors, then warnings), each severity in report order.
  const listed = capped ? bySeverity(findings).slice(0, MAX_LISTED) : findings;
  const summary = capped ? `The ${MAX_LISTED} gravest of ${plural(findings.length, 'finding')}` : `All ${plural(findings.length, 'finding')}`;
  const lines = [
    '',
    `<details><summary>${summary}</summary>`,
    '',
    '| Severity | Location | Rule | Message |',
    '| --- | --- | --- | --- |',
    ...listed.map(
      (finding) =>
        `| ${ICON[finding.severity]} ${finding.severity} | ${link(finding, report, options)} | \`${finding.ruleId}\` | ${escapeMarkdown(finding.message)} |`,
    ),
  ];
  if (findings.length > listed.length) {
    lines.push('', `…and ${findings.length - listed.length} more: see the SARIF or JSON report for the full list.`);
  }
  lines.push('', '</details>');
  return lines;
}

function footer(report: Report): string[] {
  const { stats } = report;
  const notAnalysed = report.errors.length > 0 ? ` · ${report.errors.length} not analysed` : '';
  return [
    '',
    `<sub>${report.tool.name} ${report.tool.version} · ${stats.filesIndexed} files indexed, ${stats.rulesRun} rules${notAnalysed} · [docs](${report.tool.informationUri})</sub>`,
  ];
}

export const markdownReporter: Reporter = (report, options) => {
  const listed = visibleFindings(report.findings, options);
  const lines = [
    ...header(report, options),
    '',
    countsLine(report),
    '',
    ...factorTable(report),
    ...topFindings(listed, report, options),
    ...fullList(listed, report, options),
    ...footer(report),
  ];
  return `${lines.join('\n')}\n`;
};
