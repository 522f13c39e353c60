// The anchors the audit's speed is measured against (issue 10), each run on the same folder in a fresh
// process:
//   - ESLint (flat config) with the typescript-eslint parser, running `no-restricted-syntax` selectors of the
//     same kind as the audit's rules, one thread (ESLint's default);
//   - oxlint with its default rule set (the `correctness` category), on all cores (its default);
//   - a parse floor: TypeScript's createSourceFile on every JS/TS file, one core.
// Their configuration is written to a temporary folder, never into the audited tree, and inline
// configuration comments of the audited code are ignored, so the same rules run whatever the code says.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runNode } from './bench-measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const benchScript = join(root, 'scripts', 'bench.mjs');

/** The file extensions every anchor reads (and the audit parses). */
export const SOURCE_EXTENSIONS = ['js', 'jsx', 'ts', 'tsx', 'mjs', 'cjs', 'mts', 'cts'];
const SOURCE_GLOB = `**/*.{${SOURCE_EXTENSIONS.join(',')}}`;

/**
 * Syntactic selectors of the kind the audit's rules look for, for ESLint's no-restricted-syntax
 * (esquery syntax; a regular expression is written between slashes).
 */
export const ESLINT_SELECTORS = [
  // config/env-contract and friends: an environment read, process.env.NAME
  "MemberExpression[object.object.name='process'][object.property.name='env']",
  // port-binding: a server listening
  "CallExpression[callee.property.name='listen']",
  // backing-services/hardcoded-connection: a connection URL in a literal
  String.raw`Literal[value=/postgres(ql)?:\/\//]`,
  // disposability: signal and crash handlers
  "CallExpression[callee.object.name='process'][callee.property.name='on']",
  // config/hardcoded-credentials: a literal assigned to a secret-looking name
  "VariableDeclarator[id.name=/(password|secret|token|apikey)/i][init.type='Literal']",
  // logs/file-transport: writing to a file
  "CallExpression[callee.property.name=/^(writeFile|writeFileSync|appendFile|appendFileSync|createWriteStream)$/]",
];

const anchorDir = join(tmpdir(), 'twelve-audit-bench', 'anchors');

/** Writes the ESLint flat config and a summary formatter to the temporary folder; returns their paths. */
function eslintFiles(target) {
  mkdirSync(anchorDir, { recursive: true });
  const parser = import.meta.resolve('@typescript-eslint/parser');
  const config = join(anchorDir, 'eslint.config.mjs');
  writeFileSync(
    config,
    `// Written by scripts/bench.mjs: the ESLint anchor of twelve-audit's benchmark.
import * as parser from ${JSON.stringify(parser)};
export default [
  { basePath: ${JSON.stringify(target)} },
  {
    files: [${JSON.stringify(SOURCE_GLOB)}],
    languageOptions: { parser, parserOptions: { ecmaFeatures: { jsx: true } } },
    linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: 'off' },
    rules: { 'no-restricted-syntax': ['error', ...${JSON.stringify(ESLINT_SELECTORS)}] },
  },
];
`,
  );
  const formatter = join(anchorDir, 'eslint-summary-formatter.mjs');
  writeFileSync(
    formatter,
    `// A summary instead of every message (which would be megabytes of output to time).
export default function summary(results) {
  let messages = 0;
  let fatal = 0;
  for (const result of results) {
    messages += result.messages.length;
    fatal += result.fatalErrorCount;
  }
  return JSON.stringify({ files: results.length, messages, fatal });
}
`,
  );
  return { config, formatter };
}

/** One ESLint run over `target`: { ms, cpuMs, rssKiB, files, matches, fatal }. */
export function runEslint(target, { concurrency } = {}) {
  const { config, formatter } = eslintFiles(target);
  const bin = join(root, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const args = [bin, '--config', config, '--format', formatter, '--no-warn-ignored'];
  if (concurrency && concurrency !== 'off') args.push('--concurrency', String(concurrency));
  args.push('.');
  // 1: problems found (the selectors match), which is expected.
  const run = runNode(args, { cwd: target, ok: [0, 1] });
  const summary = JSON.parse(run.stdout.trim().split('\n').pop());
  return { ms: run.ms, cpuMs: run.cpuMs, rssKiB: run.rssKiB, files: summary.files, matches: summary.messages - summary.fatal, fatal: summary.fatal };
}

/** One oxlint run over `target` with its default rules: { ms, cpuMs, rssKiB, files, rules, threads, diagnostics }. */
export function runOxlint(target) {
  mkdirSync(anchorDir, { recursive: true });
  const config = join(anchorDir, 'oxlintrc.json');
  // oxlint's default: the correctness category. Written out so a .oxlintrc.json of the audited code
  // (mikro-orm has one) never changes what runs; nested configs are off for the same reason.
  writeFileSync(config, `${JSON.stringify({ categories: { correctness: 'warn' } }, null, 2)}\n`);
  const bin = join(root, 'node_modules', 'oxlint', 'bin', 'oxlint');
  const run = runNode([bin, '-c', config, '--disable-nested-config', '.'], { cwd: target, ok: [0, 1] });
  const finished = /Finished in \S+ on (\d+) files? with (\d+) rules? using (\d+) threads?/.exec(run.stdout);
  const found = /Found (\d+) warnings? and (\d+) errors?/.exec(run.stdout);
  return {
    ms: run.ms,
    cpuMs: run.cpuMs,
    rssKiB: run.rssKiB,
    files: finished ? Number(finished[1]) : null,
    rules: finished ? Number(finished[2]) : null,
    threads: finished ? Number(finished[3]) : null,
    diagnostics: found ? Number(found[1]) + Number(found[2]) : null,
  };
}

/** One parse-floor run over `target` in a fresh process: { ms, cpuMs, rssKiB, files }. */
export function runParseFloor(target) {
  const run = runNode([benchScript, '--parse-only', target]);
  return { ms: run.ms, cpuMs: run.cpuMs, rssKiB: run.rssKiB, files: Number(run.stdout.trim()) };
}

/**
 * The parse floor itself (run by `bench.mjs --parse-only DIR`): every JS/TS file of `target` outside
 * .git and node_modules parsed once by TypeScript's createSourceFile, one after the other on one core.
 * Prints the number of files parsed.
 */
export async function parseOnly(target) {
  const { default: ts } = await import('typescript');
  const { default: fg } = await import('fast-glob');
  const files = await fg([SOURCE_GLOB], { cwd: target, dot: true, ignore: ['**/.git/**', '**/node_modules/**'], absolute: true });
  for (const file of files) ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  console.log(files.length);
}
