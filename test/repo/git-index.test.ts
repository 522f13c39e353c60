import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseGitIndex } from '../../src/repo/git-index.js';
import { walkRepo } from '../../src/repo/walk.js';
import { makeTree } from './tree.js';

/** An index written by git itself, at the given index version. */
function indexOf(version: number, paths: readonly string[]): Buffer {
  const top = makeTree(Object.fromEntries(paths.map((path) => [path, `${path}\n`])));
  const git = (...args: string[]) => spawnSync('git', args, { cwd: top, encoding: 'utf8' });
  expect(git('init', '-q').status).toBe(0);
  expect(git('update-index', '--index-version', String(version)).status).toBe(0);
  expect(git('add', '-f', ...paths).status).toBe(0);
  return readFileSync(join(top, '.git', 'index'));
}

describe('parseGitIndex', () => {
  const paths = ['.env', 'apps/api/.env', 'apps/api/src/index.ts', 'apps/api/src/very/deep/path/with/a/long/name.ts', 'ünïcode.md'];

  it.each([2, 3, 4])('reads the paths of an index of version %i', (version) => {
    expect(parseGitIndex(indexOf(version, paths))?.sort()).toEqual([...paths].sort());
  });

  it('gives up on anything that is not an index it knows', () => {
    expect(parseGitIndex(Buffer.from('not an index at all'))).toBeUndefined();
    const truncated = indexOf(2, paths).subarray(0, 80);
    expect(parseGitIndex(truncated)).toBeUndefined();
    const future = Buffer.from(indexOf(2, paths));
    future.writeUInt32BE(9, 4);
    expect(parseGitIndex(future)).toBeUndefined();
  });

  it('leaves the walk to .gitignore alone when the index cannot be read', () => {
    const top = makeTree({ '.git/index': 'garbage', '.git/HEAD': 'ref: refs/heads/main\n', '.gitignore': '.env\n', '.env': '', 'index.js': '' });
    expect(walkRepo(top, { ignore: [], maxFileSize: 1024 * 1024 }).files.map((file) => file.path)).toEqual(['.gitignore', 'index.js']);
  });
});
