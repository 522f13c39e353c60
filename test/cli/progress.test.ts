/** The progress line: drawn on a terminal only, in place, and erased before the report. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { progressLine, progressRenderer, wantsProgress, type ProgressGate } from '../../src/cli/progress.js';
import { runCli } from '../helpers/cli.js';
import { copyAsRepository } from '../helpers/copy.js';
import { CLI, FIXTURES } from '../helpers/paths.js';

const CLEAR = '\r\u001b[2K';
const TERMINAL: ProgressGate = { stderr: { isTTY: true }, env: { TERM: 'xterm-256color' }, stdoutFormat: 'text', quiet: false };

describe('wantsProgress', () => {
  it('shows on a terminal for the text report or reports written to files', () => {
    expect(wantsProgress(TERMINAL)).toBe(true);
    expect(wantsProgress({ ...TERMINAL, stdoutFormat: undefined })).toBe(true);
    expect(wantsProgress({ ...TERMINAL, env: { CI: 'false' } })).toBe(true);
  });

  it('never when stderr is piped, in CI, on a dumb terminal, with --quiet or a machine format on stdout', () => {
    expect(wantsProgress({ ...TERMINAL, stderr: {} })).toBe(false);
    expect(wantsProgress({ ...TERMINAL, stderr: { isTTY: false } })).toBe(false);
    expect(wantsProgress({ ...TERMINAL, env: { CI: 'true' } })).toBe(false);
    expect(wantsProgress({ ...TERMINAL, env: { CI: '1', GITHUB_ACTIONS: 'true' } })).toBe(false);
    expect(wantsProgress({ ...TERMINAL, env: { TERM: 'dumb' } })).toBe(false);
    expect(wantsProgress({ ...TERMINAL, quiet: true })).toBe(false);
    for (const format of ['json', 'sarif', 'markdown', 'compact', 'github']) expect(wantsProgress({ ...TERMINAL, stdoutFormat: format })).toBe(false);
  });
});

describe('progressRenderer', () => {
  function recorder(columns?: number) {
    const written: string[] = [];
    let time = 0;
    const renderer = progressRenderer({ write: (text: string) => written.push(text), ...(columns !== undefined && { columns }) }, () => time);
    return { written, renderer, advance: (ms: number) => (time += ms) };
  }

  it('says the stage and the files read, redraws at most every 100 ms within a stage, and erases the line at the end', () => {
    const { written, renderer, advance } = recorder();
    renderer.update({ stage: 'indexing files', filesDone: 0, filesTotal: 0 });
    renderer.update({ stage: 'checking', filesDone: 1, filesTotal: 50 });
    renderer.update({ stage: 'checking', filesDone: 2, filesTotal: 50 });
    advance(150);
    renderer.update({ stage: 'checking', filesDone: 30, filesTotal: 50 });
    renderer.done();
    expect(written).toEqual([
      `${CLEAR}twelve-audit: indexing files…`,
      `${CLEAR}twelve-audit: checking… 1/50 files`,
      `${CLEAR}twelve-audit: checking… 30/50 files`,
      CLEAR,
    ]);
  });

  it('cuts the line to the terminal width, so a carriage return can erase it', () => {
    const { written, renderer } = recorder(24);
    renderer.update({ stage: 'checking', filesDone: 12345, filesTotal: 67890 });
    expect(written[0]).toBe(`${CLEAR}${progressLine({ stage: 'checking', filesDone: 12345, filesTotal: 67890 }).slice(0, 23)}`);
  });

  it('erases nothing when nothing was drawn', () => {
    const { written, renderer } = recorder();
    renderer.done();
    expect(written).toEqual([]);
  });
});

/** Runs the built CLI with stdout and stderr on a pseudo-terminal (util-linux `script`); what the terminal showed. */
function onTerminal(args: readonly string[], env: NodeJS.ProcessEnv = {}): { code: number | null; shown: string } {
  const command = [process.execPath, CLI, ...args].map((arg) => `'${arg.replace(/'/g, "'\\''")}'`).join(' ');
  const result = spawnSync('script', ['-qfec', command, '/dev/null'], {
    encoding: 'utf8',
    env: { ...process.env, CI: undefined, GITHUB_ACTIONS: undefined, NO_COLOR: '1', FORCE_COLOR: undefined, TERM: 'xterm', ...env },
  });
  return { code: result.status, shown: result.stdout };
}

const hasScript = spawnSync('script', ['--version'], { encoding: 'utf8' }).status === 0;

describe.skipIf(!hasScript)('the built CLI on a pseudo-terminal', () => {
  const repository = copyAsRepository(join(FIXTURES, 'apps/bad-service'));

  it('draws the progress line on stderr and erases it before the report', () => {
    const { code, shown } = onTerminal([repository, '--fail-on', 'none']);
    expect(code).toBe(0);
    expect(shown).toMatch(/\r\u001b\[2Ktwelve-audit: checking… \d+\/\d+ files/);
    // After the last erase comes the report, not a progress line left on the screen.
    const after = shown.slice(shown.lastIndexOf(CLEAR) + CLEAR.length);
    expect(after).not.toMatch(/^twelve-audit: [a-z ]+…/);
    expect(after).toContain('Score');
  });

  it('draws nothing in CI, with --no-progress, or with JSON on stdout', () => {
    for (const [args, env] of [
      [[repository, '--fail-on', 'none'], { CI: 'true' }],
      [[repository, '--fail-on', 'none', '--no-progress'], {}],
      [[repository, '--fail-on', 'none', '-f', 'json'], {}],
    ] as const) {
      const { code, shown } = onTerminal(args, env);
      expect(code).toBe(0);
      expect(shown).not.toContain('\u001b[2K');
    }
  });
});

describe('the built CLI with stderr piped', () => {
  it('draws no progress line', () => {
    const result = runCli([copyAsRepository(join(FIXTURES, 'apps/bad-service')), '--fail-on', 'none']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });
});
