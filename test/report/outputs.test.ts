import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import { githubLinkBase } from '../../src/cli/outputs.js';
import { makeTree } from '../repo/tree.js';
import { runCli } from '../helpers/cli.js';
import { FIXTURES } from '../helpers/paths.js';
import { sarifSchemaErrors } from './sarif-schema.js';

const BAD = join(FIXTURES, 'apps', 'bad-service');

describe('paths from the repository top', () => {
  it('are the audited folder relative to its git work tree', () => {
    const top = makeTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'services/api/package.json': '{"name":"api"}' });
    expect(audit({ root: join(top, 'services/api'), rules: [] }).report.rootInRepository).toBe('services/api');
    expect(audit({ root: top, rules: [] }).report.rootInRepository).toBe('');
  });
});

describe('several outputs in one run', () => {
  it('prints the text report and writes SARIF, JSON and Markdown files from the same report', () => {
    const out = mkdtempSync(join(tmpdir(), 'twelve-audit-outputs-'));
    const result = runCli([BAD, '--sarif', join(out, 'a.sarif'), '--json', join(out, 'a.json'), '--markdown', join(out, 'a.md'), '--category', 'api']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Score ');
    expect(result.stderr).toContain('report written to');
    const report = JSON.parse(readFileSync(join(out, 'a.json'), 'utf8'));
    const sarif = JSON.parse(readFileSync(join(out, 'a.sarif'), 'utf8'));
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    expect(sarif.runs[0].results).toHaveLength(report.findings.length);
    expect(sarif.runs[0].automationDetails.id).toBe('api/');
    expect(readFileSync(join(out, 'a.md'), 'utf8')).toContain(`## twelve-audit: ${report.score}/100`);
    expect(readdirSync(out).sort()).toEqual(['a.json', 'a.md', 'a.sarif']);
  });

  it('sends --format sarif to stdout', () => {
    const result = runCli([BAD, '--format', 'sarif']);
    expect(JSON.parse(result.stdout).version).toBe('2.1.0');
  });

  it('refuses two reports into one file before auditing anything', () => {
    const out = mkdtempSync(join(tmpdir(), 'twelve-audit-outputs-'));
    const result = runCli([BAD, '--format', 'json', '--output', join(out, 'x'), '--sarif', join(out, 'x')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Two reports would be written to the same file');
    expect(existsSync(join(out, 'x'))).toBe(false);
  });

  it('links Markdown into the commit on GitHub Actions', () => {
    expect(githubLinkBase({ GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'o/r', GITHUB_SHA: 'abc' })).toBe('https://github.com/o/r/blob/abc/');
    expect(githubLinkBase({})).toBeUndefined();
  });
});
