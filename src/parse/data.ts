import { DockerfileParser, type Dockerfile } from 'dockerfile-ast';
import { parseAllDocuments } from 'yaml';
import type { ParseResult } from './typescript.js';

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

export function parseJson(text: string): ParseResult<unknown> {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/.exec(message);
    const where = position ? ` at ${lineAndColumn(text, Number(position[1]))}` : '';
    return { ok: false, message: `invalid JSON${where}: ${message.replace(/ in JSON at position \d+.*$/, '')}` };
  }
}

export function parseYamlDocuments(text: string): ParseResult<unknown[]> {
  const documents = parseAllDocuments(text, { prettyErrors: false, uniqueKeys: false });
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
