import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { cachedResult, resultCacheFile, saveResult, snapshotBefore, type ResultKey } from '../../src/result-cache/results.js';
import type { Report } from '../../src/types.js';
import { makeTree } from '../repo/tree.js';

const REPORT = { findings: [], score: 100, stats: {} } as unknown as Report;

/** A git work tree with an app below its top: the app is what is audited. */
function repository(): { top: string; key: ResultKey; file: string } {
  const top = makeTree({ '.git/HEAD': 'ref: refs/heads/main\n', 'api/package.json': '{"name":"api"}\n', 'api/server.js': 'listen(3000);\n' });
  const file = resultCacheFile(top, top, join(mkdtempSync(join(tmpdir(), 'twelve-audit-cache-')), 'facts.json'));
  return { top, key: { root: join(top, 'api'), ruleFlags: [], ignorePatterns: [] }, file };
}

function save(key: ResultKey, file: string, config = DEFAULT_CONFIG): void {
  const before = snapshotBefore(key, config);
  if (before === undefined) throw new Error('no snapshot');
  saveResult(file, before, { report: REPORT, config });
}

describe('the result cache', () => {
  it('sits beside the facts cache', () => {
    expect(resultCacheFile('/w', '/r', '/c/facts.json')).toBe('/c/facts.result.json');
    expect(resultCacheFile('/w', '/r', '/c/cache')).toBe('/c/cache.result.json');
    expect(resultCacheFile('/w', '/r')).toMatch(/^\/w\/node_modules\/\.cache\/twelve-audit\/facts-[0-9a-f]{16}\.result\.json$/);
  });

  it('gives the result back for the same inputs and an unchanged tree', () => {
    const { key, file } = repository();
    save(key, file);
    expect(cachedResult(file, key, true)).toEqual({ report: REPORT, config: DEFAULT_CONFIG });
  });

  it('is used without --cache only when the config turned caching on', () => {
    const { key, file } = repository();
    save(key, file);
    expect(cachedResult(file, key, false)).toBeUndefined();
    save(key, file, { ...DEFAULT_CONFIG, cache: true });
    expect(cachedResult(file, key, false)).toBeDefined();
  });

  it('misses when an option that changes findings differs', () => {
    const { key, file } = repository();
    save(key, file);
    expect(cachedResult(file, { ...key, ruleFlags: ['logs/file-transport=off'] }, true)).toBeUndefined();
    expect(cachedResult(file, { ...key, ignorePatterns: ['src/**'] }, true)).toBeUndefined();
    expect(cachedResult(file, { ...key, minScore: 80 }, true)).toBeUndefined();
  });

  it('misses when a file above the root that the audit reads appears or changes: a config, a .gitignore, the baseline', () => {
    const changes: ((top: string) => void)[] = [
      (top) => writeFileSync(join(top, '.twelve-audit.yml'), 'failOn: warning\n'),
      (top) => writeFileSync(join(top, '.gitignore'), 'api/server.js\n'),
    ];
    for (const change of changes) {
      const { top, key, file } = repository();
      save(key, file);
      change(top);
      expect(cachedResult(file, key, true)).toBeUndefined();
    }
    const { top, key, file } = repository();
    const withBaseline = { ...key, baselineFile: join(top, 'baseline.json') };
    writeFileSync(withBaseline.baselineFile, '[]');
    save(withBaseline, file);
    expect(cachedResult(file, withBaseline, true)).toBeDefined();
    writeFileSync(withBaseline.baselineFile, '[ ]');
    expect(cachedResult(file, withBaseline, true)).toBeUndefined();
  });

  it('misses when the tree changed, and ignores a cache file that does not read as one', () => {
    const { top, key, file } = repository();
    save(key, file);
    mkdirSync(join(top, 'api', 'lib'));
    expect(cachedResult(file, key, true)).toBeUndefined();
    for (const text of ['not json', '{"format":1}', '{"format":1,"inputs":"x","enabledByConfig":true,"tree":{},"result":{}}']) {
      writeFileSync(file, text);
      expect(cachedResult(file, key, true)).toBeUndefined();
    }
  });
});
