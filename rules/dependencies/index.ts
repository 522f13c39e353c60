/** The dependencies factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';

export const DEPENDENCIES_RULES: readonly Rule[] = [];
