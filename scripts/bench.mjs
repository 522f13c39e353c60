#!/usr/bin/env node
// Benchmark (never timing assertions in tests; CI never runs it). Sections, all by default:
//   generated  audits a generated 10,000-file repository (and any paths given as arguments) with the built
//              CLI, median of --runs, with the report's own stats and the parse-only anchor's time;
//   hostile    the hostile shapes of issue 12, each at two sizes, with the ratio of their times: about 2
//              when the audit's time grows linearly with the input, about 4 when it grows with its square;
//   anchors    the real corpus (bench/perf/README.md) audited and run through ESLint, oxlint and a
//              single-core TypeScript parse, interleaved, median of --runs;
//   cache      --cache: cold run, re-run with nothing changed, re-run with one file changed;
//   memory     peak RSS of the full-corpus audit (taken from the anchors' audit runs when they ran);
//   scale      a tenth of the corpus against all of it (10x the files);
// then each target of issue 10 as a ratio. `corpus` names anchors,cache,memory,scale together.
// Usage: npm run bench [-- [--only SECTIONS] [--skip SECTIONS] [--runs N] [--perf-corpus DIR]
//                         [--eslint-concurrency N|auto|off] [--json FILE] [--hostile-only] [path/to/repo ...]]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseOnly, runParseFloor } from './bench-anchors.mjs';
import {
  DEFAULT_CORPUS,
  corpusHeader,
  loadCorpus,
  measureAnchors,
  measureAudit,
  measureCache,
  measureScale,
  printTargets,
} from './bench-corpus.mjs';
import { median } from './bench-measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'twelve-audit.js');
const SECTIONS = ['generated', 'hostile', 'anchors', 'cache', 'memory', 'scale'];
const CORPUS_SECTIONS = ['anchors', 'cache', 'memory', 'scale'];

/** A monorepo-shaped tree: 20 services of 500 files each, mixed JS/TS, configs and docs. */
function makeBigRepo(target, files = 10_000) {
  if (existsSync(join(target, '.complete'))) return;
  const apps = 20;
  const perApp = files / apps;
  writeFile(join(target, 'package.json'), JSON.stringify({ name: 'big', private: true, workspaces: ['services/*'] }, null, 2));
  writeFile(join(target, 'package-lock.json'), '{"lockfileVersion":3}');
  for (let app = 0; app < apps; app += 1) {
    const base = join(target, 'services', `svc-${app}`);
    writeFile(join(base, 'package.json'), JSON.stringify({ name: `svc-${app}`, dependencies: { express: '^4.19.2', pg: '^8.0.0', winston: '^3.0.0' } }, null, 2));
    writeFile(join(base, 'Dockerfile'), 'FROM node:20.11-alpine\nCOPY . .\nRUN npm ci\nCMD ["node", "src/server.js"]\n');
    writeFile(join(base, 'src', 'server.js'), "const app = require('./app');\nconst server = app.listen(process.env.PORT || 3000);\nprocess.on('SIGTERM', () => server.close());\n");
    for (let index = 0; index < perApp - 3; index += 1) {
      const folder = join(base, 'src', `module-${index % 25}`);
      if (index % 10 === 0) {
        writeFile(join(base, 'test', `case-${index}.test.ts`), `import { it } from 'vitest';\nit('works ${index}', () => {});\n`);
      } else if (index % 7 === 0) {
        writeFile(join(folder, `settings-${index}.json`), JSON.stringify({ name: `m${index}`, retries: index % 5 }));
      } else {
        writeFile(join(folder, `file-${index}.${index % 2 ? 'ts' : 'js'}`), sourceFile(index));
      }
    }
  }
  writeFile(join(target, '.complete'), '');
}

function sourceFile(index) {
  const lines = [
    `import { helper${index % 13} } from '../lib/helpers';`,
    `const logger = require('winston').createLogger({ transports: [] });`,
    `export const url${index} = process.env.API_URL ?? 'http://localhost:${3000 + (index % 100)}';`,
    `export async function handler${index}(request, response) {`,
    `  const value = await helper${index % 13}(request.body, { retries: ${index % 5} });`,
    `  if (value.error) { logger.error('failed', value.error); return response.status(500).end(); }`,
    `  return response.json({ id: ${index}, value });`,
    `}`,
  ];
  const copies = Array.from({ length: 6 }, (_, copy) => lines.join('\n').replaceAll(/handler(\d+)/g, `handler$1_${copy}`));
  return `${copies.join('\n\n')}\n`;
}

