/** The options and commands people expect from a linter, run through the built CLI. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useColor } from '../../src/cli/color.js';
import { runCli } from '../helpers/cli.js';
import { copyAsRepository } from '../helpers/copy.js';
import { FIXTURES } from '../helpers/paths.js';

const KITCHEN = copyAsRepository(join(FIXTURES, 'apps/kitchen-sink'));
const BAD = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
const ANSI = /\u001b\[/;

describe('commands', () => {
  it('help [command] prints that command\'s help', () => {
    const result = runCli(['help', 'baseline']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: twelve-audit baseline [options] [path]');
  });

  it('suggests the command a path was a typo of', () => {
    const result = runCli(['rule']);
    expect(result).toMatchObject({ code: 2, stderr: 'twelve-audit: Path not found: rule (did you mean the command "rules"?)\n' });
  });

  it('explain prints the rule\'s doc page, by full or short id', () => {
    const full = runCli(['explain', 'logs/file-transport']);
    expect(full.code).toBe(0);
    expect(full.stdout).toMatch(/^# logs\/file-transport\n/);
    expect(full.stdout).toContain('## Bad');
    expect(runCli(['explain', 'file-transport']).stdout).toBe(full.stdout);
    const typo = runCli(['explain', 'logs/file-transprot']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Unknown rule: logs/file-transprot (did you mean "logs/file-transport"?)');
  });

  it('accepts --no-color on every command', () => {
    expect(runCli(['rules', '--no-color']).code).toBe(0);
    expect(runCli(['explain', 'logs/file-transport', '--no-color']).code).toBe(0);
    expect(runCli(['baseline', BAD, '--no-color', '--output', join(BAD, 'b.json')]).code).toBe(0);
    expect(runCli(['init', copyAsRepository(join(FIXTURES, 'apps/good-service')), '--no-color']).code).toBe(0);
  });
});

describe('audit options', () => {
  it('--print-config prints the merged config, flags included, and audits nothing', () => {
    const result = runCli([KITCHEN, '--print-config', '--ignore-pattern', 'legacy/**', '--rule', 'logs/file-transport=off', '--fail-on', 'warning']);
    expect(result.code).toBe(0);
    const config = JSON.parse(result.stdout);
    expect(config.ignore).toContain('legacy/**');
    expect(config.rules['logs/file-transport'].severity).toBe('off');
    expect(config.failOn).toBe('warning');
    expect(config.source).toBe(join(KITCHEN, '.twelve-audit.yml'));
  });

  it('--ignore-pattern leaves files out of the audit', () => {
    const all = JSON.parse(runCli([BAD, '-f', 'json', '--fail-on', 'none']).stdout);
    const someFile = all.findings[0].file as string;
    const without = JSON.parse(runCli([BAD, '-f', 'json', '--fail-on', 'none', '--ignore-pattern', someFile]).stdout);
    expect(without.findings.map((finding: { file: string }) => finding.file)).not.toContain(someFile);
    expect(without.stats.filesIndexed).toBe(all.stats.filesIndexed - 1);
  });

  it('--max-warnings fails the run when more warnings are open', () => {
    const over = runCli([BAD, '--fail-on', 'none', '--max-warnings', '0', '--quiet']);
    expect(over.code).toBe(1);
    expect(over.stderr).toMatch(/failed: \d+ warnings, more than --max-warnings 0/);
    expect(runCli([BAD, '--fail-on', 'none', '--max-warnings', '1000', '--quiet']).code).toBe(0);
    expect(runCli([BAD, '--max-warnings', 'many']).code).toBe(2);
  });

  it('--color forces colours when piped, --no-color and FORCE_COLOR=0 refuse them', () => {
    expect(runCli([BAD, '--quiet', '--color']).stdout).toMatch(ANSI);
    expect(runCli([BAD, '--quiet'], { env: { FORCE_COLOR: '1' } }).stdout).toMatch(ANSI);
    expect(runCli([BAD, '--quiet', '--no-color'], { env: { FORCE_COLOR: '1' } }).stdout).not.toMatch(ANSI);
    expect(useColor(undefined, { isTTY: true }, { FORCE_COLOR: '0' })).toBe(false);
    expect(useColor(undefined, { isTTY: true }, {})).toBe(true);
  });

  it('--app reports one app of a monorepo, with its factors and its score', () => {
    const all = runCli([KITCHEN, '--fail-on', 'none']);
    expect(all.stdout).toMatch(/^APP +PATH/m);
    const report = JSON.parse(runCli([KITCHEN, '-f', 'json', '--fail-on', 'none']).stdout);
    const libScore = report.apps.find((app: { name: string }) => app.name === '@kitchen/lib').score;
    const lib = runCli([KITCHEN, '--app', 'packages/lib', '--fail-on', 'none']);
    expect(lib.code).toBe(0);
    expect(lib.stdout).toContain('@kitchen/lib (packages/lib, library');
    expect(lib.stdout).toContain('Backing services');
    expect(lib.stdout).not.toContain('[api]');
    expect(lib.stdout).toMatch(new RegExp(`\nScore ${libScore}/100 \\(\\w\\)\n`));
    const typo = runCli([KITCHEN, '--app', 'apii']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('No app named "apii" (did you mean "api"?)');
  });

  it('--verbose shows every factor of every app', () => {
    const verbose = runCli([KITCHEN, '--fail-on', 'none', '--verbose']);
    expect(verbose.stdout.match(/Dev\/prod parity/g)).toHaveLength(2);
  });
});

describe('--link-base', () => {
  it('works with or without a trailing slash', () => {
    const withSlash = runCli([BAD, '-f', 'markdown', '--fail-on', 'none', '--link-base', 'https://example.test/blob/abc/']).stdout;
    const without = runCli([BAD, '-f', 'markdown', '--fail-on', 'none', '--link-base', 'https://example.test/blob/abc']).stdout;
    expect(without).toBe(withSlash);
    expect(without).toMatch(/\]\(https:\/\/example\.test\/blob\/abc\/[^/)]/);
  });
});

describe('Markdown links outside GitHub Actions', () => {
  it('resolve from the repository root when a folder of it is audited', () => {
    const env = { GITHUB_ACTIONS: undefined, GITHUB_SERVER_URL: undefined, GITHUB_REPOSITORY: undefined, GITHUB_SHA: undefined };
    const top = mkdtempSync(join(tmpdir(), 'twelve-audit-links-'));
    mkdirSync(join(top, '.git'));
    cpSync(join(FIXTURES, 'apps/bad-service'), join(top, 'services/bad'), { recursive: true });
    const output = runCli([join(top, 'services/bad'), '-f', 'markdown', '--fail-on', 'none'], { env }).stdout;
    expect(output).toContain('[package.json:12](services/bad/package.json#L12)');
    expect(output).not.toMatch(/\]\(src\//);
  });
});

describe('apps: { <name or path>: { kind } } in the config', () => {
  const repository = (config: string): string => {
    const root = mkdtempSync(join(tmpdir(), 'twelve-audit-kind-'));
    mkdirSync(join(root, '.git'));
    writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'frontend', version: '1.0.0', main: 'index.js' }));
    writeFileSync(join(root, 'index.js'), "console.log('hello');\n");
    writeFileSync(join(root, '.twelve-audit.yml'), config);
    return root;
  };

  it('sets the kind the guess got wrong, and the report says where it was set', () => {
    const guessed = JSON.parse(runCli([repository(''), '-f', 'json', '--fail-on', 'none']).stdout);
    expect(guessed.apps[0].kind).toBe('library');
    for (const key of ['frontend', '.']) {
      const result = runCli([repository(`apps:\n  "${key}": { kind: service }\n`), '-f', 'json', '--fail-on', 'none']);
      const app = JSON.parse(result.stdout).apps[0];
      expect(app.kind).toBe('service');
      expect(app.kindReason).toMatch(/^set in \.twelve-audit\.yml \(guessed library: /);
    }
  });

  it('is a config error, with a suggestion, when the key names no app', () => {
    const result = runCli([repository('apps:\n  frontnd: { kind: service }\n'), '--fail-on', 'none']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('apps.frontnd: no app has this name or path (did you mean "frontend"?)');
    expect(result.stdout).toBe('');
  });
});
