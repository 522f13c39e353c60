import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectApps, filesByApp } from '../../src/repo/apps.js';
import { FileStore } from '../../src/repo/store.js';
import { detectVcs } from '../../src/repo/vcs.js';
import { walkRepo } from '../../src/repo/walk.js';
import { json, makeTree } from './tree.js';

function audit(tree: Record<string, string>) {
  const root = makeTree(tree);
  const { files } = walkRepo(root, { ignore: [], maxFileSize: 1024 * 1024 });
  const store = new FileStore(root);
  const apps = detectApps(files, store);
  return { root, files, store, apps };
}

const kindOf = (tree: Record<string, string>) => {
  const [app] = audit(tree).apps;
  return [app?.kind, app?.kindReason];
};

describe('detectApps: a single app', () => {
  it('collects the facts of a package, mapping build output back to source', () => {
    const packageJson = {
      name: 'shop-api',
      main: 'lib/index.js',
      bin: { shop: './bin/shop.js' },
      scripts: { start: 'cross-env NODE_ENV=production node dist/server.js', build: 'tsc' },
      dependencies: { zod: '^3', express: '^4' },
      optionalDependencies: { fsevents: '*' },
      peerDependencies: { react: '*' },
      devDependencies: { vitest: '*', typescript: '*' },
    };
    const { apps, store } = audit({
      'package.json': json(packageJson),
      'package-lock.json': '{}',
      'src/server.ts': '',
      'src/index.ts': '',
      'src/app.ts': '',
      'src/app.test.ts': '',
      'bin/shop.js': '',
      'Dockerfile': 'FROM node:20\n',
      'docker/worker.Dockerfile': 'FROM node:20\n',
      'docker-compose.yml': 'services: {}\n',
      'compose.override.yaml': 'services: {}\n',
      'test/fixtures/app/Dockerfile': 'FROM node\n',
      'examples/docker-compose.yml': 'services: {}\n',
      'Procfile': 'release: npm run migrate\n',
      '.github/workflows/ci.yml': '',
      '.github/workflows/release.yaml': '',
      '.github/dependabot.yml': '',
      '.gitlab-ci.yml': '',
      'Jenkinsfile': '',
    });
    expect(apps).toEqual([
      {
        name: 'shop-api',
        path: '.',
        kind: 'service',
        kindReason: 'depends on express',
        manifest: 'package.json',
        packageJson,
        dependencies: ['express', 'fsevents', 'react', 'zod'],
        devDependencies: ['typescript', 'vitest'],
        lockfiles: ['package-lock.json'],
        dockerfiles: ['Dockerfile', 'docker/worker.Dockerfile'],
        composeFiles: ['compose.override.yaml', 'docker-compose.yml'],
        procfile: 'Procfile',
        ciFiles: ['.github/workflows/ci.yml', '.github/workflows/release.yaml', '.gitlab-ci.yml', 'Jenkinsfile'],
        entryPoints: ['bin/shop.js', 'src/app.ts', 'src/index.ts', 'src/server.ts'],
        isWorkspaceRoot: false,
      },
    ]);
    expect(store.errors).toEqual([]);
  });

  it('is one app at the root named after the folder when there is no package.json (a Python repo)', () => {
    const { apps, root } = audit({ 'app.py': '', 'requirements.txt': 'flask\n', 'tests/test_app.py': '' });
    expect(apps).toEqual([
      {
        name: basename(root),
        path: '.',
        kind: 'service',
        kindReason: 'depends on flask',
        dependencies: ['flask'],
        devDependencies: [],
        lockfiles: [],
        dockerfiles: [],
        composeFiles: [],
        ciFiles: [],
        entryPoints: ['app.py'],
        isWorkspaceRoot: false,
      },
    ]);
  });

  it('resolves start scripts without extensions and runner arguments', () => {
    const { apps } = audit({
      'package.json': json({ name: 'nest', scripts: { start: 'node dist/main' } }),
      'src/main.ts': '',
      'src/app.module.ts': '',
    });
    expect(apps[0]?.entryPoints).toEqual(['src/main.ts']);
    const plain = audit({ 'package.json': json({ scripts: { start: 'npm run build && node server' } }), 'server.js': '', 'build.js': '' });
    expect(plain.apps[0]?.entryPoints).toEqual(['server.js']);
  });

  it('records a malformed package.json as a parse error, once, and goes on without it', () => {
    const { apps, store, root } = audit({ 'package.json': '{ "name": "broken", }', 'index.js': '' });
    expect(apps).toMatchObject([{ name: basename(root), path: '.', kind: 'library', dependencies: [], entryPoints: ['index.js'] }]);
    expect(apps[0]).not.toHaveProperty('packageJson');
    expect(apps[0]?.manifest).toBe('package.json');
    expect(store.errors).toHaveLength(1);
    expect(store.errors[0]).toMatchObject({ kind: 'parse', file: 'package.json' });
    expect(store.errors[0]?.message).toBe('Invalid JSON at 1:21: trailing comma is not allowed in JSON');
  });

  it('records a package.json that is not an object', () => {
    const { store } = audit({ 'package.json': '["a"]' });
    expect(store.errors).toEqual([{ kind: 'parse', file: 'package.json', message: 'package.json must contain a JSON object' }]);
  });
});

