/**
 * Links to twelve-audit's own releases (the action's `@ref`, pre-commit's `rev:`, the config schema's
 * URL, doc pages' `blob/<ref>`) all derive from package.json's repository and version, so none points
 * at a tag that does not exist yet.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ACTION_REF, REPOSITORY_URL, SCHEMA_URL, SOURCE_REF, isRelease, sourceRef } from '../../src/meta.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

function markdownFiles(): string[] {
  const docs = readdirSync(join(PROJECT_ROOT, 'docs'), { recursive: true, encoding: 'utf8' }).filter((name) => name.endsWith('.md'));
  return ['README.md', 'CONTRIBUTING.md', ...docs.map((name) => `docs/${name}`)].filter((path) => {
    try {
      readFileSync(join(PROJECT_ROOT, path));
      return true;
    } catch {
      return false;
    }
  });
}

const manifest = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  version: string;
  homepage: string;
  bugs: { url: string };
};

describe('release links', () => {
  it('a prerelease points at main, a release at its tag', () => {
    expect(sourceRef('0.1.0-dev')).toBe('main');
    expect(sourceRef('1.2.3')).toBe('v1.2.3');
    expect(SOURCE_REF).toBe(isRelease(manifest.version) ? `v${manifest.version}` : 'main');
  });

  it('package.json homepage and bugs are on the repository', () => {
    expect(manifest.homepage.startsWith(REPOSITORY_URL)).toBe(true);
    expect(manifest.bugs.url).toBe(`${REPOSITORY_URL}/issues`);
  });

  for (const path of markdownFiles()) {
    it(`${path} names this version's refs`, () => {
      const text = readFileSync(join(PROJECT_ROOT, path), 'utf8');
      const repoPath = REPOSITORY_URL.replace('https://github.com/', '');
      for (const match of text.matchAll(new RegExp(`uses: ${repoPath}@([\\w.-]+)`, 'g'))) expect(match[1]).toBe(ACTION_REF);
      for (const match of text.matchAll(new RegExp(`repo: ${REPOSITORY_URL}\\s+rev: ([\\w.-]+)`, 'g'))) expect(match[1]).toBe(SOURCE_REF);
      for (const match of text.matchAll(/\$schema"?[=:]\s*"?(https:[^\s"`]+)/g)) expect(match[1]).toBe(SCHEMA_URL);
      for (const match of text.matchAll(new RegExp(`${REPOSITORY_URL}/(?:blob|tree)/([\\w.-]+)/`, 'g'))) expect(match[1]).toBe(SOURCE_REF);
    });
  }
});
