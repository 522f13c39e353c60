/**
 * SARIF 2.1.0 for GitHub code scanning: one run per upload, every rule that ran in
 * `tool.driver.rules` (passing ones too, so GitHub closes fixed alerts), results with repo-relative
 * URIs, full regions, stable partial fingerprints and suppressions, scores in `run.properties`.
 */
import { FACTORS } from '../factors.js';
import { isOpen } from '../score/score.js';
import { severityRank } from '../severity.js';
import { sourceUrl } from '../meta.js';
import type { AuditError, Finding, Report, RuleInfo, Severity } from '../types.js';
import type { Reporter, ReporterOptions } from './types.js';
import { artifactUri } from './uri.js';
import { sarifText } from '../util/visible-text.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
export const DEFAULT_CATEGORY = 'twelve-audit';
/** GitHub ingests at most 25,000 results per run and shows the 5,000 gravest: stay within both. */
export const MAX_RESULTS_PER_RUN = 5000;
export const MAX_RESULTS_PER_RULE = 1000;
const SRCROOT = '%SRCROOT%';
const FINGERPRINT_KEY = 'twelveAudit/v1';

type Json = Record<string, unknown>;

const PROBLEM_SEVERITY: Record<Severity, string> = { error: 'error', warning: 'warning', note: 'recommendation' };
/** GitHub's security-severity bands: >= 7 high, >= 4 medium, else low. */
const SECURITY_SEVERITY: Record<Severity, string> = { error: '7.5', warning: '5.0', note: '2.0' };

/** A sentence as SARIF wants messages: ending in a period. */
function sentence(text: string): string {
  const trimmed = text.trim();
  return /[.!?]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** `logs/file-transport` -> `LogsFileTransport`: SARIF's friendly rule name. */
function pascalName(ruleId: string): string {
  return ruleId
    .split(/[^a-zA-Z0-9]+/)
    .filter((part) => part.length > 0)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

function factorSlug(number: number): string | undefined {
  return FACTORS.find((factor) => factor.number === number)?.slug;
}

function ruleDescriptor(rule: RuleInfo): Json {
  const security = rule.tags.includes('security');
  return {
    id: rule.id,
    name: pascalName(rule.id),
    shortDescription: { text: sentence(rule.title) },
    fullDescription: { text: sentence(rule.description) },
    help: { text: rule.helpText, markdown: rule.helpMarkdown },
    helpUri: rule.helpUri,
    defaultConfiguration: { level: rule.severity },
    properties: {
      tags: rule.tags,
      precision: 'high',
      'problem.severity': PROBLEM_SEVERITY[rule.severity],
      ...(security && { 'security-severity': SECURITY_SEVERITY[rule.severity] }),
      ...(rule.factor > 0 && { factor: factorSlug(rule.factor) }),
    },
  };
}

/** Rules of findings the catalog lacks (a report built without one): described from the findings. */
function catalogOf(report: Report): RuleInfo[] {
  const catalog = [...(report.rules ?? [])];
  const known = new Set(catalog.map((rule) => rule.id));
  for (const finding of report.findings) {
    if (known.has(finding.ruleId)) continue;
    known.add(finding.ruleId);
    catalog.push({
      id: finding.ruleId,
      factor: finding.factor,
      title: finding.ruleId,
      description: finding.ruleId,
      fix: finding.help ?? `See ${finding.docs}`,
      severity: finding.severity,
      tags: ['twelve-factor'],
      docs: finding.docs,
      helpUri: sourceUrl(finding.docs),
      helpText: finding.help ?? finding.ruleId,
      helpMarkdown: finding.help ?? finding.ruleId,
    });
  }
  return catalog;
}

function region(finding: Finding): Json {
  const startLine = Math.max(1, finding.line);
  const startColumn = Math.max(1, finding.column);
  const endLine = Math.max(startLine, finding.endLine ?? startLine);
  const endColumn = endLine === startLine ? Math.max(startColumn, finding.endColumn ?? startColumn) : Math.max(1, finding.endColumn ?? 1);
  return { startLine, startColumn, endLine, endColumn };
}

function result(finding: Finding, ruleIndex: number, report: Report): Json {
  const partialFingerprints: Record<string, string> = { [FINGERPRINT_KEY]: finding.fingerprint };
  if (finding.lineHash) partialFingerprints['primaryLocationLineHash'] = finding.lineHash;
  const suppression = finding.suppression ?? (finding.suppressed ? { kind: 'inSource' as const } : undefined);
  return {
    ruleId: finding.ruleId,
    ruleIndex,
    level: finding.severity,
    message: { text: sarifText(sentence(finding.message)) },
    locations: [
      {
        physicalLocation: {
          artifactLocation: { uri: artifactUri(finding.file, report.rootInRepository), uriBaseId: SRCROOT },
          region: region(finding),
        },
      },
    ],
    partialFingerprints,
    ...(report.baseline && { baselineState: finding.baselined ? 'unchanged' : 'new' }),
    ...(suppression && {
      suppressions: [
        {
          kind: suppression.kind,
          status: 'accepted',
          ...(suppression.justification && { justification: suppression.justification }),
        },
      ],
    }),
    properties: {
      app: finding.app,
      messageId: finding.messageId,
      ...(factorSlug(finding.factor) && { factor: factorSlug(finding.factor) }),
      ...(finding.baselined && { baselined: true }),
    },
  };
}

/** Open findings first, then baselined, then suppressed; graver first; then report order. */
function priority(finding: Finding): number {
  const state = isOpen(finding) ? 0 : finding.suppressed ? 2 : 1;
  return state * 10 + (3 - severityRank(finding.severity));
}

export interface CappedFindings {
  kept: Finding[];
  /** Left-out counts: per rule id, and '' for the run cap. */
  leftOut: Map<string, number>;
}

/** Keeps at most `perRule` results per rule and `perRun` in all, the most important first, in report order. */
export function capFindings(findings: readonly Finding[], perRule = MAX_RESULTS_PER_RULE, perRun = MAX_RESULTS_PER_RUN): CappedFindings {
  const ranked = findings.map((finding, index) => ({ finding, index })).sort((a, b) => priority(a.finding) - priority(b.finding) || a.index - b.index);
  const perRuleCount = new Map<string, number>();
  const keep = new Set<number>();
  const leftOut = new Map<string, number>();
  for (const { finding, index } of ranked) {
    const count = perRuleCount.get(finding.ruleId) ?? 0;
    if (count >= perRule) {
      leftOut.set(finding.ruleId, (leftOut.get(finding.ruleId) ?? 0) + 1);
    } else if (keep.size >= perRun) {
      leftOut.set('', (leftOut.get('') ?? 0) + 1);
    } else {
      perRuleCount.set(finding.ruleId, count + 1);
      keep.add(index);
    }
  }
  return { kept: findings.filter((_, index) => keep.has(index)), leftOut };
}

const NOTIFICATION_LEVEL: Record<AuditError['kind'], string> = { rule: 'error', parse: 'warning', read: 'warning', skipped: 'note' };

function errorNotification(error: AuditError, report: Report, ruleIndex: ReadonlyMap<string, number>): Json {
  const index = error.ruleId === undefined ? undefined : ruleIndex.get(error.ruleId);
  return {
    level: NOTIFICATION_LEVEL[error.kind],
    message: { text: sarifText(sentence(error.message)) },
    descriptor: { id: `twelve-audit/${error.kind}` },
    ...(error.file !== undefined && {
      locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(error.file, report.rootInRepository), uriBaseId: SRCROOT } } }],
    }),
    ...(error.ruleId !== undefined && index !== undefined && { associatedRule: { id: error.ruleId, index } }),
  };
}

