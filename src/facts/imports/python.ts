/** `imports` in Python: `import a.b as c`, `from a.b import c, d`, relative and `__future__` imports. */
import { childrenOf } from '../syntax/python.js';
import type { SyntaxExtraction, TreeNode } from '../types.js';
import type { Import } from './index.js';

export const pythonImports: SyntaxExtraction<string, TreeNode, Import[]> = {
  kinds: ['import_statement', 'import_from_statement', 'future_import_statement'],
  create(file) {
    const found: Import[] = [];
    return {
      visit(node) {
        const span = file.span(node.startIndex, node.endIndex);
        if (node.type === 'import_statement') {
          for (const name of childrenOf(node)) {
            const module = name.type === 'aliased_import' ? name.childForFieldName('name') : name;
            const alias = name.type === 'aliased_import' ? name.childForFieldName('alias')?.text : undefined;
            if (module !== null) found.push({ module: module.text, names: [], ...(alias !== undefined ? { alias } : {}), span });
          }
          return;
        }
        const moduleName = node.childForFieldName('module_name');
        const module = node.type === 'future_import_statement' ? '__future__' : moduleName?.text.replace(/\s+/g, '');
        if (module === undefined) return;
        // Nodes are fresh objects on every access: compared by position.
        const names = childrenOf(node)
          .filter((child) => child.startIndex !== moduleName?.startIndex)
          .map((child) => (child.type === 'wildcard_import' ? '*' : child.type === 'aliased_import' ? (child.childForFieldName('name')?.text ?? '') : child.text))
          .filter((name) => name !== '');
        found.push({ module, names, span });
      },
      result: () => found,
    };
  },
};
