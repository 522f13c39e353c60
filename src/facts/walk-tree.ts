/**
 * The one pass over a Python or Go file: parse it once with tree-sitter, walk the tree once in source
 * order (parents before children) and hand each node to every extraction that asked for its type.
 * The walk runs inside the runtime (no recursion in JavaScript: generated code nested thousands deep
 * cannot overflow the stack); the tree is freed before returning, so only plain results leave.
 *
 * `loadTreeSitter([language])` (src/parse/tree-sitter.ts) must have resolved in this thread first.
 */
import { parseTree, type TreeLanguage } from '../parse/tree-sitter.js';
import type { FileFacts, FileInput, SyntaxExtraction, TreeNode, Visitor } from './types.js';

export interface NamedTreeExtraction {
  /** The extractor's name: the key of its facts in the result. */
  name: string;
  extraction: SyntaxExtraction<string, TreeNode, unknown>;
}

export function extractTree(file: FileInput, language: TreeLanguage, extractions: readonly NamedTreeExtraction[]): FileFacts {
  const parsed = parseTree(language, file.text);
  if (!parsed.ok) return { ok: false, skipped: false, message: parsed.message };
  const tree = parsed.value;
  try {
    const visitors = extractions.map(({ name, extraction }) => ({ name, kinds: extraction.kinds, visitor: extraction.create(file) }));
    const byType = new Map<string, Visitor<TreeNode, unknown>[]>();
    for (const { kinds, visitor } of visitors) {
      for (const kind of new Set(kinds)) {
        const list = byType.get(kind);
        if (list) list.push(visitor);
        else byType.set(kind, [visitor]);
      }
    }
    // One call into the runtime finds every wanted node in document order (parents first); stepping a
    // cursor from JavaScript instead crosses into WebAssembly several times per node and costs as much as the parse.
    for (const node of tree.rootNode.descendantsOfType([...byType.keys()])) {
      for (const visitor of byType.get(node.type) ?? []) visitor.visit(node);
    }
    // Results are taken while the tree lives: a visitor that kept a node may still read it here.
    const facts: Record<string, unknown> = {};
    for (const { name, visitor } of visitors) facts[name] = visitor.result();
    return { ok: true, facts };
  } finally {
    tree.delete();
  }
}
