/** A worker thread of the per-file pass: batches of files in, their facts out. */
import { parentPort } from 'node:worker_threads';
import { extractAll, type FileJob } from './store.js';
import { treeLanguagesOf } from './extract.js';
import { loadTreeSitter } from '../parse/tree-sitter.js';
import type { FileExtractor, FileFacts } from './types.js';

/** Where to find an extractor: the module that exports it, and its name. */
export interface ExtractorRef {
  name: string;
  module: string;
}

export interface WorkerBatch {
  extractors: readonly ExtractorRef[];
  jobs: readonly FileJob[];
  /** Time each extractor (`--timing`). */
  timed: boolean;
}

export interface WorkerResult {
  results: [string, FileFacts][];
  times?: Record<string, number>;
}

const loaded = new Map<string, FileExtractor>();

async function extractorOf(ref: ExtractorRef): Promise<FileExtractor> {
  const key = `${ref.module}#${ref.name}`;
  let extractor = loaded.get(key);
  if (!extractor) {
    const exports = (await import(ref.module)) as Record<string, unknown>;
    extractor = Object.values(exports).find((value): value is FileExtractor => isExtractor(value) && value.name === ref.name);
    if (!extractor) throw new Error(`${ref.module} exports no extractor named "${ref.name}"`);
    loaded.set(key, extractor);
  }
  return extractor;
}

function isExtractor(value: unknown): value is FileExtractor {
  return typeof value === 'object' && value !== null && typeof (value as FileExtractor).name === 'string' && typeof (value as FileExtractor).module === 'string';
}

async function extractBatch(batch: WorkerBatch): Promise<WorkerResult> {
  const extractors = await Promise.all(batch.extractors.map(extractorOf));
  await loadTreeSitter(treeLanguagesOf(batch.jobs, extractors));
  const times: Record<string, number> | undefined = batch.timed ? {} : undefined;
  return { results: extractAll(batch.jobs, extractors, times), ...(times && { times }) };
}

parentPort?.on('message', (batch: WorkerBatch) => {
  void extractBatch(batch).then(
    (result) => parentPort?.postMessage(result),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
