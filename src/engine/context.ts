import type { AppFacts, IndexedFile, RepoFacts, ReportDescriptor, Rule, RuleContext, Severity } from '../types.js';
import type { ParsedFiles } from './parsed.js';

export interface ContextInput {
  rule: Rule;
  app: AppFacts;
  repo: RepoFacts;
  files: readonly IndexedFile[];
  parsed: ParsedFiles;
  severity: Severity;
  options: Record<string, unknown>;
}

/**
 * The RuleContext one rule sees for one app: lazy accessors over the shared parse cache, and a
 * `report` that only collects descriptors (turning them into findings is the engine's job).
 */
export function createContext(input: ContextInput): { context: RuleContext; reported: ReportDescriptor[] } {
  const { rule, app, repo, files, parsed, severity, options } = input;
  const reported: ReportDescriptor[] = [];
  const byPath = new Map(files.map((file) => [file.path, file]));
  const triggers = rule.triggers ?? [];
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
        const text = parsed.text(file.path);
        return text !== undefined && triggers.some((trigger) => text.includes(trigger));
      });
    },
    file: (path) => byPath.get(path),
    text: (path) => parsed.text(path),
    ts: (path) => parsed.ts(path),
    dockerfile: (path) => parsed.dockerfile(path),
    yaml: (path) => parsed.yamlAll(path)[0],
    yamlAll: (path) => parsed.yamlAll(path),
    json: (path) => parsed.json(path),
    report(descriptor) {
      reported.push(descriptor);
    },
  };
  return { context, reported };
}