function writeFile(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function bench(target, runs) {
  const times = [];
  let report;
  for (let run = 0; run < runs; run += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [cli, target, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`audit of ${target} failed (${result.status}): ${result.stderr}`);
    report = JSON.parse(result.stdout);
  }
  times.sort((a, b) => a - b);
  const middle = median(times);
  const { filesIndexed, filesParsed, rulesRun } = report.stats;
  const floor = median(Array.from({ length: runs }, () => runParseFloor(target).ms));
  console.log(
    `${target}\n  median ${(middle / 1000).toFixed(2)}s over ${runs} runs (min ${(times[0] / 1000).toFixed(2)}s)` +
      ` · ${filesIndexed} files indexed, ${filesParsed} parsed, ${rulesRun} rules, ${report.apps.length} apps, ${report.findings.length} findings` +
      `\n  parse-only anchor (TypeScript createSourceFile on every JS/TS file, one core): ${(floor / 1000).toFixed(2)}s · audit / parse = ${(middle / floor).toFixed(2)}`,
  );
}

/** A random-looking token of `length` characters, the same for the same seed. */
function token(length, seed) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  let state = seed * 2654435761 + 1;
  let out = '';
  for (let index = 0; index < length; index += 1) {
    state = (state * 1103515245 + 12345) % 2147483648;
    out += alphabet[state % alphabet.length];
  }
  return out;
}

/** The shapes a hostile repository uses to make the audit slow, each as a function of its size. */
const HOSTILE_SHAPES = [
  {
    name: 'empty .js files',
    sizes: [10_000, 20_000],
    files: (count) =>
      Object.fromEntries(Array.from({ length: count }, (_, index) => [`src/m${index % 100}/f${index}.js`, ''])),
  },
  {
    name: 'package.json dependencies (each "*", one finding each)',
    sizes: [10_000, 20_000],
    files: (count) => ({
      'package.json': JSON.stringify({ name: 'deps', version: '1.0.0', dependencies: Object.fromEntries(Array.from({ length: count }, (_, index) => [`pkg-${index}`, '*'])) }, null, 2),
    }),
  },
  {
    name: 'Procfile lines',
    sizes: [15_000, 30_000],
    files: (count) => ({ Procfile: `web: node server.js\n${Array.from({ length: count - 1 }, (_, index) => `worker${index}: node worker.js ${index}`).join('\n')}\n` }),
  },
  {
    name: 'secrets in one YAML file',
    sizes: [4_000, 8_000],
    files: (count) => ({ 'config/secrets.yml': Array.from({ length: count }, (_, index) => `key${index}: "sk_live_${token(24, index)}"`).join('\n') + '\n' }),
  },
  {
    name: 'KB of one .env key (half name, half value)',
    sizes: [128, 256],
    files: (kilobytes) => ({ '.env': `${'API_KEY_'.padEnd(kilobytes * 512, 'X')}=${token(kilobytes * 512, 7)}\n` }),
  },
];

function makeShape(shape, size) {
  const target = join(tmpdir(), 'twelve-audit-bench', `hostile-${shape.sizes.indexOf(size)}-${shape.name.replace(/\W+/g, '-')}-${size}`);
  if (existsSync(join(target, '.complete'))) return target;
  writeFile(join(target, 'server.js'), "require('http').createServer().listen(process.env.PORT);\n");
  writeFile(join(target, 'package.json'), JSON.stringify({ name: 'hostile', version: '1.0.0' }));
  for (const [path, content] of Object.entries(shape.files(size))) writeFile(join(target, path), content);
  writeFile(join(target, '.complete'), '');
  return target;
}

/** One audit of the target; wall time in ms. */
function timeOnce(target) {
  const started = performance.now();
  const result = spawnSync(process.execPath, [cli, target, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1 << 30 });
  const elapsed = performance.now() - started;
  if (result.status !== 0) throw new Error(`audit of ${target} failed (${result.status}): ${result.stderr}`);
  return { elapsed, findings: JSON.parse(result.stdout).findings.length };
}

function benchHostile() {
  console.log('\nhostile shapes (issue 12): time at two sizes; a ratio near 2 is linear, near 4 quadratic');
  for (const shape of HOSTILE_SHAPES) {
    const [small, large] = shape.sizes.map((size) => ({ size, ...timeOnce(makeShape(shape, size)) }));
    console.log(
      `  ${shape.name.padEnd(56)} ${String(small.size).padStart(6)}: ${(small.elapsed / 1000).toFixed(2)}s` +
        ` · ${String(large.size).padStart(6)}: ${(large.elapsed / 1000).toFixed(2)}s · ratio ${(large.elapsed / small.elapsed).toFixed(2)}` +
        ` · ${large.findings} findings`,
    );
  }
}

