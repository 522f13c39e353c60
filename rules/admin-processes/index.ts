/** The admin-processes factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { schemaSyncAtStartup } from './schema-sync-at-startup.js';

export const ADMIN_PROCESSES_RULES: readonly Rule[] = [schemaSyncAtStartup];
