/**
 * Data files only tests name: the keys, certificates and payloads a test suite loads
 * (`certificate/authkey-valid.p8` read by `notify/apns_test.go`). Nothing that ships reads them, so
 * what they hold is the tests' fixture, wherever the file lives.
 */
import { posix } from 'node:path';
import type { RuleContext } from '../types.js';

/** Roles whose files may name a data file the program reads: code, its config, and tests. */
const READER_ROLES = new Set(['source', 'config', 'test']);

/**
 * Whether `path` is named (by its file name) in some test file and in no source or config file of
 * the repository. A file nothing names is not a fixture: a deploy may read it by a configured path.
 */
export function onlyTestsName(context: Pick<RuleContext, 'repo' | 'text'>, path: string): boolean {
  const name = posix.basename(path);
  let namedByTests = false;
  for (const file of context.repo.files) {
    if (file.path === path || file.language === 'binary' || !READER_ROLES.has(file.role)) continue;
    if (!(context.text(file.path)?.includes(name) ?? false)) continue;
    if (file.role !== 'test') return false;
    namedByTests = true;
  }
  return namedByTests;
}
