/**
 * Where the config file is: kept apart from its loading (parse, validation) so that a cached run can
 * ask without loading the validator.
 */
import { existsSync, lstatSync } from 'node:fs';
import path from 'node:path';

/** Looked for at the audited root, in this order. */
export const CONFIG_FILE_NAMES = ['.twelve-audit.yml', '.twelve-audit.yaml', '.twelve-audit.json'] as const;

/** The first config name present at the root as a file, or as a symlink (refused when read, never skipped over). */
export function findConfigFile(root: string): string | undefined {
  return CONFIG_FILE_NAMES.map((name) => path.resolve(root, name)).find((candidate) => {
    try {
      const stats = lstatSync(candidate);
      return stats.isFile() || stats.isSymbolicLink();
    } catch {
      return false;
    }
  });
}

/**
 * The nearest config, as ESLint and Prettier users expect: in the audited root, else in each folder
 * above it up to the top of the git repository it lies in (so a root config applies when one app of a
 * monorepo is audited). Outside a repository only the audited root is looked at.
 */
export function discoverConfigFile(root: string): string | undefined {
  const start = path.resolve(root);
  const top = repositoryTop(start);
  for (let folder = start; ; folder = path.dirname(folder)) {
    const found = findConfigFile(folder);
    if (found !== undefined || top === undefined || folder === top || path.dirname(folder) === folder) return found;
  }
}

/** The nearest folder at or above `folder` that holds `.git`; undefined when there is none. */
function repositoryTop(folder: string): string | undefined {
  for (let current = folder; ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}
