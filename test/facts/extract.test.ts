import { describe, expect, it } from 'vitest';
import { ts } from 'ts-morph';
import { extractFile, readsFile } from '../../src/facts/extract.js';
import { jobsOf } from '../../src/facts/store.js';
import type { FileExtractor, FileInput, TreeNode } from '../../src/facts/types.js';

/** Collects `callee@line:column` of every call, and counts how often the file was handed to it. */
const calls: FileExtractor<string[]> = {
  name: 'test-calls',
  version: 1,
  module: import.meta.url,
  typescript: {
    kinds: [ts.SyntaxKind.CallExpression],
    create(file) {
      const found: string[] = [];
      return {
        visit(node) {
          const call = node as ts.CallExpression;
          const { line, column } = file.span(call.getStart(), call.getEnd());
          found.push(`${call.expression.getText()}@${line}:${column}`);
        },
        result: () => found,
      };
    },
  },
};

const identifiers: FileExtractor<number> = {
  name: 'test-identifiers',
  version: 1,
  module: import.meta.url,
  typescript: {
    kinds: [ts.SyntaxKind.Identifier],
    create() {
      let count = 0;
      return { visit: () => void (count += 1), result: () => count };
    },
  },
};

const yamlKeys: FileExtractor<string[]> = {
  name: 'test-yaml-keys',
  version: 1,
  module: import.meta.url,
  text: { languages: ['yaml'], extract: (file) => [...file.text.matchAll(/^(\w+):/gm)].map((match) => match[1]!) },
};

describe('extractFile: the per-file pass', () => {
  it('hands every node of a wanted kind to each extractor in one walk, parents before children, with 1-based spans', () => {
    const text = "outer(inner(1));\n  app.listen(3000);\n";
    const result = extractFile({ path: 'src/a.ts', language: 'typescript', role: 'source', text }, [calls, identifiers]);
    expect(result).toEqual({ ok: true, facts: { 'test-calls': ['outer@1:1', 'inner@1:7', 'app.listen@2:3'], 'test-identifiers': 4 } });
  });

  it('reads data files with the text extractors of their language only', () => {
    expect(extractFile({ path: 'c.yml', language: 'yaml', role: 'config', text: 'a: 1\nb: 2\n' }, [calls, yamlKeys])).toEqual({ ok: true, facts: { 'test-yaml-keys': ['a', 'b'] } });
    expect(readsFile([calls], { path: 'c.yml', language: 'yaml', role: 'config' })).toBe(false);
    expect(readsFile([calls], { path: 'types.d.ts', language: 'typescript', role: 'source' })).toBe(false);
    expect(readsFile([calls], { path: 'server.mjs', language: 'javascript', role: 'source' })).toBe(true);
  });

  it('reports a syntax error with its line and column, as the lazy parse did', () => {
    const result = extractFile({ path: 'src/bad.js', language: 'javascript', role: 'source', text: 'const a = 1;\nfunction (\n' }, [calls]);
    expect(result).toMatchObject({ ok: false, skipped: false });
    expect(result.ok ? '' : result.message).toMatch(/^syntax error at 2:\d+: /);
  });

  it('skips a minified bundle without parsing it', () => {
    const text = `var a=${'1+'.repeat(3000)}1;\n`;
    expect(extractFile({ path: 'public/app.min.js', language: 'javascript', role: 'source', text }, [calls])).toEqual({ ok: false, skipped: true, message: 'skipped: looks minified or bundled' });
  });

  it('refuses a tree nested deeper than the limit instead of overflowing the stack', () => {
    const text = `x = ${'[\n'.repeat(1200)}${']\n'.repeat(1200)};\n`;
    const result = extractFile({ path: 'deep.js', language: 'javascript', role: 'source', text }, [identifiers]);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(/^not analysed: /);
  });
});

