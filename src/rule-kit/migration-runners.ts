/**
 * Calls that apply committed migrations from inside an app's code, by the callee's text: TypeORM
 * `dataSource.runMigrations()`, knex `knex.migrate.latest()` / `.migrate.up()`, Kysely
 * `migrator.migrateToLatest()`, Umzug's `umzug.up()` / `migrator.up()` / `migrations.up()` (a lone
 * `migration.up()` is one migration's own step).
 */
export const MIGRATION_RUNNER_CALLEE = /\.(?:runMigrations|migrate\.(?:latest|up)|migrateToLatest)$|(?:^|\.)(?:umzug|migrator|migrations)\.up$/i;
