/**
 * High: secrets never leave the process in clear, nor in anything computed from them. Each test runs
 * the built CLI on `secretsInClear` (generate.ts): no output format shows a secret the audit found,
 * whether a rule's finding, one of twelve-audit's own checks or an error carries it; and two
 * repositories whose secrets differ in everything a mask hides give the same report, fingerprints,
 * line hashes and baseline, so none of those can give a secret back.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { OTHER_STRIPE_KEY, STRIPE_KEY, secretsInClear } from './generate.js';

const TIMEOUT = 25_000;
const FORMATS = ['json', 'sarif', 'text', 'markdown', 'compact'];
/** What must never show: the key's random part, the short password, the JSON token (even cut to 10 characters). */
const SECRET_PARTS = [STRIPE_KEY.slice(10), 'hunter22', 'nter2sec', 'tok3nValu3'];

function run(repo: string, format: string): string {
  const result = runCli([repo, '--format', format, '--no-color'], { timeoutMs: TIMEOUT });
  expect(result.code, result.stderr).toBe(1);
  return result.stdout + result.stderr;
}

describe('secrets in clear', () => {
  const { repo } = secretsInClear();

  it.each(FORMATS)('--format %s shows no secret, yet reports each of them', (format) => {
    const output = run(repo, format);
    for (const part of SECRET_PARTS) expect(output).not.toContain(part);
    // The escaped key is also not shown in its escaped form.
    expect(output).not.toContain('k_live_4eC39');
    for (const file of ['src/suppressed.js', 'src/escaped.js', '.env']) expect(output).toContain(file.replace('src/', ''));
  });

  it('the invalid suppression on the key\'s line, the escaped key and the JSON syntax error are masked', () => {
    const report = JSON.parse(run(repo, 'json').split('\ntwelve-audit:')[0] as string) as Report;
    const at = (ruleId: string, file: string) => report.findings.find((finding) => finding.ruleId === ruleId && finding.file === file);
    expect(at('twelve-audit/invalid-suppression', 'src/suppressed.js')?.snippet).toBe('const stripe = "sk_live_4e****"; // twelve-audit-ignore-line config/hardcoded-credentials');
    expect(at('config/hardcoded-credentials', 'src/escaped.js')?.snippet).toBe('const stripe = "sk_live_4e****";');
    expect(report.errors).toContainEqual({ kind: 'parse', file: 'config/data.json', message: 'invalid JSON at 1:28: expected a value' });
  });
});

describe('nothing derived from a secret', () => {
  /** Everything but the paths of the two sandboxes and the timings. */
  const comparable = (output: string, repo: string) => output.split(repo).join('<repo>').replace(/"durationMs": ?\d+/g, '').replace(/\d+(?:\.\d+)? ?m?s\b/g, '');

  it.each(['json', 'sarif'])('--format %s: two repositories that differ only in their secrets give the same bytes (line hashes and fingerprints included)', (format) => {
    const first = secretsInClear();
    const second = secretsInClear(OTHER_STRIPE_KEY, 'jackal57', 'toZyx9wVutS8rqP7n');
    const a = comparable(run(first.repo, format), first.repo);
    const b = comparable(run(second.repo, format), second.repo);
    expect(a).toContain(format === 'json' ? '"lineHash"' : '"primaryLocationLineHash"');
    expect(b).toBe(a);
  });

  it('the baselines they write are the same', () => {
    const baselineOf = (repo: string) => {
      const result = runCli(['baseline', repo], { timeoutMs: TIMEOUT });
      expect(result.code, result.stderr).toBe(0);
      return readFileSync(join(repo, '.twelve-audit-baseline.json'), 'utf8');
    };
    const first = baselineOf(secretsInClear().repo);
    expect(baselineOf(secretsInClear(OTHER_STRIPE_KEY, 'jackal57', 'toZyx9wVutS8rqP7n').repo)).toBe(first);
    for (const part of SECRET_PARTS) expect(first).not.toContain(part);
  });
});
