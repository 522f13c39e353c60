import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { committedEnvFile } from '../../../rules/config/committed-env-file.js';
import { envEntries, isEnvFile, isEnvTemplate } from '../../../src/rule-kit/env-files.js';

describeFixtures(committedEnvFile);

describe('config/committed-env-file messages', () => {
  it('say what kind of value was found without showing it', () => {
    const findings = findingsOf(committedEnvFile, join(FIXTURES, committedEnvFile.id, 'fail', 'example-loaded-at-runtime'));
    const text = JSON.stringify(findings);
    expect(text).not.toContain('4f9c1e7a2b8d6035c4e1f7a9b2d8c603');
    expect(text).not.toContain('replace this with a long phrase');
    expect(findings.map((finding) => finding.message)).toEqual([
      'COOKIE_SECRET in .env.example (a 31-character value) becomes the signing secret whenever the variable is unset, because the app loads this file at runtime; leave it empty in the template and require it',
      '.env.example documents WEATHER_API_KEY with what looks like a real credential (32-character random-looking value), and the app loads this file at runtime; use a placeholder and rotate the value',
      'the app loads .env.example as its configuration: every value of the template becomes a default for an unset variable; load only a real, uncommitted .env (or nothing) and fail when a required variable is missing',
    ]);
  });
});

describe('env files', () => {
  it('tells env files from templates', () => {
    expect(isEnvFile('.env')).toBe(true);
    expect(isEnvFile('api/.env.production')).toBe(true);
    expect(isEnvFile('deploy/production.env')).toBe(true);
    expect(isEnvFile('.envrc')).toBe(false);
    expect(isEnvTemplate('.env.example')).toBe(true);
    expect(isEnvTemplate('.env.local.sample')).toBe(true);
    expect(isEnvTemplate('example.env')).toBe(true);
    expect(isEnvTemplate('.env.production')).toBe(false);
  });

  it('reads entries with export, quotes, inline comments and multi-line values', () => {
    const text = 'export A=1 # one\nB="two words"\n# C=3\nKEY="-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"\nD=\n';
    expect(envEntries(text).map(({ name, value, line, column }) => [name, value, line, column])).toEqual([
      ['A', '1', 1, 10],
      ['B', 'two words', 2, 4],
      ['KEY', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----', 4, 6],
      ['D', '', 7, 3],
    ]);
  });

  // Issue 12: an unclosed quote was re-scanned from its start on every following line, and a value
  // followed by a long run of blanks was trimmed by a backtracking regex. Both were quadratic: on
  // these 1 MiB inputs that means minutes, far past the test timeout; linear parsing takes milliseconds.
  it('parses an unclosed quote over many lines in linear time', () => {
    const text = `KEY="${'\nline'.repeat(210_000)}`;
    expect(text.length).toBeGreaterThan(1 << 20);
    const [entry, ...others] = envEntries(text);
    expect(others).toEqual([]);
    expect(entry?.name).toBe('KEY');
    expect(entry?.value.length).toBe(text.length - 'KEY="'.length);
  });

  it('parses a value followed by a long run of blanks in linear time', () => {
    const text = `A=x${' '.repeat(1 << 20)}y\nB=2 # comment\n`;
    expect(envEntries(text).map(({ name, value }) => [name, value.length])).toEqual([
      ['A', (1 << 20) + 2],
      ['B', 1],
    ]);
  });

  it('ends a multi-line value at the first unescaped quote, keeping escapes across lines', () => {
    expect(envEntries('A="one\\\n\\"two" still\nB=3\n').map(({ name, value }) => [name, value])).toEqual([
      ['A', 'one\\\n\\"two'],
      ['B', '3'],
    ]);
  });
});

describe('config/committed-env-file .gitignore', () => {
  it('takes a tracked .env symlink to the workspace .env as ignored when the ignore rules name it', () => {
    const root = mkdtempSync(join(tmpdir(), 'committed-env-symlink-'));
    try {
      mkdirSync(join(root, 'api', 'src'), { recursive: true });
      writeFileSync(join(root, '.gitignore'), 'node_modules/\n.env\n');
      writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'notes-monorepo', private: true, workspaces: ['api'] }));
      writeFileSync(join(root, 'api', '.gitignore'), '# local settings\n.env\ncoverage/\n');
      writeFileSync(join(root, 'api', 'package.json'), JSON.stringify({ name: 'notes-api', main: 'src/server.js', dependencies: { dotenv: '^16.4.5', express: '^4.19.2' } }));
      writeFileSync(join(root, 'api', 'src', 'server.js'), "require('dotenv').config();\nrequire('express')().listen(process.env.PORT || 3000);\n");
      // The package shares the workspace's (ignored, uncommitted) .env through a committed symlink.
      symlinkSync('../.env', join(root, 'api', '.env'));
      const git = (...args: string[]) => execFileSync('git', args, { cwd: root, stdio: 'pipe' });
      git('init', '-q');
      git('add', '-f', '.');
      expect(findingsOf(committedEnvFile, root).map((finding) => `${finding.file}:${finding.line} ${finding.messageId}`)).toEqual([]);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
