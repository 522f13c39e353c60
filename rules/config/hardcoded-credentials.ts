import { posix } from 'node:path';
import { Node, ts, type SourceFile } from 'ts-morph';
import {
  positionAt,
  isRecord,
  isDevelopmentFile,
  composeServices,
  composeVariant,
  isComposeFile,
  anyUrlPassword,
  cachedImportBindings,
  calleeName,
  calls,
  dataEntries,
  defineRule,
  describeSecretValue,
  envVariableName,
  iniEntries,
  isEnvFallback,
  isEnvFile,
  isEnvironmentVariableMap,
  isIniConfigPath,
  isLocalBlockName,
  isLocalLiteral,
  isLocalSettingsPath,
  isModule,
  isTranslationPath,
  isUnusablePlaceholder,
  linesOf,
  onlyTestsName,
  programsRunByDeploy,
  looksLikeSecret,
  nameWords,
  namedSecretLiteral,
  queryPassword,
  keywordDsnPassword,
  rawCalleeMethod,
  rawText,
  secretLines,
  secretNameKind,
  isPlaceholderSecret,
  urlPasswordLiteral,
  workingPlaceholderSecret,
  wrapped,
  envReads,
  literals,
  stringLiteralFacts,
  stringOf,
  unmistakableSecret,
  isNotAWorkingValue,
  isConfigModulePath,
  entropy,
  CONNECTION_STRING_PASSWORD,
  URL_QUERY_PASSWORD,
  knownTokenKind,
  tokenPrefixes,
  isScriptFile,
  type BoundLiteral,
  type SecretMatch,
  type SourceCall,
  type SourceEnvRead,
  type Span,
  runsPublishedAppImage,
  shippedStages,
  stagesOf,
  isRawNameLiteral,
  rawHeldUnder,
  namesSamples,
  enclosingFunction,
  sourceFunctions,
  rawInSampleScope,
  rawLiteralText,
  type ProseReading,
} from '../../src/rule-kit/index.js';
import type { FileRole, IndexedFile, RuleContext, Severity } from '../../src/types.js';

type MessageId = 'secretLiteral' | 'possibleSecret' | 'unnamedSecret' | 'secretFallback' | 'deployComposeSecret';
type Context = RuleContext<MessageId>;

/** Where a literal is read from: its position, and the weaker severity of its file (tests). */
interface Site {
  file: string;
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  severity?: Severity;
}

const SCANNED_ROLES: readonly FileRole[] = ['source', 'config', 'test'];
const TRIGGERS = [
  'pass', 'Pass', 'PASS', 'pwd', 'PWD', 'secret', 'Secret', 'SECRET', 'token', 'Token', 'TOKEN', 'key', 'Key', 'KEY',
  'auth', 'Auth', 'AUTH', 'cred', 'Cred', 'CRED', '://', 'PRIVATE KEY', 'AKIA', 'ASIA', 'gh', 'glpat-', 'xox', 'sk_', 'rk_live_',
  'sk-', 'AIza', 'SG.', 'SK', 'npm_', 'eyJ', 'sign(', 'verify(', 'cookieParser(', 'createHmac(', 'Store(', 'securecookie',
  // A secret written with escapes (`"\u0073\u006b_live_..."`) holds none of the words above in its raw text.
  '\\u', '\\x',
];
/** Lockfiles hold hashes, tool configs hold options: never credentials (translations hold labels: `isTranslationPath`). */
const TOOL_DATA = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|composer\.lock|tsconfig[^/]*\.json|\.?eslintrc[^/]*|jsconfig\.json|nx\.json)$/i;
const MAX_DATA_FILE_SIZE = 512 * 1024;

const GRAVITY: Record<Severity, number> = { note: 1, warning: 2, error: 3 };

/**
 * `name` is what the secret is held under ('' when nothing names it). The message says what the value
 * looks like (`a 6-digit number`), never the value, so a masked finding can still be checked.
 */
function report(context: Context, site: Site, messageId: MessageId, match: SecretMatch, name: string): void {
  const lowered = [site.severity, match.severity].filter((severity) => severity !== undefined);
  const severity = lowered.sort((a, b) => GRAVITY[a] - GRAVITY[b])[0];
  context.report({
    messageId: messageId === 'secretLiteral' && name === '' ? 'unnamedSecret' : messageId,
    data: { kind: match.kind, name, shape: describeSecretValue(match.secret) },
    ...site,
    ...(severity && { severity }),
    secrets: secretLines(match.secret),
  });
}

/**
 * Seed data (`seed.ts`, `populatedb.js`, `create_test_data.py`), mocks, fakes, model factories, stories, the config
 * of a local emulator of a provider (`emulate.config.yaml`, `oauth-emulator.json`: the client secrets it
 * accepts) and Postman collections (sample requests with a test user's login and bearer tokens): demo
 * users' passwords, not the app's credentials.
 */
const SAMPLE_DATA_PATH = /(?:^|\/)(?:seed[\w-]*|mocks?|fakes?|__mocks__|factories)\/|(?:^|\/)[^/]*(?:seed|populate|reset|mock|fake|factory|emulat(?:e|or)|\.stories|test_?data|demo_?data|sample_?data)[^/]*\.[a-z]+$|\.postman_collection\.json$/i;

/** End-to-end test runners' config: the demo login of a local test instance (`env: { password: 'umami' }`). */
const TEST_RUNNER_CONFIG = /(?:^|\/)(?:cypress|playwright|jest|vitest|karma|wdio|nightwatch)\.config\.[^/]+$/;

/**
 * Tests and sample data are held to unmistakable secrets only, reported as notes. A seeder that a
 * production process runs (`node seed.js && npm start`) is the deploy's own code, not sample data.
 */
function severityOf(file: IndexedFile, context: Context): Severity | undefined {
  if (file.role === 'test' || TEST_RUNNER_CONFIG.test(file.path)) return 'note';
  return SAMPLE_DATA_PATH.test(file.path) && !programsRunByDeploy(context).has(file.path) ? 'note' : undefined;
}

/**
 * A token a test or sample file may really hold: a provider's key, which works wherever it is found.
 * Not the JWTs tests forge, the TLS and signing keys they generate as fixtures, or the passwords of
 * the databases their connection URLs point at.
 */
function unmistakableInSamples(value: string): SecretMatch | undefined {
  const match = knownTokenKind(value);
  return match === undefined || NOT_UNMISTAKABLE_IN_SAMPLES.includes(match.kind) ? undefined : match;
}

const NOT_UNMISTAKABLE_IN_SAMPLES = ['JSON Web Token', 'private key'];

/** What a literal of a test or sample file holds: an unmistakable secret only. */
function sampleSecret(value: string, name: string): ScriptSecret | undefined {
  const match = unmistakableInSamples(value);
  return match && { messageId: 'secretLiteral', match, name };
}

/** Keys beside which a password belongs to a user record (seed data), not to the app's configuration. */
const USER_RECORD_KEYS = new Set(['email', 'e-mail', 'firstName', 'lastName', 'first_name', 'last_name', 'fullName', 'full_name']);

// ---------------------------------------------------------------------------------------------
// JavaScript and TypeScript

/** Calls whose argument at this index is always a signing or encryption secret. */
const SECRET_ARGUMENTS: Readonly<Record<string, { module: string; index: number; kind: string }>> = {
  sign: { module: 'jsonwebtoken', index: 1, kind: 'JWT signing secret' },
  verify: { module: 'jsonwebtoken', index: 1, kind: 'JWT signing secret' },
  cookieParser: { module: 'cookie-parser', index: 0, kind: 'cookie signing secret' },
  createHmac: { module: 'crypto', index: 1, kind: 'HMAC key' },
};
/** Option objects whose `secret`-like property always holds a key: express-session, @nestjs/jwt, passport-jwt, express-jwt. */
const SECRET_OPTION_CALLS = /(?:^|\.)(?:session|expressSession|cookieSession|register|expressjwt|expressJwt|Strategy|JwtStrategy)$/;
/** Modules whose factory's `secret` / `keys` option is a signing key, however the import is named. */
const SESSION_MODULES = ['express-session', 'cookie-session', 'koa-session', 'express-jwt', 'passport-jwt', '@fastify/session', '@fastify/secure-session'];
const SECRET_OPTIONS = new Set(['secret', 'secretOrKey', 'secretOrPrivateKey', 'privateKey', 'keys']);

/**
 * The secret kind of a literal passed where a library always expects a key (`jwt.sign(p, 'k')`,
 * `session({ secret })`, cookie-session's `keys: ['k']`). Read on the compiler's tree: only a call
 * whose method or an option whose name is one of those above is wrapped to read its callee.
 */
