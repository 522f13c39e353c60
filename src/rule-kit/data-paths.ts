/**
 * Where a value sits in a JSON or YAML text, by key path (`['engines', 'node']`,
 * `['jobs', 'test', 'steps', 2, 'with', 'node-version']`): the exact line and column a finding
 * should point at. JSON is YAML, so one parser serves both. Only positions come from here; rules
 * read values from the engine's cached parse.
 */
import { isNode, parseDocument, type Document } from 'yaml';
import { AUDITED_YAML } from '../parse/data.js';
import { positionsIn } from '../util/positions.js';
import type { Span } from './ast.js';

type KeyPath = readonly (string | number)[];

interface PositionalParse {
  text: string;
  document: Document.Parsed;
  position: ReturnType<typeof positionsIn>;
}

/** The last text asked about: a rule asks for several paths of one file in a row, which then costs one parse. */
let last: PositionalParse | undefined;

function parsed(text: string): PositionalParse {
  if (last?.text !== text) last = { text, document: parseDocument(text, AUDITED_YAML), position: positionsIn(text) };
  return last;
}

/** The span of the value at `path` in the first document of `text`; undefined when absent. */
export function valueSpan(text: string, path: KeyPath): Span | undefined {
  const { document, position } = parsed(text);
  const node = path.length === 0 ? document.contents : document.getIn(path, true);
  if (!isNode(node) || !node.range) return undefined;
  const from = position(node.range[0]);
  const to = position(node.range[1]);
  return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}
