/**
 * Where a value sits in a JSON or YAML text, by key path (`['engines', 'node']`,
 * `['jobs', 'test', 'steps', 2, 'with', 'node-version']`): the exact line and column a finding
 * should point at. JSON is YAML, so one parser serves both. Only positions come from here; rules
 * read values from the engine's cached parse.
 */
import { isNode, parseDocument } from 'yaml';
import type { Span } from './ast.js';
import { positionAt } from './text.js';

type KeyPath = readonly (string | number)[];

function spanOf(text: string, start: number, end: number): Span {
  const from = positionAt(text, start);
  const to = positionAt(text, end);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

function nodeAt(text: string, path: KeyPath): unknown {
  const document = parseDocument(text, { uniqueKeys: false });
  return path.length === 0 ? document.contents : document.getIn(path, true);
}

/** The span of the value at `path` in the first document of `text`; undefined when absent. */
export function valueSpan(text: string, path: KeyPath): Span | undefined {
  const node = nodeAt(text, path);
  return isNode(node) && node.range ? spanOf(text, node.range[0], node.range[1]) : undefined;
}
