/** The port-binding factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';

export const PORT_BINDING_RULES: readonly Rule[] = [];
