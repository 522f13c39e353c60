/** What every tree-sitter grammar's facts share: named children without comments, expressions without parentheses. */
import type { TreeNode } from '../types.js';

/** Named children without comments (tree-sitter keeps comments as named nodes wherever they stand). */
export function childrenOf(node: TreeNode): TreeNode[] {
  return node.namedChildren.filter((child): child is TreeNode => child !== null && child.type !== 'comment');
}

/** The expression inside any parentheses (`parenthesized_expression` in the Python and Go grammars alike). */
export function unwrap(node: TreeNode): TreeNode {
  let current = node;
  while (current.type === 'parenthesized_expression') {
    const inner = childrenOf(current)[0];
    if (inner === undefined) break;
    current = inner;
  }
  return current;
}
