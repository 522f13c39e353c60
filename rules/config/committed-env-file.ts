import { posix } from 'node:path';
import { Node, SyntaxKind, ts, type IfStatement } from 'ts-morph';
import {
  DOTENV_PACKAGES,
  anyUrlPassword,
  composeServices,
  constInitializer,
  defineRule,
  dependsOnAny,
  entropy,
  envEntries,
  type EnvEntry,
  envFileRequirements,
  type FileExtractor,
  findNodes,
  forEachRuntimeSourceFacts,
  forEachScriptFacts,
  ignoredEnvTemplates,
  inFolder,
  isEnvFile,
  isEnvTemplateFile,
  isLoopbackHost,
  isNotAWorkingValue,
  isPlaceholderSecret,
  isUnusablePlaceholder,
  jsonEntryPosition,
  linesOf,
  literalText,
  looksLikeSecret,
  nameWords,
  objectLiteral,
  propertyValue,
  secretLines,
  type SecretMatch,
  secretNameKind,
  type Span,
  spanOf,
  stringLiterals,
  testsEnvironmentName,
  unmistakableSecret,
  knownTokenKind,
  unwrap,
  wrapped,
} from '../../src/rule-kit/index.js';
import { envFileKind, isDeployedEnvironmentEnvFile } from '../../src/rule-kit/env-files.js';
import { CONNECTION_STRING_PASSWORD, looksLikeSecretValue, urlCredential } from '../../src/rule-kit/credentials.js';
import type { IndexedFile, RuleContext, Severity } from '../../src/types.js';

type MessageId =
  | 'committedEnvFile'
  | 'secretInEnvFile'
  | 'secretInTemplate'
  | 'signingSecretInLoadedTemplate'
  | 'templateLoaded'
  | 'envFileRequired'
  | 'secretInPostmanEnvironment'
  | 'envNotIgnored';
type Context = RuleContext<MessageId>;

/**
 * Frameworks and tools that load `.env` themselves: an app built on one reads a local `.env` without
 * naming dotenv. An app that only reads `process.env` loads no file: a stray `.env` beside it is inert.
 */
const ENV_FILE_FRAMEWORKS = ['next', 'vite', 'nuxt', 'react-scripts', 'prisma', '@prisma/client', '@remix-run/dev', 'astro', '@sveltejs/kit', 'expo', 'gatsby', '@angular/cli'];

// ---------------------------------------------------------------------------------------------
// What an env file holds

/** Last words of a variable name that hold a credential: `GITHUB_SECRET`, `NYT_KEY`, `TWILIO_TOKEN`. */
const CREDENTIAL_WORDS = new Set(['secret', 'token', 'key', 'skey', 'apikey', 'password', 'passwd', 'pwd', 'pass', 'passphrase', 'credentials']);
/** Keys that are public by design: `STRIPE_PUBLISHABLE_KEY`, `RECAPTCHA_SITE_KEY`. */
const PUBLIC_KEY_WORDS = new Set(['public', 'publishable', 'site', 'pixel', 'primary', 'partition', 'sort', 'cache']);
/** Keyboard and counting runs: `1234567890abcdef` is a sample, not a key. */
const SEQUENTIAL_RUN = /0123|1234|2345|3456|4567|5678|6789|abcd|bcde|cdef|qwer|asdf/i;
/** A provider's environment prefix (`test_`, `sk_live_`) says what the rest is; it does not make it a placeholder. */
const PROVIDER_ENVIRONMENT_PREFIX = /^(?:[sprk]k_)?(?:test|live|prod)_/i;

function isCredentialName(name: string): boolean {
  const words = nameWords(name);
  return CREDENTIAL_WORDS.has(words.at(-1) ?? '') && !words.some((word) => PUBLIC_KEY_WORDS.has(word));
}

/**
 * A credential-shaped value under a credential name: a long random-looking token (hex, base64 and
 * the like; mixed letters and digits), not prose, a URL, a masked `9bxxxx` or a `your-api-key`.
 */
