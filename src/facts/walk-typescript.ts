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
  // Named by its base name at the root: no extractor reads a tree's name, and ts-morph, wrapping a
  // file, makes an object for each folder of its absolute path (most of the cost of wrapping one).
  const name = `/${file.path.slice(file.path.lastIndexOf('/') + 1)}`;
  // JSDoc comments are left unparsed (a fifth of the parse): the walk never enters them, and no extractor reads them.
  const options = { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
  const sourceFile = ts.createSourceFile(name, file.text, options, true, SCRIPT_KINDS[extension] ?? ts.ScriptKind.TS);
  const diagnostics = (sourceFile as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics;
  const first = diagnostics?.[0];
  if (first) {
    const { line, column } = file.span(first.start, first.start);
    const text = typeof first.messageText === 'string' ? first.messageText : 'syntax error';
    return { ok: false, message: `syntax error at ${line}:${column}: ${text}` };
  }
  const visitors = extractions.map(({ name, extraction }) => ({ name, visitor: extraction.create(file) }));
  // Indexed by kind (a small integer): finding a node's visitors is one array read.
  const byKind: Visitor<ts.Node, unknown>[][] = [];
  extractions.forEach(({ extraction }, index) => {
    for (const kind of new Set(extraction.kinds)) (byKind[kind] ??= []).push(visitors[index]!.visitor);
  });
  // Iterative, in source order (parents before children): a deep tree must not overflow the stack.
  // The stack is two arrays (nodes, depths) with its own top, and each node's children are gathered
  // into one reused array by count: nothing is allocated or resized per node.
  const nodes: ts.Node[] = [sourceFile];
  const depths: number[] = [0];
  let top = 1;
  const children: ts.Node[] = [];
  let gathered = 0;
  const gather = (child: ts.Node): undefined => {
    children[gathered++] = child;
  };
  while (top > 0) {
    top -= 1;
    const node = nodes[top]!;
    const depth = depths[top]!;
    if (depth > MAX_SYNTAX_DEPTH) return { ok: false, message: `not analysed: syntax nested more than ${MAX_SYNTAX_DEPTH} levels deep` };
    const interested = byKind[node.kind];
    if (interested) for (const visitor of interested) visitor.visit(node);
    gathered = 0;
    ts.forEachChild(node, gather);
    // Last child first, so the first is on top.
    while (gathered > 0) {
      gathered -= 1;
      nodes[top] = children[gathered]!;
      depths[top] = depth + 1;
      top += 1;
    }
  }
  return { ok: true, facts: Object.fromEntries(visitors.map(({ name, visitor }) => [name, visitor.result()])) };
}
