/**
 * The per-file pass: a pure function of a file (its path, role and text) and the extractors asked
 * for. Each file is parsed at most once, whatever number of extractors read it, and not at all when
 * none is handed it.
 */
import { looksMinified } from '../parse/minified.js';
import { isScriptPath } from '../parse/typescript.js';
import { positionsIn } from '../util/positions.js';
import { holdsTrigger } from '../util/triggers.js';
import type { FileRole, Language } from '../types.js';
import type { FileExtractor, FileFacts, FileInput, SyntaxExtraction } from './types.js';
import { extractTypeScript } from './walk-typescript.js';
import { extractTree, type NamedTreeExtraction } from './walk-tree.js';
import type { TreeLanguage } from '../parse/tree-sitter.js';

/** A file as the pass sees it: where it is, how it is read, and its role in the repository. */
export interface PassFile {
  path: string;
  language: Language;
  role: FileRole;
}

/** Whether any of `extractors` reads this file: by its path and role, and when its text is given, by its triggers too. */
export function readsFile(extractors: readonly FileExtractor[], file: PassFile & { text?: string }): boolean {
  return extractors.some((extractor) => handedTo(extractor, file) !== undefined);
}

type Reader = 'typescript' | TreeLanguage | 'text';

/** How `extractor` reads the file, if it is handed the file at all: a file without any of its triggers has nothing for it. */
function handedTo(extractor: FileExtractor, file: PassFile & { text?: string }): Reader | undefined {
  const reader = readerOf(extractor, file);
  if (reader === undefined || file.text === undefined || !extractor.triggers) return reader;
  return holdsTrigger(file.text, extractor.triggers) ? reader : undefined;
}

function readerOf(extractor: FileExtractor, { path, language, role }: PassFile): Reader | undefined {
  if ((extractor.roles && !extractor.roles.includes(role)) || (extractor.paths && !extractor.paths(path))) return undefined;
  if (isScriptPath(path)) return extractor.typescript ? 'typescript' : undefined;
  if (language === 'python' || language === 'go') return extractor[language] ? language : undefined;
  return extractor.text?.languages.includes(language) ? 'text' : undefined;
}

/**
 * `times`, when given, collects milliseconds per extractor (and the parse and walk itself under
 * PARSE_AND_WALK) for `--timing`; without it nothing is timed.
 */
export function extractFile(file: PassFile & { text: string }, extractors: readonly FileExtractor[], times?: Record<string, number>): FileFacts {
  // The line index is built on the first span asked for: most files yield none.
  let position: ReturnType<typeof positionsIn> | undefined;
  const input: FileInput = {
    path: file.path,
    language: file.language,
    text: file.text,
    span(start, end) {
      position ??= positionsIn(file.text);
      const from = position(start);
      const to = position(end);
      return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
    },
  };
  const facts: Record<string, unknown> = {};
  const failures: Record<string, string> = {};
  const scripts: { name: string; extraction: NonNullable<FileExtractor['typescript']> }[] = [];
  const trees: NamedTreeExtraction[] = [];
  let treeLanguage: TreeLanguage | undefined;
  for (const extractor of extractors) {
    const reader = handedTo(extractor, file);
    if (reader === undefined) continue;
    if (reader === 'typescript' && extractor.typescript) scripts.push({ name: extractor.name, extraction: guarded(extractor.name, extractor.typescript, failures, times) });
    else if ((reader === 'python' || reader === 'go') && extractor[reader]) {
      treeLanguage = reader;
      trees.push({ name: extractor.name, extraction: guarded(extractor.name, extractor[reader], failures, times) });
    } else if (reader === 'text' && extractor.text) {
      const { text } = extractor;
      facts[extractor.name] = attempt(extractor.name, failures, times, (file) => text.extract(file), input);
    }
  }
  const done = (walked: Record<string, unknown>): FileFacts => {
    const all = { ...facts, ...walked };
    for (const name of Object.keys(failures)) delete all[name];
    return Object.keys(failures).length === 0 ? { ok: true, facts: all } : { ok: true, facts: all, failures };
  };
  if (scripts.length === 0 && trees.length === 0) return done({});
  if (looksMinified(file.text)) return { ok: false, skipped: true, message: 'skipped: looks minified or bundled' };
  const started = times && performance.now();
  const visiting = times && Object.values(times).reduce((sum, ms) => sum + ms, 0);
  try {
    const walked = treeLanguage === undefined ? extractTypeScript(input, scripts) : extractTree(input, treeLanguage, trees);
    return walked.ok ? done(walked.facts) : { ok: false, skipped: false, message: walked.message };
  } catch (error) {
    // The parser recurses: nesting deep enough overflows the stack. That costs this file, never the audit.
    return { ok: false, skipped: false, message: error instanceof RangeError ? 'not analysed: nested too deeply to parse' : 'not analysed: the parser failed on this file' };
  } finally {
    if (times && started !== undefined && visiting !== undefined) {
      // What the extractors' own time does not account for is the parse and the walk.
      const extracting = Object.values(times).reduce((sum, ms) => sum + ms, 0) - visiting;
      addTime(times, PARSE_AND_WALK, performance.now() - started - extracting);
    }
  }
}

/** The `--timing` entry of the parse and walk, beside the extractors'. */
export const PARSE_AND_WALK = '(parse and walk)';

function addTime(times: Record<string, number>, name: string, ms: number): void {
  times[name] = (times[name] ?? 0) + ms;
}

/**
 * One step of extractor `name` on this file, `work(input)`: a throw costs only that extractor's facts
 * of the file (recorded in `failures`, and no later step of it runs), never the other extractors'
 * facts; the step's time goes to `times` when it is kept. The input is an argument, not captured in
 * a closure: a walk takes a step per node and visitor, and must not allocate one each time.
 */
function attempt<Input, T>(name: string, failures: Record<string, string>, times: Record<string, number> | undefined, work: (input: Input) => T, input: Input): T | undefined {
  if (name in failures) return undefined;
  const started = times && performance.now();
  try {
    return work(input);
  } catch (error) {
    failures[name] = messageOf(error);
    return undefined;
  } finally {
    if (times && started !== undefined) addTime(times, name, performance.now() - started);
  }
}

/** A syntax extraction whose every step is an `attempt`. */
function guarded<Kind, Node>(
  name: string,
  extraction: SyntaxExtraction<Kind, Node, unknown>,
  failures: Record<string, string>,
  times: Record<string, number> | undefined,
): SyntaxExtraction<Kind, Node, unknown> {
  return {
    kinds: extraction.kinds,
    create(file) {
      const visitor = attempt(name, failures, times, (input) => extraction.create(input), file);
      if (!visitor) return { visit() {}, result: () => undefined };
      const visit = (node: Node) => visitor.visit(node);
      return {
        visit: (node) => void attempt(name, failures, times, visit, node),
        result: () => attempt(name, failures, times, () => visitor.result(), undefined),
      };
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The tree-sitter grammars the pass needs for `jobs` (load them with `loadTreeSitter` first). */
export function treeLanguagesOf(jobs: readonly PassFile[], extractors: readonly FileExtractor[]): TreeLanguage[] {
  const needed = new Set<TreeLanguage>();
  for (const job of jobs) {
    const reader = extractors.map((extractor) => readerOf(extractor, job)).find((found) => found === 'python' || found === 'go');
    if (reader === 'python' || reader === 'go') needed.add(reader);
  }
  return [...needed].sort();
}
