import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cacheSignature, defaultCacheFile, openCache } from '../../src/facts/cache.js';
import type { FileExtractor, FileFacts } from '../../src/facts/types.js';

const extractor = (version: number): FileExtractor => ({ name: 'facts-a', version, module: import.meta.url, text: { languages: ['yaml'], extract: () => 1 } });
const job = (text: string) => ({ path: 'src/a.js', language: 'javascript' as const, role: 'source' as const, text });
const facts: FileFacts = { ok: true, facts: { 'facts-a': [1, 2] } };

function cacheFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'twelve-audit-cache-')), 'facts.json');
}

describe('the --cache file of per-file facts', () => {
  it('gives back the facts of a file whose text is unchanged, and nothing for a changed file', () => {
    const file = cacheFile();
    const signature = cacheSignature('1.0.0', '/repo', [extractor(1)]);
    const first = openCache(file, signature);
    expect(first.lookup(job('a'))).toBeUndefined();
    first.remember(job('a'), facts);
    first.save();
    const second = openCache(file, signature);
    expect(second.lookup(job('a'))).toEqual(facts);
    expect(second.lookup(job('a changed'))).toBeUndefined();
  });

  it('keeps only the files of the last run', () => {
    const file = cacheFile();
    const signature = cacheSignature('1.0.0', '/repo', [extractor(1)]);
    const first = openCache(file, signature);
    first.remember(job('a'), facts);
    first.remember({ ...job('b'), path: 'src/deleted.js' }, facts);
    first.save();
    const second = openCache(file, signature);
    second.remember(job('a'), facts);
    second.save();
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).entries)).toEqual(['src/a.js']);
  });

  it('ignores a cache written by another tool version, for another root or with another extractor version', () => {
    const file = cacheFile();
    const signature = cacheSignature('1.0.0', '/repo', [extractor(1)]);
    const writer = openCache(file, signature);
    writer.remember(job('a'), facts);
    writer.save();
    for (const other of [cacheSignature('1.0.1', '/repo', [extractor(1)]), cacheSignature('1.0.0', '/other', [extractor(1)]), cacheSignature('1.0.0', '/repo', [extractor(2)])]) {
      expect(other).not.toBe(signature);
      expect(openCache(file, other).lookup(job('a'))).toBeUndefined();
    }
  });

  it('ignores a corrupt or malformed cache file instead of trusting or crashing on it', () => {
    const signature = cacheSignature('1.0.0', '/repo', [extractor(1)]);
    const hash = 'ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb';
    const malformed = [
      '{ not json',
      'null',
      JSON.stringify({ format: 1, signature, entries: [] }),
      JSON.stringify({ format: 1, signature, entries: { 'src/a.js': { hash, result: { ok: true } } } }),
      JSON.stringify({ format: 1, signature, entries: { 'src/a.js': { hash, result: { ok: false, message: 3 } } } }),
      JSON.stringify({ format: 99, signature, entries: { 'src/a.js': { hash, result: facts } } }),
    ];
    for (const content of malformed) {
      const file = cacheFile();
      writeFileSync(file, content);
      expect(openCache(file, signature).lookup(job('a'))).toBeUndefined();
    }
    const file = cacheFile();
    writeFileSync(file, JSON.stringify({ format: 1, signature, entries: { 'src/a.js': { hash, result: facts } } }));
    expect(openCache(file, signature).lookup(job('a'))).toEqual(facts);
  });

  it('lives under node_modules/.cache of the working directory by default, one file per audited root', () => {
    expect(defaultCacheFile('/work', '/repos/a')).toMatch(/^\/work\/node_modules\/\.cache\/twelve-audit\/facts-[0-9a-f]{16}\.json$/);
    expect(defaultCacheFile('/work', '/repos/a')).not.toBe(defaultCacheFile('/work', '/repos/b'));
  });
});
