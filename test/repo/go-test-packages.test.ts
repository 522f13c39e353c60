import { describe, expect, it } from 'vitest';
import { goModulePath, readGoHead, standaloneGoPrograms, testOnlyGoPackages, type GoFileHead } from '../../src/repo/go-test-packages.js';

const MODULE = [{ folder: '', path: 'example.com/idp' }];

function headOf(packageName: string, imports: string[]): string {
  const block = imports.length > 0 ? `import (\n${imports.map((item) => `\t"${item}"`).join('\n')}\n)\n` : '';
  return `package ${packageName}\n\n${block}\nfunc f() {}\n`;
}

function fromHead(path: string, head: string, options: { test?: boolean; whole?: boolean } = {}): GoFileHead {
  return { path, test: options.test ?? path.endsWith('_test.go'), ...readGoHead(head, options.whole ?? true) };
}

function go(path: string, imports: string[], options: { test?: boolean; packageName?: string } = {}): GoFileHead {
  return fromHead(path, headOf(options.packageName ?? path.split('/').at(-2) ?? 'main', imports), options);
}

describe('testOnlyGoPackages', () => {
  it('finds a package whose only importers are tests', () => {
    const files = [
      go('storage/conformance/conformance.go', ['testing', 'example.com/idp/storage']),
      // A generator kept out of the build (`//go:build ignore`) does not make the folder a main package.
      go('storage/conformance/gen_keys.go', [], { test: true, packageName: 'main' }),
      go('storage/memory/memory.go', ['example.com/idp/storage']),
      go('storage/memory/memory_test.go', ['testing', 'example.com/idp/storage/conformance']),
      go('storage/storage.go', []),
      go('cmd/idp/main.go', ['example.com/idp/storage/memory'], { packageName: 'main' }),
    ];
    expect([...testOnlyGoPackages(files, MODULE)]).toEqual(['storage/conformance']);
  });

  it('leaves a package the binary imports, and main packages, alone', () => {
    const files = [
      go('internal/fakes/fakes.go', []),
      go('internal/fakes/fakes_test.go', ['example.com/idp/internal/fakes']),
      go('server/server.go', ['example.com/idp/internal/fakes']),
      go('tools/gen/main.go', [], { packageName: 'main' }),
      go('tools/gen/main_test.go', ['example.com/idp/tools/gen']),
    ];
    expect([...testOnlyGoPackages(files, MODULE)]).toEqual([]);
  });

  it('judges nothing in a module where a file head may hide an import', () => {
    const cut = fromHead('server/big.go', 'package server\n\n// a long licence header\n', { whole: false });
    const files = [go('storage/conformance/conformance.go', []), go('storage/memory/memory_test.go', ['example.com/idp/storage/conformance']), cut];
    expect([...testOnlyGoPackages(files, MODULE)]).toEqual([]);
  });

  it('reads single-line, aliased and grouped imports, and go.mod module paths', () => {
    const head = 'package x\n\nimport "example.com/idp/a"\nimport b "example.com/idp/b"\nimport (\n\tc "example.com/idp/c" // (comment)\n)\n\nvar v = 1\n';
    const files = [
      fromHead('x/x_test.go', head),
      go('a/a.go', []),
      go('b/b.go', []),
      go('c/c.go', []),
    ];
    expect([...testOnlyGoPackages(files, MODULE)].sort()).toEqual(['a', 'b', 'c']);
    expect(goModulePath('module example.com/idp\n\ngo 1.22\n')).toBe('example.com/idp');
    expect(goModulePath('// no module line\n')).toBeUndefined();
  });

  it('tells a helper that imports the testing package from code the binary runs', () => {
    expect(readGoHead(headOf('client', ['context', 'testing']), true).imports).toContain('testing');
    expect(readGoHead(headOf('client', ['context', 'testing/fstest']), true).imports).not.toContain('testing');
    expect(readGoHead(headOf('client', ['net/http']), true).imports).not.toContain('testing');
  });
});

describe('standaloneGoPrograms', () => {
  it('finds a package main file beside another package, not a main package of its own or its tests', () => {
    const files = [
      go('catalog/catalog.go', []),
      go('catalog/gen.go', ['os'], { packageName: 'main' }),
      go('catalog/catalog_test.go', [], { packageName: 'catalog_test' }),
      go('cmd/server/main.go', ['net/http'], { packageName: 'main' }),
      go('cmd/server/routes.go', [], { packageName: 'main' }),
      go('tools/x_test.go', [], { packageName: 'main' }),
    ];
    expect([...standaloneGoPrograms(files)]).toEqual(['catalog/gen.go']);
    expect(readGoHead('// Package catalog ...\npackage catalog\n', true).package).toBe('catalog');
  });
});
