/** The dev-prod-parity factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';

export const DEV_PROD_PARITY_RULES: readonly Rule[] = [];
