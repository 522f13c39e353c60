import { describe, expect, it } from 'vitest';
import { escapeMarkdown, markdownReporter } from '../../src/report/markdown.js';
import type { ReporterOptions } from '../../src/report/types.js';
import type { Finding } from '../../src/types.js';
import { kitchenSinkReport } from './kitchen-sink.js';

const OPTIONS: ReporterOptions = { color: false, quiet: false, failOn: 'error' };

describe('markdown reporter', () => {
  const report = kitchenSinkReport();

  it('starts with the score, the grade and the verdict', () => {
    const lines = markdownReporter(report, OPTIONS).split('\n');
    expect(lines[0]).toBe(`## twelve-audit: ${report.score}/100 (${report.grade})`);
    expect(lines[2]).toBe('❌ Failed: 2 findings at or above --fail-on error');
    expect(markdownReporter(report, { ...OPTIONS, failOn: 'none' }).split('\n')[2]).toBe('✅ Passed');
  });

  it('has a factor table with a column per app', () => {
    const output = markdownReporter(report, OPTIONS);
    // `@kitchen` would mention a GitHub user: a zero-width space keeps it text.
    expect(output).toContain('| Factor | api (service) | @\u200bkitchen/lib (library) |');
    const logs = report.apps[0]?.factors.find((factor) => factor.slug === 'logs')?.score as number;
    expect(output).toContain(`| XI. Logs | ${logs.toFixed(1)} (0/1 rules pass) | n/a |`);
    expect(output).toContain('| II. Dependencies | n/a | n/a |');
  });

  it('links findings from the repository root (rootInRepository), or into the commit on GitHub', () => {
    expect(report.rootInRepository).toBe('fixtures/apps/kitchen-sink');
    expect(markdownReporter(report, OPTIONS)).toContain('[apps/api/src/logger.js:13](fixtures/apps/kitchen-sink/apps/api/src/logger.js#L13)');
    expect(markdownReporter({ ...report, rootInRepository: '' }, OPTIONS)).toContain('[apps/api/src/logger.js:13](apps/api/src/logger.js#L13)');
    const onGitHub = markdownReporter(report, { ...OPTIONS, linkBase: 'https://github.com/o/r/blob/abc123/' });
    expect(onGitHub).toContain(
      '[apps/api/src/logger.js:13](https://github.com/o/r/blob/abc123/fixtures/apps/kitchen-sink/apps/api/src/logger.js#L13)',
    );
  });

  it('collapses the full list and leaves suppressed and baselined findings out of it', () => {
    const output = markdownReporter(report, OPTIONS);
    expect(output).toContain('<details><summary>All 7 findings</summary>');
    expect(output).not.toContain('logger.js:4]');
    expect(output).not.toContain('logger.js:8]');
    expect(output).toContain('7 suppressed · 1 baselined (.twelve-audit-baseline.json, 1 of its 2 entries fixed)');
  });

  it('stays under the pull-request comment limit with thousands of findings', () => {
    const template = report.findings.find((finding) => finding.ruleId === 'logs/file-transport' && !finding.suppressed && !finding.baselined) as Finding;
    const findings = Array.from({ length: 5000 }, (_, index) => ({ ...template, line: index + 1, fingerprint: String(index) }));
    const output = markdownReporter({ ...report, findings }, OPTIONS);
    expect(output.length).toBeLessThan(65_536);
    expect(output).toContain('…and 4900 more: see the SARIF or JSON report for the full list.');
    expect(output).toContain('- …and 4997 more below');
  });

  it('escapes Markdown and HTML in repository text: no markup, no link, no code span, no mention, no table break', () => {
    expect(escapeMarkdown('a | b <script> [x](y) *bold* `a|b <c>`')).toBe('a \\| b &lt;script&gt; \\[x\\](y) \\*bold\\* \\`a\\|b &lt;c&gt;\\`');
    expect(escapeMarkdown('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeMarkdown('[click](javascript:alert(1))')).toBe('\\[click\\](javascript:alert(1))');
    expect(escapeMarkdown('cc @octocat, fixes #123')).toBe('cc @\u200boctocat, fixes #\u200b123');
    expect(escapeMarkdown('row\rbreak\nnext')).toBe('row\\\\rbreak\\\\nnext');
    // A backtick run cannot turn an escaped part into a code span or the reverse: every backtick is escaped.
    expect(escapeMarkdown('```<b>x</b>`')).toBe('\\`\\`\\`&lt;b&gt;x&lt;/b&gt;\\`');
  });
});

describe('markdown: the full list when capped', () => {
  it('keeps the gravest and does not say "All"', () => {
    const report = kitchenSinkReport();
    const open = report.findings.filter((finding) => !finding.suppressed && !finding.baselined);
    const note = open.find((finding) => finding.severity === 'note') as Finding;
    const error = open.find((finding) => finding.severity === 'error') as Finding;
    // 150 notes first in report order, then one error: the error must still be listed.
    const findings = [...Array.from({ length: 150 }, (_, index) => ({ ...note, line: index + 1 })), { ...error, line: 999 }];
    const output = markdownReporter({ ...report, findings }, { color: false, quiet: false, failOn: 'error' });
    const list = output.slice(output.indexOf('<details>'));
    expect(list).toContain('<summary>The 100 gravest of 151 findings</summary>');
    expect(list).not.toContain('<summary>All');
    expect(list).toMatch(/\| 🔴 error \| \[[^\]]*:999\]/);
    expect(list.match(/^\| 🔵 note/gm)).toHaveLength(99);
    expect(list).toContain('…and 51 more');
  });
});
