import { nameWords } from '../../util/name-words.js';

/** Words of a variable, field or attribute that holds temporary space: `temp`, `tmp_dir`, `self.temp`, `scratchPath`. */
const SCRATCH_WORDS = new Set(['tmp', 'temp', 'tmpdir', 'tempdir', 'temporary', 'scratch']);

/** Whether a name says it holds temporary space (`tempDir`, `tmp_path`, `temp`): what is written under it is scratch. */
export function isScratchName(name: string): boolean {
  return nameWords(name).some((word) => SCRATCH_WORDS.has(word));
}
