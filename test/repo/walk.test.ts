import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { walkRepo, type WalkOptions, type WalkResult } from '../../src/repo/walk.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { makeTree } from './tree.js';

const defaults: WalkOptions = { ignore: [], maxFileSize: 1024 * 1024 };
/**
 * Permissions do not stop root, and CI runs as root: there the walk runs in a child process as
 * `nobody` (over the built walker), so an unreadable folder is really unreadable.
 */
function walkAsUnprivilegedUser(root: string): Pick<WalkResult, 'files' | 'skipped'> {
  if (process.getuid?.() !== 0) return walkRepo(root, defaults);
  const walker = pathToFileURL(join(PROJECT_ROOT, 'dist/src/repo/walk.js')).href;
  const script = `const { walkRepo } = await import(${JSON.stringify(walker)});
    const { files, skipped } = walkRepo(${JSON.stringify(root)}, ${JSON.stringify(defaults)});
    process.stdout.write(JSON.stringify({ files, skipped }));`;
  const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { uid: 65534, gid: 65534, encoding: 'utf8' });
  if (child.status !== 0) throw new Error(child.stderr);
  return JSON.parse(child.stdout) as Pick<WalkResult, 'files' | 'skipped'>;
}

const pathsOf = (root: string, opts = defaults): string[] => walkRepo(root, opts).files.map((file) => file.path);

