import { describe, expect, it } from 'vitest';
import { DockerfileParser } from 'dockerfile-ast';
import {
  effectiveInstruction,
  finalStage,
  instructionCommands,
  isDevelopmentFile,
  isExecForm,
  parseProcfile,
  parseShell,
  programWords,
  scriptCommands,
  scriptInvocation,
  scriptPosition,
  shippedStages,
  stagesOf,
} from '../../src/rule-kit/index.js';

const words = (text: string) => parseShell(text).map((command) => command.words.join(' '));

describe('parseShell', () => {
  it('splits at operators, drops comments and joins continuations', () => {
    expect(words('npm ci && \\\n  npm run build # builds\nnode "dist/a b.js" | tee x; sleep 1 &')).toEqual([
      'npm ci',
      'npm run build',
      'node dist/a b.js',
      'tee x',
      'sleep 1',
    ]);
    expect(parseShell('a && b || c & d').map((command) => command.terminator)).toEqual(['&&', '||', '&', '']);
  });

  it('separates leading assignments from words and keeps $(...) whole', () => {
    const [command] = parseShell("NODE_ENV=production PORT=3000 node -e 'x' $(echo a b)");
    expect(command?.assignments).toEqual({ NODE_ENV: 'production', PORT: '3000' });
    expect(command?.words).toEqual(['node', '-e', 'x', '$(echo a b)']);
  });
});

describe('programWords and scriptInvocation', () => {
  it('sees through launchers', () => {
    expect(programWords(['exec', 'cross-env', 'A=1', 'npx', '--yes', 'ts-node', 'a.ts'])).toEqual(['ts-node', 'a.ts']);
    expect(programWords(['dotenv', '-e', '.env', '--', 'node', 'x'])).toEqual(['node', 'x']);
    expect(programWords(['tini', '--', 'node'])).toEqual(['tini', '--', 'node']);
  });

  it('names the script a package manager runs', () => {
    expect(scriptInvocation(['npm', 'start'])).toBe('start');
    expect(scriptInvocation(['npm', 'run', '--silent', 'build'])).toBe('build');
    expect(scriptInvocation(['yarn', 'build'], { build: 'tsc' })).toBe('build');
    expect(scriptInvocation(['yarn', 'install'], { install: 'x' })).toBeUndefined();
    expect(scriptInvocation(['npm', 'install'])).toBeUndefined();
    expect(scriptInvocation(['pnpm', '--filter', 'api', 'start'])).toBe('start');
  });
});

describe('scriptCommands', () => {
  it('resolves hooks, nested runs, run-s and concurrently without looping', () => {
    const scripts = {
      prestart: 'npm run build',
      build: 'tsc -p .',
      start: 'run-s serve:*',
      'serve:api': 'node dist/api.js',
      'serve:web': 'concurrently "npm:worker" "vite preview"',
      worker: 'npm start',
    };
    expect(scriptCommands(scripts, 'start').map(({ script, command }) => `${script}: ${command.words.join(' ')}`)).toEqual([
      'prestart: npm run build',
      'build: tsc -p .',
      'start: run-s serve:*',
      'serve:api: node dist/api.js',
      'serve:web: concurrently npm:worker vite preview',
      'serve:web: npm run worker',
      'worker: npm start',
      'serve:web: vite preview',
    ]);
  });

  it('finds a script key in package.json text', () => {
    const text = '{\n  "name": "start",\n  "scripts": {\n    "build": "tsc",\n    "start": "node x"\n  }\n}\n';
    expect(scriptPosition(text, 'start')).toEqual({ line: 5, column: 5 });
  });
});

describe('parseProcfile and isDevelopmentFile', () => {
  it('reads process types with positions', () => {
    expect(parseProcfile('# comment\nweb: node server.js\n\nworker:   node worker.js\n')).toEqual([
      { type: 'web', command: 'node server.js', line: 2, column: 6 },
      { type: 'worker', command: 'node worker.js', line: 4, column: 11 },
    ]);
  });

  it('tells development files by name', () => {
    expect(['Dockerfile.dev', 'dev.Dockerfile', 'docker-compose.override.yml', 'compose.test.yaml', 'app/docker-compose.local.yml'].map(isDevelopmentFile)).toEqual([true, true, true, true, true]);
    expect(['Dockerfile', 'api.Dockerfile', 'docker-compose.yml', 'docker-compose.prod.yml', 'deploy/compose.yaml'].map(isDevelopmentFile)).toEqual([false, false, false, false, false]);
  });
});

describe('Dockerfile stages', () => {
  const dockerfile = DockerfileParser.parse(
    [
      'ARG NODE=node:20-alpine',
      'FROM ${NODE} AS Build',
      'RUN npm ci && npm run build',
      'CMD ["sh", "-c", "node a.js && node b.js"]',
      'FROM build AS runtime',
      'ENTRYPOINT node server.js',
      'FROM ${OTHER}',
    ].join('\n'),
  );

  it('resolves ARG defaults and earlier stages', () => {
    const stages = stagesOf(dockerfile);
    expect(stages.map((stage) => [stage.name, stage.image, stage.parent?.name])).toEqual([
      ['build', 'node:20-alpine', undefined],
      ['runtime', 'build', 'build'],
      [undefined, undefined, undefined],
    ]);
  });

  it('inherits CMD from the parent stage and expands sh -c', () => {
    const runtime = stagesOf(dockerfile)[1]!;
    const cmd = effectiveInstruction(runtime, 'CMD')!;
    expect(isExecForm(cmd)).toBe(true);
    expect(instructionCommands(cmd).map((command) => command.words.join(' '))).toEqual(['node a.js', 'node b.js']);
    const entrypoint = effectiveInstruction(runtime, 'ENTRYPOINT')!;
    expect(isExecForm(entrypoint)).toBe(false);
    expect(finalStage(dockerfile)?.index).toBe(2);
  });
});

describe('shippedStages', () => {
  it('ships the runnable targets of a multi-target Dockerfile, else the last stage', () => {
    const multi = stagesOf(
      DockerfileParser.parse(
        ['FROM node:20 AS build', 'FROM node:20 AS app', 'COPY --from=build /a /a', 'CMD ["node", "a"]', 'FROM alpine:3.19 AS upload', 'COPY --from=0 /a /a'].join('\n'),
      ),
    );
    expect([...shippedStages(multi)].map((stage) => stage.name)).toEqual(['app']);
    const single = stagesOf(DockerfileParser.parse('FROM node:20 AS build\nFROM node:20\nCOPY --from=build /a /a\n'));
    expect([...shippedStages(single)].map((stage) => stage.index)).toEqual([1]);
  });
});
