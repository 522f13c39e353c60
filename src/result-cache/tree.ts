/**
 * What a folder tree looked like, to tell later whether anything in it changed: every folder's entry
 * names and every file's size, modification time and content hash. A file whose size and time are
 * unchanged is taken as unchanged (as git's index and ESLint's cache do) unless its time was too close
 * to the snapshot to tell an edit in the same clock tick apart ("racily clean" in git's words); a file
 * whose time changed but whose content did not (a fresh clone in CI) is unchanged too.
 */
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isRecord } from '../util/is-record.js';

export interface FileSignature {
  size: number;
  mtimeMs: number;
  /** Absent for files over the hashing limit: only their size is compared when their time moved. */
  hash?: string;
}

export interface TreeSnapshot {
  /** When the snapshot's first stat was taken (ms since the epoch). */
  takenAt: number;
  /** Files larger than this were not hashed. */
  maxHashBytes: number;
  /** Repo-relative POSIX folder ('' for the root) to its sorted entry names, skipped folders included. */
  folders: Record<string, string[]>;
  /** Repo-relative POSIX path of every file and symlink to its signature. */
  files: Record<string, FileSignature>;
}

export interface SnapshotOptions {
  /** Folder names never descended into, at any depth (they are still listed in their parent). */
  skippedFolders: readonly string[];
  /** Files larger than this are not hashed. */
  maxHashBytes: number;
}

/** File systems with coarse clocks (FAT: 2 s) can give an edit right after the snapshot the same time. */
const CLOCK_TICK_MS = 2000;

export function takeSnapshot(root: string, options: SnapshotOptions): TreeSnapshot | undefined {
  const skipped = new Set(options.skippedFolders);
  const takenAt = Date.now();
  const folders: Record<string, string[]> = {};
  const files: Record<string, FileSignature> = {};
  const pending = [''];
  for (let folder = pending.pop(); folder !== undefined; folder = pending.pop()) {
    const entries = listFolder(join(root, folder));
    if (entries === undefined) return undefined;
    folders[folder] = entries.map((entry) => entry.name).sort();
    for (const entry of entries) {
      const path = folder === '' ? entry.name : `${folder}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!skipped.has(entry.name)) pending.push(path);
        continue;
      }
      const signature = signatureOf(join(root, path), options.maxHashBytes);
      if (signature === undefined) return undefined;
      files[path] = signature;
    }
  }
  return { takenAt, maxHashBytes: options.maxHashBytes, folders, files };
}

/** Whether the tree under `root` is still the one `snapshot` saw. Stops at the first difference. */
export function isUnchanged(root: string, snapshot: TreeSnapshot): boolean {
  for (const [folder, names] of Object.entries(snapshot.folders)) {
    const entries = listFolder(join(root, folder));
    if (entries === undefined || !sameNames(entries.map((entry) => entry.name).sort(), names)) return false;
  }
  const racyAfter = snapshot.takenAt - CLOCK_TICK_MS;
  for (const [path, recorded] of Object.entries(snapshot.files)) {
    const stats = lstatOf(join(root, path));
    if (stats === undefined || stats.isDirectory() || stats.size !== recorded.size) return false;
    if (stats.mtimeMs === recorded.mtimeMs && recorded.mtimeMs < racyAfter) continue;
    if (recorded.hash === undefined) {
      if (stats.size <= snapshot.maxHashBytes) return false;
      continue;
    }
    if (contentHash(join(root, path), stats) !== recorded.hash) return false;
  }
  return true;
}

/** A snapshot read back from a cache file, or undefined when it has another shape. */
export function asSnapshot(value: unknown): TreeSnapshot | undefined {
  if (!isRecord(value) || typeof value.takenAt !== 'number' || typeof value.maxHashBytes !== 'number' || !isRecord(value.folders) || !isRecord(value.files)) return undefined;
  const foldersOk = Object.values(value.folders).every((names) => Array.isArray(names) && names.every((name) => typeof name === 'string'));
  const filesOk = Object.values(value.files).every(
    (file) => isRecord(file) && typeof file.size === 'number' && typeof file.mtimeMs === 'number' && (file.hash === undefined || typeof file.hash === 'string'),
  );
  return foldersOk && filesOk ? (value as unknown as TreeSnapshot) : undefined;
}

function signatureOf(file: string, maxHashBytes: number): FileSignature | undefined {
  const stats = lstatOf(file);
  if (stats === undefined) return undefined;
  if (stats.size > maxHashBytes) return { size: stats.size, mtimeMs: stats.mtimeMs };
  const hash = contentHash(file, stats);
  return hash === undefined ? undefined : { size: stats.size, mtimeMs: stats.mtimeMs, hash };
}

/** A regular file's content hash; a symlink's, device's or pipe's is its kind (they are never read). */
function contentHash(file: string, stats: Stats): string | undefined {
  if (!stats.isFile()) return `not a regular file: ${stats.isSymbolicLink() ? 'symlink' : 'other'}`;
  try {
    return createHash('sha1').update(readFileSync(file)).digest('hex');
  } catch {
    return undefined;
  }
}

function listFolder(folder: string): Dirent[] | undefined {
  try {
    return readdirSync(folder, { withFileTypes: true });
  } catch {
    return undefined;
  }
}

function lstatOf(file: string): Stats | undefined {
  try {
    return lstatSync(file);
  } catch {
    return undefined;
  }
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((name, index) => name === b[index]);
}
