import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { audit } from '../../src/audit.js';
import { automationId, capFindings, sarifLog, sarifReporter, MAX_RESULTS_PER_RULE } from '../../src/report/sarif.js';
import type { ReporterOptions } from '../../src/report/types.js';
import type { Finding, Report } from '../../src/types.js';
import { FIXTURES } from '../helpers/paths.js';
import { KITCHEN_SINK, kitchenSinkReport } from './kitchen-sink.js';
import { sarifSchemaErrors } from './sarif-schema.js';

const OPTIONS: ReporterOptions = { color: false, quiet: false, failOn: 'error' };

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF is walked as plain JSON here. */
type Json = any;

function sarifOf(report: Report, options: Partial<ReporterOptions> = {}): Json {
  return JSON.parse(sarifReporter(report, { ...OPTIONS, ...options }));
}

/** Every string in a JSON value, with its path. */
function strings(value: Json, path = ''): { path: string; value: string }[] {
  if (typeof value === 'string') return [{ path, value }];
  if (Array.isArray(value)) return value.flatMap((item, index) => strings(item, `${path}[${index}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([key, item]) => strings(item, `${path}.${key}`));
  return [];
}

/** RFC 3986 relative-path reference: no scheme, not absolute, no authority, only unreserved/pct-encoded/sub-delims/':'/'@' per segment. */
const RELATIVE_PATH_REFERENCE = /^(?![a-zA-Z][a-zA-Z0-9+.-]*:)(?!\/)(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})+(?:\/(?:[A-Za-z0-9\-._~!$&'()*+,;=:@]|%[0-9A-F]{2})*)*$/;

const reports: Record<string, Report> = {
  'kitchen-sink (fixed rules)': kitchenSinkReport(),
  'bad-service (every rule)': audit({ root: join(FIXTURES, 'apps', 'bad-service'), rules: RULES }).report,
  'good-service (every rule)': audit({ root: join(FIXTURES, 'apps', 'good-service'), rules: RULES }).report,
};

describe.each(Object.entries(reports))('SARIF of %s', (_name, report) => {
  const log = sarifOf(report);
  const run = log.runs[0];

  it('validates against the SARIF 2.1.0 JSON Schema', () => {
    expect(sarifSchemaErrors(log)).toEqual([]);
  });

  it('has one run whose driver lists every rule that ran, passing ones included', () => {
    expect(log.runs).toHaveLength(1);
    expect(run.tool.driver).toMatchObject({ name: 'twelve-audit', semanticVersion: report.tool.version, informationUri: report.tool.informationUri });
    expect(run.tool.driver.rules.map((rule: Json) => rule.id)).toEqual(report.rules?.map((rule) => rule.id));
    for (const rule of run.tool.driver.rules) {
      expect(rule.helpUri).toMatch(/^https:\/\/.+\/docs\/rules\/.+\.md$/);
      expect(rule.help.markdown.length).toBeGreaterThan(0);
      expect(rule.properties.tags.length).toBeGreaterThan(0);
      expect(['error', 'warning', 'note']).toContain(rule.defaultConfiguration.level);
    }
  });

  it('has no empty string anywhere', () => {
    expect(strings(log).filter(({ value }) => value.trim() === '').map(({ path }) => path)).toEqual([]);
  });

  it('gives every result a valid relative URI, a full region from 1 and matching ruleIndex', () => {
    expect(run.results).toHaveLength(report.findings.length);
    for (const result of run.results) {
      const { artifactLocation, region } = result.locations[0].physicalLocation;
      expect(artifactLocation.uri).toMatch(RELATIVE_PATH_REFERENCE);
      expect(artifactLocation.uriBaseId).toBe('%SRCROOT%');
      expect(region.startLine).toBeGreaterThanOrEqual(1);
      expect(region.startColumn).toBeGreaterThanOrEqual(1);
      expect(region.endLine).toBeGreaterThanOrEqual(region.startLine);
      if (region.endLine === region.startLine) expect(region.endColumn).toBeGreaterThanOrEqual(region.startColumn);
      expect(run.tool.driver.rules[result.ruleIndex].id).toBe(result.ruleId);
      expect(result.partialFingerprints['twelveAudit/v1']).toMatch(/^[0-9a-f]{32}$/);
      expect(result.partialFingerprints.primaryLocationLineHash).toMatch(/^[0-9a-f]+:\d+$/);
    }
  });

  it('writes URIs from the repository top, where code scanning looks for them', () => {
    for (const result of run.results) {
      expect(result.locations[0].physicalLocation.artifactLocation.uri.startsWith(`${report.rootInRepository}/`)).toBe(true);
    }
  });
});

describe('SARIF details (kitchen-sink)', () => {
  const report = kitchenSinkReport();
  const log = sarifOf(report);
  const run = log.runs[0];
  const resultAt = (file: string, line: number) =>
    run.results.find((result: Json) => {
      const location = result.locations[0].physicalLocation;
      return location.artifactLocation.uri.endsWith(file) && location.region.startLine === line;
    });

  it('percent-encodes a space in a file name', () => {
    expect(resultAt('src/legacy/old%20logger.js', 4)).toBeDefined();
  });

  it('marks inline and config suppressions with their kind and justification', () => {
    expect(resultAt('src/logger.js', 8).suppressions).toEqual([
      { kind: 'inSource', status: 'accepted', justification: 'the audit trail is shipped by a sidecar' },
    ]);
    expect(resultAt('src/legacy/old%20logger.js', 4).suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'config rules["logs/file-transport"].ignore: apps/api/src/legacy/**' },
    ]);
    expect(resultAt('Dockerfile', 5).suppressions[0].kind).toBe('inSource');
    expect(resultAt('src/logger.js', 4).suppressions).toBeUndefined();
  });

  it('marks baselined results unchanged and the others new, and keeps them all', () => {
    expect(resultAt('src/logger.js', 4).baselineState).toBe('unchanged');
    expect(resultAt('src/logger.js', 13).baselineState).toBe('new');
    expect(run.properties.baseline).toEqual({ file: '.twelve-audit-baseline.json', entries: 2, baselined: 1, fixed: 1, scoreWithoutBaseline: expect.any(Number) });
  });

  it('reports unused and invalid suppressions under rule-like ids that belong to no factor', () => {
    const ids = run.results.map((result: Json) => result.ruleId);
    expect(ids).toContain('twelve-audit/unused-suppression');
    expect(ids).toContain('twelve-audit/invalid-suppression');
    const unused = run.tool.driver.rules.find((rule: Json) => rule.id === 'twelve-audit/unused-suppression');
    expect(unused.properties.factor).toBeUndefined();
    expect(run.properties.factors).not.toHaveProperty('twelve-audit');
  });

  it('masks secrets in messages', () => {
    const text = JSON.stringify(log);
    expect(text).not.toContain('sk_golden_5678');
    expect(text).not.toContain('yaml-real-token');
    expect(resultAt('Dockerfile', 6).message.text).toBe('GOLDEN_SECRET is set to sk****.');
  });

  it('gives security rules a security-severity and problem.severity', () => {
    const marker = run.tool.driver.rules.find((rule: Json) => rule.id === 'config/golden-marker');
    expect(marker.properties).toMatchObject({ 'security-severity': '7.5', 'problem.severity': 'error', precision: 'high' });
    expect(marker.properties.tags).toEqual(['twelve-factor', 'config', 'security']);
  });

  it('lists files that could not be analysed as tool notifications', () => {
    const notifications = run.invocations[0].toolExecutionNotifications;
    expect(notifications).toEqual([
      expect.objectContaining({
        level: 'warning',
        locations: [{ physicalLocation: { artifactLocation: { uri: 'fixtures/apps/kitchen-sink/apps/api/src/broken.js', uriBaseId: '%SRCROOT%' } } }],
      }),
    ]);
    expect(run.invocations[0].executionSuccessful).toBe(true);
  });

  it('puts the overall and per-factor scores in run.properties', () => {
    expect(run.properties).toMatchObject({ score: report.score, grade: report.grade });
    const logs = report.apps[0]?.factors.find((factor) => factor.slug === 'logs')?.score;
    expect(logs).toBeTypeOf('number');
    expect(run.properties.factors.logs).toBe(logs);
    expect(run.properties.apps.map((app: Json) => app.name)).toEqual(['api', '@kitchen/lib']);
  });

  it('uses the category for automationDetails.id', () => {
    expect(run.automationDetails.id).toBe('twelve-audit/');
    expect(sarifOf(report, { category: 'backend' }).runs[0].automationDetails.id).toBe('backend/');
    expect(automationId('monorepo/api/')).toBe('monorepo/api/');
  });
});

describe('partial fingerprints', () => {
  it('stay the same when lines are inserted above the findings', () => {
    const copy = mkdtempSync(join(tmpdir(), 'twelve-audit-sarif-'));
    cpSync(KITCHEN_SINK, copy, { recursive: true });
    const before = sarifLog(kitchenSinkReport(copy), OPTIONS) as Json;
    const logger = join(copy, 'apps/api/src/logger.js');
    writeFileSync(logger, `// a new header comment\n\n${readFileSync(logger, 'utf8')}`);
    const after = sarifLog(kitchenSinkReport(copy), OPTIONS) as Json;
    const prints = (log: Json) => log.runs[0].results.map((result: Json) => result.partialFingerprints);
    expect(prints(after)).toEqual(prints(before));
    const lines = (log: Json) => log.runs[0].results.map((result: Json) => result.locations[0].physicalLocation.region.startLine);
    expect(lines(after)).not.toEqual(lines(before));
  });
});

