/**
 * High: text from a hostile repository (package names, file names, source lines in snippets) reaches
 * no terminal as control sequences and no Markdown as markup.
 */
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { hostileText } from './generate.js';

/** C0 controls but tab and line feed, DEL, C1 controls, bidi controls. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;
const TIMEOUT = 25_000;

describe('hostile repository text in the reports', () => {
  const { repo } = hostileText();

  it.each(['text', 'sarif', 'json'])('--format %s prints no control or bidi character, and still reports the findings', (format) => {
    const result = runCli([repo, '--format', format, '--no-color'], { timeoutMs: TIMEOUT });
    expect(result.code).toBe(1);
    expect(result.stdout).not.toMatch(CONTROL);
    expect(result.stderr).not.toMatch(CONTROL);
    expect(result.stdout).toContain(format === 'text' ? 'src/key.js' : 'key.js');
  });

  it('the text report shows the escapes visibly instead', () => {
    const { stdout } = runCli([repo, '--no-color'], { timeoutMs: TIMEOUT });
    expect(stdout).toContain('\\x1b[2J\\x1b[HScore 100/100 (A)\\r\\x1b]0;pwned\\x07');
    expect(stdout).toContain('\\u202e');
  });

  it('the JSON report keeps the data exact: the escapes parse back to the same text', () => {
    const { stdout } = runCli([repo, '--format', 'json'], { timeoutMs: TIMEOUT });
    const report = JSON.parse(stdout) as { apps: { name: string }[] };
    expect(report.apps[0]?.name).toContain('\u001b]52;c;');
  });

  it('the Markdown summary holds no HTML, no link, no mention and no broken row', () => {
    const { stdout } = runCli([repo, '--format', 'markdown'], { timeoutMs: TIMEOUT });
    expect(stdout).not.toMatch(CONTROL);
    expect(stdout).not.toContain('<img');
    expect(stdout).not.toMatch(/[^\\]\]\(javascript:/);
    expect(stdout).not.toMatch(/@octocat|#1\b/);
    for (const row of stdout.split('\n').filter((line) => line.startsWith('| 🔴') || line.startsWith('| 🟠'))) {
      expect(row.replace(/\\\|/g, '').split('|').length, row).toBe(6);
    }
  });
});
