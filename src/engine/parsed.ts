import type { Dockerfile } from 'dockerfile-ast';
import type { AuditError } from '../types.js';
import type { ParseResult } from '../parse/typescript.js';
import { parseDockerfile, parseJson, parseYamlDocuments } from '../parse/data.js';

/** Reads a file's text once (undefined when unreadable, binary or skipped). */
export type TextReader = (path: string) => string | undefined;

/**
 * Lazy, cached parses of the repository's files. Each file is parsed at most once per kind,
 * and a failure is recorded once as an AuditError and never retried.
 */
export class ParsedFiles {
  readonly errors: AuditError[] = [];
  private readonly failedPaths = new Set<string>();
  private readonly cache = new Map<string, ParseResult<unknown>>();

  constructor(private readonly read: TextReader) {}

  /** The files some rule had parsed (a file parsed as two kinds counts once). */
  parsedPaths(): Set<string> {
    return new Set([...this.cache.keys()].map((key) => key.slice(key.indexOf(':') + 1)));
  }

  text(path: string): string | undefined {
    return this.read(path);
  }

  /** Whether some parse of this file failed (a syntax error, or too deep to parse); a skipped bundle is not a failure. */
  failed(path: string): boolean {
    return this.failedPaths.has(path);
  }

  dockerfile(path: string): Dockerfile | undefined {
    return this.parse(`dockerfile:${path}`, path, parseDockerfile) as Dockerfile | undefined;
  }

  yamlAll(path: string): unknown[] {
    return (this.parse(`yaml:${path}`, path, parseYamlDocuments) as unknown[] | undefined) ?? [];
  }

  json(path: string): unknown {
    return this.parse(`json:${path}`, path, parseJson);
  }

  private parse(key: string, path: string, parser: (text: string) => ParseResult<unknown>): unknown {
    let result = this.cache.get(key);
    if (!result) {
      const text = this.read(path);
      if (text === undefined) return undefined;
      result = guarded(parser, text);
      this.cache.set(key, result);
      if (!result.ok) {
        const skipped = result.message.startsWith('skipped:');
        if (!skipped) this.failedPaths.add(path);
        this.errors.push({ kind: skipped ? 'skipped' : 'parse', file: path, message: result.message });
      }
    }
    return result.ok ? result.value : undefined;
  }
}

/**
 * A parser that throws (yaml recurses, so deep enough nesting overflows the
 * stack) fails this one file, never the rule that asked for it.
 */
function guarded(parser: (text: string) => ParseResult<unknown>, text: string): ParseResult<unknown> {
  try {
    return parser(text);
  } catch (error) {
    return { ok: false, message: error instanceof RangeError ? 'not analysed: nested too deeply to parse' : 'not analysed: the parser failed on this file' };
  }
}
