/**
 * File access for paths a hostile repository may control: reads that never follow a symbolic link,
 * never open a named pipe, socket or device, and stop at a size limit; and the test that a path the
 * repository names (its config's `baseline`, ...) stays inside the audited root, symlinks included.
 */
import fs from 'node:fs';
import path from 'node:path';

/** Why a read was refused or failed: a short phrase for an error message, never file content. */
export type ReadProblem = 'missing' | 'symlink' | 'not a regular file' | 'too large' | 'unreadable';

export type SafeRead = { ok: true; bytes: Buffer; truncated: boolean } | { ok: false; problem: ReadProblem; code?: string };

export interface SafeReadOptions {
  /** Read at most this many bytes; a longer file is `too large` unless `truncate` is set. */
  maxBytes: number;
  /** Return the first `maxBytes` bytes of a longer file (marked `truncated`) instead of refusing it. */
  truncate?: boolean;
  /** Follow a symbolic link at the path itself (a path the user named); folders on the way are always followed. */
  followSymlink?: boolean;
}

// O_NONBLOCK: opening a FIFO for reading must not wait for a writer. O_NOFOLLOW: a symlink fails with ELOOP.
const { O_RDONLY, O_NONBLOCK = 0, O_NOFOLLOW = 0 } = fs.constants;

/** Reads a regular file, bounded; anything else is a ReadProblem, never an exception. */
export function readRegularFile(file: string, options: SafeReadOptions): SafeRead {
  let descriptor: number;
  try {
    descriptor = fs.openSync(file, O_RDONLY | O_NONBLOCK | (options.followSymlink ? 0 : O_NOFOLLOW));
  } catch (error) {
    return { ok: false, ...openProblem(file, error as NodeJS.ErrnoException, options.followSymlink === true) };
  }
  try {
    const stats = fs.fstatSync(descriptor);
    if (!stats.isFile()) return { ok: false, problem: 'not a regular file' };
    if (stats.size > options.maxBytes && !options.truncate) return { ok: false, problem: 'too large' };
    // The size is read again from the bytes themselves: a file that grows while it is read stops at the limit.
    const buffer = Buffer.alloc(Math.min(options.maxBytes + 1, Math.max(stats.size + 1, 64 * 1024)));
    let length = 0;
    for (;;) {
      if (length === buffer.length) break;
      const read = fs.readSync(descriptor, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
    }
    if (length > options.maxBytes) {
      if (!options.truncate) return { ok: false, problem: 'too large' };
      return { ok: true, bytes: buffer.subarray(0, options.maxBytes), truncated: true };
    }
    return { ok: true, bytes: buffer.subarray(0, length), truncated: false };
  } catch (error) {
    return { ok: false, problem: 'unreadable', code: (error as NodeJS.ErrnoException).code ?? 'unknown error' };
  } finally {
    fs.closeSync(descriptor);
  }
}

function openProblem(file: string, error: NodeJS.ErrnoException, followed: boolean): { problem: ReadProblem; code?: string } {
  if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return { problem: 'missing' };
  // ELOOP is O_NOFOLLOW meeting a symlink (Linux); some systems say EMLINK or EFTYPE.
  if (!followed && isSymlink(file)) return { problem: 'symlink' };
  if (error.code === 'ENXIO') return { problem: 'not a regular file' };
  return { problem: 'unreadable', code: error.code ?? 'unknown error' };
}

export function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** The read as UTF-8 text without a BOM, or the problem. */
export function readRegularText(file: string, options: SafeReadOptions): { ok: true; text: string } | { ok: false; problem: ReadProblem; code?: string } {
  const read = readRegularFile(file, options);
  if (!read.ok) return read;
  const text = read.bytes.toString('utf8');
  return { ok: true, text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

/** `a/b` inside `root` (or `root` itself), by path alone. */
export function isLexicallyInside(root: string, candidate: string): boolean {
  const relative = path.relative(root, candidate);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * Resolves a path a repository's config names, relative to the audited root, and checks that it
 * stays inside: by path, and once every existing folder on the way (symlinks resolved) is taken into
 * account. The final component must not be a symlink. Returns the absolute path or why it is refused.
 */
export function resolveInsideRoot(root: string, named: string): { ok: true; path: string } | { ok: false; reason: string } {
  const absolute = path.resolve(root, named);
  if (!isLexicallyInside(root, absolute)) return { ok: false, reason: 'it lies outside the audited folder' };
  if (absolute === path.resolve(root)) return { ok: false, reason: 'it names the audited folder itself' };
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    return { ok: false, reason: 'the audited folder cannot be resolved' };
  }
  // The nearest existing folder on the way decides where the file really lands.
  let existing = path.dirname(absolute);
  while (!fs.existsSync(existing) && existing !== path.dirname(existing)) existing = path.dirname(existing);
  let realExisting: string;
  try {
    realExisting = fs.realpathSync(existing);
  } catch {
    return { ok: false, reason: 'a folder on its way cannot be resolved' };
  }
  if (!isLexicallyInside(realRoot, realExisting)) return { ok: false, reason: 'a symbolic link on its way leads outside the audited folder' };
  if (isSymlink(absolute)) return { ok: false, reason: 'it is a symbolic link' };
  return { ok: true, path: absolute };
}
