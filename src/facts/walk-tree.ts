/**
 * The one pass over a Python or Go file: parse it once with tree-sitter, walk the tree once in source
 * order (parents before children) and hand each node to every extraction that asked for its type.
 * The walk is a cursor loop, never recursion, so generated code nested thousands deep cannot overflow
 * the stack; the tree is freed before returning, so only the extractions' plain results leave.
 *
 * `loadTreeSitter([language])` (src/parse/tree-sitter.ts) must have resolved in this thread first.
 */
import type { Language, Tree } from 'web-tree-sitter';
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
    walk(tree, dispatchTable(tree.language, visitors));
    // Results are taken while the tree lives: a visitor that kept a node may still read it here.
    const facts: Record<string, unknown> = {};
    for (const { name, visitor } of visitors) facts[name] = visitor.result();
    return { ok: true, facts };
  } finally {
    tree.delete();
  }
}

type Dispatch = (Visitor<TreeNode, unknown>[] | undefined)[];

/** Visitors by node type id: the walk compares numbers, never builds a type string per node. */
function dispatchTable(language: Language, visitors: readonly { kinds: readonly string[]; visitor: Visitor<TreeNode, unknown> }[]): Dispatch {
  const ids = typeIds(language);
  const table: Dispatch = [];
  for (const { kinds, visitor } of visitors) {
    for (const kind of new Set(kinds)) {
      for (const id of ids.get(kind) ?? []) (table[id] ??= []).push(visitor);
    }
  }
  return table;
}

const typeIdCache = new WeakMap<Language, Map<string, number[]>>();

/** Every id a node type has in a grammar (an aliased rule shares its name with others). */
function typeIds(language: Language): Map<string, number[]> {
  let ids = typeIdCache.get(language);
  if (ids === undefined) {
    ids = new Map();
    language.types.forEach((type, id) => {
      const list = ids!.get(type);
      if (list) list.push(id);
      else ids!.set(type, [id]);
    });
    typeIdCache.set(language, ids);
  }
  return ids;
}

function walk(tree: Tree, table: Dispatch): void {
  const cursor = tree.walk();
  try {
    for (;;) {
      const visitors = table[cursor.nodeTypeId];
      if (visitors !== undefined) {
        const node = cursor.currentNode;
        for (const visitor of visitors) visitor.visit(node);
      }
      if (cursor.gotoFirstChild()) continue;
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return;
      }
    }
  } finally {
    cursor.delete();
  }
}
