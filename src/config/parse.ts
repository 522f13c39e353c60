/**
 * Config text -> plain data. Syntax errors come back as problem lines with line and column,
 * in the same shape as validation problems.
 */
import { parseDocument } from 'yaml';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';

export type ConfigFormat = 'json' | 'yaml';

/** `value` is undefined for a file with nothing in it (blank, only comments, or `null`). */
export type ParseResult = { ok: true; value: unknown } | { ok: false; problems: string[] };

export function parseConfigText(text: string, format: ConfigFormat): ParseResult {
  if (text.trim() === '') return { ok: true, value: undefined };
  return format === 'json' ? parseJson(text) : parseYaml(text);
}

function parseJson(text: string): ParseResult {
  try {
    return { ok: true, value: JSON.parse(text) ?? undefined };
  } catch (error) {
    const found = findJsonSyntaxError(text);
    if (!found) return { ok: false, problems: [(error as Error).message] };
    const { line, column } = lineAndColumn(text, found.offset);
    return { ok: false, problems: [`line ${line}, column ${column}: ${found.reason}`] };
  }
}

function parseYaml(text: string): ParseResult {
  const document = parseDocument(text);
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
    return { ok: true, value: document.toJS() ?? undefined };
  } catch (error) {
    // Unresolved aliases and alias bombs only show up while building the value.
    return { ok: false, problems: [(error as Error).message] };
  }
}