describe('which files an extractor is handed: roles and triggers', () => {
  const sourceCalls: FileExtractor<string[]> = { ...calls, name: 'test-source-calls', roles: ['source', 'config'] };
  const listenCalls: FileExtractor<string[]> = { ...calls, name: 'test-listen-calls', triggers: ['listen', 'serve'] };
  const broken = 'listen(1);\nfunction (\n';

  it('hands an extractor only files of its roles, and parses a file no extractor is handed not at all', () => {
    const text = 'app.listen(3000);\n';
    expect(extractFile({ path: 'src/server.ts', language: 'typescript', role: 'source', text }, [sourceCalls])).toEqual({ ok: true, facts: { 'test-source-calls': ['app.listen@1:1'] } });
    expect(extractFile({ path: 'test/server.test.ts', language: 'typescript', role: 'test', text }, [sourceCalls, calls])).toEqual({ ok: true, facts: { 'test-calls': ['app.listen@1:1'] } });
    expect(readsFile([sourceCalls], { path: 'test/server.test.ts', language: 'typescript', role: 'test' })).toBe(false);
    expect(readsFile([sourceCalls, calls], { path: 'test/server.test.ts', language: 'typescript', role: 'test' })).toBe(true);
    // Not parsed: a syntax error no extractor was handed is no failure of the file.
    expect(extractFile({ path: 'test/broken.test.js', language: 'javascript', role: 'test', text: broken }, [sourceCalls])).toEqual({ ok: true, facts: {} });
    expect(extractFile({ path: 'src/broken.js', language: 'javascript', role: 'source', text: broken }, [sourceCalls])).toMatchObject({ ok: false, skipped: false });
  });

  it('hands an extractor only files whose path it reads', () => {
    const configCalls: FileExtractor<string[]> = { ...calls, name: 'test-config-calls', paths: (path) => path.endsWith('.config.js') };
    expect(readsFile([configCalls], { path: 'src/a.js', language: 'javascript', role: 'source' })).toBe(false);
    expect(extractFile({ path: 'src/a.js', language: 'javascript', role: 'source', text: 'run(1);\nfunction (\n' }, [configCalls])).toEqual({ ok: true, facts: {} });
    expect(extractFile({ path: 'vite.config.js', language: 'javascript', role: 'config', text: 'run(1);\n' }, [configCalls])).toEqual({ ok: true, facts: { 'test-config-calls': ['run@1:1'] } });
  });

  it('hands an extractor only files holding one of its triggers: the others leave its facts undefined, unparsed when no other extractor reads them', () => {
    expect(extractFile({ path: 'src/a.js', language: 'javascript', role: 'source', text: 'app.listen(3000);\n' }, [listenCalls])).toEqual({ ok: true, facts: { 'test-listen-calls': ['app.listen@1:1'] } });
    expect(extractFile({ path: 'src/b.js', language: 'javascript', role: 'source', text: 'run(1);\n' }, [listenCalls, identifiers])).toEqual({ ok: true, facts: { 'test-identifiers': 1 } });
    expect(extractFile({ path: 'src/c.js', language: 'javascript', role: 'source', text: 'run(1);\nfunction (\n' }, [listenCalls])).toEqual({ ok: true, facts: {} });
    expect(extractFile({ path: 'src/d.js', language: 'javascript', role: 'source', text: broken }, [listenCalls])).toMatchObject({ ok: false, skipped: false });
  });

  it('leaves a file no extractor is handed out of the jobs: no worker, no cache entry', () => {
    const texts: Record<string, string> = { 'src/a.js': 'app.listen(3000);\n', 'src/b.js': 'run(1);\n', 'test/c.test.js': 'app.listen(1);\n' };
    const files = Object.keys(texts).map((path) => ({ path, size: 1, language: 'javascript' as const, role: path.startsWith('test/') ? ('test' as const) : ('source' as const) }));
    const sourceListenCalls: FileExtractor<string[]> = { ...listenCalls, roles: ['source'] };
    expect(jobsOf({ files, text: (path) => texts[path], extractors: [sourceListenCalls] }).map((job) => job.path)).toEqual(['src/a.js']);
    expect(jobsOf({ files, text: (path) => texts[path], extractors: [sourceListenCalls, calls] }).map((job) => job.path)).toEqual(['src/a.js', 'src/b.js', 'test/c.test.js']);
  });
});

describe('extractFile on Python and Go', () => {
  /** Each call's function text and line, for both grammars. */
  const treeCalls: FileExtractor<string[]> = {
    name: 'test-tree-calls',
    version: 1,
    module: import.meta.url,
    ...Object.fromEntries(
      (['python', 'go'] as const).map((language) => [
        language,
        {
          kinds: [language === 'python' ? 'call' : 'call_expression'],
          create(file: FileInput) {
            const found: string[] = [];
            return {
              visit(node: TreeNode) {
                const callee = node.childForFieldName('function');
                found.push(`${callee?.text}@${file.span(node.startIndex, node.endIndex).line}`);
              },
              result: () => found,
            };
          },
        },
      ]),
    ),
  };

  it('parses each with its grammar and dispatches its nodes, in the same pass as any JS/TS extractor would get', () => {
    const python = extractFile({ path: 'app.py', language: 'python', role: 'source', text: 'import os\n\napp.run(port=int(os.getenv("PORT")))\n' }, [treeCalls, calls]);
    expect(python).toEqual({ ok: true, facts: { 'test-tree-calls': ['app.run@3', 'int@3', 'os.getenv@3'] } });
    const go = extractFile({ path: 'main.go', language: 'go', role: 'source', text: 'package main\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n' }, [treeCalls]);
    expect(go).toEqual({ ok: true, facts: { 'test-tree-calls': ['http.ListenAndServe@4'] } });
  });

  it('reports a file that is mostly not Python as not analysed', () => {
    const result = extractFile({ path: 'broken.py', language: 'python', role: 'source', text: ')))) ((( ]]] }}} :::: ))))\n'.repeat(5) }, [treeCalls]);
    expect(result).toMatchObject({ ok: false, skipped: false });
  });
});

describe('an extractor that throws', () => {
  const throwing: FileExtractor<number> = {
    name: 'test-throwing',
    version: 1,
    module: import.meta.url,
    typescript: {
      kinds: [ts.SyntaxKind.CallExpression],
      create() {
        return {
          visit() {
            throw new Error('no such method');
          },
          result: () => 1,
        };
      },
    },
  };

  it('loses only its own facts of the file, and says so', () => {
    const result = extractFile({ path: 'a.js', language: 'javascript', role: 'source', text: 'run();\n' }, [throwing, calls]);
    expect(result).toEqual({ ok: true, facts: { 'test-calls': ['run@1:1'] }, failures: { 'test-throwing': 'no such method' } });
  });
});
