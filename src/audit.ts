/**
 * The whole audit as one function: options in, Report out. Reads the repository (the only I/O),
 * then hands plain data from stage to stage.
 */
import { relative, resolve } from 'node:path';
import { applyRuleFlags, configuredKinds, loadConfig } from './config/load.js';
import type { FailOn, ResolvedConfig } from './config/types.js';
import { maskedFinding, runRules } from './engine/run.js';
import type { MaskedTexts } from './engine/mask.js';
import { applyBaseline, readBaseline } from './engine/baseline.js';
import { ruleInfo } from './engine/catalog.js';
import { coverageOf, unscoredReason, withinCoverage } from './engine/coverage.js';
import { withFingerprints } from './engine/fingerprint.js';
import { lineHashes } from './engine/line-hash.js';
import { compareFindings } from './engine/order.js';
import { applyFileRules, FileRules } from './engine/overrides.js';
import { ParsedFiles } from './engine/parsed.js';
import { applyInlineSuppressions } from './engine/suppressions.js';
import { TOOL_CHECK_IDS, TOOL_CHECKS, toolCheckInfo, type ToolCheck } from './tool-checks.js';
import { REPOSITORY_URL, TOOL_NAME, TOOL_VERSION } from './meta.js';
import { detectApps, filesByApp } from './repo/apps.js';
import { FileStore } from './repo/store.js';
import { detectVcs, gitWorkTreeTop } from './repo/vcs.js';
import { walkRepo } from './repo/walk.js';
import { cacheSignature, defaultCacheFile, openCache } from './facts/cache.js';
import { defaultWorkerCount, extractInWorkers, MIN_FILES_FOR_WORKERS } from './facts/pool.js';
import { extractAll, FactStore, jobsOf, type FileJob } from './facts/store.js';
import { treeLanguagesOf } from './facts/extract.js';
import { isTreeSitterLoaded, loadTreeSitter } from './parse/tree-sitter.js';
import type { FileExtractor, FileFacts } from './facts/types.js';
import { Timing, type TimingReport } from './engine/timing.js';
import { appDeductions, grade, repositoryScore, scoreFactors, type ScoringInput } from './score/score.js';
import type { AppFacts, AppReport, AuditError, BaselineSummary, Finding, IndexedFile, RepoFacts, Report, Rule, RuleInfo, RuleResult, Severity, SeverityOrOff } from './types.js';

export interface AuditOptions {
  /** The directory to audit. */
  root: string;
  rules: readonly Rule[];
  configPath?: string;
  /** `--rule ID=severity` flags, applied over the config. */
  ruleFlags?: readonly string[];
  minScore?: number;
  failOn?: FailOn;
  /** `--baseline FILE`, relative to the working directory; wins over the config's `baseline`. */
  baselinePath?: string;
  /** Leave any baseline out (the `baseline` command records every open finding). */
  ignoreBaseline?: boolean;
  /** The working directory, for `baselinePath` and for showing paths; default process.cwd(). */
  cwd?: string;
  /** `--ignore-pattern GLOB` flags, added to the config's `ignore`. */
  ignorePatterns?: readonly string[];
  /** Told the stage and the files read so far as the run goes (the CLI's progress line); nothing depends on it. */
  onProgress?: (progress: AuditProgress) => void;
  /** `--cache`: keep per-file facts between runs, in `location` or the default cache file (the config's `cache: true` too). */
  cache?: { location?: string };
  /** `--timing`: collect time per stage and per rule (`AuditResult.timing`). */
  timing?: boolean;
  /** Worker threads for the per-file pass of `auditInParallel`; default one per core. */
  workers?: number;
}

export interface AuditProgress {
  stage: 'indexing files' | 'detecting apps' | 'checking' | 'scoring';
  /** Files the rules have read so far, of `filesTotal` (the readable files of the index). */
  filesDone: number;
  filesTotal: number;
}

export interface AuditResult {
  report: Report;
  config: ResolvedConfig;
  /** Where the time went, when `timing` was asked for. */
  timing?: TimingReport;
}