function randomCredential(name: string, value: string): SecretMatch | undefined {
  if (!isCredentialName(name)) return undefined;
  const token = value.split(/\s+/).reduce((longest, part) => (part.length > longest.length ? part : longest), '');
  const body = token.replace(PROVIDER_ENVIRONMENT_PREFIX, '');
  if (body.length < 16 || /:\/\/|@|^[./~]/.test(body) || isPlaceholderSecret(body) || SEQUENTIAL_RUN.test(body)) return undefined;
  if (!/\d/.test(body) || !/[A-Za-z]/.test(body) || entropy(body) < 3) return undefined;
  return { kind: `${body.length}-character random-looking value`, secret: token };
}

/**
 * A credential in a template: a known token format or password URL anywhere, or a random value under a
 * credential name. A readable password of a database on the developer's own machine
 * (`postgres://shop:shop-password@localhost/shop`) is the sample a template is for: only a real-looking
 * one, or any password of another host, counts.
 */
function templateCredential(entry: EnvEntry): SecretMatch | undefined {
  const credential = urlCredential(entry.value);
  const sample = credential !== undefined && isLoopbackHost(credential.host) && !looksLikeSecretValue(credential.password);
  return (sample ? knownTokenKind(entry.value) : unmistakableSecret(entry.value)) ?? randomCredential(entry.name, entry.value);
}

/** Words that make a `*_SECRET` / `*_KEY` the app's own signing or encryption key rather than a provider's. */
const SIGNING_WORDS = new Set(['session', 'cookie', 'jwt', 'signing', 'encryption', 'nextauth', 'hmac', 'token']);

/** Names whose value signs or encrypts: a placeholder there still works, and everyone knows it. */
function isSigningSecretName(name: string): boolean {
  const words = nameWords(name);
  if (words.join('_') === 'secret_key_base') return true;
  const last = words.at(-1) ?? '';
  if (last !== 'secret' && last !== 'key') return false;
  if (words.length === 1 || (words.length === 2 && ['secret', 'app', 'auth'].includes(words[0] ?? ''))) return true;
  return words.some((word) => SIGNING_WORDS.has(word));
}

const LOOPBACK_HOST = /^(?:localhost|127(?:\.\d+){3}|0\.0\.0\.0|\[::1\]|::1|[\w-]+\.localhost|host\.docker\.internal)$/i;

/**
 * Whether an entry of a committed `.env` is harmless for someone who copies the repository: empty,
 * or a non-secret setting whose address, if any, is a loopback one (`VITE_API_URL=http://localhost:8000`).
 */
function isHarmless(entry: EnvEntry): boolean {
  const value = entry.value.trim();
  if (value === '' || isTemplated(entry)) return true;
  if (isCredentialName(entry.name)) return false;
  const url = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^:/?#\s]+)/i.exec(value);
  if (url) return !url[0].includes('@') && LOOPBACK_HOST.test(url[1] ?? '');
  return !/^[\w.-]+\.[a-z]{2,}(?::\d+)?$/i.test(value) || LOOPBACK_HOST.test(value.replace(/:\d+$/, ''));
}

// ---------------------------------------------------------------------------------------------
// Env files

interface EnvFileRef {
  path: string;
  text: string;
  role: IndexedFile['role'];
}

/** Reports a template; `loaded` when the app reads it as its configuration at runtime. */
function checkTemplate(file: EnvFileRef, entries: readonly EnvEntry[], loaded: boolean, context: Context): void {
  const name = posix.basename(file.path);
  for (const entry of entries) {
    const credential = templateCredential(entry);
    if (credential) {
      const severity: Severity = loaded ? 'error' : unmistakableSecret(entry.value) ? (credential.severity ?? 'error') : 'warning';
      context.report({
        messageId: 'secretInTemplate',
        data: { file: name, name: entry.name, kind: credential.kind, loaded: loaded ? ', and the app loads this file at runtime' : '' },
        file: file.path,
        line: entry.line,
        column: entry.column,
        severity,
        secrets: secretLines(credential.secret),
      });
    } else if (loaded && isSigningSecretName(entry.name) && entry.value.trim() !== '') {
      context.report({
        messageId: 'signingSecretInLoadedTemplate',
        data: { file: name, name: entry.name, length: entry.value.length },
        file: file.path,
        line: entry.line,
        column: entry.column,
        secrets: secretLines(entry.value),
      });
    }
  }
}