describe('detectApps: kind', () => {
  const pkg = (extra: object) => json({ name: 'app', ...extra });
  it.each([
    ['a web framework', { 'package.json': pkg({ dependencies: { fastify: '*', bullmq: '*' } }) }, 'service', 'depends on fastify'],
    ['hono with its node server', { 'package.json': pkg({ dependencies: { hono: '*', '@hono/node-server': '*' } }) }, 'service', 'depends on @hono/node-server'],
    ['a Procfile web process', { Procfile: 'web: node server.js\nworker: node jobs.js\n' }, 'service', 'Procfile declares a web process'],
    ['a Dockerfile EXPOSE', { 'Dockerfile': 'FROM node:20\n# EXPOSE 1\nexpose 8080/tcp\n' }, 'service', 'Dockerfile exposes port 8080/tcp'],
    [
      'a compose service built here that publishes ports',
      { 'docker-compose.yml': 'services:\n  db:\n    image: postgres\n    ports: ["5432:5432"]\n  api:\n    build: .\n    ports: ["3000:3000"]\n' },
      'service',
      'docker-compose.yml builds service "api" and publishes its ports',
    ],
    ['a queue consumer', { 'package.json': pkg({ dependencies: { bullmq: '*', zod: '*' } }) }, 'worker', 'depends on bullmq and on no server framework'],
    ['a Procfile worker only', { Procfile: 'release: migrate\nworker: node jobs.js\n' }, 'worker', 'Procfile declares a worker process and no web process'],
    ['a bin', { 'package.json': pkg({ bin: 'cli.js', devDependencies: { express: '*' } }) }, 'cli', 'package.json declares bin and no server framework'],
    [
      'nothing of the above',
      {
        'package.json': pkg({ dependencies: { hono: '*', ws: '*' }, devDependencies: { express: '*' } }),
        'docker-compose.yml': 'services:\n  db:\n    image: postgres\n    ports: ["5432:5432"]\n',
        'test/fixtures/srv/Dockerfile': 'EXPOSE 80\n',
        'examples/Procfile': 'web: node x\n',
      },
      'library',
      'no server framework, queue consumer, exposed port, Procfile process or bin',
    ],
  ])('%s', (_, tree: Record<string, string>, kind, reason) => {
    expect(kindOf(tree)).toEqual([kind, reason]);
  });
});

