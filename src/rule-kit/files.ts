import type { SourceFile } from 'ts-morph';
import type { FileExtractor } from '../facts/types.js';
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
  for (const file of scriptCandidates(context, roles)) {
    const sourceFile = context.ts(file.path);
    if (sourceFile) visit(sourceFile, file);
  }
}

/** Like `forEachScript`, with what `extractor` found in each file instead of its syntax tree (files it found nothing in are skipped). */
export function forEachScriptFacts<T>(
  context: RuleContext<string>,
  extractor: FileExtractor<T | undefined>,
  visit: (facts: T, file: IndexedFile) => void,
  roles: readonly FileRole[] = ['source'],
): void {
  for (const file of scriptCandidates(context, roles)) {
    const facts = context.facts(file.path, extractor);
    if (facts !== undefined) visit(facts, file);
  }
}

function scriptCandidates(context: RuleContext<string>, roles: readonly FileRole[]): IndexedFile[] {
  return context.candidates((candidate) => roles.includes(candidate.role) && isScriptPath(candidate.path));
}