describe('walkRepo', () => {
  it('lists files with repo-relative POSIX paths, size, language and role, sorted by path', () => {
    const root = makeTree({ 'src/b.ts': 'export {};\n', 'src/a.ts': '', 'Dockerfile': 'FROM node\n', '.env.example': 'A=1\n' });
    expect(walkRepo(root, defaults)).toMatchObject({
      files: [
        { path: '.env.example', size: 4, language: 'env', role: 'config' },
        { path: 'Dockerfile', size: 10, language: 'dockerfile', role: 'config' },
        { path: 'src/a.ts', size: 0, language: 'typescript', role: 'source' },
        { path: 'src/b.ts', size: 11, language: 'typescript', role: 'source' },
      ],
      skipped: [],
    });
  });

  it('never walks VCS metadata, installed dependencies or build output, at any depth', () => {
    const root = makeTree({
      'src/index.ts': '',
      '.git/config': '',
      '.hg/store': '',
      '.svn/entries': '',
      'node_modules/x/index.js': '',
      'packages/a/node_modules/y/index.js': '',
      'dist/index.js': '',
      'packages/a/dist/index.js': '',
      'out/index.html': '',
      'coverage/lcov.info': '',
      '.next/server.js': '',
      '.nuxt/a.js': '',
      '.turbo/log': '',
      '.cache/a': '',
      '.vercel/output.json': '',
      '.serverless/state.json': '',
      'submodule/.git': 'gitdir: ../.git/modules/submodule\n',
      'submodule/main.go': '',
      // kept: often source, and ignored by .gitignore when they are output
      'build/webpack.config.js': '',
      'tmp/.keep': '',
    });
    expect(pathsOf(root)).toEqual(['build/webpack.config.js', 'src/index.ts', 'submodule/main.go', 'tmp/.keep']);
  });

  it('honours .gitignore at every depth, relative to its own folder, with negations', () => {
    const root = makeTree({
      '.gitignore': '*.log\n!keep.log\nsecret/\n!secret/inside.txt\n.env\n',
      'a.log': '',
      'keep.log': '',
      'secret/inside.txt': '',
      '.env': '',
      'only-here.txt': '',
      'sub/.gitignore': '/only-here.txt\n!important.log\nlocal/\n',
      'sub/only-here.txt': '',
      'sub/important.log': '',
      'sub/other.log': '',
      'sub/local/a.ts': '',
      'sub/deeper/only-here.txt': '',
      'sub/deeper/.gitignore': '!other.log\n',
      'sub/deeper/other.log': '',
    });
    expect(pathsOf(root)).toEqual([
      '.gitignore',
      'keep.log',
      'only-here.txt',
      'sub/.gitignore',
      'sub/deeper/.gitignore',
      'sub/deeper/only-here.txt',
      'sub/deeper/other.log',
      'sub/important.log',
    ]);
  });

  it('answers isGitIgnored for paths that do not exist, and for folders', () => {
    const root = makeTree({ '.gitignore': '.env\n.env.*\n!.env.example\nlogs/\n', 'sub/.gitignore': 'package-lock.json\n' });
    const { isGitIgnored } = walkRepo(root, defaults);
    expect(
      ['.env', '.env.local', '.env.example', 'sub/.env', 'package-lock.json', 'sub/package-lock.json', 'logs/', 'logs/a.txt', './.env', '../.env', '/.env'].map(
        (path) => [path, isGitIgnored(path)],
      ),
    ).toEqual([
      ['.env', true],
      ['.env.local', true],
      ['.env.example', false],
      ['sub/.env', true],
      ['package-lock.json', false],
      ['sub/package-lock.json', true],
      ['logs/', true],
      ['logs/a.txt', true],
      ['./.env', true],
      ['../.env', false],
      ['/.env', false],
    ]);
  });

  it('applies .gitignore files above the root, up to the top of the git work tree', () => {
    const top = makeTree({
      '.git/HEAD': 'ref: refs/heads/main\n',
      '.gitignore': '.env\npackages/api/generated.ts\n',
      'packages/.gitignore': '*.tmp\n',
      'packages/api/.env': '',
      'packages/api/generated.ts': '',
      'packages/api/a.tmp': '',
      'packages/api/index.ts': '',
    });
    const result = walkRepo(join(top, 'packages/api'), defaults);
    expect(result.files.map((file) => file.path)).toEqual(['index.ts']);
    expect(result.isGitIgnored('.env')).toBe(true);
  });

  it('keeps a file git tracks despite a .gitignore rule (git add -f), and does not call it ignored', () => {
    const top = makeTree({ '.gitignore': '.env\n', 'docker/.env': 'DB_PASSWORD=password\n', 'local.env': '', 'app/.env': '', 'app/index.js': '' });
    writeFileSync(join(top, '.gitignore'), '.env\nlocal.env\n');
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', ...args], { cwd: top, encoding: 'utf8' });
    expect(git('init', '-q').status).toBe(0);
    expect(git('add', '.gitignore', 'app/index.js').status).toBe(0);
    expect(git('add', '-f', 'docker/.env').status).toBe(0);
    const result = walkRepo(top, defaults);
    expect(result.files.map((file) => file.path)).toEqual(['.gitignore', 'app/index.js', 'docker/.env']);
    expect(result.isGitIgnored('docker/.env')).toBe(false);
    expect(result.isGitIgnored('app/.env')).toBe(true);
    // Audited from a folder inside the work tree, the tracked path is relative to that folder.
    expect(walkRepo(join(top, 'docker'), defaults).files.map((file) => file.path)).toEqual(['.env']);
  });

  it('leaves out what the config ignore globs name (gitignore syntax, relative to the root)', () => {
    const root = makeTree({
      'legacy/a.ts': '',
      'src/legacy/b.ts': '',
      'src/a.snap': '',
      'src/keep.snap': '',
      'src/index.ts': '',
    });
    const opts = { ignore: ['/legacy/', '*.snap', '!keep.snap'], maxFileSize: 1024 };
    expect(pathsOf(root, opts)).toEqual(['src/index.ts', 'src/keep.snap', 'src/legacy/b.ts']);
  });

  it('never follows or lists symlinks, and a symlink loop ends', () => {
    const outside = makeTree({ 'secret.ts': '' });
    const root = makeTree({ 'src/index.ts': '', 'src/nested/a.ts': '' });
    symlinkSync('..', join(root, 'src/nested/loop'));
    symlinkSync(join(root, 'src'), join(root, 'src/nested/self'));
    symlinkSync(outside, join(root, 'outside'));
    symlinkSync(join(root, 'src/index.ts'), join(root, 'alias.ts'));
    symlinkSync(join(root, 'missing.ts'), join(root, 'dangling.ts'));
    expect(walkRepo(root, defaults)).toMatchObject({ files: [{ path: 'src/index.ts' }, { path: 'src/nested/a.ts' }], skipped: [] });
  });

  it('reports files over maxFileSize as skipped instead of listing them, unless they are ignored anyway', () => {
    const root = makeTree({ '.gitignore': 'big.bin\n', 'big.bin': 'x'.repeat(200), 'huge.json': 'x'.repeat(101), 'ok.json': 'x'.repeat(100) });
    expect(walkRepo(root, { ignore: [], maxFileSize: 100 })).toEqual({
      files: [
        { path: '.gitignore', size: 8, language: 'other', role: 'config' },
        { path: 'ok.json', size: 100, language: 'json', role: 'config' },
      ],
      skipped: [{ kind: 'skipped', file: 'huge.json', message: 'File is 101 bytes, over the 100-byte limit (maxFileSize)' }],
      isGitIgnored: expect.any(Function),
    });
  });

  it('reports a folder it cannot read and goes on', () => {
    const root = makeTree({ 'locked/a.ts': '', 'src/index.ts': '' });
    chmodSync(root, 0o755);
    chmodSync(join(root, 'locked'), 0o000);
    try {
      expect(walkAsUnprivilegedUser(root)).toMatchObject({
        files: [{ path: 'src/index.ts' }],
        skipped: [{ kind: 'read', file: 'locked', message: 'Cannot read folder; its files are not audited' }],
      });
    } finally {
      chmodSync(join(root, 'locked'), 0o755);
    }
  });

  it('throws a UsageError when the root is missing or not a folder', () => {
    const root = makeTree({ 'file.txt': '' });
    const missing = join(root, 'nope');
    expect(() => walkRepo(missing, defaults)).toThrow(new UsageError(`Path not found: ${missing}`));
    expect(() => walkRepo(join(root, 'file.txt'), defaults)).toThrow(new UsageError(`Not a directory: ${join(root, 'file.txt')}`));
    expect(() => walkRepo(missing, defaults)).toThrow(UsageError);
  });

  it('walks an empty folder', () => {
    const root = makeTree({});
    mkdirSync(join(root, 'empty'));
    writeFileSync(join(root, '.gitignore'), '');
    expect(pathsOf(root)).toEqual(['.gitignore']);
  });
});
