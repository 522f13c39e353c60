// Measuring one run of a command for the benchmark: wall time, CPU time (user + system, all threads) and
// peak resident set size (RSS).
//
// CPU time and peak RSS come from GNU time (`/usr/bin/time -f '%M %U %S'`, the kernel's rusage of the
// child, worker threads included) where it is installed; elsewhere from a preload (`node --import
// scripts/bench-rss-hook.mjs`) that writes `process.resourceUsage()` when the process exits. RSS in KiB.
// CPU time is less sensitive than wall time to other work on the machine, so it is printed beside it.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const rssHook = join(here, 'bench-rss-hook.mjs');

let gnuTime;
/** Whether /usr/bin/time is GNU time (it prints "GNU" for --version); decided once. */
function hasGnuTime() {
  if (gnuTime === undefined) {
    // TWELVE_AUDIT_BENCH_NO_GNU_TIME=1 takes the preload path, as on a machine without GNU time.
    const probe = existsSync('/usr/bin/time') && !process.env.TWELVE_AUDIT_BENCH_NO_GNU_TIME ? spawnSync('/usr/bin/time', ['--version'], { encoding: 'utf8' }) : null;
    gnuTime = Boolean(probe && probe.status === 0 && /GNU/.test(`${probe.stdout}${probe.stderr}`));
  }
  return gnuTime;
}

/** How peak RSS is measured on this machine, for the report. */
export function rssMethod() {
  return hasGnuTime() ? 'GNU time (ru_maxrss of the child)' : 'process.resourceUsage() written at exit by a --import preload';
}

/**
 * Runs `node args...` once (a fresh process) and returns its wall time in ms, its CPU time in ms and peak
 * RSS in KiB (each null when not measured), exit status, stdout and stderr. `ok` lists the exit statuses that count as success.
 */
export function runNode(args, { cwd, env, ok = [0], input } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'twelve-audit-bench-rss-'));
  const rssFile = join(scratch, 'rss');
  let command;
  let argv;
  let childEnv = { ...process.env, ...env };
  if (hasGnuTime()) {
    command = '/usr/bin/time';
    argv = ['-f', '%M %U %S', '-o', rssFile, process.execPath, ...args];
  } else {
    command = process.execPath;
    argv = ['--import', rssHook, ...args];
    childEnv = { ...childEnv, TWELVE_AUDIT_BENCH_RSS_FILE: rssFile };
  }
  const started = performance.now();
  const result = spawnSync(command, argv, { cwd, env: childEnv, encoding: 'utf8', maxBuffer: 1 << 30, input });
  const ms = performance.now() - started;
  let rssKiB = null;
  let cpuMs = null;
  try {
    // GNU time writes one line "KiB user system" (after a line on the exit status when it is not 0); the
    // preload one line per exiting thread, each for the whole process: the largest is the peak.
    const lines = [...readFileSync(rssFile, 'utf8').matchAll(/^(\d+) ([\d.]+) ([\d.]+)$/gm)];
    if (lines.length > 0) {
      rssKiB = Math.max(...lines.map((match) => Number(match[1])));
      cpuMs = Math.max(...lines.map((match) => (Number(match[2]) + Number(match[3])) * 1000));
    }
  } catch {
    // no measurement (the process died before writing it)
  }
  rmSync(scratch, { recursive: true, force: true });
  if (result.error) throw result.error;
  if (!ok.includes(result.status)) {
    const tail = (result.stderr || result.stdout || '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`node ${args.join(' ')} exited ${result.status ?? result.signal} in ${cwd ?? process.cwd()}:\n${tail}`);
  }
  return { ms, cpuMs, rssKiB, status: result.status, stdout: result.stdout, stderr: result.stderr };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
export const mebibytes = (kib) => (kib == null ? 'n/a' : `${Math.round(kib / 1024)} MiB`);
export const count = (n) => Number(n).toLocaleString('en-US');