function usage(message) {
  if (message) console.error(`bench: ${message}`);
  (message ? console.error : console.log)(
    'usage: npm run bench -- [--only SECTIONS] [--skip SECTIONS] [--runs N] [--perf-corpus DIR]\n' +
      '                        [--eslint-concurrency N|auto|off] [--json FILE] [--hostile-only] [path/to/repo ...]\n' +
      `  SECTIONS: comma-separated, of ${SECTIONS.join(', ')}, or corpus (= ${CORPUS_SECTIONS.join(',')})`,
  );
  process.exit(message ? 2 : 0);
}

function sectionList(value) {
  const names = value.split(',').map((name) => name.trim()).filter(Boolean).flatMap((name) => (name === 'corpus' ? CORPUS_SECTIONS : [name]));
  const unknown = names.filter((name) => !SECTIONS.includes(name));
  if (unknown.length > 0 || names.length === 0) usage(`unknown section ${unknown.join(', ') || '(none)'}`);
  return names;
}

function parseArgs(argv) {
  const options = { sections: new Set(SECTIONS), runs: 3, corpus: process.env.TWELVE_AUDIT_PERF_CORPUS || DEFAULT_CORPUS, eslintConcurrency: 'off', json: null, paths: [] };
  const value = (index, flag) => {
    if (index + 1 >= argv.length) usage(`${flag} needs a value`);
    return argv[index + 1];
  };
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const take = () => inline ?? value(index++, flag);
    if (flag === '--only') options.sections = new Set(sectionList(take()));
    else if (flag === '--skip') for (const name of sectionList(take())) options.sections.delete(name);
    else if (flag === '--hostile-only') options.sections = new Set(['hostile']);
    else if (flag === '--runs') {
      options.runs = Number(take());
      if (!Number.isInteger(options.runs) || options.runs < 1) usage('--runs takes a whole number of at least 1');
    } else if (flag === '--perf-corpus') options.corpus = take();
    else if (flag === '--eslint-concurrency') options.eslintConcurrency = take();
    else if (flag === '--json') options.json = take();
    else if (flag === '--help' || flag === '-h') usage();
    else if (flag.startsWith('-')) usage(`unknown option ${flag}`);
    else options.paths.push(arg);
  }
  options.corpus = resolve(options.corpus);
  return options;
}

const args = process.argv.slice(2);
if (args[0] === '--parse-only') {
  await parseOnly(args[1]);
  process.exit(0);
}
const options = parseArgs(args);
const has = (section) => options.sections.has(section);
const results = { date: new Date().toISOString(), node: process.version, runs: options.runs };

if (has('generated') || options.paths.length > 0) {
  const targets = [...options.paths];
  if (has('generated')) {
    // Outside the checkout: our own .gitignore must not apply to the generated repository.
    const big = join(tmpdir(), 'twelve-audit-bench', 'big-repo');
    makeBigRepo(big);
    targets.unshift(big);
  }
  for (const target of targets) bench(target, options.runs);
}
if (has('hostile')) benchHostile();

if (CORPUS_SECTIONS.some(has)) {
  const corpus = await loadCorpus(options.corpus);
  if (corpus.missing) {
    console.log(
      `
real corpus: skipped (${corpus.missing}). The anchors and the targets of issue 10 need the repositories of\n` +
        `bench/perf/corpus.json checked out side by side in ${options.corpus} (or --perf-corpus DIR): see bench/perf/README.md.`,
    );
  } else {
    corpusHeader(corpus);
    results.corpus = { dir: corpus.dir, repositories: corpus.repos.map(({ repo, head }) => ({ repo, commit: head })), sourceFiles: corpus.sourceFiles.length, files: corpus.files.length, warnings: corpus.warnings };
    let full;
    if (has('anchors')) {
      results.anchors = measureAnchors(corpus, options);
      full = results.anchors.audit;
    }
    if (!full && (has('memory') || has('scale'))) {
      results.audit = measureAudit(corpus, options).audit;
      full = results.audit;
    }
    if (has('cache')) results.cache = measureCache(corpus, options);
    if (has('scale')) results.scale = await measureScale(corpus, { ...options, full });
    const targets = printTargets({ anchors: results.anchors, audit: has('memory') || has('anchors') ? full : undefined, cache: results.cache, scale: results.scale });
    results.targets = targets.map(([name, row]) => ({ name, ...row }));
  }
}
if (options.json) {
  mkdirSync(dirname(resolve(options.json)), { recursive: true });
  writeFileSync(options.json, `${JSON.stringify(results, null, 2)}\n`);
}