/** The config a run uses: the file (or defaults), then the command line's flags over it. */
export function resolveConfig(options: AuditOptions): ResolvedConfig {
  const root = resolve(options.root);
  const knownRuleIds = [...options.rules.map((rule) => rule.id), ...TOOL_CHECK_IDS];
  const loaded = loadConfig({ root, configPath: options.configPath, knownRuleIds, rules: [...options.rules, ...TOOL_CHECKS] });
  const withFlags = applyRuleFlags(loaded, [...(options.ruleFlags ?? [])], knownRuleIds);
  return {
    ...withFlags,
    ...(options.minScore !== undefined && { minScore: options.minScore }),
    ...(options.failOn !== undefined && { failOn: options.failOn }),
    ...(options.ignorePatterns !== undefined && options.ignorePatterns.length > 0 && { ignore: [...withFlags.ignore, ...options.ignorePatterns] }),
  };
}

/** Everything the audit knows before the per-file pass: config, the file index, apps, and how files are read. */
interface Prepared {
  options: AuditOptions;
  started: number;
  root: string;
  knownRuleIds: string[];
  config: ResolvedConfig;
  baseline: ReturnType<typeof loadBaseline>;
  walk: ReturnType<typeof walkRepo>;
  store: FileStore;
  apps: AppFacts[];
  repo: RepoFacts;
  appFiles: Map<string, IndexedFile[]>;
  parsed: ParsedFiles;
  /** Readable files, and those read so far (for the progress line). */
  readable: Set<string>;
  read: Set<string>;
  timing: Timing;
  extractors: FileExtractor[];
}

/** The audit with the per-file pass in this thread: for tests, the API, and small repositories. */
export function audit(options: AuditOptions): AuditResult {
  const prepared = prepare(options);
  const pending = pendingFacts(prepared);
  const unloaded = treeLanguagesOf(pending.missing, prepared.extractors).filter((language) => !isTreeSitterLoaded(language));
  if (unloaded.length > 0) throw new Error(`audit() needs the ${unloaded.join(' and ')} grammars: await loadTreeSitter() first, or call auditInParallel()`);
  const times = options.timing ? {} : undefined;
  const facts = prepared.timing.stage('per-file facts', () => pending.finish(extractAll(pending.missing, prepared.extractors, times)));
  prepared.timing.addExtractors(times);
  return judge(prepared, facts);
}

/**
 * The audit with the per-file pass on worker threads when there are enough files to repay their
 * start-up; what it reports is the same as `audit`'s.
 */
export async function auditInParallel(options: AuditOptions): Promise<AuditResult> {
  const prepared = prepare(options);
  const pending = pendingFacts(prepared);
  const workers = options.workers ?? defaultWorkerCount();
  const times = options.timing ? {} : undefined;
  const facts = await prepared.timing.stageAsync('per-file facts', async () => {
    const inWorkers = workers > 1 && pending.missing.length >= MIN_FILES_FOR_WORKERS;
    if (!inWorkers) await loadTreeSitter(treeLanguagesOf(pending.missing, prepared.extractors));
    return pending.finish(
      inWorkers
        ? await extractInWorkers(pending.missing, prepared.extractors.map(({ name, module }) => ({ name, module })), workers, times)
        : extractAll(pending.missing, prepared.extractors, times),
    );
  });
  prepared.timing.addExtractors(times);
  return judge(prepared, facts);
}

function prepare(options: AuditOptions): Prepared {
  const started = performance.now();
  const timing = new Timing();
  const root = resolve(options.root);
  const knownRuleIds = [...options.rules.map((rule) => rule.id), ...TOOL_CHECK_IDS];
  const config = resolveConfig(options);
  const baseline = options.ignoreBaseline ? undefined : loadBaseline(options, config, root);

  const progress = options.onProgress ?? (() => {});
  progress({ stage: 'indexing files', filesDone: 0, filesTotal: 0 });
  const walk = timing.stage('file index', () => walkRepo(root, { ignore: config.ignore, maxFileSize: config.maxFileSize }));
  progress({ stage: 'detecting apps', filesDone: 0, filesTotal: walk.files.length });
  const store = new FileStore(root, config.maxFileSize);
  const apps = timing.stage('apps', () => detectApps(walk.files, store, configuredKinds(config, root)));
  const repo = { root, vcs: detectVcs(root), isGitIgnored: walk.isGitIgnored, files: walk.files };
  const appFiles = filesByApp(walk.files, apps);
  // Rules see only what the index holds: a path that is absent, ignored or skipped reads as missing,
  // not as an error; oversize files the index keeps for their presence (lockfiles) are never read.
  const readable = new Set(walk.files.filter((file) => file.size <= config.maxFileSize).map((file) => file.path));
  const read = new Set<string>();
  const parsed = new ParsedFiles((path) => {
    if (!readable.has(path)) return undefined;
    if (!read.has(path)) progress({ stage: 'checking', filesDone: read.add(path).size, filesTotal: readable.size });
    return store.text(path);
  });
  const enabled = options.rules.filter((rule) => (config.rules[rule.id]?.severity ?? rule.defaultSeverity) !== 'off');
  const extractors = [...new Set(enabled.flatMap((rule) => rule.facts ?? []))];
  return { options, started, root, knownRuleIds, config, baseline, walk, store, apps, repo, appFiles, parsed, readable, read, timing, extractors };
}

