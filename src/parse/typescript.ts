import { Project, ScriptKind, type SourceFile } from 'ts-morph';

const SCRIPT_KINDS: Record<string, ScriptKind> = {
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
  const project = new Project({
    useInMemoryFileSystem: true,
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    skipLoadingLibFiles: true,
    compilerOptions: { allowJs: true, noResolve: true, noLib: true },
  });
  return (path, text) => {
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
    return { ok: true, value: sourceFile };
  };
}

export function isScriptPath(path: string): boolean {
  return path.slice(path.lastIndexOf('.')) in SCRIPT_KINDS && !path.endsWith('.d.ts');
}
