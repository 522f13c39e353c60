/**
 * Go packages only tests import: a conformance suite, fakes or helpers that `_test.go` files share
 * (`storage/conformance`, `internal/fakes`) but whose names say nothing of it. They never reach the
 * running binary, so they are test material like the tests themselves. Judged from each file's head
 * (its package clause and imports) and the modules' paths in go.mod; a file whose import block the
 * head cuts off could import anything, so its module is left alone.
 */
import { posix } from 'node:path';

export interface GoFileHead {
  path: string;
  /** Already test material (`_test.go`, a test folder, an unshipped build constraint, an import of `testing`). */
  test: boolean;
  /** Its import paths; undefined when the head read may not hold them all. */
  imports: string[] | undefined;
  /** It declares `package main`. */
  main: boolean;
  /** The name its package clause declares, if the head holds one. */
  package?: string;
}

export interface GoModule {
  /** Repo-relative folder of the go.mod ('' at the root). */
  folder: string;
  /** Its `module` path. */
  path: string;
}

/** The `module` path of a go.mod text, if it names one. */
export function goModulePath(text: string): string | undefined {
  return /^module\s+("?)([^\s"]+)\1\s*$/m.exec(text)?.[2];
}

/** Repo-relative folders of Go packages whose every importer in the repository is test material. */
export function testOnlyGoPackages(files: readonly GoFileHead[], modules: readonly GoModule[]): Set<string> {
  const byPath = [...modules].sort((a, b) => b.path.length - a.path.length);
  const byFolder = [...modules].sort((a, b) => b.folder.length - a.folder.length);
  const moduleOfImport = (importPath: string): GoModule | undefined =>
    byPath.find((module) => importPath === module.path || importPath.startsWith(`${module.path}/`));
  const moduleHolding = (path: string): GoModule | undefined =>
    byFolder.find((module) => module.folder === '' || path === module.folder || path.startsWith(`${module.folder}/`));
  const importers = new Map<string, boolean[]>();
  const ownFiles = new Map<string, GoFileHead[]>();
  const uncertain = new Set<GoModule | undefined>();
  for (const file of files) {
    const folder = posix.dirname(file.path) === '.' ? '' : posix.dirname(file.path);
    ownFiles.set(folder, [...(ownFiles.get(folder) ?? []), file]);
    const { imports } = file;
    if (imports === undefined) {
      if (!file.test) uncertain.add(moduleHolding(file.path));
      continue;
    }
    for (const importPath of imports) {
      const module = moduleOfImport(importPath);
      if (!module) continue;
      const target = posix.join(module.folder, importPath.slice(module.path.length + 1));
      if (target !== folder) importers.set(target, [...(importers.get(target) ?? []), file.test]);
    }
  }
  const found = new Set<string>();
  for (const [folder, fromTests] of importers) {
    const own = ownFiles.get(folder) ?? [];
    if (uncertain.has(moduleHolding(folder)) || own.some((file) => !file.test && file.main)) continue;
    if (fromTests.every(Boolean) && own.some((file) => !file.test)) found.add(folder);
  }
  return found;
}

/**
 * What the head of a Go file says (`whole`: the head is the whole file): its package is `main`, and its
 * import paths, undefined when the head may not hold them all: it ends inside the imports, or before
 * any declaration that would follow them.
 */
export function readGoHead(head: string, whole: boolean): Pick<GoFileHead, 'imports' | 'main' | 'package'> {
  const name = /^package\s+(\w+)/m.exec(head)?.[1];
  const main = name === 'main';
  const clause = name === undefined ? {} : { package: name };
  if (!whole && !/^(?:func|type|var|const)\b/m.test(head)) return { imports: undefined, main, ...clause };
  const paths: string[] = [];
  let inBlock = false;
  for (const line of head.split('\n')) {
    if (inBlock) {
      if (/^\s*\)/.test(line)) inBlock = false;
      else paths.push(...quotedImport(line));
    } else if (/^import\s*\(/.test(line)) {
      inBlock = true;
    } else if (/^import\s/.test(line)) {
      paths.push(...quotedImport(line.slice('import'.length)));
    }
  }
  return { imports: inBlock ? undefined : paths, main, ...clause };
}

/**
 * `package main` files in a folder whose other files make up another package: Go builds one package
 * per folder, so such a file is kept out of that build by a constraint whatever its tag (`//go:build
 * go_run_only`) and runs only by itself (`go run gen.go` from a `//go:generate` line). The shipped
 * binary never holds it, as with `//go:build ignore`.
 */
export function standaloneGoPrograms(files: readonly GoFileHead[]): Set<string> {
  const packagesOf = new Map<string, Set<string>>();
  for (const file of files) {
    if (file.test || file.package === undefined || file.package.endsWith('_test')) continue;
    const folder = posix.dirname(file.path);
    packagesOf.set(folder, (packagesOf.get(folder) ?? new Set()).add(file.package));
  }
  return new Set(files.filter((file) => !file.test && file.main && (packagesOf.get(posix.dirname(file.path))?.size ?? 0) > 1).map((file) => file.path));
}

/** `"path"` or `alias "path"` on an import line. */
function quotedImport(line: string): string[] {
  const path = /^\s*(?:[\w.]+\s+)?"([^"]+)"/.exec(line)?.[1];
  return path === undefined ? [] : [path];
}
