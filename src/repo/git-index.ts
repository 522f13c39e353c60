/**
 * The paths git tracks, read from the work tree's index file (`.git/index`) without running git. A
 * file committed despite a `.gitignore` rule (`git add -f .env`) is in the repository all the same:
 * the walk must not leave it out, and rules must not call it ignored.
 */
import { join, relative, resolve, sep } from 'node:path';
import { readRegularFile, readRegularText } from '../util/safe-fs.js';

/** Index files of very large monorepos run to tens of megabytes; past this the walk goes by .gitignore alone. */
const MAX_INDEX_BYTES = 64 * 1024 * 1024;
const SHA1_BYTES = 20;
/** ctime, mtime, dev, ino, mode, uid, gid and size, before the object name. */
const STAT_BYTES = 40;
const EXTENDED_FLAG = 0x4000;

/**
 * Paths of the index (repo-relative to the work tree's top, POSIX), or undefined when there is no
 * index or it cannot be read as one (another hash than SHA-1, an unknown version, a damaged file).
 */
export function parseGitIndex(bytes: Buffer): string[] | undefined {
  if (bytes.length < 12 || bytes.toString('latin1', 0, 4) !== 'DIRC') return undefined;
  const version = bytes.readUInt32BE(4);
  const count = bytes.readUInt32BE(8);
  if (version < 2 || version > 4) return undefined;
  const paths: string[] = [];
  let offset = 12;
  let previous = '';
  for (let index = 0; index < count; index += 1) {
    const start = offset;
    offset += STAT_BYTES + SHA1_BYTES;
    if (offset + 2 > bytes.length) return undefined;
    const flags = bytes.readUInt16BE(offset);
    offset += 2;
    if (version >= 3 && (flags & EXTENDED_FLAG) !== 0) offset += 2;
    let path: string;
    if (version === 4) {
      // The path is the previous one, less N trailing bytes, plus a NUL-terminated suffix.
      const varint = readOffsetVarint(bytes, offset);
      if (varint === undefined) return undefined;
      const strip = varint.value;
      offset = varint.next;
      const end = bytes.indexOf(0, offset);
      if (end === -1 || strip > previous.length) return undefined;
      const kept = Buffer.from(previous, 'utf8');
      path = Buffer.concat([kept.subarray(0, kept.length - strip), bytes.subarray(offset, end)]).toString('utf8');
      offset = end + 1;
    } else {
      const end = bytes.indexOf(0, offset);
      if (end === -1) return undefined;
      path = bytes.toString('utf8', offset, end);
      // Entries are NUL-padded to a multiple of eight bytes from their start (at least one NUL).
      offset = start + Math.ceil((end + 1 - start) / 8) * 8;
    }
    paths.push(path);
    previous = path;
  }
  return paths;
}

/** Git's offset varint (as in pack files): each continuation adds one before shifting. */
function readOffsetVarint(bytes: Buffer, start: number): { value: number; next: number } | undefined {
  let offset = start;
  let byte = bytes[offset];
  if (byte === undefined) return undefined;
  let value = byte & 0x7f;
  while ((byte & 0x80) !== 0) {
    offset += 1;
    byte = bytes[offset];
    if (byte === undefined || value > 0xffffff) return undefined;
    value = ((value + 1) << 7) | (byte & 0x7f);
  }
  return { value, next: offset + 1 };
}

/**
 * The tracked paths under `root`, relative to it, when `root` lies in a git work tree whose top is
 * `top`; undefined without a readable index. A linked worktree's `.git` file names its git dir.
 */
export function trackedPaths(top: string, root: string): Set<string> | undefined {
  const gitDir = gitDirectoryOf(top);
  if (gitDir === undefined) return undefined;
  const read = readRegularFile(join(gitDir, 'index'), { maxBytes: MAX_INDEX_BYTES });
  const paths = read.ok ? parseGitIndex(read.bytes) : undefined;
  if (paths === undefined) return undefined;
  const prefix = relative(top, root).split(sep).join('/');
  const inside = prefix === '' ? paths : paths.filter((path) => path.startsWith(`${prefix}/`)).map((path) => path.slice(prefix.length + 1));
  return new Set(inside);
}

function gitDirectoryOf(top: string): string | undefined {
  const marker = join(top, '.git');
  const pointer = readRegularText(marker, { maxBytes: 4096 });
  if (!pointer.ok) return pointer.problem === 'not a regular file' ? marker : undefined;
  const named = /^gitdir:\s*(.+?)\s*$/m.exec(pointer.text)?.[1];
  return named === undefined ? undefined : resolve(top, named);
}
