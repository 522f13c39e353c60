/**
 * Config text -> plain data. Syntax errors come back as problem lines with line and column,
 * in the same shape as validation problems.
 */
import { parseDocument } from 'yaml';
import { findJsonSyntaxError, lineAndColumn } from '../parse/json-syntax.js';

export type ConfigFormat = 'json' | 'yaml';

/** `value` is undefined for a file with nothing in it (blank, only comments, or `null`). */
export type ParseResult = { ok: true; value: unknown } | { ok: false; problems: string[] };

export function parseConfigText(text: string, format: ConfigFormat): ParseResult {
  if (text.trim() === '') return { ok: true, value: undefined };
  return format === 'json' ? parseJson(text) : parseYaml(text);
}

function parseJson(text: string): ParseResult {
  if (bracketDepth(text) > MAX_CONFIG_NESTING) return { ok: false, problems: [`nested deeper than ${MAX_CONFIG_NESTING} levels`] };
  try {
    return { ok: true, value: JSON.parse(text) ?? undefined };
  } catch (error) {
    const found = findJsonSyntaxError(text);
    // JSON.parse's own message quotes the text around the error; the position is all that is shown.
    if (!found) return { ok: false, problems: [`not valid JSON${/position (\d+)/.exec((error as Error).message)?.[0].replace('position', ' at offset') ?? ''}`] };
    const { line, column } = lineAndColumn(text, found.offset);
    return { ok: false, problems: [`line ${line}, column ${column}: ${found.reason}`] };
  }
}

/** A config is a flat map of a few levels; a deeper one is a nesting bomb, refused before any parser recurses into it. */
const MAX_CONFIG_NESTING = 64;

function parseYaml(text: string): ParseResult {
  if (bracketDepth(text) > MAX_CONFIG_NESTING) return { ok: false, problems: [`nested deeper than ${MAX_CONFIG_NESTING} levels`] };
  let document: ReturnType<typeof parseDocument>;
  try {
    document = parseDocument(text);
  } catch (error) {
    return { ok: false, problems: [error instanceof RangeError ? 'too deeply nested to parse' : 'cannot be parsed'] };
  }
  if (document.errors.length > 0) {
    return {
      ok: false,
      problems: document.errors.map((error) => {
        // yaml appends " at line L, column C:" and a code excerpt; the position is given separately.
        const reason =
          error.code === 'MULTIPLE_DOCS'
            ? 'a config file holds one YAML document; remove the "---" separator'
            : error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
        const start = error.linePos?.[0];
        return start ? `line ${start.line}, column ${start.col}: ${reason}` : reason;
      }),
    };
  }
  try {
    return { ok: true, value: document.toJS({ maxAliasCount: 100 }) ?? undefined };
  } catch (error) {
    // Unresolved aliases and alias bombs only show up while building the value.
    return { ok: false, problems: [(error as Error).message] };
  }
}

/** The deepest nesting of flow brackets, quotes ignored: enough to refuse a bomb before parsing it. */
export function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if ((char === 0x5d || char === 0x7d) && depth > 0) depth--;
  }
  return deepest;
}
