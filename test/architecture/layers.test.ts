/**
 * The layering of the code, checked against every relative import of src/ and rules/: a module may
 * import from its own layer and the layers it is allowed to build on, never the other way.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/paths.js';

type Layer = 'foundation' | 'parse' | 'facts' | 'config' | 'repo' | 'rule-kit' | 'rules' | 'engine' | 'score' | 'report' | 'audit' | 'result-cache' | 'docs' | 'cli';

/** The vocabulary every stage speaks (the facts' types are part of it: rules and the engine both name them), and pure helpers. */
const FOUNDATION = ['src/types.ts', 'src/facts/types.ts', 'src/factors.ts', 'src/severity.ts', 'src/languages.ts', 'src/meta.ts', 'src/errors.ts', 'src/tool-checks.ts'];

function layerOf(path: string): Layer {
  if (FOUNDATION.includes(path) || path.startsWith('src/util/') || path.startsWith('src/knowledge/')) return 'foundation';
  if (path.startsWith('rules/')) return 'rules';
  if (path === 'src/audit.ts') return 'audit';
  if (path === 'src/outcome.ts') return 'score';
  const folder = path.split('/')[1] as Layer;
  return folder;
}

/** What each layer may import besides itself. Rules see only the vocabulary and their kit (`src/types.ts` is checked below). */
const ALLOWED: Record<Layer, readonly Layer[]> = {
  foundation: [],
  parse: ['foundation'],
  facts: ['foundation', 'parse'],
  config: ['foundation', 'parse'],
  repo: ['foundation', 'parse', 'config'],
  'rule-kit': ['foundation', 'parse', 'facts', 'repo'],
  rules: ['foundation', 'rule-kit'],
  score: ['foundation', 'config'],
  engine: ['foundation', 'parse', 'facts', 'config', 'score'],
  report: ['foundation', 'config', 'score'],
  audit: ['foundation', 'parse', 'facts', 'config', 'repo', 'engine', 'score'],
  'result-cache': ['foundation', 'facts', 'config', 'repo'],
  docs: ['foundation', 'report', 'score', 'config'],
  cli: ['foundation', 'config', 'engine', 'score', 'report', 'audit', 'result-cache', 'docs'],
};

function sourceFiles(folder: string): string[] {
  return readdirSync(join(PROJECT_ROOT, folder)).flatMap((name) => {
    const path = posix.join(folder, name);
    if (statSync(join(PROJECT_ROOT, path)).isDirectory()) return sourceFiles(path);
    return path.endsWith('.ts') ? [path] : [];
  });
}

/** Every static relative import (and export-from) of a module, resolved to a repository path. */
function importsOf(path: string): string[] {
  const text = readFileSync(join(PROJECT_ROOT, path), 'utf8');
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^'"]*?\bfrom\s+'(\.{1,2}\/[^']+)'/gm)].map((match) => match[1]!);
  return specifiers.map((specifier) => relative(PROJECT_ROOT, join(PROJECT_ROOT, posix.dirname(path), specifier)).split('\\').join('/').replace(/\.js$/, '.ts'));
}

const MODULES = [...sourceFiles('src'), ...sourceFiles('rules')];

describe('layering', () => {
  it('finds the modules and their imports', () => {
    expect(MODULES.length).toBeGreaterThan(100);
    expect(importsOf('src/audit.ts')).toContain('src/engine/run.ts');
  });

  it('every import goes to the same layer or one the importing layer builds on', () => {
    const wrongWay = MODULES.flatMap((path) =>
      importsOf(path).flatMap((target) => {
        const from = layerOf(path);
        const to = layerOf(target);
        return from === to || ALLOWED[from].includes(to) ? [] : [`${path} (${from}) -> ${target} (${to})`];
      }),
    );
    expect(wrongWay).toEqual([]);
  });

  it('rules import only the vocabulary and the rule-kit', () => {
    const outside = MODULES.filter((path) => path.startsWith('rules/')).flatMap((path) =>
      importsOf(path).filter((target) => !target.startsWith('rules/') && !target.startsWith('src/rule-kit/') && target !== 'src/types.ts').map((target) => `${path} -> ${target}`),
    );
    expect(outside).toEqual([]);
  });

  it('the rule-kit index names each export (no export-star grab-bag)', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'src/rule-kit/index.ts'), 'utf8')).not.toMatch(/^export \*/m);
  });
});
