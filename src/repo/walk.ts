/**
 * The repo index: one walk of the audited tree, listing the files rules may look at.
 */
import fs from 'node:fs';
import { dirname, join, posix, relative, resolve, sep } from 'node:path';
import fg from 'fast-glob';
import ignore from 'ignore';
import { UsageError } from '../errors.js';
import { readRegularFile, readRegularText } from '../util/safe-fs.js';
import type { AuditError, IndexedFile } from '../types.js';
import { isLockfile, isUnshippedGoBuild, languageOf, roleOf } from './classify.js';
import { goModulePath, readGoHead, standaloneGoPrograms, testOnlyGoPackages, type GoFileHead, type GoModule } from './go-test-packages.js';
import { GitignoreRules } from './gitignore.js';
import { trackedPaths } from './git-index.js';
import { gitWorkTreeTop } from './vcs.js';
import { ALWAYS_SKIPPED_FOLDERS, gitignoresAbove } from './walk-bounds.js';

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
  /** Sorted by path. Never contains symlinks, ignored files (tracked ones excepted) or files over the size limit. */
  files: IndexedFile[];
  /** Files over the size limit (`skipped`) and folders or `.gitignore` files that could not be read (`read`), sorted by file. */
  skipped: AuditError[];
  /**
   * Whether git would ignore this repo-relative POSIX path (a folder when it ends with '/'), whether
   * or not it exists: rules ask it about `.env` or `package-lock.json`. Honours every `.gitignore`
   * in the tree and those above the root up to the top of its git work tree; not the config's
   * `ignore`, and not `.git/info/exclude` (it is private to one clone, so it protects no one else).
   * A path git tracks (in the index) is never ignored: it was committed despite the rule.
   */
  isGitIgnored(path: string): boolean;
}

export function walkRepo(root: string, opts: WalkOptions): WalkResult {
  const absoluteRoot = resolve(root);
  assertDirectory(absoluteRoot, root);

  const unreadableFolders: string[] = [];
  const unrepresentable: string[] = [];
  const entries = fg.sync('**', {
    cwd: absoluteRoot,
    dot: true,
    onlyFiles: true,
    followSymbolicLinks: false,
    stats: true,
    suppressErrors: true,
    ignore: FAST_GLOB_IGNORE,
    fs: { readdirSync: recordFailures(unreadableFolders, (folder, name) => unrepresentable.push(toRepoPath(relative(absoluteRoot, join(folder, name))))) },
  });

  const skipped: AuditError[] = unrepresentable.map((path) => ({
    kind: 'skipped',
    file: path,
    message: 'File name is not valid UTF-8 or contains a line break; it is not audited (rename it)',
  }));
  const gitignore = new GitignoreRules();
  addGitignoresAbove(gitignore, absoluteRoot);
  for (const entry of entries) {
    if (entry.name !== '.gitignore') continue;
    const text = readText(join(absoluteRoot, entry.path));
    if (text === undefined) skipped.push({ kind: 'read', file: entry.path, message: 'Cannot read .gitignore; its rules are not applied' });
    else gitignore.addFile(parentOf(entry.path), text);
  }
  const configIgnore = ignore({ ignorecase: false }).add([...opts.ignore]);
  // A file committed despite a .gitignore rule (`git add -f`) is in the repository all the same.
  const top = gitWorkTreeTop(absoluteRoot);
  const tracked = top === undefined ? undefined : trackedPaths(top, absoluteRoot);
  const isGitIgnored = (path: string): boolean => gitignore.isIgnored(path) && !(tracked?.has(path) ?? false);
  const isExcluded = (path: string): boolean => isGitIgnored(path) || configIgnore.ignores(path);

  const files: IndexedFile[] = [];
  const goHeads: GoFileHead[] = [];
  const goModules: GoModule[] = [];
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
    let role = roleOf(path);
    if (path.endsWith('.go') && (role === 'source' || role === 'test')) {
      const head = goHead(join(absoluteRoot, path));
      const read = readGoHead(head, size <= GO_HEAD_BYTES);
      const { imports } = read;
      // A build constraint that keeps the file out of the binary, or an import of `testing` (shared test
      // helpers outside `_test.go`): the running binary never has it.
      if (role === 'source' && (isUnshippedGoBuild(head) || (imports?.includes('testing') ?? false))) role = 'test';
      goHeads.push({ path, test: role === 'test', ...read });
    } else if (posix.basename(path) === 'go.mod' && role !== 'vendored') {
      const module = goModulePath(readText(join(absoluteRoot, path)) ?? '');
      if (module) goModules.push({ folder: posix.dirname(path) === '.' ? '' : posix.dirname(path), path: module });
    }
    files.push({ path, size, language: languageOf(path), role });
  }
  // Packages only tests import are test material too; their names need not say so.
  const testOnly = goModules.length > 0 ? testOnlyGoPackages(goHeads, goModules) : new Set<string>();
  // So are programs that run only by themselves beside another package (code generators).
  const standalone = standaloneGoPrograms(goHeads);
  for (const file of files) {
    if (file.role === 'source' && file.path.endsWith('.go') && (testOnly.has(posix.dirname(file.path)) || standalone.has(file.path))) file.role = 'test';
  }
  for (const folder of unreadableFolders) {
    const path = toRepoPath(relative(absoluteRoot, folder));
    if (!isExcluded(`${path}/`)) skipped.push({ kind: 'read', file: path, message: 'Cannot read folder; its files are not audited' });
  }

  files.sort((a, b) => compareStrings(a.path, b.path));
  skipped.sort((a, b) => compareStrings(a.file ?? '', b.file ?? ''));
  return { files, skipped, isGitIgnored };
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

