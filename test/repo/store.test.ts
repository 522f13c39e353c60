import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FileStore } from '../../src/repo/store.js';
import { makeTree } from './tree.js';

describe('FileStore', () => {
  it('reads a file from disk at most once, however often and however spelled it is asked for', () => {
    const store = new FileStore(makeTree({ 'src/a.ts': 'const a = 1;\n', 'src/b.ts': 'b' }));
    expect(store.text('src/a.ts')).toBe('const a = 1;\n');
    expect(store.text('src/a.ts')).toBe('const a = 1;\n');
    expect(store.text('./src/a.ts')).toBe('const a = 1;\n');
    expect(store.reads).toBe(1);
    expect(store.text('src/b.ts')).toBe('b');
    expect(store.reads).toBe(2);
    expect(store.errors).toEqual([]);
  });

  it('strips a UTF-8 byte order mark', () => {
    const store = new FileStore(makeTree({ 'package.json': '\uFEFF{"name":"a"}' }));
    expect(store.text('package.json')).toBe('{"name":"a"}');
  });

  it('returns undefined for a binary file (NUL in the first 8 KiB) and records it as skipped, once', () => {
    const late = Buffer.concat([Buffer.from('a'.repeat(8 * 1024)), Buffer.from([0])]);
    const store = new FileStore(makeTree({ 'logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x01]), 'late-nul.txt': late }));
    expect(store.text('logo.png')).toBeUndefined();
    expect(store.text('logo.png')).toBeUndefined();
    expect(store.text('late-nul.txt')).toBe(late.toString('utf8'));
    expect(store.reads).toBe(2);
    expect(store.errors).toEqual([{ kind: 'skipped', file: 'logo.png', message: 'Binary file (NUL byte in the first 8 KiB)' }]);
  });

  it('returns undefined for a missing or unreadable path and records a read error, once', () => {
    const root = makeTree({});
    mkdirSync(join(root, 'folder'));
    const store = new FileStore(root);
    expect(store.text('missing.ts')).toBeUndefined();
    expect(store.text('missing.ts')).toBeUndefined();
    expect(store.text('folder')).toBeUndefined();
    expect(store.errors).toEqual([
      { kind: 'read', file: 'missing.ts', message: 'Cannot read file (ENOENT)' },
      { kind: 'read', file: 'folder', message: 'Cannot read file (not a regular file)' },
    ]);
  });

  it('never follows a symlink, never opens a named pipe, and reads a file only up to the size limit', () => {
    const root = makeTree({ 'outside.txt': 'secret', 'repo/big.txt': 'x'.repeat(100) });
    symlinkSync(join(root, 'outside.txt'), join(root, 'repo', 'link.txt'));
    execFileSync('mkfifo', [join(root, 'repo', 'pipe.txt')]);
    const store = new FileStore(join(root, 'repo'), 10);
    expect(store.text('link.txt')).toBeUndefined();
    expect(store.text('pipe.txt')).toBeUndefined();
    expect(store.text('big.txt')).toBe('x'.repeat(10));
    expect(store.errors).toEqual([
      { kind: 'read', file: 'link.txt', message: 'Cannot read file (symlink)' },
      { kind: 'read', file: 'pipe.txt', message: 'Cannot read file (not a regular file)' },
    ]);
  });

  it('never reads outside the root', () => {
    const store = new FileStore(join(makeTree({ 'secret.txt': 's', 'repo/a.ts': '' }), 'repo'));
    expect(store.text('../secret.txt')).toBeUndefined();
    expect(store.text('a/../../secret.txt')).toBeUndefined();
    expect(store.text('/etc/passwd')).toBeUndefined();
    expect(store.reads).toBe(0);
    // Both spellings of the first path normalise to one cache entry, hence one error.
    expect(store.errors).toEqual([
      { kind: 'read', file: '../secret.txt', message: 'Path lies outside the audited root' },
      { kind: 'read', file: '/etc/passwd', message: 'Path lies outside the audited root' },
    ]);
  });

  // /proc files are regular files whose size reads 0 and whose content is longer: a file that grew
  // after its size was taken. The read must stop at the store's limit, not at the size it was told.
  it.runIf(existsSync('/proc/self/status'))('reads a file that grows while read up to its limit, and no further', () => {
    const store = new FileStore('/proc/self', 16);
    expect(store.text('status')).toHaveLength(16);
    expect(store.errors).toEqual([]);
  });
});
