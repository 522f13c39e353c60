import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { composeBuild } from '../../src/rule-kit/compose.js';
import { buildContexts, builtImageTags } from '../../src/rule-kit/dockerfile.js';
import { defineRule, productionCommands } from '../../src/rule-kit/index.js';

/** A repository on disk from a map of paths to contents. */
function repository(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'twelve-audit-images-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  return root;
}

/** A rule that reports what a kit reader says, one finding per answer, so a test sees it through the real engine. */
function probe(read: Parameters<typeof defineRule<'answer'>>[0]['check']) {
  return defineRule<'answer'>({
    id: 'build-release-run/probe',
    factor: 'build-release-run',
    defaultSeverity: 'note',
    title: 'probe',
    description: 'probe',
    fix: 'probe',
    messages: { answer: '{{answer}}' },
    appliesTo: () => true,
    check: read,
  });
}

function answers(root: string, rule: ReturnType<typeof probe>): string[] {
  return audit({ root, rules: [rule] }).report.findings.map((finding) => finding.message).sort();
}

const productionOrigins = probe((context) => {
  for (const entry of productionCommands(context)) {
    context.report({ messageId: 'answer', data: { answer: `${entry.origin} ${entry.command.words.join(' ')}` }, file: entry.file, line: entry.line, column: entry.column });
  }
});

const DEVELOPMENT_SETUP = {
  'package.json': JSON.stringify({ name: 'notes', scripts: { start: 'nodemon index.js', serve: 'node index.js' }, dependencies: { express: '^4.19.2' } }),
  'index.js': "require('express')().listen(process.env.PORT || 3000);\n",
  'Procfile': 'web: npm run serve\n',
  'docker/dev/Dockerfile': 'FROM node:20.11-alpine\nWORKDIR /srv\nCOPY . /srv\nCMD ["npm", "start"]\n',
  'docker-compose.yml': 'services:\n  notes:\n    build:\n      context: .\n      dockerfile: docker/dev/Dockerfile\n    volumes:\n      - .:/srv\n',
};

describe('production commands and development images', () => {
  it('leaves out a Dockerfile only a bind-mounting compose service builds when a Procfile says what production runs', () => {
    expect(answers(repository(DEVELOPMENT_SETUP), productionOrigins)).toEqual(['Procfile web npm run serve', 'scripts.serve node index.js']);
  });

  it('keeps it when nothing else declares the production process', () => {
    const { Procfile: _procfile, ...withoutProcfile } = DEVELOPMENT_SETUP;
    expect(answers(repository(withoutProcfile), productionOrigins)).toEqual(['Dockerfile CMD npm start', 'scripts.start nodemon index.js']);
  });

  it('keeps the app folder\'s own Dockerfile, which platforms build by default', () => {
    const { 'docker/dev/Dockerfile': dockerfile, ...rest } = DEVELOPMENT_SETUP;
    const files = { ...rest, Dockerfile: dockerfile, 'docker-compose.yml': 'services:\n  notes:\n    build: .\n    volumes:\n      - .:/srv\n' };
    expect(answers(repository(files), productionOrigins)).toEqual([
      'Dockerfile CMD npm start',
      'Procfile web npm run serve',
      'scripts.serve node index.js',
      'scripts.start nodemon index.js',
    ]);
  });

  it('keeps it when a deploy file names it (fly.toml)', () => {
    const files = { ...DEVELOPMENT_SETUP, 'fly.toml': '[build]\n  dockerfile = "docker/dev/Dockerfile"\n' };
    expect(answers(repository(files), productionOrigins)).toContain('Dockerfile CMD npm start');
  });

  it('keeps it when another compose service builds it without a mount', () => {
    const files = { ...DEVELOPMENT_SETUP, 'compose.prod.yaml': 'services:\n  notes:\n    build:\n      context: .\n      dockerfile: docker/dev/Dockerfile\n' };
    expect(answers(repository(files), productionOrigins)).toContain('Dockerfile CMD npm start');
  });
});

