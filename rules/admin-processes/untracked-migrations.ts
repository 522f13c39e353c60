import { posix } from 'node:path';
import { SyntaxKind, type ObjectLiteralExpression } from 'ts-morph';
import {
  DEPENDENCY_SECTIONS,
  SQL_CLIENTS,
  calls,
  defineRule,
  dependsOnAny,
  isScriptFile,
  isToolingPath,
  isRequirementsFile,
  jsonEntryPosition,
  linesOf,
  normalisePythonName,
  parseRequirements,
  listFolder,
  prismaDatasources,
  propertyValue,
  stringValue,
  scriptsOf,
  wrapped,
  type FileExtractor,
  type SourceCall,
} from '../../src/rule-kit/index.js';
import type { AppFacts, Location, RuleContext } from '../../src/types.js';

type MessageId = 'noMigrations' | 'noRevisions';

/** SQL clients, ORMs first: the dependency that would own the migrations is the one to point at. */
const CLIENT_PREFERENCE = [
  '@prisma/client', 'prisma', 'typeorm', 'sequelize', 'knex', 'drizzle-orm', 'kysely', 'objection', 'bookshelf', '@mikro-orm/core',
  'slonik', 'pg-promise', 'pg', 'postgres', '@neondatabase/serverless', 'mysql2', 'mysql', 'mariadb', 'mssql', 'tedious', 'oracledb',
];

/** Packages whose only job is running migrations (drizzle-kit and sequelize-cli generate and apply them). */
const MIGRATION_TOOLS = [
  'node-pg-migrate', 'db-migrate', 'umzug', 'knex-migrate', 'postgrator', 'postgrator-cli', 'sequelize-cli', 'graphile-migrate',
  'drizzle-kit', 'kysely-migration-cli', 'kysely-ctl', 'node-flywaydb', 'ley', '@databases/pg-migrations', '@mikro-orm/migrations',
  'typeorm-extension', 'migrate',
];

/** A path inside a folder that holds migrations: `migrations/`, `db/migrate/`, `prisma/migrations/`, `supabase/migrations/`, Alembic `versions/`. */
const MIGRATION_FOLDER = /(?:^|\/)(?:migrations?|db\/migrate|alembic\/versions|changelogs?|flyway)\//i;
/** Files that configure or are migrations: knexfile, .sequelizerc, Flyway, Liquibase, Alembic, Atlas, drizzle, V1__x.sql. */
const MIGRATION_FILE =
  /^(?:knexfile\.[cm]?[jt]s|\.sequelizerc|flyway\.conf|flyway\.toml|alembic\.ini|atlas\.hcl|drizzle\.config\.[cm]?[jt]s|V\d+(?:[._]\d+)*__.+\.sql|(?:db\.)?changelog[\w.-]*\.(?:xml|ya?ml|json|sql))$/i;
