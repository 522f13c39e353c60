/** The disposability factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { shellFormEntrypoint } from './shell-form-entrypoint.js';
import { sigtermHandler } from './sigterm-handler.js';
import { swallowedCrash } from './swallowed-crash.js';

export const DISPOSABILITY_RULES: readonly Rule[] = [sigtermHandler, swallowedCrash, shellFormEntrypoint];