describe('result caps', () => {
  function finding(index: number, ruleId: string, severity: Finding['severity'] = 'warning'): Finding {
    return {
      ruleId,
      factor: 3,
      severity,
      messageId: 'm',
      message: `finding ${index}`,
      file: `src/file${index}.ts`,
      line: 1,
      column: 1,
      docs: `docs/rules/${ruleId}.md`,
      app: 'app',
      fingerprint: index.toString(16).padStart(32, '0'),
      suppressed: false,
    };
  }

  it('keeps the gravest results per rule and per run, in report order', () => {
    const findings = [finding(0, 'a/x', 'note'), finding(1, 'a/x', 'error'), finding(2, 'a/x'), finding(3, 'b/y')];
    const { kept, leftOut } = capFindings(findings, 2, 2);
    expect(kept.map((f) => f.message)).toEqual(['finding 1', 'finding 2']);
    expect(Object.fromEntries(leftOut)).toEqual({ 'a/x': 1, '': 1 });
  });

  it('says what was left out in a tool notification', () => {
    const base = kitchenSinkReport();
    const findings = Array.from({ length: MAX_RESULTS_PER_RULE + 5 }, (_, index) => finding(index, 'config/golden-marker'));
    const run = sarifOf({ ...base, findings }).runs[0];
    expect(run.results).toHaveLength(MAX_RESULTS_PER_RULE);
    const capped = run.invocations[0].toolExecutionNotifications.filter((n: Json) => n.descriptor.id === 'twelve-audit/results-capped');
    expect(capped).toEqual([expect.objectContaining({ associatedRule: { id: 'config/golden-marker', index: 0 } })]);
    expect(capped[0].message.text).toContain('5 results of config/golden-marker left out');
  });
});
