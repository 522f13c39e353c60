/**
 * Lazy, cached file contents: a file is read from disk at most once per run, whoever asks.
 */
import { isAbsolute, join, posix } from 'node:path';
import type { AuditError } from '../types.js';
import { readRegularFile } from '../util/safe-fs.js';

/** Git's own test: a NUL byte in the first 8 KiB means binary. */
const BINARY_SNIFF_BYTES = 8 * 1024;
/** The default size limit of a read (the config's maxFileSize default). */
const DEFAULT_MAX_READ_BYTES = 1024 * 1024;

export class FileStore {
  private readonly cache = new Map<string, string | undefined>();
  private readonly recorded: AuditError[] = [];
  private diskReads = 0;

  /**
   * `root` is the absolute path of the audited folder. `maxBytes` bounds every read: a file that grew
   * past it since the walk is read up to it.
   */
  constructor(
    readonly root: string,
    private readonly maxBytes = DEFAULT_MAX_READ_BYTES,
  ) {}

  /**
   * The UTF-8 text of a repo-relative POSIX path, without BOM; undefined (and one recorded error)
   * when it cannot be read, is binary or lies outside the root.
   */
  text(path: string): string | undefined {
    const key = posix.normalize(path);
    if (this.cache.has(key)) return this.cache.get(key);
    const text = this.load(key);
    this.cache.set(key, text);
    return text;
  }

  /** How many files were read from disk: tests prove the cache with it. */
  get reads(): number {
    return this.diskReads;
  }

  /** Unreadable and binary files met so far, plus whatever later stages recorded with `recordError`. */
  get errors(): readonly AuditError[] {
    return this.recorded;
  }

  /** For stages that work on the store's texts (e.g. a manifest that does not parse). */
  recordError(error: AuditError): void {
    this.recorded.push(error);
  }

  private load(path: string): string | undefined {
    if (isAbsolute(path) || path === '..' || path.startsWith('../')) {
      this.recordError({ kind: 'read', file: path, message: 'Path lies outside the audited root' });
      return undefined;
    }
    this.diskReads++;
    // Never through a symlink, never a pipe, socket or device: the walk saw a regular file, but the tree may have changed since.
    const read = readRegularFile(join(this.root, path), { maxBytes: this.maxBytes, truncate: true });
    if (!read.ok) {
      const why = read.problem === 'unreadable' ? read.code : read.problem === 'missing' ? 'ENOENT' : read.problem;
      this.recordError({ kind: 'read', file: path, message: `Cannot read file (${why})` });
      return undefined;
    }
    const { bytes } = read;
    if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) {
      this.recordError({ kind: 'skipped', file: path, message: 'Binary file (NUL byte in the first 8 KiB)' });
      return undefined;
    }
    const text = bytes.toString('utf8');
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  }
}
