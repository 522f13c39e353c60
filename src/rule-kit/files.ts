import type { FileExtractor } from '../facts/types.js';
import { isScriptPath } from '../parse/typescript.js';
import type { FileRole, IndexedFile, RuleContext } from '../types.js';

export { isScriptPath as isScriptFile };

/**
 * Calls `visit` with what `extractor` found in each JS/TS file of the app that contains one of the
 * rule's triggers and has one of `roles` (default: source only). Files it found nothing in, and
 * files that could not be analysed (the engine has recorded why), are skipped.
 */
export function forEachScriptFacts<T>(
  context: RuleContext<string>,
  extractor: FileExtractor<T | undefined>,
  visit: (facts: T, file: IndexedFile) => void,
  roles: readonly FileRole[] = ['source'],
): void {
  for (const file of context.candidates((candidate) => roles.includes(candidate.role) && isScriptPath(candidate.path))) {
    const facts = context.facts(file.path, extractor);
    if (facts !== undefined) visit(facts, file);
  }
}
