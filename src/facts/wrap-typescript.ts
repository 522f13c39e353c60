/**
 * ts-morph's view of a node of the per-file pass's raw tree, for extractors built on the rule-kit's
 * ts-morph helpers. The source file is wrapped once (no project, no program) and each node only when
 * an extractor asks for it, so a walk that wraps only its matches costs little more than the parse.
 */
import { createWrappedNode, type Node, type SourceFile, type ts } from 'ts-morph';

const wrappedFiles = new WeakMap<ts.SourceFile, SourceFile>();

/** `raw`, when the caller knows it, saves walking up from `node` to its source file. */
export function wrapped<T extends Node = Node>(node: ts.Node, raw: ts.SourceFile = node.getSourceFile()): T {
  let sourceFile = wrappedFiles.get(raw);
  if (!sourceFile) {
    sourceFile = createWrappedNode(raw) as SourceFile;
    wrappedFiles.set(raw, sourceFile);
  }
  return wrappedBeside(sourceFile, node);
}

/**
 * The ts-morph node of `node` in the wrapped tree that `beside` belongs to: ts-morph's own way to wrap
 * a node of a wrapped file, which returns the wrapper it keeps, so identity holds.
 */
export function wrappedBeside<T extends Node = Node>(beside: Node, node: ts.Node): T {
  return (beside as unknown as { _getNodeFromCompilerNode(node: ts.Node): T })._getNodeFromCompilerNode(node);
}
