/**
 * `--version` and `--help` answer without loading the engine: the modules the launcher imports
 * statically (followed from the built entry) leave out the audit, the rules and the parsers, which
 * load only when a command runs.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli/program.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

/** Files reached from `entry` through static `import ... from` (not `import()`), as project-relative paths; bare specifiers as themselves. */
function staticImports(entry: string): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop() as string;
    const key = relative(PROJECT_ROOT, file);
    if (seen.has(key)) continue;
    seen.add(key);
    const source = readFileSync(file, 'utf8');
    for (const match of source.matchAll(/^\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/gms)) {
      const specifier = match[1] as string;
      if (specifier.startsWith('.')) queue.push(resolve(dirname(file), specifier));
      else seen.add(specifier);
    }
  }
  return seen;
}

describe('startup', () => {
  it('the launcher statically loads neither the audit, the rules nor ts-morph', () => {
    const loaded = staticImports(join(PROJECT_ROOT, 'dist/src/cli/main.js'));
    expect(loaded).toContain('dist/src/cli/program.js');
    expect(loaded).toContain('commander');
    for (const heavy of ['dist/src/audit.js', 'dist/rules/index.js', 'dist/src/cli/commands.js', 'ts-morph', 'ajv', 'chalk']) {
      expect(loaded).not.toContain(heavy);
    }
  });

  it('--version and --help never load the rules', async () => {
    let loads = 0;
    const loader = async () => {
      loads += 1;
      return [];
    };
    let out = '';
    const io = { stdout: { write: (text: string) => (out += text) }, stderr: { write: () => true }, env: {}, cwd: PROJECT_ROOT };
    expect(await run(['--version'], loader, io)).toBe(0);
    expect(await run(['--help'], loader, io)).toBe(0);
    expect(out).toMatch(/^\d+\.\d+\.\d+/);
    expect(loads).toBe(0);
  });
});
