import { extractTree } from '../../src/facts/walk-tree.js';
import type { FileExtractor, FileFacts, FileInput } from '../../src/facts/types.js';
import type { TreeLanguage } from '../../src/parse/tree-sitter.js';
import { positionsIn } from '../../src/util/positions.js';

/** A file as the per-file pass sees it, spans computed as the engine computes them. */
export function fileInput(path: string, language: TreeLanguage, text: string): FileInput {
  const position = positionsIn(text);
  return {
    path,
    language,
    text,
    span(start, end) {
      const from = position(start);
      const to = position(end);
      return { line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
    },
  };
}

/** One extractor's facts for an inline source; the test fails when the file is not analysed. */
export function factsOf<T>(extractor: FileExtractor<T>, language: TreeLanguage, text: string): T {
  const extraction = extractor[language];
  if (!extraction) throw new Error(`${extractor.name} has no ${language} extraction`);
  const facts: FileFacts = extractTree(fileInput(`example.${language === 'python' ? 'py' : 'go'}`, language, text), language, [
    { name: extractor.name, extraction: extraction as NonNullable<FileExtractor['python']> },
  ]);
  if (!facts.ok) throw new Error(facts.message);
  return facts.facts[extractor.name] as T;
}

/** Source lines joined, so a test reads like the file it stands for. */
export function lines(...source: string[]): string {
  return `${source.join('\n')}\n`;
}