function secretPosition(
  literal: ts.Node,
  holder: ts.Node | undefined,
  sourceFile: ts.SourceFile,
  bindings: () => Map<string, string>,
): { kind: string; option?: string } | undefined {
  const parent = literal.parent;
  // `rawCalleeMethod` is the last segment of `calleeName` whenever that has one.
  if (ts.isCallExpression(parent) && Object.hasOwn(SECRET_ARGUMENTS, rawCalleeMethod(parent) ?? '')) {
    const callee = calleeName(wrapped(parent, sourceFile)) ?? '';
    const method = callee.slice(callee.lastIndexOf('.') + 1);
    const position = SECRET_ARGUMENTS[method];
    const root = callee.split('.')[0] ?? '';
    if (position && parent.arguments[position.index] === literal && isModule(bindings().get(root) ?? '', position.module)) {
      return { kind: position.kind };
    }
  }
  // `keys: ['k1', 'k2']` / `secret: ['k']`: the array's property is the holder.
  const option = ts.isArrayLiteralExpression(parent) ? parent.parent : holder;
  const optionName = option && ts.isPropertyAssignment(option) ? rawText(option.name, sourceFile) : undefined;
  if (option && optionName !== undefined && SECRET_OPTIONS.has(optionName)) {
    const call = option.parent.parent;
    if ((ts.isCallExpression(call) || ts.isNewExpression(call)) && isSessionFactory(calleeName(wrapped(call, sourceFile)) ?? '', bindings)) {
      return { kind: 'signing secret', option: optionName };
    }
  }
  if (option && optionName !== undefined && SMTP_PASSWORD_OPTIONS.has(optionName) && isSmtpAuth(option.parent, sourceFile)) return { kind: 'SMTP password', option: optionName };
  return undefined;
}

const SMTP_PASSWORD_OPTIONS = new Set(['pass', 'password']);

/** The `auth` object of a mail transport's options: nodemailer's `createTransport({ auth: { user, pass } })`. */
function isSmtpAuth(object: ts.Node, sourceFile: ts.SourceFile): boolean {
  const auth = object.parent;
  if (!ts.isObjectLiteralExpression(object) || !ts.isPropertyAssignment(auth) || rawText(auth.name, sourceFile) !== 'auth') return false;
  const call = auth.parent.parent;
  return ts.isCallExpression(call) && rawCalleeMethod(call) === 'createTransport';
}

function isSessionFactory(callee: string, bindings: () => Map<string, string>): boolean {
  if (SECRET_OPTION_CALLS.test(callee)) return true;
  const bound = bindings().get(callee.split('.')[0] ?? '') ?? '';
  return SESSION_MODULES.some((module) => isModule(bound, module));
}

/** The environment variable whose fallback this literal is: `JWT_SECRET` in `process.env.JWT_SECRET || 'dev'`. */
function fallbackVariable(literal: Node): string | undefined {
  let node: Node | undefined = literal.getParent();
  while (node && (Node.isParenthesizedExpression(node) || Node.isAsExpression(node))) node = node.getParent();
  if (Node.isBinaryExpression(node)) return envNameWithin(node.getLeft());
  if (Node.isConditionalExpression(node)) return envNameWithin(node.getCondition());
  if (Node.isBindingElement(node)) return (node.getPropertyNameNode() ?? node.getNameNode()).getText();
  return undefined;
}

function envNameWithin(node: Node): string | undefined {
  const direct = envVariableName(node);
  if (direct !== undefined) return direct;
  for (const descendant of node.getDescendants()) {
    const name = envVariableName(descendant);
    if (name !== undefined) return name;
  }
  return undefined;
}

