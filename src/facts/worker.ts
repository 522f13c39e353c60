/** A worker thread of the per-file pass: batches of files in, their facts out. */
import { parentPort } from 'node:worker_threads';
import { extractorsNamed } from './index.js';
import { extractAll, type FileJob } from './store.js';

export interface WorkerBatch {
  id: number;
  extractors: readonly string[];
  jobs: readonly FileJob[];
}

parentPort?.on('message', (batch: WorkerBatch) => {
  parentPort?.postMessage({ id: batch.id, results: extractAll(batch.jobs, extractorsNamed(batch.extractors)) });
});
