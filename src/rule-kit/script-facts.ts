/**
 * Per-file facts of JS/TS files for rules whose reading of a file is written with the ts-morph
 * helpers of this kit: the extraction runs in the engine's one pass over each file (once, in a worker
 * when there are many files, cached with --cache), and the rule judges the plain data it returns.
 */
import { SyntaxKind, type Node, type SourceFile, type ts } from 'ts-morph';
import type { FileExtractor, FileInput, Span } from '../facts/types.js';
import { wrapped } from '../facts/wrap-typescript.js';
import type { FileRole, IndexedFile, RuleContext } from '../types.js';
import { runtimeScriptFilter } from './runtime.js';

export interface ScriptFactsSpec<T> {
  /** Unique among extractors; by convention the id of the rule that reads them, or the subject shared by several. */
  name: string;
  /** Raise it whenever `extract` changes what it returns for the same file. */
  version: number;
  /** `import.meta.url` of the module exporting the extractor. */
  module: string;
  /** A file containing none of these strings has nothing to extract (`extract` is not called; the facts are undefined). */
  triggers?: readonly string[];
  /** The roles of the files whose facts rules read (`FileExtractor.roles`; default: every role). */
  roles?: readonly FileRole[];
  /** Only files whose path passes have something to extract (`FileExtractor.paths`: the others are not even parsed for it). */
  paths?: (path: string) => boolean;
  /**
   * Reads one file. There is no program and no type checker behind the nodes: ts-morph methods that
   * need one (`isExported`, `getSymbol`, `getType`, `findReferences`) throw; ask the syntax instead
   * (`hasExportKeyword`).
   */
  extract(sourceFile: SourceFile, file: FileInput): T;
}

/** An extractor that hands each JS/TS file's ts-morph view to `spec.extract` once. */
export function scriptFacts<T>(spec: ScriptFactsSpec<T>): FileExtractor<T | undefined> {
  return {
    name: spec.name,
    version: spec.version,
    module: spec.module,
    ...(spec.roles && { roles: spec.roles }),
    ...(spec.triggers && { triggers: spec.triggers }),
    ...(spec.paths && { paths: spec.paths }),
    typescript: {
      kinds: [SyntaxKind.SourceFile],
      create(file) {
        let facts: T | undefined;
        return {
          visit(node: ts.Node) {
            facts = spec.extract(wrapped<SourceFile>(node), file);
          },
          result: () => facts,
        };
      },
    },
  };
}

/** 1-based start and end of a node, from the file's line index (no scan from the top per call). */
export function spanOf(node: Node, file: FileInput): Span {
  return file.span(node.getStart(), node.getEnd());
}

/** Each runtime JS/TS file of the app holding one of the rule's triggers, with what `extractor` found in it. */
export function forEachRuntimeScriptFacts<T>(
  context: RuleContext<string>,
  extractor: FileExtractor<T | undefined>,
  visit: (facts: T, file: IndexedFile) => void,
): void {
  for (const file of context.candidates(runtimeScriptFilter(context))) {
    const facts = context.facts(file.path, extractor);
    if (facts !== undefined) visit(facts, file);
  }
}
