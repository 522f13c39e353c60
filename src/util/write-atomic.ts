import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UsageError } from '../errors.js';

export interface WriteOptions {
  /** How the path is shown in an error; default the path itself. */
  shownAs?: string;
  /**
   * The user named this path (on the command line): a symbolic link there is followed to its target.
   * A path the audited repository chose (its config, a fixed name inside it) never is.
   */
  userNamed?: boolean;
}

const CAUSES: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a folder on its way is a file',
  ENAMETOOLONG: 'the name is too long',
  EEXIST: 'a file appeared in its place while writing',
};

/**
 * Writes through a temporary file and a rename, so readers never see a half-written report and a
 * failed write leaves the old file intact. The temporary file has an unpredictable name and is created
 * exclusively (a symlink planted at its name is never followed); only regular files are replaced.
 */
export function writeFileAtomic(path: string, content: string, options: WriteOptions = {}): void {
  const shownAs = options.shownAs ?? path;
  const target = finalTarget(path, shownAs, options.userNamed === true);
  const folder = dirname(target);
  const temporary = join(folder, `.${basename(target)}.${randomBytes(8).toString('hex')}.tmp`);
  let created = false;
  try {
    fs.mkdirSync(folder, { recursive: true });
    const descriptor = fs.openSync(temporary, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL | (fs.constants.O_NOFOLLOW ?? 0), 0o666);
    created = true;
    try {
      fs.writeFileSync(descriptor, content);
      fs.fsyncSync(descriptor);
    } finally {
      fs.closeSync(descriptor);
    }
    fs.renameSync(temporary, target);
    created = false;
  } catch (error) {
    if (created) fs.rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code ?? '';
    throw new UsageError(`Cannot write ${shownAs}: ${CAUSES[code] ?? (code || (error as Error).message)}`);
  }
}

/** The file to replace: the path itself, or a user-named symlink's target; refuses anything but a regular file or a new name. */
function finalTarget(path: string, shownAs: string, userNamed: boolean): string {
  let stats: fs.Stats;
  try {
    stats = fs.lstatSync(path);
  } catch {
    return path;
  }
  if (stats.isSymbolicLink()) {
    if (!userNamed) throw new UsageError(`Cannot write ${shownAs}: it is a symbolic link (not followed)`);
    let real: string;
    try {
      real = fs.realpathSync(path);
    } catch {
      throw new UsageError(`Cannot write ${shownAs}: it is a symbolic link to a missing file`);
    }
    return finalTarget(real, shownAs, false);
  }
  if (stats.isDirectory()) throw new UsageError(`Cannot write ${shownAs}: it is a directory`);
  if (!stats.isFile()) throw new UsageError(`Cannot write ${shownAs}: it is not a regular file (device, pipe or socket)`);
  return path;
}
