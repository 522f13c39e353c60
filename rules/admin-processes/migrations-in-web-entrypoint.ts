import { posix } from 'node:path';
import { SyntaxKind, type ts } from 'ts-morph';
import {
  calls,
  commandText,
  enclosingFunction,
  sourceFunctions,
  forEachRuntimeSourceFacts,
  isOneOffPath,
  isRuntimeScript,
  isScriptFile,
  listenSiteFacts,
  MIGRATION_RUNNER_CALLEE,
  rawDottedName,
  type FileExtractor,
  type SourceCall,
  type Span,
  defineRule,
  linesOf,
  programWords,
  referencedProgramFile,
  scriptInvocation,
  scriptsOf,
  startupSequences,
  type StartupStep,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'migrations' | 'migrationsInScript' | 'migratesOnStart' | 'migratesAtBoot';
type Context = RuleContext<MessageId>;

/**
 * Migration and seed commands of the common tools, as words after the program (`prisma migrate deploy`).
 * Each entry: program, then the subcommand words that must follow (in order, flags skipped).
 */
const MIGRATION_COMMANDS: readonly (readonly string[])[] = [
  ['prisma', 'migrate'], ['prisma', 'db', 'push'], ['prisma', 'db', 'seed'],
  ['flask', 'db', 'upgrade'], ['alembic', 'upgrade'],
  ['knex', 'migrate:latest'], ['knex', 'migrate:up'], ['knex', 'seed:run'],
  ['sequelize', 'db:migrate'], ['sequelize-cli', 'db:migrate'], ['sequelize', 'db:seed:all'], ['sequelize-cli', 'db:seed:all'],
  ['typeorm', 'migration:run'], ['typeorm-ts-node-commonjs', 'migration:run'], ['typeorm-ts-node-esm', 'migration:run'],
  ['mikro-orm', 'migration:up'], ['drizzle-kit', 'migrate'], ['drizzle-kit', 'push'],
  ['node-pg-migrate', 'up'], ['db-migrate', 'up'], ['migrate-mongo', 'up'],
  ['rails', 'db:migrate'], ['rake', 'db:migrate'], ['rails', 'db:prepare'],
  ['goose', 'up'], ['dbmate', 'up'], ['dbmate', 'migrate'], ['migrate', 'up'], ['sqlx', 'migrate', 'run'],
  ['diesel', 'migration', 'run'], ['atlas', 'migrate', 'apply'], ['flyway', 'migrate'], ['liquibase', 'update'],
];
/** The same commands written inside a program's strings (`execSync('prisma migrate deploy')`). */
const MIGRATION_IN_TEXT =
  /['"`](?:npx\s+|pnpm\s+(?:exec\s+)?|yarn\s+)?(?:prisma\s+(?:migrate\s+deploy|db\s+push)|flask\s+db\s+upgrade|alembic\s+upgrade|knex\s+migrate:latest|sequelize(?:-cli)?\s+db:migrate|typeorm\s+migration:run|python3?\s+manage\.py\s+migrate)\b/;
/** Package scripts named for migrating or seeding (`npm run migrate`, `yarn db:deploy`). */
const MIGRATION_SCRIPT = /^(?:(?:db|database|prisma)[:\-_])?(?:migrate|migrations?|seed)(?:$|[:\-_])|^(?:db|database|prisma)[:\-_](?:deploy|push|up|upgrade)$/i;
/** Shell keywords and no-op commands around a migration (retry loops, logging, waiting): not the app starting. */
const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'for', 'do', 'done', '!', '{', '}', 'case', 'esac']);
const INCIDENTAL = new Set([
  'echo', 'printf', 'sleep', 'true', 'false', 'test', '[', '[[', ']]', 'break', 'continue', 'exit', 'return', 'set', 'export',
  'cd', 'source', '.', 'wait-for-it', 'wait-for-it.sh', 'wait-for', 'dockerize', 'chmod', 'chown', 'mkdir', 'trap', 'shift',
]);

/** The words without leading shell keywords (`do flask db upgrade` -> `flask db upgrade`). */
function withoutKeywords(words: readonly string[]): string[] {
  let start = 0;
  while (start < words.length && SHELL_KEYWORDS.has(words[start]!)) start += 1;
  return programWords(words.slice(start));
}

/** Python environment runners that start the tool named next: `uv run`, `poetry run`, `pipenv run`. */
const PYTHON_RUNNERS = new Set(['uv', 'poetry', 'pipenv', 'pdm', 'hatch', 'rye']);

