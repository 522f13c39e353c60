/**
 * Where a codebase keeps its one-off admin programs (Factor XII) by convention: folders of command-line
 * tools and management commands (`cli/`, `commands/`, `management/`, `bin/`) and files named for a
 * one-off task (`manage.py`, `migrate_db.py`, `seed.ts`, `install.go`, `upgrade.py`). What they do runs
 * by hand or in a release step, not in the long-running service.
 */
import { posix } from 'node:path';
import { nameWords } from '../util/name-words.js';

const ONE_OFF_FOLDER = /(?:^|\/)(?:cli|commands?|command-line|bin|management)\//;
/** Go's `cmd/` holds every program's main, the server's too; only some callers count it as one-off. */
const COMMAND_FOLDER = /(?:^|\/)cmd\//;
/** Whole words only: `client.go`, `storage_manager.py` and `setup_routes.ts` name no one-off task... */
const ONE_OFF_WORDS = new Set(['cli', 'command', 'manage', 'install', 'installer', 'upgrade', 'setup']);
/** ...while these stems are one-off wherever they stand: `runMigrations.ts`, `dbSeeder.js`. */
const ONE_OFF_STEM = /migrat|seed/i;

export function isOneOffPath(path: string, { commandFolder = true }: { commandFolder?: boolean } = {}): boolean {
  if (ONE_OFF_FOLDER.test(path) || (commandFolder && COMMAND_FOLDER.test(path))) return true;
  const name = posix.basename(path).replace(/\.[^.]+$/, '');
  return ONE_OFF_STEM.test(name) || nameWords(name).some((word) => ONE_OFF_WORDS.has(word));
}
