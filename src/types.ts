/**
 * The shared vocabulary of twelve-audit. Every stage and every rule speaks these types;
 * rules import only this file and `src/rule-kit/`.
 */
import type { Dockerfile } from 'dockerfile-ast';
import type { AppFact, FileExtractor } from './facts/types.js';

export type Severity = 'error' | 'warning' | 'note';
export type SeverityOrOff = Severity | 'off';

export type FactorSlug =
  | 'codebase'
  | 'dependencies'
  | 'config'
  | 'backing-services'
  | 'build-release-run'
  | 'processes'
  | 'port-binding'
  | 'concurrency'
  | 'disposability'
  | 'dev-prod-parity'
  | 'logs'
  | 'admin-processes';

export interface Factor {
  number: number;
  slug: FactorSlug;
  title: string;
}

export type FileRole = 'source' | 'test' | 'config' | 'docs' | 'generated' | 'vendored';

export type Language =
  | 'typescript'
  | 'javascript'
  | 'json'
  | 'yaml'
  | 'toml'
  | 'dockerfile'
  | 'shell'
  | 'env'
  | 'python'
  | 'go'
  | 'ruby'
  | 'markdown'
  | 'prisma'
  | 'text'
  | 'binary'
  | 'other';

/** One file of the audited repository, as the repo index knows it. */
export interface IndexedFile {
  /** Repo-relative POSIX path. */
  path: string;
  size: number;
  language: Language;
  role: FileRole;
}

export type AppKind = 'service' | 'worker' | 'cli' | 'library';

export interface PackageJson {
  name?: string;
  version?: string;
  private?: boolean;
  main?: string;
  bin?: string | Record<string, string>;
  scripts?: Record<string, string>;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  engines?: Record<string, string>;
  workspaces?: string[] | { packages?: string[] };
  [key: string]: unknown;
}

/** What an app is, derived once from its files; rules read it to decide whether they apply. */
export interface AppFacts {
  /** Package name, or the folder name when there is none. */
  name: string;
  /** Repo-relative POSIX path of the app's folder; '.' for the root. */
  path: string;
  kind: AppKind;
  /** Human-readable evidence for `kind`, e.g. "depends on express". */
  kindReason: string;
  /** Repo-relative path of the app's package.json, when it has one. */
  manifest?: string;
  packageJson?: PackageJson;
  /** Runtime dependency names (dependencies + optional + peer). */
  dependencies: string[];
  devDependencies: string[];
  /** Lockfiles that govern this app (its own or the workspace root's). */
  lockfiles: string[];
  dockerfiles: string[];
  composeFiles: string[];
  procfile?: string;
  /** CI configuration files of the repository (GitHub Actions, GitLab CI, ...). */
  ciFiles: string[];
  /** Likely entry points (main, bin, start script targets, server.*, index.*), repo-relative. */
  entryPoints: string[];
  /** True for the root of a workspace that has member apps. */
  isWorkspaceRoot: boolean;
}

export interface RepoFacts {
  /** Absolute path of the audited root. */
  root: string;
  /** The audited root lies inside a version-control work tree. */
  vcs: 'git' | 'hg' | 'svn' | null;
  /** Whether .gitignore rules exclude this repo-relative path (existing or not; a folder ends with '/'). */
  isGitIgnored(path: string): boolean;
  /** Every indexed file of the repository, whichever app it belongs to (a member app's root `.nvmrc`, compose file, CI). */
  files: readonly IndexedFile[];
}

export type RuleStatus = 'pass' | 'fail' | 'n/a' | 'error';

