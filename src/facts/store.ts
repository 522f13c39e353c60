/**
 * The facts of every file the enabled extractors read, gathered before any rule runs: from the cache
 * where the file's text is unchanged, otherwise by the per-file pass (in this thread, or in workers).
 */
import type { AuditError, IndexedFile } from '../types.js';
import { extractFile, readsFile } from './extract.js';
import type { FileExtractor, FileFacts } from './types.js';

export interface FactSource {
  files: readonly IndexedFile[];
  /** The file's text, or undefined when it is unreadable, binary or too big. */
  text(path: string): string | undefined;
  extractors: readonly FileExtractor[];
}

/** One file to analyse: what the pass (or a worker) needs of it. */
export interface FileJob {
  path: string;
  language: IndexedFile['language'];
  role: IndexedFile['role'];
  text: string;
}

export class FactStore {
  private readonly byPath = new Map<string, FileFacts>();
  /** Files some rule asked about: only their failures are reported, as a lazy parse would report them. */
  private readonly asked = new Set<string>();
  /** Extractors asked about a file on which they failed: `path` and name. */
  private readonly askedFailures = new Map<string, Set<string>>();

  /**
   * @param cacheUse with `--cache`: how many files' facts came from the cache (`hits`) and how many
   *   the pass analysed afresh (`misses`).
   */
  constructor(
    results: Iterable<readonly [string, FileFacts]>,
    readonly cacheUse?: { hits: number; misses: number },
  ) {
    for (const [path, facts] of results) this.byPath.set(path, facts);
  }

  /** The files the pass read (or the cache gave). */
  paths(): IterableIterator<string> {
    return this.byPath.keys();
  }

  /** What `extractor` found in `path`; undefined when it does not read that file or the file was not analysed. */
  get<T>(path: string, extractor: FileExtractor<T>): T | undefined {
    this.asked.add(path);
    const result = this.byPath.get(path);
    if (result?.ok && result.failures?.[extractor.name] !== undefined) {
      this.askedFailures.set(path, (this.askedFailures.get(path) ?? new Set()).add(extractor.name));
    }
    return result?.ok ? (result.facts[extractor.name] as T | undefined) : undefined;
  }

  /**
   * Whether `extractor` has no facts of this file because something failed: the parse (a syntax
   * error, nested too deep) or the extractor itself. A skipped bundle is not a failure.
   */
  failed(path: string, extractor: FileExtractor): boolean {
    const result = this.byPath.get(path);
    if (result === undefined) return false;
    return result.ok ? result.failures?.[extractor.name] !== undefined : !result.skipped;
  }

  /** Files a rule asked about that could not be analysed, and extractors that failed on them, as audit errors. */
  errors(): AuditError[] {
    return [...this.byPath].flatMap(([file, result]): AuditError[] => {
      if (!this.asked.has(file)) return [];
      if (!result.ok) return [{ kind: result.skipped ? 'skipped' : 'parse', file, message: result.message }];
      return [...(this.askedFailures.get(file) ?? [])].sort().map((name) => ({ kind: 'rule', file, message: `not analysed: extracting ${name} failed on this file (${result.failures?.[name]})` }));
    });
  }
}

/**
 * The files `source.extractors` read, with their texts. A file no extractor is handed, by its path
 * or by its text, is left out: it would yield no facts, and must cost no worker or cache entry.
 */
export function jobsOf(source: FactSource): FileJob[] {
  if (source.extractors.length === 0) return [];
  return source.files.flatMap((file) => {
    if (!readsFile(source.extractors, file)) return [];
    const text = source.text(file.path);
    const job = text === undefined ? undefined : { path: file.path, language: file.language, role: file.role, text };
    return job && readsFile(source.extractors, job) ? [job] : [];
  });
}

/** Runs the per-file pass over `jobs` in this thread; `times` as `extractFile` takes it. */
export function extractAll(jobs: readonly FileJob[], extractors: readonly FileExtractor[], times?: Record<string, number>): [string, FileFacts][] {
  return jobs.map((job) => [job.path, extractFile(job, extractors, times)]);
}
