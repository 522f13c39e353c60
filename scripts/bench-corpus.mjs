// The real-corpus part of the benchmark (issue 10): the audit of two large public TypeScript
// repositories side by side (bench/perf/corpus.json, laid out as bench/perf/README.md says), measured
// against ESLint, oxlint and a parse floor over the same folder, and each target of issue 10 printed as
// a ratio. Runs of different programs are interleaved (audit, ESLint, oxlint, parse; audit, ESLint, ...)
// so a change in the machine's load during the run falls on all of them alike.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLINT_SELECTORS, SOURCE_EXTENSIONS, runEslint, runOxlint, runParseFloor } from './bench-anchors.mjs';
import { count, mebibytes, median, rssMethod, runNode, seconds } from './bench-measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'twelve-audit.js');
const manifestPath = join(root, 'bench', 'perf', 'corpus.json');
const scratch = join(tmpdir(), 'twelve-audit-bench');
const SOURCE_FILE = new RegExp(`\\.(${SOURCE_EXTENSIONS.join('|')})$`);
mkdirSync(scratch, { recursive: true });

export const DEFAULT_CORPUS = resolve(root, '..', 'corpus-perf');

/** Every file under `dir` (relative POSIX paths), skipping .git and node_modules folders. */
async function listFiles(dir) {
  const { default: fg } = await import('fast-glob');
  const files = await fg(['**/*'], { cwd: dir, dot: true, ignore: ['**/.git/**', '**/node_modules/**'], followSymbolicLinks: false });
  return files.sort();
}

/**
 * Checks the corpus folder against bench/perf/corpus.json. Returns { dir, repos, files, sourceFiles, warnings }
 * or { missing: 'why' } when the real-corpus part cannot run.
 */
