import { posix } from 'node:path';
import { Node, SyntaxKind, ts, type ObjectLiteralExpression } from 'ts-morph';
import {
  clientCallReader,
  copyOperands,
  defineRule,
  envVariableName,
  forEachScriptFacts,
  isStaticAssetPath,
  isToolingPath,
  isEnvRead,
  isOneOffPath,
  isUnderNonProductionKey,
  objectLiteral,
  optionsObject,
  prismaDatasources,
  propertyValue,
  spanOf,
  stringValue,
  unwrap,
  wrapped,
  type ClientCall,
  type ClientShape,
  type FileExtractor,
  type Span,
  calls,
  enclosingFunction,
  envReads,
  forEachSourceFacts,
  imports,
  isKnownLibrary,
  isLocalLiteral,
  isRuntimeSource,
  literals,
  sourceFunctions,
  spanHolds,
  stringOf,
  type BoundLiteral,
  type SourceCall,
  type SourceEnvRead,
  type SourceImport,
} from '../../src/rule-kit/index.js';
import type { AppFacts, IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'embeddedFile' | 'configurablePath' | 'sqliteConfig' | 'prismaSqlite' | 'sqliteSetting' | 'sqliteDefault' | 'imageConfigSqlite';

/**
 * Where a store's location goes: `path` a file or folder argument, `options` an object with
 * `filename` (or `url: 'file:...'`), `pathOrOptions` either, `autoload` a lokijs name that only
 * touches disk with `autoload`/`autosave`, `orm` options naming a SQLite dialect.
 */
type Argument = 'path' | 'options' | 'pathOrOptions' | 'autoload' | 'orm';

interface StoreShape extends ClientShape<Argument> {
  /** Options argument position whose `readonly: true` means a bundled read-only file, not a system of record. */
  readonlyOptions?: number;
}

/** Embedded stores and where their file goes. */
const STORES: readonly StoreShape[] = [
  { client: 'sqlite3', modules: ['sqlite3'], members: ['Database', 'cached.Database'], args: ['path'] },
  { client: 'better-sqlite3', modules: ['better-sqlite3'], members: ['', 'default'], args: ['path'], readonlyOptions: 1 },
  { client: 'bun:sqlite', modules: ['bun:sqlite'], members: ['Database', 'default'], args: ['path'], readonlyOptions: 1 },
  { client: 'node:sqlite', modules: ['node:sqlite'], members: ['DatabaseSync'], args: ['path'], readonlyOptions: 1 },
  { client: 'sqlite', modules: ['sqlite'], members: ['open'], args: ['options'] },
  { client: 'libSQL', modules: ['@libsql/client', '@libsql/client/*'], members: ['createClient'], args: ['options'] },
  {
    client: 'lowdb',
    modules: ['lowdb', 'lowdb/node'],
    members: ['JSONFile', 'JSONFileSync', 'JSONFilePreset', 'JSONFileSyncPreset', 'DataFile', 'DataFileSync'],
    args: ['path'],
  },
  { client: 'lowdb', modules: ['lowdb/adapters/FileSync', 'lowdb/adapters/FileAsync'], members: ['', 'default'], args: ['path'] },
  { client: 'NeDB', modules: ['nedb', '@seald-io/nedb', 'nedb-promises'], members: ['', 'default', 'Datastore', 'create', 'Datastore.create'], args: ['pathOrOptions'] },
  { client: 'LevelDB', modules: ['level', 'classic-level', 'leveldown', 'rocksdb'], members: ['', 'default', 'Level', 'ClassicLevel'], args: ['path'] },
  { client: 'LokiJS', modules: ['lokijs'], members: ['', 'default'], args: [undefined, 'autoload'] },
  { client: 'node-json-db', modules: ['node-json-db'], members: ['JsonDB'], args: ['path'] },
  { client: 'Sequelize', modules: ['sequelize', 'sequelize-typescript'], members: ['', 'Sequelize'], args: ['orm', 'orm', undefined, 'orm'] },
  { client: 'knex', modules: ['knex'], members: ['', 'default', 'knex'], args: ['orm'] },
  { client: 'TypeORM', modules: ['typeorm'], members: ['DataSource', 'createConnection'], args: ['orm'] },
  { client: 'TypeORM', modules: ['@nestjs/typeorm'], members: ['TypeOrmModule.forRoot', 'TypeOrmModule.forRootAsync'], args: ['orm'] },
];

/** ORM settings that select SQLite, and the setting that then names the file (undefined = in memory). */
const SQLITE_SETTINGS: readonly { key: string; values: RegExp; file: (options: ObjectLiteralExpression) => Node | undefined }[] = [
  { key: 'dialect', values: /^sqlite$/, file: (options) => propertyValue(options, 'storage') },
  { key: 'type', values: /^(?:sqlite|better-sqlite3)$/, file: (options) => propertyValue(options, 'database') },
  {
    key: 'client',
    values: /^(?:sqlite3?|better-sqlite3)$/,
    file: (options) => {
      const connection = propertyValue(options, 'connection');
      const settings = objectLiteral(connection);
      return settings ? propertyValue(settings, 'filename') : connection;
    },
  },
];

const IN_MEMORY = /^(?::memory:|file::memory:.*|.*[?&]mode=memory.*|)$/;
/** Locations that hold a cache or scratch data, not the system of record. */
const SCRATCH = /cache|\btmp\b|tmpdir|\btemp\b/i;
/** Apps that keep local data by design: desktop and mobile shells. */
const LOCAL_FIRST_PACKAGES = ['electron', 'react-native', 'expo', '@capacitor/core', '@tauri-apps/api', 'nw', '@ionic/core'];

type Location = 'memory' | 'scratch' | 'configurable' | 'file';

/** Where a path argument points: in memory, scratch space, a file chosen by the environment, or a fixed file. */
function locationOf(node: Node | undefined): Location {
  if (!node) return 'memory';
  const expression = unwrap(node);
  const literal = stringValue(expression);
  if (literal !== undefined) return IN_MEMORY.test(literal) ? 'memory' : SCRATCH.test(literal) ? 'scratch' : 'file';
  if (SCRATCH.test(expression.getText())) return 'scratch';
  const readsEnvironment = isEnvRead(expression) || expression.getDescendants().some((child) => envVariableName(child) !== undefined);
  return readsEnvironment ? 'configurable' : 'file';
}

/** A short label of where the store lives, for the message: `new Config('settings')` -> settings. */
function pathLabel(node: Node | undefined): string {
  if (!node) return 'a local file';
  const expression = unwrap(node);
  const wrapped = Node.isNewExpression(expression) || Node.isCallExpression(expression) ? stringValue(expression.getArguments()[0]) : undefined;
  const literal = wrapped ?? stringValue(expression);
  const text = literal ?? unwrap(node).getText();
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function isReadonly(options: Node | undefined): boolean {
  const object = objectLiteral(options);
  const flag = object && (propertyValue(object, 'readonly') ?? propertyValue(object, 'readOnly'));
  return flag?.getText() === 'true' || /OPEN_READONLY/.test(options?.getText() ?? '');
}

/** A finding of a script, as the rule will report it. */
interface StoreFinding {
  messageId: MessageId;
  data: Record<string, string>;
  severity?: 'note';
  span: Span;
}

/** One check's findings in a script, in source order. */
class Findings {
  readonly found: { at: Node; finding: Omit<StoreFinding, 'span'> }[] = [];

  /** Reports the store at `at` unless it lives in memory or scratch space. */
  store(at: Node, store: string, location: Node | undefined): void {
    const where = locationOf(location);
    if (where === 'memory' || where === 'scratch' || isUnderNonProductionKey(at)) return;
    const messageId: MessageId = where === 'configurable' ? 'configurablePath' : 'embeddedFile';
    this.report(at, messageId, { store, path: pathLabel(location) }, where === 'configurable' ? 'note' : undefined);
  }

  report(at: Node, messageId: MessageId, data: Record<string, string>, severity?: 'note'): void {
    this.found.push({ at, finding: { messageId, data, ...(severity ? { severity } : {}) } });
  }
}

/** `{ dialect: 'sqlite', storage }`, `{ type: 'sqlite', database }`, `{ client: 'sqlite3', connection: { filename } }`. */
function checkSqliteSettings(options: ObjectLiteralExpression, orm: string, findings: Findings): void {
  for (const setting of SQLITE_SETTINGS) {
    const selector = propertyValue(options, setting.key);
    const value = stringValue(selector);
    if (selector === undefined || value === undefined || !setting.values.test(value)) continue;
    const file = setting.file(options);
    const where = locationOf(file);
    if (file === undefined || where === 'memory' || where === 'scratch' || isUnderNonProductionKey(selector)) continue;
    findings.report(selector, 'sqliteConfig', { orm, setting: `${setting.key}: '${value}'`, path: pathLabel(file) }, where === 'configurable' ? 'note' : undefined);
  }
}

function checkArgument(call: Node, argument: Node | undefined, kind: Argument, store: string, findings: Findings): void {
  switch (kind) {
    case 'path':
      // No argument: better-sqlite3 and bun:sqlite open an anonymous in-memory database.
      findings.store(call, store, argument);
      return;
    case 'options':
    case 'pathOrOptions': {
      const options = objectLiteral(argument);
      if (!options) {
        if (kind === 'pathOrOptions' && argument) findings.store(call, store, argument);
        return;
      }
      if (propertyValue(options, 'inMemoryOnly')?.getText() === 'true') return;
      const url = propertyValue(options, 'url');
      const file = propertyValue(options, 'filename') ?? (stringValue(url)?.startsWith('file:') ? url : undefined);
      if (file) findings.store(call, store, file);
      return;
    }
    case 'autoload': {
      const options = objectLiteral(argument);
      const persists = ['autoload', 'autosave'].some((key) => options && propertyValue(options, key)?.getText() === 'true');
      const [name] = Node.isNewExpression(call) || Node.isCallExpression(call) ? call.getArguments() : [];
      if (persists) findings.store(call, store, name);
      return;
    }
    case 'orm': {
      const options = optionsObject(argument);
      if (options) checkSqliteSettings(options, store, findings);
      const url = stringValue(argument);
      if (url !== undefined && /^sqlite:/.test(url) && !IN_MEMORY.test(url.replace(/^sqlite:(?:\/\/)?/, ''))) {
        findings.report(unwrap(argument!), 'sqliteConfig', { orm: store, setting: 'a sqlite: URL', path: url }, undefined);
      }
    }
  }
}

function checkStoreCall({ shape, call }: ClientCall<StoreShape>, findings: Findings): void {
  const args = call.getArguments();
  if (shape.readonlyOptions !== undefined && isReadonly(args[shape.readonlyOptions])) return;
  if (shape.client === 'sqlite3' && isReadonly(args[1])) return;
  shape.args.forEach((kind, index) => {
    if (kind) checkArgument(call, args[index], kind, shape.client, findings);
  });
}

/** knexfiles hold knex settings as plain objects, not in a call. */
const KNEXFILE = /(?:^|\/)knexfile\.[cm]?[jt]s$/;

function checkPrismaSchema(text: string, path: string, context: RuleContext<MessageId>): void {
  for (const datasource of prismaDatasources(text)) {
    const provider = datasource.settings.get('provider');
    if (provider?.value !== 'sqlite') continue;
    context.report({ messageId: 'prismaSqlite', data: { datasource: datasource.name }, file: path, line: provider.line, column: provider.column });
  }
}

/** Django's SQLite engine, or a SQLAlchemy-style `sqlite:` URL, as a settings value. */
const PY_SQLITE_SETTING = /^(?:django\.db\.backends\.sqlite3|sqlite\+?\w*:\/\/.*)$/s;
/** Variables that make the database a per-deploy choice, after which SQLite is only the development default. */
const DATABASE_VARIABLE = /DATABASE_URL|(?:DB|DATABASE)_?(?:ENGINE|URL|URI)\b/;

/**
 * Drivers of server databases. An app that ships one can attach such a database, so a SQLite file is
 * its default when nothing is configured (LABELLING.md: a fallback to a backing service, low), not its
 * only store.
 */
const SERVER_DATABASE_DRIVERS = new Set([
  'psycopg', 'psycopg2', 'psycopg2-binary', 'psycopg-binary', 'asyncpg', 'mysqlclient', 'pymysql', 'mysql-connector-python', 'aiomysql',
  'github.com/lib/pq', 'github.com/jackc/pgx', 'github.com/jackc/pgx/v4', 'github.com/jackc/pgx/v5', 'github.com/go-sql-driver/mysql',
  'gorm.io/driver/postgres', 'gorm.io/driver/mysql',
]);

function canAttachServerDatabase(app: AppFacts): boolean {
  return app.dependencies.some((name) => SERVER_DATABASE_DRIVERS.has(name.toLowerCase()));
}

/** Whether a Python file lets the environment choose the database (`DATABASE_URL`, dj-database-url). */
function readsDatabaseFromEnvironment(reads: readonly SourceEnvRead[], fileImports: readonly SourceImport[]): boolean {
  return reads.some((read) => read.name !== null && DATABASE_VARIABLE.test(read.name)) || fileImports.some((imported) => imported.module === 'dj_database_url');
}

/**
 * Python settings whose database is a SQLite file: `'ENGINE': 'django.db.backends.sqlite3'`,
 * `SQLALCHEMY_DATABASE_URI = 'sqlite:///app.db'`. The only database when nothing lets another be
 * attached (an error); the default when the file reads the database from the environment or the app
 * ships a server database's driver (a note: what a deploy that forgets the setting runs on). A
 * developer's setting (a local settings module, a DevelopmentConfig) is neither.
 */
function checkPython(context: RuleContext<MessageId>, file: IndexedFile, bound: readonly BoundLiteral[], fileCalls: readonly SourceCall[], sqliteTypeDefault: () => boolean): void {
  const chosen = readsDatabaseFromEnvironment(context.facts(file.path, envReads) ?? [], context.facts(file.path, imports) ?? []);
  if (!chosen) checkStdlibSqlite(context, file, fileCalls);
  const isDefault = chosen || canAttachServerDatabase(context.app);
  const arms = context.facts(file.path, sqliteArms) ?? [];
  for (const literal of bound) {
    // The branch taken when the database-type setting says "sqlite", beside a server database's: a
    // deploy's explicit choice, unless that setting itself defaults to SQLite.
    if (arms.some((arm) => spanHolds(arm, literal.span)) && !sqliteTypeDefault()) continue;
    // `'sqlite:///' + os.path.join(basedir, 'app.db')`: the scheme is written, the path built.
    const value = stringOf(literal.value);
    if (value === undefined || !PY_SQLITE_SETTING.test(value) || IN_MEMORY.test(value.replace(/^sqlite\+?\w*:\/\/\/?/, '')) || SCRATCH.test(value) || SCRATCH.test(literal.name ?? '')) continue;
    if (isLocalLiteral(context, literal, file.path)) continue;
    const at = { file: file.path, line: literal.span.line, column: literal.span.column };
    if (isDefault) context.report({ messageId: 'sqliteDefault', data: { store: 'SQLite', value }, ...at, severity: 'note' });
    else context.report({ messageId: 'sqliteSetting', data: { value }, ...at });
  }
}

/** A Python setting of the database type: `DB_TYPE`, `DATABASE_ENGINE`, `db_dialect`. */
const PY_DATABASE_TYPE_NAME = /(?:^|_)(?:DB|DATABASE)_?(?:TYPE|ENGINE|DIALECT|DRIVER|BACKEND|VENDOR)$/i;

/** Whether the app's Python settings default the database type to SQLite: `config("DB_TYPE", default="sqlite")`, `DB_ENGINE: str = "sqlite"`. */
function pythonSqliteTypeDefault(context: RuleContext<MessageId>): boolean {
  let found = false;
  forEachSourceFacts(
    context,
    literals,
    (bound) => {
      found ||= bound.some((literal) => /^sqlite3?$/i.test(stringOf(literal.value) ?? '') && (literal.fallbackOf !== undefined || PY_DATABASE_TYPE_NAME.test(literal.name ?? '')));
    },
    (file) => file.language === 'python' && isRuntimeSource(file),
  );
  return found;
}

/** `sqlite3.connect('shop.db')` of the standard library, with a fixed file, outside test helpers. */
function checkStdlibSqlite(context: RuleContext<MessageId>, file: IndexedFile, fileCalls: readonly SourceCall[]): void {
  const functions = context.facts(file.path, sourceFunctions) ?? [];
  for (const call of fileCalls) {
    const [target] = call.arguments;
    if (call.qualified !== 'sqlite3.connect' || target?.kind !== 'string' || /test/i.test(enclosingFunction(functions, call.span)?.name ?? '')) continue;
    const path = String(target.value);
    if (IN_MEMORY.test(path) || SCRATCH.test(path)) continue;
    context.report({ messageId: 'embeddedFile', data: { store: 'SQLite', path }, file: file.path, line: call.span.line, column: call.span.column });
  }
}

/** Values of a `case` that name a server database beside SQLite. */
const SERVER_DATABASE_NAME = /postgres|pgx|mysql|mariadb|mssql|sqlserver|cockroach|tidb|oracle|clickhouse/i;
/** Nodes looked at inside one switch: bounds the work on a huge generated one. */
const MAX_CASES = 64;

/** A Python condition that compares a setting with SQLite's name: `DB_TYPE == "sqlite"`, `engine in ("sqlite", "sqlite3")`. */
const PY_SQLITE_TEST = /(?:==|\bin\b)\s*[([{]?\s*["']sqlite3?["']|["']sqlite3?["']\s*==/i;

/**
 * The spans of the branches that open SQLite as one explicit choice of a setting that names the
 * database type, not what the code falls back to. Go: `case "sqlite3":` arms (a value naming SQLite)
 * of a switch that also has an arm for a server database (`case "postgres":`); a `default:` arm is
 * never one. Python: the body of an `if`/`elif` whose condition compares a setting with "sqlite"
 * (`if DB_TYPE == "sqlite":`) in a chain whose other branches name a server database; an `else:` is
 * never one; and the value under a `'sqlite'` key of a dict whose other keys name a server database
 * (a URL template per database flavour, looked up by the configured one).
 */
export const sqliteArms: FileExtractor<Span[]> = {
  name: 'backing-services/embedded-datastore/sqlite-arms',
  version: 3,
  module: import.meta.url,
  roles: ['source'],
  triggers: ['sqlite'],
  python: {
    kinds: ['if_statement', 'dictionary'],
    create(file) {
      const arms: Span[] = [];
      return {
        visit(node) {
          if (node.type === 'dictionary') {
            // `{'sqlite': 'sqlite:///{path}', 'postgresql': 'postgresql://...'}` looked up by the configured flavour.
            const pairs = node.namedChildren.slice(0, MAX_CASES).filter((child) => child?.type === 'pair');
            const keyOf = (pair: (typeof pairs)[number]): string => pair?.childForFieldName('key')?.text ?? '';
            const sqlite = pairs.filter((pair) => /^["']sqlite3?["']$/i.test(keyOf(pair)));
            if (sqlite.length === 0 || !pairs.some((pair) => /^["']/.test(keyOf(pair)) && SERVER_DATABASE_NAME.test(keyOf(pair)))) return;
            for (const pair of sqlite) {
              const value = pair?.childForFieldName('value');
              if (value) arms.push(file.span(value.startIndex, value.endIndex));
            }
            return;
          }
          const branches = [node, ...node.namedChildren.flatMap((child) => (child && (child.type === 'elif_clause' || child.type === 'else_clause') ? [child] : []))].slice(0, MAX_CASES);
          const chosen = branches.filter((branch) => branch.type !== 'else_clause' && PY_SQLITE_TEST.test(branch.childForFieldName('condition')?.text ?? ''));
          if (chosen.length === 0) return;
          const namesServer = branches.some((branch) => {
            if (chosen.includes(branch)) return false;
            const body = branch.childForFieldName(branch.type === 'else_clause' ? 'body' : 'consequence');
            return SERVER_DATABASE_NAME.test(`${branch.childForFieldName('condition')?.text ?? ''} ${body?.text ?? ''}`);
          });
          if (!namesServer) return;
          for (const branch of chosen) {
            const body = branch.childForFieldName('consequence');
            if (body) arms.push(file.span(body.startIndex, body.endIndex));
          }
        },
        result: () => arms,
      };
    },
  },
  go: {
    kinds: ['expression_case'],
    create(file) {
      const arms: Span[] = [];
      return {
        visit(node) {
          if (!/sqlite/i.test(node.childForFieldName('value')?.text ?? '')) return;
          const siblings = (node.parent?.namedChildren ?? []).slice(0, MAX_CASES);
          const namesServer = siblings.some((sibling) => sibling !== null && sibling.type === 'expression_case' && SERVER_DATABASE_NAME.test(sibling.childForFieldName('value')?.text ?? ''));
          if (namesServer) arms.push(file.span(node.startIndex, node.endIndex));
        },
        result: () => arms,
      };
    },
  },
};

/**
 * Go registries of storage types keyed by the name a setting gives (`map[string]func() Config{"sqlite3":
 * ..., "postgres": ...}`): the keys naming SQLite of a composite literal whose other keys name a server
 * database. SQLite is then one type the operator chooses, opened by its own driver type elsewhere.
 */
export const sqliteRegistryKeys: FileExtractor<Span[]> = {
  name: 'backing-services/embedded-datastore/sqlite-registry-keys',
  version: 1,
  module: import.meta.url,
  roles: ['source'],
  triggers: ['sqlite'],
  go: {
    kinds: ['literal_value'],
    create(file) {
      const keys: Span[] = [];
      return {
        visit(node) {
          const named = node.namedChildren
            .slice(0, MAX_CASES)
            .flatMap((element) => (element?.type === 'keyed_element' ? [element.namedChildren[0]] : []))
            .filter((key) => key !== null && key !== undefined && /^"[\w.-]+"$/.test(key.text.trim()));
          const sqlite = named.filter((key) => /sqlite/i.test(key!.text));
          if (sqlite.length === 0 || !named.some((key) => SERVER_DATABASE_NAME.test(key!.text))) return;
          for (const key of sqlite) keys.push(file.span(key!.startIndex, key!.endIndex));
        },
        result: () => keys,
      };
    },
  },
};

/** Calls that open a database with the driver named first (`gorm.Open("sqlite3", path)`), or SQLite's own dialector (`sqlite.Open(path)`). */
const DRIVER_OPEN = /^(?:gorm|sql|sqlx)\.Open$/;
const SQLITE_OPEN = /^sqlite\.Open$/;

/** `gorm.Open("sqlite3", "./app.db")`, `sql.Open("sqlite3", path)`, `gorm.Open(sqlite.Open("app.db"))` outside test helpers. */
function checkGo(context: RuleContext<MessageId>, file: IndexedFile, fileCalls: readonly SourceCall[], explicitArms: { found: boolean }, registered: () => boolean): void {
  const functions = context.facts(file.path, sourceFunctions) ?? [];
  let arms: readonly Span[] | undefined;
  for (const call of fileCalls) {
    const isDriverForm = DRIVER_OPEN.test(call.callee ?? '');
    if (!isDriverForm && !SQLITE_OPEN.test(call.callee ?? '')) continue;
    // One arm of a switch on the configured database type, beside a server database's: an explicit choice.
    if ((arms ??= context.facts(file.path, sqliteArms) ?? []).some((arm) => spanHolds(arm, call.span))) {
      explicitArms.found = true;
      continue;
    }
    const [driver, target] = isDriverForm ? call.arguments : [undefined, call.arguments[0]];
    if (isDriverForm && !(driver?.kind === 'string' && /^sqlite3?$/.test(String(driver.value)))) continue;
    if (target === undefined || target.kind === 'env-read' || /test/i.test(enclosingFunction(functions, call.span)?.name ?? '')) continue;
    const path = target.kind === 'string' ? String(target.value) : undefined;
    // A file the setting names (`sql.Open("sqlite3", s.File)`) where a registry of storage types lists SQLite beside a server database: an explicit choice.
    if (path === undefined && registered()) {
      explicitArms.found = true;
      continue;
    }
    if (path !== undefined && (IN_MEMORY.test(path) || /test|mock/i.test(path) || SCRATCH.test(path))) continue;
    const label = path ?? target.name ?? 'a path computed at run time';
    const at = { file: file.path, line: call.span.line, column: call.span.column };
    if (canAttachServerDatabase(context.app)) context.report({ messageId: 'sqliteDefault', data: { store: 'SQLite', value: label }, ...at, severity: 'note' });
    else context.report({ messageId: 'embeddedFile', data: { store: 'SQLite', path: label }, ...at });
  }
}

/** A Go setting of the database type that defaults to SQLite: a struct tag `default:"sqlite3"` on a type/dialect/driver field, viper's `SetDefault("db.type", "sqlite3")`. */
const GO_SQLITE_DEFAULT = /\bdefault:"(sqlite3?)"|SetDefault\(\s*"[^"]*(?:type|dialect|driver)[^"]*"\s*,\s*"(sqlite3?)"/i;
const DATABASE_TYPE_FIELD = /type|dialect|driver|engine/i;

/**
 * Go: where the app's settings make SQLite the default database type, reported when the code opens
 * SQLite only as one arm of a switch on that setting: the default, not the arm, is what a deploy
 * that sets nothing runs on.
 */
function checkGoSqliteDefault(context: RuleContext<MessageId>): void {
  for (const file of context.candidates((candidate) => candidate.language === 'go' && isRuntimeSource(candidate))) {
    const lines = (context.text(file.path) ?? '').split('\n');
    lines.forEach((text, index) => {
      const match = GO_SQLITE_DEFAULT.exec(text);
      if (!match || (match[1] !== undefined && !DATABASE_TYPE_FIELD.test(text.replace(match[0], '')))) return;
      const value = match[1] ?? match[2] ?? 'sqlite3';
      context.report({ messageId: 'sqliteDefault', data: { store: 'SQLite', value }, file: file.path, line: index + 1, column: match.index + 1, severity: 'note' });
    });
  }
}

/** Whether a runtime Go file of the app registers SQLite as one storage type beside a server database. */
function hasSqliteRegistry(context: RuleContext<MessageId>): boolean {
  return context.files.some((file) => file.language === 'go' && isRuntimeSource(file) && (context.facts(file.path, sqliteRegistryKeys) ?? []).length > 0);
}

/** Dockerfiles of development, test or CI images, whose config no deploy runs. */
const NON_PRODUCTION_DOCKERFILE = /[.-](?:dev|development|local|test|tests|ci|e2e)(?:\.|$)/i;
/** A settings section holding the datastore, and its key naming the kind of store. */
const STORE_SECTION = /^(\s*)(?:storage|database|db|datastore|store|persistence)\s*:\s*$/i;
const STORE_KIND = /^(\s*)(?:type|driver|dialect|engine|adapter|provider|backend|kind)\s*:\s*["']?(sqlite3?)["']?\s*(?:#.*)?$/i;

/**
 * A YAML config file that a production Dockerfile copies into the image and names in its CMD,
 * ENTRYPOINT or ENV (the config the image runs with when no other is mounted), whose storage
 * section selects SQLite: a container started as shipped keeps its data in a file of its own
 * filesystem. Reported at the setting, as the default it is (low). Read as text: such files are
 * often templates (`{{ getenv ... }}`) that do not parse as YAML.
 */
function checkImageConfigs(context: RuleContext<MessageId>): void {
  const reported = new Set<string>();
  for (const dockerfilePath of context.app.dockerfiles) {
    if (NON_PRODUCTION_DOCKERFILE.test(posix.basename(dockerfilePath))) continue;
    const dockerfile = context.dockerfile(dockerfilePath);
    if (!dockerfile) continue;
    const instructions = dockerfile.getInstructions();
    const runtimeText = instructions
      .filter((instruction) => ['CMD', 'ENTRYPOINT', 'ENV'].includes(instruction.getKeyword()))
      .map((instruction) => instruction.getArgumentsContent() ?? '')
      .join('\n');
    for (const instruction of instructions) {
      const operands = copyOperands(instruction);
      if (!operands || operands.fromStage) continue;
      for (const source of operands.sources) {
        if (!/\.ya?ml$/i.test(source) || /[*?]/.test(source)) continue;
        const path = posix.normalize(posix.join(posix.dirname(dockerfilePath), source));
        if (reported.has(path) || !runtimeText.includes(posix.basename(path))) continue;
        const text = context.text(path);
        const setting = text === undefined ? undefined : sqliteSetting(text);
        if (!setting) continue;
        reported.add(path);
        context.report({ messageId: 'imageConfigSqlite', data: { config: path, dockerfile: dockerfilePath, value: setting.value }, file: path, line: setting.line, column: setting.column, severity: 'note' });
      }
    }
  }
}

/** The line of a YAML text's storage section that selects SQLite (`storage:` then an indented `type: sqlite3`). */
function sqliteSetting(text: string): { line: number; column: number; value: string } | undefined {
  let section: number | undefined;
  const lines = text.split('\n');
  for (const [index, line] of lines.entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const indent = /^\s*/.exec(line)![0].length;
    if (section !== undefined && indent <= section) section = undefined;
    const opened = STORE_SECTION.exec(line);
    if (opened) {
      section = opened[1]!.length;
      continue;
    }
    const kind = section === undefined ? null : STORE_KIND.exec(line);
    if (kind) return { line: index + 1, column: kind[1]!.length + 1, value: kind[2]! };
  }
  return undefined;
}

function localFirstReason(app: AppFacts): string | undefined {
  const shell = [...app.dependencies, ...app.devDependencies].find((name) => LOCAL_FIRST_PACKAGES.includes(name));
  return shell && `desktop and mobile apps keep their data on the device by design (depends on ${shell})`;
}

const TRIGGERS = ['sqlite', 'libsql', 'lowdb', 'nedb', 'level', 'loki', 'json-db'];

/** Each JS/TS file holding a trigger: its store calls and, in a knexfile, the SQLite settings of its objects; only those nodes get wrapped. */
export const embeddedStores: FileExtractor<StoreFinding[] | undefined> = {
  name: 'backing-services/embedded-datastore',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  typescript: {
    kinds: [SyntaxKind.CallExpression, SyntaxKind.NewExpression, SyntaxKind.ObjectLiteralExpression],
    create(file) {
      const isKnexfile = KNEXFILE.test(file.path);
      const storeCall = clientCallReader(STORES);
      const [fromCalls, fromKnexfile] = [new Findings(), new Findings()];
      return {
        visit(node) {
          const call = storeCall(node);
          if (call) checkStoreCall(call, fromCalls);
          if (isKnexfile && ts.isObjectLiteralExpression(node)) checkSqliteSettings(wrapped<ObjectLiteralExpression>(node), 'knex', fromKnexfile);
        },
        result() {
          // Each position once: a store call's finding before a knexfile setting's.
          const reported = new Set<number>();
          return [...fromCalls.found, ...fromKnexfile.found].flatMap(({ at, finding }) => {
            if (reported.has(at.getStart())) return [];
            reported.add(at.getStart());
            return [{ ...finding, span: spanOf(at, file) }];
          });
        },
      };
    },
  },
};

export const embeddedDatastore = defineRule<MessageId>({
  id: 'backing-services/embedded-datastore',
  factor: 'backing-services',
  defaultSeverity: 'error',
  title: 'Embedded local datastore',
  description:
    'Finds services whose data lives in an embedded local store (SQLite files, lowdb, NeDB, LevelDB, LokiJS, node-json-db) that cannot be attached by config or shared between processes.',
  fix: 'Keep the system of record in a database server attached by a URL from the environment (PostgreSQL, MySQL, a managed store).',
  messages: {
    embeddedFile: '{{store}} keeps data in a local file ({{path}}) that other processes and hosts cannot share; attach a database by URL instead',
    configurablePath: '{{store}} keeps data in a local file whose path comes from the environment ({{path}}); it is still not shared between processes',
    sqliteConfig: '{{orm}} is configured for SQLite ({{setting}}, {{path}}): the data lives in a local file instead of an attached database',
    prismaSqlite: 'Prisma datasource "{{datasource}}" uses the sqlite provider: the data lives in a local file instead of an attached database',
    sqliteSetting: 'the database is SQLite ({{value}}) with no setting to attach another: the data lives in a local file on one instance',
    sqliteDefault:
      '{{store}} ({{value}}) is the database unless a server database is configured: a deploy that forgets the setting keeps its data in a local file on one instance instead of failing',
    imageConfigSqlite:
      'the config {{config}} that {{dockerfile}} ships in the image selects SQLite ({{value}}): a container started as shipped keeps its data in a file inside the container, on one instance; another store needs a config mounted over it',
  },
  triggers: TRIGGERS,
  languages: ['javascript', 'typescript', 'python', 'go'],
  appliesTo(app) {
    if (isKnownLibrary(app)) return 'libraries do not choose where an app keeps its data';
    if (app.kind === 'cli') return 'command-line tools keep local data by design';
    return localFirstReason(app) ?? true;
  },
  facts: [embeddedStores, calls, literals, envReads, imports, sourceFunctions, sqliteArms, sqliteRegistryKeys],
  check(context) {
    const scripts: { file: string; finding: StoreFinding }[] = [];
    forEachScriptFacts(
      context,
      embeddedStores,
      (findings, file) => {
        if (isStaticAssetPath(file.path) || isToolingPath(file.path)) return;
        for (const finding of findings) scripts.push({ file: file.path, finding });
      },
      ['source', 'config'],
    );
    // An admin command (`cli/`, `bin/`, a seed script) opening the store the service itself opens is the same store: low.
    const isAdminCommand = (path: string) => isOneOffPath(path, { commandFolder: false }) && !context.app.entryPoints.includes(path);
    const servedToo = scripts.some(({ file }) => !isAdminCommand(file));
    for (const { file, finding: { span, ...finding } } of scripts) {
      context.report({ ...finding, ...(servedToo && isAdminCommand(file) && { severity: 'note' as const }), file, ...span });
    }
    const explicitArms = { found: false };
    let registry: boolean | undefined;
    const registered = () => (registry ??= hasSqliteRegistry(context));
    let sqliteTypeDefault: boolean | undefined;
    const pythonDefault = () => (sqliteTypeDefault ??= pythonSqliteTypeDefault(context));
    forEachSourceFacts(
      context,
      calls,
      (fileCalls, file) =>
        file.language === 'go' ? checkGo(context, file, fileCalls, explicitArms, registered) : checkPython(context, file, context.facts(file.path, literals) ?? [], fileCalls, pythonDefault),
      isRuntimeSource,
    );
    if (explicitArms.found) checkGoSqliteDefault(context);
    checkImageConfigs(context);
    for (const file of context.candidates((candidate) => candidate.path.endsWith('.prisma') && candidate.role === 'source')) {
      const text = context.text(file.path);
      if (text !== undefined) checkPrismaSchema(text, file.path, context);
    }
  },
});