/** The tool a Python runner or `python -m` starts, with its arguments (`python -m flask db upgrade` -> `flask db upgrade`). */
function withoutPythonRunner(words: readonly string[]): string[] {
  const [first, second, third] = words;
  if (first !== undefined && PYTHON_RUNNERS.has(first) && second === 'run') return words.slice(2);
  if (first !== undefined && /^python(?:\d+(?:\.\d+)?)?$/.test(posix.basename(first)) && second === '-m' && third !== undefined) return words.slice(2);
  return [...words];
}

/** Go migration tools whose flags take values (`migrate -path db -database "$URL" up`): the subcommand may come anywhere after them. */
const FLAG_VALUE_TOOLS = new Set(['migrate', 'goose', 'dbmate']);

/** `python manage.py migrate`, `django-admin migrate`. */
function isDjangoMigrate(words: readonly string[]): boolean {
  const args = words.filter((word) => !word.startsWith('-'));
  const manage = args.findIndex((word) => posix.basename(word) === 'manage.py' || word === 'django-admin');
  return manage !== -1 && (args[manage + 1] === 'migrate' || args[manage + 1] === 'loaddata');
}

/** Whether a command migrates or seeds the database. */
function isMigration(words: readonly string[], scripts: Readonly<Record<string, string>>): boolean {
  const program = withoutKeywords(words);
  const script = scriptInvocation(program, scripts);
  if (script !== undefined) return MIGRATION_SCRIPT.test(script);
  if (isDjangoMigrate(program)) return true;
  const [name, ...rest] = withoutPythonRunner(program);
  const tool = posix.basename(name ?? '');
  const args = rest.filter((word) => !word.startsWith('-'));
  const follows = FLAG_VALUE_TOOLS.has(tool)
    ? (subcommand: readonly string[]) => subcommand.every((word) => args.includes(word))
    : (subcommand: readonly string[]) => subcommand.every((word, index) => args[index] === word);
  return MIGRATION_COMMANDS.some(([program, ...subcommand]) => tool === program && follows(subcommand));
}

/** Flags and subcommands of an app's own binary that migrate: `--migrate`, `--upgrade --yes`, `--install`, `migrate`. */
const OWN_MIGRATION_ARGUMENT = /^(?:--?(?:migrate|migrations|upgrade|install)(?:=.*)?|migrate|upgrade)$/;
const SCRIPT_INTERPRETERS = new Set(['node', 'nodejs', 'bun', 'deno', 'python', 'python3']);

