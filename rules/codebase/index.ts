/** The codebase factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { outOfRepoCode } from './out-of-repo-code.js';
import { versionControl } from './version-control.js';

export const CODEBASE_RULES: readonly Rule[] = [versionControl, outOfRepoCode];
