import type { SourceFile } from 'ts-morph';
import { isScriptPath } from '../parse/typescript.js';
import type { FileRole, IndexedFile, RuleContext } from '../types.js';

export { isScriptPath as isScriptFile };

/**
 * Calls `visit` with each parsed JS/TS file of the app that contains one of the rule's triggers
 * and has one of `roles` (default: source only). Files that fail to parse are skipped (the engine
 * has recorded why).
 */
export function forEachScript(
  context: RuleContext<string>,
  visit: (sourceFile: SourceFile, file: IndexedFile) => void,
  roles: readonly FileRole[] = ['source'],
): void {
  for (const file of context.candidates((candidate) => roles.includes(candidate.role) && isScriptPath(candidate.path))) {
    const sourceFile = context.ts(file.path);
    if (sourceFile) visit(sourceFile, file);
  }
}