/** The files the per-file pass must read: those the cache holds are taken from it, the rest are `missing`. */
function pendingFacts(prepared: Prepared): { missing: FileJob[]; finish(fresh: readonly [string, FileFacts][]): FactStore } {
  const { options, root, extractors, parsed, config } = prepared;
  const cacheOption = options.cache ?? (config.cache ? {} : undefined);
  const jobs = jobsOf({ files: prepared.walk.files, text: (path) => parsed.text(path), extractors });
  const cache = cacheOption && openCache(cacheOption.location ?? defaultCacheFile(options.cwd ?? process.cwd(), root), cacheSignature(TOOL_VERSION, root, extractors));
  const cached: [string, FileFacts][] = [];
  const missing: FileJob[] = [];
  for (const job of jobs) {
    const hit = cache?.lookup(job);
    if (hit) cached.push([job.path, hit]);
    else missing.push(job);
  }
  return {
    missing,
    finish(fresh) {
      if (cache) {
        const byPath = new Map(jobs.map((job) => [job.path, job]));
        for (const [path, result] of [...cached, ...fresh]) cache.remember(byPath.get(path)!, result);
        cache.save();
      }
      return new FactStore([...cached, ...fresh], cache && { hits: cached.length, misses: fresh.length });
    },
  };
}

