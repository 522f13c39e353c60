import { Project, ScriptKind, type SourceFile, type ts } from 'ts-morph';

export const SCRIPT_KINDS: Record<string, ScriptKind> = {
  '.ts': ScriptKind.TS,
  '.mts': ScriptKind.TS,
  '.cts': ScriptKind.TS,
  '.tsx': ScriptKind.TSX,
  '.js': ScriptKind.JS,
  '.mjs': ScriptKind.JS,
  '.cjs': ScriptKind.JS,
  '.jsx': ScriptKind.JSX,
};

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

/**
 * Parse-only ts-morph: an in-memory project with no type checker and no module resolution, so
 * nothing of the audited repository is ever loaded beyond the text we hand it.
 */
export function createTsParser(): (path: string, text: string) => ParseResult<SourceFile> {
  let project = newProject();
  let held = 0;
  return (path, text) => {
    // ts-morph re-lists every file a project holds each time one is added (to reset its program):
    // quadratic in the files of one project, so a project holds a bounded number of them.
    if (held >= FILES_PER_PROJECT) {
      project = newProject();
      held = 0;
    }
    held += 1;
    const extension = path.slice(path.lastIndexOf('.'));
    const sourceFile = project.createSourceFile(`/${path}`, text, {
      overwrite: true,
      scriptKind: SCRIPT_KINDS[extension] ?? ScriptKind.TS,
    });
    const diagnostics = (sourceFile.compilerNode as { parseDiagnostics?: { start?: number; messageText: unknown }[] })
      .parseDiagnostics;
    const first = diagnostics?.[0];
    if (first) {
      const { line, column } = sourceFile.getLineAndColumnAtPos(first.start ?? 0);
      const text = typeof first.messageText === 'string' ? first.messageText : 'syntax error';
      return { ok: false, message: `syntax error at ${line}:${column}: ${text}` };
    }
    const depth = syntaxDepth(sourceFile.compilerNode);
    if (depth > MAX_SYNTAX_DEPTH) {
      // ts-morph and the rules walk parents and children recursively: a tree this deep would overflow the stack.
      project.removeSourceFile(sourceFile);
      return { ok: false, message: `not analysed: syntax nested more than ${MAX_SYNTAX_DEPTH} levels deep` };
    }
    return { ok: true, value: sourceFile };
  };
}

/** Files per in-memory project: adding one costs O(files held), so this bounds it. */
export const FILES_PER_PROJECT = 500;

function newProject(): Project {
  return new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, noResolve: true, noLib: true },
  });
}

/** Deeper than any hand-written code; generated code this deep is refused rather than risk the stack. */
export const MAX_SYNTAX_DEPTH = 500;

/** The depth of a syntax tree, measured without recursion; stops counting past the limit. */
export function syntaxDepth(root: ts.Node): number {
  let deepest = 0;
  const stack: [ts.Node, number][] = [[root, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (depth > deepest) deepest = depth;
    if (deepest > MAX_SYNTAX_DEPTH) return deepest;
    node.forEachChild((child) => {
      stack.push([child, depth + 1]);
    });
  }
  return deepest;
}

export function isScriptPath(path: string): boolean {
  return path.slice(path.lastIndexOf('.')) in SCRIPT_KINDS && !path.endsWith('.d.ts');
}
