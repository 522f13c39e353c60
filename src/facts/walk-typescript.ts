/**
 * The TypeScript side of the per-file pass: one parse with the compiler's own parser (no ts-morph
 * wrappers, no program, no type checker) and one walk that hands each node to every visitor that
 * asked for its kind.
 */
import { ts } from 'ts-morph';
import { MAX_SYNTAX_DEPTH, SCRIPT_KINDS } from '../parse/typescript.js';
import type { FileInput, SyntaxExtraction, Visitor } from './types.js';

export type TsExtraction = SyntaxExtraction<ts.SyntaxKind, ts.Node, unknown>;

export type WalkResult = { ok: true; facts: Record<string, unknown> } | { ok: false; message: string };

/** Parses `file` once and runs every extraction over one walk of its tree. */
export function extractTypeScript(file: FileInput, extractions: readonly { name: string; extraction: TsExtraction }[]): WalkResult {
  const extension = file.path.slice(file.path.lastIndexOf('.'));
  const sourceFile = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true, SCRIPT_KINDS[extension] ?? ts.ScriptKind.TS);
  const diagnostics = (sourceFile as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (first) {
    const { line, column } = file.span(first.start, first.start);
    const text = typeof first.messageText === 'string' ? first.messageText : 'syntax error';
    return { ok: false, message: `syntax error at ${line}:${column}: ${text}` };
  }
  const visitors = extractions.map(({ name, extraction }) => ({ name, kinds: new Set(extraction.kinds), visitor: extraction.create(file) }));
  const byKind = new Map<ts.SyntaxKind, Visitor<ts.Node, unknown>[]>();
  for (const { kinds, visitor } of visitors) {
    for (const kind of kinds) byKind.set(kind, [...(byKind.get(kind) ?? []), visitor]);
  }
  // Iterative, in source order (parents before children): a deep tree must not overflow the stack.
  const stack: [ts.Node, number][] = [[sourceFile, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > MAX_SYNTAX_DEPTH) return { ok: false, message: `not analysed: syntax nested more than ${MAX_SYNTAX_DEPTH} levels deep` };
    for (const visitor of byKind.get(node.kind) ?? []) visitor.visit(node);
    const children: ts.Node[] = [];
    ts.forEachChild(node, (child) => {
      children.push(child);
    });
    for (let index = children.length - 1; index >= 0; index -= 1) stack.push([children[index]!, depth + 1]);
  }
  return { ok: true, facts: Object.fromEntries(visitors.map(({ name, visitor }) => [name, visitor.result()])) };
}
