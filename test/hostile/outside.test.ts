/**
 * Critical: a hostile repository must not make twelve-audit write or read outside it. Each test runs
 * the built CLI on one attack from generate.ts.
 */
import { lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../src/util/write-atomic.js';
import { runCli } from '../helpers/cli.js';
import {
  baselineFileIsSymlink,
  configBaselineOutside,
  configBaselineReadsOutside,
  configBaselineSpecial,
  configBaselineThroughSymlink,
  configSymlinkOutside,
  mkfifo,
  OUTSIDE_SECRET,
  sandbox,
  SECRET_FILE,
} from './generate.js';

/** Long enough for any audit of these tiny repositories; a hang ends as code null. */
const TIMEOUT = 20_000;
const SECRET_VALUE = OUTSIDE_SECRET.split('=')[1]!;

describe('paths the repository config names stay inside it', () => {
  it('refuses a config baseline outside the repository: `baseline` writes nothing there, exit 2', () => {
    const { repo, victim } = configBaselineOutside();
    const result = runCli(['baseline', repo], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/Config key "baseline" names "..\/outside\/.bashrc", which is refused: it lies outside the audited folder/);
    expect(readFileSync(victim, 'utf8')).toBe('export PATH=$PATH\n');
  });

  it('refuses a config baseline whose folder is a symlink leading outside', () => {
    const { repo, victim } = configBaselineThroughSymlink();
    const result = runCli(['baseline', repo], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('a symbolic link on its way leads outside the audited folder');
    expect(() => lstatSync(victim)).toThrow();
  });

  it('never writes through a symlink the repository committed at the baseline path', () => {
    const { repo, victim } = baselineFileIsSymlink();
    const result = runCli(['baseline', repo], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it is a symbolic link (not followed)');
    expect(readFileSync(victim, 'utf8')).toBe('precious\n');
  });

  it('does not read, and never echoes, a config baseline outside the repository', () => {
    const { repo } = configBaselineReadsOutside();
    const result = runCli([repo], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('which is refused: it lies outside the audited folder');
    expect(result.stderr + result.stdout).not.toContain(SECRET_VALUE);
  });

  it.each(['fifo', 'zero'] as const)('a config baseline that is a %s inside the repository is refused, not opened', (kind) => {
    const { repo } = configBaselineSpecial(kind);
    const result = runCli([repo], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(kind === 'fifo' ? /Cannot read baseline baseline.json: it is not a regular file/ : /symbolic link/);
  });
});

describe('the config file', () => {
  it('is not followed when it is a symlink, and nothing of its target is echoed', () => {
    const { repo } = configSymlinkOutside();
    const result = runCli([repo], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it is a symbolic link, which is not followed');
    expect(result.stderr).not.toContain(SECRET_VALUE);
  });

  it('a symlinked config the user names with --config is the user\'s choice and is read', () => {
    const { repo, outside } = sandbox(SECRET_FILE);
    writeFileSync(join(outside, 'mine.yml'), 'failOn: none\n');
    symlinkSync(join(outside, 'mine.yml'), join(repo, 'linked.yml'));
    expect(runCli([repo, '--config', join(repo, 'linked.yml')], { timeoutMs: TIMEOUT }).code).toBe(0);
  });

  it('a 2 MB config is refused with a clear error, exit 2', () => {
    const { repo } = sandbox({ '.twelve-audit.yml': `# ${'x'.repeat(2 * 1024 * 1024)}\n` });
    const result = runCli([repo], { timeoutMs: TIMEOUT });
    expect(result).toMatchObject({ code: 2 });
    expect(result.stderr).toMatch(/^twelve-audit: Cannot read config file .*\.twelve-audit\.yml: it is over 1048576 bytes\n$/);
  });

  it('a YAML alias bomb and a nesting bomb are clear config errors, exit 2', () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)].join('\n');
    const aliases = runCli([sandbox({ '.twelve-audit.yml': `${bomb}\n` }).repo], { timeoutMs: TIMEOUT });
    expect(aliases.code).toBe(2);
    expect(aliases.stderr).toMatch(/Invalid config/);
    const nested = runCli([sandbox({ '.twelve-audit.yml': `rules: ${'['.repeat(100_000)}${']'.repeat(100_000)}\n` }).repo], { timeoutMs: TIMEOUT });
    expect(nested.code).toBe(2);
    expect(nested.stderr).toContain('nested deeper than 64 levels');
  });

  it('cuts a 200 KB unknown rule id down in the message', () => {
    const id = `x/${'a'.repeat(200_000)}`;
    const result = runCli([sandbox({ '.twelve-audit.json': JSON.stringify({ rules: { [id]: 'off' } }) }).repo], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown rule');
    expect(result.stderr.length).toBeLessThan(1000);
  });
});

describe('report files', () => {
  it('--output naming a named pipe is refused and the pipe stays a pipe', () => {
    const { repo, outside } = sandbox(SECRET_FILE);
    const pipe = join(outside, 'pipe');
    mkfifo(pipe);
    const result = runCli([repo, '--format', 'json', '--output', pipe], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('it is not a regular file');
    expect(lstatSync(pipe).isFIFO()).toBe(true);
  });

  it('--output naming a directory is one clear line, exit 2, not an internal error', () => {
    const { repo, outside } = sandbox();
    mkdirSync(join(outside, 'dir'));
    const result = runCli([repo, '--output', join(outside, 'dir')], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^twelve-audit: Cannot write .*dir: it is a directory\n$/);
  });

  it('--output the user names through a symlink is followed to its target', () => {
    const { repo, outside } = sandbox();
    writeFileSync(join(outside, 'real.json'), 'old');
    symlinkSync(join(outside, 'real.json'), join(outside, 'link.json'));
    const result = runCli([repo, '--format', 'json', '--output', join(outside, 'link.json')], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(0);
    expect(lstatSync(join(outside, 'link.json')).isSymbolicLink()).toBe(true);
    expect(JSON.parse(readFileSync(join(outside, 'real.json'), 'utf8'))).toMatchObject({ tool: { name: 'twelve-audit' } });
  });
});

describe('writeFileAtomic', () => {
  it('never follows a symlink planted at the old predictable temporary name', () => {
    const { repo, outside } = sandbox();
    const victim = join(outside, 'victim');
    writeFileSync(victim, 'precious');
    const target = join(repo, 'twelve-audit.sarif');
    symlinkSync(victim, `${target}.${process.pid}.tmp`);
    writeFileAtomic(target, 'report');
    expect(readFileSync(victim, 'utf8')).toBe('precious');
    expect(readFileSync(target, 'utf8')).toBe('report');
  });

  it('leaves the old file intact when the write fails', () => {
    const { outside } = sandbox();
    const target = join(outside, 'report.json');
    writeFileSync(target, 'old');
    mkdirSync(join(outside, 'blocked'));
    expect(() => writeFileAtomic(join(outside, 'blocked'), 'new')).toThrow(/it is a directory/);
    expect(readFileSync(target, 'utf8')).toBe('old');
  });
});