export async function loadCorpus(dir) {
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
  if (!existsSync(dir)) return { missing: `${dir} does not exist` };
  const warnings = [];
  const repos = [];
  for (const entry of manifest.repositories) {
    const path = join(dir, entry.dir);
    if (!existsSync(path)) return { missing: `${path} (${entry.repo}) is not there` };
    const head = spawnSync('git', ['-C', path, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout?.trim() || null;
    if (head !== entry.commit) warnings.push(`${entry.dir} is at ${head ?? 'no git commit'}, not the pinned ${entry.commit}: numbers are not comparable with docs/performance.md`);
    const status = spawnSync('git', ['-C', path, 'status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8' }).stdout ?? '';
    const changed = status.split('\n').filter(Boolean).length;
    if (changed > 0) warnings.push(`${entry.dir} has ${changed} locally changed file(s) (git -C ${path} status)`);
    repos.push({ ...entry, head });
  }
  const expected = new Set(manifest.repositories.map((entry) => entry.dir));
  const extra = readdirSync(dir).filter((name) => !expected.has(name));
  if (extra.length > 0) warnings.push(`${dir} also holds ${extra.join(', ')}, which every program below reads too`);
  const files = await listFiles(dir);
  const sourceFiles = files.filter((file) => SOURCE_FILE.test(file));
  if (sourceFiles.length < manifest.minSourceFiles) warnings.push(`only ${sourceFiles.length} JS/TS files (the benchmark wants ${manifest.minSourceFiles}+)`);
  return { dir, repos, files, sourceFiles, warnings };
}

/** What the built CLI offers for caching, read from its --help. */
export function cacheSupport() {
  const help = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' }).stdout ?? '';
  return { cache: /^\s*(?:-\w, )?--cache\b(?!-)/m.test(help), location: /--cache-location\b/.test(help) };
}

/** One audit of `target` in a fresh process: { ms, cpuMs, rssKiB, report }. */
export function runAudit(target, extraArgs = [], { cwd } = {}) {
  const work = cwd ?? mkdtempSync(join(scratch, 'cwd-'));
  const output = join(mkdtempSync(join(scratch, 'report-')), 'report.json');
  try {
    const run = runNode([cli, target, '--format', 'json', '--output', output, '--fail-on', 'none', '--no-progress', ...extraArgs], { cwd: work });
    return { ms: run.ms, cpuMs: run.cpuMs, rssKiB: run.rssKiB, report: JSON.parse(readFileSync(output, 'utf8')) };
  } finally {
    rmSync(dirname(output), { recursive: true, force: true });
    if (!cwd) rmSync(work, { recursive: true, force: true });
  }
}

function describeAudit(report) {
  const { filesIndexed, filesParsed, rulesRun } = report.stats ?? {};
  return `${count(filesIndexed)} files indexed, ${count(filesParsed)} parsed, ${rulesRun} rules, ${report.apps.length} apps, ${count(report.findings.length)} findings`;
}

/** Median, min and max wall time, median CPU time and the largest peak RSS of a list of runs. */
function summarise(list) {
  const times = list.map((sample) => sample.ms);
  const cpu = list.map((sample) => sample.cpuMs).filter((value) => value != null);
  return {
    ms: median(times),
    min: Math.min(...times),
    max: Math.max(...times),
    cpuMs: cpu.length === list.length ? median(cpu) : null,
    rssKiB: Math.max(...list.map((sample) => sample.rssKiB ?? 0)) || null,
  };
}

const spread = (result) => `(${seconds(result.min)}–${seconds(result.max)}${result.cpuMs == null ? '' : `, cpu ${seconds(result.cpuMs)}`})`;

const line = (label, value, note = '') => console.log(`  ${label.padEnd(34)} ${value.padStart(10)}  ${note}`);

/** Audit, ESLint, oxlint and the parse floor over the corpus, `runs` interleaved rounds. */
export function measureAnchors(corpus, { runs, eslintConcurrency }) {
  console.log(`\nanchors over ${corpus.dir}: median of ${runs} interleaved runs, each a fresh process`);
  const samples = { audit: [], eslint: [], oxlint: [], parse: [] };
  let audit;
  let eslint;
  let oxlint;
  let parse;
  for (let run = 0; run < runs; run += 1) {
    audit = runAudit(corpus.dir);
    samples.audit.push(audit);
    eslint = runEslint(corpus.dir, { concurrency: eslintConcurrency });
    samples.eslint.push(eslint);
    oxlint = runOxlint(corpus.dir);
    samples.oxlint.push(oxlint);
    parse = runParseFloor(corpus.dir);
    samples.parse.push(parse);
    process.stderr.write(`  round ${run + 1}/${runs}: audit ${seconds(audit.ms)}, ESLint ${seconds(eslint.ms)}, oxlint ${seconds(oxlint.ms)}, parse ${seconds(parse.ms)}\n`);
  }
  const result = {};
  for (const [name, list] of Object.entries(samples)) result[name] = summarise(list);
  const threads = eslintConcurrency && eslintConcurrency !== 'off' ? `--concurrency ${eslintConcurrency}` : 'one thread';
  line('twelve-audit', seconds(result.audit.ms), `${spread(result.audit)} ${describeAudit(audit.report)}; peak RSS ${mebibytes(result.audit.rssKiB)}`);
  line('ESLint + typescript-eslint parser', seconds(result.eslint.ms), `${spread(result.eslint)} ${count(eslint.files)} files, ${ESLINT_SELECTORS.length} no-restricted-syntax selectors, ${threads}: ${count(eslint.matches)} matches, ${eslint.fatal} parse errors`);
  line('oxlint', seconds(result.oxlint.ms), `${spread(result.oxlint)} ${count(oxlint.files)} files, default rules (correctness, ${oxlint.rules} rules), ${oxlint.threads} threads: ${count(oxlint.diagnostics)} diagnostics`);
  line('parse floor (TypeScript, 1 core)', seconds(result.parse.ms), `${spread(result.parse)} createSourceFile on ${count(parse.files)} files`);
  result.details = {
    audit: describeAudit(audit.report),
    eslint: { files: eslint.files, matches: eslint.matches, fatal: eslint.fatal, threads },
    oxlint: { files: oxlint.files, rules: oxlint.rules, threads: oxlint.threads, diagnostics: oxlint.diagnostics },
    parse: { files: parse.files },
  };
  return result;
}

/** Full-corpus audits alone (when the anchors are not measured in this run). */
export function measureAudit(corpus, { runs }) {
  console.log(`\naudit of ${corpus.dir}: median of ${runs} runs`);
  const list = [];
  for (let run = 0; run < runs; run += 1) list.push(runAudit(corpus.dir));
  const result = summarise(list);
  line('twelve-audit', seconds(result.ms), `${spread(result)} ${describeAudit(list.at(-1).report)}; peak RSS ${mebibytes(result.rssKiB)}`);
  return { audit: result, auditRuns: list };
}

const changedFileBackup = join(scratch, 'changed-file.json');

/** Puts back a file that an interrupted run of the one-changed-file measure left changed. */
function restoreChangedFile() {
  if (!existsSync(changedFileBackup)) return;
  const { path, original } = JSON.parse(readFileSync(changedFileBackup, 'utf8'));
  writeFileSync(path, Buffer.from(original, 'base64'));
  rmSync(changedFileBackup, { force: true });
}

/**
 * The first JS/TS file (in path order) of a src/ folder, outside tests and docs, that reads the
 * environment: one the audit certainly analyses.
 */
function fileToChange(corpus) {
  const candidates = corpus.sourceFiles.filter((file) => /(^|\/)src\//.test(file) && !/(^|\/)(tests?|__tests__|docs?|examples?)\/|\.(test|spec)\./.test(file));
  for (const file of [...candidates, ...corpus.sourceFiles]) {
    const path = join(corpus.dir, file);
    if (readFileSync(path, 'utf8').includes('process.env')) return path;
  }
  return join(corpus.dir, corpus.sourceFiles[0]);
}

const findingsKey = (report) => JSON.stringify(report.findings.map((finding) => [finding.ruleId, finding.file, finding.line, finding.column, finding.message]));

/**
 * `--cache`: a cold run (empty cache), a re-run with nothing changed, and a re-run after one file changed
 * (a comment appended, put back afterwards), `runs` rounds, each round with a fresh cache folder.
 */
export function measureCache(corpus, { runs }) {
  const support = cacheSupport();
  console.log(`\ncache over ${corpus.dir}`);
  if (!support.cache) {
    console.log('  n/a: --cache not implemented yet (not in `twelve-audit --help`)');
    return { supported: false };
  }
  restoreChangedFile();
  const changed = fileToChange(corpus);
  const samples = { cold: [], warm: [], changed: [] };
  const mismatches = [];
  let stats;
  for (let run = 0; run < runs; run += 1) {
    // A fresh working folder per round: the cache's default location is under the working directory.
    const cwd = mkdtempSync(join(scratch, 'cache-cwd-'));
    const args = ['--cache', ...(support.location ? ['--cache-location', join(cwd, 'cache')] : [])];
    try {
      const cold = runAudit(corpus.dir, args, { cwd });
      const warm = runAudit(corpus.dir, args, { cwd });
      if (findingsKey(warm.report) !== findingsKey(cold.report)) mismatches.push(`round ${run + 1}: the cached re-run's findings differ from the cold run's`);
      const original = readFileSync(changed);
      writeFileSync(changedFileBackup, JSON.stringify({ path: changed, original: original.toString('base64') }));
      let edited;
      try {
        writeFileSync(changed, Buffer.concat([original, Buffer.from('\n// changed by twelve-audit bench (one changed file)\n')]));
        edited = runAudit(corpus.dir, args, { cwd });
      } finally {
        restoreChangedFile();
      }
      samples.cold.push(cold.ms);
      samples.warm.push(warm.ms);
      samples.changed.push(edited.ms);
      stats = { cold: cold.report.stats, warm: warm.report.stats, changed: edited.report.stats };
      process.stderr.write(`  round ${run + 1}/${runs}: cold ${seconds(cold.ms)}, nothing changed ${seconds(warm.ms)}, one file changed ${seconds(edited.ms)}\n`);
    } finally {
      rmSync(cwd, { recursive: true, force: true });
    }
  }
  const result = { supported: true, cold: median(samples.cold), warm: median(samples.warm), changed: median(samples.changed), changedFile: changed, mismatches };
  result.changedFiles = reanalysedFiles(stats?.changed);
  line('cold run with --cache (empty cache)', seconds(result.cold));
  line('re-run, nothing changed', seconds(result.warm), `${(result.warm / result.cold).toFixed(3)} × cold; result: ${stats?.warm?.cache?.result ?? 'not in the report stats'}`);
  line('re-run, one file changed', seconds(result.changed), `${(result.changed / result.cold).toFixed(3)} × cold; changed ${changed.slice(corpus.dir.length + 1)}; re-analysed: ${result.changedFiles ?? 'not in the report stats'}`);
  const cacheStats = stats?.changed && Object.entries(stats.changed).filter(([key]) => /cache/i.test(key));
  if (cacheStats?.length) console.log(`  report stats of the one-changed-file run: ${JSON.stringify(Object.fromEntries(cacheStats))}`);
  for (const mismatch of mismatches) console.log(`  WARNING: ${mismatch}`);
  return result;
}

/** How many files the audit says it analysed afresh (not from the cache), when its stats say so. */
function reanalysedFiles(stats) {
  if (!stats) return null;
  const cache = stats.cache;
  if (cache && typeof cache === 'object') {
    for (const key of ['misses', 'miss', 'analysed', 'reanalysed', 'filesAnalysed']) if (typeof cache[key] === 'number') return cache[key];
  }
  for (const key of ['cacheMisses', 'filesReanalysed', 'filesAnalysedFresh']) if (typeof stats[key] === 'number') return stats[key];
  return null;
}

/** Files every repository needs to keep its shape (apps, manifests, lockfiles, containers, CI), whatever the sample. */
const STRUCTURE_FILE =
  /(^|\/)(package\.json|package-lock\.json|npm-shrinkwrap\.json|yarn\.lock|pnpm-lock\.yaml|pnpm-workspace\.yaml|lerna\.json|nx\.json|turbo\.json|tsconfig[^/]*\.json|\.gitignore|\.npmrc|\.nvmrc|\.node-version|\.tool-versions|Procfile|Dockerfile[^/]*|[^/]*\.dockerfile|\.dockerignore|(docker-)?compose[^/]*\.ya?ml|\.env[^/]*|\.twelve-audit\.(yml|yaml|json))$|(^|\/)\.github\/workflows\/|(^|\/)\.gitlab-ci\.yml$/;

/**
 * A tenth of the corpus, in a temporary folder: every file that gives the repositories their shape, and
 * every tenth of the others in path order (so about a tenth of the JS/TS files). Each repository keeps an
 * (empty) .git marker, as in the corpus. Built once per set of corpus commits.
 */
export function makeTenth(corpus) {
  const key = corpus.repos.map((repo) => `${repo.dir}@${(repo.head ?? 'none').slice(0, 12)}`).join('_');
  const target = join(scratch, `perf-tenth-${key}`);
  // Reused only when every repository is at a known commit (a folder without git may have changed).
  if (existsSync(join(target, '.complete')) && corpus.repos.every((repo) => repo.head)) return target;
  rmSync(target, { recursive: true, force: true });
  let index = 0;
  for (const file of corpus.files) {
    const keep = STRUCTURE_FILE.test(file) || index++ % 10 === 0;
    if (!keep) continue;
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(corpus.dir, file), join(target, file));
  }
  for (const repo of corpus.repos) mkdirSync(join(target, repo.dir, '.git'), { recursive: true });
  writeFileSync(join(target, '.complete'), '');
  return target;
}

/** 10x the files: the audit of a tenth of the corpus against the audit of all of it. */
export async function measureScale(corpus, { runs, full }) {
  const tenth = makeTenth(corpus);
  const tenthFiles = (await listFiles(tenth)).filter((file) => file !== '.complete');
  const tenthSources = tenthFiles.filter((file) => SOURCE_FILE.test(file)).length;
  console.log(`\n10x the files: a tenth of the corpus (${tenth}) against all of it, median of ${runs} runs`);
  const list = Array.from({ length: runs }, () => runAudit(tenth));
  const report = list.at(-1).report;
  const tenthRuns = summarise(list);
  const result = {
    tenth: tenthRuns.ms,
    full: full.ms,
    tenthCpuMs: tenthRuns.cpuMs,
    fullCpuMs: full.cpuMs,
    tenthSources,
    fullSources: corpus.sourceFiles.length,
    tenthFiles: tenthFiles.length,
    fullFiles: corpus.files.length,
  };
  result.fileRatio = result.fullSources / result.tenthSources;
  result.timeRatio = result.full / result.tenth;
  line('audit of a tenth', seconds(result.tenth), `${spread(tenthRuns)} ${count(tenthSources)} JS/TS of ${count(tenthFiles.length)} files; ${describeAudit(report)}`);
  line('audit of all', seconds(result.full), `${count(result.fullSources)} JS/TS of ${count(result.fullFiles)} files`);
  const cpuRatio = result.fullCpuMs && result.tenthCpuMs ? `; CPU time ratio ${(result.fullCpuMs / result.tenthCpuMs).toFixed(2)}` : '';
  line('time ratio', result.timeRatio.toFixed(2), `for ${result.fileRatio.toFixed(2)}x the JS/TS files${cpuRatio}`);
  return result;
}

/** Each target of issue 10 as a ratio, with its target and whether it is met. */
export function printTargets(results) {
  const rows = [];
  const { anchors, audit, cache, scale } = results;
  const auditMs = anchors?.audit.ms ?? audit?.ms;
  const ratio = (value, target, test) => ({ value, target, met: value == null ? null : test(value) });
  if (anchors) {
    rows.push(['audit / ESLint', ratio(auditMs / anchors.eslint.ms, '<= 0.1', (v) => v <= 0.1)]);
    rows.push(['audit / parse floor', ratio(auditMs / anchors.parse.ms, '< 1', (v) => v < 1)]);
    rows.push(['audit / oxlint', ratio(auditMs / anchors.oxlint.ms, '<= 3', (v) => v <= 3)]);
  }
  if (cache) {
    if (cache.supported) {
      rows.push(['cached re-run / cold run', ratio(cache.warm / cache.cold, '<= 0.05', (v) => v <= 0.05)]);
      rows.push([
        'one changed file: re-run / cold run',
        cache.changedFiles == null
          ? { value: cache.changed / cache.cold, target: 're-analyses 1 file', met: null, note: 'files re-analysed: not in the report stats' }
          : { value: cache.changed / cache.cold, target: 're-analyses 1 file', met: cache.changedFiles <= 1, note: `${cache.changedFiles} file(s) re-analysed` },
      ]);
    } else {
      rows.push(['cached re-run / cold run', { text: 'n/a: --cache not implemented yet', target: '<= 0.05' }]);
      rows.push(['one changed file: re-run / cold run', { text: 'n/a: --cache not implemented yet', target: 're-analyses 1 file' }]);
    }
  }
  const rss = anchors?.audit.rssKiB ?? audit?.rssKiB;
  if (rss != null) rows.push(['peak RSS of the audit (GiB)', ratio(rss / 1024 / 1024, '< 1', (v) => v < 1)]);
  if (scale) rows.push([`10x files: time ratio (${scale.fileRatio.toFixed(1)}x files)`, ratio(scale.timeRatio, '<= 11', (v) => v <= 1.1 * scale.fileRatio)]);
  if (rows.length === 0) return rows;
  console.log('\ntargets of issue 10 (one run, this machine; wall-time medians):');
  console.log(`  ${'measure'.padEnd(40)} ${'measured'.padStart(10)}  ${'target'.padEnd(20)} met`);
  for (const [name, row] of rows) {
    const value = row.text ?? (row.value >= 100 ? row.value.toFixed(0) : row.value >= 10 ? row.value.toFixed(1) : row.value.toFixed(row.value < 0.1 ? 3 : 2));
    const met = row.met == null ? '' : row.met ? 'yes' : 'no';
    if (row.text) console.log(`  ${name.padEnd(40)} ${value} (target ${row.target})`);
    else console.log(`  ${name.padEnd(40)} ${value.padStart(10)}  ${row.target.padEnd(20)} ${met}${row.note ? `  (${row.note})` : ''}`);
  }
  if (anchors?.audit.cpuMs && anchors.eslint.cpuMs && anchors.parse.cpuMs && anchors.oxlint.cpuMs) {
    const cpu = (name) => (anchors.audit.cpuMs / anchors[name].cpuMs).toFixed(2);
    console.log(`  (the same in CPU time, user + system of all threads, less sensitive to other load: audit / ESLint ${cpu('eslint')}, audit / parse floor ${cpu('parse')}, audit / oxlint ${cpu('oxlint')})`);
  }
  return rows;
}

export function corpusHeader(corpus) {
  console.log(
    `\nreal corpus ${corpus.dir}: ${corpus.repos.map((repo) => `${repo.repo}@${(repo.head ?? '?').slice(0, 9)}`).join(' + ')}` +
      ` · ${count(corpus.sourceFiles.length)} JS/TS files of ${count(corpus.files.length)}`,
  );
  for (const warning of corpus.warnings) console.log(`  WARNING: ${warning}`);
  console.log(`  load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} on ${basename(process.execPath)} ${process.version}; peak RSS by ${rssMethod()}`);
}
