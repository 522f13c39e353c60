import { posix } from 'node:path';
import { Node, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import {
  calls,
  classifyEndpoint,
  dataEntries,
  defineRule,
  environmentReads,
  envReads,
  forEachScriptFacts,
  forEachSourceFacts,
  iniEntries,
  isHostKey,
  isLocalBlockName,
  isLocalLiteral,
  isLocalSettingsPath,
  isPlatformVariable,
  literals,
  literalText,
  moduleReferences,
  namedSecretLiteral,
  referencesOf,
  scriptEnvReads,
  scriptFacts,
  secretLines,
  spanOf,
  unwrap,
  type Binding,
  type BoundLiteral,
  type SourceCall as Call,
  type SourceEnvRead,
  type Span,
  isPythonSettingsPath,
  isScriptConfigModulePath,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'configModule' | 'committedConfigFile' | 'debugOn';
type Context = RuleContext<MessageId>;

const TRIGGERS = ['exports', 'export ', 'module.exports', '=', 'Load', 'DecodeFile', 'SetConfigFile', 'ReadFile'];


/** What a deploy-specific value is, for the message. */
type Evidence = 'credential' | 'host' | 'address' | 'database name' | 'database dialect' | 'user name';
interface Finding {
  evidence: Evidence;
  /** For the message: 'password', 'host', 'database name'. */
  what: string;
  key: string;
  secret?: string;
}

const DATABASE_NAME_KEY = /^(?:db|database|dbname|db_name|database_name|databasename|schema|keyspace|bucket|bucketname|bucket_name)$/i;
const DATABASE_SECTION = /^(?:db|database|databases|datasource|mysql|mariadb|postgres|postgresql|pg|mongo|mongodb|sequelize|typeorm|knex|connection|default|development|production|test|staging)$/i;
const DIALECTS = /^(?:mysql|mysql2|mariadb|postgres|postgresql|pg|sqlite|sqlite3|mssql|oracle|oracledb|mongodb|cockroachdb|better-sqlite3)$/i;
const USER_KEY = /^(?:user|username|db_?user|db_?username|login)$/i;
/** Bind-all addresses: where the server listens, the same in every deploy. */
const BIND_ALL = /^(?:0\.0\.0\.0|::|\[::\])$/;

/** What `key: value` reveals about the module, if it holds a deploy-specific value. */
function evidenceOf(key: string, value: string, section: string): Finding | undefined {
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  const secret = namedSecretLiteral(key, value);
  if (secret) return { evidence: 'credential', what: secret.kind, key, secret: secret.secret };
  // `server = "server"`, an enum member (`class HostingType(str, Enum)`) or a label naming itself: no setting's value.
  if (trimmed.toLowerCase() === key.toLowerCase()) return undefined;
  const endpoint = classifyEndpoint(trimmed, isHostKey(key));
  if (endpoint) return endpoint.kind === 'connectionString' ? { evidence: 'address', what: endpoint.what, key } : { evidence: 'host', what: 'host', key };
  if (/^(?:host|hostname|server|address|addr)$|host$/i.test(key)) {
    return /^[a-z0-9.-]+(?::\d+)?$/i.test(trimmed) && !BIND_ALL.test(trimmed) ? { evidence: 'host', what: 'host', key } : undefined;
  }
  if (DATABASE_NAME_KEY.test(key) || (key.toLowerCase() === 'name' && DATABASE_SECTION.test(section))) {
    return /^[\w.-]+$/.test(trimmed) ? { evidence: 'database name', what: 'database name', key } : undefined;
  }
  if (/^(?:dialect|client|type|driver)$/i.test(key) && DIALECTS.test(trimmed)) return { evidence: 'database dialect', what: 'database dialect', key };
  if (USER_KEY.test(key) && /^[\w.@-]+$/.test(trimmed)) return { evidence: 'user name', what: 'user name', key };
  return undefined;
}

/** Evidence that only supports a finding; a module holding nothing else is not config (`{ dialect: 'mysql' }`). */
const SUPPORTING: ReadonlySet<Evidence> = new Set(['database dialect', 'user name']);

/** Every literal property below `object`, with the key and the key of the object holding it. */
function objectEvidence(object: ObjectLiteralExpression, section: string, found: Finding[]): void {
  for (const property of object.getProperties()) {
    if (!Node.isPropertyAssignment(property)) continue;
    const key = property.getName().replace(/^["'`]|["'`]$/g, '');
    const initializer = unwrap(property.getInitializerOrThrow());
    const nested = Node.isObjectLiteralExpression(initializer) ? initializer : undefined;
    if (nested) {
      // `development: { host: 'localhost' }` configures a developer's machine, not a deploy.
      if (!isLocalBlockName(key)) objectEvidence(nested, key, found);
      continue;
    }
    const value = literalText(initializer);
    if (value === undefined || value.includes('${')) continue;
    const evidence = evidenceOf(key, value, section);
    if (evidence) found.push(evidence);
  }
}

type Constants = ReadonlyMap<string, Node>;

/** The top-level `const` initialisers of a module, read once (resolving each export by a scan of every declaration is quadratic). */
function constants(sourceFile: SourceFile): Constants {
  const found = new Map<string, Node>();
  for (const statement of sourceFile.getStatements()) {
    if (!Node.isVariableStatement(statement) || statement.getDeclarationKind() !== 'const') continue;
    for (const declaration of statement.getDeclarations()) {
      const initializer = declaration.getInitializer();
      if (initializer && !found.has(declaration.getName())) found.set(declaration.getName(), initializer);
    }
  }
  return found;
}

/** An object literal, or the same-file `const` object an identifier names. */
function objectOf(node: Node | undefined, consts: Constants): ObjectLiteralExpression | undefined {
  if (!node) return undefined;
  const expression = unwrap(node);
  if (Node.isObjectLiteralExpression(expression)) return expression;
  const bound = Node.isIdentifier(expression) ? consts.get(expression.getText()) : undefined;
  const resolved = bound && unwrap(bound);
  return resolved && Node.isObjectLiteralExpression(resolved) ? resolved : undefined;
}

/** The object a module exports through `expression`: an object literal, a same-file `const`, or a function returning either. */
function exportedObject(expression: Node | undefined, consts: Constants): ObjectLiteralExpression | undefined {
  if (!expression) return undefined;
  const direct = objectOf(expression, consts);
  if (direct) return direct;
  const unwrapped = unwrap(expression);
  if (Node.isArrowFunction(unwrapped) || Node.isFunctionExpression(unwrapped)) {
    const body = unwrapped.getBody();
    if (!Node.isBlock(body)) return objectOf(body, consts);
    const returned = body.getStatements().find((statement) => Node.isReturnStatement(statement));
    return Node.isReturnStatement(returned) ? objectOf(returned.getExpression(), consts) : undefined;
  }
  return undefined;
}

/** Each export statement of the module with the object it exports: `module.exports = {...}`, `export default {...}`, `export const config = {...}`. */
function exports(sourceFile: SourceFile): { statement: Node; object: ObjectLiteralExpression }[] {
  const consts = constants(sourceFile);
  const found: { statement: Node; object: ObjectLiteralExpression }[] = [];
  const seen = new Set<ObjectLiteralExpression>();
  for (const statement of sourceFile.getStatements()) {
    let object: ObjectLiteralExpression | undefined;
    if (Node.isExpressionStatement(statement)) {
      const expression = statement.getExpression();
      if (Node.isBinaryExpression(expression) && expression.getOperatorToken().getText() === '=' && /^(?:module\.)?exports(?:\.\w+)?$/.test(expression.getLeft().getText())) {
        object = exportedObject(expression.getRight(), consts);
      }
    } else if (Node.isExportAssignment(statement)) {
      object = exportedObject(statement.getExpression(), consts);
    } else if (Node.isVariableStatement(statement) && statement.hasExportKeyword()) {
      // Not `isExported()`: it asks the type checker, which the per-file pass has not; a variable statement has no symbol, so the keyword decided anyway.
      for (const declaration of statement.getDeclarations()) object ??= exportedObject(declaration.getInitializer(), consts);
    }
    // The same object exported twice (`const c = {...}; module.exports = c; export default c`) is one finding.
    if (object && !seen.has(object)) found.push({ statement, object });
    if (object) seen.add(object);
  }
  return found;
}


/** "a password, a host and a database name (PASSWORD, HOST, DB)". */
function describe(found: readonly Finding[]): string {
  const kinds = [...new Set(found.map((finding) => finding.what))].map((what) => `${/^[aeio]/i.test(what) ? 'an' : 'a'} ${what}`);
  const list = kinds.length === 1 ? kinds[0] : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`;
  const keys = [...new Set(found.map((finding) => finding.key))].slice(0, 5).join(', ');
  return `${list} (${keys})`;
}

function isDeploySpecific(found: readonly Finding[]): boolean {
  return found.some((finding) => !SUPPORTING.has(finding.evidence));
}

/** `at`: the export statement's line (JS/TS) or the first deploy-specific literal's span (Python). */
function report(context: Context, file: string, at: { line: number } | Span, found: readonly Finding[]): void {
  context.report({
    messageId: 'configModule',
    data: { what: describe(found) },
    file,
    ...at,
    secrets: found.flatMap((finding) => (finding.secret === undefined ? [] : secretLines(finding.secret))),
  });
}

/** An object a config module exports, with what it holds as literals. */
interface ExportedConfig {
  /** Of the statement that exports it. */
  line: number;
  found: Finding[];
}

/** The objects a script named like a config module exports, when it reads no environment variable; none for other scripts (no other script is wrapped). */
export const exportedConfig = scriptFacts<ExportedConfig[]>({
  name: 'config/config-module',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  paths: isScriptConfigModulePath,
  extract(sourceFile, file) {
    // Cheapest first: a text naming the environment, then a module exporting no object, need no search for env reads.
    if (/\b(?:process|Bun|Deno)\.env\b|import\.meta\.env/.test(file.text)) return [];
    const exported = exports(sourceFile);
    if (exported.length === 0 || environmentReads(sourceFile, file.path).length > 0) return [];
    return exported.map(({ statement, object }) => {
      const found: Finding[] = [];
      objectEvidence(object, '', found);
      return { line: spanOf(statement, file).line, found };
    });
  },
});

/**
 * A Python settings module: `settings.py`, `config.py`, any module of a `settings/` or `config/` folder, but not one for a local or test run
 * (nor a test script that happens to sit in a `settings/` folder of the test suite: `tests/settings/test_privacy.py`).
 */
function isPythonSettings(context: Context, file: IndexedFile): boolean {
  return file.language === 'python' && file.role === 'source' && isPythonSettingsPath(file.path) && !isLocalSettingsPath(context, file.path);
}

/** The literal strings a settings module binds to names, as evidence of deploy-specific values, with where each is. */
function settingsEvidence(context: Context, bound: readonly BoundLiteral[], path: string): (Finding & { span: Span })[] {
  const found: (Finding & { span: Span })[] = [];
  for (const literal of bound) {
    if (literal.value.kind !== 'string' || literal.name === null || literal.fallbackOf || !SETTING_BINDINGS.has(literal.binding) || isLocalLiteral(context, literal, path)) continue;
    const evidence = evidenceOf(literal.name, literal.value.value, literal.path.at(-1) ?? '');
    if (evidence) found.push({ ...evidence, span: literal.span });
  }
  return found;
}

/** How a settings module names a value: a module variable or class attribute, a dict key, a keyword argument. */
const SETTING_BINDINGS: ReadonlySet<Binding> = new Set(['variable', 'key', 'keyword']);

/**
 * Python settings modules: each one that holds deploy-specific literals and reads no environment
 * variable, reported at its first such literal; and `DEBUG = True` in settings no other settings
 * module of the app turns off or reads from the environment (a base module a production one overrides).
 */
function checkPythonSettings(context: Context): void {
  const modules: { file: IndexedFile; bound: BoundLiteral[]; reads: SourceEnvRead[] }[] = [];
  forEachSourceFacts(context, literals, (bound, file) => modules.push({ file, bound, reads: context.facts(file.path, envReads) ?? [] }), (file) => isPythonSettings(context, file));
  for (const { file, bound, reads } of modules) {
    if (reads.length > 0) continue;
    const found = settingsEvidence(context, bound, file.path);
    const first = found.find((finding) => !SUPPORTING.has(finding.evidence));
    if (first) report(context, file.path, first.span, found);
  }
  const debugSettings = modules.flatMap(({ file, bound }) =>
    bound.filter((literal) => literal.name === 'DEBUG' && literal.binding === 'variable' && !isLocalLiteral(context, literal, file.path)).map((literal) => ({ file, literal })),
  );
  const debugFromEnv = modules.some(({ reads }) => reads.some((read) => read.name === 'DEBUG'));
  if (debugFromEnv || debugSettings.some(({ literal }) => literal.fallbackOf || literal.value.value !== true)) return;
  for (const { file, literal } of debugSettings) context.report({ messageId: 'debugOn', file: file.path, ...literal.span });
}

// ---------------------------------------------------------------------------------------------
// Go: settings loaded from a committed file at a fixed path

/** `ini.Load("conf/app.ini")`, `toml.DecodeFile("config.toml", &c)`, `viper.SetConfigFile("config.yaml")`, `os.ReadFile("config.json")`. */
const GO_CONFIG_LOAD = /^(?:ini\.(?:Load|LooseLoad|ShadowLoad)|toml\.DecodeFile|viper\.SetConfigFile|os\.ReadFile|ioutil\.ReadFile|yaml\.ReadFile)$/;
/**
 * Go calls that take configuration from the environment besides the reads `env-reads` lists: the
 * whole environment, expansion, viper's env binding, env-struct and dotenv libraries.
 */
const GO_ENV_CALL = /^(?:os\.(?:Environ|ExpandEnv)|viper\.(?:AutomaticEnv|BindEnv)|envconfig\.\w+|env\.Parse\w*|godotenv\.\w+|cleanenv\.\w+)$/;
const CONFIG_FILE = /\.(?:ini|toml|ya?ml|json|conf|cfg|properties)$/i;

/** The evidence a committed config file holds: credentials, hosts, connection strings, database names. */
function fileEvidence(file: IndexedFile, text: string): Finding[] {
  const found: Finding[] = [];
  if (/\.(?:ya?ml|json)$/i.test(file.path)) {
    for (const entry of dataEntries(text)) {
      const evidence = evidenceOf(entry.name, entry.value, String(entry.path.at(-2) ?? ''));
      if (evidence) found.push(evidence);
    }
  } else {
    for (const entry of iniEntries(text)) {
      const evidence = evidenceOf(entry.key, entry.value, entry.section);
      if (evidence) found.push(evidence);
    }
  }
  return found;
}

/** A Go read of the environment: any `env-reads` fact but viper's getters (they read the config file unless viper binds the environment). */
function readsEnvironment(reads: readonly SourceEnvRead[], fileCalls: readonly Call[]): boolean {
  return reads.some((read) => !read.callee.startsWith('viper.Get')) || fileCalls.some((call) => GO_ENV_CALL.test(call.callee ?? ''));
}

/**
 * A Go app that loads its settings from a committed file at a fixed path and reads no environment
 * variable anywhere: the committed file is its config module. Reported at the first call that loads it.
 */
function checkGoApp(context: Context): void {
  const isGoSource = (file: IndexedFile) => file.language === 'go' && file.role === 'source';
  const loads: { file: IndexedFile; call: Call; path: string }[] = [];
  let readsEnv = false;
  forEachSourceFacts(context, calls, (fileCalls, file) => {
    readsEnv ||= readsEnvironment(context.facts(file.path, envReads) ?? [], fileCalls);
    for (const call of fileCalls) {
      const [first] = call.arguments;
      if (GO_CONFIG_LOAD.test(call.callee ?? '') && first?.index === 0 && first.kind === 'string') loads.push({ file, call, path: String(first.value) });
    }
  }, isGoSource);
  if (!readsEnv) reportCommittedFiles(context, loads.map(({ file, call, path }) => ({ file, span: call.span, path })));
}

/**
 * A JS/TS app that requires a committed JSON config file (`require('config.json')`,
 * `import config from './config.json'`) and reads no environment variable of its own anywhere:
 * that file is its config module. The app's package.json (read for its version) is not config.
 */
function checkScriptApp(context: Context): void {
  const loads: { file: IndexedFile; span: Span; path: string }[] = [];
  forEachScriptFacts(context, moduleReferences, (facts, file) => {
    for (const { specifier, span } of referencesOf(facts)) {
      if (!/\.json$/.test(specifier) || /(?:^|\/)package\.json$/.test(specifier)) continue;
      const path = specifier.startsWith('.') ? posix.join(posix.dirname(file.path), specifier) : specifier;
      loads.push({ file, span, path });
    }
  }, ['source']);
  if (loads.length === 0) return;
  let readsEnv = false;
  forEachScriptFacts(context, scriptEnvReads, (facts) => {
    readsEnv ||= facts.reads.some((read) => !isPlatformVariable(read.name));
  }, ['source', 'config']);
  if (!readsEnv) reportCommittedFiles(context, loads);
}

/** One finding per committed config file that holds deploy-specific values: at the first place that loads it. */
function reportCommittedFiles(context: Context, loads: readonly { file: IndexedFile; span: Span; path: string }[]): void {
  const reported = new Set<string>();
  for (const { file, span, path } of loads) {
    const loaded = committedFile(context, path);
    const content = loaded && context.text(loaded.path);
    if (!loaded || content === undefined || reported.has(loaded.path)) continue;
    reported.add(loaded.path);
    const found = fileEvidence(loaded, content);
    if (!isDeploySpecific(found)) continue;
    context.report({
      messageId: 'committedConfigFile',
      data: { file: loaded.path, what: describe(found) },
      file: file.path,
      ...span,
      secrets: found.flatMap((finding) => (finding.secret === undefined ? [] : secretLines(finding.secret))),
    });
  }
}

/** The committed config file a literal load path names, relative to the app's folder or the repository root. */
function committedFile(context: Context, path: string): IndexedFile | undefined {
  const relative = posix.normalize(path.replace(/^\.\//, ''));
  if (!CONFIG_FILE.test(relative) || relative.startsWith('..') || posix.isAbsolute(relative)) return undefined;
  const candidates = context.app.path === '.' ? [relative] : [posix.join(context.app.path, relative), relative];
  for (const candidate of candidates) {
    const file = context.file(candidate);
    if (file) return file;
  }
  return undefined;
}

export const configModule = defineRule<MessageId>({
  id: 'config/config-module',
  factor: 'config',
  defaultSeverity: 'warning',
  title: 'Config kept in a committed source module',
  description:
    'Finds committed config modules (config.js, keys.js, db.config.js, config.default.js, settings.py) that export deploy-specific values — credentials, hosts, connection strings, database names — as literals and read no environment variable, `DEBUG = True` in Python settings no environment or other settings module turns off, and Go and JS/TS apps that load such values from a committed config file at a fixed path (`ini.Load("conf/app.ini")`, `require(\'./config.json\')`) with no environment override.',
  fix: 'Read each deploy-specific value from an environment variable in the module (failing at startup when a required one is missing), and keep only deploy-independent defaults as literals.',
  messages: {
    configModule:
      'this config module holds {{what}} as literals and reads no environment variable, so every deploy needs a code change; read them from the environment',
    committedConfigFile:
      'the app loads its settings from the committed {{file}} at a fixed path, which holds {{what}}, and reads no environment variable anywhere, so every deploy needs a change to the repository; let the environment override each deploy-specific setting',
    debugOn:
      'DEBUG is switched on in the committed settings and no environment variable or other settings module turns it off, so every deploy runs in debug mode (tracebacks and settings shown to visitors); read it from the environment, off unless set',
  },
  triggers: TRIGGERS,
  // No `languages`: a config module is often the app's only script (`config/db.config.js` is a config file, not source).
  appliesTo: () => true,
  facts: [exportedConfig, literals, envReads, calls, moduleReferences, scriptEnvReads],
  check(context) {
    forEachScriptFacts(context, exportedConfig, (exported, file) => {
      for (const { line, found } of exported) if (isDeploySpecific(found)) report(context, file.path, { line }, found);
    }, ['source', 'config']);
    checkPythonSettings(context);
    checkGoApp(context);
    checkScriptApp(context);
  },
});
