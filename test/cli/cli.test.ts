import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { copyAsRepository } from '../helpers/copy.js';
import { FIXTURES, PROJECT_ROOT } from '../helpers/paths.js';

/** good-service with one change: a pino file destination, so its only findings are one logs/file-transport warning. */
const LOGS_FAIL = copyAsRepository(join(FIXTURES, 'apps/good-service'));
appendFileSync(join(LOGS_FAIL, 'src/logger.js'), "\nmodule.exports.audit = pino(pino.destination('./logs/audit.log'));\n");
const STACK_TRACE = /\n\s+at .+\(.+:\d+:\d+\)/;
const ANSI = /\u001b\[/;

function temporaryRepo(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'twelve-audit-cli-'));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

describe('twelve-audit CLI', () => {
  it('prints its version', () => {
    const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
    const result = runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: `${version}\n` });
  });

  it('prints help with examples and exit codes', () => {
    const result = runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: twelve-audit [options] [command] [path]');
    expect(result.stdout).toContain('--min-score <n>');
    expect(result.stdout).toContain('Examples:');
    expect(result.stdout).toContain('Exit codes:');
  });

  it('rejects an unknown option with a suggestion and exit 2, no stack trace', () => {
    const result = runCli(['--fail-onn', 'error']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("error: unknown option '--fail-onn'");
    expect(result.stderr).toContain('Did you mean --fail-on?');
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('rejects a bad --min-score and a bad --fail-on with exit 2', () => {
    expect(runCli(['--min-score', 'high', LOGS_FAIL])).toMatchObject({ code: 2 });
    expect(runCli(['--min-score', '101', LOGS_FAIL]).stderr).toContain('expected a whole number from 0 to 100');
    const failOn = runCli(['--fail-on', 'fatal', LOGS_FAIL]);
    expect(failOn.code).toBe(2);
    expect(failOn.stderr).toContain("Allowed choices are error, warning, note, none");
  });

  it("prints nothing on stderr for YAML tags the parser does not know (compose's !reset and !override, CloudFormation's !Ref)", () => {
    const repo = temporaryRepo({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'package.json': '{ "name": "tagged", "version": "1.0.0" }\n',
      'compose.yaml': 'services:\n  web:\n    image: node:20\n    ports: !override\n      - "8080:8080"\n  backup: !reset null\n',
      'deploy/stack.yml': 'Resources:\n  Bucket:\n    Properties:\n      BucketName: !Ref Name\n',
    });
    const result = runCli([repo, '--no-progress', '--fail-on', 'none']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Score ');
    expect(result.stderr).toBe('');
  });

  it('says clearly when the path does not exist or is a file', () => {
    const missing = runCli(['no/such/dir']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^twelve-audit: Path not found: .*no\/such\/dir\n$/);
    const file = runCli([join(LOGS_FAIL, 'package.json')]);
    expect(file.code).toBe(2);
    expect(file.stderr).toMatch(/^twelve-audit: Not a directory: /);
  });

  it('rejects an unknown rule id in --rule with a did-you-mean', () => {
    const result = runCli(['--rule', 'logs/file-transports=off', LOGS_FAIL]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('logs/file-transport');
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('names the file, the key and the expectation for a bad config, exit 2', () => {
    const root = temporaryRepo({ 'package.json': '{}', '.twelve-audit.yml': 'minScore: 120\nfailOn: fatal\n' });
    const result = runCli([root]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('.twelve-audit.yml');
    expect(result.stderr).toContain('minScore');
    expect(result.stderr).toContain('failOn');
    expect(result.stdout).toBe('');
  });

  it('exits 0 when thresholds are met and 1 when --fail-on or --min-score is not met', () => {
    expect(runCli([LOGS_FAIL]).code).toBe(0);
    const failOnWarning = runCli([LOGS_FAIL, '--fail-on', 'warning']);
    expect(failOnWarning.code).toBe(1);
    expect(failOnWarning.stderr).toContain('at or above --fail-on warning');
    const minScore = runCli([LOGS_FAIL, '--min-score', '100']);
    expect(minScore.code).toBe(1);
    expect(minScore.stderr).toMatch(/score \d+ is below --min-score 100/);
  });

  it('--rule ID=off turns a rule off for the run', () => {
    const result = runCli([LOGS_FAIL, '--format', 'json', '--rule', 'logs/file-transport=off']);
    const report = JSON.parse(result.stdout) as { findings: { ruleId: string }[] };
    expect(report.findings.filter((finding) => finding.ruleId === 'logs/file-transport')).toEqual([]);
  });

  it('prints findings with file:line:col, rule id and the fix hint', () => {
    const result = runCli([LOGS_FAIL]);
    expect(result.stdout).toContain('src/logger.js');
    expect(result.stdout).toMatch(/7:29\s+warning\s+pino writes logs to a file destination instead of stdout\s+logs\/file-transport/);
    expect(result.stdout).toContain('docs/rules/logs/file-transport.md');
    expect(result.stdout).toMatch(/Score \d+\/100 \([A-F]\)/);
  });

  it('uses colours only when asked on a non-TTY, and NO_COLOR wins', () => {
    expect(runCli([LOGS_FAIL]).stdout).not.toMatch(ANSI);
    expect(runCli([LOGS_FAIL], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(ANSI);
    expect(runCli([LOGS_FAIL], { env: { FORCE_COLOR: '1', NO_COLOR: '1' } }).stdout).not.toMatch(ANSI);
    expect(runCli([LOGS_FAIL, '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(ANSI);
  });

  it('writes JSON to --output atomically and leaves stdout empty', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'twelve-audit-out-')), 'nested', 'report.json');
    const result = runCli([LOGS_FAIL, '--format', 'json', '--output', out]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    const report = JSON.parse(readFileSync(out, 'utf8')) as { score: number; findings: unknown[] };
    expect(report.findings.length).toBeGreaterThan(0);
    expect(typeof report.score).toBe('number');
  });

  it('reports a file with a syntax error, skips it and audits the rest', () => {
    const root = temporaryRepo({
      'package.json': JSON.stringify({ name: 'svc', dependencies: { express: '^4.0.0', winston: '^3.0.0' } }),
      'src/broken.js': "const winston = require('winston');\nconst x = {;\n",
      'src/logger.js': "const winston = require('winston');\nnew winston.transports.File({ filename: 'a.log' });\n",
    });
    const result = runCli([root, '--format', 'json']);
    expect(result.code).not.toBe(2);
    const report = JSON.parse(result.stdout) as { findings: { file: string; ruleId: string }[]; errors: { kind: string; file: string; message: string }[] };
    expect(report.findings.some((finding) => finding.file === 'src/logger.js' && finding.ruleId === 'logs/file-transport')).toBe(true);
    expect(report.errors).toContainEqual(expect.objectContaining({ kind: 'parse', file: 'src/broken.js' }));
  });
});

describe('twelve-audit rules', () => {
  it('lists every rule as text and as JSON', () => {
    const text = runCli(['rules']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('logs/file-transport');
    const json = runCli(['rules', '--format', 'json']);
    const rules = JSON.parse(json.stdout) as { id: string; factor: number; severity: string; description: string; docs: string }[];
    expect(rules.find((rule) => rule.id === 'logs/file-transport')).toMatchObject({
      factor: 11,
      severity: 'error',
      docs: expect.stringContaining('docs/rules/logs/file-transport.md'),
    });
    for (const rule of rules) expect(rule.description.length).toBeGreaterThan(0);
  });
});

describe('twelve-audit init', () => {
  it('writes a starter config that loads, then refuses to overwrite it', () => {
    const root = temporaryRepo({ 'package.json': '{}' });
    const first = runCli(['init', root]);
    expect(first.code).toBe(0);
    const config = readFileSync(join(root, '.twelve-audit.yml'), 'utf8');
    expect(config).toContain('logs/file-transport');
    expect(runCli([root]).code).not.toBe(2);
    const second = runCli(['init', root]);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('already exists');
    expect(existsSync(join(root, '.twelve-audit.yml'))).toBe(true);
  });
});