/** Whether an object literal is a user record (`{ email, password }`); memoised, as every literal of a 10,000-key object asks. */
function isUserRecord(object: ts.ObjectLiteralExpression, sourceFile: ts.SourceFile, memo: Map<ts.ObjectLiteralExpression, boolean>): boolean {
  let answer = memo.get(object);
  if (answer === undefined) {
    answer = object.properties.some((property) => ts.isPropertyAssignment(property) && USER_RECORD_KEYS.has(rawText(property.name, sourceFile).replace(/^["']|["']$/g, '')));
    memo.set(object, answer);
  }
  return answer;
}

/**
 * The longest left side (or condition) a fallback is looked into for an environment read. Each
 * literal of `x || 'a' || 'b' || ...` would otherwise search the whole chain before it: quadratic.
 */
const MAX_FALLBACK_SOURCE = 4096;

/**
 * Whether a literal stands where `isEnvFallback` finds a default (the right side of `||` / `??`, the
 * last branch of a ternary, a destructuring default), with a short enough source: decided on the
 * compiler's tree, so that only these literals are wrapped for `isEnvFallback`.
 */
function mayBeShortFallback(literal: ts.Node): boolean {
  let child = literal;
  let parent = literal.parent;
  while (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) {
    child = parent;
    parent = parent.parent;
  }
  const source =
    ts.isBinaryExpression(parent) && parent.right === child && (parent.operatorToken.kind === ts.SyntaxKind.BarBarToken || parent.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken)
      ? parent.left
      : ts.isConditionalExpression(parent) && parent.whenFalse === child
        ? parent.condition
        : undefined;
  return source === undefined ? ts.isBindingElement(parent) && parent.initializer === child : source.end - source.pos <= MAX_FALLBACK_SOURCE;
}

/** What a literal of a script would be reported as, with the name it is reported under. */
interface ScriptSecret {
  messageId: 'secretLiteral' | 'secretFallback';
  match: SecretMatch;
  name: string;
  /** A fill-in placeholder that works as the key (`workingPlaceholderSecret`): a finding unless the app refuses it. */
  placeholder?: true;
  /**
   * Where it is written says it is a credential: handed where only a key goes (`jwt.sign`'s key, a
   * session's `secret`, an SMTP transport's `auth.pass`), or declared as a module's own named constant
   * (`const jwtSecret = '...'`, Python `SECRET_KEY = '...'`, Go `const apiToken = "..."`).
   */
  sure?: true;
}

/** A working placeholder (see `workingPlaceholderSecret`) as a literal of a script. */
function placeholderSecret(name: string, value: string): ScriptSecret | undefined {
  const match = workingPlaceholderSecret(name, value);
  return match && { messageId: 'secretLiteral', match, name, placeholder: true };
}

/** Whether a found secret stands: a working placeholder the app refuses at startup does not. */
function stands(context: Context, found: ScriptSecret): boolean {
  return found.placeholder !== true || !appRefuses(context, found.match.secret);
}

/** Kinds whose shape says what they are wherever they are written: connection-string and URL passwords. */
const SELF_EVIDENT_KINDS = new Set([CONNECTION_STRING_PASSWORD, URL_QUERY_PASSWORD]);

/**
 * Whether a literal of a script surely holds a credential: handed where only a key goes, shaped like
 * one (a provider token, a private key, a URL's password), or written in a settings module. Elsewhere
 * in code a secret-sounding name holds a credential far less often than not (labels, markers,
 * placeholders, table entries): on repositories nobody tuned on, about one in ten. So is a long
 * random-looking value (a generated key) under such a name.
 */
function isSurelySecret(found: ScriptSecret, path: string): boolean {
  return (
    found.messageId !== 'secretLiteral' ||
    found.sure === true ||
    SELF_EVIDENT_KINDS.has(found.match.kind) ||
    unmistakableSecret(found.match.secret) !== undefined ||
    isKeyShaped(found.match.secret) ||
    isConfigModulePath(path)
  );
}

/** A long random-looking run with no spaces: what generated keys look like, as gitleaks' generic rule reads them. */
function isKeyShaped(value: string): boolean {
  return value.length >= KEY_SHAPED_LENGTH && !/\s/.test(value) && entropy(value) >= KEY_SHAPED_ENTROPY;
}

const KEY_SHAPED_LENGTH = 20;
const KEY_SHAPED_ENTROPY = 3.5;

/** A literal secret of a script: one the rule cannot be sure of is a possible secret, a warning that caps no score. */
function reportScriptSecret(context: Context, site: Site, found: ScriptSecret): void {
  if (site.severity !== undefined || isSurelySecret(found, site.file)) report(context, site, found.messageId, found.match, found.name);
  else report(context, { ...site, severity: 'warning' }, found.name === '' ? found.messageId : 'possibleSecret', found.match, found.name);
}

/** A literal of a script that holds a secret: as a test or sample file judges it, and as any other file does. */
interface LiteralSecret {
  span: Span;
  /** Written in code named for test or demo data (`class MockAuth`): judged as a sample file is. */
  sampleScope?: true;
  inSamples?: ScriptSecret;
  elsewhere?: ScriptSecret;
  /**
   * For a user record (`{ userName, firstName, password }`), held to unmistakable secrets as sample
   * users: the password as written, which counts when a production process runs the file (a seeder).
   */
  seeded?: ScriptSecret;
}

/**
 * The literal secrets of source and config scripts. A sample file's (`severityOf`) are judged as
 * samples, any other's by where they are written, so each literal is judged both ways.
 */
export const literalSecrets = stringLiteralFacts<LiteralSecret>({
  name: 'config/hardcoded-credentials',
  version: 18,
  module: import.meta.url,
  triggers: TRIGGERS,
  roles: ['source', 'config'],
  createRaw(file) {
    const userRecords = new Map<ts.ObjectLiteralExpression, boolean>();
    const nameTables = new Map<ts.ObjectLiteralExpression, boolean>();
    const categoryTables = new Map<ts.ObjectLiteralExpression, boolean>();
    const fieldDescriptions = new Map<ts.ObjectLiteralExpression, boolean>();
    let cachedBindings: Map<string, string> | undefined;
    return (literal, sourceFile) => {
      const value = rawLiteralText(literal, sourceFile);
      if (value === undefined || isRawNameLiteral(literal, sourceFile)) return undefined;
      const bindings = () => (cachedBindings ??= cachedImportBindings(wrapped<SourceFile>(sourceFile)));
      const held = rawHeldUnder(literal, sourceFile);
      // Test passwords ('wrongPassword1') and signing keys are fixtures: only unmistakable secrets count there.
      const inSamples = sampleSecret(value, held.name);
      const elsewhere = scriptSecret(literal, value, held, file.path, sourceFile, bindings, userRecords, { nameTables, categoryTables, fieldDescriptions });
      const seeded = inScriptUserRecord(held.holder, sourceFile, userRecords) ? writtenSecret(held.name, value, file.path) : undefined;
      if (!inSamples && !elsewhere && !seeded) return undefined;
      return {
        span: file.span(literal.getStart(sourceFile), literal.end),
        ...(inSamples && { inSamples }),
        ...(elsewhere && { elsewhere }),
        ...(seeded && { seeded }),
        ...(rawInSampleScope(literal, sourceFile) && { sampleScope: true as const }),
      };
    };
  },
});

/**
 * The literal secrets of test scripts: unmistakable provider tokens only (`unmistakableInSamples`).
 * A literal without an escape has a piece of the file's text for its value, so a test file holding
 * no backslash and none of the tokens' prefixes has none, and is not handed to this extractor.
 */
export const sampleLiteralSecrets = stringLiteralFacts<LiteralSecret>({
  name: 'config/hardcoded-credentials/samples',
  version: 3,
  module: import.meta.url,
  triggers: [...tokenPrefixes(NOT_UNMISTAKABLE_IN_SAMPLES), '\\'],
  roles: ['test'],
  createRaw(file) {
    return (literal, sourceFile) => {
      const value = rawLiteralText(literal, sourceFile);
      if (value === undefined || isRawNameLiteral(literal, sourceFile)) return undefined;
      const match = unmistakableInSamples(value);
      if (match === undefined) return undefined;
      const inSamples: ScriptSecret = { messageId: 'secretLiteral', match, name: rawHeldUnder(literal, sourceFile).name };
      return { span: file.span(literal.getStart(sourceFile), literal.end), inSamples };
    };
  },
});

/**
 * The secret a literal of a script other than a test or sample holds, by where it is written. A
 * string literal is never itself an environment read, so a positional one is a secret unless it is
 * an unusable placeholder.
 */
function scriptSecret(
  literal: ts.Node,
  value: string,
  { name, holder }: { name: string; holder: ts.Node | undefined },
  path: string,
  sourceFile: ts.SourceFile,
  bindings: () => Map<string, string>,
  userRecords: Map<ts.ObjectLiteralExpression, boolean>,
  tables: {
    nameTables: Map<ts.ObjectLiteralExpression, boolean>;
    categoryTables: Map<ts.ObjectLiteralExpression, boolean>;
    fieldDescriptions: Map<ts.ObjectLiteralExpression, boolean>;
  },
): ScriptSecret | undefined {
  if (mayBeShortFallback(literal)) {
    const node = wrapped(literal, sourceFile);
    if (isEnvFallback(node)) return fallbackSecret(fallbackVariable(node) ?? '', name, value, handedToVendorClient(node));
  }
  const positional = secretPosition(literal, holder, sourceFile, bindings);
  if (positional !== undefined) {
    if (isUnusablePlaceholder(value)) return undefined;
    return { messageId: 'secretLiteral', match: { kind: positional.kind, secret: value }, name: positional.option ?? name, sure: true };
  }
  if (
    inDeleteCriteria(holder) ||
    inNameTable(holder, value, sourceFile, tables.nameTables) ||
    inCategoryTable(holder, sourceFile, tables.categoryTables) ||
    inFieldDescription(holder, value, sourceFile, tables.fieldDescriptions)
  ) {
    return undefined;
  }
  const userRecord = inScriptUserRecord(holder, sourceFile, userRecords);
  if (userRecord || underLocalBlock(literal, sourceFile)) {
    const match = userRecord ? unmistakableSecret(value) : looksLikeSecret(name, value);
    return match && { messageId: 'secretLiteral', match, name };
  }
  const written = writtenSecret(name, value, path);
  return written && isModuleConstant(holder) ? { ...written, sure: true } : written;
}

/** A declaration at the top of a module: `const jwtSecret = '...'`, `export const API_TOKEN = '...'`. */
function isModuleConstant(holder: ts.Node | undefined): boolean {
  return holder !== undefined && ts.isVariableDeclaration(holder) && ts.isVariableStatement(holder.parent.parent) && ts.isSourceFile(holder.parent.parent.parent);
}

/** Calls that remove the records their criteria match: `manager.delete(User, { password })`, `Model.destroy({ where })`. */
const DELETE_METHOD = /^(?:delete|deleteOne|deleteMany|destroy|remove|findOneAndDelete|findOneAndRemove|findByIdAndDelete|softDelete)$/;

/**
 * A value in the criteria of a delete (a migration's `down()` removing the seeded row it matches by
 * its stored hash): it finds a record, it sets no credential; where the value is written is reported.
 */
function inDeleteCriteria(holder: ts.Node | undefined): boolean {
  if (!holder || !ts.isPropertyAssignment(holder)) return false;
  let node: ts.Node = holder;
  for (let depth = 0; depth < 6 && (ts.isPropertyAssignment(node) || ts.isObjectLiteralExpression(node)); depth += 1) node = node.parent;
  return ts.isCallExpression(node) && DELETE_METHOD.test(rawCalleeMethod(node) ?? '');
}

/** How many of a table's entries must spell out their own key for it to be a table of resource names. */
const NAME_TABLE_ENTRIES = 3;

/** The value spells out its key's words, perhaps with more around them: `vpcNetwork: 'vpc-network'`, `runtimeSecret: 'app-runtime-secret'`. */
function spellsItsKey(key: string, value: string): boolean {
  if (!/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/.test(value) || isPlaceholderSecret(value)) return false;
  const valueWords = nameWords(value);
  return nameWords(key).every((word) => valueWords.includes(word));
}

/**
 * `{ vpc: 'vpc', postgres: 'app-postgres', runtimeSecret: 'app-runtime-secret' }`: an object whose
 * string entries (two in three) spell out their own keys in kebab case, three or more of them under
 * names that are not secrets', names resources (a secret store entry, a security group), so a
 * secret-named entry that adds words to its key (`app-`) is the name of the secret, not its value. A
 * weak value that only repeats its key (`password: 'password'`), placeholders (`my-jwt-secret`) and a
 * module of secrets alone prefixed alike (`{ jwtSecret: 'acme-jwt-secret', ... }`) still count.
 * Memoised per object.
 */
function inNameTable(holder: ts.Node | undefined, value: string, sourceFile: ts.SourceFile, memo: Map<ts.ObjectLiteralExpression, boolean>): boolean {
  if (!holder || !ts.isPropertyAssignment(holder) || !ts.isObjectLiteralExpression(holder.parent)) return false;
  const key = rawText(holder.name, sourceFile).replace(/^["'`]|["'`]$/g, '');
  if (!spellsItsKey(key, value) || nameWords(value).length <= nameWords(key).length) return false;
  const object = holder.parent;
  let answer = memo.get(object);
  if (answer === undefined) {
    const entries = object.properties.flatMap((property) =>
      ts.isPropertyAssignment(property) && ts.isStringLiteralLike(property.initializer)
        ? [{ key: rawText(property.name, sourceFile).replace(/^["'`]|["'`]$/g, ''), value: property.initializer.text }]
        : [],
    );
    const spelled = entries.filter((entry) => spellsItsKey(entry.key, entry.value));
    // Mostly names of things that are not secrets (`vpc`, `bucket`): a module of readable secrets prefixed alike is not a table.
    const plain = spelled.filter((entry) => secretNameKind(entry.key) === undefined).length;
    answer = plain >= NAME_TABLE_ENTRIES && spelled.length * 3 >= entries.length * 2;
    memo.set(object, answer);
  }
  return answer;
}

/** How many entries under names that are not secrets' must share one value for an object to be a table of categories. */
const CATEGORY_TABLE_ENTRIES = 4;
/** The most distinct string values a table of categories gives its fields. */
const CATEGORY_TABLE_VALUES = 3;

/**
 * `{ user: 'public', host: 'public', port: 'public', password: 'secret' }`: an object whose string
 * entries take at most three distinct values, one of them shared by four or more entries under names
 * that are not secrets' (a host or a port that reads `'public'` is no host or port), classifies its
 * fields (what to redact, which to encrypt): a secret-named entry there holds a category, not a
 * credential. A connection block (`{ name: 'app', user: 'app', password: 'app', host: 'db' }`) has
 * too few plain entries sharing a value to be one. Memoised per object.
 */
function inCategoryTable(holder: ts.Node | undefined, sourceFile: ts.SourceFile, memo: Map<ts.ObjectLiteralExpression, boolean>): boolean {
  if (!holder || !ts.isPropertyAssignment(holder) || !ts.isObjectLiteralExpression(holder.parent)) return false;
  const object = holder.parent;
  let answer = memo.get(object);
  if (answer === undefined) {
    const plainCounts = new Map<string, number>();
    const values = new Set<string>();
    for (const property of object.properties) {
      if (!ts.isPropertyAssignment(property) || !ts.isStringLiteralLike(property.initializer)) continue;
      const value = property.initializer.text;
      values.add(value);
      const key = rawText(property.name, sourceFile).replace(/^["'`]|["'`]$/g, '');
      if (secretNameKind(key) === undefined) plainCounts.set(value, (plainCounts.get(value) ?? 0) + 1);
    }
    answer = values.size <= CATEGORY_TABLE_VALUES && [...plainCounts.values()].some((count) => count >= CATEGORY_TABLE_ENTRIES);
    memo.set(object, answer);
  }
  return answer;
}

/** Keys that give a form field its text: an object holding one describes a field, it does not fill it in. */
const FIELD_TEXT_KEYS = new Set(['label', 'helperText', 'helpText', 'placeholder', 'hint', 'tooltip']);

/** A field's or a stored secret's name: `apiKey`, `webhookKey`, `token`, `account_sid`. */
const FIELD_NAME_VALUE = /^[a-z][A-Za-z0-9_]*$/;

/**
 * `{ name: 'sendgrid', secretKey: 'apiKey', label: 'API key', helperText: '...' }`: an object that gives
 * a form field its label, help text or placeholder describes the field, and its secret-named entries
 * name which secret the field edits (`secretKey`, `passwordField`); a value shaped like such a name is
 * not the secret. A value that could not be a name (`'Pr0d!pass'`), or a token format, still counts.
 * Memoised per object.
 */
function inFieldDescription(holder: ts.Node | undefined, value: string, sourceFile: ts.SourceFile, memo: Map<ts.ObjectLiteralExpression, boolean>): boolean {
  if (!holder || !ts.isPropertyAssignment(holder) || !ts.isObjectLiteralExpression(holder.parent)) return false;
  if (!FIELD_NAME_VALUE.test(value) || unmistakableSecret(value) !== undefined) return false;
  const object = holder.parent;
  let answer = memo.get(object);
  if (answer === undefined) {
    answer = object.properties.some(
      (property) =>
        ts.isPropertyAssignment(property) &&
        FIELD_TEXT_KEYS.has(rawText(property.name, sourceFile).replace(/^["'`]|["'`]$/g, '')) &&
        (ts.isStringLiteralLike(property.initializer) || ts.isTemplateExpression(property.initializer) || ts.isCallExpression(property.initializer)),
    );
    memo.set(object, answer);
  }
  return answer;
}

/** A literal under `name` judged as written, by LABELLING.md: any working value, a working placeholder too. */
function writtenSecret(name: string, value: string, path: string): ScriptSecret | undefined {
  const match = literalSecret(name, value, path);
  return match ? { messageId: 'secretLiteral', match, name } : placeholderSecret(name, value);
}

function inScriptUserRecord(holder: ts.Node | undefined, sourceFile: ts.SourceFile, userRecords: Map<ts.ObjectLiteralExpression, boolean>): boolean {
  const object = holder?.parent;
  return object !== undefined && ts.isObjectLiteralExpression(object) && isUserRecord(object, sourceFile, userRecords);
}

/** Constructors that sign or verify with the key they are given: there a known fallback is a forgeable secret. */
const SIGNING_CONSTRUCTOR = /strategy|jwt|session|cookie|hmac|cipher|sign|crypt|auth(?:enticat|oriz)/i;

/**
 * `new Stripe(... || 'x')`, `new ChatOpenAI({ apiKey: ... || 'x' })`: the fallback is an argument (or an
 * option of one) of a constructor of another package's client, not of one that signs or verifies.
 */
function handedToVendorClient(fallback: Node): boolean {
  let node: Node | undefined = fallback.getParent();
  while (node && (Node.isBinaryExpression(node) || Node.isParenthesizedExpression(node) || Node.isConditionalExpression(node))) node = node.getParent();
  if (node && Node.isPropertyAssignment(node)) node = node.getParent()?.getParent();
  if (!node || !Node.isNewExpression(node)) return false;
  const callee = node.getExpression().getText();
  return !SIGNING_CONSTRUCTOR.test(callee);
}

/** A cookie's name: two or more words joined (`acme_session`, `app-auth-state`, `__Host-sid`), none a secret's. */
const COOKIE_NAME_VALUE = /^_{0,2}[A-Za-z][A-Za-z0-9]*(?:[-_.][A-Za-z0-9]+)+$/;

/**
 * `AUTH_COOKIE_KEY || 'acme_session'`, `USER_SESSION_COOKIE_KEY: str = "acme_session"`: the key a
 * cookie is stored under, its name, that every browser sees. A value that says it is a secret
 * (`'acme-cookie-secret'`) or a single word (`'keyboardcat'`, as likely a signing key) still counts.
 */
function namesACookie(name: string, value: string): boolean {
  const words = nameWords(name);
  if (words.at(-1) !== 'key' || words.at(-2) !== 'cookie') return false;
  return COOKIE_NAME_VALUE.test(value) && !/secret|pass|pwd|private|key|token/i.test(value);
}

/** Words a stand-in value is made of: `DummyKey`, `fake-token`, `placeholder_api_key`. */
const STAND_IN_WORDS = new Set(['dummy', 'fake', 'placeholder', 'stub', 'mock', 'bogus']);

/**
 * A readable value that calls itself a stand-in (`PROVIDER_API_KEY: str = "DummyKey"`): a provider
 * rejects it, so it opens nothing. Only for a provider's key: a key the app signs with signs with it.
 */
function saysItIsAStandIn(value: string): boolean {
  return /^[A-Za-z][A-Za-z0-9_.-]*$/.test(value) && nameWords(value).some((word) => STAND_IN_WORDS.has(word));
}

/** Secret kinds the app may check itself, where any word works as a key: the others are a provider's. */
const SELF_CHECKED_KINDS = new Set(['password', 'secret', 'secret key', 'private key']);

/**
 * The fallback of an environment variable (`variable`, '' when computed) held under `name`: a secret
 * when it looks like one, or when either name says it is one and it is not empty (LABELLING.md: a
 * secret with a fallback runs with a publicly known key instead of failing). A dummy key handed to a
 * vendor's client (`new Stripe(process.env.STRIPE_SECRET_KEY || 'sk_nothing')`) lets the client be built
 * while the integration is off; it opens nothing and signs nothing, so only a real-looking one counts.
 */
function fallbackSecret(variable: string, name: string, value: string, toVendorClient = false): ScriptSecret | undefined {
  if (namesACookie(variable, value) || namesACookie(name, value)) return undefined;
  const kind = secretNameKind(variable) ?? secretNameKind(name);
  // A provider's key falling back to a word that says there is none (`LLM_API_KEY || 'not-required'`
  // for a keyless server) opens nothing; a key the app signs with signs with any word.
  if (kind !== undefined && !SELF_CHECKED_KINDS.has(kind) && (isNotAWorkingValue(value) || saysItIsAStandIn(value))) return undefined;
  // One character is a flag's default (`ENABLE_EMAIL_PASSWORD` falling back to '1'), not a credential.
  const match = looksLikeSecret('', value) ?? (kind !== undefined && value.trim().length > 1 && !toVendorClient ? { kind, secret: value } : undefined);
  return match && { messageId: 'secretFallback', match, name: variable || name };
}

/**
 * Blocks of config for a developer's machine or a test run (`{ development: { password: 'root' } }`,
 * knexfile, sequelize `config.json`): their weak values are throwaway credentials of local
 * databases (LABELLING.md), so only real-looking values count there.
 */
function underLocalBlock(literal: ts.Node, sourceFile: ts.SourceFile): boolean {
  let depth = 0;
  for (let node = literal.parent as ts.Node | undefined; node && depth < 12; node = node.parent as ts.Node | undefined, depth += 1) {
    if (ts.isPropertyAssignment(node) && isLocalBlockName(rawText(node.name, sourceFile))) return true;
  }
  return false;
}

/**
 * A literal secret by LABELLING.md: a known token, a URL's or keyword DSN's password however weak, or any working value
 * under a secret name, however weak (translation files keep the stricter real-looking test: their
 * values are labels).
 */
function literalSecret(name: string, value: string, path: string, prose: ProseReading = 'label'): SecretMatch | undefined {
  // A catalogue of labels (`created_password: 'Palavra-passe:'`): only a token or URL password is a secret there.
  if (isTranslationPath(path)) return unmistakableSecret(value) ?? queryPassword(value);
  return namedSecretLiteral(name, value, prose) ?? queryPassword(value) ?? urlPasswordLiteral(value) ?? keywordDsnPassword(value);
}

// ---------------------------------------------------------------------------------------------
// YAML, JSON, Dockerfiles, .npmrc

/** A Kubernetes `Secret` manifest's `data` (base64) and `stringData` values are secrets whatever their keys. */
function kubernetesSecretValue(documentRoot: unknown, path: readonly (string | number)[], value: string): string | undefined {
  if (typeof documentRoot !== 'object' || documentRoot === null || (documentRoot as { kind?: unknown }).kind !== 'Secret') return undefined;
  if (path.length !== 2) return undefined;
  if (path[0] === 'stringData') return value;
  if (path[0] !== 'data') return undefined;
  const decoded = Buffer.from(value, 'base64').toString('utf8');
  return /^[\x20-\x7e\n\r\t]*$/.test(decoded) ? decoded : undefined;
}

/**
 * Documents whose values name secrets kept elsewhere, never hold them: an External Secrets
 * `ExternalSecret` (`secretKey`, `remoteRef.key`, `property`; its `target.template` may hold literals),
 * a CSI driver's `SecretProviderClass` (`objectName`), and a `SealedSecret`, whose values are
 * ciphertext only the cluster's controller can open.
 */
function namesSecretsOnly(documentRoot: unknown, path: readonly (string | number)[]): boolean {
  if (!isRecord(documentRoot) || typeof documentRoot.apiVersion !== 'string' || typeof documentRoot.kind !== 'string') return false;
  const group = documentRoot.apiVersion.split('/')[0] ?? '';
  if (group === 'external-secrets.io') return /^(?:Cluster)?ExternalSecret$|^PushSecret$/.test(documentRoot.kind) && !path.includes('template');
  if (group === 'secrets-store.csi.x-k8s.io') return documentRoot.kind === 'SecretProviderClass';
  return group === 'bitnami.com' && documentRoot.kind === 'SealedSecret';
}

/** The mapping that holds the value at `path`, if it is one. */
function parentMapping(root: unknown, path: readonly (string | number)[]): object | undefined {
  let node: unknown = root;
  for (const segment of path.slice(0, -1)) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return typeof node === 'object' && node !== null && !Array.isArray(node) ? node : undefined;
}

/**
 * Whether the mapping holding the value at `path` looks like a user record (`{ username, password }`).
 * Memoised per mapping: a flat 10,000-key translation file would otherwise cost 10,000² key reads.
 */
function inUserRecord(root: unknown, path: readonly (string | number)[], memo: WeakMap<object, boolean>): boolean {
  const mapping = parentMapping(root, path);
  if (mapping === undefined) return false;
  let answer = memo.get(mapping);
  if (answer === undefined) {
    answer = Object.keys(mapping).some((key) => USER_RECORD_KEYS.has(key));
    memo.set(mapping, answer);
  }
  return answer;
}

/** A Postman collection by its own schema URL, whatever the file is called (`api-examples.json`): sample requests, like `*.postman_collection.json`. */
function isPostmanCollection(document: unknown): boolean {
  const info = isRecord(document) ? document.info : undefined;
  return isRecord(info) && typeof info.schema === 'string' && /schema\.getpostman\.com\/json\/collection\//.test(info.schema);
}

/**
 * Compose files wire throwaway credentials into local containers (`POSTGRES_PASSWORD: postgres`),
 * Postman environments point requests at an instance: LABELLING.md excludes throwaway values there,
 * so only real-looking values count (a deployed environment's real credentials do).
 */
const POSTMAN_ENVIRONMENT = /\.postman_environment\.json$/i;

/**
 * CI pipelines: their settings configure a test run (`env: JWT_SECRET=…` beside `NODE_ENV=test`),
 * which LABELLING.md excludes; a provider token or a private key committed there still leaks, so
 * only those count (a password in a connection URL points at the pipeline's own service container).
 */
const CI_SETTINGS = /(?:^|\/)(?:\.gitlab-ci|\.travis|\.?appveyor|azure-pipelines[^/]*|bitbucket-pipelines|cloudbuild[^/]*|\.drone|\.woodpecker|codefresh|bitrise)\.ya?ml$|(?:^|\/)\.(?:github\/workflows|circleci|buildkite|woodpecker)\//i;

/**
 * A compose file that runs the app's own published image rather than building it: the file users
 * deploy with, not a dev harness. Its readable and placeholder secrets are what every unchanged deploy runs with.
 */
function isDeployCompose(file: IndexedFile, document: unknown, appName: string): boolean {
  const variant = composeVariant(file.path);
  // Named for development, tests, CI or a quickstart (`docker-compose.dev.yml`, `compose.override.yml`), as classification names them.
  if (variant === undefined || isDevelopmentFile(file.path) || file.role === 'test' || DEVELOPER_CONFIG.test(file.path)) return false;
  return [...composeServices(document).values()].some((service) => runsPublishedAppImage(service, appName));
}

/**
 * The variable and default of a value that is one interpolation with a default: compose and shell
 * `${VAR:-default}` / `${VAR-default}`, and the `${VAR:default}` of Spring-style and app settings
 * templates. Undefined for anything else (a plain `${VAR}` has no default).
 */
function interpolationDefault(value: string): { variable: string; value: string } | undefined {
  const match = /^\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-|-|:)([^}]*)\}$/.exec(value.trim());
  return match ? { variable: match[1]!, value: match[2]! } : undefined;
}

/** In a deploy compose file, a weak or placeholder value under a secret name, or any URL password: a note, the rule cannot tell whether the app refuses it. */
function deployComposeSecret(name: string, value: string): SecretMatch | undefined {
  const password = anyUrlPassword(value);
  if (password !== undefined) return { kind: 'password in a connection string', secret: password, severity: 'note' };
  const kind = secretNameKind(name);
  if (kind === undefined || value.trim() === '' || isNotAWorkingValue(value) || /\$\{|\{\{/.test(value)) return undefined;
  return { kind, secret: value.trim(), severity: 'note' };
}

/** Program files whose comparisons say which values the app refuses. */
const PROGRAM_LANGUAGES = new Set(['javascript', 'typescript', 'python', 'go']);

/**
 * The app compares the value with a literal of its own and so refuses it at startup
 * (`@IsNotIn(['REPLACE_WITH_LONG_SECRET'])`, `if secret == 'changeme'`, `['changeme'].includes(x)`):
 * a placeholder that cannot work, which LABELLING.md exempts. A literal used as a fallback is not a comparison.
 */
function appRefuses(context: Context, value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length < 4) return false;
  const quoted = `['"\`]${trimmed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"\`]`;
  const comparison = new RegExp(
    `[!=]==?\\s*${quoted}|${quoted}\\s*[!=]=|(?:\\bin\\s*[[(]|IsNotIn\\(\\s*\\[)[^\\])]*${quoted}|\\[[^\\]]*${quoted}[^\\]]*\\]\\s*\\.includes\\(`,
  );
  // A compose file at the root deploys what the workspace members build: their code counts.
  return context.repo.files.some((file) => {
    if (file.role !== 'source' || !PROGRAM_LANGUAGES.has(file.language)) return false;
    const text = context.text(file.path);
    return text !== undefined && text.includes(trimmed) && comparison.test(text);
  });
}

/**
 * Config files of a developer's environment: named for it (`values-dev.yaml`), in its folder
 * (`dev/config.toml`), or a task runner's file (`Taskfile.yml`: the env of local tasks).
 */
const DEVELOPER_CONFIG = /(?:^|\/)(?:dev|devel|development|\.devcontainer)\/|(?:^|\/)Taskfile(?:\.dist)?\.ya?ml$/i;

function isDeveloperConfig(path: string): boolean {
  return isDevelopmentFile(path) || DEVELOPER_CONFIG.test(path);
}

/** Manifests whose dependency maps name packages and version specs (`"next-auth": "catalog:"`), never credentials. */
const PACKAGE_MANIFEST = /(?:^|\/)(?:package\.json|pnpm-workspace\.ya?ml)$/;
const DEPENDENCY_MAP = /^(?:(?:dev|peer|optional|bundled?)?[dD]ependencies|peerDependenciesMeta|overrides|resolutions|engines|catalogs?)$/;

/**
 * How an entry of a package manifest is judged: a dependency's spec not at all, and a script's
 * command without its script's name (`"rotate-signing-key": "node tools/rotate.js"` names a task, not
 * the value), so only a secret the command itself spells out (a URL's password) counts. Undefined
 * for any other entry or file.
 */
function manifestEntry(path: string, entryPath: readonly (string | number)[]): 'dependency' | 'command' | undefined {
  if (!PACKAGE_MANIFEST.test(path)) return undefined;
  if (entryPath.some((segment) => typeof segment === 'string' && DEPENDENCY_MAP.test(segment))) return 'dependency';
  return entryPath[0] === 'scripts' && entryPath.length === 2 ? 'command' : undefined;
}

function checkDataFile(file: IndexedFile, context: Context): void {
  const text = context.text(file.path);
  if (text === undefined) return;
  const documents = file.language === 'yaml' ? context.yamlAll(file.path) : [context.json(file.path)];
  const severity = severityOf(file, context) ?? (isPostmanCollection(documents[0]) ? 'note' : undefined);
  // Values for a developer's machine or a test run (`values-dev.yaml`, `dev/config.yaml`, `config/test.json`) are throwaway.
  const readableCounts = !POSTMAN_ENVIRONMENT.test(file.path) && !isComposeFile(file.path) && !isDeveloperConfig(file.path);
  const deployCompose = !readableCounts && isDeployCompose(file, documents[0], context.app.name);
  // A compose file named for development (`docker-compose.dev.yml`) or kept in a developer's folder
  // (`dev/docker/compose.shared.yml`, `.devcontainer/`) wires throwaway credentials into local
  // containers, however random they look (LABELLING.md); as in CI settings, only a provider token or
  // a private key leaks from it.
  const developmentCompose = isComposeFile(file.path) && isDeveloperConfig(file.path);
  const userRecords = new WeakMap<object, boolean>();
  for (const entry of dataEntries(text)) {
    // OpenAPI and JSON Schema examples show what a token looks like, by design.
    if (entry.path.some((segment) => typeof segment === 'string' && /^(?:x-)?examples?$/i.test(segment))) continue;
    if (namesSecretsOnly(documents[entry.document], entry.path)) continue;
    const manifest = manifestEntry(file.path, entry.path);
    if (manifest === 'dependency') continue;
    // The name a value is judged by: a script's name says what the task does, not what its command holds.
    const name = manifest === 'command' ? '' : entry.name;
    const site: Site = { file: file.path, line: entry.line, column: entry.column, ...(severity && { severity }) };
    const secretValue = kubernetesSecretValue(documents[entry.document], entry.path, entry.value);
    if (secretValue !== undefined) {
      const match = looksLikeSecret(name, secretValue) ?? looksLikeSecret('secret', secretValue);
      if (match) report(context, site, 'secretLiteral', { ...match, kind: 'Kubernetes Secret value', secret: entry.value }, entry.name);
      continue;
    }
    const interpolated = interpolationDefault(entry.value);
    if (interpolated !== undefined) {
      // `${DB_PASSWORD:-admin}` in a compose file a deploy runs, or in the app's own config: the
      // default is what every deploy that forgets the variable runs with.
      const fallback = !severity && (readableCounts || deployCompose) ? fallbackSecret(interpolated.variable, name, interpolated.value) : undefined;
      if (fallback) report(context, site, fallback.messageId, fallback.match, fallback.name);
      continue;
    }
    const match = severity
      ? unmistakableInSamples(entry.value)
      : CI_SETTINGS.test(file.path) || developmentCompose
        ? knownTokenKind(entry.value)
        : inUserRecord(documents[entry.document], entry.path, userRecords)
        ? unmistakableSecret(entry.value)
        : readableCounts && !entry.path.some((segment) => typeof segment === 'string' && isLocalBlockName(segment))
          ? literalSecret(name, entry.value, file.path, 'value')
          : looksLikeSecret(name, entry.value);
    const composed = match || !deployCompose ? undefined : deployComposeSecret(name, entry.value);
    if (match) report(context, site, 'secretLiteral', match, entry.name);
    // Searching the app's code for a comparison is worth it only for a value that would be reported.
    else if (composed && !appRefuses(context, entry.value)) report(context, site, 'deployComposeSecret', composed, entry.name);
  }
}

/**
 * INI, `.cfg`, `.properties` and TOML config an app reads: `[database]` `Password = rootroot`. In a
 * developer's config (`dev/config.toml`) only real-looking secrets count, as in `checkDataFile`.
 */
function checkIniFile(file: IndexedFile, context: Context): void {
  const text = context.text(file.path);
  if (text === undefined) return;
  const severity = severityOf(file, context);
  for (const entry of iniEntries(text)) {
    const site: Site = { file: file.path, line: entry.line, column: entry.column, ...(severity && { severity }) };
    const match = severity
      ? unmistakableInSamples(entry.value)
      : isDeveloperConfig(file.path)
        ? looksLikeSecret(entry.key, entry.value)
        : literalSecret(entry.key, entry.value, file.path);
    if (match) report(context, site, 'secretLiteral', match, entry.key);
  }
}

// ---------------------------------------------------------------------------------------------
// Python and Go

/**
 * Calls whose argument at this index is always a signing key: PyJWT and python-jose
 * `jwt.encode(claims, key)`, `hmac.new(key, msg)`; Go's golang-jwt `token.SignedString(key)` and
 * `hmac.New(sha256.New, key)`, the keys of gorilla and gin-contrib session stores
 * (`sessions.NewCookieStore([]byte("..."))`).
 */
const SOURCE_SECRET_ARGUMENTS: readonly { callee: RegExp; index: number; kind: string }[] = [
  { callee: /^jwt\.(?:encode|decode)$/, index: 1, kind: 'JWT signing secret' },
  { callee: /^hmac\.new$/, index: 0, kind: 'HMAC key' },
  { callee: /\.SignedString$/, index: 0, kind: 'JWT signing secret' },
  { callee: /^hmac\.New$/, index: 1, kind: 'HMAC key' },
  // gorilla/sessions and gin-contrib/sessions: the first key pair signs the session cookies.
  { callee: /^(?:sessions\.NewCookieStore|cookie\.NewStore|memstore\.NewStore)$/, index: 0, kind: 'cookie signing key' },
  { callee: /^sessions\.NewFilesystemStore$/, index: 1, kind: 'cookie signing key' },
  { callee: /^securecookie\.New$/, index: 0, kind: 'cookie signing key' },
];

/**
 * Tables of how fields look or read, keyed by field name: `css_classes["password"] = "input"`,
 * `help_texts = {"password": "..."}`, `widgets`, `labels`. Their values style or describe the field.
 */
const PRESENTATION_TABLE_WORDS = new Set(['css', 'class', 'classes', 'style', 'styles', 'label', 'labels', 'placeholder', 'placeholders', 'widget', 'widgets', 'icon', 'icons', 'help', 'texts', 'messages', 'titles', 'hints', 'colors', 'colours']);

function inPresentationTable(literal: BoundLiteral): boolean {
  const holder = literal.path.at(-1);
  return holder !== undefined && nameWords(holder).some((word) => PRESENTATION_TABLE_WORDS.has(word));
}

/** The secret a literal of Python or Go source other than a test or sample holds, by where it is written. */
function sourceSecret(context: Context, literal: BoundLiteral, value: string, path: string): ScriptSecret | undefined {
  const name = literal.name ?? '';
  const position = SOURCE_SECRET_ARGUMENTS.find(({ callee, index }) => literal.call?.index === index && callee.test(literal.call.callee ?? ''));
  if (position) return isUnusablePlaceholder(value) ? undefined : { messageId: 'secretLiteral', match: { kind: position.kind, secret: value }, name, sure: true };
  if (inPresentationTable(literal)) return undefined;
  // Settings for a developer's machine or a test run: only real-looking values count, as in underLocalBlock.
  if (isLocalLiteral(context, literal, path)) {
    const match = looksLikeSecret(name, value);
    return match && { messageId: 'secretLiteral', match, name };
  }
  const found = writtenSecret(name, value, path);
  return found && isDeclaredSetting(literal) ? { ...found, sure: true } : found;
}

/** A module's own named constant (`SECRET_KEY = '...'`, Go `const apiToken = "..."`) or a config class's attribute (`class ProdConfig: SECRET_KEY = '...'`). */
function isDeclaredSetting(literal: BoundLiteral): boolean {
  if (literal.binding !== 'variable' && literal.binding !== 'constant') return false;
  return literal.path.length === 0 || (literal.path.length === 1 && nameWords(literal.path[0]!).some((word) => CONFIG_CLASS_WORDS.has(word)));
}

const CONFIG_CLASS_WORDS = new Set(['config', 'configuration', 'settings', 'conf']);

/** Getters of a settings object whose second argument (or `default=`) is used when the key is unset: Flask `app.config.get('SECRET', 'x')`, `cfg.get(...)`. */
const CONFIG_GETTER = /(?:^|\.)(?:config|cfg|conf|settings)\.get$/;
/** A settings object read by Python's `getattr(settings, 'KEY', default)`: the default stands in when the setting is not defined. */
const SETTINGS_OBJECT = /(?:^|\.)(?:config|cfg|conf|settings)$/i;

interface SourceFallback {
  /** The variable or settings key it stands for ('' when computed). */
  variable: string;
  /** The name the literal is held under ('' when none). */
  name: string;
  value: string;
  span: Span;
}

/**
 * Every literal fallback of a Python or Go file: of environment reads, with the variable they stand
 * for and the name they are held under (the literals facts name the holder, the env-reads facts add
 * fallbacks no literal is bound for, such as a struct tag's `envDefault`), and of settings getters
 * (`config.get('SECRET_KEY', '...')`, `getattr(settings, 'APP_SECRET', '...')`).
 */
function sourceFallbacks(bound: readonly BoundLiteral[], reads: readonly SourceEnvRead[], fileCalls: readonly SourceCall[]): SourceFallback[] {
  const found = bound.flatMap((literal) =>
    literal.fallbackOf && literal.value.kind === 'string'
      ? [{ variable: literal.fallbackOf.variable ?? '', name: literal.name ?? '', value: literal.value.value, span: literal.span }]
      : [],
  );
  const at = new Set(found.map(({ span }) => spanKey(span)));
  for (const { name, fallback } of reads) {
    if (fallback?.value?.kind === 'string' && !at.has(spanKey(fallback.span))) found.push({ variable: name ?? '', name: '', value: fallback.value.value, span: fallback.span });
  }
  for (const call of fileCalls) {
    const { key, fallback } = settingsLookup(call) ?? {};
    if (key?.kind === 'string' && fallback?.kind === 'string') found.push({ variable: String(key.value), name: '', value: String(fallback.value), span: fallback.span });
  }
  return found;
}

/** The key and default of a settings getter: `config.get('KEY', default)`, `getattr(settings, 'KEY', default)`. */
function settingsLookup(call: SourceCall): { key?: SourceCall['arguments'][number]; fallback?: SourceCall['arguments'][number] } | undefined {
  const positional = (index: number) => call.arguments.find((argument) => argument.index === index);
  if (CONFIG_GETTER.test(call.callee ?? '')) return { key: positional(0), fallback: positional(1) ?? call.arguments.find((argument) => argument.keyword === 'default') };
  const target = positional(0);
  if (call.callee === 'getattr' && target?.kind === 'identifier' && SETTINGS_OBJECT.test(target.name ?? '')) return { key: positional(1), fallback: positional(2) };
  return undefined;
}

function spanKey(span: Span): string {
  return `${span.line}:${span.column}`;
}

/** `SECRET_KEY = '...'`, `connect(password='...')`, `const jwtSecret = "..."`, `Password: "..."`, `os.getenv('SECRET_KEY', '...')`. */
/** How many entries of one mapping a lookup table gives the same value (`"smtp_password": "mail_settings"` among ten more). */
const LOOKUP_TABLE_REPEATS = 3;

/**
 * The entries of mappings that give three or more keys, and at least three in four of their string
 * entries, the same value: a lookup table's categories, not secrets. A database block whose name, user
 * and password are all `taiga` beside its engine and host is not one. Keyed by `lookupKey`.
 */
function lookupTableValues(bound: readonly BoundLiteral[]): Set<string> {
  const byMapping = new Map<string, string[]>();
  for (const literal of bound) {
    const value = stringOf(literal.value);
    if (literal.binding !== 'key' || value === undefined) continue;
    const mapping = literal.path.join('.');
    const values = byMapping.get(mapping) ?? [];
    values.push(value);
    byMapping.set(mapping, values);
  }
  const table = new Set<string>();
  for (const [mapping, values] of byMapping) {
    const counts = new Map<string, number>();
    for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
    for (const [value, count] of counts) if (count >= LOOKUP_TABLE_REPEATS && count * 4 >= values.length * 3) table.add(`${mapping}\0${value}`);
  }
  return table;
}

/** How many entries of one mapping give a key itself as the value before it reads as a map of field names (`"email": "email"`). */
const RENAMING_MAP_IDENTITIES = 2;
const FIELD_NAME = /^[A-Za-z_][\w.]*$/;

/**
 * Mappings of field names to field names (`{"username": "id", "password": "provider", "email":
 * "email", ...}`, how one schema's fields are read from another's): every string value is a bare
 * name and two or more entries under names that are not secrets give their own key back. Their
 * values are names, not credentials. Keyed by the mapping's path.
 */
function renamingMaps(bound: readonly BoundLiteral[]): Set<string> {
  const byMapping = new Map<string, { names: boolean; identities: number }>();
  for (const literal of bound) {
    const value = stringOf(literal.value);
    if (literal.binding !== 'key' || value === undefined || literal.name === null) continue;
    const mapping = literal.path.join('.');
    const seen = byMapping.get(mapping) ?? { names: true, identities: 0 };
    seen.names &&= FIELD_NAME.test(value);
    if (value.toLowerCase() === literal.name.toLowerCase() && secretNameKind(literal.name) === undefined) seen.identities += 1;
    byMapping.set(mapping, seen);
  }
  return new Set([...byMapping].filter(([, { names, identities }]) => names && identities >= RENAMING_MAP_IDENTITIES).map(([mapping]) => mapping));
}

function lookupKey(literal: BoundLiteral, value: string): string {
  return `${literal.path.join('.')}\0${value}`;
}

function checkSourceFile(bound: readonly BoundLiteral[], file: IndexedFile, context: Context): void {
  const severity = severityOf(file, context);
  const fallbacks = sourceFallbacks(bound, context.facts(file.path, envReads) ?? [], context.facts(file.path, calls) ?? []);
  const fallbackAt = new Set(fallbacks.map(({ span }) => spanKey(span)));
  const tableValues = lookupTableValues(bound);
  const fieldMaps = renamingMaps(bound);
  const functions = context.facts(file.path, sourceFunctions) ?? [];
  for (const literal of bound) {
    const value = stringOf(literal.value);
    if (value === undefined || fallbackAt.has(spanKey(literal.span))) continue;
    const site: Site = { file: file.path, ...literal.span, ...(severity && { severity }) };
    // A module's `if __name__ == '__main__':` block is a hand-run self-test or demo, a table named for
    // tests (`URL_REGEX_TESTS = [...]`) holds test vectors, a lookup table holds categories, a map of
    // field names holds names: samples.
    const inLookupTable = literal.binding === 'key' && (tableValues.has(lookupKey(literal, value)) || fieldMaps.has(literal.path.join('.')));
    // So is code in a function named for tests (`PrepareTestDatabase()`, `new_mock_client()`), kept
    // beside production code for the tests of other packages to call.
    const inSampleFunction = namesSamples(enclosingFunction(functions, literal.span)?.name ?? '');
    const sample = severity !== undefined || literal.mainOnly === true || inLookupTable || inSampleFunction || [...literal.path, literal.name ?? ''].some(namesSamples);
    const found = sample ? sampleSecret(value, literal.name ?? '') : sourceSecret(context, literal, value, file.path);
    if (found && stands(context, found)) reportScriptSecret(context, site, found);
  }
  // A fallback in settings for a developer's machine or a test run (`settings/development.py`,
  // `class TestingConfig`) is theirs: only an unmistakable secret counts there, as in any sample.
  const localAt = new Set(bound.filter((literal) => isLocalLiteral(context, literal, file.path)).map(({ span }) => spanKey(span)));
  const isLocal = (span: Span) => localAt.has(spanKey(span)) || isLocalSettingsPath(context, file.path);
  for (const { variable, name, value, span } of fallbacks) {
    const found = severity || isLocal(span) ? sampleSecret(value, name || variable) : fallbackSecret(variable, name, value);
    if (found) report(context, { file: file.path, ...span, ...(severity && { severity }) }, found.messageId, found.match, found.name);
  }
}

/** Key files: `*.pem`, `*.key`, `id_rsa`, `id_ed25519` (certificates and public keys hold no private block). */
const PRIVATE_KEY_FILE = /(?:\.(?:pem|key|p8)|(?:^|\/)id_(?:rsa|dsa|ecdsa|ed25519))$/i;

/**
 * Keys named for a developer's machine (`localhost.pem`, `dev-key.pem`, `snakeoil.key`): the
 * self-signed TLS key of a local dev server, worthless for any deployed host.
 */
const LOCAL_KEY_NAME = /(?:^|[-_.])(?:localhost|127\.0\.0\.1|selfsigned|self-signed|snakeoil|insecure)(?:[-_.]|$)/i;

/**
 * A private key committed as a file: whoever has a clone can sign as the app. A key among test
 * fixtures, or one only tests load, is the tests'.
 */
function checkKeyFile(file: IndexedFile, context: Context): void {
  if (severityOf(file, context) !== undefined || isDevelopmentFile(file.path) || LOCAL_KEY_NAME.test(posix.basename(file.path))) return;
  const text = context.text(file.path);
  const match = text === undefined ? undefined : unmistakableSecret(text);
  if (text === undefined || match?.kind !== 'private key' || onlyTestsName(context, file.path)) return;
  const at = positionAt(text, text.indexOf(match.secret));
  report(context, { file: file.path, ...at }, 'secretLiteral', match, posix.basename(file.path));
}

function checkDockerfile(file: IndexedFile, context: Context): void {
  const dockerfile = context.dockerfile(file.path);
  if (!dockerfile) return;
  const properties = [
    ...dockerfile.getENVs().flatMap((instruction) => instruction.getProperties()),
    ...dockerfile.getARGs().flatMap((instruction) => instruction.getProperty() ?? []),
  ];
  const stages = stagesOf(dockerfile);
  const shipped = shippedStages(stages);
  for (const property of properties) {
    const value = property.getValue();
    const range = property.getValueRange();
    if (value === null || range === null) continue;
    // A default baked into the image is what every container started without an override runs with,
    // so a readable one (`SECRET_KEY="tralala"`) counts as in a committed config file. A build stage's
    // own (a builder's dummy `AUTH_SECRET` so the build can run) is in no shipped image: like a
    // development image's, only a real-looking one counts. Global ARGs, before any stage, stay as written.
    const stage = stages.filter((candidate) => candidate.from.getRange().start.line < range.start.line).at(-1);
    const inImage = stage === undefined || shipped.has(stage);
    const match = isDevelopmentFile(file.path) || !inImage ? looksLikeSecret(property.getName(), value) : literalSecret(property.getName(), value, file.path, 'value');
    const severity = severityOf(file, context);
    const site: Site = { file: file.path, line: range.start.line + 1, column: range.start.character + 1, ...(severity && { severity }) };
    if (match) report(context, site, 'secretLiteral', match, property.getName());
  }
}

/** `.npmrc` / `.yarnrc`: `//registry.npmjs.org/:_authToken=...`, `_auth=...`, `_password=...`. */
function checkRegistryConfig(file: IndexedFile, context: Context): void {
  const text = context.text(file.path) ?? '';
  for (const { line, text: content } of linesOf(text)) {
    const match = /^\s*(?:[^#;=\s]*:)?(_authToken|_auth|_password|npmAuthToken)\s*[=\s]\s*["']?([^"'\s]+)/.exec(content);
    if (!match) continue;
    const [, key = '', value = ''] = match;
    const secret = looksLikeSecret(key === '_auth' ? 'auth' : key, value);
    if (secret) report(context, { file: file.path, line, column: content.indexOf(value) + 1 }, 'secretLiteral', secret, key);
  }
}

function isRegistryConfig(path: string): boolean {
  return /^\.(?:npmrc|yarnrc)$/.test(posix.basename(path));
}

export const hardcodedCredentials = defineRule<MessageId>({
  id: 'config/hardcoded-credentials',
  factor: 'config',
  defaultSeverity: 'error',
  title: 'Credentials hard-coded in code or config',
  description:
    'Finds passwords, tokens, API keys, private keys and credentials in URLs written as literals (weak and readable ones included) in JS/TS, Python and Go code, YAML/JSON/INI/TOML/.properties config, Dockerfiles and .npmrc, and secret variables that fall back to a literal.',
  fix: 'Read the secret from an environment variable (no literal fallback), rotate the exposed value, and keep it in a secret store.',
  messages: {
    secretLiteral: '{{kind}} hard-coded in "{{name}}" ({{shape}}); read it from the environment instead',
    unnamedSecret: '{{kind}} hard-coded in the source ({{shape}}); read it from the environment instead',
    possibleSecret:
      '"{{name}}" holds a literal ({{shape}}) where its name suggests a {{kind}}; if it is a credential, read it from the environment instead',
    // No {{kind}} here: a fallback such as 'secret' is masked wherever it appears in the message.
    secretFallback: '"{{name}}" falls back to a literal ({{shape}}) when the variable is unset, so the app runs with a known value; fail at startup instead',
    deployComposeSecret:
      'the compose file the app is deployed with sets a {{kind}} in "{{name}}" to a weak or placeholder literal ({{shape}}) that every unchanged deploy shares; take it from the environment and refuse placeholders at startup',
  },
  tags: ['security'],
  caps: { secretLiteral: 'literal-secret', unnamedSecret: 'literal-secret' },
  // A connection string's password is this rule's, its host stays hardcoded-connection's (LABELLING.md:
  // the secret and the host are findings of their own); a password option is one finding.
  supersedes: ['config/hardcoded-endpoints', 'build-release-run/config-baked-into-image', 'backing-services/hardcoded-connection#hardcodedCredential'],
  triggers: TRIGGERS,
  appliesTo: () => true,
  facts: [literalSecrets, sampleLiteralSecrets, literals, envReads, calls, sourceFunctions],
  check(context) {
    for (const file of context.candidates((candidate) => SCANNED_ROLES.includes(candidate.role) && isScriptFile(candidate.path))) {
      const seeder = programsRunByDeploy(context).has(file.path);
      for (const { span, inSamples, elsewhere, seeded, sampleScope } of context.facts(file.path, file.role === 'test' ? sampleLiteralSecrets : literalSecrets) ?? []) {
        const severity = severityOf(file, context) ?? (sampleScope && 'note');
        const found = severity ? inSamples : ((seeder ? seeded : undefined) ?? elsewhere);
        if (found && stands(context, found)) reportScriptSecret(context, { file: file.path, ...span, ...(severity && { severity }) }, found);
      }
    }
    const candidates = context.candidates(
      // node-config's custom-environment-variables file maps keys to variable names, never values.
      (file) => SCANNED_ROLES.includes(file.role) && !isEnvFile(file.path) && !isEnvironmentVariableMap(file.path),
    );
    for (const file of candidates) {
      const isConfigData = !isTranslationPath(file.path) && !TOOL_DATA.test(file.path);
      if ((file.language === 'yaml' || file.language === 'json') && file.size <= MAX_DATA_FILE_SIZE && isConfigData) {
        checkDataFile(file, context);
      } else if (file.language === 'dockerfile') {
        checkDockerfile(file, context);
      } else if (isRegistryConfig(file.path)) {
        checkRegistryConfig(file, context);
      } else if (isIniConfigPath(file.path) && file.size <= MAX_DATA_FILE_SIZE && isConfigData) {
        checkIniFile(file, context);
      } else if (PRIVATE_KEY_FILE.test(file.path) && file.size <= MAX_DATA_FILE_SIZE) {
        checkKeyFile(file, context);
      } else if ((file.language === 'python' || file.language === 'go') && file.size <= MAX_DATA_FILE_SIZE) {
        const bound = context.facts(file.path, literals);
        if (bound) checkSourceFile(bound, file, context);
      }
    }
  },
});