/** Env files of test runs and developer machines: only unmistakable secrets (real token formats) are findings. */
function checkThrowaway(file: EnvFileRef, entries: readonly EnvEntry[], kind: 'test' | 'development', context: Context): void {
  for (const entry of entries) {
    const secret = unmistakableSecret(entry.value);
    if (!secret) continue;
    context.report({
      messageId: 'secretInTemplate',
      data: { file: posix.basename(file.path), name: entry.name, kind: secret.kind, loaded: '' },
      file: file.path,
      line: entry.line,
      column: entry.column,
      severity: kind === 'test' ? 'note' : (secret.severity ?? 'error'),
      secrets: secretLines(secret.secret),
    });
  }
}

/** Secret kinds whose readable values still sign or log in (`SECRET_KEY=secretKey`, `DB_PASSWORD=password`). */
const READABLE_SECRET_KINDS = new Set(['password', 'secret', 'secret key', 'private key']);

/**
 * In the env file of a deployed environment (`.env.production`), a value is that environment's
 * setting as written: a weak or readable password or signing key (`secretKey`, `password`, even the
 * variable's own name) is its guessable secret, and so is any password in a connection string.
 * Only values that cannot work are left: empty, fill-in slots (`changeme`, `<your-key>`), flags and references.
 */
function deployedEnvironmentSecret(entry: EnvEntry): SecretMatch | undefined {
  const value = entry.value.trim();
  const works = (text: string) => text !== '' && !isUnusablePlaceholder(text) && !isNotAWorkingValue(text) && !/^\$/.test(text);
  const password = anyUrlPassword(value);
  if (password !== undefined) return works(password) ? { kind: CONNECTION_STRING_PASSWORD, secret: password } : undefined;
  const kind = secretNameKind(entry.name);
  return kind !== undefined && READABLE_SECRET_KINDS.has(kind) && !isTemplated(entry) && works(value) ? { kind: `${kind} (a weak or readable value)`, secret: value } : undefined;
}

/** The secrets of a deploy's env file: real-looking ones anywhere, weak and readable ones too in a deployed environment's. */
function secretsIn(entries: readonly EnvEntry[], deployedEnvironment = false): { entry: EnvEntry; secret: SecretMatch }[] {
  return entries.flatMap((entry) => {
    const secret = looksLikeSecret(entry.name, entry.value) ?? (deployedEnvironment ? deployedEnvironmentSecret(entry) : undefined);
    return secret ? [{ entry, secret }] : [];
  });
}

