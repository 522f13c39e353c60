/**
 * The repo index: one walk of the audited tree, listing the files rules may look at.
 */
import fs from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore from 'ignore';
import { UsageError } from '../errors.js';
import type { AuditError, IndexedFile } from '../types.js';
import { isLockfile, languageOf, roleOf } from './classify.js';
import { GitignoreRules } from './gitignore.js';
import { gitWorkTreeTop } from './vcs.js';

/**
 * Folders never walked, at any depth: VCS metadata, installed dependencies, and output folders whose
 * names mean nothing but output or caches. `build/` and `tmp/` are deliberately absent: a committed
 * `build/` is often source (webpack/CMake/electron-builder scripts and resources) and Rails keeps
 * code-adjacent files in `tmp/`; when they are output, `.gitignore` almost always says so.
 */
const ALWAYS_SKIPPED_FOLDERS = [
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'dist',
  'out',
  'coverage',
  '.nyc_output',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.cache',
  '.parcel-cache',
  '.vercel',
  '.netlify',
  '.serverless',
  '.venv',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.tox',
];
const FAST_GLOB_IGNORE = [
  ...ALWAYS_SKIPPED_FOLDERS.map((folder) => `**/${folder}/**`),
  // A `.git` *file* marks a submodule or linked worktree.
  '**/.git',
];

export interface WalkOptions {
  /** Extra exclusions, gitignore syntax, relative to the root (the config's `ignore`). */
  ignore: readonly string[];
  /** Files larger than this many bytes are left out and reported in `skipped`. */
  maxFileSize: number;
}

export interface WalkResult {
  /** Sorted by path. Never contains symlinks, ignored files or files over the size limit. */
  files: IndexedFile[];
  /** Files over the size limit (`skipped`) and folders or `.gitignore` files that could not be read (`read`), sorted by file. */
  skipped: AuditError[];
  /**
   * Whether git would ignore this repo-relative POSIX path (a folder when it ends with '/'), whether
   * or not it exists: rules ask it about `.env` or `package-lock.json`. Honours every `.gitignore`
   * in the tree and those above the root up to the top of its git work tree; not the config's
   * `ignore`, and not `.git/info/exclude` (it is private to one clone, so it protects no one else).
   */
  isGitIgnored(path: string): boolean;
}

export function walkRepo(root: string, opts: WalkOptions): WalkResult {
  const absoluteRoot = resolve(root);
  assertDirectory(absoluteRoot, root);

  const unreadableFolders: string[] = [];
  const entries = fg.sync('**', {
    cwd: absoluteRoot,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    stats: true,
    suppressErrors: true,
    ignore: FAST_GLOB_IGNORE,
    fs: { readdirSync: recordFailures(unreadableFolders) },
  });

  const skipped: AuditError[] = [];
  const gitignore = new GitignoreRules();
  addGitignoresAbove(gitignore, absoluteRoot);
  for (const entry of entries) {
    if (entry.name !== '.gitignore') continue;
    const text = readText(join(absoluteRoot, entry.path));
    if (text === undefined) skipped.push({ kind: 'read', file: entry.path, message: 'Cannot read .gitignore; its rules are not applied' });
    else gitignore.addFile(parentOf(entry.path), text);
  }
  const configIgnore = ignore({ ignorecase: false }).add([...opts.ignore]);
  const isExcluded = (path: string): boolean => gitignore.isIgnored(path) || configIgnore.ignores(path);

  const files: IndexedFile[] = [];
  for (const { path, stats } of entries) {
    if (isExcluded(path)) continue;
    const size = stats?.size ?? 0;
    // A 2 MB package-lock.json is normal: it stays listed (its presence is a fact rules need) but is never read.
    if (size > opts.maxFileSize && !isLockfile(path)) {
      skipped.push({
        kind: 'skipped',
        file: path,
        message: `File is ${size} bytes, over the ${opts.maxFileSize}-byte limit (maxFileSize)`,
      });
      continue;
    }
    files.push({ path, size, language: languageOf(path), role: roleOf(path) });
  }
  for (const folder of unreadableFolders) {
    const path = toRepoPath(relative(absoluteRoot, folder));
    if (!isExcluded(`${path}/`)) skipped.push({ kind: 'read', file: path, message: 'Cannot read folder; its files are not audited' });
  }

  files.sort((a, b) => compareStrings(a.path, b.path));
  skipped.sort((a, b) => compareStrings(a.file ?? '', b.file ?? ''));
  return { files, skipped, isGitIgnored: (path) => gitignore.isIgnored(path) };
}

function assertDirectory(absoluteRoot: string, given: string): void {
  let stats: fs.Stats;
  try {
    stats = fs.statSync(absoluteRoot);
  } catch {
    throw new UsageError(`Path not found: ${given}`);
  }
  if (!stats.isDirectory()) throw new UsageError(`Not a directory: ${given}`);
}

/** A `readdirSync` that notes the folders it cannot read; fast-glob then skips them (`suppressErrors`). */
function recordFailures(unreadable: string[]): typeof fs.readdirSync {
  const readdirSync = fs.readdirSync as (folder: string, ...rest: unknown[]) => unknown;
  return ((folder: string, ...rest: unknown[]) => {
    try {
      return readdirSync(folder, ...rest);
    } catch (error) {
      // ENOENT is a folder deleted mid-walk: nothing was there to audit.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push(folder);
      throw error;
    }
  }) as typeof fs.readdirSync;
}

/** `.gitignore` files between the top of the git work tree and the root (exclusive) apply too. */
function addGitignoresAbove(gitignore: GitignoreRules, absoluteRoot: string): void {
  const top = gitWorkTreeTop(absoluteRoot);
  if (top === undefined) return;
  for (let folder = absoluteRoot; folder !== top; ) {
    folder = dirname(folder);
    const text = readText(join(folder, '.gitignore'));
    if (text !== undefined) gitignore.addAbove(toRepoPath(relative(folder, absoluteRoot)), text);
  }
}

function readText(path: string): string | undefined {
  try {
    return fs.readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function parentOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

function toRepoPath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}

/** Code-unit order: the same bytes on every machine, unlike `localeCompare`. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
