import { existsSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { FACTOR_SLUGS } from '../../src/factors.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

function ruleModules(directory: string): string[] {
  return readdirSync(directory, { withFileTypes: true }).flatMap((entry) => {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) return ruleModules(path);
    return entry.name.endsWith('.ts') && entry.name !== 'index.ts' && !entry.name.startsWith('_') ? [path] : [];
  });
}

describe('rule registry', () => {
  it('registers every module under rules/ exactly once', () => {
    const modules = ruleModules(join(PROJECT_ROOT, 'rules'))
      .map((path) => relative(join(PROJECT_ROOT, 'rules'), path).replace(/\\/g, '/').replace(/\.ts$/, ''))
      .sort();
    expect(RULES.map((rule) => rule.id).sort()).toEqual(modules);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      it('has an id of the form <factor-slug>/<name> matching its factor', () => {
        expect(rule.id).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
        expect(FACTOR_SLUGS).toContain(rule.factor);
        expect(rule.id.startsWith(`${rule.factor}/`)).toBe(true);
      });

      it('has a module, fixtures (fail and pass), a doc page and a test', () => {
        expect(existsSync(join(PROJECT_ROOT, 'rules', `${rule.id}.ts`))).toBe(true);
        expect(existsSync(join(PROJECT_ROOT, 'fixtures', rule.id, 'fail'))).toBe(true);
        expect(existsSync(join(PROJECT_ROOT, 'fixtures', rule.id, 'pass'))).toBe(true);
        expect(existsSync(join(PROJECT_ROOT, 'docs', 'rules', `${rule.id}.md`))).toBe(true);
        expect(existsSync(join(PROJECT_ROOT, 'test', 'rules', `${rule.id}.test.ts`))).toBe(true);
      });

      it('has a title, description, fix and non-empty messages', () => {
        expect(rule.title.length).toBeGreaterThan(0);
        expect(rule.description.length).toBeGreaterThan(0);
        expect(rule.fix.length).toBeGreaterThan(0);
        expect(Object.keys(rule.messages).length).toBeGreaterThan(0);
        for (const message of Object.values(rule.messages)) expect(message.length).toBeGreaterThan(0);
      });
    });
  }

  it('has unique ids', () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
  });
});