describe('detectApps: workspaces', () => {
  it('splits npm workspaces (array), drops a tooling-only root, and gives members the root lockfile', () => {
    const { apps, files } = audit({
      'package.json': json({ name: 'mono', private: true, workspaces: ['packages/*', '!packages/private'], devDependencies: { turbo: '*' } }),
      'package-lock.json': '{}',
      'turbo.json': '{}',
      '.github/workflows/ci.yml': '',
      'packages/api/package.json': json({ name: '@mono/api', dependencies: { koa: '*' } }),
      'packages/api/src/index.ts': '',
      'packages/api/Dockerfile': 'FROM node\n',
      'packages/ui/package.json': json({ name: '@mono/ui' }),
      'packages/ui/yarn.lock': '',
      'packages/private/package.json': json({ name: 'private' }),
      'packages/api/test/fixtures/pkg/package.json': json({ name: 'fixture' }),
      'packages/no-manifest/README.md': '',
    });
    expect(apps.map(({ name, path, kind, lockfiles, dockerfiles, ciFiles, isWorkspaceRoot }) => ({ name, path, kind, lockfiles, dockerfiles, ciFiles, isWorkspaceRoot }))).toEqual([
      { name: '@mono/api', path: 'packages/api', kind: 'service', lockfiles: ['package-lock.json'], dockerfiles: ['packages/api/Dockerfile'], ciFiles: ['.github/workflows/ci.yml'], isWorkspaceRoot: false },
      { name: '@mono/ui', path: 'packages/ui', kind: 'library', lockfiles: ['package-lock.json', 'packages/ui/yarn.lock'], dockerfiles: [], ciFiles: ['.github/workflows/ci.yml'], isWorkspaceRoot: false },
    ]);
    const byApp = filesByApp(files, apps);
    expect([...byApp.keys()]).toEqual(['packages/api', 'packages/ui']);
    expect(byApp.get('packages/api')?.map((file) => file.path)).toEqual([
      'packages/api/Dockerfile',
      'packages/api/package.json',
      'packages/api/src/index.ts',
      'packages/api/test/fixtures/pkg/package.json',
    ]);
  });

  it('splits yarn workspaces ({ packages }) at any depth and keeps a root with runtime dependencies', () => {
    const { apps, files } = audit({
      'package.json': json({ name: 'mono', workspaces: { packages: ['apps/**'] }, dependencies: { dotenv: '*' } }),
      'yarn.lock': '',
      'server.js': '',
      'apps/web/package.json': json({ name: 'web', dependencies: { next: '*' } }),
      'apps/web/pages/index.tsx': '',
      'apps/group/worker/package.json': json({ name: 'worker', dependencies: { kafkajs: '*' } }),
      'apps/group/worker/src/main.ts': '',
    });
    expect(apps.map(({ name, path, kind, isWorkspaceRoot, lockfiles }) => ({ name, path, kind, isWorkspaceRoot, lockfiles }))).toEqual([
      { name: 'mono', path: '.', kind: 'library', isWorkspaceRoot: true, lockfiles: ['yarn.lock'] },
      { name: 'worker', path: 'apps/group/worker', kind: 'worker', isWorkspaceRoot: false, lockfiles: ['yarn.lock'] },
      { name: 'web', path: 'apps/web', kind: 'service', isWorkspaceRoot: false, lockfiles: ['yarn.lock'] },
    ]);
    expect(apps[0]?.entryPoints).toEqual(['server.js']);
    const byApp = filesByApp(files, apps);
    expect(byApp.get('.')?.map((file) => file.path)).toEqual(['package.json', 'server.js', 'yarn.lock']);
    expect(byApp.get('apps/web')?.map((file) => file.path)).toEqual(['apps/web/package.json', 'apps/web/pages/index.tsx']);
  });

  it('splits pnpm workspaces (pnpm-workspace.yaml, braces) and keeps a root that owns source files', () => {
    const { apps } = audit({
      'package.json': json({ name: 'mono', private: true }),
      'pnpm-workspace.yaml': "packages:\n  - 'services/*'\n  - '{tools,libs}/*'\n",
      'pnpm-lock.yaml': '',
      'scripts/release.mjs': '',
      'services/billing/package.json': json({ name: 'billing', dependencies: { '@apollo/server': '*' } }),
      'tools/cli/package.json': json({ name: 'cli', bin: { mono: 'bin.js' } }),
      'tools/cli/bin.js': '',
      'libs/util/package.json': json({ name: 'util' }),
      'other/package.json': json({ name: 'other' }),
    });
    expect(apps.map(({ name, path, kind, kindReason }) => [name, path, kind, kindReason])).toEqual([
      ['mono', '.', 'library', 'no server framework, queue consumer, exposed port, Procfile process or bin'],
      ['util', 'libs/util', 'library', 'no server framework, queue consumer, exposed port, Procfile process or bin'],
      ['billing', 'services/billing', 'service', 'depends on @apollo/server'],
      ['cli', 'tools/cli', 'cli', 'package.json declares bin and no server framework'],
    ]);
    expect(apps.find((app) => app.name === 'cli')?.entryPoints).toEqual(['tools/cli/bin.js']);
  });

  it('records a malformed pnpm-workspace.yaml and a malformed member manifest, and goes on', () => {
    const { apps, store } = audit({
      'package.json': json({ name: 'mono', workspaces: ['packages/*'] }),
      'pnpm-workspace.yaml': 'packages: [unclosed\n',
      'packages/a/package.json': '{',
      'packages/a/index.js': '',
    });
    expect(apps.map(({ name, path, isWorkspaceRoot }) => ({ name, path, isWorkspaceRoot }))).toEqual([{ name: 'a', path: 'packages/a', isWorkspaceRoot: false }]);
    expect(store.errors.map(({ kind, file }) => ({ kind, file }))).toEqual([
      { kind: 'parse', file: 'pnpm-workspace.yaml' },
      { kind: 'parse', file: 'packages/a/package.json' },
    ]);
  });

  it('with no root package.json, makes each outermost folder with one an app (client/server repos)', () => {
    const { apps, root } = audit({
      'docker-compose.yml': 'services:\n  db:\n    image: postgres\n',
      'client/package.json': json({ name: 'client', dependencies: { react: '*' } }),
      'client/tools/package.json': json({ name: 'nested' }),
      'server/package.json': json({ name: 'server', dependencies: { express: '*' } }),
      'examples/demo/package.json': json({ name: 'demo' }),
    });
    expect(apps.map(({ name, path, kind, composeFiles }) => ({ name, path, kind, composeFiles }))).toEqual([
      { name: basename(root), path: '.', kind: 'library', composeFiles: ['docker-compose.yml'] },
      { name: 'client', path: 'client', kind: 'library', composeFiles: [] },
      { name: 'server', path: 'server', kind: 'service', composeFiles: [] },
    ]);
  });

  it('under a root package.json without workspaces, splits off folders whose package.json declares dependencies', () => {
    const { apps } = audit({
      'package.json': json({ name: 'root', scripts: { dev: 'concurrently "npm:dev:*"' } }),
      'Intel/package.json': json({ name: 'intel', dependencies: { express: '*' } }),
      'Intel/src/server.js': "require('express')().listen(process.env.PORT);\n",
      'src/esm/package.json': json({ type: 'module' }),
      'src/esm/index.js': 'export const x = 1;\n',
      'src/index.js': 'module.exports = 1;\n',
    });
    expect(apps.map(({ name, path, kind }) => ({ name, path, kind }))).toEqual([
      { name: 'root', path: '.', kind: 'library' },
      { name: 'intel', path: 'Intel', kind: 'service' },
    ]);
  });

  it('ignores workspaces that match no folder', () => {
    const { apps } = audit({ 'package.json': json({ name: 'solo', workspaces: ['packages/*'] }) });
    expect(apps.map(({ name, path, isWorkspaceRoot }) => ({ name, path, isWorkspaceRoot }))).toEqual([{ name: 'solo', path: '.', isWorkspaceRoot: false }]);
  });

  it('reads each manifest once', () => {
    const { store } = audit({
      'package.json': json({ name: 'mono', workspaces: ['packages/*'], dependencies: { a: '*' } }),
      'packages/a/package.json': json({ name: 'a' }),
    });
    expect(store.reads).toBe(2);
  });
});

describe('detectVcs', () => {
  it('finds .git as a folder or a file, .hg and .svn, walking up from the root', () => {
    const git = makeTree({ '.git/HEAD': '', 'packages/a/x': '' });
    const worktree = makeTree({ '.git': 'gitdir: /elsewhere\n' });
    const hg = makeTree({ '.hg/requires': '', 'sub/x': '' });
    const svn = makeTree({ '.svn/wc.db': '' });
    const none = makeTree({ 'a.txt': '' });
    expect([detectVcs(join(git, 'packages/a')), detectVcs(worktree), detectVcs(join(hg, 'sub')), detectVcs(svn), detectVcs(none)]).toEqual([
      'git',
      'git',
      'hg',
      'svn',
      null,
    ]);
  });
});
