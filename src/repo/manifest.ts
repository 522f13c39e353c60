/** package.json as the repo stage reads it: parsed once, never trusted to have the right shapes. */
import { jsonSyntaxMessage } from '../parse/data.js';
import type { PackageJson } from '../types.js';
import type { FileStore } from './store.js';
import { isRecord } from '../util/is-record.js';

/** The parsed manifest, or undefined with a `parse` error recorded on the store when it is not a JSON object. */
export function readPackageJson(path: string, store: FileStore): PackageJson | undefined {
  const text = store.text(path);
  if (text === undefined) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    store.recordError({ kind: 'parse', file: path, message: `Invalid JSON ${jsonSyntaxMessage(text, error)}` });
    return undefined;
  }
  if (!isRecord(value)) {
    store.recordError({ kind: 'parse', file: path, message: 'package.json must contain a JSON object' });
    return undefined;
  }
  return value as PackageJson;
}

/** Sorted names of a dependency map; a malformed map (an array, a string) contributes none. */
export function dependencyNames(...maps: unknown[]): string[] {
  const names = new Set<string>();
  for (const map of maps) {
    if (isRecord(map)) for (const name of Object.keys(map)) names.add(name);
  }
  return [...names].sort();
}

/** Relative targets of `bin`, whether it is one path or a map of commands. */
export function binTargets(pkg: PackageJson): string[] {
  if (typeof pkg.bin === 'string') return [pkg.bin];
  if (isRecord(pkg.bin)) return Object.values(pkg.bin).filter((target): target is string => typeof target === 'string');
  return [];
}

export function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