export interface Location {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

export interface Suppression {
  /** `inSource`: a `twelve-audit-ignore` comment; `external`: the config's `rules[id].ignore`. */
  kind: 'inSource' | 'external';
  /** The reason given after `--`, or which config entry ignored it. */
  justification?: string;
}

export interface Finding extends Location {
  ruleId: string;
  factor: number;
  severity: Severity;
  messageId: string;
  /** Structured arguments of the message; secrets are already masked here. */
  data?: Record<string, string | number>;
  message: string;
  /** The source line (trimmed), secrets masked. */
  snippet?: string;
  /** One-line hint on how to fix it. */
  help?: string;
  /** Repo-relative path of the rule's doc page. */
  docs: string;
  /** Name of the app the finding belongs to. */
  app: string;
  fingerprint: string;
  /**
   * GitHub code scanning's `primaryLocationLineHash` of the start line (`<hex>:<n>`), computed as
   * codeql-action's upload does, so local and GitHub alert identities agree.
   */
  lineHash?: string;
  suppressed: boolean;
  suppression?: Suppression;
  /** Recorded in the baseline file: reported, but out of the score and the exit code. */
  baselined?: boolean;
}

export interface RuleResult {
  ruleId: string;
  status: RuleStatus;
  /** 0..10 when the rule applies, null when it is n/a or crashed. */
  score: number | null;
  /** Why the rule does not apply, or why it errored. */
  reason?: string;
  findings: Finding[];
  /**
   * Files of the app this rule could not analyse (a syntax error, or the rule failed on that file):
   * the rule ran on every other file, but it did not pass them.
   */
  unanalysed?: string[];
}

/** Source files (role `source`) per program language: what the rules read and what they cannot. */
export interface Coverage {
  analysed: Partial<Record<Language, number>>;
  notAnalysed: Partial<Record<Language, number>>;
}

/** A kind of finding that caps an app's score whatever else passes (see docs/scoring.md). */
export type ScoreCap = 'literal-secret';

/** What an app's score is made of: the points each rule cost, and the cap that applies. */
export interface AppDeductions {
  /** 100 minus the points, scaled down to the cap if one applies; null when no rule applies to the app. */
  score: number | null;
  /** The score before it is scaled to the cap. */
  uncapped?: number;
  /** Why the app has no score although rules applied: most of its code is not analysed, or it has no file to audit. */
  unscored?: string;
  /** Points each rule cost (after its factor's weight), gravest first; rules that cost nothing are left out. */
  rules: { ruleId: string; points: number }[];
  /** The lowest cap an open finding carries, and the first finding that carries it. */
  cap?: { kind: ScoreCap; max: number; why: string; ruleId: string; file: string; line: number };
}

export interface FactorResult {
  number: number;
  slug: FactorSlug;
  title: string;
  score: number | null;
  weight: number;
  rules: RuleResult[];
}

export interface AppReport {
  name: string;
  path: string;
  kind: AppKind;
  kindReason: string;
  score: number | null;
  /** Why the score is what it is: points per rule and the cap, if any. */
  deductions: AppDeductions;
  /** The app's program source files, by language, split into those the rules analyse and those they cannot. */
  coverage: Coverage;
  factors: FactorResult[];
}

export interface AuditError {
  kind: 'parse' | 'read' | 'rule' | 'skipped';
  message: string;
  file?: string;
  ruleId?: string;
}

/** What reporters need to know about a rule that ran (SARIF `tool.driver.rules`, help pages). */
export interface RuleInfo {
  id: string;
  /** Factor number; 0 for twelve-audit's own checks (e.g. unused suppressions), which no factor scores. */
  factor: number;
  title: string;
  description: string;
  fix: string;
  /** The configured severity (the default severity unless config changed it). */
  severity: Severity;
  tags: string[];
  /** Repo-relative path of its doc page in the twelve-audit package. */
  docs: string;
  /** URL of its doc page. */
  helpUri: string;
  /** Plain-text help: what it finds, why it matters, how to fix it (from the doc page). */
  helpText: string;
  /** Markdown help: why it matters, how to fix it, a good example (from the doc page). */
  helpMarkdown: string;
}

export interface BaselineSummary {
  /** The baseline file, as given (relative to the working directory or the audited root). */
  file: string;
  /** Entries in the baseline file. */
  entries: number;
  /** Findings of this run that the baseline holds. */
  baselined: number;
  /** Baseline entries no finding of this run matches any more: fixed (or moved to another file). */
  fixed: number;
  /** The repository score had the baselined findings counted (null when no rule applies). */
  scoreWithoutBaseline?: number | null;
}

export interface Report {
  tool: { name: string; version: string; informationUri: string };
  root: string;
  /**
   * The audited root relative to the top of its git work tree ('' when it is the top or not in git):
   * code scanning wants paths from the repository root.
   */
  rootInRepository?: string;
  /** Every rule that ran (not turned off), plus twelve-audit's own checks, in registry order. */
  rules?: RuleInfo[];
  /** Present when a baseline was applied. */
  baseline?: BaselineSummary;
  score: number | null;
  grade: string;
  apps: AppReport[];
  findings: Finding[];
  errors: AuditError[];
  stats: {
    filesIndexed: number;
    filesParsed: number;
    filesSkipped: number;
    rulesRun: number;
    /** Source files of the whole repository by language, analysed and not. */
    coverage: Coverage;
    /**
     * With `--cache`: files whose facts came from the cache, and files analysed afresh; `result` says
     * whether the audit ran or its whole result was given back (nothing it depends on had changed).
     */
    cache?: { hits: number; misses: number; result: 'computed' | 'reused' };
    durationMs: number;
  };
}

// ---------------------------------------------------------------------------------------------
// Rules

export interface ReportDescriptor<MessageId extends string = string> {
  messageId: MessageId;
  data?: Record<string, string | number>;
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based; defaults to 1. */
  column?: number;
  endLine?: number;
  endColumn?: number;
  /** Overrides the configured severity for this finding (e.g. lower in test files). */
  severity?: Severity;
  /** Secret values that must be masked wherever they would appear in message or snippet. */
  secrets?: string[];
  /** `false` when the line must not be shown at all (e.g. a committed log's content). */
  snippet?: false;
}

export interface RuleContext<MessageId extends string = string> {
  readonly repo: RepoFacts;
  readonly app: AppFacts;
  /** Files that belong to this app (members of a workspace are excluded from the root app). */
  readonly files: readonly IndexedFile[];
  /** The rule's options: defaults merged with config. */
  readonly options: Readonly<Record<string, unknown>>;
  /** The configured severity of this rule. */
  readonly severity: Severity;
  /** Files of this app whose text contains one of the rule's triggers (all files when it has none). */
  candidates(filter?: (file: IndexedFile) => boolean): IndexedFile[];
  file(path: string): IndexedFile | undefined;
  text(path: string): string | undefined;
  dockerfile(path: string): Dockerfile | undefined;
  yaml(path: string): unknown;
  /** Every document of a multi-document YAML file. */
  yamlAll(path: string): unknown[];
  json(path: string): unknown;
  /**
   * What `extractor` found in the file, from the engine's one pass over it; undefined when the
   * extractor does not read the file's language, or the file could not be analysed. The rule must
   * declare the extractor in `facts`.
   */
  facts<T>(path: string, extractor: FileExtractor<T>): T | undefined;
  /** A fact of the whole app, computed once per app for every rule that asks (see `defineAppFact`). */
  appFact<T>(fact: AppFact<T>): T;
  report(descriptor: ReportDescriptor<MessageId>): void;
}

export interface Rule<MessageId extends string = string> {
  /** `<factor-slug>/<rule-name>`. */
  id: string;
  factor: FactorSlug;
  defaultSeverity: Severity;
  title: string;
  /** One line: what the rule finds. */
  description: string;
  /** One line: how to fix what it finds. */
  fix: string;
  messages: Record<MessageId, string>;
  /** `true` when the rule applies to the app, otherwise the reason it does not. */
  appliesTo(app: AppFacts, repo: RepoFacts): true | string;
  /** A file containing none of these strings is never parsed for this rule. */
  triggers?: string[];
  /** The per-file facts the rule reads (`ctx.facts`): the engine extracts them in its one pass over each file. */
  facts?: readonly FileExtractor[];
  /**
   * The program-source languages the rule reads, for a rule that reads nothing else: for an app with
   * source files in none of them (its code is in a language twelve-audit does not analyse, or it has
   * none), the rule is n/a with that reason instead of passing on nothing.
   */
  languages?: readonly Language[];
  /** Default options; config may override them per key. */
  defaultOptions?: Record<string, unknown>;
  /**
   * Rules this one is more specific than: where both report the same file, line and column, only
   * this rule's finding is kept (one location, one finding). `rule/id#messageId` names one message of
   * a rule: its other findings at that location stay.
   */
  supersedes?: string[];
  /** Tags for SARIF and docs, e.g. `security`. */
  tags?: string[];
  /** Messages whose open findings cap the app's score (see `ScoreCap`). */
  caps?: Partial<Record<MessageId, ScoreCap>>;
  check(ctx: RuleContext<MessageId>): void;
}