function judge(prepared: Prepared, facts: FactStore): AuditResult {
  const { options, started, root, knownRuleIds, config, baseline, walk, store, apps, repo, appFiles, parsed, readable, read, timing } = prepared;
  const progress = options.onProgress ?? (() => {});
  const engine = timing.stage('rules', () =>
    runRules({
      rules: options.rules,
      apps: apps.map((app) => ({ app, files: appFiles.get(app.path) ?? [] })),
      repo,
      parsed,
      facts,
      config,
      ...(options.timing && { timing }),
    }),
  );

  const afterRules = performance.now();
  progress({ stage: 'scoring', filesDone: read.size, filesTotal: readable.size });
  const configured = configuredSeverities(options.rules, config);
  const fileRules = new FileRules(config);
  const configuredOf = (ruleId: string): Severity => {
    const severity = configured.get(ruleId);
    return severity === undefined || severity === 'off' ? 'note' : severity;
  };
  const ruleById = new Map(options.rules.map((rule) => [rule.id, rule]));
  const coverages = apps.map((app) => coverageOf(appFiles.get(app.path) ?? []));
  const coverageAt = (index: number) => coverages[index] ?? coverageOf([]);
  const leveled = engine.results.map((appResults, index) =>
    appResults.map((result): RuleResult => {
      const covered = withinCoverage(result, ruleById.get(result.ruleId), coverageAt(index));
      return { ...covered, findings: applyFileRules(covered.findings, configuredOf, fileRules) };
    }),
  );
  const appOfFile = appNameByFile(apps, appFiles);
  const ranByApp = new Map(apps.map((app, index) => [app.name, rulesThatRan(leveled[index] ?? [])]));
  const ruleFindings = leveled.flat().flatMap((result) => result.findings);
  const inline = applyInlineSuppressions({
    findings: ruleFindings,
    files: walk.files,
    text: (path) => store.text(path),
    knownRuleIds,
    requireReason: config.requireSuppressionReason,
    ruleRan: (ruleId, file) => (ranByApp.get(appOfFile(file))?.has(ruleId) ?? false) && !fileRules.isOff(ruleId, file),
    appOf: appOfFile,
    severityOf: (check) => configured.get(check.id) ?? check.defaultSeverity,
  });
  const toolFindings = applyFileRules(
    inline.toolFindings.map((finding) => maskedFinding(finding, engine.masked, finding.snippet !== undefined)),
    configuredOf,
    fileRules,
  );
  // Each stage returns new findings in the order it was given: a rule finding's place in the report
  // order finds its final version, from which the rule results are rebuilt.
  const ordered = [...inline.findings, ...toolFindings].map((finding, index) => ({ finding, index })).sort((a, b) => compareFindings(a.finding, b.finding));
  const located = withLocations(withFingerprints(ordered.map(({ finding }) => finding)), (path) => store.text(path), engine.masked);
  const positionOf = new Map<Finding, number>();
  ordered.forEach(({ index }, position) => {
    const ruleFinding = ruleFindings[index];
    if (ruleFinding) positionOf.set(ruleFinding, position);
  });
  const resultsWith = (findings: readonly Finding[]) =>
    leveled.map((appResults) => appResults.map((result) => ({ ...result, findings: result.findings.map((finding) => findings[positionOf.get(finding)!]!) })));
  const scoringOf = (results: RuleResult[][], index: number): ScoringInput => ({
    results: results[index] ?? [],
    factorOf: (id) => ruleById.get(id)?.factor ?? 'codebase',
    severityOf: configuredOf,
    capOf: (id, messageId) => ruleById.get(id)?.caps?.[messageId],
    weights: config.weights,
    unscored: apps[index] && unscoredReason(apps[index], coverageAt(index)),
  });
  const unbaselined = resultsWith(located);
  const baselined = baseline && applyBaseline(located, baseline.entries, baseline.shownAs);
  const findings = baselined?.findings ?? located;
  const results = baselined ? resultsWith(findings) : unbaselined;
  // Scored before the baseline marks its findings too, so the report can say what the baseline hides.
  const baselineSummary: BaselineSummary | undefined = baselined && {
    ...baselined.summary,
    scoreWithoutBaseline: repositoryScore(apps.map((_, index) => appDeductions(scoringOf(unbaselined, index)).score)) ?? null,
  };

  const appReports: AppReport[] = apps.map((app, index) => {
    const scoring = scoringOf(results, index);
    const deductions = appDeductions(scoring);
    return { name: app.name, path: app.path, kind: app.kind, kindReason: app.kindReason, score: deductions.score, deductions, coverage: coverageAt(index), factors: scoreFactors(scoring) };
  });

  const errors: AuditError[] = [
    ...[...walk.skipped, ...store.errors, ...parsed.errors, ...facts.errors()].map((error) => ({ ...error, message: engine.masked.message(error.file, error.message) })),
    ...engine.errors,
  ];
  const score = repositoryScore(appReports.map((app) => app.score));
  timing.addStage('findings and scores', performance.now() - afterRules);
  const report: Report = {
    tool: { name: TOOL_NAME, version: TOOL_VERSION, informationUri: REPOSITORY_URL },
    root,
    rootInRepository: rootInRepository(root),
    rules: ruleCatalog(options.rules, configured),
    ...(baselineSummary && { baseline: baselineSummary }),
    score,
    grade: grade(score),
    apps: appReports,
    findings,
    errors: sortErrors(errors),
    stats: {
      filesIndexed: walk.files.length,
      filesParsed: new Set([...parsed.parsedPaths(), ...facts.paths()]).size,
      filesSkipped: errors.filter((error) => error.kind === 'skipped' || error.kind === 'read').length,
      rulesRun: options.rules.filter((rule) => config.rules[rule.id]?.severity !== 'off').length,
      coverage: coverageOf(walk.files),
      ...(facts.cacheUse && { cache: { ...facts.cacheUse, result: 'computed' as const } }),
      durationMs: Math.round(performance.now() - started),
    },
  };
  return { report, config, ...(options.timing && { timing: timing.report() }) };
}

/** Each rule's and each tool check's configured severity (config and --rule flags over defaults). */
function configuredSeverities(rules: readonly Rule[], config: ResolvedConfig): Map<string, SeverityOrOff> {
  const defaults: { id: string; defaultSeverity: Severity }[] = [...rules, ...TOOL_CHECKS];
  return new Map(defaults.map(({ id, defaultSeverity }) => [id, config.rules[id]?.severity ?? defaultSeverity]));
}

