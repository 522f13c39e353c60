import { beforeAll, describe, expect, it } from 'vitest';
import { extractTree } from '../../src/facts/walk-tree.js';
import type { SyntaxExtraction, TreeNode } from '../../src/facts/types.js';
import { loadTreeSitter, parseTree } from '../../src/parse/tree-sitter.js';
import { fileInput, lines } from './tree-helpers.js';

beforeAll(() => loadTreeSitter());

describe('parseTree', () => {
  it('parses Python and Go', () => {
    const python = parseTree('python', lines('import os', "x = os.getenv('X')"));
    const go = parseTree('go', lines('package main', 'func main() {}'));
    expect(python.ok && python.value.rootNode.type).toBe('module');
    expect(go.ok && go.value.rootNode.type).toBe('source_file');
    if (python.ok) python.value.delete();
    if (go.ok) go.value.delete();
  });

  it('keeps a tree that recovered from a local error, saying where the error is', () => {
    const parsed = parseTree('python', lines('import os', 'def broken(:', '    pass', "PORT = os.getenv('PORT')", 'x = 1', 'y = 2'));
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.syntaxError).toMatch(/^syntax error at 2:\d+: /);
    parsed.value.delete();
  });

  it('reports a file that is mostly errors like a file that does not parse, without quoting it', () => {
    const parsed = parseTree('go', lines('this is prose with password=hunter2, not Go at all', 'and a second line of it!'));
    expect(parsed).toEqual({ ok: false, message: expect.stringMatching(/^syntax error at 1:1: /) });
    expect(JSON.stringify(parsed)).not.toContain('hunter2');
  });

  it('names a missing token by its grammar name', () => {
    const parsed = parseTree('go', lines('package main', 'func main() {', '  f(1', '}', 'var a = 1', 'var b = 2', 'var c = 3'));
    expect(parsed.ok && parsed.syntaxError).toMatch(/missing \)/);
    if (parsed.ok) parsed.value.delete();
  });

  it('parses nesting thousands deep', () => {
    const depth = 20_000;
    const parsed = parseTree('python', `x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) parsed.value.delete();
  });
});

/** Records the type and first line of every node it is given. */
function recorder(kinds: string[]): SyntaxExtraction<string, TreeNode, string[]> {
  return {
    kinds,
    create(file) {
      const seen: string[] = [];
      return {
        visit: (node) => void seen.push(`${node.type}@${file.span(node.startIndex, node.endIndex).line}`),
        result: () => seen,
      };
    },
  };
}

describe('extractTree', () => {
  const source = lines('import os', 'def f():', "    return os.getenv('A')", "g(os.getenv('B'))");

  it('hands each extraction the nodes of its kinds, parents before children, in source order', () => {
    const facts = extractTree(fileInput('a.py', 'python', source), 'python', [
      { name: 'calls', extraction: recorder(['call']) },
      { name: 'both', extraction: recorder(['function_definition', 'call', 'call']) },
    ]);
    expect(facts).toEqual({
      ok: true,
      facts: { calls: ['call@3', 'call@4', 'call@4'], both: ['function_definition@2', 'call@3', 'call@4', 'call@4'] },
    });
  });

  it('walks nesting thousands deep without recursion', () => {
    const depth = 20_000;
    const facts = extractTree(fileInput('deep.go', 'go', `package main\nvar x = ${'f('.repeat(depth)}1${')'.repeat(depth)}\n`), 'go', [
      { name: 'calls', extraction: recorder(['call_expression']) },
    ]);
    expect(facts.ok && (facts.facts.calls as string[]).length).toBe(depth);
  });

  it('returns a parse error for a file that is mostly errors', () => {
    const facts = extractTree(fileInput('notes.py', 'python', 'this is not Python, only words. Really!\n'), 'python', [
      { name: 'calls', extraction: recorder(['call']) },
    ]);
    expect(facts).toEqual({ ok: false, skipped: false, message: expect.stringMatching(/^syntax error at 1:1/) });
  });
});
