/** The per-file pass as a user meets it: workers on a big repository, --cache, --timing. */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { RULES } from '../../rules/index.js';
import type { Report } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { copyAsRepository } from '../helpers/copy.js';
import { FIXTURES } from '../helpers/paths.js';
import { makeTree } from '../repo/tree.js';

/** bad-service plus 420 more copies of its server: enough files for the CLI to start workers. */
function bigRepository(): string {
  const root = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
  for (let index = 0; index < 420; index += 1) {
    mkdirSync(join(root, 'src', `part-${index}`), { recursive: true });
    cpSync(join(root, 'src', 'server.js'), join(root, 'src', `part-${index}`, 'server.js'));
  }
  return root;
}

const findingKeys = (report: Report) => report.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}:${finding.column} ${finding.message}`);

describe('the per-file pass', () => {
  it('reports the same findings on worker threads (the CLI, 400+ files) as in one thread (the API)', () => {
    const root = bigRepository();
    const cli = runCli([root, '--format', 'json']);
    const report = JSON.parse(cli.stdout) as Report;
    expect(findingKeys(report)).toEqual(findingKeys(audit({ root, rules: RULES }).report));
    // The workers did read the copies: each has its own crash handler that only logs.
    expect(report.findings.filter((finding) => finding.ruleId === 'disposability/swallowed-crash')).toHaveLength(421);
  }, 60_000);

  it('reads Python on worker threads as in one thread: each worker loads the grammars it needs', () => {
    const files: Record<string, string> = { 'requirements.txt': 'flask==3.0.0\n' };
    for (let index = 0; index < 420; index += 1) files[`app/part_${index}.py`] = `import logging\nlogging.basicConfig(filename="part${index}.log")\n`;
    const root = makeTree(files);
    const report = JSON.parse(runCli([root, '--format', 'json']).stdout) as Report;
    expect(findingKeys(report)).toEqual(findingKeys(audit({ root, rules: RULES }).report));
    expect(report.findings.filter((finding) => finding.ruleId === 'logs/file-transport')).toHaveLength(420);
  }, 60_000);

  it('--cache keeps facts between runs: the second run reports the same, and a corrupt cache file is ignored', () => {
    const root = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
    const cache = join(mkdtempSync(join(tmpdir(), 'twelve-audit-cache-')), 'facts.json');
    const first = runCli([root, '--format', 'json', '--cache-location', cache]);
    expect(existsSync(cache)).toBe(true);
    expect(Object.keys(JSON.parse(readFileSync(cache, 'utf8')).entries)).toContain('src/server.js');
    const second = runCli([root, '--format', 'json', '--cache-location', cache]);
    expect(findingKeys(JSON.parse(second.stdout))).toEqual(findingKeys(JSON.parse(first.stdout)));
    writeFileSync(cache, '{"format":1,"signature":"forged","entries":{"src/server.js":{"hash":"x","result":{"ok":true,"facts":{}}}}}');
    const third = runCli([root, '--format', 'json', '--cache-location', cache]);
    expect(findingKeys(JSON.parse(third.stdout))).toEqual(findingKeys(JSON.parse(first.stdout)));
  });

  it('--cache analyses again only the files that changed, and the report counts hits and misses', () => {
    const root = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
    const cache = join(mkdtempSync(join(tmpdir(), 'twelve-audit-cache-')), 'facts.json');
    const statsOf = () => (JSON.parse(runCli([root, '--format', 'json', '--cache-location', cache]).stdout) as Report).stats.cache;
    const cold = statsOf();
    expect(cold?.hits).toBe(0);
    expect(cold?.misses).toBeGreaterThan(3);
    expect(statsOf()).toEqual({ hits: cold?.misses, misses: 0, result: 'reused' });
    writeFileSync(join(root, 'src', 'server.js'), `${readFileSync(join(root, 'src', 'server.js'), 'utf8')}\n// changed\n`);
    expect(statsOf()).toEqual({ hits: (cold?.misses ?? 0) - 1, misses: 1, result: 'computed' });
    expect((JSON.parse(runCli([root, '--format', 'json']).stdout) as Report).stats.cache).toBeUndefined();
  });

  it('--cache gives the whole last result back while nothing it depends on changed, and audits again when something did', () => {
    const root = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
    const cache = join(mkdtempSync(join(tmpdir(), 'twelve-audit-cache-')), 'facts.json');
    const run = (...flags: string[]) => JSON.parse(runCli([root, '--format', 'json', '--cache-location', cache, ...flags]).stdout) as Report;
    const cold = run();
    expect(cold.stats.cache?.result).toBe('computed');
    expect(existsSync(join(dirname(cache), 'facts.result.json'))).toBe(true);
    const reused = run();
    expect(reused.stats.cache?.result).toBe('reused');
    expect({ ...reused, stats: undefined }).toEqual({ ...cold, stats: undefined });
    // A new modification time over the same content (a fresh clone) is no change.
    const server = join(root, 'src', 'server.js');
    utimesSync(server, new Date(), new Date(Date.now() + 60_000));
    expect(run().stats.cache?.result).toBe('reused');
    // Options that change findings are part of what the result depends on.
    expect(run('--rule', 'disposability/swallowed-crash=off').stats.cache?.result).toBe('computed');
    expect(run().stats.cache?.result).toBe('computed');
    expect(run().stats.cache?.result).toBe('reused');
    // So are a file added, a config file, an edit of the same size at the same time.
    writeFileSync(join(root, 'src', 'extra.js'), 'module.exports = 1;\n');
    expect(run().stats.cache?.result).toBe('computed');
    writeFileSync(join(root, '.twelve-audit.yml'), 'rules:\n  logs/file-transport: off\n');
    const configured = run();
    expect(configured.stats.cache?.result).toBe('computed');
    expect(configured.findings.some((finding) => finding.ruleId === 'logs/file-transport')).toBe(false);
    const stamp = statSync(server).mtime;
    const text = readFileSync(server, 'utf8');
    writeFileSync(server, text.replace('3000', '4000'));
    utimesSync(server, stamp, stamp);
    expect(run().stats.cache?.result).toBe('computed');
    // A result cache file that does not read as one is ignored, and the audit runs.
    writeFileSync(join(dirname(cache), 'facts.result.json'), '{"format":1,"inputs":"x","enabledByConfig":true,"tree":{},"result":{}}');
    expect(run().stats.cache?.result).toBe('computed');
  });

  it('--cache writes under node_modules/.cache of the working directory, not into the audited repository', () => {
    const root = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
    const cwd = mkdtempSync(join(tmpdir(), 'twelve-audit-cwd-'));
    expect(runCli([root, '--cache', '--format', 'json'], { cwd }).code).toBe(1);
    expect(existsSync(join(cwd, 'node_modules', '.cache', 'twelve-audit'))).toBe(true);
    expect(existsSync(join(root, 'node_modules'))).toBe(false);
  });

  it('cache: true in the config does what --cache does', () => {
    const root = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
    writeFileSync(join(root, '.twelve-audit.yml'), 'cache: true\n');
    const cwd = mkdtempSync(join(tmpdir(), 'twelve-audit-cwd-'));
    runCli([root, '--format', 'json'], { cwd });
    expect(existsSync(join(cwd, 'node_modules', '.cache', 'twelve-audit'))).toBe(true);
  });

  it('--timing and TIMING=1 print time per stage and per rule on stderr, and leave the report alone', () => {
    const root = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
    const plain = runCli([root, '--format', 'json']);
    for (const run of [runCli([root, '--format', 'json', '--timing']), runCli([root, '--format', 'json'], { env: { TIMING: '1' } })]) {
      expect(run.stderr).toMatch(/^Stage +\| +Time \(ms\) \| Relative$/m);
      expect(run.stderr).toMatch(/^per-file facts +\| +\d+\.\d \| +\d+\.\d%$/m);
      expect(run.stderr).toMatch(/^config\/hardcoded-credentials +\| +\d+\.\d \|/m);
      expect(run.stderr).toMatch(/^Extractor +\| +Time \(ms\) \| Relative$/m);
      expect(run.stderr).toMatch(/^\(parse and walk\) +\| +\d+\.\d \|/m);
      expect(run.stderr).toMatch(/^disposability\/swallowed-crash +\| +\d+\.\d \|/m);
      expect(findingKeys(JSON.parse(run.stdout))).toEqual(findingKeys(JSON.parse(plain.stdout)));
    }
    expect(plain.stderr).not.toContain('Stage');
    expect(runCli([root, '--format', 'json'], { env: { TIMING: '0' } }).stderr).not.toContain('Stage');
  });
});
