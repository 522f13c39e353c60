import { describe, expect, it } from 'vitest';
import { mayHoldDirectives, parseDirectives } from '../../src/engine/directives.js';

const lines = (...text: string[]) => text.join('\n');

describe('parseDirectives', () => {
  it('reads next-line, same-line and block forms with rule ids and reasons', () => {
    const text = lines(
      '// twelve-audit-ignore-next-line config/a, config/b -- test key, revoked',
      'const key = "x";',
      'const other = 1; // twelve-audit-ignore-line config/a -- reason two',
      '/* twelve-audit-ignore-start logs/file-transport -- batch jobs */',
      'a();',
      '/* twelve-audit-ignore-end */',
    );
    expect(parseDirectives(text, 'typescript')).toEqual([
      { kind: 'ignore-next-line', line: 1, column: 1, ruleIds: ['config/a', 'config/b'], reason: 'test key, revoked', from: 2, to: 2 },
      { kind: 'ignore-line', line: 3, column: 18, ruleIds: ['config/a'], reason: 'reason two', from: 3, to: 3 },
      { kind: 'ignore-start', line: 4, column: 1, ruleIds: ['logs/file-transport'], reason: 'batch jobs', from: 4, to: 6 },
      { kind: 'ignore-end', line: 6, column: 1, ruleIds: [], from: 6, to: 6 },
    ]);
  });

  it('uses # comments in Dockerfile, YAML, .env and shell files', () => {
    for (const language of ['dockerfile', 'yaml', 'env', 'shell'] as const) {
      const text = lines('# twelve-audit-ignore-next-line config/a -- local only', 'KEY=value', 'x: 1 # twelve-audit-ignore-line config/b -- ok');
      const found = parseDirectives(text, language);
      expect(found.map((directive) => [directive.kind, directive.from, directive.ruleIds[0]])).toEqual([
        ['ignore-next-line', 2, 'config/a'],
        ['ignore-line', 3, 'config/b'],
      ]);
    }
  });

  it('does not read // in # languages, # in // languages, or markers inside words and URLs', () => {
    expect(parseDirectives('// twelve-audit-ignore-line config/a -- x', 'yaml')).toEqual([]);
    expect(parseDirectives('# twelve-audit-ignore-line config/a -- x', 'javascript')).toEqual([]);
    expect(parseDirectives('url: http://example.com/#twelve-audit-ignore-line', 'yaml')).toEqual([]);
    expect(parseDirectives('// twelve-audit-ignore-lines config/a -- x', 'javascript')).toEqual([]);
    expect(parseDirectives('# twelve-audit-ignore-line', 'markdown')).toEqual([]);
  });

  it('stacks next-line comments onto the first code line below them', () => {
    const text = lines('// twelve-audit-ignore-next-line config/a -- one', '// twelve-audit-ignore-next-line config/b -- two', 'code();');
    expect(parseDirectives(text, 'javascript').map((directive) => directive.from)).toEqual([3, 3]);
  });

  it('has no reason without `--`, and no rule ids means every rule', () => {
    expect(parseDirectives('// twelve-audit-ignore-next-line config/a', 'javascript')[0]).toMatchObject({ ruleIds: ['config/a'] });
    expect(parseDirectives('// twelve-audit-ignore-next-line config/a', 'javascript')[0]).not.toHaveProperty('reason');
    expect(parseDirectives('// twelve-audit-ignore-next-line -- generated file', 'javascript')[0]).toMatchObject({ ruleIds: [], reason: 'generated file' });
  });

  it('runs a block without an end to the end of the file, and ends a block at the end naming its rule', () => {
    const open = lines('# twelve-audit-ignore-start config/a -- legacy', 'a', 'b');
    expect(parseDirectives(open, 'yaml')[0]).toMatchObject({ from: 1, to: 3 });
    const named = lines('# twelve-audit-ignore-start config/a -- x', 'a', '# twelve-audit-ignore-end config/b', 'b', '# twelve-audit-ignore-end config/a');
    expect(parseDirectives(named, 'yaml')[0]).toMatchObject({ from: 1, to: 5 });
  });
});

describe('mayHoldDirectives', () => {
  it('reads code and config files, and .npmrc-like files, but never unclassified binaries', () => {
    expect(mayHoldDirectives({ path: 'src/a.ts', language: 'typescript' })).toBe(true);
    expect(mayHoldDirectives({ path: 'Procfile', language: 'text' })).toBe(true);
    expect(mayHoldDirectives({ path: 'app/.npmrc', language: 'other' })).toBe(true);
    expect(mayHoldDirectives({ path: 'img/logo.png', language: 'other' })).toBe(false);
    expect(mayHoldDirectives({ path: '.DS_Store', language: 'other' })).toBe(false);
    expect(mayHoldDirectives({ path: 'README.md', language: 'markdown' })).toBe(false);
  });
});
