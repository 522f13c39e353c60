import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';
import type { ParseResult } from './typescript.js';

export function parseJson(text: string): ParseResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    return { ok: false, message: `invalid JSON ${jsonSyntaxMessage(text, error)}` };
  }
}

/**
 * Where and why JSON text is invalid, never quoting it: V8's own message copies the text around the
 * error (`Unexpected token 'h', ..."assword": hunter2sec"...`), which may be part of a secret.
 */
export function jsonSyntaxMessage(text: string, error: unknown): string {
  let found: ReturnType<typeof findJsonSyntaxError>;
  try {
    found = findJsonSyntaxError(text, { quoteToken: false });
  } catch {
    // The scanner recurses: nesting deep enough overflows it. The offset JSON.parse gave is enough.
    found = undefined;
  }
  const offset = found?.offset ?? Number(/position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1] ?? Number.NaN);
  if (Number.isNaN(offset)) return 'at an unknown position';
  const { line, column } = lineAndColumn(text, offset);
  return `at ${line}:${column}${found ? `: ${found.reason}` : ''}`;
}

/**
 * How audited YAML is read: duplicate keys are the audited file's business, and tags the library does not
 * know (compose's `!reset` and `!override`, CloudFormation's `!Ref`) read as plain values without the
 * library printing a warning on the user's terminal.
 */
export const AUDITED_YAML = { uniqueKeys: false, logLevel: 'error', prettyErrors: false } as const;

export function parseYamlDocuments(text: string): ParseResult<unknown[]> {
  const documents = parseAllDocuments(text, AUDITED_YAML);
  if (!Array.isArray(documents)) return { ok: true, value: [] };
  for (const document of documents) {
    const error = document.errors[0];
    if (error) {
      const [line, column] = error.linePos?.[0] ? [error.linePos[0].line, error.linePos[0].col] : [1, 1];
      return { ok: false, message: `invalid YAML at ${line}:${column}: ${error.message.split('\n')[0]}` };
    }
  }
  return { ok: true, value: documents.map((document) => document.toJS({ maxAliasCount: 100 }) as unknown) };
}

export function parseDockerfile(text: string): ParseResult<Dockerfile> {
  try {
    return { ok: true, value: DockerfileParser.parse(text) };
  } catch (error) {
    return { ok: false, message: `invalid Dockerfile: ${error instanceof Error ? error.message : String(error)}` };
  }
}