/** Migration settings in code or config: TypeORM/MikroORM `migrations:`, drizzle `migrationsFolder`, knex `directory` under migrations. */
const MIGRATION_SETTING = /\bmigrations(?:Dir|Folder|Table(?:Name)?|_directory)?["']?\s*:/;
/** A committed schema is tracked too, if not as migrations: `schema.sql`, `db/init.sql`. */
const CREATE_TABLE = /\bcreate\s+table\b/i;
/** Bounded search of the repository when the app shares it with others (a monorepo). */
const MAX_SEARCH_DEPTH = 4;

function isMigrationPath(path: string): boolean {
  return MIGRATION_FOLDER.test(path) || MIGRATION_FILE.test(posix.basename(path)) || /(?:^|\/)drizzle\/.+\.sql$/.test(path);
}

/** The app's own files show migrations, migration settings or a committed schema. */
function appTracksSchema(context: RuleContext<MessageId>): boolean {
  const files = context.files.filter((file) => file.role !== 'vendored' && file.role !== 'generated');
  if (files.some((file) => isMigrationPath(file.path))) return true;
  return files.some((file) => {
    if (file.path.endsWith('.sql')) return CREATE_TABLE.test(context.text(file.path) ?? '');
    if (!isScriptFile(file.path) && !/ormconfig\.(?:json|ya?ml)$/.test(file.path)) return false;
    const text = context.text(file.path);
    return text !== undefined && text.includes('igration') && MIGRATION_SETTING.test(text);
  });
}

/** package.json declares a migration tool or a script that migrates. */
function manifestTracksSchema(app: AppFacts): boolean {
  if (dependsOnAny(app, MIGRATION_TOOLS, true)) return true;
  return Object.entries(scriptsOf(app.packageJson)).some(([name, command]) => /migrat/i.test(name) || /\bmigrat/i.test(command));
}

/**
 * Migrations elsewhere in the repository when the app shares it with others (a workspace member,
 * a `server/` folder next to a root `db/migrations/`): another package may own the schema. Reads
 * folder listings only, a few levels deep.
 */
function repositoryTracksSchema(context: RuleContext<MessageId>): boolean {
  const shared = context.app.path !== '.' || context.app.isWorkspaceRoot;
  return shared && folderHasMigrations(context, '.', MAX_SEARCH_DEPTH);
}

function folderHasMigrations(context: RuleContext<MessageId>, folder: string, depth: number): boolean {
  const entries = listFolder(context, folder);
  if (entries.some((entry) => isMigrationPath(entry.endsWith('/') ? `${entry}x` : entry))) return true;
  if (depth === 0) return false;
  return entries.some((entry) => entry.endsWith('/') && !entry.startsWith('.') && folderHasMigrations(context, entry.slice(0, -1), depth - 1));
}

const TYPEORM_DRIVERS = ['pg', 'mysql', 'mysql2', 'mariadb', 'mssql', 'oracledb', 'tedious'];

/** Prisma or TypeORM pointed at MongoDB only: an SQL client package, but no SQL schema to migrate. */
function usesOnlyDocumentDatabase(context: RuleContext<MessageId>, clients: readonly string[]): boolean {
  if (clients.length === 0) return false;
  const databases = [...prismaProviders(context), ...typeormTypesOf(context)];
  // Driver packages next to TypeORM are its drivers (`type` picks one); they add no schema of their own.
  const isTypeormDriver = (client: string) => clients.includes('typeorm') && TYPEORM_DRIVERS.includes(client);
  const covered = clients.every((client) => client === 'prisma' || client === '@prisma/client' || client === 'typeorm' || isTypeormDriver(client));
  return covered && databases.length > 0 && databases.every((database) => database === 'mongodb');
}

function prismaProviders(context: RuleContext<MessageId>): (string | undefined)[] {
  return context.files
    .filter((file) => file.path.endsWith('.prisma'))
    .flatMap((file) => prismaDatasources(context.text(file.path) ?? '').map((datasource) => datasource.settings.get('provider')?.value));
}

const TYPEORM = 'typeorm';

/** `type` of each TypeORM connection options object of a script naming typeorm (objects that also name `entities`, `synchronize`, `url` or `database`). */
export const typeormDatabaseTypes: FileExtractor<string[] | undefined> = {
  name: 'admin-processes/untracked-migrations',
  version: 1,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: [TYPEORM],
  typescript: {
    kinds: [SyntaxKind.ObjectLiteralExpression],
    create() {
      const types: string[] = [];
      return {
        visit(raw) {
          const node = wrapped<ObjectLiteralExpression>(raw);
          const type = stringValue(propertyValue(node, 'type'));
          const isConnection = ['entities', 'synchronize', 'url', 'database'].some((key) => propertyValue(node, key) !== undefined);
          if (type !== undefined && isConnection) types.push(type);
        },
        result: () => types,
      };
    },
  },
};

function typeormTypesOf(context: RuleContext<MessageId>): string[] {
  return context.files.flatMap((file) => {
    if (file.role !== 'source' && file.role !== 'config') return [];
    if (!isScriptFile(file.path) || !context.text(file.path)?.includes(TYPEORM)) return [];
    return context.facts(file.path, typeormDatabaseTypes) ?? [];
  });
}

/**
 * Schema created from the models when the app starts (`sequelize.sync()`, TypeORM `synchronize: true`):
 * admin-processes/schema-sync-at-startup reports how this app manages its schema, at the call; a second
 * finding at the manifest would count the same problem twice.
 */
const SCHEMA_SYNC = /\bsequelize\b[\w.]*\.sync\s*\(|\.sync\s*\(\s*\{\s*(?:force|alter)\s*:|\bsynchronize\s*:\s*true\b/;

function syncsSchemaAtStartup(context: RuleContext<MessageId>): boolean {
  return context.files.some((file) => {
    if (file.role !== 'source' || !isScriptFile(file.path) || isToolingPath(file.path)) return false;
    const text = context.text(file.path);
    return text !== undefined && text.includes('ync') && SCHEMA_SYNC.test(withoutComments(text));
  });
}

function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

/** Where the dependency is declared in package.json: its entry, or line 1. */
function dependencyPosition(text: string, dependency: string): { line: number; column: number } {
  for (const section of DEPENDENCY_SECTIONS) {
    const position = jsonEntryPosition(text, section, dependency);
    if (position) return position;
  }
  return { line: 1, column: 1 };
}

/** Python migration tools (pip-normalised names) whose revisions live in a `versions/` folder. */
const PYTHON_MIGRATION_TOOLS = ['flask-migrate', 'alembic'];
/** A revision script of Alembic or Flask-Migrate: `migrations/versions/1a2b_add_users.py`, `app/alembic/versions/...`. */
const ALEMBIC_REVISION = /(?:^|\/)(?:migrations|alembic)\/versions\/[^/]+\.py$/;

/** Python manifests other than requirements files, where a dependency is one line: `flask-migrate = "^4"`, `"alembic>=1.13",`. */
const PYTHON_MANIFEST = /(?:^|\/)(?:pyproject\.toml|Pipfile|setup\.py|setup\.cfg)$/;

/** Where a Python manifest of the app declares `name` (pip-normalised): the first file and line that does. */
function pythonDeclaration(context: RuleContext<MessageId>, name: string): { file: string; line: number; column: number } | undefined {
  for (const file of context.files) {
    const isRequirements = isRequirementsFile(file.path);
    if ((!isRequirements && !PYTHON_MANIFEST.test(file.path)) || file.role === 'docs' || file.role === 'test') continue;
    const text = context.text(file.path) ?? '';
    const declared = isRequirements
      ? parseRequirements(text).find((requirement) => requirement.kind !== 'include' && requirement.kind !== 'other' && normalisePythonName(requirement.name) === name)
      : linesOf(text)
          .map((line) => ({ line: line.line, column: line.text.search(/\S/) + 1, written: /^\s*["']?([A-Za-z0-9][\w.-]*)/.exec(line.text)?.[1] }))
          .find(({ written }) => written !== undefined && normalisePythonName(written) === name);
    if (declared) return { file: file.path, line: declared.line, column: declared.column };
  }
  return undefined;
}

/** `migrate.init_app(app, db)` of a Flask-Migrate instance made elsewhere (`migrate = Migrate()` in an extensions module). */
const MIGRATE_INIT_APP = /^(?:\w+\.)*\w*migrat\w*\.init_app$/i;

/**
 * How plainly a call wires the migration tool up, lower first; undefined for any other call:
 * Flask-Migrate bound to the app (`Migrate(app, db)`, `migrate.init_app(app, db)`), then an unbound
 * `Migrate()`, then Alembic's `context.configure(...)` in its env.py: the online one, given the
 * database connection (`alembic upgrade` against the database runs it), before the offline one that
 * only writes SQL from a URL.
 */
function wiringRank(call: SourceCall): number | undefined {
  if (call.qualified === 'flask_migrate.Migrate') return call.arguments.length > 0 ? 0 : 1;
  if (call.callee !== null && MIGRATE_INIT_APP.test(call.callee) && call.arguments.length > 0) return 0;
  if (call.qualified !== 'alembic.context.configure') return undefined;
  return call.arguments.some((argument) => argument.keyword === 'connection') ? 2 : 3;
}

/** Where the app's Python code sets the migrations up, so the finding shows it: the plainest wiring, the first in path order among equals. */
function migrationWiring(context: RuleContext<MessageId>): Location | undefined {
  let best: { rank: number; at: Location } | undefined;
  for (const file of context.files) {
    if (file.language !== 'python' || (file.role !== 'source' && file.role !== 'config')) continue;
    for (const call of context.facts(file.path, calls) ?? []) {
      const rank = wiringRank(call);
      if (rank !== undefined && (best === undefined || rank < best.rank)) best = { rank, at: { file: file.path, ...call.span } };
    }
  }
  return best?.at;
}

/**
 * Whether a revision script is committed: under `migrations/versions/` or `alembic/versions/`, or in
 * the `versions/` folder of any other Alembic environment, the folder an alembic.ini's
 * `script_location` names, which always holds its `env.py` (`database/revisions/core/env.py` and
 * `database/revisions/core/versions/2024-03-02_4b1f.py`).
 */
function holdsRevisions(context: RuleContext<MessageId>): boolean {
  const paths = new Set(context.files.map((file) => file.path));
  return context.files.some((file) => {
    if (!file.path.endsWith('.py')) return false;
    if (ALEMBIC_REVISION.test(file.path)) return true;
    const folder = posix.dirname(file.path);
    return posix.basename(folder) === 'versions' && paths.has(`${posix.dirname(folder)}/env.py`);
  });
}

/**
 * Flask-Migrate or Alembic declared but no revision committed: each install generates its own
 * migrations (`flask db init && flask db migrate` at deploy time, or a `.gitignore`d folder), so no
 * two deploys are sure to share a schema history. Reported where the code wires the tool up, at the
 * manifest's declaration when the code does not show it.
 */
function checkPythonRevisions(context: RuleContext<MessageId>, tool: string): void {
  if (holdsRevisions(context)) return;
  const at = migrationWiring(context) ?? pythonDeclaration(context, tool);
  if (at) context.report({ messageId: 'noRevisions', data: { tool }, ...at });
}

export const untrackedMigrations = defineRule<MessageId>({
  id: 'admin-processes/untracked-migrations',
  factor: 'admin-processes',
  defaultSeverity: 'warning',
  title: 'No database migrations in the repository',
  description:
    'Finds services and workers that use a relational database but keep no migrations (folder, tool or config) in the repository, and Python apps with Flask-Migrate or Alembic but no committed revision scripts.',
  fix: 'Generate migrations with the ORM or a migration tool, commit them with the code, and run them as a one-off release process.',
  messages: {
    noMigrations:
      'the app uses {{dependency}} but the repository holds no database migrations (no migrations folder, migration tool or config); commit schema changes as migrations that ship with the code',
    noRevisions:
      'the app manages its schema with {{tool}} but no revision script is committed (no migrations/versions/*.py): each install would generate its own migrations; commit them with the code',
  },
  facts: [typeormDatabaseTypes, calls],
  appliesTo(app) {
    if (app.kind !== 'service' && app.kind !== 'worker') return 'only services and workers own a database schema';
    return dependsOnAny(app, [...SQL_CLIENTS, ...PYTHON_MIGRATION_TOOLS]) ? true : 'the app depends on no relational database client';
  },
  check(context) {
    const { app } = context;
    const pythonTool = dependsOnAny(app, PYTHON_MIGRATION_TOOLS);
    if (pythonTool !== undefined) {
      checkPythonRevisions(context, pythonTool);
      return;
    }
    const clients = CLIENT_PREFERENCE.filter((name) => app.dependencies.includes(name));
    const [dependency] = clients.length > 0 ? clients : SQL_CLIENTS.filter((name) => app.dependencies.includes(name));
    const manifestText = app.manifest === undefined ? undefined : context.text(app.manifest);
    if (dependency === undefined || app.manifest === undefined || manifestText === undefined) return;
    if (manifestTracksSchema(app) || appTracksSchema(context) || usesOnlyDocumentDatabase(context, clients)) return;
    if (repositoryTracksSchema(context) || syncsSchemaAtStartup(context)) return;
    context.report({ messageId: 'noMigrations', data: { dependency }, file: app.manifest, ...dependencyPosition(manifestText, dependency) });
  },
});
