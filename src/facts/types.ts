/**
 * Per-file facts: what one pass over one file extracts for the rules. An extractor is declared once
 * (name, version, how it reads each language); the engine parses each file once, walks its syntax
 * tree once and hands every node to every extractor that asked for its kind. What comes out is plain
 * data with spans, never syntax nodes, so the pass is a pure function of (file text, extractor
 * versions) that can run in a worker thread and be cached.
 */
import type { ts } from 'ts-morph';
import type { FileRole, Language, RuleContext } from '../types.js';

/** 1-based start and end of a piece of source. */
export interface Span {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** The file an extractor runs on. */
export interface FileInput {
  /** Repo-relative POSIX path. */
  path: string;
  language: Language;
  text: string;
  /** 1-based span of [start, end) offsets of `text`. */
  span(start: number, end: number): Span;
}

/** Collects facts from the nodes of one file's syntax tree, then hands them over. */
export interface Visitor<Node, T> {
  /** Called for every node of a kind the extraction asked for, in source order (parents before children). */
  visit(node: Node): void;
  /** The facts, once the walk is over: plain, structured-cloneable data. */
  result(): T;
}

/** How an extractor reads one parsed language: the node kinds it wants, and a visitor per file. */
export interface SyntaxExtraction<Kind, Node, T> {
  kinds: readonly Kind[];
  create(file: FileInput): Visitor<Node, T>;
}

/** A tree-sitter syntax node as the extractors see it (web-tree-sitter's `Node`, structurally). */
export interface TreeNode {
  type: string;
  text: string;
  startIndex: number;
  endIndex: number;
  parent: TreeNode | null;
  namedChildren: (TreeNode | null)[];
  childForFieldName(name: string): TreeNode | null;
}

export interface FileExtractor<T = unknown> {
  /** Unique, kebab-case: the key of its facts in a file's results and in the cache. */
  name: string;
  /** Raised whenever the facts for the same text change: part of the cache key. */
  version: number;
  /**
   * `import.meta.url` of the module that exports this extractor: a worker thread imports it from
   * there (functions do not cross threads), so an extractor lives beside the rule that reads it and
   * no list of extractors has to know it.
   */
  module: string;
  /**
   * The roles of the files whose facts the rules read (default: every role). The pass hands the
   * extractor no file of another role, and a rule asking for one is an error (`context.facts`):
   * a test file that only this extractor would read is then not parsed at all.
   */
  roles?: readonly FileRole[];
  /**
   * A file whose text contains none of these strings has nothing to extract: the extractor is not
   * handed it, and its facts of the file are undefined. A file no extractor is handed is not parsed.
   */
  triggers?: readonly string[];
  /** Only files whose repository path passes have something to extract: the others are not handed to it (their facts are undefined). */
  paths?: (path: string) => boolean;
  /** JavaScript and TypeScript (every script extension), walked as a TypeScript syntax tree. */
  typescript?: SyntaxExtraction<ts.SyntaxKind, ts.Node, T>;
  python?: SyntaxExtraction<string, TreeNode, T>;
  go?: SyntaxExtraction<string, TreeNode, T>;
  /** Files read as text (data and config formats): which languages, and the facts of one file. */
  text?: { languages: readonly Language[]; extract(file: FileInput): T };
}

/** What the pass over one file produced: each extractor's facts by name, or why the file was not analysed. */
export type FileFacts =
  /** `failures`: extractors that threw on this file, with their message; their facts are absent. */
  | { ok: true; facts: Record<string, unknown>; failures?: Record<string, string> }
  | { ok: false; skipped: boolean; message: string };

/** A fact of a whole app that several rules derive from the same files: computed once per app (see `defineAppFact`). */
export interface AppFact<T> {
  readonly name: string;
  compute(context: RuleContext<string>): T;
}