/**
 * A `readdirSync` that notes the folders it cannot read (fast-glob then skips them: `suppressErrors`)
 * and leaves out, noting each, the names a path string cannot carry faithfully: bytes that are not
 * UTF-8 (git stores names as bytes; decoded, they name no file and fast-glob would drop the whole
 * folder) and line breaks (no glob matches them, and every line-based output would split on them).
 */
function recordFailures(unreadable: string[], unrepresentable: (folder: string, name: string) => void): typeof fs.readdirSync {
  const readdirSync = fs.readdirSync as (folder: string, ...rest: unknown[]) => unknown;
  return ((folder: string, ...rest: unknown[]) => {
    let listed: unknown;
    try {
      listed = readdirSync(folder, ...rest);
    } catch (error) {
      // ENOENT is a folder deleted mid-walk: nothing was there to audit.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') unreadable.push(folder);
      throw error;
    }
    const entries = listed as (string | fs.Dirent)[];
    const nameOf = (entry: string | fs.Dirent): string => (typeof entry === 'string' ? entry : String(entry.name));
    const undecodable = entries.some((entry) => nameOf(entry).includes('\uFFFD')) ? undecodableNames(folder) : new Map<string, string>();
    return entries.filter((entry) => {
      const name = nameOf(entry);
      const shown = undecodable.get(name);
      if (shown === undefined && !/[\r\n]/.test(name)) return true;
      unrepresentable(folder, shown ?? name);
      return false;
    });
  }) as typeof fs.readdirSync;
}

/** Names in `folder` that are not valid UTF-8, by their lossy decoding, each shown with its bad bytes as `\xNN`. */
function undecodableNames(folder: string): Map<string, string> {
  const names = new Map<string, string>();
  for (const raw of fs.readdirSync(folder, { encoding: 'buffer' })) {
    const decoded = raw.toString('utf8');
    if (Buffer.from(decoded, 'utf8').equals(raw)) continue;
    names.set(decoded, showBytes(raw));
  }
  return names;
}

/** Valid UTF-8 runs as text, every other byte as `\xNN`. */
function showBytes(raw: Buffer): string {
  let shown = '';
  let index = 0;
  while (index < raw.length) {
    const length = utf8SequenceLength(raw, index);
    shown += length === 0 ? `\\x${raw[index]!.toString(16).padStart(2, '0')}` : raw.subarray(index, index + length).toString('utf8');
    index += Math.max(1, length);
  }
  return shown;
}

/** Length of the valid UTF-8 sequence starting at `index`, 0 when the byte there starts none. */
function utf8SequenceLength(raw: Buffer, index: number): number {
  const first = raw[index]!;
  const length = first < 0x80 ? 1 : first >= 0xc2 && first <= 0xdf ? 2 : first >= 0xe0 && first <= 0xef ? 3 : first >= 0xf0 && first <= 0xf4 ? 4 : 0;
  if (length <= 1) return length;
  const sequence = raw.subarray(index, index + length);
  return sequence.length === length && Buffer.from(sequence.toString('utf8'), 'utf8').equals(sequence) ? length : 0;
}

/** `.gitignore` files between the top of the git work tree and the root (exclusive) apply too. */
function addGitignoresAbove(gitignore: GitignoreRules, absoluteRoot: string): void {
  for (const file of gitignoresAbove(absoluteRoot)) {
    const text = readText(file);
    if (text !== undefined) gitignore.addAbove(toRepoPath(relative(dirname(file), absoluteRoot)), text);
  }
}


/** `.gitignore` files are read like every other file: never through a symlink, never a pipe or device, bounded. */
const MAX_GITIGNORE_BYTES = 1024 * 1024;

/** Where a Go file's build constraints sit: above the package clause, near the top. */
const GO_HEAD_BYTES = 4096;

function goHead(path: string): string {
  const read = readRegularFile(path, { maxBytes: GO_HEAD_BYTES, truncate: true });
  return read.ok ? read.bytes.toString('utf8') : '';
}

function readText(path: string): string | undefined {
  const read = readRegularText(path, { maxBytes: MAX_GITIGNORE_BYTES });
  return read.ok ? read.text : undefined;
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
