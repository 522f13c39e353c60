/**
 * Likely entry points of an app: where a rule looks first for `listen()`, signal handlers or
 * config loading. Only files in the index are returned; build output is mapped back to source.
 */
import { posix } from 'node:path';
import type { IndexedFile, PackageJson } from '../types.js';
import { pythonTargets } from './commands.js';
import { binTargets } from './manifest.js';

const CODE_EXTENSIONS = ['ts', 'tsx', 'mts', 'cts', 'js', 'jsx', 'mjs', 'cjs'];
/** Output folders a build writes `src/` into (`dist/server.js` comes from `src/server.ts`). */
const OUTPUT_FOLDERS = new Set(['dist', 'build', 'lib', 'out']);
const RUNNERS = new Set(['node', 'nodemon', 'ts-node', 'ts-node-dev', 'tsx', 'bun', 'deno', 'babel-node']);
const CONVENTIONAL_STEMS = new Set(['server', 'app', 'index', 'main']);
const CODE_LANGUAGES = new Set(['typescript', 'javascript', 'python', 'go', 'ruby']);

/**
 * `folder` is the app's repo-relative folder ('.' for the root), `ownFiles` the files it owns,
 * `commands` what its Procfile and Dockerfiles run. Sorted, without duplicates.
 */
export function entryPointsOf(folder: string, pkg: PackageJson | undefined, ownFiles: readonly IndexedFile[], commands: readonly string[] = []): string[] {
  const indexed = new Set(ownFiles.map((file) => file.path));
  const resolveTarget = (target: string): string | undefined => {
    const relative = posix.normalize(target);
    if (relative.startsWith('../') || posix.isAbsolute(relative)) return undefined;
    return candidatesFor(relative).map((candidate) => posix.join(folder, candidate)).find((path) => indexed.has(path));
  };

  const declared = [
    ...(typeof pkg?.main === 'string' ? [pkg.main] : []),
    ...(pkg ? binTargets(pkg) : []),
    ...startScriptTargets(typeof pkg?.scripts?.start === 'string' ? pkg.scripts.start : ''),
  ];
  const entryPoints = new Set(declared.map(resolveTarget).filter((path): path is string => path !== undefined));
  for (const file of conventionalEntryPoints(folder, ownFiles)) entryPoints.add(file);
  for (const file of pythonGoEntryPoints(folder, ownFiles)) entryPoints.add(file);
  for (const target of commands.flatMap(pythonTargets)) {
    const path = posix.normalize(posix.join(folder, target));
    if (indexed.has(path)) entryPoints.add(path);
  }
  return [...entryPoints].sort();
}

/** Paths a target may be on disk, best first: itself, with an extension, as a folder index, mapped back to `src/`. */
function candidatesFor(target: string): string[] {
  const extension = posix.extname(target);
  const stem = extension ? target.slice(0, -extension.length) : target;
  const withExtensions = (base: string): string[] => CODE_EXTENSIONS.map((ext) => `${base}.${ext}`);
  const candidates = [target, ...withExtensions(stem), ...withExtensions(`${target}/index`)];
  const [first, ...rest] = stem.split('/');
  if (first !== undefined && OUTPUT_FOLDERS.has(first) && rest.length > 0) {
    candidates.push(...withExtensions(['src', ...rest].join('/')));
  }
  return candidates;
}

/**
 * Words of a start script that name a file: one with a code extension, one with a slash
 * (`node dist/main`), or the first argument after a runner (`node server`).
 */
function startScriptTargets(script: string): string[] {
  const words = script.split(/\s+|&&|;|\|\|/).map((word) => word.replace(/^['"]|['"]$/g, '')).filter(Boolean);
  return words.filter((word, index) => {
    if (word.startsWith('-') || word.includes('=')) return false;
    const previous = words[index - 1];
    return /\.[cm]?[jt]sx?$/.test(word) || word.includes('/') || (previous !== undefined && RUNNERS.has(previous));
  });
}

/** `server.*`, `app.*`, `index.*`, `main.*` code files in the app's folder or its `src/`. */
function conventionalEntryPoints(folder: string, ownFiles: readonly IndexedFile[]): string[] {
  const folders = new Set([folder, posix.join(folder, 'src')]);
  return ownFiles
    .filter((file) => {
      if (file.role !== 'source' || !CODE_LANGUAGES.has(file.language)) return false;
      const parsed = posix.parse(file.path);
      return folders.has(parsed.dir === '' ? '.' : parsed.dir) && CONVENTIONAL_STEMS.has(parsed.name);
    })
    .map((file) => file.path);
}

/** Python modules servers and tools start by convention, wherever they are in the app. */
const PYTHON_ENTRY_NAMES = new Set(['wsgi.py', 'asgi.py', 'manage.py', '__main__.py']);

/** Django's `proj/wsgi.py`, `manage.py`, a package's `__main__.py`; Go's `cmd/<name>/main.go`. */
function pythonGoEntryPoints(folder: string, ownFiles: readonly IndexedFile[]): string[] {
  const commandFolder = posix.join(folder, 'cmd');
  return ownFiles
    .filter((file) => {
      if (file.role !== 'source') return false;
      const parsed = posix.parse(file.path);
      if (file.language === 'python') return PYTHON_ENTRY_NAMES.has(parsed.base);
      return file.language === 'go' && parsed.base === 'main.go' && posix.dirname(parsed.dir) === commandFolder;
    })
    .map((file) => file.path);
}
