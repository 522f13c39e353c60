/** The concurrency factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { daemonizing } from './daemonizing.js';

export const CONCURRENCY_RULES: readonly Rule[] = [daemonizing];
