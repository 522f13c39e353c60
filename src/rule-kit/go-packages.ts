/**
 * The Go packages of an app as a graph: which of the repository's packages each package imports, and
 * which are programs (`package main`). Go builds one binary per `package main`, holding exactly the
 * packages it reaches, so "does this binary trap SIGTERM?" or "does the web binary start this
 * scheduler?" are questions about reach, not about the whole module.
 */
import { posix } from 'node:path';
import { defineAppFact } from '../facts/app-facts.js';
import { goModulePath, readGoHead } from '../repo/go-test-packages.js';
import type { RuleContext } from '../types.js';
import { foldersAbove, inFolder } from './repo-files.js';
import { isRuntimeSource } from './source-text.js';

export interface GoModuleRoot {
  /** Repo-relative folder of the go.mod ('.' at the root). */
  folder: string;
  /** Its `module` path. */
  path: string;
}

export interface GoPackages {
  /** The go.mod files around the app, longest module path first (the most specific match wins). */
  modules: readonly GoModuleRoot[];
  /** Folder of each runtime Go package -> folders of the repository's packages it imports. */
  imports: ReadonlyMap<string, readonly string[]>;
  /** Folders of `package main` programs. */
  mains: ReadonlySet<string>;
  /** The repository folder an import path names, when one of the modules holds it. */
  folderOf(importPath: string): string | undefined;
}

const GO_PACKAGES = defineAppFact('go-packages', (context): GoPackages => {
  const folders = new Set([context.app.path, ...foldersAbove(context.app.path)]);
  for (const file of context.files) if (posix.basename(file.path) === 'go.mod') folders.add(posix.dirname(file.path));
  const modules: GoModuleRoot[] = [];
  for (const folder of folders) {
    const path = goModulePath(context.text(inFolder(folder, 'go.mod')) ?? '');
    if (path !== undefined) modules.push({ folder, path });
  }
  modules.sort((a, b) => b.path.length - a.path.length);
  const folderOf = (importPath: string): string | undefined => {
    const module = modules.find((candidate) => importPath === candidate.path || importPath.startsWith(`${candidate.path}/`));
    return module && posix.normalize(inFolder(module.folder, importPath.slice(module.path.length + 1) || '.'));
  };
  const imports = new Map<string, string[]>();
  const mains = new Set<string>();
  for (const file of context.files) {
    if (file.language !== 'go' || !isRuntimeSource(file)) continue;
    const head = readGoHead(packageHead(context.text(file.path) ?? ''), true);
    const folder = posix.dirname(file.path);
    if (head.main) mains.add(folder);
    const targets = imports.get(folder) ?? [];
    for (const importPath of head.imports ?? []) {
      const target = folderOf(importPath);
      if (target !== undefined && target !== folder && !targets.includes(target)) targets.push(target);
    }
    imports.set(folder, targets);
  }
  return { modules, imports, mains, folderOf };
});

/** A Go file up to its first top-level declaration: its package clause and imports, all `readGoHead` reads. */
function packageHead(text: string): string {
  const declaration = /^(?:func|type|var|const)\b/m.exec(text);
  return declaration === null ? text : text.slice(0, declaration.index);
}

/** The app's Go package graph, computed once per app. */
export function goPackages(context: RuleContext<string>): GoPackages {
  return context.appFact(GO_PACKAGES);
}

/** Everything reachable from any of `starts` (themselves included), in one walk. */
export function reachFrom<T>(starts: Iterable<T>, graph: ReadonlyMap<T, readonly T[]>): Set<T> {
  const seen = new Set<T>(starts);
  const queue = [...seen];
  for (let current = queue.pop(); current !== undefined; current = queue.pop()) {
    for (const next of graph.get(current) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  return seen;
}