describe('composeBuild', () => {
  it('resolves the context from the compose file and the Dockerfile from the context', () => {
    expect(composeBuild({ build: './api' }, 'deploy/compose.yml')).toEqual({ context: 'deploy/api', dockerfile: 'deploy/api/Dockerfile' });
    expect(composeBuild({ build: { context: '..', dockerfile: 'docker/Dockerfile.web' } }, 'deploy/compose.yml')).toEqual({
      context: '.',
      dockerfile: 'docker/Dockerfile.web',
    });
    expect(composeBuild({ build: { dockerfile: 'Containerfile' } }, 'compose.yaml')).toEqual({ context: '.', dockerfile: 'Containerfile' });
  });

  it('answers nothing for remote, interpolated, inline and outside contexts', () => {
    expect(composeBuild({ image: 'redis:7' }, 'compose.yaml')).toBeUndefined();
    expect(composeBuild({ build: 'https://github.com/acme/api.git#main' }, 'compose.yaml')).toBeUndefined();
    expect(composeBuild({ build: { context: '${APP_DIR}' } }, 'compose.yaml')).toBeUndefined();
    expect(composeBuild({ build: { dockerfile_inline: 'FROM alpine:3.19' } }, 'compose.yaml')).toBeUndefined();
    expect(composeBuild({ build: '../elsewhere' }, 'compose.yaml')).toBeUndefined();
  });
});

describe('buildContexts', () => {
  const contexts = probe((context) => {
    for (const dockerfile of context.app.dockerfiles) {
      for (const build of buildContexts(context, dockerfile)) {
        context.report({ messageId: 'answer', data: { answer: `${dockerfile} ${build.root} ${build.ignoreFile ?? '-'}` }, file: dockerfile, line: 1, column: 1 });
      }
    }
  });

  it('takes the context compose gives, else the Dockerfile\'s folder, and the ignore file that applies', () => {
    const root = repository({
      'package.json': JSON.stringify({ name: 'shop', dependencies: { express: '^4.19.2' } }),
      '.dockerignore': '.env\n',
      'compose.yaml': 'services:\n  web:\n    build:\n      context: .\n      dockerfile: docker/web/Dockerfile\n',
      'docker/web/Dockerfile': 'FROM node:20.11-alpine\n',
      'docker/worker/Dockerfile': 'FROM node:20.11-alpine\n',
      'docker/worker/.dockerignore': '*.log\n',
      'docker/jobs/Dockerfile': 'FROM node:20.11-alpine\n',
      'docker/jobs/Dockerfile.dockerignore': '.env\n',
      'docker/jobs/.dockerignore': '*.log\n',
    });
    expect(answers(root, contexts)).toEqual([
      'docker/jobs/Dockerfile docker/jobs docker/jobs/Dockerfile.dockerignore',
      'docker/web/Dockerfile . .dockerignore',
      'docker/worker/Dockerfile docker/worker docker/worker/.dockerignore',
    ]);
  });
});

describe('builtImageTags', () => {
  it.each([
    ['docker build -t acme/api .', ['acme/api']],
    ['\t@ DOCKER_BUILDKIT=0 docker build --file Dockerfile --tag shop-api .', ['shop-api']],
    ['run: docker buildx build --platform linux/amd64 --tag=ghcr.io/acme/api:1.2 --push .', ['ghcr.io/acme/api:1.2']],
    ['podman build -tacme/worker -f Containerfile .', ['acme/worker']],
    ['buildah bud -t acme/cron .', ['acme/cron']],
    ['    - sudo docker image build -t acme/admin .', ['acme/admin']],
    ['cd api && docker build -t api:dev -t api:latest .', ['api:dev', 'api:latest']],
  ])('%s names %j', (line, tags) => {
    expect(builtImageTags(line)).toEqual(tags);
  });

  it.each([
    'docker build -t $(IMAGE) .',
    'docker build -t "${REGISTRY}/api" .',
    'docker compose build api',
    'docker pull -t node:20',
    'echo building the docker image',
    'echo "then run docker build -t cache ."',
    'make image # docker build -t redis .',
  ])('%s names nothing it can use', (line) => {
    expect(builtImageTags(line)).toEqual([]);
  });
});
