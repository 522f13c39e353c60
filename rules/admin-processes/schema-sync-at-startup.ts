import { posix } from 'node:path';
import { Node, SyntaxKind, ts, type CallExpression, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import {
  isEnvironmentCondition,
  MIGRATION_RUNNER_CALLEE,
  calls,
  enclosingFunction,
  forEachSourceFacts,
  isRuntimeSource,
  sourceFunctions,
  type SourceCall,
  type SourceFunction,
  calledMember,
  defineRule,
  expandShell,
  forEachScriptFacts,
  isStaticAssetPath,
  isUnderNonProductionKey,
  listenSiteFacts,
  mayCallModule,
  moduleBindings,
  objectLiteral,
  programWords,
  propertyValue,
  spanOf,
  stringValue,
  unwrap,
  wrapped,
  type FileExtractor,
  type ModuleBinding,
  type ShellCommand,
  type Span,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext, Severity } from '../../src/types.js';
import { GO_ADMIN_CODE_FACTS, goAdminCode } from '../processes/_go-admin-code.js';

type MessageId =
  | 'typeormSynchronize'
  | 'typeormMigrationsRun'
  | 'sequelizeSync'
  | 'migrationCall'
  | 'gormAutoMigrate'
  | 'createAll';

/** Migration tools by program, and the arguments that make them change a schema. */
const MIGRATION_COMMANDS: readonly { program: RegExp; args: RegExp }[] = [
  { program: /^prisma$/, args: /\bmigrate (?:deploy|dev|reset)\b|\bdb push\b/ },
  { program: /^sequelize(?:-cli)?$/, args: /(?:^|\s)db:migrate(?:\s|$)/ },
  { program: /^knex$/, args: /(?:^|\s)migrate:(?:latest|up)\b/ },
  { program: /^typeorm(?:-ts-node-(?:commonjs|esm))?$/, args: /(?:^|\s)(?:migration:run|schema:sync)\b/ },
  { program: /^(?:node-pg-migrate|db-migrate|migrate-mongo|umzug)$/, args: /^up\b/ },
  { program: /^drizzle-kit$/, args: /^(?:push|migrate)\b/ },
  { program: /^graphile-migrate$/, args: /^migrate\b/ },
  { program: /^flyway$/, args: /\bmigrate\b/ },
  // A runner started on a migration script (`node dist/migrate.js`) or a tool's CLI file.
  { program: /^(?:node|nodemon|ts-node|tsx|bun|babel-node)$/, args: /(?:^|[\s/])migrat|migration:run|migrate:latest|db:migrate/ },
];

/** The command line of `command` when it runs a schema migration, else undefined. */
function migrationCommandLine(command: ShellCommand): string | undefined {
  const words = programWords(command.words);
  const [program, ...rest] = words;
  if (program === undefined) return undefined;
  const name = posix.basename(program);
  const args = rest.join(' ');
  return MIGRATION_COMMANDS.some((tool) => tool.program.test(name) && tool.args.test(args)) ? words.join(' ') : undefined;
}

/** Folders and file names of one-off admin scripts, where running migrations is the point. */
const ADMIN_FOLDER = /(?:^|\/)(?:scripts?|migrations?|migrate|seeders?|seeds?|bin|tools|tasks|jobs|cli|commands)\//;
const ADMIN_FILE = /^(?:migrat|seed|sync|setup|init|reset|create-?db|db-)[\w.-]*\.[cm]?[jt]sx?$/i;

function isAdminScript(path: string): boolean {
  return ADMIN_FOLDER.test(path) || ADMIN_FILE.test(posix.basename(path));
}

/**
 * Only a literal `true` is judged: a toggle read from the environment (`TYPEORM_SYNCHRONIZE`) or
 * gated by environment name is the operator's setting, like any other config.
 */
function isSwitchedOn(value: Node | undefined): boolean {
  return value !== undefined && unwrap(value).getKind() === SyntaxKind.TrueKeyword;
}

/** Modules whose option objects carry `synchronize` / `migrationsRun`. */
const SYNCHRONIZING_MODULES = /^(?:typeorm|@nestjs\/typeorm|@nestjs\/sequelize)$/;
const ORM_TOGGLES: readonly { key: string; messageId: MessageId }[] = [
  { key: 'synchronize', messageId: 'typeormSynchronize' },
  { key: 'migrationsRun', messageId: 'typeormMigrationsRun' },
];

/** Receivers of `.sync()` that are not Sequelize (`glob.sync`, `mkdirp.sync`). */
const NOT_SEQUELIZE = /^(?:glob|globby|fg|fastGlob|fs|fse|mkdirp|rimraf|del|execa|spawn|crossSpawn|which|resolve|tmp|cpy|makeDir|readPkg|findUp)$/;

interface FileScope {
  bindings: Map<string, ModuleBinding>;
  importsSequelize: boolean;
  /** The file uses TypeORM or a Nest ORM module, or is an ORM config: the toggles of its option objects count. */
  configuresOrm: boolean;
}

function scopeOf(node: ts.Node, path: string): FileScope {
  const bindings = moduleBindings(wrapped<SourceFile>(node.getSourceFile()));
  const modules = [...bindings.values()].map((binding) => binding.module);
  return {
    bindings,
    importsSequelize: modules.some((module) => /^sequelize(?:-typescript)?$/.test(module)),
    configuresOrm: modules.some((module) => SYNCHRONIZING_MODULES.test(module)) || /ormconfig|data-?source/i.test(path),
  };
}

/**
 * Committed migrations run as the app starts are a lesser fault than a schema synced from the models
 * (LABELLING.md: low); `sync({ force: true })` drops every table on each start (high).
 */
const SEVERITY: Record<MessageId, Severity> = {
  typeormSynchronize: 'warning',
  sequelizeSync: 'warning',
  typeormMigrationsRun: 'note',
  migrationCall: 'note',
  gormAutoMigrate: 'warning',
  createAll: 'warning',
};

/** An expression on one short line, for a message. */
function compactText(node: Node): string {
  const text = unwrap(node).getText().replace(/\s+/g, ' ');
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

/** A schema change at startup the file makes, wherever it runs. */
interface SchemaChange {
  messageId: MessageId;
  data: Record<string, string>;
  /** `sync({ force: true })`: drops every table. */
  drops?: boolean;
  span: Span;
}

/** A schema change at the node that makes it. */
type ChangeAt = { node: Node; change: Omit<SchemaChange, 'span'> };

/** TypeORM / Nest `synchronize: true`, `migrationsRun: true` in an options object. */
function ormToggles(node: ObjectLiteralExpression): ChangeAt[] {
  if (isUnderNonProductionKey(node)) return [];
  // TypeORM on MongoDB only ensures indexes: there is no schema to migrate.
  if (stringValue(propertyValue(node, 'type')) === 'mongodb') return [];
  return ORM_TOGGLES.flatMap((toggle) => {
    const value = propertyValue(node, toggle.key);
    return value && isSwitchedOn(value) ? [{ node: value, change: { messageId: toggle.messageId, data: { value: compactText(value) } } }] : [];
  });
}

/** `sequelize.sync()`, `db.sequelize.sync({ alter: true })`, `User.sync({ force: true })`. */
function sequelizeSyncMode(call: CallExpression, scope: FileScope): { call: string; drops: boolean } | undefined {
  const callee = unwrap(call.getExpression());
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'sync') return undefined;
  const receiver = unwrap(callee.getExpression()).getText();
  if (NOT_SEQUELIZE.test(receiver)) return undefined;
  if (!scope.importsSequelize && !/sequelize/i.test(receiver)) return undefined;
  const [options, ...rest] = call.getArguments();
  if (rest.length > 0 || (options !== undefined && !objectLiteral(options))) return undefined;
  const settings = objectLiteral(options);
  const isOn = (key: string) => settings !== undefined && propertyValue(settings, key)?.getKind() === SyntaxKind.TrueKeyword;
  if (isOn('force')) return { call: 'sync({ force: true }), which drops and recreates every table', drops: true };
  if (isOn('alter')) return { call: 'sync({ alter: true }), which alters tables to match the models', drops: false };
  return { call: 'sync(), which creates missing tables from the models', drops: false };
}

/** Whether the call runs only when an `if` around it names a non-production environment. */
function isGatedToDevelopment(node: Node): boolean {
  return node.getAncestors().some((ancestor) => Node.isIfStatement(ancestor) && isEnvironmentCondition(ancestor.getExpression().getText()));
}

/** Migration runners called from code: knex, TypeORM, Umzug, drizzle, node-pg-migrate, or a migration CLI spawned. */
function migrationCall(call: CallExpression, scope: FileScope): string | undefined {
  const callee = unwrap(call.getExpression());
  const name = callee.getText();
  if (MIGRATION_RUNNER_CALLEE.test(name)) return `${name}()`;
  const member = calledMember(call, scope.bindings);
  if (member && (/^drizzle-orm\/.+\/migrator$/.test(member.module) || member.module === 'node-pg-migrate')) return `${name}()`;
  const spawned = stringValue(call.getArguments()[0]);
  if (spawned !== undefined && /(?:^|\.)(?:exec|execSync|spawn|spawnSync|execa|execaCommand|execaSync)$/.test(name)) {
    return expandShell(spawned).map(migrationCommandLine).find((line) => line !== undefined);
  }
  return undefined;
}

/** A Sequelize `sync()` call, or a migration runner (reported only where the server starts), outside development gates. */
function schemaCallChange(call: CallExpression, scope: FileScope): ChangeAt | undefined {
  const change = schemaChangeOf(call, scope);
  // The gate is read last: it walks the call's ancestors.
  return change && !isGatedToDevelopment(call) ? { node: call, change } : undefined;
}

function schemaChangeOf(call: CallExpression, scope: FileScope): ChangeAt['change'] | undefined {
  const sync = sequelizeSyncMode(call, scope);
  if (sync !== undefined) return { messageId: 'sequelizeSync', data: { call: sync.call }, ...(sync.drops && { drops: true }) };
  const migration = migrationCall(call, scope);
  return migration === undefined ? undefined : { messageId: 'migrationCall', data: { call: migration } };
}

/** Callee text of every call `sequelizeSyncMode` or `migrationCall` may accept, besides the calls of a bound module. */
const SCHEMA_CALLEE = /sync|latest|\.up\b|runMigrations|exec|spawn/;

const TRIGGERS = ['synchronize', 'migrationsRun', 'sync(', 'migrat', 'Migrat', 'umzug', 'Umzug', 'db push', 'AutoMigrate'];

/** What each JS/TS file holding a trigger changes in the schema as it runs: ORM toggles first, then calls, in source order. */
export const scriptSchemaChanges: FileExtractor<SchemaChange[] | undefined> = {
  name: 'admin-processes/schema-sync-at-startup',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  typescript: {
    kinds: [SyntaxKind.ObjectLiteralExpression, SyntaxKind.CallExpression],
    create(file) {
      // Read at the file's first node.
      let scope: FileScope | undefined;
      const toggles: ChangeAt[] = [];
      const calls: ChangeAt[] = [];
      return {
        visit(node) {
          scope ??= scopeOf(node, file.path);
          if (ts.isObjectLiteralExpression(node)) {
            if (scope.configuresOrm) toggles.push(...ormToggles(wrapped<ObjectLiteralExpression>(node)));
          } else if (ts.isCallExpression(node) && (SCHEMA_CALLEE.test(node.expression.getText()) || mayCallModule(node, scope.bindings))) {
            // Only calls that may change the schema get wrapped.
            const change = schemaCallChange(wrapped<CallExpression>(node), scope);
            if (change) calls.push(change);
          }
        },
        result: () => [...toggles, ...calls].map(({ node, change }) => ({ ...change, span: spanOf(node, file) })),
      };
    },
  },
};

export const schemaSyncAtStartup = defineRule<MessageId>({
  id: 'admin-processes/schema-sync-at-startup',
  factor: 'admin-processes',
  // Only `sync({ force: true })` is an error; every other finding is milder (SEVERITY).
  defaultSeverity: 'error',
  title: 'Schema changed by the serving process',
  description:
    'Finds schema synchronisation and migrations run by the serving code as it starts (TypeORM synchronize/migrationsRun, Sequelize sync(), migration runners called from the server entry, gorm AutoMigrate, SQLAlchemy create_all()).',
  fix: 'Run migrations once per release as a one-off admin process (Procfile release:, a CI/CD step, a Kubernetes Job or init container), and turn schema sync off.',
  messages: {
    typeormSynchronize: 'synchronize: {{value}} makes every process that starts rewrite the database schema from the entities; run migrations as a one-off process instead',
    typeormMigrationsRun: 'migrationsRun: {{value}} runs migrations in every process that starts; run them once per release as a one-off process',
    sequelizeSync: 'Sequelize {{call}} at startup; manage the schema with migrations run as a one-off process',
    migrationCall: '{{call}} runs migrations from the server entry, in every process that starts; run them once per release as a one-off process',
    gormAutoMigrate: 'gorm AutoMigrate in {{function}}() changes the schema from the models in the serving code; manage it with committed migrations run as a one-off process',
    createAll: '{{call}} creates the tables from the models as the app starts; manage the schema with committed migrations (Alembic, Flask-Migrate) run as a one-off process',
  },
  languages: ['javascript', 'typescript', 'python', 'go'],
  triggers: [...TRIGGERS, 'create_all'],
  appliesTo(app) {
    if (app.kind === 'library') return 'libraries do not run a database schema';
    if (app.kind === 'cli') return 'command-line tools are admin processes themselves';
    return true;
  },
  facts: [scriptSchemaChanges, listenSiteFacts, calls, sourceFunctions, ...GO_ADMIN_CODE_FACTS],
  check(context) {
    forEachScriptFacts(
      context,
      scriptSchemaChanges,
      (changes, file) => {
        const createsServer = (context.facts(file.path, listenSiteFacts)?.length ?? 0) > 0;
        // A dedicated admin script is the right place, unless it is where the server starts (`bin/server.js`).
        if ((isAdminScript(file.path) && !createsServer) || isStaticAssetPath(file.path)) return;
        // Code of the file that creates the HTTP server or is an entry point of the app runs in every web process.
        const isServerEntry = createsServer || context.app.entryPoints.includes(file.path);
        for (const { messageId, data, drops, span } of changes) {
          if (messageId === 'migrationCall' && !isServerEntry) continue;
          const severity = drops ? 'error' : SEVERITY[messageId];
          context.report({ messageId, data, file: file.path, ...span, ...(severity ? { severity } : {}) });
        }
      },
      ['source', 'config'],
    );
    checkSources(context);
  },
});

/** A folder of a one-off admin program: `cmd/migrate/main.go`, `migrations/`. */
const MIGRATION_FOLDER = /(?:^|\/)[\w-]*migrat[\w-]*\//i;
/** Python admin scripts run as one-off processes, where creating the tables is the point. */
const PYTHON_ADMIN_FILE = /^(?:manage|cli|commands?|prestart|initial_data|backend_pre_start|(?:init|create|setup|reset)_?db|seeds?|migrat\w*|db_\w+)\.py$/;
/** Functions that are admin tasks or tests by name: `init_db()`, `create_tables()`, `reset_database()`, `test_models()`. */
const ADMIN_TASK = /^(?:init|create|setup|reset|drop|recreate)_?(?:db|database|tables|schema|all)$|^seed|test/i;
/** unittest fixtures: `setUp()`, `setUpClass()`, `tearDown()`. */
const TEST_FIXTURE = /^(?:setUp|tearDown)/;
/** Decorators that make a function a command run by hand: `@app.cli.command()`, `@click.command`, `@manager.command`. */
const COMMAND_DECORATOR = /(?:^|\.)(?:command|group)$/;
/** App factories and startup hooks: code that runs as the web process starts. */
const STARTUP_FUNCTION = /^(?:create_app|make_app|app_factory|get_app|lifespan|on_startup|startup)$/;
const STARTUP_DECORATOR = /(?:^|\.)(?:on_event|before_first_request|before_serving|on_startup)$/;

function runsAtStartup(fn: SourceFunction | undefined): boolean {
  return fn === undefined || STARTUP_FUNCTION.test(fn.name) || fn.decorators.some((decorator) => STARTUP_DECORATOR.test(decorator));
}

/** An admin task by name (`init_db()`) that its own file calls as it starts: at module level, from an app factory or a startup hook. */
function isCalledAtStartup(task: SourceFunction, fileCalls: readonly SourceCall[], functions: readonly SourceFunction[]): boolean {
  return fileCalls.some((call) => call.callee === task.name && runsAtStartup(enclosingFunction(functions, call.span)));
}

/**
 * Go: gorm `db.AutoMigrate(&Model{})` in the app's runtime code, once per function (a function migrating
 * five models is one finding); not in code only an operator's one-off subcommand runs (`app restore`
 * recreating the tables it loads a dump into).
 */
function checkGorm(
  context: RuleContext<MessageId>,
  file: IndexedFile,
  fileCalls: readonly SourceCall[],
  functions: readonly SourceFunction[],
  isAdminCode: (path: string, span: Span) => boolean,
): void {
  const seen = new Set<string>();
  for (const call of fileCalls) {
    // A bare `users.AutoMigrate()` is the project's own wrapper, reported where it calls gorm.
    if (!/\.AutoMigrate$/.test(call.callee ?? '') || call.arguments.length === 0 || isAdminCode(file.path, call.span)) continue;
    const fn = enclosingFunction(functions, call.span)?.name ?? 'init';
    if (seen.has(fn)) continue;
    seen.add(fn);
    context.report({ messageId: 'gormAutoMigrate', data: { function: fn }, file: file.path, line: call.span.line, column: call.span.column, severity: SEVERITY.gormAutoMigrate });
  }
}

/**
 * Python: SQLAlchemy / Flask-SQLAlchemy / SQLModel `create_all()` in the serving code (an app factory,
 * module level, a startup hook); not in a CLI command, a test, an admin script, nor an admin task
 * (`init_db()`) unless its file calls it as it starts.
 */
function checkCreateAll(context: RuleContext<MessageId>, file: IndexedFile, fileCalls: readonly SourceCall[], functions: readonly SourceFunction[]): void {
  if (PYTHON_ADMIN_FILE.test(posix.basename(file.path)) || ADMIN_FOLDER.test(file.path)) return;
  for (const call of fileCalls) {
    if (!/(?:^|\.)create_all$/.test(call.callee ?? '')) continue;
    const around = functions.filter((fn) => enclosingFunction([fn], call.span) !== undefined);
    const isRunByHand = around.some((fn) => TEST_FIXTURE.test(fn.name) || fn.decorators.some((decorator) => COMMAND_DECORATOR.test(decorator)));
    const task = around.find((fn) => ADMIN_TASK.test(fn.name));
    if (isRunByHand || (task !== undefined && !isCalledAtStartup(task, fileCalls, functions))) continue;
    context.report({ messageId: 'createAll', data: { call: `${call.callee}()` }, file: file.path, line: call.span.line, column: call.span.column, severity: SEVERITY.createAll });
  }
}

/** Go and Python runtime source outside one-off migration programs. */
function checkSources(context: RuleContext<MessageId>): void {
  let adminCode: ((path: string, span: Span) => boolean) | undefined;
  const isAdminCode = (path: string, span: Span): boolean => (adminCode ??= goAdminCode(context))(path, span);
  forEachSourceFacts(
    context,
    calls,
    (fileCalls, file) => {
      const functions = context.facts(file.path, sourceFunctions) ?? [];
      if (file.language === 'go') checkGorm(context, file, fileCalls, functions, isAdminCode);
      else checkCreateAll(context, file, fileCalls, functions);
    },
    (file) => isRuntimeSource(file) && !MIGRATION_FOLDER.test(file.path),
  );
}
