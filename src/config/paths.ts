/**
 * Paths the audited repository's own config names (`baseline`, and any future one): they resolve
 * against the audited root and must stay inside it, symlinks included. A path the user gives on the
 * command line is the user's choice and does not come through here.
 */
import { UsageError } from '../errors.js';
import { resolveInsideRoot } from '../util/safe-fs.js';

export function pathFromConfig(root: string, named: string, key: string): string {
  const resolved = resolveInsideRoot(root, named);
  if (!resolved.ok) {
    throw new UsageError(`Config key "${key}" names ${JSON.stringify(named)}, which is refused: ${resolved.reason}. Paths in the config stay inside the audited folder; give any other path on the command line.`);
  }
  return resolved.path;
}
