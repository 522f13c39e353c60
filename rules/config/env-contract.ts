import { Node, SyntaxKind, ts, type CallExpression, type PropertyAssignment, type ShorthandPropertyAssignment } from 'ts-morph';
import {
  defineRule,
  ENV_READ_TRIGGERS,
  envEntries,
  envHelperNames,
  filesNamedNearApp,
  foldersAbove,
  forEachScriptFacts,
  helperReads,
  ignoredEnvTemplateNames,
  inFolder,
  isEnvFile,
  isEnvTemplateFile,
  isPlatformVariable,
  isProcessEnv,
  isScriptFile,
  linesOf,
  listFolder,
  packageNameOf,
  scriptEnvReads,
  stringValue,
  wrapped,
  type EnvRead,
  type EnvReadSite,
  type FileExtractor,
  type ScriptEnvReads,
} from '../../src/rule-kit/index.js';
import { passedToDefaultingHelper, type EnvHelperCandidate } from '../../src/rule-kit/env-reads.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'undeclaredVariable' | 'thinContract' | 'noContract';
type Context = RuleContext<MessageId>;

// ---------------------------------------------------------------------------------------------
// What the code reads

const VARIABLE_LIKE = /^[A-Z][A-Z0-9_]*$/;

/**
 * Names declared by an environment schema in a file that validates `process.env`: the upper-case
 * keys of its object literals (`cleanEnv(process.env, { A: str() })` of envalid, zod's
 * `z.object({ A: ... }).parse(process.env)`, a Joi schema passed `process.env`, t3-env's
 * `createEnv({ server: { A: ... }, runtimeEnv: process.env })`) and convict's
 * `env: 'A'`. They document the contract as well as a template does, and fail at startup when a
 * variable is missing (`schema`). Apart (`built`), the variables the build sets itself: the keys of a
 * Next.js config's `env` object (`env: { BUILD_ID: '…' }`) and a bundler's compile-time replacements
 * (`define: { 'import.meta.env.APP_VERSION': … }` of Vite and esbuild, webpack's
 * `new DefinePlugin({ 'process.env.APP_VERSION': … })` or `{ 'process.env': { APP_VERSION: … } }`).
 */
export interface EnvSchemaNames {
  schema: string[];
  built: string[];
}

export const envSchemaNames: FileExtractor<EnvSchemaNames> = {
  name: 'config/env-contract',
  version: 3,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.CallExpression, SyntaxKind.PropertyAssignment, SyntaxKind.ShorthandPropertyAssignment],
    create(file) {
      const wanted = ENV_READ_TRIGGERS.some((trigger) => file.text.includes(trigger));
      let validatesEnv = false;
      // Whether a key names a variable depends on a call anywhere in the file: keys are read once the walk is over.
      const properties: ts.Node[] = [];
      return {
        visit(raw) {
          if (!wanted) return;
          if (!ts.isCallExpression(raw)) properties.push(raw);
          else if (!validatesEnv) validatesEnv = isEnvValidation(wrapped<CallExpression>(raw));
        },
        result() {
          const built = properties.flatMap((raw) => replacedEnvKey(raw) ?? (NEXT_CONFIG.test(file.path) ? nextEnvKey(raw) : undefined) ?? []);
          if (!validatesEnv && !/\bconvict\b/.test(file.text)) return { schema: [], built };
          const schema = properties.flatMap((raw) => {
            const property = wrapped<PropertyAssignment | ShorthandPropertyAssignment>(raw);
            const name = property.getName().replace(/^["']|["']$/g, '');
            const names = validatesEnv && VARIABLE_LIKE.test(name) ? [name] : [];
            if (name === 'env' && Node.isPropertyAssignment(property)) names.push(stringValue(property.getInitializer()) ?? '');
            return names;
          });
          return { schema, built };
        },
      };
    },
  },
};

const NEXT_CONFIG = /(?:^|\/)next\.config\.[cm]?[jt]s$/;