/** Connection strings of backing services: never a browser's build constant. */
const BACKING_SERVICE_SCHEME = /^["']?(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|mssql|sqlserver|file|sqlite):/i;

/** An app built into browser code only: a client bundler, and neither a server framework that reads `.env` nor dotenv. */
function bundledForBrowser(context: Context): boolean {
  return dependsOnAny(context.app, [...CLIENT_BUNDLERS], true) !== undefined && dependsOnAny(context.app, [...DOTENV_PACKAGES, ...SERVER_ENV_FILE_FRAMEWORKS], true) === undefined;
}

/** A value a template engine fills in (`{{ .BasePath }}`, `<%= base %>`, `{% raw %}`): the file is a template, not one deploy's values. */
const TEMPLATE_EXPRESSION = /^(["']?)(?:\{\{.*\}\}|\{%.*%\}|<%.*%>)\1$/;

function isTemplated(entry: EnvEntry): boolean {
  return TEMPLATE_EXPRESSION.test(entry.value.trim());
}

/**
 * Whether a committed env file holds no deploy's config at all: every value is filled in by a template
 * engine (a Vite `.env.production` the server renders per request), or the file is a named settings
 * file (`healthcheck.env`, `app.env`; not `.env` or `.env.<environment>`) whose every entry is harmless.
 * A plain `.env` stays a finding whatever it holds: it is the file a deploy's own values go in.
 */
function holdsNoDeployConfig(file: EnvFileRef, entries: readonly EnvEntry[]): boolean {
  const name = posix.basename(file.path);
  if (name === '.env') return false;
  if (entries.every((entry) => entry.value.trim() === '' || isTemplated(entry)) && entries.some(isTemplated)) return true;
  return !name.startsWith('.env.') && entries.every(isHarmless);
}

/**
 * A committed `.env` / `.env.production`: error with secrets, note when every entry is harmless or,
 * in an app bundled for the browser (Vite), when no entry is named for a credential (its values are
 * public build constants compiled into the bundle), warning otherwise.
 */
function checkDeployEnvFile(file: EnvFileRef, entries: readonly EnvEntry[], context: Context): void {
  const name = posix.basename(file.path);
  const secrets = secretsIn(entries, isDeployedEnvironmentEnvFile(file.path, file.role));
  const publicBuildConstants = bundledForBrowser(context) && entries.every((entry) => !isCredentialName(entry.name) && !/^\s*["']?[a-z][a-z0-9+.-]*:\/\/[^/\s]*@/i.test(entry.value) && !BACKING_SERVICE_SCHEME.test(entry.value.trim()));
  const severity: Severity = secrets.length > 0 ? 'error' : entries.every(isHarmless) || publicBuildConstants ? 'note' : 'warning';
  // At its first variable, past any header comment: where the deploy's config starts.
  context.report({ messageId: 'committedEnvFile', data: { file: name, count: entries.length }, file: file.path, line: entries[0]?.line ?? 1, severity });
  for (const { entry, secret } of secrets) {
    context.report({
      messageId: 'secretInEnvFile',
      data: { file: name, name: entry.name, kind: secret.kind },
      file: file.path,
      line: entry.line,
      column: entry.column,
      ...(secret.severity && { severity: secret.severity }),
      secrets: secretLines(secret.secret),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// How the app loads env files

const LOADER_METHODS = new Set(['config', 'configDotenv', 'loadEnvFile', 'forRoot', 'load']);
/** Options naming the file to load; dotenv-safe's `example` only lists required names and is not loaded. */
const PATH_OPTIONS = ['path', 'envFilePath', 'files'];

/**
 * String literals of an expression (`path.join(__dirname, '../.env.example')`, arrays, templates),
 * looking through identifiers to the `const` they name (`const envPath = resolve('.env')`).
 */
function literalsIn(node: Node, depth = 0): string[] {
  const own = [node, ...stringLiterals(node)].flatMap((literal) => literalText(literal) ?? []);
  if (depth > 2) return own;
  const named = findNodes(node, (raw) => raw.kind === SyntaxKind.Identifier).flatMap((identifier) => {
    const initializer = constInitializer(identifier);
    return initializer ? literalsIn(initializer, depth + 1) : [];
  });
  return [...own, ...named];
}

/** The called method's own name, also on a call result: `config` of `require('dotenv').config(...)`. */
function methodName(call: Node): string | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const callee = unwrap(call.getExpression());
  if (Node.isPropertyAccessExpression(callee)) return callee.getName();
  return Node.isIdentifier(callee) ? callee.getText() : undefined;
}

/** The env template a loader call reads as configuration, if it reads one. */
function loadedTemplate(call: Node): string | undefined {
  if (!Node.isCallExpression(call) || !LOADER_METHODS.has(methodName(call) ?? '')) return undefined;
  const [first] = call.getArguments();
  if (!first) return undefined;
  const options = objectLiteral(first);
  const sources = options ? PATH_OPTIONS.flatMap((option) => propertyValue(options, option) ?? []) : [first];
  return sources.flatMap(literalsIn).find((text) => isEnvTemplateFile(posix.basename(text)));
}

/** `const result = dotenv.config()` / `config({ path })`: a dotenv load whose result is kept. */
function isDotenvLoad(node: Node | undefined): boolean {
  const expression = node && unwrap(node);
  return ['config', 'configDotenv'].includes((expression && methodName(expression)) ?? '');
}

/** What stops the process in a branch, if anything does: a `throw`, a `process.exit(...)`. */
function refusalIn(branch: Node): Node | undefined {
  return findNodes(branch, (raw) => raw.kind === SyntaxKind.ThrowStatement || raw.kind === SyntaxKind.CallExpression).find(
    (node) => Node.isThrowStatement(node) || (Node.isCallExpression(node) && node.getExpression().getText() === 'process.exit'),
  );
}

/** Guards that only run on a developer's machine: `if (NODE_ENV !== 'production') { ... }`. */
function insideEnvironmentBranch(node: Node): boolean {
  return node.getAncestors().some((ancestor) => Node.isIfStatement(ancestor) && testsEnvironmentName(ancestor.getExpression().getText()));
}

/**
 * `if (!fs.existsSync('.env')) process.exit(1)` or `if (dotenv.config().error) throw ...`: startup
 * that cannot run from the environment alone. The refusal (the `throw` or `process.exit`) is returned.
 */
function envFileRefusal(statement: IfStatement): Node | undefined {
  const refusal = refusalIn(statement.getThenStatement());
  if (!refusal || insideEnvironmentBranch(statement)) return undefined;
  const condition = unwrap(statement.getExpression());
  if (Node.isPrefixUnaryExpression(condition) && condition.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const operand = unwrap(condition.getOperand());
    const checksEnvFile =
      Node.isCallExpression(operand) &&
      ['existsSync', 'exists'].includes(methodName(operand) ?? '') &&
      literalsIn(operand).some((text) => isEnvFile(posix.basename(text)) && !isEnvTemplateFile(posix.basename(text)));
    return checksEnvFile ? refusal : undefined;
  }
  if (!Node.isPropertyAccessExpression(condition) || condition.getName() !== 'error') return undefined;
  const loaded = unwrap(condition.getExpression());
  return isDotenvLoad(loaded) || (Node.isIdentifier(loaded) && isDotenvLoad(constInitializer(loaded))) ? refusal : undefined;
}

/** Only a script mentioning a `.env` file or a dotenv load can require one. */
const MAY_REQUIRE_ENV_FILE = /\.env\b|dotenv|config\(/;

/** Whether a raw call may be a loader call: a plainly named callee must carry a loader's name (others are wrapped and looked through). */
function mayLoad(call: ts.CallExpression): boolean {
  if (call.arguments.length === 0) return false;
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return LOADER_METHODS.has(callee.text);
  if (ts.isPropertyAccessExpression(callee)) return LOADER_METHODS.has(callee.name.text);
  return true;
}

/** How one script uses env files: the templates it loads as configuration, and where it stops without a `.env`. */
interface EnvFileUse {
  templateLoads: { template: string; span: Span }[];
  envFileRequirements: Span[];
}

export const envFileUse: FileExtractor<EnvFileUse> = {
  name: 'config/committed-env-file',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.CallExpression, SyntaxKind.IfStatement],
    create(file) {
      const facts: EnvFileUse = { templateLoads: [], envFileRequirements: [] };
      const mayRequireEnvFile = MAY_REQUIRE_ENV_FILE.test(file.text);
      return {
        visit(raw) {
          if (ts.isCallExpression(raw) && mayLoad(raw)) {
            const call = wrapped(raw);
            const template = loadedTemplate(call);
            if (template && !insideEnvironmentBranch(call)) facts.templateLoads.push({ template, span: spanOf(call, file) });
          } else if (ts.isIfStatement(raw) && mayRequireEnvFile) {
            const refusal = envFileRefusal(wrapped<IfStatement>(raw));
            if (refusal) facts.envFileRequirements.push(spanOf(refusal, file));
          }
        },
        result: () => facts,
      };
    },
  },
};

/** One-off scripts are run by hand on a developer's machine, not by the deployed app. */
const ONE_OFF_SCRIPT = /(?:^|\/)scripts\//;

/** npm scripts that start the app (not `dev`, `test`, `lint`...). */
const START_SCRIPT = /^(?:start|serve|prod|production)(?::(?!dev|test|watch).*)?$/;
const SCRIPT_LOADS_TEMPLATE = /(?:--env-file(?:-if-exists)?[= ]|\s-e\s+|\s-f\s+|--file[= ]|\s--path[= ])['"]?(\S*\.?env[._-](?:examples?|sample|template)\S*?)['"]?(?:\s|$)/;
const PYTHON_LOADS_TEMPLATE = /\b(?:load_dotenv|dotenv_values|read_dotenv)\(\s*(?:dotenv_path\s*=\s*)?[^)]*?["']([^"']*\.env[._-](?:example|sample|template)[^"']*)["']/;

interface LoadSite {
  template: string;
  file: string;
  line: number;
  column: number;
}

/** Where the app loads an env template as its configuration: JS/TS loaders, Python dotenv, start scripts. */
function templateLoads(context: Context): LoadSite[] {
  const sites: LoadSite[] = [];
  forEachScriptFacts(context, envFileUse, (facts, file) => {
    if (ONE_OFF_SCRIPT.test(file.path)) return;
    for (const { template, span } of facts.templateLoads) sites.push({ template, file: file.path, line: span.line, column: span.column });
  });
  for (const file of context.candidates((candidate) => candidate.language === 'python' && candidate.role === 'source')) {
    for (const { line, text } of linesOf(context.text(file.path) ?? '')) {
      const match = PYTHON_LOADS_TEMPLATE.exec(text);
      if (match?.[1]) sites.push({ template: match[1], file: file.path, line, column: match.index + 1 });
    }
  }
  const manifest = context.app.manifest;
  for (const [name, script] of Object.entries(context.app.packageJson?.scripts ?? {})) {
    const match = START_SCRIPT.test(name) ? SCRIPT_LOADS_TEMPLATE.exec(` ${script}`) : null;
    if (!match?.[1] || !manifest) continue;
    const position = jsonEntryPosition(context.text(manifest) ?? '', 'scripts', name) ?? { line: 1, column: 1 };
    sites.push({ template: match[1], file: manifest, ...position });
  }
  return sites;
}

/** Whether a loaded path (`../.env.example`, `config/.env.sample`) names this template file. */
function loads(site: LoadSite, template: EnvFileRef): boolean {
  if (posix.basename(site.template) !== posix.basename(template.path)) return false;
  const from = posix.dirname(site.file);
  const resolved = posix.normalize(posix.join(from, site.template));
  // Paths are usually relative to the working directory, the app's root, rather than to the file.
  return resolved === template.path || posix.normalize(inFolder(posix.dirname(template.path), posix.basename(site.template))) === template.path;
}

// ---------------------------------------------------------------------------------------------
// Postman environments

const POSTMAN_ENVIRONMENT = /\.postman_environment\.json$/i;

interface PostmanValue {
  key: string;
  value: string;
}

function postmanValues(document: unknown): PostmanValue[] {
  const values = (document as { values?: unknown } | null)?.values;
  if (!Array.isArray(values)) return [];
  return values.flatMap((item: unknown) => {
    const { key, value } = (item ?? {}) as { key?: unknown; value?: unknown };
    return typeof key === 'string' && typeof value === 'string' ? [{ key, value }] : [];
  });
}

/** A remote (non-loopback) address among the values: the environment describes a deployed service. */
function pointsAtDeployedService(values: readonly PostmanValue[]): boolean {
  return values.some(({ value }) => {
    const host = /^https?:\/\/(?:[^@/\s]*@)?(\[[^\]]+\]|[^:/?#\s]+)/i.exec(value.trim())?.[1];
    return host !== undefined && !LOOPBACK_HOST.test(host) && !/^\{\{/.test(host);
  });
}

/**
 * Postman environments are test tooling, like `.env.test`, until one holds real-looking credentials
 * for a deployed service: then it is that deploy's secrets, committed.
 */
function checkPostmanEnvironment(file: IndexedFile, context: Context): void {
  const values = postmanValues(context.json(file.path));
  if (!pointsAtDeployedService(values)) return;
  const lines = linesOf(context.text(file.path) ?? '');
  for (const { key, value } of values) {
    const secret = unmistakableSecret(value) ?? randomCredential(key, value);
    if (!secret) continue;
    const quoted = JSON.stringify(value).slice(1, -1);
    const line = lines.find(({ text }) => text.includes(quoted))?.line ?? 1;
    context.report({
      messageId: 'secretInPostmanEnvironment',
      data: { file: posix.basename(file.path), name: key, kind: secret.kind },
      file: file.path,
      line,
      severity: 'warning',
      secrets: secretLines(secret.secret),
    });
  }
}

// ---------------------------------------------------------------------------------------------
// .gitignore

/**
 * Bundlers whose `.env` holds only public build variables (`VITE_API_URL`): compiled into the
 * browser's code, never a server's secrets, so such a file is no leak waiting to happen.
 */
const CLIENT_BUNDLERS = new Set(['vite', 'react-scripts', 'gatsby', '@angular/cli', 'expo']);
const SERVER_ENV_FILE_FRAMEWORKS = ENV_FILE_FRAMEWORKS.filter((name) => !CLIENT_BUNDLERS.has(name));

/** Whether the app loads `.env` files for its server side, so an unignored `.env` is one `cp` away from a commit. */
function usesEnvFiles(context: Context, envFiles: readonly EnvFileRef[]): boolean {
  if (envFiles.length > 0 || dependsOnAny(context.app, [...DOTENV_PACKAGES, ...SERVER_ENV_FILE_FRAMEWORKS], true)) return true;
  if (Object.values(context.app.packageJson?.scripts ?? {}).some((script) => script.includes('--env-file'))) return true;
  return context.app.composeFiles.some((path) => /^\s*(?:-\s*)?env_file\s*:/m.test(context.text(path) ?? ''));
}

/**
 * Vite, Next.js, Create React App and Vue CLI read `.env` as shared, committable defaults (public build
 * variables) and `.env.local` as a developer's own values: ignoring `.env*.local` is their convention.
 */
const LOCAL_ENV_FRAMEWORKS = ['vite', 'next', 'react-scripts', '@vue/cli-service', 'nuxt', 'gatsby', 'astro', '@sveltejs/kit'];

function followsLocalEnvConvention(context: Context): boolean {
  return dependsOnAny(context.app, LOCAL_ENV_FRAMEWORKS, true) !== undefined && context.repo.isGitIgnored(inFolder(context.app.path, '.env.local'));
}

/**
 * Whether git ignores a developer's env file at `path`. Git never counts a path it tracks as ignored,
 * so where the path is tracked but no regular file (a committed symlink, `api/.env -> ../.env`), the
 * ignore rules are asked about the name itself: a pattern that matches the file matches the folder too.
 */
function envFileIgnored(context: Context, path: string): boolean {
  return context.repo.isGitIgnored(path) || (context.file(path) === undefined && context.repo.isGitIgnored(`${path}/`));
}

/** The env files the app's compose services load by name (`env_file: docker.env`), repository paths. */
function composeEnvFiles(context: Context): string[] {
  return context.app.composeFiles.flatMap((composeFile) =>
    [...composeServices(context.yaml(composeFile)).values()].flatMap((service) => {
      const value = (service as { env_file?: unknown }).env_file;
      const entries = Array.isArray(value) ? value : [value];
      return entries.flatMap((entry: unknown) => {
        const path = typeof entry === 'string' ? entry : (entry as { path?: unknown } | null)?.path;
        return typeof path === 'string' && !path.includes('$') ? [posix.normalize(posix.join(posix.dirname(composeFile), path))] : [];
      });
    }),
  );
}

/**
 * The app keeps its env file under another name (`env_file: docker.env`) and git ignores every such
 * file: the file a developer fills in is protected, whatever `.env` itself would be.
 */
function namedEnvFilesIgnored(context: Context): boolean {
  const named = composeEnvFiles(context);
  return named.length > 0 && named.every((path) => envFileIgnored(context, path));
}

/** Where the missing ignore rule belongs: the app's own .gitignore, else its manifest, else its first env file. */
function ignoreFindingSite(context: Context, envFiles: readonly EnvFileRef[]): string | undefined {
  const gitignore = inFolder(context.app.path, '.gitignore');
  if (context.file(gitignore)) return gitignore;
  return context.app.manifest ?? envFiles[0]?.path;
}

/** The app's env files: indexed ones, and templates `.gitignore` hides but the work tree holds (so a clone does too). */
function envFilesOf(context: Context): EnvFileRef[] {
  const indexed = context.files
    .filter((file) => isEnvFile(file.path) && file.role !== 'docs' && file.role !== 'vendored' && file.role !== 'generated')
    .map((file) => ({ path: file.path, text: context.text(file.path) ?? '', role: file.role }));
  const hidden = ignoredEnvTemplates(context, [context.app.path])
    .filter(({ path }) => isEnvFile(path))
    .map(({ path, text }) => ({ path, text, role: 'config' as const }));
  return [...indexed, ...hidden];
}

export const committedEnvFile = defineRule<MessageId>({
  id: 'config/committed-env-file',
  factor: 'config',
  defaultSeverity: 'error',
  title: 'Committed .env file',
  description:
    'Finds committed .env files (error with secrets, note when they hold only empty or loopback values, warning otherwise), credential-shaped values in .env templates, startup that loads a template as its configuration or refuses to run without a .env file, and .gitignore files that do not exclude .env.',
  fix: 'Remove the .env file from the repository (git rm --cached), rotate any secret it held, add .env to .gitignore and commit a .env.example with placeholders; read configuration from the environment, loading a .env file only when it exists.',
  messages: {
    committedEnvFile: '{{file}} is committed with {{count}} variable(s); env files hold one deploy\'s config and belong outside the repository',
    secretInEnvFile: '{{kind}} in {{name}} is committed in {{file}}; rotate it and keep it out of the repository',
    secretInTemplate: '{{file}} documents {{name}} with what looks like a real credential ({{kind}}){{loaded}}; use a placeholder and rotate the value',
    signingSecretInLoadedTemplate:
      '{{name}} in {{file}} (a {{length}}-character value) becomes the signing secret whenever the variable is unset, because the app loads this file at runtime; leave it empty in the template and require it',
    templateLoaded:
      'the app loads {{template}} as its configuration: every value of the template becomes a default for an unset variable; load only a real, uncommitted .env (or nothing) and fail when a required variable is missing',
    secretInPostmanEnvironment:
      '{{file}} holds {{name}} with what looks like a real credential ({{kind}}) beside the address of a deployed service; keep the value in Postman\'s current value or a vault, not in the repository, and rotate it',
    envFileRequired:
      'startup refuses to run without a .env file; a container or platform sets environment variables, not files, so load .env only when it exists and check the variables themselves',
    envNotIgnored: '.gitignore does not exclude .env; add it so a local env file cannot be committed by accident',
  },
  tags: ['security'],
  appliesTo: () => true,
  facts: [envFileUse, envFileRequirements],
  check(context) {
    const envFiles = envFilesOf(context);
    const loadSites = templateLoads(context);
    for (const site of loadSites) {
      context.report({ messageId: 'templateLoaded', data: { template: site.template }, file: site.file, line: site.line, column: site.column });
    }
    let committed = false;
    // Env files that hold no deploy's config (templates the server renders, probe defaults), like those of test suites, say nothing of a `.env` the app loads.
    const settingsFiles = new Set<EnvFileRef>();
    for (const file of envFiles) {
      const entries = envEntries(file.text);
      const kind = envFileKind(file.path, file.role);
      if (kind === 'template') checkTemplate(file, entries, loadSites.some((site) => loads(site, file)), context);
      else if (kind === 'test' || kind === 'development') checkThrowaway(file, entries, kind, context);
      else if (entries.length > 0 && secretsIn(entries, isDeployedEnvironmentEnvFile(file.path, file.role)).length === 0 && holdsNoDeployConfig(file, entries)) settingsFiles.add(file);
      else if (entries.length > 0) {
        checkDeployEnvFile(file, entries, context);
        committed = true;
      }
    }
    for (const file of context.files.filter((candidate) => POSTMAN_ENVIRONMENT.test(candidate.path) && candidate.size < 1024 * 1024)) {
      checkPostmanEnvironment(file, context);
    }
    const reportRequirements = (spans: readonly Span[], file: IndexedFile) => {
      if (ONE_OFF_SCRIPT.test(file.path)) return;
      for (const span of spans) context.report({ messageId: 'envFileRequired', file: file.path, ...span, severity: 'warning' });
    };
    forEachScriptFacts(context, envFileUse, (facts, file) => reportRequirements(facts.envFileRequirements, file));
    forEachRuntimeSourceFacts(context, envFileRequirements, reportRequirements);
    // A committed env file's finding already says to ignore it; a second one at the same place adds nothing.
    if (committed || envFileIgnored(context, inFolder(context.app.path, '.env')) || !usesEnvFiles(context, envFiles.filter((file) => !settingsFiles.has(file) && file.role !== 'test'))) return;
    if (namedEnvFilesIgnored(context)) return;
    if (followsLocalEnvConvention(context)) return;
    const site = ignoreFindingSite(context, envFiles);
    if (site !== undefined) context.report({ messageId: 'envNotIgnored', file: site, line: 1, severity: 'note' });
  },
});
