/** The dependencies factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { lockfile } from './lockfile.js';
import { systemToolExec } from './system-tool-exec.js';
import { undeclaredImports } from './undeclared-imports.js';
import { unpinnedVersions } from './unpinned-versions.js';

export const DEPENDENCIES_RULES: readonly Rule[] = [lockfile, unpinnedVersions, undeclaredImports, systemToolExec];
