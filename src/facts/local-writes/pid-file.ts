import { nameWords } from '../../util/name-words.js';

/**
 * Whether a path expression names the process's pid file (`pidPath`, `cfg.Core.PID.Path`,
 * `settings.PID_FILE`, `self.pidfile`): plumbing every start rewrites, not state. A bare `pid` is not
 * enough: `f"pins/{pid}.png"` may be a record's id.
 */
export function namesPidFile(expression: string): boolean {
  const words = nameWords(expression);
  return words.some((word, index) => word === 'pidfile' || (word === 'pid' && (words[index + 1] === 'file' || words[index + 1] === 'path')));
}
