/**
 * Python and Go syntax trees from tree-sitter grammars compiled to WebAssembly: the `web-tree-sitter`
 * runtime with the grammar builds `@vscode/tree-sitter-wasm` ships (byte for byte the `.wasm` files of
 * the official `tree-sitter-python` and `tree-sitter-go` 0.25 packages, without their native
 * prebuilds and `node-gyp-build` install script). Nothing native, nothing fetched at run time.
 *
 * Loading is asynchronous and costs 40 to 60 ms (the runtime's module about 10, compiling the runtime
 * about 15, the grammars 5 to 10 each, on this project's 2-core machine), so it is not done at import:
 * whoever is about to parse Python or Go calls `loadTreeSitter(languages)` once (per thread), and
 * `parseTree` is synchronous from then on. A repository with no Python or Go file pays nothing.
 *
 * Trees hold WebAssembly memory that the garbage collector never sees: the caller of `parseTree`
 * calls `tree.delete()` when done with it.
 */
import { createRequire } from 'node:module';
import type { Node, Parser, Tree } from 'web-tree-sitter';

export type TreeLanguage = 'python' | 'go';
export const TREE_LANGUAGES: readonly TreeLanguage[] = ['python', 'go'];

const GRAMMARS: Record<TreeLanguage, string> = {
  python: '@vscode/tree-sitter-wasm/wasm/tree-sitter-python.wasm',
  go: '@vscode/tree-sitter-wasm/wasm/tree-sitter-go.wasm',
};

/**
 * A tree that recovered from syntax errors is still analysed (tree-sitter isolates a broken statement
 * in an ERROR node and parses the rest as usual); only when errors cover more than this share of the
 * file's non-blank characters is it reported as not analysed, like a JavaScript file that does not parse.
 */
export const MAX_ERROR_SHARE = 0.5;

export type TreeParse =
  | {
      ok: true;
      value: Tree;
      /** Set when the tree recovered from a syntax error: where the first one is, in the words of `message` below. */
      syntaxError?: string;
    }
  | { ok: false; message: string };

const require = createRequire(import.meta.url);
let runtime: Promise<typeof import('web-tree-sitter')> | undefined;
const loading = new Map<TreeLanguage, Promise<void>>();
const parsers = new Map<TreeLanguage, Parser>();

/** Loads the runtime and the grammars of `languages`, once per thread; later calls reuse the first load. */
export function loadTreeSitter(languages: readonly TreeLanguage[] = TREE_LANGUAGES): Promise<void> {
  // Even the runtime's JavaScript is imported here, not at the top: a run without Python or Go never loads it.
  runtime ??= import('web-tree-sitter').then(async (module) => {
    await module.Parser.init();
    return module;
  });
  const ready = runtime;
  return Promise.all(
    languages.map((language) => {
      let load = loading.get(language);
      if (load === undefined) {
        load = ready.then(async ({ Language, Parser }) => {
          const parser = new Parser();
          parser.setLanguage(await Language.load(require.resolve(GRAMMARS[language])));
          parsers.set(language, parser);
        });
        loading.set(language, load);
      }
      return load;
    }),
  ).then(() => undefined);
}

/** Whether `parseTree(language, ...)` can run now. */
export function isTreeSitterLoaded(language: TreeLanguage): boolean {
  return parsers.has(language);
}

/**
 * The syntax tree of `text`, or why it is not analysed. The caller owns the tree and deletes it.
 * Throws when `loadTreeSitter` has not loaded the language: a bug of the caller, not of the file.
 */
export function parseTree(language: TreeLanguage, text: string): TreeParse {
  const parser = parsers.get(language);
  if (parser === undefined) throw new Error(`the ${language} grammar is not loaded: await loadTreeSitter() before parsing`);
  const tree = parser.parse(text);
  // parse() returns null only when cancelled by a progress callback, which is never set here.
  if (tree === null) return { ok: false, message: 'not analysed: the parser returned no tree' };
  const errors = syntaxErrors(tree.rootNode);
  if (errors === undefined) return { ok: true, value: tree };
  const message = `syntax error at ${lineAndColumn(text, errors.first.startIndex)}: ${describe(errors.first)}`;
  if (errors.root || errors.covered > MAX_ERROR_SHARE * nonBlankLength(text)) {
    tree.delete();
    return { ok: false, message };
  }
  return { ok: true, value: tree, syntaxError: message };
}

interface SyntaxErrors {
  /** The first ERROR or MISSING node in source order. */
  first: Node;
  /** Characters inside outermost ERROR nodes. */
  covered: number;
  /** The whole file is one ERROR node. */
  root: boolean;
}

/**
 * The syntax errors of a tree, found by descending only into nodes that contain one (`hasError`),
 * without recursion: a file with no error costs one check of the root.
 */
function syntaxErrors(root: Node): SyntaxErrors | undefined {
  if (!root.hasError) return undefined;
  if (root.isError) return { first: root, covered: root.endIndex - root.startIndex, root: true };
  let first: Node | undefined;
  let covered = 0;
  const pending: Node[] = [root];
  for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
    for (const child of node.children) {
      if (child.isError || child.isMissing) {
        if (first === undefined || child.startIndex < first.startIndex) first = child;
        if (child.isError) covered += child.endIndex - child.startIndex;
      } else if (child.hasError) {
        pending.push(child);
      }
    }
  }
  return first === undefined ? undefined : { first, covered, root: false };
}

/** What went wrong, in grammar terms only: a file's own text may hold a secret and is never quoted. */
function describe(node: Node): string {
  return node.isMissing ? `missing ${node.type}` : 'unexpected input';
}

function lineAndColumn(text: string, offset: number): string {
  let line = 1;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) line++;
  return `${line}:${offset - (text.lastIndexOf('\n', offset - 1) + 1) + 1}`;
}

function nonBlankLength(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9 && code !== 10 && code !== 13) count++;
  }
  return count;
}
