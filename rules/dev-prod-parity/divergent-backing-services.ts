import { Node, SyntaxKind, type ObjectLiteralExpression, type ts } from 'ts-morph';
import {
  constInitializer,
  dottedName,
  calleeName,
  defineRule,
  isScriptFile,
  objectLiteral,
  serviceKindOf,
  spanOf,
  stringValue,
  unwrap,
  valueSpan,
  wrapped,
  type FileExtractor,
  type Span,
  LITERAL_KINDS,
  isKnownLibrary,
  envFallbackReader,
  envFallbackVariable,
  serverDatabaseEvidence,
  calls,
  envReads,
  forEachSourceFacts,
  isRuntimeSource,
  literalFallbacks,
  literals,
  pythonChainedFallbacks,
  type BoundLiteral,
  stringOf,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'perEnvironment' | 'byCondition' | 'sqliteFallback';

/** Keys that name the kind of service a config block attaches: knex `client`, Sequelize `dialect`, TypeORM `type`, Rails `adapter`, cache `store`. */
const KIND_KEYS = new Set(['client', 'dialect', 'type', 'adapter', 'driver', 'store']);
const PRODUCTION = /^(?:prod|production)$/i;
/** Environments that should mirror production; test environments may use in-memory stand-ins on purpose. */
const MIRRORING = /^(?:dev|develop|development|local|staging|stage|preview|qa|uat|sandbox|demo)$/i;
const TEST = /^(?:test|tests|testing|ci|e2e|spec)$/i;
const PRODUCTION_FLAG = /^(?:is|in)_?(?:prod|production)$/i;
const DEVELOPMENT_FLAG = /^(?:is|in)_?(?:dev|development|local)$/i;
/**
 * The last name of what an environment test compares against a literal: `process.env.NODE_ENV`,
 * `config.env`, `app.get('env')`, `import.meta.env.MODE`, `process.env.APP_ENV` (not `process.env.REGION`).
 */
const ENVIRONMENT_NAME = /(?:^|_)(?:env|environment|stage|mode)$|^(?:node|app|deploy)env$/i;
const KIND_WORDS = /sqlite|sql\.?js|memory|redis|memcache|postgres|\bpg\b|mysql|maria|mssql|tedious|oracle|cockroach|mongo/i;
const ENVIRONMENT_WORDS = /prod|dev|local|stag/i;

/** Texts worth reading: they name a kind of backing service and an environment. */
function isWorthReading(text: string): boolean {
  return KIND_WORDS.test(text) && ENVIRONMENT_WORDS.test(text);
}

const MAX_BLOCK_DEPTH = 4;

interface Kind {
  id: string;
  label: string;
  /** The value as written: `'sqlite3'`, `new MemoryStore()`. */
  written: string;
}

/** The kind a config value names: a driver id (`'pg'`, `'memory'`) or a store object (`new RedisStore()`, `redisStore`, `new Map()`). */
function kindOfExpression(node: Node, key: string | undefined): Kind | undefined {
  const expression = unwrap(node);
  const text = expression.getText();
  const value = stringValue(expression);
  if (value !== undefined) {
    const kind = serviceKindOf(value);
    return kind && { id: kind.id, label: kind.label, written: text };
  }
  // express-session and rate limiters keep sessions in process memory when no store is given.
  if (key === 'store' && Node.isIdentifier(expression) && text === 'undefined') {
    return { id: 'memory', label: 'an in-memory store', written: text };
  }
  const name = Node.isNewExpression(expression) || Node.isCallExpression(expression) ? calleeName(expression) : dottedName(expression);
  const kindId = name === undefined ? undefined : storeKindOfName(name.slice(name.lastIndexOf('.') + 1));
  const kind = kindId === undefined ? undefined : serviceKindOf(kindId);
  return kind && { id: kind.id, label: kind.label, written: text };
}

/** `RedisStore`, `redisStore`, `connectRedis` -> redis; `MemoryStore`, `Map`, `LRUCache` -> memory. */
function storeKindOfName(name: string): string | undefined {
  const lower = name.toLowerCase();
  if (lower.includes('redis')) return 'redis';
  if (lower.includes('memcache')) return 'memcached';
  if (lower.includes('mongo')) return 'mongodb';
  if (/^(?:memorystore|memory|inmemorystore|inmemorycache|memorycache|map|lrucache|lru|nodecache)$/.test(lower)) return 'memory';
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// One shape for JS object literals and parsed JSON/YAML: a block of settings.

/** A config value the comparison walks: a nested block, or a leaf the rule can classify and point at. */
type Setting = { block: Block } | { kind: Kind; at: Span } | undefined;

interface Block {
  keys(): string[];
  get(key: string): Setting;
}

/** Where a node of the script being read is. */
type Locate = (node: Node) => Span;

function scriptBlock(object: ObjectLiteralExpression, locate: Locate): Block {
  const entries = ownProperties(object);
  return {
    keys: () => [...entries.keys()],
    get(key) {
      const property = entries.get(key);
      const value = property && propertyInitializer(property);
      if (!value) return undefined;
      const nested = objectLiteral(value);
      if (nested) return { block: scriptBlock(nested, locate) };
      const kind = KIND_KEYS.has(key) ? kindOfExpression(value, key) : undefined;
      return kind && { kind, at: locate(unwrap(value)) };
    },
  };
}

/** Properties by name, spreads of same-file object literals included (`{ ...base, client: 'pg' }`), later ones winning. */
function ownProperties(object: ObjectLiteralExpression, entries = new Map<string, Node>(), depth = 0): Map<string, Node> {
  for (const property of object.getProperties()) {
    const spread = Node.isSpreadAssignment(property) && depth < MAX_BLOCK_DEPTH ? objectLiteral(property.getExpression()) : undefined;
    if (spread) ownProperties(spread, entries, depth + 1);
    const name = propertyName(property);
    if (name !== undefined) entries.set(name, property);
  }
  return entries;
}

function propertyName(property: Node): string | undefined {
  if (Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) {
    const name = property.getNameNode();
    return Node.isStringLiteral(name) || Node.isNoSubstitutionTemplateLiteral(name) ? name.getLiteralValue() : Node.isIdentifier(name) ? name.getText() : undefined;
  }
  return undefined;
}

function propertyInitializer(property: Node): Node | undefined {
  if (Node.isPropertyAssignment(property)) return property.getInitializer();
  if (Node.isShorthandPropertyAssignment(property)) return constInitializer(property.getNameNode());
  return undefined;
}

type Data = Record<string, unknown>;

function isData(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A parsed JSON/YAML map; YAML merge keys (`<<: *default`) are read through, as Rails' database.yml uses them. */
function dataBlock(data: Data, path: readonly string[], text: string): Block {
  const merged = (key: string): unknown => (key in data ? data[key] : bases(data).find((base) => key in base)?.[key]);
  return {
    keys: () => [...new Set([...Object.keys(data), ...bases(data).flatMap((base) => Object.keys(base))])].filter((key) => key !== '<<'),
    get(key) {
      const value = merged(key);
      if (isData(value)) return { block: dataBlock(value, [...path, key], text) };
      const kind = KIND_KEYS.has(key) && typeof value === 'string' ? serviceKindOf(value) : undefined;
      const at = kind && (valueSpan(text, [...path, key]) ?? valueSpan(text, path));
      return kind && at ? { kind: { id: kind.id, label: kind.label, written: String(value) }, at } : undefined;
    },
  };
}

function bases(data: Data): Data[] {
  const base = data['<<'];
  return (Array.isArray(base) ? base : [base]).filter(isData);
}

// ---------------------------------------------------------------------------------------------
// Comparison

interface Divergence {
  /** The setting outside production, where the finding points. */
  other: { kind: Kind; at: Span };
  production: Kind;
}

/** Kind settings at the same key path whose kinds differ, outside production vs production. */
function compareBlocks(other: Block, production: Block, depth = 0): Divergence[] {
  if (depth > MAX_BLOCK_DEPTH) return [];
  return other.keys().flatMap((key) => {
    const mine = other.get(key);
    const theirs = production.get(key);
    if (!mine || !theirs) return [];
    if ('block' in mine && 'block' in theirs) return compareBlocks(mine.block, theirs.block, depth + 1);
    if ('kind' in mine && 'kind' in theirs && mine.kind.id !== theirs.kind.id) return [{ other: mine, production: theirs.kind }];
    return [];
  });
}

/** Per-environment blocks (`development: {...}, production: {...}`): each mirroring environment against production. */
function environmentDivergences(block: Block): { environment: string; divergence: Divergence }[] {
  const keys = block.keys();
  const productionKey = keys.find((key) => PRODUCTION.test(key));
  const production = productionKey === undefined ? undefined : block.get(productionKey);
  if (!production || !('block' in production)) return [];
  return keys
    .filter((key) => MIRRORING.test(key))
    .flatMap((environment) => {
      const other = block.get(environment);
      return other && 'block' in other ? compareBlocks(other.block, production.block).map((divergence) => ({ environment, divergence })) : [];
    });
}

/**
 * Which branch of a conditional runs in production, from its condition: `NODE_ENV === 'production'`,
 * `isProd`, `!isDev`, `env !== 'development'`. Undefined when the condition is not about the
 * environment, or when the other branch is for tests (tests may use stand-ins).
 */
function productionBranch(condition: Node): 'whenTrue' | 'whenFalse' | undefined {
  const expression = unwrap(condition);
  if (Node.isPrefixUnaryExpression(expression) && expression.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const inner = productionBranch(expression.getOperand());
    return inner === undefined ? undefined : inner === 'whenTrue' ? 'whenFalse' : 'whenTrue';
  }
  if (Node.isBinaryExpression(expression)) return comparisonBranch(expression.getLeft(), expression.getOperatorToken().getKind(), expression.getRight());
  const name = Node.isCallExpression(expression) ? calleeName(expression) : dottedName(expression);
  const last = name?.slice(name.lastIndexOf('.') + 1);
  if (last !== undefined && PRODUCTION_FLAG.test(last)) return 'whenTrue';
  if (last !== undefined && DEVELOPMENT_FLAG.test(last)) return 'whenFalse';
  return undefined;
}

const EQUALITY = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken]);
const INEQUALITY = new Set([SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);

function comparisonBranch(left: Node, operator: SyntaxKind, right: Node): 'whenTrue' | 'whenFalse' | undefined {
  if (!EQUALITY.has(operator) && !INEQUALITY.has(operator)) return undefined;
  const [literal, source] = stringValue(left) !== undefined ? [stringValue(left), right] : [stringValue(right), left];
  if (literal === undefined || !isEnvironmentName(source) || TEST.test(literal)) return undefined;
  const equalMeans = PRODUCTION.test(literal) ? 'whenTrue' : MIRRORING.test(literal) ? 'whenFalse' : undefined;
  if (equalMeans === undefined) return undefined;
  if (EQUALITY.has(operator)) return equalMeans;
  return equalMeans === 'whenTrue' ? 'whenFalse' : 'whenTrue';
}

function isEnvironmentName(source: Node): boolean {
  const lastName = /([A-Za-z_$][\w$]*)['"]?\)?$/.exec(unwrap(source).getText())?.[1];
  return lastName !== undefined && ENVIRONMENT_NAME.test(lastName);
}

/** The key a conditional is the value of (`store: isProd ? ... : ...`), if any. */
function keyOf(node: Node): string | undefined {
  const parent = node.getParent();
  return Node.isPropertyAssignment(parent) ? propertyName(parent) : undefined;
}

/** `isProd ? 'postgres' : 'sqlite'`, `isProd ? new RedisStore() : new MemoryStore()`, `isProd ? { type: 'postgres' } : { type: 'sqlite' }`. */
function conditionalDivergences(conditional: Node, locate: Locate): Divergence[] {
  if (!Node.isConditionalExpression(conditional)) return [];
  const branch = productionBranch(conditional.getCondition());
  if (branch === undefined) return [];
  const production = branch === 'whenTrue' ? conditional.getWhenTrue() : conditional.getWhenFalse();
  const other = branch === 'whenTrue' ? conditional.getWhenFalse() : conditional.getWhenTrue();
  const productionObject = objectLiteral(production);
  const otherObject = objectLiteral(other);
  if (productionObject && otherObject) return compareBlocks(scriptBlock(otherObject, locate), scriptBlock(productionObject, locate));
  const key = keyOf(conditional);
  const productionKind = kindOfExpression(production, key);
  const otherKind = kindOfExpression(other, key);
  if (!productionKind || !otherKind || productionKind.id === otherKind.id) return [];
  return [{ other: { kind: otherKind, at: locate(unwrap(other)) }, production: productionKind }];
}

// ---------------------------------------------------------------------------------------------

type Report = (file: string, messageId: MessageId, divergence: Divergence, environment?: string) => void;

/** A divergence found in a script. Source order matters: `report` keeps the first finding at a position. */
interface ScriptDivergence {
  messageId: 'perEnvironment' | 'byCondition';
  divergence: Divergence;
  environment?: string;
}

/** The divergences at a node `mayDiverge` let through. */
function divergencesAt(node: Node, locate: Locate): ScriptDivergence[] {
  if (Node.isObjectLiteralExpression(node)) {
    return environmentDivergences(scriptBlock(node, locate)).map(({ environment, divergence }) => ({ messageId: 'perEnvironment', divergence, environment }));
  }
  return conditionalDivergences(node, locate).map((divergence) => ({ messageId: 'byCondition', divergence }));
}

/**
 * Conditionals, and object literals that may have a production key: one named like it, or a spread
 * that may bring one in. Only these get wrapped.
 */
function mayDiverge(node: ts.Node): boolean {
  if (node.kind === SyntaxKind.ConditionalExpression) return true;
  if (node.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  return (node as ts.ObjectLiteralExpression).properties.some((property) => {
    if (property.kind === SyntaxKind.SpreadAssignment) return true;
    if (property.kind !== SyntaxKind.PropertyAssignment && property.kind !== SyntaxKind.ShorthandPropertyAssignment) return false;
    const name = property.name;
    return (name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.StringLiteral || name.kind === SyntaxKind.NoSubstitutionTemplateLiteral) && PRODUCTION.test(name.text);
  });
}

/** Per-environment maps at the top of a JSON/YAML config file or one level down (`{ "db": { "development": ... } }`). */
function checkData(context: RuleContext<MessageId>, file: IndexedFile, report: Report): void {
  const text = context.text(file.path);
  const documents = file.language === 'json' ? [context.json(file.path)] : context.yamlAll(file.path);
  const [data] = documents;
  if (text === undefined || documents.length !== 1 || !isData(data)) return;
  const candidates: [Data, string[]][] = [[data, []], ...Object.entries(data).filter(([, value]) => isData(value)).map(([key, value]) => [value as Data, [key]] as [Data, string[]])];
  for (const [map, path] of candidates) {
    for (const { environment, divergence } of environmentDivergences(dataBlock(map, path, text))) report(file.path, 'perEnvironment', divergence, environment);
  }
}

/** Environment variables that choose the database: `DATABASE_URL`, `SQLALCHEMY_DATABASE_URI`, `DB_URL`. */
const DATABASE_VARIABLE = /(?:^|_)(?:DATABASE|DB)(?:_|$)/i;

/**
 * `os.environ.get('DATABASE_URL') or 'sqlite:///app.db'`: without the variable (in development) the app
 * runs on SQLite, while its deploys install a server's driver, so they set the variable to that server.
 */
function sourceSqliteFallbacks(
  context: RuleContext<MessageId>,
  file: IndexedFile,
  bound: readonly BoundLiteral[],
): { variable: string; file: string; line: number; column: number }[] {
  const fallbacks = literalFallbacks(context.facts(file.path, envReads) ?? [], context.facts(file.path, pythonChainedFallbacks) ?? [], context.facts(file.path, calls) ?? []);
  // In `class TestingConfig` the fallback is the test run's database; in `class ProductionConfig` a deploy's (hardcoded-connection's).
  const ownerAt = new Map(bound.map((literal) => [`${literal.span.line}:${literal.span.column}`, literal.path[0]]));
  const notDevelopment = (owner: string | undefined) => owner !== undefined && (PRODUCTION_SCOPE.test(owner) || TEST_SCOPE.test(owner));
  return fallbacks.flatMap(({ variable, value, span }) =>
    variable !== null && /^sqlite:/i.test(value) && DATABASE_VARIABLE.test(variable) && !notDevelopment(ownerAt.get(`${span.line}:${span.column}`))
      ? [{ variable, file: file.path, line: span.line, column: span.column }]
      : [],
  );
}

/** Python settings that name the database: `SQLALCHEMY_DATABASE_URI`, `DATABASE_URL`, Django's `DATABASES['default']['ENGINE']`. */
const DATABASE_SETTING = /(?:^|_)(?:DATABASE|DB)(?:_|$)|^ENGINE$/i;
const DEVELOPMENT_SCOPE = /^(?:Dev|Development|Local|Staging)(?:[A-Z_]\w*)?$/;
const PRODUCTION_SCOPE = /^(?:Prod|Production)(?:[A-Z_]\w*)?$/;
const TEST_SCOPE = /^(?:Test|Testing)(?:[A-Z_]\w*)?$/;
const DEVELOPMENT_MODULE = /(?:^|\/)(?:(?:settings|config)\/(?:dev|development|local)|(?:dev|development|local)_settings|settings_(?:dev|development|local))\.py$/;
const PRODUCTION_MODULE = /(?:^|\/)(?:(?:settings|config)\/(?:prod|production)|(?:prod|production)_settings|settings_(?:prod|production))\.py$/;

/** The kind of database a Python setting names: `sqlite:///app.db`, `postgresql+psycopg2://...`, `django.db.backends.sqlite3`. */
function databaseKindOf(value: string): Kind | undefined {
  const engine = /^django\.(?:contrib\.gis\.)?db\.backends\.(\w+)$/.exec(value)?.[1];
  const scheme = /^([a-z][a-z0-9]*)(?:\+\w+)?:\/\//i.exec(value)?.[1];
  const name = engine?.replace(/_psycopg2?$|^postgis$/, (suffix) => (suffix === 'postgis' ? 'postgresql' : '')) ?? scheme;
  const kind = name === undefined ? undefined : serviceKindOf(name);
  return kind && { id: kind.id, label: kind.label, written: value };
}

/** A database setting of a development or production config class or settings module. */
interface ScopedDatabase {
  environment: 'development' | 'production';
  /** The class or module it belongs to, for the message. */
  scope: string;
  /** The setting, without the class: `SQLALCHEMY_DATABASE_URI`, `DATABASES.default.ENGINE`. */
  setting: string;
  kind?: Kind;
  file: string;
  at: Span;
}

function scopedDatabases(literal: BoundLiteral, file: IndexedFile): ScopedDatabase[] {
  if (literal.name === null || !DATABASE_SETTING.test(literal.name) || literal.fallbackOf || (literal.binding !== 'variable' && literal.binding !== 'key')) return [];
  // A template names its database as well when the scheme is written out: `'sqlite:///{0}'.format(path)`.
  const value = stringOf(literal.value);
  const kind = value === undefined ? undefined : databaseKindOf(value);
  const [owner, ...rest] = literal.path;
  const moduleEnvironment = DEVELOPMENT_MODULE.test(file.path) ? 'development' : PRODUCTION_MODULE.test(file.path) ? 'production' : undefined;
  const classEnvironment = owner === undefined ? undefined : DEVELOPMENT_SCOPE.test(owner) ? 'development' : PRODUCTION_SCOPE.test(owner) ? 'production' : undefined;
  const environment = classEnvironment ?? moduleEnvironment;
  if (environment === undefined || kind === undefined) return [];
  const path = classEnvironment === undefined ? literal.path : rest;
  return [{ environment, scope: classEnvironment === undefined ? file.path : (owner ?? ''), setting: [...path, literal.name].join('.'), kind, file: file.path, at: literal.span }];
}

/**
 * `class DevelopmentConfig: SQLALCHEMY_DATABASE_URI = 'sqlite:///dev.db'` against a `ProductionConfig`
 * (or `settings/dev.py` against `settings/production.py`) on PostgreSQL: the production side's literal
 * kind, or, when it reads the setting from the environment, the server its deploys install a driver for.
 */
function checkScopedDatabases(context: RuleContext<MessageId>, databases: readonly ScopedDatabase[], report: Report): void {
  const production = databases.filter((database) => database.environment === 'production');
  const server = databases.length > 0 ? serverDatabaseEvidence(context) : undefined;
  for (const development of databases.filter((database) => database.environment === 'development')) {
    const same = production.find((database) => database.setting === development.setting);
    const serverKind = server && serviceKindOf(server.label);
    const productionKind = same?.kind ?? (server && serverKind && { id: serverKind.id, label: server.label, written: `${server.file} installs its driver` });
    if (!development.kind || !productionKind || productionKind.id === development.kind.id) continue;
    report(development.file, 'perEnvironment', { other: { kind: development.kind, at: development.at }, production: productionKind }, development.scope);
  }
}

/** Variables that pick a driver rather than a URL: `DB_CLIENT`, `DATABASE_TYPE`, `DB_DIALECT`. */
const DRIVER_VARIABLE = /(?:^|_)(?:DATABASE|DB)_?(?:TYPE|CLIENT|DIALECT|DRIVER|ENGINE)$/i;

/** `process.env.DATABASE_URL || 'file:./dev.db'`, `process.env.DB_CLIENT ?? 'sqlite3'`: SQLite when the variable is unset. */
function sqliteFallbackAt(fallback: Node, locate: Locate): { variable: string; at: Span } | undefined {
  const value = stringValue(fallback);
  if (value === undefined) return undefined;
  const variable = envFallbackVariable(fallback) ?? '';
  const isSqliteUrl = /^(?:sqlite3?:|file:)/i.test(value) && DATABASE_VARIABLE.test(variable);
  const isSqliteDriver = /^(?:sqlite3?|better-sqlite3)$/i.test(value) && DRIVER_VARIABLE.test(variable);
  return isSqliteUrl || isSqliteDriver ? { variable, at: locate(fallback) } : undefined;
}

function reportSqliteFallbacks(context: RuleContext<MessageId>, fallbacks: readonly { variable: string; file: string; line: number; column: number }[]): void {
  const server = fallbacks.length > 0 ? serverDatabaseEvidence(context) : undefined;
  if (!server) return;
  for (const { variable, file, line, column } of fallbacks) {
    context.report({ messageId: 'sqliteFallback', data: { variable, productionKind: server.label, evidence: server.file }, file, line, column });
  }
}

function isConfigData(file: IndexedFile): boolean {
  return (file.language === 'json' || file.language === 'yaml') && !/(?:^|\/)(?:package(?:-lock)?\.json|pnpm-lock\.yaml|tsconfig[^/]*\.json)$|^\.github\//.test(file.path);
}

const TRIGGERS = ['sqlite', 'sqljs', 'sql.js', 'emory', 'edis', 'emcache', 'ostgres', 'pg', 'ysql', 'aria', 'mssql', 'tedious', 'racle', 'ockroach', 'ongo'];

/** What a script worth reading attaches differently outside production; undefined for the others. */
interface ScriptDivergences {
  divergences: ScriptDivergence[];
  sqliteFallbacks: { variable: string; at: Span }[];
}

export const scriptDivergenceFacts: FileExtractor<ScriptDivergences | undefined> = {
  name: 'dev-prod-parity/divergent-backing-services',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  typescript: {
    kinds: [SyntaxKind.ConditionalExpression, SyntaxKind.ObjectLiteralExpression, ...LITERAL_KINDS],
    create(file) {
      const wanted = isWorthReading(file.text);
      const locate: Locate = (node) => spanOf(node, file);
      const envFallback = envFallbackReader();
      const facts: ScriptDivergences = { divergences: [], sqliteFallbacks: [] };
      return {
        visit(node) {
          if (!wanted) return;
          if (mayDiverge(node)) facts.divergences.push(...divergencesAt(wrapped(node), locate));
          const fallback = envFallback(node);
          const sqlite = fallback && sqliteFallbackAt(fallback, locate);
          if (sqlite) facts.sqliteFallbacks.push(sqlite);
        },
        result: () => (wanted ? facts : undefined),
      };
    },
  },
};

export const divergentBackingServices = defineRule<MessageId>({
  id: 'dev-prod-parity/divergent-backing-services',
  factor: 'dev-prod-parity',
  defaultSeverity: 'error',
  title: 'Different backing service outside production',
  description: 'Finds config that attaches a different kind of backing service in development than in production (SQLite vs PostgreSQL, an in-memory store vs Redis).',
  fix: 'Use the same kind of backing service in every environment (run it locally with docker compose); keep stand-ins to tests.',
  messages: {
    perEnvironment: '{{environment}} uses {{kind}} ({{value}}) but production uses {{productionKind}} ({{productionValue}})',
    byCondition: 'outside production this uses {{kind}} ({{value}}) but production uses {{productionKind}} ({{productionValue}})',
    sqliteFallback: 'without {{variable}} (in development) this runs on SQLite, but deploys use {{productionKind}} ({{evidence}} installs its driver); develop against {{productionKind}} too',
  },
  triggers: TRIGGERS,
  appliesTo: (app) => (isKnownLibrary(app) || app.kind === 'cli' ? `${app.kind === 'cli' ? 'CLIs' : 'libraries'} do not attach backing services of their own` : true),
  facts: [scriptDivergenceFacts, literals, envReads, calls, pythonChainedFallbacks],
  check(context) {
    const seen = new Set<string>();
    const report: Report = (file, messageId, { other, production }, environment) => {
      const key = `${file}:${other.at.line}:${other.at.column}`;
      if (seen.has(key)) return;
      seen.add(key);
      const data = { kind: other.kind.label, value: other.kind.written, productionKind: production.label, productionValue: production.written };
      context.report({ messageId, file, ...other.at, data: environment === undefined ? data : { environment, ...data } });
    };
    const worthReading = (file: IndexedFile) => isWorthReading(context.text(file.path) ?? '');
    const isReadable = (file: IndexedFile) => file.role === 'source' || file.role === 'config';
    const fallbacks: { variable: string; file: string; line: number; column: number }[] = [];
    const databases: ScopedDatabase[] = [];
    forEachSourceFacts(
      context,
      literals,
      (bound, file) => {
        fallbacks.push(...sourceSqliteFallbacks(context, file, bound));
        if (file.language === 'python') databases.push(...bound.flatMap((literal) => scopedDatabases(literal, file)));
      },
      isRuntimeSource,
    );
    checkScopedDatabases(context, databases, report);
    for (const file of context.candidates((candidate) => isReadable(candidate) && isScriptFile(candidate.path) && worthReading(candidate))) {
      const facts = context.facts(file.path, scriptDivergenceFacts);
      if (!facts) continue;
      for (const { messageId, divergence, environment } of facts.divergences) report(file.path, messageId, divergence, environment);
      fallbacks.push(...facts.sqliteFallbacks.map(({ variable, at }) => ({ variable, file: file.path, line: at.line, column: at.column })));
    }
    for (const file of context.candidates((candidate) => isReadable(candidate) && isConfigData(candidate) && worthReading(candidate))) {
      checkData(context, file, report);
    }
    reportSqliteFallbacks(context, fallbacks);
  },
});
