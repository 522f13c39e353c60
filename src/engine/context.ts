import type { AppFacts, IndexedFile, RepoFacts, ReportDescriptor, Rule, RuleContext, Severity } from '../types.js';
import type { FactStore } from '../facts/store.js';
import type { AppFactMemo } from '../facts/app-facts.js';
import type { ParsedFiles } from './parsed.js';
import { holdsTrigger } from '../util/triggers.js';

export interface ContextInput {
  rule: Rule;
  app: AppFacts;
  repo: RepoFacts;
  files: readonly IndexedFile[];
  parsed: ParsedFiles;
  facts: FactStore;
  /** This app's memo of app facts. */
  appFacts: AppFactMemo;
  severity: Severity;
  options: Record<string, unknown>;
  /** Files this rule is not shown at all: it failed on them in an earlier attempt. */
  excluded?: ReadonlySet<string>;
}

/** What the engine learns while the rule runs: where it was when it failed, and which files it could not parse. */
export interface ContextTrace {
  /** The file the rule last asked about (text or a parse): the one it was working on if it throws. */
  lastFile?: string;
  /** Files the rule asked to parse that did not parse: it ran, but did not analyse them. */
  unparsed: Set<string>;
}

/**
 * The RuleContext one rule sees for one app: lazy accessors over the shared parse cache, and a
 * `report` that only collects descriptors (turning them into findings is the engine's job).
 */
export function createContext(input: ContextInput): { context: RuleContext; reported: ReportDescriptor[]; trace: ContextTrace } {
  const { rule, app, repo, parsed, facts, severity, options } = input;
  const declared = new Set(rule.facts ?? []);
  const excluded = input.excluded ?? new Set<string>();
  const files = excluded.size === 0 ? input.files : input.files.filter((file) => !excluded.has(file.path));
  const reported: ReportDescriptor[] = [];
  const trace: ContextTrace = { unparsed: new Set() };
  const byPath = new Map(files.map((file) => [file.path, file]));
  let repoFiles: Map<string, IndexedFile> | undefined;
  /** A file of the repository outside this app's files: rarely asked, so indexed only when it is. */
  const repoFile = (path: string): IndexedFile | undefined => (repoFiles ??= new Map(repo.files.map((file) => [file.path, file]))).get(path);
  const triggers = rule.triggers ?? [];
  const text = (path: string): string | undefined => {
    if (excluded.has(path)) return undefined;
    trace.lastFile = path;
    return parsed.text(path);
  };
  /** A parse of `path`; noted as unanalysed when the file has text but does not parse. */
  const parse = <T>(path: string, get: () => T): T => {
    if (excluded.has(path)) return undefined as T;
    trace.lastFile = path;
    const value = get();
    if (parsed.failed(path)) trace.unparsed.add(path);
    return value;
  };
  const context: RuleContext = {
    repo,
    app,
    files,
    options,
    severity,
    candidates(filter) {
      return files.filter((file) => {
        if (filter && !filter(file)) return false;
        // Binary files never contain source a rule looks for; reading them would only add "skipped" noise.
        if (file.language === 'binary') return false;
        if (triggers.length === 0) return true;
        const content = parsed.text(file.path);
        return content !== undefined && holdsTrigger(content, triggers);
      });
    },
    file: (path) => byPath.get(path),
    text,
    dockerfile: (path) => parse(path, () => parsed.dockerfile(path)),
    yaml: (path) => parse(path, () => parsed.yamlAll(path)[0]),
    yamlAll: (path) => parse(path, () => parsed.yamlAll(path)),
    json: (path) => parse(path, () => parsed.json(path)),
    facts(path, extractor) {
      // Only declared extractors run before the rules: an undeclared one would silently read as empty.
      if (!declared.has(extractor)) throw new Error(`rule ${rule.id} reads the facts "${extractor.name}" without declaring them`);
      if (excluded.has(path)) return undefined;
      const role = (byPath.get(path) ?? repoFile(path))?.role;
      // The pass never handed the extractor this file: answering "nothing found" would hide a finding.
      if (extractor.roles && role !== undefined && !extractor.roles.includes(role)) throw new Error(`rule ${rule.id} reads the facts "${extractor.name}" of a ${role} file (${path}), but they are extracted only from ${extractor.roles.join(' and ')} files`);
      trace.lastFile = path;
      const value = facts.get(path, extractor);
      if (facts.failed(path, extractor)) trace.unparsed.add(path);
      return value;
    },
    appFact: (fact) => input.appFacts.get(fact),
    report(descriptor) {
      reported.push(descriptor);
    },
  };
  return { context, reported, trace };
}
