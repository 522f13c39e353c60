/**
 * Every per-file extractor, by name: the worker threads look extractors up here, since functions do
 * not cross a thread boundary. A new kind of fact is a folder of its own plus one line here.
 */
import type { FileExtractor } from './types.js';

export const EXTRACTORS: readonly FileExtractor[] = [];

export function extractorsNamed(names: readonly string[]): FileExtractor[] {
  return names.map((name) => {
    const extractor = EXTRACTORS.find((candidate) => candidate.name === name);
    if (!extractor) throw new Error(`unknown extractor "${name}"`);
    return extractor;
  });
}
