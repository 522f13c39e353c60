/**
 * `--cache`: per-file facts kept between runs, keyed by the file's content hash, under a signature of
 * the tool version, the audited root and every extractor's name, version and roles. A cache file that does
 * not parse, has another shape or another signature is ignored (and replaced), never trusted.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { isRecord } from '../util/is-record.js';
import type { FileJob } from './store.js';
import type { FileExtractor, FileFacts } from './types.js';

const FORMAT = 1;

interface Entry {
  hash: string;
  result: FileFacts;
}

export interface FactCache {
  /** The cached facts of `job`, when its text is the one they were extracted from. */
  lookup(job: FileJob): FileFacts | undefined;
  remember(job: FileJob, result: FileFacts): void;
  /** Writes the entries of this run (and only them: deleted files drop out). */
  save(): void;
}

/** Where the cache lives unless `--cache-location` says otherwise: outside the audited repository, as ESLint's does. */
export function defaultCacheFile(cwd: string, root: string): string {
  return join(cwd, 'node_modules', '.cache', 'twelve-audit', `facts-${digest(resolve(root)).slice(0, 16)}.json`);
}

export function cacheSignature(toolVersion: string, root: string, extractors: readonly FileExtractor[]): string {
  // The roles an extractor reads decide which files have its facts, as its version does.
  const versions = extractors.map((extractor) => `${extractor.name}@${extractor.version}${extractor.roles ? `:${extractor.roles.join(',')}` : ''}`).sort();
  return digest(JSON.stringify([toolVersion, resolve(root), versions]));
}

export function openCache(file: string, signature: string): FactCache {
  const previous = readEntries(file, signature);
  const current: Record<string, Entry> = {};
  // A job is hashed once, whether it is looked up, remembered or both.
  const hashes = new WeakMap<FileJob, string>();
  const hashOf = (job: FileJob): string => {
    let hash = hashes.get(job);
    if (hash === undefined) hashes.set(job, (hash = digest(job.text)));
    return hash;
  };
  return {
    lookup(job) {
      const entry = previous[job.path];
      return entry !== undefined && entry.hash === hashOf(job) ? entry.result : undefined;
    },
    remember(job, result) {
      current[job.path] = { hash: hashOf(job), result };
    },
    save() {
      mkdirSync(dirname(file), { recursive: true });
      // Written aside, then renamed: a run killed midway leaves the old cache or the new, never half of one.
      const partial = `${file}.${process.pid}.tmp`;
      writeFileSync(partial, JSON.stringify({ format: FORMAT, signature, entries: current }));
      renameSync(partial, file);
    },
  };
}

function readEntries(file: string, signature: string): Record<string, Entry> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return {};
  }
  if (!isRecord(parsed) || parsed.format !== FORMAT || parsed.signature !== signature || !isRecord(parsed.entries)) return {};
  const entries: Record<string, Entry> = Object.create(null) as Record<string, Entry>;
  for (const [path, entry] of Object.entries(parsed.entries)) if (isEntry(entry)) entries[path] = entry;
  return entries;
}

function isEntry(value: unknown): value is Entry {
  if (!isRecord(value) || typeof value.hash !== 'string' || !isRecord(value.result)) return false;
  const { result } = value;
  if (result.ok === true) return isRecord(result.facts) && (result.failures === undefined || (isRecord(result.failures) && Object.values(result.failures).every((message) => typeof message === 'string')));
  return result.ok === false && typeof result.message === 'string' && typeof result.skipped === 'boolean';
}

function digest(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
