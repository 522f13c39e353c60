/** The admin-processes factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { migrationsInWebEntrypoint } from './migrations-in-web-entrypoint.js';
import { schemaSyncAtStartup } from './schema-sync-at-startup.js';
import { untrackedMigrations } from './untracked-migrations.js';

export const ADMIN_PROCESSES_RULES: readonly Rule[] = [schemaSyncAtStartup, untrackedMigrations, migrationsInWebEntrypoint];