function capNotifications(leftOut: ReadonlyMap<string, number>, ruleIndex: ReadonlyMap<string, number>): Json[] {
  return [...leftOut].map(([ruleId, count]) => {
    const index = ruleIndex.get(ruleId);
    const text =
      ruleId === ''
        ? `${count} results left out: GitHub code scanning keeps at most ${MAX_RESULTS_PER_RUN} per run; the gravest were kept. The JSON report has them all.`
        : `${count} results of ${ruleId} left out: at most ${MAX_RESULTS_PER_RULE} per rule are uploaded; the gravest were kept. The JSON report has them all.`;
    return {
      level: 'warning',
      message: { text },
      descriptor: { id: 'twelve-audit/results-capped' },
      ...(ruleId !== '' && index !== undefined && { associatedRule: { id: ruleId, index } }),
    };
  });
}

/** Per factor, the weakest app's score (the repository is only as good as its weakest app). */
function factorScores(report: Report): Record<string, number | null> {
  return Object.fromEntries(
    FACTORS.map((factor) => {
      const scores = report.apps.flatMap((app) => {
        const score = app.factors.find((candidate) => candidate.slug === factor.slug)?.score;
        return score === null || score === undefined ? [] : [score];
      });
      return [factor.slug, scores.length === 0 ? null : Math.min(...scores)];
    }),
  );
}

function runProperties(report: Report): Json {
  return {
    score: report.score,
    grade: report.grade,
    factors: factorScores(report),
    apps: report.apps.map((app) => ({
      name: app.name,
      path: app.path,
      kind: app.kind,
      score: app.score,
      factors: Object.fromEntries(app.factors.map((factor) => [factor.slug, factor.score])),
    })),
    ...(report.baseline && { baseline: report.baseline }),
  };
}

export function automationId(category: string | undefined): string {
  const id = category === undefined || category.trim() === '' ? DEFAULT_CATEGORY : category.trim();
  return id.endsWith('/') ? id : `${id}/`;
}

export function sarifLog(report: Report, options: Pick<ReporterOptions, 'category'>): Json {
  const rules = catalogOf(report);
  const ruleIndex = new Map(rules.map((rule, index) => [rule.id, index]));
  const { kept, leftOut } = capFindings(report.findings);
  const notifications = [
    ...report.errors.map((error) => errorNotification(error, report, ruleIndex)),
    ...capNotifications(leftOut, ruleIndex),
  ];
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            semanticVersion: report.tool.version,
            version: report.tool.version,
            informationUri: report.tool.informationUri,
            rules: rules.map(ruleDescriptor),
          },
        },
        automationDetails: { id: automationId(options.category) },
        invocations: [
          {
            executionSuccessful: !report.errors.some((error) => error.kind === 'rule'),
            ...(notifications.length > 0 && { toolExecutionNotifications: notifications }),
          },
        ],
        columnKind: 'utf16CodeUnits',
        results: kept.map((finding) => result(finding, ruleIndex.get(finding.ruleId) ?? 0, report)),
        properties: runProperties(report),
      },
    ],
  };
}

export const sarifReporter: Reporter = (report, options) => `${JSON.stringify(sarifLog(report, options), null, 2)}\n`;
