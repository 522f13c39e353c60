import { mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { asSnapshot, isUnchanged, takeSnapshot } from '../../src/result-cache/tree.js';
import { makeTree } from '../repo/tree.js';

const OPTIONS = { skippedFolders: ['node_modules'], maxHashBytes: 1024 };
/** Long enough ago that a file's time can be trusted: no edit since can share its clock tick. */
const SETTLED = new Date(Date.now() - 3_600_000);

function settledTree(files: Record<string, string>): string {
  const root = makeTree(files);
  for (const path of Object.keys(files)) utimesSync(join(root, path), SETTLED, SETTLED);
  return root;
}

function snapshotOf(root: string) {
  const snapshot = takeSnapshot(root, OPTIONS);
  if (snapshot === undefined) throw new Error('no snapshot');
  return snapshot;
}

describe('tree snapshots', () => {
  const files = { 'package.json': '{"name":"app"}\n', 'src/server.js': 'listen(3000);\n', 'node_modules/x/index.js': 'x\n' };

  it('hold every folder listing and every file outside the skipped folders', () => {
    const snapshot = snapshotOf(settledTree(files));
    expect(snapshot.folders).toEqual({ '': ['node_modules', 'package.json', 'src'], src: ['server.js'] });
    expect(Object.keys(snapshot.files).sort()).toEqual(['package.json', 'src/server.js']);
    expect(snapshot.files['src/server.js']).toMatchObject({ size: 14, hash: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });

  it('see no change in an untouched tree, in a skipped folder, or in a new time over the same content', () => {
    const root = settledTree(files);
    const snapshot = snapshotOf(root);
    expect(isUnchanged(root, snapshot)).toBe(true);
    writeFileSync(join(root, 'node_modules/x/index.js'), 'changed\n');
    expect(isUnchanged(root, snapshot)).toBe(true);
    utimesSync(join(root, 'src/server.js'), new Date(), new Date());
    expect(isUnchanged(root, snapshot)).toBe(true);
  });

  it('see a file added, removed, renamed, turned into a folder, or edited', () => {
    const changes: ((root: string) => void)[] = [
      (root) => writeFileSync(join(root, 'src/new.js'), ''),
      (root) => rmSync(join(root, 'package.json')),
      (root) => renameSync(join(root, 'src/server.js'), join(root, 'src/main.js')),
      (root) => {
        rmSync(join(root, 'src/server.js'));
        mkdirSync(join(root, 'src/server.js'));
      },
      (root) => mkdirSync(join(root, 'lib')),
      (root) => writeFileSync(join(root, 'src/server.js'), 'listen(3000); // more\n'),
    ];
    for (const change of changes) {
      const root = settledTree(files);
      const snapshot = snapshotOf(root);
      change(root);
      expect(isUnchanged(root, snapshot)).toBe(false);
    }
  });

  it('see an edit of the same size at the same time when that time was too close to the snapshot to trust', () => {
    const root = makeTree(files);
    const snapshot = snapshotOf(root);
    const recorded = snapshot.files['src/server.js']!;
    writeFileSync(join(root, 'src/server.js'), 'listen(4000);\n');
    utimesSync(join(root, 'src/server.js'), new Date(recorded.mtimeMs), new Date(recorded.mtimeMs));
    expect(isUnchanged(root, snapshot)).toBe(false);
  });

  it('compare files over the hashing limit by size only', () => {
    const root = settledTree({ 'big.bin': 'x'.repeat(2048) });
    const snapshot = snapshotOf(root);
    expect(snapshot.files['big.bin']?.hash).toBeUndefined();
    writeFileSync(join(root, 'big.bin'), 'y'.repeat(2048));
    expect(isUnchanged(root, snapshot)).toBe(true);
    writeFileSync(join(root, 'big.bin'), 'y'.repeat(2049));
    expect(isUnchanged(root, snapshot)).toBe(false);
  });

  it('read back only what has the shape of a snapshot', () => {
    const snapshot = snapshotOf(settledTree(files));
    expect(asSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual(snapshot);
    expect(asSnapshot({ ...snapshot, files: { a: { size: '1', mtimeMs: 0 } } })).toBeUndefined();
    expect(asSnapshot({ ...snapshot, folders: { '': 'a' } })).toBeUndefined();
    expect(asSnapshot(null)).toBeUndefined();
  });
});
