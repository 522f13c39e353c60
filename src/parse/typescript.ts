import { ts } from 'ts-morph';

/** How TypeScript's parser reads each script extension. */
export const SCRIPT_KINDS: Record<string, ts.ScriptKind> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** Deeper than any hand-written code; generated code this deep is refused rather than risk the stack. */
export const MAX_SYNTAX_DEPTH = 500;

/**
 * Extensionless Node scripts known by their path: express-generator's `bin/www`, which its apps
 * start with `node ./bin/www` and which holds their `listen()`.
 */
export function isNodeScriptPath(path: string): boolean {
  return /(?:^|\/)bin\/www$/.test(path);
}

export function isScriptPath(path: string): boolean {
  return (path.slice(path.lastIndexOf('.')) in SCRIPT_KINDS && !path.endsWith('.d.ts')) || isNodeScriptPath(path);
}