/** What a command runs: the script an interpreter is given (`node build/index.js`), else the program (`./listmonk`). */
function programIdentity(words: readonly string[]): string | undefined {
  const [program, ...args] = words;
  if (program === undefined) return undefined;
  const interpreted = SCRIPT_INTERPRETERS.has(posix.basename(program)) ? args.find((word) => !word.startsWith('-')) : undefined;
  return posix.normalize((interpreted ?? program).replace(/^\.\//, ''));
}

/**
 * `node build/index.js --migrate` and then `exec node build/index.js`, `./listmonk --upgrade --yes &&
 * ./listmonk`: the app's own program migrates with a flag or subcommand, then the same program serves.
 */
function isOwnMigration(words: readonly string[], later: readonly StartupStep[]): boolean {
  const program = withoutKeywords(words);
  const identity = programIdentity(program);
  if (identity === undefined || !program.slice(1).some((word) => OWN_MIGRATION_ARGUMENT.test(word))) return false;
  return later.some((next) => {
    const serving = withoutKeywords(next.command.words);
    return programIdentity(serving) === identity && !serving.slice(1).some((word) => OWN_MIGRATION_ARGUMENT.test(word));
  });
}

/** A flag that has a server apply pending migrations as it starts: `-automigrate`, `--auto-migrate`, `--auto_migrations=true`. */
const AUTO_MIGRATE_FLAG = /^--?auto[-_]?migrat(?:e|ions?)(?:=(?!false$|0$|no$).*)?$/i;
/** A migrate flag (`--migrate`) the app's own binary is given together with a subcommand that starts its server. */
const MIGRATE_FLAG = /^--?migrat(?:e|ions)(?:=(?!false$|0$|no$).*)?$/i;
const SERVE_SUBCOMMAND = new Set(['serve', 'server', 'start', 'web', 'runserver']);

/**
 * The flag with which a command starts the server migrating as it boots: `goatcounter serve
 * -automigrate`, `./app --auto-migrate`, `./app serve --migrate`. A bare `--migrate` counts only
 * beside a serve subcommand: alone it may be a run that migrates and exits.
 */
function migratingServerFlag(words: readonly string[]): string | undefined {
  const program = withoutKeywords(words);
  const autoMigrate = program.find((word) => AUTO_MIGRATE_FLAG.test(word));
  if (autoMigrate !== undefined) return autoMigrate;
  // The subcommand may be the first word: a Dockerfile CMD whose program is the ENTRYPOINT.
  const serves = program.filter((word) => !word.startsWith('-')).slice(0, 2).some((word) => SERVE_SUBCOMMAND.has(word));
  return serves ? program.find((word) => MIGRATE_FLAG.test(word)) : undefined;
}

/** Whether a command only waits, logs or sets up the shell: nothing that would keep the container running. */
function isIncidental(words: readonly string[]): boolean {
  const program = withoutKeywords(words);
  return program.length === 0 || INCIDENTAL.has(program[0]!);
}

/** A migration run from inside a program the startup executes (`node scripts/check-db.js`): the line that runs it. */
function migrationInProgram(context: Context, step: StartupStep): { file: string; line: number; column: number } | undefined {
  const file = referencedProgramFile(step.command.words, context.files);
  const text = file && context.text(file.path);
  if (!file || text === undefined) return undefined;
  for (const line of linesOf(text)) {
    const match = MIGRATION_IN_TEXT.exec(line.text);
    if (match && !/^\s*(?:\/\/|#|\*)/.test(line.text)) return { file: file.path, line: line.line, column: match.index + 2 };
  }
  return undefined;
}

/** `if (process.argv[2] === '--migrate') runMigrations()`: the program run by hand with a flag, a one-off. */
function underArgvBranch(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent !== undefined; child = parent, parent = parent.parent) {
    const condition =
      parent.kind === SyntaxKind.IfStatement && (parent as ts.IfStatement).thenStatement === child
        ? (parent as ts.IfStatement).expression
        : parent.kind === SyntaxKind.ConditionalExpression && (parent as ts.ConditionalExpression).whenTrue === child
          ? (parent as ts.ConditionalExpression).condition
          : undefined;
    if (condition !== undefined && condition.getText().includes('process.argv')) return true;
  }
  return false;
}

/** The name of the function declaration a node sits in, if any (`function migrate() {...}`, `const migrate = async () => {...}`). */
function enclosingDeclaredFunction(node: ts.Node): string | undefined {
  for (let current = node.parent; current !== undefined; current = current.parent) {
    if (current.kind === SyntaxKind.FunctionDeclaration) return (current as ts.FunctionDeclaration).name?.text;
    if ((current.kind === SyntaxKind.ArrowFunction || current.kind === SyntaxKind.FunctionExpression) && current.parent?.kind === SyntaxKind.VariableDeclaration) {
      const name = (current.parent as ts.VariableDeclaration).name;
      return name.kind === SyntaxKind.Identifier ? (name as ts.Identifier).text : undefined;
    }
    if (current.kind === SyntaxKind.ArrowFunction || current.kind === SyntaxKind.FunctionExpression || current.kind === SyntaxKind.MethodDeclaration) return undefined;
  }
  return undefined;
}

/** Modules whose `migrate` applies a folder of committed migrations: drizzle's per-driver migrators, postgres-migrations. */
const MIGRATOR_MODULE = /^(?:drizzle-orm\/(?:[\w-]+\/)*migrator|postgres-migrations)$/;

/** Migration calls of a JS/TS file, with where. */
export const migrationCalls: FileExtractor<{ callee: string; span: Span }[]> = {
  name: 'admin-processes/migration-calls',
  version: 2,
  module: import.meta.url,
  roles: ['source'],
  triggers: ['igrat', 'umzug', 'Umzug'],
  typescript: {
    kinds: [SyntaxKind.ImportDeclaration, SyntaxKind.CallExpression],
    create(file) {
      const found: { callee: string; span: Span }[] = [];
      /** Local names of a migrator module's `migrate` (`import { migrate as applyMigrations } from 'drizzle-orm/libsql/migrator'`). */
      const migrators = new Set<string>();
      const runs: { callee: string; node: ts.Node }[] = [];
      /** Calls of plain names (`migrate()`), which may call a function of this file wrapping a runner. */
      const localCalls: { callee: string; node: ts.Node }[] = [];
      return {
        visit(node) {
          if (node.kind === SyntaxKind.ImportDeclaration) {
            const declaration = node as ts.ImportDeclaration;
            const specifier = (declaration.moduleSpecifier as ts.StringLiteral).text;
            const bindings = declaration.importClause?.namedBindings;
            if (!MIGRATOR_MODULE.test(specifier ?? '') || bindings === undefined || bindings.kind !== SyntaxKind.NamedImports) return;
            for (const element of (bindings as ts.NamedImports).elements) {
              if ((element.propertyName ?? element.name).text === 'migrate') migrators.add(element.name.text);
            }
            return;
          }
          const callee = rawDottedName((node as ts.CallExpression).expression);
          if (callee === undefined) return;
          if (!callee.includes('.')) localCalls.push({ callee, node });
          if (!(MIGRATION_RUNNER_CALLEE.test(callee) || migrators.has(callee)) || underArgvBranch(node)) return;
          runs.push({ callee, node });
        },
        result() {
          // A runner wrapped in a function of this file named for it (`async function migrate() { await migrator(db, ...) }`)
          // is reported where the file calls that function (`await migrate()` in the boot path), when it does.
          for (const run of runs) {
            const declared = enclosingDeclaredFunction(run.node);
            const wrapper = declared !== undefined && /migrat/i.test(declared) ? declared : undefined;
            const caller = wrapper === undefined ? undefined : localCalls.find(({ callee, node }) => callee === wrapper && enclosingDeclaredFunction(node) !== wrapper && !underArgvBranch(node));
            const at = caller ?? run;
            found.push({ callee: at.callee, span: file.span(at.node.getStart(), at.node.getEnd()) });
          }
          return found;
        },
      };
    },
  },
};

/**
 * Python calls that apply migrations: Alembic's `command.upgrade(cfg, 'head')`, Flask-Migrate's
 * `upgrade()`, Django's `call_command('migrate')`.
 */
function isPythonMigration(call: SourceCall): boolean {
  if (call.qualified === 'alembic.command.upgrade' || call.qualified === 'flask_migrate.upgrade') return true;
  return call.qualified === 'django.core.management.call_command' && call.arguments[0]?.value === 'migrate';
}

/**
 * The Python function holding a line is a command-line command (`@app.cli.command()`,
 * `@click.command()`, `@manager.command`): run by hand, not by the app's start.
 */
function inPythonCommand(text: string, line: number): boolean {
  const lines = text.split('\n').slice(0, line);
  const indent = (lines.at(-1) ?? '').search(/\S/);
  for (let index = lines.length - 2; index >= 0; index -= 1) {
    const current = lines[index] ?? '';
    const depth = current.search(/\S/);
    if (depth === -1 || depth >= indent || !/^\s*(?:async\s+)?def\s/.test(current)) continue;
    for (let above = index - 1; above >= 0 && /^\s*@/.test(lines[above] ?? ''); above -= 1) {
      if (/\.command\b|\bcommand\(|click\.|\.cli\./.test(lines[above] ?? '')) return true;
    }
    if (depth === 0) return false;
  }
  return false;
}

/**
 * Go calls that apply versioned migrations: a method or function of the app named for it
 * (`c.migrate()`, `store.RunMigrations(ctx)`, `db.MigrateUp()`), goose's `Up`, sql-migrate's `Exec`.
 * gorm's `AutoMigrate` syncs the schema from structs (schema-sync-at-startup's). Not in a migration
 * command's own package or file (`cmd/migrate/`, `migrate.go` calling its steps) or inside a function
 * named for migrating or a command (a subcommand run by hand).
 */
const GO_MIGRATE_METHOD = /^(?:[mM]igrate|[mM]igrateUp|[mM]igrateToLatest|[rR]unMigrations|[aA]pplyMigrations)$/;
const GO_MIGRATE_LIBRARY = /^github\.com\/(?:pressly\/goose(?:\/v\d+)?\.Up(?:Context)?|rubenv\/sql-migrate\.Exec(?:Max)?(?:Context)?)$/;
const GO_ONE_OFF_FUNCTION = /migrat|seed|command|cmd|upgrade|install|setup|admin/i;
/** A method of a command type (`func (c *AvatarCommand) Execute(...)`): a subcommand run by hand. */
const GO_COMMAND_RECEIVER = /^\s*func\s*\([^)]*(?:Command|Cmd)\b[^)]*\)/;

function goMigrations(context: Context, path: string, goCalls: readonly SourceCall[]): { file: string; callee: string; span: Span }[] {
  if (isOneOffPath(path, { commandFolder: false }) || path.split('/').some((segment) => /migrat/i.test(segment))) return [];
  const functions = context.facts(path, sourceFunctions) ?? [];
  const lines = (context.text(path) ?? '').split('\n');
  return goCalls.flatMap((call) => {
    const name = (call.callee ?? '').split('.').at(-1) ?? '';
    const library = GO_MIGRATE_LIBRARY.test(call.qualified ?? '');
    if (!GO_MIGRATE_METHOD.test(name) && !library) return [];
    const enclosing = enclosingFunction(functions, call.span);
    if (GO_ONE_OFF_FUNCTION.test(enclosing?.name ?? '') || GO_COMMAND_RECEIVER.test(lines[(enclosing?.span.line ?? 0) - 1] ?? '')) return [];
    if (!library && wrapsAutoMigrate(context, name)) return [];
    if (underGoFlagBranch(lines, call.span.line, enclosing?.span.line ?? 1)) return [];
    return [{ file: path, callee: call.callee ?? name, span: call.span }];
  });
}

/**
 * `case c.IsSet("migrate"):`, `if os.Args[1] == "migrate" {`: the nearest branch above the call (within its
 * function) tests a command-line flag or argument named for migrating, or os.Args: run by hand, a one-off.
 */
function underGoFlagBranch(lines: readonly string[], line: number, functionLine: number): boolean {
  for (let index = line - 1; index >= functionLine - 1 && index >= 0; index -= 1) {
    const text = lines[index] ?? '';
    if (!/^\s*(?:case\b|if\b|\}\s*else\s+if\b)/.test(text)) continue;
    return /"-{0,2}migrat|os\.Args/i.test(text);
  }
  return false;
}

/** Whether the app's Go function of that name sits in a file calling gorm's `AutoMigrate`: a schema sync named `Migrate`, schema-sync-at-startup's. */
function wrapsAutoMigrate(context: Context, name: string): boolean {
  const declares = new RegExp(`^func\\s+(?:\\([^)]*\\)\\s*)?${name}\\s*\\(`, 'm');
  return context.files.some((file) => {
    if (file.language !== 'go') return false;
    const text = context.text(file.path) ?? '';
    return text.includes('AutoMigrate(') && declares.test(text);
  });
}

/** Names of package scripts that run an admin task by hand: `db:create-admin-user`, `migrate`, `seed:demo`, `setup`. */
const ADMIN_SCRIPT_NAME = /(?:^|[:_-])(?:db|migrat\w*|seed\w*|admin|users?|setup|install|init|upgrade|create\w*|tasks?)(?:$|[:_-])/i;

/** Programs the package's admin scripts run (`"db:create-admin-user": "node db/create-admin-user.js"`): one-off commands. */
function packageScriptPrograms(context: Context): Set<string> {
  const programs = new Set<string>();
  for (const [name, script] of Object.entries(scriptsOf(context.app.packageJson))) {
    if (!ADMIN_SCRIPT_NAME.test(name)) continue;
    for (const word of script.split(/\s+/)) {
      if (/\.[cm]?[jt]s$/.test(word)) programs.add(posix.join(context.app.path, word));
    }
  }
  return programs;
}

/**
 * Migrations the app's own code applies as it starts: each web or worker process migrates on boot.
 * An app has one migration authority, so one finding: the call in the file that starts the server,
 * else the first in file order, stands for the others (a restore path re-running the migrations is
 * the same design).
 */
function checkCodeMigrations(context: Context): void {
  const found: { file: string; callee: string; span: Span }[] = [];
  const scriptPrograms = packageScriptPrograms(context);
  for (const file of context.candidates((candidate) => isRuntimeScript(candidate) && !isOneOffPath(candidate.path) && !scriptPrograms.has(candidate.path))) {
    for (const call of context.facts(file.path, migrationCalls) ?? []) found.push({ file: file.path, ...call });
  }
  forEachRuntimeSourceFacts(context, calls, (pythonCalls, file) => {
    if (file.language === 'go') {
      found.push(...goMigrations(context, file.path, pythonCalls));
      return;
    }
    if (file.language !== 'python' || isOneOffPath(file.path)) return;
    const text = context.text(file.path) ?? '';
    for (const call of pythonCalls.filter(isPythonMigration)) {
      if (!inPythonCommand(text, call.span.line)) found.push({ file: file.path, callee: call.callee ?? '', span: call.span });
    }
  });
  // The server's own call first (a module's helper may never run at boot), then file order.
  const serves = (file: string) => (isScriptFile(file) && (context.facts(file, listenSiteFacts)?.length ?? 0) > 0 ? 0 : 1);
  const [first] = found.sort((a, b) => serves(a.file) - serves(b.file) || (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.line - b.span.line));
  if (first) context.report({ messageId: 'migratesAtBoot', data: { call: `${first.callee}()` }, file: first.file, ...first.span });
}

/** Reports a finding unless one is already reported on that line (two processes may run the same script). */
function reportOnce(context: Context, reported: Set<string>, messageId: MessageId, data: Record<string, string>, at: { file: string; line: number; column: number }): void {
  const key = `${at.file}:${at.line}`;
  if (reported.has(key)) return;
  reported.add(key);
  context.report({ messageId, data, file: at.file, line: at.line, column: at.column });
}

function checkSequence(context: Context, steps: readonly StartupStep[], scripts: Readonly<Record<string, string>>, reported: Set<string>): void {
  for (const [index, step] of steps.entries()) {
    const command = commandText(withoutKeywords(step.command.words));
    const migrates = isMigration(step.command.words, scripts) || isOwnMigration(step.command.words, steps.slice(index + 1));
    const inProgram = migrates ? undefined : migrationInProgram(context, step);
    const flag = migrates || inProgram ? undefined : migratingServerFlag(step.command.words);
    if (flag !== undefined) {
      reportOnce(context, reported, 'migratesOnStart', { origin: step.origin, flag, command }, step);
      return;
    }
    if (!inProgram && !migrates) continue;
    // A process that only migrates is a one-off or release job: fine. It matters when the app starts after it.
    const later = steps.slice(index + 1).filter((next) => !isIncidental(next.command.words) && !isMigration(next.command.words, scripts));
    const server = [...later].reverse().find((next) => scriptInvocation(withoutKeywords(next.command.words), scripts) === undefined) ?? later.at(-1);
    if (!server) return;
    const next = withoutKeywords(server.command.words);
    // `exec "$@"` at the end of an ENTRYPOINT script hands over to the image's CMD.
    const nextText = /^\$[@*]$/.test(next[0] ?? '') ? 'the CMD, through exec "$@"' : commandText(next);
    reportOnce(context, reported, inProgram ? 'migrationsInScript' : 'migrations', { origin: step.origin, command, next: nextText }, inProgram ?? step);
    return;
  }
}

export const migrationsInWebEntrypoint = defineRule<MessageId>({
  id: 'admin-processes/migrations-in-web-entrypoint',
  factor: 'admin-processes',
  defaultSeverity: 'note',
  title: 'Migrations run when the app starts',
  description:
    'Finds production start commands (Dockerfile CMD/ENTRYPOINT and the scripts they run, Procfile processes, compose commands, the start script) that migrate or seed the database before starting the app or start it with an auto-migrate flag, and app code that applies its migrations as it starts (TypeORM runMigrations, knex migrate.latest, Kysely, Umzug; Alembic, Flask-Migrate, Django call_command).',
  fix: 'Run migrations once per release as a one-off process: a Procfile release phase, a Kubernetes Job or init step, a separate compose service or a deploy pipeline step.',
  messages: {
    migrations:
      '{{origin}} runs `{{command}}` before starting the app (`{{next}}`): every container start and every replica applies migrations, racing each other and tying the release to the boot',
    migrationsInScript:
      'this program, run by {{origin}} (`{{command}}`) before the app starts (`{{next}}`), applies database migrations on every container start; run them once per release instead',
    migratesOnStart:
      '{{origin}} starts the app with `{{flag}}` (`{{command}}`): the server applies pending migrations as it boots, so every container start and every replica migrates; run them once per release instead',
    migratesAtBoot:
      '`{{call}}` applies the migrations from inside the app: every process start and every replica migrates the database; run them once per release instead',
  },
  appliesTo: (app) => (app.kind === 'service' || app.kind === 'worker' ? true : `${app.kind === 'library' ? 'libraries' : 'CLIs'} are not started as processes`),
  facts: [migrationCalls, calls, listenSiteFacts, sourceFunctions],
  // A migration runner the server entry calls is this rule's fact; schema-sync-at-startup reports it too.
  supersedes: ['admin-processes/schema-sync-at-startup#migrationCall'],
  check(context) {
    const scripts = scriptsOf(context.app.packageJson);
    const reported = new Set<string>();
    for (const steps of startupSequences(context)) checkSequence(context, steps, scripts, reported);
    checkCodeMigrations(context);
  },
});