/** `A` in `env: { A: … }` of a Next.js config. */
function nextEnvKey(raw: ts.Node): string | undefined {
  const object = raw.parent;
  const owner = object.parent;
  if (!ts.isObjectLiteralExpression(object) || !ts.isPropertyAssignment(owner) || owner.initializer !== object) return undefined;
  if (!ts.isIdentifier(owner.name) || owner.name.text !== 'env' || !(ts.isPropertyAssignment(raw) || ts.isShorthandPropertyAssignment(raw))) return undefined;
  const name = raw.name.getText().replace(/^["']|["']$/g, '');
  return VARIABLE_LIKE.test(name) ? name : undefined;
}

/** A key that spells out an environment read: a bundler replaces that read with its value at build time. */
const REPLACED_READ = /^(?:process\.env|import\.meta\.env)\.([A-Z][A-Z0-9_]*)$/;

/**
 * `X` in `define: { 'import.meta.env.X': … }` or `new DefinePlugin({ 'process.env.X': … })`, and in
 * `{ 'process.env': { X: … } }`: a key naming the read it replaces is the build's own value, never a
 * deploy's setting.
 */
function replacedEnvKey(raw: ts.Node): string | undefined {
  if (!ts.isPropertyAssignment(raw) && !ts.isShorthandPropertyAssignment(raw)) return undefined;
  const key = raw.name.getText().replace(/^["'`]|["'`]$/g, '');
  const replaced = REPLACED_READ.exec(key)?.[1];
  if (replaced !== undefined) return replaced;
  const owner = raw.parent.parent;
  if (!VARIABLE_LIKE.test(key) || !ts.isPropertyAssignment(owner) || owner.initializer !== raw.parent) return undefined;
  return /^["'`]process\.env["'`]$/.test(owner.name.getText()) ? key : undefined;
}

/** `createEnv(...)` of t3-env, or a call handed `process.env`. */
function isEnvValidation(call: CallExpression): boolean {
  return /(?:^|\.)createEnv$/.test(call.getExpression().getText()) || call.getArguments().some(handsOverEnv);
}

/** `process.env` itself, or an options object carrying it (`createEnv({ server: {...}, runtimeEnv: process.env })` of t3-env). */
function handsOverEnv(argument: Node): boolean {
  if (isProcessEnv(argument)) return true;
  return Node.isObjectLiteralExpression(argument) && argument.getProperties().some((property) => Node.isPropertyAssignment(property) && isProcessEnv(property.getInitializer()));
}

/** `shadowDatabaseUrl = env("X")`: only `prisma migrate dev` on a developer's machine uses the shadow database. */
const PRISMA_DEV_ONLY = /^\s*shadowDatabaseUrl\s*=/;

/** Prisma `env("DATABASE_URL")` reads, located in schema.prisma. */
function prismaReads(text: string, file: string): EnvRead[] {
  return linesOf(text).filter(({ text: content }) => !PRISMA_DEV_ONLY.test(content)).flatMap(({ line, text: content }) =>
    [...content.replace(/\/\/.*$/, '').matchAll(/\benv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)].map((match) => ({
      name: match[1] ?? '',
      file,
      line,
      column: (match.index ?? 0) + 1,
      endLine: line,
      endColumn: (match.index ?? 0) + match[0].length + 1,
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// What the repository declares

/**
 * Variables a template documents but leaves switched off (`# S3_ENDPOINT=` in `.env.sample`,
 * `# - SMTP_HOST=` in a compose file): the optional settings an operator uncomments. Declared too.
 */
const COMMENTED_DECLARATION = /^\s*#+\s*(?:-\s*)?(?:export\s+)?["']?([A-Z][A-Z0-9_]*)["']?\s*[:=]/;

function declaredInComments(text: string): string[] {
  return linesOf(text).flatMap(({ text: line }) => COMMENTED_DECLARATION.exec(line)?.[1] ?? []);
}

function declaredInEnvFile(text: string): string[] {
  return [...envEntries(text).map((entry) => entry.name), ...declaredInComments(text)];
}

/** Upper-case keys (`KEY:`, `KEY=`, `"KEY":`, `- KEY=v`) and `name:`/`key:` values of YAML, JSON and TOML, commented out or not. */
function declaredInData(text: string): string[] {
  const names = declaredInComments(text);
  for (const { text: line } of linesOf(text)) {
    const content = line.replace(/^\s*#.*$/, '');
    for (const match of content.matchAll(/(?:^\s*(?:-\s*)?|[{,]\s*)["']?([A-Z][A-Z0-9_]*)["']?\s*[:=]/g)) names.push(match[1] ?? '');
    for (const match of content.matchAll(/\b["']?(?:name|key)["']?\s*[:=]\s*["']?([A-Z][A-Z0-9_]*)\b/g)) names.push(match[1] ?? '');
  }
  return names;
}

function declaredInDockerfile(path: string, context: Context): string[] {
  const dockerfile = context.dockerfile(path);
  if (!dockerfile) return [];
  return [
    ...dockerfile.getENVs().flatMap((instruction) => instruction.getProperties().map((property) => property.getName())),
    ...dockerfile.getARGs().flatMap((instruction) => instruction.getProperty()?.getName() ?? []),
  ];
}

/**
 * Code that runs on a build or developer machine, not in the deployed app: task runners, one-off
 * scripts under `scripts/` (their variables are build switches, not the app's config), and a
 * codemod's before/after samples (`basic.input.ts`, `basic.output.ts`): source text the codemod
 * rewrites in its tests, whose reads belong to the sample app.
 */
const NOT_APP_RUNTIME = /(?:^|\/)(?:(?:Gruntfile|gulpfile|Jakefile)\.[cm]?[jt]s$|scripts\/)|\.(?:input|output)\.[cm]?[jt]sx?$/i;
const DATA_LANGUAGES = new Set(['yaml', 'json', 'toml']);
const NOT_DECLARATIONS = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|tsconfig[^/]*\.json)$/;
/** CI settings configure the test run, not a deploy: they declare nothing the app's operators read. */
const CI_FILE = /(?:^|\/)(?:\.github\/|\.gitlab-ci\.ya?ml$|\.travis\.ya?ml$|\.circleci\/|azure-pipelines\.ya?ml$|bitbucket-pipelines\.ya?ml$|\.drone\.ya?ml$)/;
/** Files above a workspace member that commonly declare its variables. */
const SHARED_DECLARATION_FILE = /^(?:\.?env[._-].+|\.env|[^/]*\.env|(?:docker[-_]|podman[-_])?compose[^/]*\.ya?ml|app\.json|render\.ya?ml|fly\.toml)$/;
/**
 * Where operators read about settings: READMEs beside the app and above it, and documentation
 * folders (`docs/`, `doc/`, `documentation/`, `guides/`, `wiki/`).
 */
const README = /^readme(?:\.[a-z]+)?$/i;
const DOCS_FOLDERS = ['docs', 'doc', 'documentation', 'guides', 'guide', 'wiki'];
const DOCS_PAGE = new RegExp(`(?:^|/)(?:${DOCS_FOLDERS.join('|')})/.*\\.(?:md|mdx|rst|txt)$`, 'i');
const MENTIONED_NAME = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b|\b[A-Z]{2,}[A-Z0-9]*\b/g;

/** Every variable name the app's files (and shared files above it) declare. */
function declaredNames(context: Context, files: readonly IndexedFile[]): Set<string> {
  const declared = new Set<string>();
  const addAll = (names: readonly string[]) => names.forEach((name) => declared.add(name));
  for (const file of files) {
    if (file.role === 'vendored' || file.role === 'generated' || CI_FILE.test(file.path)) continue;
    if (isEnvFile(file.path) || isEnvTemplateFile(file.path)) addAll(declaredInEnvFile(context.text(file.path) ?? ''));
    else if (file.language === 'dockerfile') addAll(declaredInDockerfile(file.path, context));
    else if (DATA_LANGUAGES.has(file.language) && file.size < 512 * 1024 && !NOT_DECLARATIONS.test(file.path)) {
      addAll(declaredInData(context.text(file.path) ?? ''));
    } else if (DOCS_PAGE.test(file.path) && file.size < 512 * 1024) {
      addAll(context.text(file.path)?.match(MENTIONED_NAME) ?? []);
    }
  }
  addAll(ignoredEnvTemplateNames(context));
  for (const path of filesNamedNearApp(context, (name) => SHARED_DECLARATION_FILE.test(name))) {
    if (files.some((file) => file.path === path)) continue;
    const text = context.text(path) ?? '';
    addAll(isEnvFile(path) || isEnvTemplateFile(path) ? declaredInEnvFile(text) : declaredInData(text));
  }
  for (const path of filesNamedNearApp(context, (name) => README.test(name))) addAll(context.text(path)?.match(MENTIONED_NAME) ?? []);
  for (const folder of [context.app.path, ...foldersAbove(context.app.path)]) {
    for (const path of DOCS_FOLDERS.flatMap((name) => listFolder(context, inFolder(folder, name)))) {
      if (DOCS_PAGE.test(path) && !files.some((file) => file.path === path)) addAll(context.text(path)?.match(MENTIONED_NAME) ?? []);
    }
  }
  return declared;
}

/**
 * `env.X` where `env` comes from the app's own module (`import env from './env'`, `@server/env`): a
 * property of the app's config object, whose module reads the variable and may give it a default.
 * The reads that count are that module's. `env` from Node's `process`, SvelteKit's `$env/…`, a
 * runtime's protocol module or a declared package is the environment itself.
 */
function readsOwnConfigObject(read: EnvReadSite, context: Context, members: ReadonlySet<string>): boolean {
  const specifier = read.receiverModule;
  if (specifier === undefined || specifier === 'process' || specifier.startsWith('$env/') || specifier.includes(':')) return false;
  const name = packageNameOf(specifier);
  // A workspace member's env module (`import { env } from '@acme/shared/src/env'`) is the repository's own code too.
  return name === undefined || members.has(name) || !(context.app.dependencies.includes(name) || context.app.devDependencies.includes(name));
}

/**
 * Functions that give back their second parameter (`parseEnvNumber(value, fallback)`), by name, from
 * the app's files and from the workspace packages it depends on (`"shared": "workspace:*"`), where
 * such helpers usually live.
 */
function defaultingHelpers(context: Context, own: readonly ScriptEnvReads[]): Map<string, EnvHelperCandidate> {
  const helpers = new Map<string, EnvHelperCandidate>();
  const add = (facts: ScriptEnvReads) => facts.helpers.forEach((helper) => helper.fallbackParameter && !helpers.has(helper.name) && helpers.set(helper.name, helper));
  own.forEach(add);
  const wanted = new Set([...context.app.dependencies, ...context.app.devDependencies]);
  for (const manifest of context.repo.files) {
    if (!(manifest.path.endsWith('/package.json') && manifest.path !== `${context.app.path}/package.json`)) continue;
    const json = context.json(manifest.path);
    const name = typeof json === 'object' && json !== null ? (json as { name?: unknown }).name : undefined;
    if (typeof name !== 'string' || !wanted.has(name)) continue;
    const folder = manifest.path.slice(0, -'package.json'.length);
    for (const file of context.repo.files) {
      if (!file.path.startsWith(folder) || file.role !== 'source' || !isScriptFile(file.path) || file.path.includes('/node_modules/')) continue;
      const facts = context.facts(file.path, scriptEnvReads);
      if (facts !== undefined) add(facts);
    }
  }
  return helpers;
}

/** The package names of the repository's own package.json files: workspace members. */
function workspaceMemberNames(context: Context): Set<string> {
  const names = context.repo.files
    .filter((file) => file.path === 'package.json' || file.path.endsWith('/package.json'))
    .map((file) => context.json(file.path))
    .map((json) => (typeof json === 'object' && json !== null ? (json as { name?: unknown }).name : undefined));
  return new Set(names.filter((name): name is string => typeof name === 'string'));
}

/**
 * The app's own env reads, its env getters' reads, the schema names of the files that validate
 * them, and the variables its code sets itself (a launcher's `process.env.MIGRATING = 'true'`).
 */
function collectReads(context: Context): { reads: EnvRead[]; schema: string[]; written: Set<string> } {
  const scripts: Array<{ facts: ScriptEnvReads; file: IndexedFile }> = [];
  const written = new Set<string>();
  forEachScriptFacts(context, scriptEnvReads, (facts, file) => {
    facts.writes.forEach((name) => written.add(name));
    if (!NOT_APP_RUNTIME.test(file.path)) scripts.push({ facts, file });
  });
  const helpers = envHelperNames(scripts.map(({ facts }) => facts));
  const members = workspaceMemberNames(context);
  const valueHelpers = defaultingHelpers(context, scripts.map(({ facts }) => facts));
  const reads = scripts.flatMap(({ facts, file }) => [
    ...facts.reads
      .filter((read) => !readsOwnConfigObject(read, context, members))
      .map((read) => ({ ...read, file: file.path, ...(passedToDefaultingHelper(read, valueHelpers) && { absenceHandled: true }) })),
    ...helperReads(facts, file.path, helpers),
  ]);
  for (const file of context.candidates((candidate) => candidate.language === 'prisma' && candidate.role !== 'test')) {
    reads.push(...prismaReads(context.text(file.path) ?? '', file.path));
  }
  const schema = scripts.flatMap(({ file }) => context.facts(file.path, envSchemaNames)?.schema ?? []);
  forEachScriptFacts(context, envSchemaNames, ({ built }) => built.forEach((name) => written.add(name)), ['source', 'config']);
  return { reads, schema, written };
}

const URL_PART = /^(.+)_(?:HOST|HOSTNAME|PORT|USER|USERNAME|PASSWORD|PASS|NAME|DB|DATABASE)$/;

/**
 * `DATABASE_HOST` beside a declared `DATABASE_URL`: the parts are the other way to give the same
 * connection (`use_env_variable: DATABASE_URL ? … : host`), which a deploy setting the URL leaves unset.
 */
function isPartOfDeclaredUrl(name: string, declared: ReadonlySet<string>): boolean {
  const prefix = URL_PART.exec(name)?.[1];
  return prefix !== undefined && ['URL', 'URI', 'DSN'].some((suffix) => declared.has(`${prefix}_${suffix}`));
}

/** At most this many names in the one finding of an app without a contract; the rest are counted. */
const LISTED_NAMES = 12;

export const envContract = defineRule<MessageId>({
  id: 'config/env-contract',
  factor: 'config',
  defaultSeverity: 'note',
  title: 'Environment variables read but declared nowhere',
  description:
    'Compares the environment variables the app needs (read with no default or presence check) with its contract: .env templates, env schemas, Dockerfile, compose, manifests and the README. With a contract, each variable missing from it is reported; with a contract that misses more than it lists, or none, one finding lists them.',
  fix: 'Declare each variable the app reads, e.g. in .env.example (with a placeholder) and in the deploy manifests.',
  messages: {
    undeclaredVariable:
      '{{name}} is read here with no default, but the app\'s contract (.env template, schema, compose, manifests, README) does not list it; declare it so each deploy knows to set it',
    thinContract:
      'the app\'s contract (.env template, schema, compose, manifests, README) lists {{covered}} of the environment variables the app needs and misses {{count}} ({{names}}; this is the first read); declare them so each deploy knows what to set',
    noContract:
      'the app needs {{count}} environment variable(s) ({{names}}) and nothing in the repository declares them (no .env template, schema, compose or manifest environment, README); document them so each deploy knows what to set',
  },
  triggers: ENV_READ_TRIGGERS,
  appliesTo: (app) => (app.kind === 'library' ? 'libraries take configuration from the app that uses them' : true),
  facts: [scriptEnvReads, envSchemaNames],
  check(context) {
    const { reads, schema, written } = collectReads(context);
    const wanted = reads.filter((read) => !isPlatformVariable(read.name));
    if (wanted.length === 0) return;
    const declared = declaredNames(context, context.files);
    schema.forEach((name) => declared.add(name));
    // A variable the code copes without anywhere (a default, a flag test, a presence check) is
    // optional; one the app sets itself is its own signal, not a deploy's setting.
    const optional = new Set([...wanted.filter((read) => read.absenceHandled).map((read) => read.name), ...written]);
    const missing = new Map<string, EnvRead>();
    for (const read of wanted) {
      if (!declared.has(read.name) && !optional.has(read.name) && !isPartOfDeclaredUrl(read.name, declared) && !missing.has(read.name)) {
        missing.set(read.name, read);
      }
    }
    if (missing.size === 0) return;
    const covered = new Set(wanted.filter((read) => declared.has(read.name)).map((read) => read.name)).size;
    const names = [...missing.keys()];
    const listed = (names.length > LISTED_NAMES ? [...names.slice(0, LISTED_NAMES), `and ${names.length - LISTED_NAMES} more`] : names).join(', ');
    const [first] = [...missing.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column)) as [EnvRead];
    // A contract that lists at least as many of the app's variables as it misses is the app's
    // interface: each gap is worth its own note, at the read. One that misses more than it lists is
    // a few documented settings beside an undocumented app: one note says so, not one per variable.
    if (covered >= missing.size) {
      for (const [name, read] of missing) {
        const { file, line, column, endLine, endColumn } = read;
        context.report({ messageId: 'undeclaredVariable', data: { name }, file, line, column, endLine, endColumn });
      }
      return;
    }
    if (covered > 0) {
      context.report({ messageId: 'thinContract', data: { covered, count: names.length, names: listed }, file: first.file, line: first.line, column: first.column });
      return;
    }
    const site = context.app.manifest ? { file: context.app.manifest, line: 1 } : { file: first.file, line: first.line, column: first.column };
    context.report({ messageId: 'noContract', data: { count: names.length, names: listed }, ...site });
  },
});
