#!/usr/bin/env node
// The GitHub Action's audit step (see action.yml). Plain JavaScript with no dependencies, so it runs
// as checked out. It runs twelve-audit, puts the Markdown summary in the job summary, and writes the
// step outputs; it always exits 0 and leaves failing the job to the action's last step, so the SARIF
// is uploaded first.
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ACTION_ROOT = fileURLToPath(new URL('..', import.meta.url));
const env = process.env;

/** An input as action.yml passes it: `min-score` in INPUT_MIN_SCORE. */
function input(name) {
  return (env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] ?? '').trim();
}

/** Splits the `args` input like a shell would: whitespace separates, quotes group, no expansion. */
export function splitArgs(text) {
  const args = [];
  let current = '';
  let quote = '';
  let started = false;
  for (const char of text) {
    if (quote) {
      if (char === quote) quote = '';
      else current += char;
    } else if (char === '"' || char === "'") {
      quote = char;
      started = true;
    } else if (/\s/.test(char)) {
      if (started) args.push(current);
      current = '';
      started = false;
    } else {
      current += char;
      started = true;
    }
  }
  if (quote) throw new Error(`args: unclosed ${quote}`);
  if (started) args.push(current);
  return args;
}

function setOutput(name, value) {
  if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/**
 * How to start twelve-audit: TWELVE_AUDIT_CLI (a built entry, for tests), else the published
 * package of this action's version, fetched by npm into its cache (no build, the caller's Node
 * and PATH untouched). An unreleased version (the action used @main) is built once from the action's checkout.
 */
function command() {
  if (env.TWELVE_AUDIT_CLI) return [process.execPath, env.TWELVE_AUDIT_CLI];
  const { version } = JSON.parse(readFileSync(join(ACTION_ROOT, 'package.json'), 'utf8'));
  if (!version.includes('-')) return ['npm', 'exec', '--yes', `--package=twelve-audit@${version}`, '--', 'twelve-audit'];
  const built = join(ACTION_ROOT, 'dist', 'src', 'cli', 'main.js');
  if (!existsSync(built)) {
    const npm = (args) => spawnSync('npm', args, { cwd: ACTION_ROOT, stdio: ['ignore', 2, 2] }).status === 0;
    if (!npm(['ci', '--no-audit', '--no-fund', '--ignore-scripts', '--omit=optional']) || !npm(['run', 'build'])) {
      throw new Error(`could not build unreleased twelve-audit ${version}; use a released version of the action (@v0)`);
    }
  }
  return [process.execPath, join(ACTION_ROOT, 'bin', 'twelve-audit.js')];
}

function main() {
  const temp = env.RUNNER_TEMP || '.';
  const sarifFile = input('sarif-file') || 'twelve-audit.sarif';
  const reportJson = join(temp, 'twelve-audit.json');
  const summaryMd = join(temp, 'twelve-audit.md');
  const args = [input('path') || '.', '--no-color', '--sarif', sarifFile, '--json', reportJson, '--markdown', summaryMd];
  args.push('--category', input('category') || 'twelve-audit');
  for (const [name, flag] of [['min-score', '--min-score'], ['fail-on', '--fail-on'], ['baseline', '--baseline'], ['config', '--config']]) {
    if (input(name)) args.push(flag, input(name));
  }
  args.push(...splitArgs(input('args')));

  const [program, ...prefix] = command();
  const run = spawnSync(program, [...prefix, ...args], { stdio: 'inherit' });
  const code = run.status ?? 2;

  if (existsSync(summaryMd) && env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, readFileSync(summaryMd, 'utf8'));
  if (existsSync(reportJson)) {
    const report = JSON.parse(readFileSync(reportJson, 'utf8'));
    const open = report.findings.filter((finding) => !finding.suppressed && !finding.baselined).length;
    setOutput('score', report.score ?? '');
    setOutput('grade', report.grade);
    setOutput('findings', open);
  }
  setOutput('sarif-file', sarifFile);
  setOutput('exit-code', code);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    main();
  } catch (error) {
    console.error(`twelve-audit action: ${error instanceof Error ? error.message : String(error)}`);
    setOutput('exit-code', 2);
  }
}
