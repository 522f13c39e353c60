/**
 * The whole audit as one function: options in, Report out. Reads the repository (the only I/O),
 * then hands plain data from stage to stage.
 */
import { resolve } from 'node:path';
import { applyRuleFlags, loadConfig } from './config/load.js';
import type { FailOn, ResolvedConfig } from './config/types.js';
import { runRules } from './engine/run.js';
import { assignFingerprints } from './engine/fingerprint.js';
import { compareFindings } from './engine/order.js';
import { ParsedFiles } from './engine/parsed.js';
import { REPOSITORY_URL, TOOL_NAME, TOOL_VERSION } from './meta.js';
import { detectApps, detectVcs, filesOfApp } from './repo/apps.js';
import { FileStore } from './repo/store.js';
import { walkRepo } from './repo/walk.js';
import { appScore, grade, repositoryScore, scoreFactors } from './score/score.js';
import type { AppReport, AuditError, Finding, Report, Rule } from './types.js';

export interface AuditOptions {
  /** The directory to audit. */
  root: string;
  rules: readonly Rule[];
  configPath?: string;
  /** `--rule ID=severity` flags, applied over the config. */
  ruleFlags?: readonly string[];
  minScore?: number;
  failOn?: FailOn;
}

export interface AuditResult {
  report: Report;
  config: ResolvedConfig;
}

export function audit(options: AuditOptions): AuditResult {
  const started = performance.now();
  const root = resolve(options.root);
  const knownRuleIds = options.rules.map((rule) => rule.id);
  const loaded = loadConfig({ root, configPath: options.configPath, knownRuleIds });
  const withFlags = applyRuleFlags(loaded, [...(options.ruleFlags ?? [])], knownRuleIds);
  const config: ResolvedConfig = {
    ...withFlags,
    ...(options.minScore !== undefined && { minScore: options.minScore }),
    ...(options.failOn !== undefined && { failOn: options.failOn }),
  };

  const walk = walkRepo(root, { ignore: config.ignore, maxFileSize: config.maxFileSize });
  const store = new FileStore(root);
  const apps = detectApps(walk.files, store);
  const repo = { root, vcs: detectVcs(root) };
  const parsed = new ParsedFiles((path) => store.text(path));
  const engine = runRules({
    rules: options.rules,
    apps: apps.map((app) => ({ app, files: filesOfApp(app, walk.files, apps) })),
    repo,
    parsed,
    config,
  });

  const factorOfRule = new Map(options.rules.map((rule) => [rule.id, rule.factor]));
  const appReports: AppReport[] = apps.map((app, index) => {
    const factors = scoreFactors(engine.results[index] ?? [], (id) => factorOfRule.get(id) ?? 'codebase', config.weights);
    return { name: app.name, path: app.path, kind: app.kind, kindReason: app.kindReason, score: appScore(factors), factors };
  });
  const findings: Finding[] = appReports
    .flatMap((app) => app.factors.flatMap((factor) => factor.rules.flatMap((rule) => rule.findings)))
    .sort(compareFindings);
  assignFingerprints(findings);

  const errors: AuditError[] = [...walk.skipped, ...store.errors, ...parsed.errors, ...engine.errors];
  const score = repositoryScore(appReports.map((app) => app.score));
  const report: Report = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: REPOSITORY_URL },
    root,
    score,
    grade: grade(score),
    apps: appReports,
    findings,
    errors: sortErrors(errors),
    stats: {
      filesIndexed: walk.files.length,
      filesParsed: parsed.filesParsed,
      filesSkipped: errors.filter((error) => error.kind === 'skipped' || error.kind === 'read').length,
      rulesRun: options.rules.filter((rule) => config.rules[rule.id]?.severity !== 'off').length,
      durationMs: Math.round(performance.now() - started),
    },
  };
  return { report, config };
}

function sortErrors(errors: AuditError[]): AuditError[] {
  const key = (error: AuditError) => `${error.file ?? ''}\u0000${error.ruleId ?? ''}\u0000${error.message}`;
  const unique = new Map(errors.map((error) => [key(error), error]));
  return [...unique.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
