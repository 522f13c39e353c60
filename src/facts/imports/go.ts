/** `imports` in Go: each import spec, grouped or not. */
import { importOf } from '../syntax/go.js';
import type { SyntaxExtraction, TreeNode } from '../types.js';
import type { Import } from './index.js';

export const goImports: SyntaxExtraction<string, TreeNode, Import[]> = {
  kinds: ['import_spec'],
  create(file) {
    const found: Import[] = [];
    return {
      visit(node) {
        const spec = importOf(node);
        if (spec) found.push({ module: spec.path, names: [], ...(spec.explicit ? { alias: spec.name } : {}), span: file.span(node.startIndex, node.endIndex) });
      },
      result: () => found,
    };
  },
};
