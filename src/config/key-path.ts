/**
 * Key paths as a user reads them in their config: `weights.logs`, `overrides[0].files`,
 * `rules["config/hardcoded-credentials"].severity`.
 */
import { cutEcho } from '../util/echo.js';

export type KeySegment = string | number;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function formatKeyPath(segments: readonly KeySegment[]): string {
  if (segments.length === 0) return 'top level';
  let text = '';
  for (const segment of segments) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (!IDENTIFIER.test(segment)) text += `[${JSON.stringify(cutEcho(segment))}]`;
    else text += text === '' ? cutEcho(segment) : `.${cutEcho(segment)}`;
  }
  return text;
}

/** Splits an ajv instancePath (a JSON pointer) into segments, numbers where the data holds a list. */
export function pointerToSegments(pointer: string, data: unknown): KeySegment[] {
  if (pointer === '') return [];
  const segments: KeySegment[] = [];
  let node = data;
  for (const raw of pointer.slice(1).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) {
      segments.push(Number(key));
      node = node[Number(key)];
    } else {
      segments.push(key);
      node = isPlainObject(node) ? node[key] : undefined;
    }
  }
  return segments;
}

/** The index of each key of a path among its siblings, e.g. `[2, 0]` for the first key under the third. */
export function documentPosition(at: readonly KeySegment[], value: unknown): number[] {
  const position: number[] = [];
  let node = value;
  for (const segment of at) {
    if (Array.isArray(node)) {
      position.push(Number(segment));
      node = node[Number(segment)];
    } else if (isPlainObject(node)) {
      position.push(Object.keys(node).indexOf(String(segment)));
      node = node[String(segment)];
    }
  }
  return position;
}

export function comparePositions(a: readonly number[], b: readonly number[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    if (a[i] !== b[i]) return a[i]! - b[i]!;
  }
  return a.length - b.length;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