function ruleCatalog(rules: readonly Rule[], configured: ReadonlyMap<string, SeverityOrOff>): RuleInfo[] {
  const enabled = <T extends { id: string }>(items: readonly T[]) =>
    items.flatMap((item) => {
      const severity = configured.get(item.id);
      return severity === undefined || severity === 'off' ? [] : [{ item, severity }];
    });
  return [
    ...enabled(rules).map(({ item, severity }) => ruleInfo(item, severity)),
    ...enabled<ToolCheck>(TOOL_CHECKS).map(({ item, severity }) => toolCheckInfo(item, severity)),
  ];
}

/** Rules that looked at the app's files (not n/a, not crashed). */
function rulesThatRan(results: readonly RuleResult[]): Set<string> {
  return new Set(results.filter((result) => result.status === 'pass' || result.status === 'fail').map((result) => result.ruleId));
}

function appNameByFile(apps: readonly AppFacts[], appFiles: ReadonlyMap<string, readonly IndexedFile[]>): (file: string) => string {
  const byFile = new Map<string, string>();
  for (const app of apps) for (const file of appFiles.get(app.path) ?? []) byFile.set(file.path, app.name);
  const rootApp = apps.find((app) => app.path === '.')?.name ?? apps[0]?.name ?? '';
  return (file) => byFile.get(file) ?? rootApp;
}

/**
 * Every finding with a full region (a finding without an end spans the rest of its line) and
 * GitHub's line hash of its start line, computed as codeql-action does but over the file's masked
 * text (`masked`), so that no hash depends on a secret: on lines whose next 100 characters hold
 * none, it is the hash GitHub computes itself. The store strips a UTF-8 BOM, which codeql-action
 * hashes as a character: line 1 of such a file is the other place the two can differ. Each file is
 * split into lines and hashed once, however many findings it has. Same order as given.
 */
function withLocations(findings: readonly Finding[], text: (path: string) => string | undefined, masked: MaskedTexts): Finding[] {
  const byFile = new Map<string, { lines: string[]; hashes: string[] } | undefined>();
  const indexOf = (path: string) => {
    if (!byFile.has(path)) {
      const content = text(path);
      const maskedContent = masked.text(path);
      byFile.set(path, content === undefined ? undefined : { lines: content.split(/\r?\n|\r/), hashes: maskedContent === undefined ? [] : lineHashes(maskedContent) });
    }
    return byFile.get(path);
  };
  return findings.map((finding) => {
    const index = indexOf(finding.file);
    if (index === undefined) return finding;
    const lineHash = index.hashes[finding.line - 1];
    const located = lineHash === undefined ? finding : { ...finding, lineHash };
    if (finding.endLine !== undefined && finding.endColumn !== undefined) return located;
    const endLine = finding.endLine ?? finding.line;
    const lineEnd = (index.lines[endLine - 1] ?? '').trimEnd().length + 1;
    return { ...located, endLine, endColumn: endLine === finding.line ? Math.max(finding.column, lineEnd) : lineEnd };
  });
}

/** The audited root relative to the top of its git work tree, POSIX; '' at the top or outside git. */
function rootInRepository(root: string): string {
  const top = gitWorkTreeTop(root);
  return top === undefined ? '' : relative(top, root).split('\\').join('/');
}

function loadBaseline(options: AuditOptions, config: ResolvedConfig, root: string) {
  const cwd = options.cwd ?? process.cwd();
  if (options.baselinePath !== undefined) {
    return { entries: readBaseline(resolve(cwd, options.baselinePath), options.baselinePath), shownAs: options.baselinePath };
  }
  if (config.baseline === undefined) return undefined;
  return { entries: readBaseline(resolve(root, config.baseline), config.baseline), shownAs: config.baseline };
}

function sortErrors(errors: AuditError[]): AuditError[] {
  const key = (error: AuditError) => `${error.file ?? ''}\u0000${error.ruleId ?? ''}\u0000${error.message}`;
  const unique = new Map(errors.map((error) => [key(error), error]));
  return [...unique.values()].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
