/**
 * The per-file pass on worker threads: files go out in batches to whichever worker is free, so one
 * big file does not hold the others back. Results come back keyed by path, so their order does not
 * depend on which worker finished first.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { FileFacts } from './types.js';
import type { FileJob } from './store.js';
import type { ExtractorRef, WorkerBatch, WorkerResult } from './worker.js';

/** Below this many files a worker's start-up (loading the parser) costs more than it saves. */
export const MIN_FILES_FOR_WORKERS = 400;
const BATCH_BYTES = 256 * 1024;

/** Workers for this machine: one per core, at most 8. */
export function defaultWorkerCount(): number {
  return Math.max(1, Math.min(8, availableParallelism()));
}

/** `times`, when given, collects each extractor's milliseconds over all workers (`--timing`). */
export async function extractInWorkers(
  jobs: readonly FileJob[],
  extractors: readonly ExtractorRef[],
  workers: number,
  times?: Record<string, number>,
): Promise<[string, FileFacts][]> {
  const batches = batchesOf(jobs);
  const results: [string, FileFacts][] = [];
  const pool = Array.from({ length: Math.min(workers, batches.length) }, () => new Worker(new URL('./worker.js', import.meta.url)));
  let next = 0;
  try {
    await Promise.all(
      pool.map(
        (worker) =>
          new Promise<void>((resolve, reject) => {
            const send = () => {
              const jobsOfBatch = batches[next];
              if (jobsOfBatch === undefined) {
                resolve();
                return;
              }
              const batch: WorkerBatch = { extractors, jobs: jobsOfBatch, timed: times !== undefined };
              next += 1;
              worker.postMessage(batch);
            };
            worker.on('message', (message: WorkerResult | { error: string }) => {
              if ('error' in message) {
                reject(new Error(`the per-file pass could not load its extractors: ${message.error}`));
                return;
              }
              results.push(...message.results);
              for (const [name, ms] of Object.entries(message.times ?? {})) if (times) times[name] = (times[name] ?? 0) + ms;
              send();
            });
            worker.on('error', reject);
            worker.on('exit', (code) => {
              if (code !== 0) reject(new Error(`a worker of the per-file pass stopped with code ${code}`));
            });
            send();
          }),
      ),
    );
  } finally {
    await Promise.all(pool.map((worker) => worker.terminate()));
  }
  return results;
}

function batchesOf(jobs: readonly FileJob[]): FileJob[][] {
  const batches: FileJob[][] = [];
  let current: FileJob[] = [];
  let bytes = 0;
  for (const job of jobs) {
    current.push(job);
    bytes += job.text.length;
    if (bytes >= BATCH_BYTES) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
  }
  if (current.length > 0) batches.push(current);
  return batches;
}
