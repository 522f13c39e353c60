/**
 * `.env` files: which names are real env files and which are templates, their `KEY=value` entries,
 * and Python and Go startup that refuses to run without one.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { RuleContext } from '../types.js';
import type { FileExtractor, FileInput, Span, SyntaxExtraction, TreeNode } from '../facts/types.js';
import * as go from '../facts/syntax/go.js';
import * as python from '../facts/syntax/python.js';
import { childrenOf } from '../facts/syntax/tree.js';
import { DEPLOYED_ENVIRONMENTS } from './environment-names.js';
import { foldersAbove, inFolder } from './repo-files.js';

export interface EnvEntry {
  name: string;
  /** The value without surrounding quotes; multi-line double-quoted values are joined with `\n`. */
  value: string;
  /** 1-based line of the entry. */
  line: number;
  /** 1-based column of the value's first character (after the opening quote). */
  column: number;
}

/** Suffix words that make an env file a template to copy, not configuration: `.env.example`, `example.env`. */
const TEMPLATE_WORDS = new Set(['example', 'examples', 'sample', 'samples', 'template', 'tpl', 'dist', 'defaults', 'default', 'schema', 'skel', 'stub']);

/** Packages that load `.env` files into the process. */
export const DOTENV_PACKAGES: readonly string[] = ['dotenv', 'dotenv-flow', 'dotenv-expand', 'dotenv-safe', '@dotenvx/dotenvx', 'env-cmd', 'dotenv-cli', '@nestjs/config'];

/** `.env`, `.env.production`, `production.env` (not `.envrc`, `env.ts` or `.environment`). */
export function isEnvFile(path: string): boolean {
  const name = posix.basename(path);
  return name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

/**
 * node-config's `config/custom-environment-variables.yml` (or `.json`, `.yaml`, `.js`...): a map of
 * config keys to the NAMES of the environment variables that override them, never values.
 */
export function isEnvironmentVariableMap(path: string): boolean {
  return /^custom-environment-variables\.[a-z0-9]+$/i.test(posix.basename(path));
}

/** `.env.example`, `.env.sample`, `.env.local.template`, `example.env`: documentation of the variables. */
export function isEnvTemplate(path: string): boolean {
  return envFileWords(path).some((word) => TEMPLATE_WORDS.has(word));
}

/**
 * A file that documents variables in `KEY=value` form, env file or not: `.env.example`, but also
 * `env-example`, `.env-sample`, `env.template-relational` that the classifier does not call env files.
 */
export function isEnvTemplateFile(path: string): boolean {
  if (isEnvFile(path)) return isEnvTemplate(path);
  return /^\.?env[._-](?:examples?|sample|template|tpl|dist|defaults?)(?:$|[._-])/i.test(posix.basename(path));
}

/** The environment an env file names (`.env.production` -> production), '' for a plain `.env`. */
export function envFileWords(path: string): string[] {
  return posix
    .basename(path)
    .toLowerCase()
    .split(/[.\-_]/)
    .filter((word) => word !== '' && word !== 'env');
}

/** Env files for test runs and CI, committed on purpose with throwaway values. */
const TEST_ENVIRONMENTS = new Set(['test', 'testing', 'ci', 'e2e', 'spec']);
/** Env files for a developer's machine: dummy values and loopback addresses, not a deploy's config. */
const DEVELOPMENT_ENVIRONMENTS = new Set(['development', 'dev', 'devcontainer']);

/**
 * What an env file is for: a `template` to copy (`.env.example`), a `test` run's or a `development`
 * machine's throwaway values (`.env.test`, `.env.development.local`), else a `deploy`'s configuration
 * (`.env`, `.env.production`, `docker.env`).
 */
export type EnvFileKind = 'template' | 'test' | 'development' | 'deploy';

export function envFileKind(path: string, role: string): EnvFileKind {
  if (isEnvTemplateFile(path)) return 'template';
  const words = envFileWords(path);
  if (role === 'test' || words.some((word) => TEST_ENVIRONMENTS.has(word))) return 'test';
  if (words.some((word) => DEVELOPMENT_ENVIRONMENTS.has(word))) return 'development';
  return 'deploy';
}

/**
 * A deploy's env file named for a deployed environment (`.env.production`, `.env.production.local`,
 * `.env.staging`, `prod.env`): its values are that environment's configuration by name, not a
 * developer's local defaults as a plain `.env` often is.
 */
export function isDeployedEnvironmentEnvFile(path: string, role: string): boolean {
  return envFileKind(path, role) === 'deploy' && envFileWords(path).some((word) => DEPLOYED_ENVIRONMENTS.has(word));
}

const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$/;

/**
 * The `KEY=value` entries of an env file; comments and blank lines are skipped. Linear in the size of
 * the text: an unclosed quote is scanned once, line by line, never re-scanned from its start.
 */
export function envEntries(text: string): EnvEntry[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const entries: EnvEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = ASSIGNMENT.exec(lines[index] ?? '');
    if (!match) continue;
    const [, lead = '', name = '', equals = '', rest = ''] = match;
    const column = lead.length + name.length + equals.length + 1;
    const quote = rest[0] === '"' || rest[0] === "'" || rest[0] === '`' ? rest[0] : undefined;
    if (!quote) {
      entries.push({ name, value: withoutComment(rest).trim(), line: index + 1, column });
      continue;
    }
    const first = index;
    const parts = [rest.slice(1)];
    let end = closingQuote(rest.slice(1), quote);
    // A double-quoted value may span lines (PEM keys); it ends at the next unescaped closing quote.
    // The line break between two parts absorbs a trailing backslash, so each new line is scanned from its start.
    while (end === -1 && quote === '"' && index + 1 < lines.length) {
      index += 1;
      const line = lines[index] ?? '';
      parts.push(line);
      end = closingQuote(line, quote);
    }
    if (end !== -1) parts[parts.length - 1] = (parts.at(-1) ?? '').slice(0, end);
    entries.push({ name, value: parts.join('\n'), line: first + 1, column: column + 1 });
  }
  return entries;
}

/** An unquoted value without its ` # comment`; a plain scan, so a long run of blanks costs one pass. */
function withoutComment(value: string): string {
  const comment = value.search(/\s#/);
  return comment === -1 ? value : value.slice(0, comment);
}

function closingQuote(body: string, quote: string): number {
  for (let index = 0; index < body.length; index++) {
    if (body[index] === '\\') index += 1;
    else if (body[index] === quote) return index;
  }
  return -1;
}

/**
 * Env templates in the given folders that the repo index left out because `.gitignore` matches them
 * (`.env*` ignored, `.env.example` force-added), with their text. Such a file is in the work tree,
 * so in a clone it is tracked and documents the variables like any template; the engine cannot
 * read unindexed files, hence the direct (small, bounded) read here.
 */
export function ignoredEnvTemplates(context: Pick<RuleContext, 'repo'>, folders: readonly string[]): Array<{ path: string; text: string }> {
  return folders.flatMap((folder) => {
    let names: string[];
    try {
      names = readdirSync(join(context.repo.root, folder), { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
    } catch {
      return [];
    }
    return names
      .map((name) => inFolder(folder, name))
      .filter((path) => isEnvTemplateFile(path) && context.repo.isGitIgnored(path))
      .map((path) => ({ path, text: readSmallText(join(context.repo.root, path)) }));
  });
}

/** Variable names of the ignored env templates (see `ignoredEnvTemplates`) in the app's folder and the folders above it. */
export function ignoredEnvTemplateNames(context: Pick<RuleContext, 'repo' | 'app'>): string[] {
  return ignoredEnvTemplates(context, [context.app.path, ...foldersAbove(context.app.path)]).flatMap(({ text }) =>
    envEntries(text).map((entry) => entry.name),
  );
}

const MAX_TEMPLATE_SIZE = 64 * 1024;

function readSmallText(absolutePath: string): string {
  try {
    return statSync(absolutePath).size <= MAX_TEMPLATE_SIZE ? readFileSync(absolutePath, 'utf8') : '';
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------------------------------------
// Startup that refuses to run without a .env file

/**
 * A condition on the environment's name (`NODE_ENV !== 'production'`, `if os.Getenv("APP_ENV") == "local"`,
 * `isDev`): what it guards runs on a developer's machine only, where requiring a `.env` file is fine.
 */
export function testsEnvironmentName(condition: string): boolean {
  return /\b(?:NODE_ENV|APP_ENV|GO_ENV|GIN_MODE|FLASK_ENV|DJANGO_ENV|ENVIRONMENT)\b|production|development|isDev|isProd|IsDev|IsProd/.test(condition);
}

/** A real env file's name (`.env`, `.env.local`), not a template's. */
function namesEnvFile(path: string | null): boolean {
  return path !== null && isEnvFile(path) && !isEnvTemplateFile(path);
}

/** Whether an `if` around `node` tests the environment's name. */
function insideEnvironmentTest(node: TreeNode): boolean {
  for (let current = node.parent; current !== null; current = current.parent) {
    if (current.type === 'if_statement' && testsEnvironmentName(current.childForFieldName('condition')?.text ?? '')) return true;
  }
  return false;
}

/** The first node under `root` (itself included) that `matches`, in source order; nested functions are not looked into. */
function firstWithin(root: TreeNode, matches: (node: TreeNode) => boolean): TreeNode | undefined {
  const pending = [root];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (matches(current)) return current;
    if (current !== root && /^(?:function_definition|lambda|func_literal|function_declaration)$/.test(current.type)) continue;
    pending.push(...childrenOf(current).reverse());
  }
  return undefined;
}

/**
 * Where Python and Go startup refuses to run without a `.env` file: the `raise`, `sys.exit(...)`,
 * `log.Fatal(...)`, `panic(...)` or `os.Exit(...)` that stops it, or python-dotenv's
 * `find_dotenv(raise_error_if_not_found=True)`. A platform sets variables, not files, so such an app
 * cannot run from the environment alone. Loads that carry on without the file (python-dotenv's
 * `load_dotenv()` on its own, django-environ's `read_env()`, which only logs, godotenv errors that are
 * logged or ignored) and refusals inside a branch on the environment's name are not reported.
 */
export const envFileRequirements: FileExtractor<Span[]> = {
  name: 'env-file-requirements',
  version: 1,
  module: import.meta.url,
  python: pythonEnvFileRequirements(),
  go: goEnvFileRequirements(),
};

/** Only a file naming python-dotenv, godotenv or a `.env` path can require one. */
const MAY_REQUIRE_ENV_FILE = /dotenv|\.env\b/;

const PYTHON_LOAD = 'dotenv.load_dotenv';
const PYTHON_EXITS = new Set(['sys.exit', 'exit', 'quit', 'os._exit']);
const PYTHON_PATH_TESTS = new Set(['os.path.exists', 'os.path.isfile']);

function pythonEnvFileRequirements(): SyntaxExtraction<string, TreeNode, Span[]> {
  return {
    kinds: [...python.SCOPE_KINDS, 'if_statement', 'call'],
    create(file: FileInput) {
      const wanted = MAY_REQUIRE_ENV_FILE.test(file.text);
      const scope = new python.PythonScope(file.text);
      /** Names bound to what `load_dotenv(...)` returned (False when no file was found). */
      const loadResults = new Set<string>();
      const found: Span[] = [];
      const calleeOf = (call: TreeNode) => scope.qualify(python.pathOf(call.childForFieldName('function') ?? call));
      /** `load_dotenv()`, a name bound to its result, `os.path.exists('.env')`, `Path('.env').exists()`. */
      const findsEnvFile = (node: TreeNode): boolean => {
        const expression = python.unwrap(node);
        if (expression.type === 'identifier') return loadResults.has(expression.text);
        if (expression.type !== 'call') return false;
        const callee = calleeOf(expression) ?? '';
        if (callee === PYTHON_LOAD) return true;
        const [first] = python.argumentsOf(expression);
        if (PYTHON_PATH_TESTS.has(callee)) return first !== undefined && namesEnvFile(python.plainString(first.value));
        const receiver = expression.childForFieldName('function')?.childForFieldName('object');
        if (!/\.(?:exists|is_file)$/.test(callee) || receiver?.type !== 'call' || !/(?:^|\.)Path$/.test(calleeOf(receiver) ?? '')) return false;
        const [path] = python.argumentsOf(receiver);
        return path !== undefined && namesEnvFile(python.plainString(path.value));
      };
      const isRefusal = (node: TreeNode) => node.type === 'raise_statement' || (node.type === 'call' && PYTHON_EXITS.has(calleeOf(node) ?? ''));
      return {
        visit(node) {
          if (!wanted) return;
          if (node.type === 'if_statement') {
            const condition = python.unwrap(node.childForFieldName('condition') ?? node);
            const tested = condition.type === 'not_operator' ? condition.childForFieldName('argument') : null;
            const consequence = node.childForFieldName('consequence');
            const refusal = tested !== null && consequence !== null && findsEnvFile(tested) ? firstWithin(consequence, isRefusal) : undefined;
            if (refusal && !insideEnvironmentTest(node)) found.push(file.span(refusal.startIndex, refusal.endIndex));
            return;
          }
          if (node.type === 'call') {
            const raises = python.argumentAt(python.argumentsOf(node), undefined, 'raise_error_if_not_found');
            if (calleeOf(node) === 'dotenv.find_dotenv' && raises?.type === 'true' && !insideEnvironmentTest(node)) found.push(file.span(node.startIndex, node.endIndex));
            return;
          }
          scope.observe(node);
          const target = node.type === 'assignment' ? node.childForFieldName('left') : null;
          const value = node.childForFieldName('right');
          if (target?.type === 'identifier' && value !== null && python.unwrap(value).type === 'call' && calleeOf(python.unwrap(value)) === PYTHON_LOAD) {
            loadResults.add(target.text);
          }
        },
        result: () => found,
      };
    },
  };
}

const GODOTENV_LOADS = /^github\.com\/joho\/godotenv\.(?:Load|Overload)$/;
/** Calls that stop a Go program: `log.Fatal*`, `log.Panic*` (any logger's), `panic`, `os.Exit`. */
const GO_STOPS = /^(?:panic|os\.Exit)$|\.(?:Fatal|Fatalf|Fatalln|Panic|Panicf|Panicln)$/;

function goEnvFileRequirements(): SyntaxExtraction<string, TreeNode, Span[]> {
  return {
    kinds: [...go.SCOPE_KINDS, 'call_expression'],
    create(file: FileInput) {
      const wanted = file.text.includes('godotenv');
      const scope = new go.GoScope(file.text);
      const found: Span[] = [];
      const isStop = (node: TreeNode) => node.type === 'call_expression' && GO_STOPS.test(go.pathOf(node.childForFieldName('function') ?? node) ?? '');
      return {
        visit(node) {
          if (node.type !== 'call_expression') {
            scope.observe(node);
            return;
          }
          if (!wanted || !GODOTENV_LOADS.test(scope.qualify(go.pathOf(node.childForFieldName('function') ?? node)) ?? '')) return;
          const check = errorCheckOf(node);
          const consequence = check?.childForFieldName('consequence');
          const stop = consequence ? firstWithin(consequence, isStop) : undefined;
          if (check && stop && !insideEnvironmentTest(check)) found.push(file.span(stop.startIndex, stop.endIndex));
        },
        result: () => found,
      };
    },
  };
}

/**
 * The `if` that tests a load's error: `if err := godotenv.Load(); err != nil`, `err := godotenv.Load()`
 * followed by `if err != nil`, or `if godotenv.Load() != nil`.
 */
function errorCheckOf(load: TreeNode): TreeNode | undefined {
  const holder = load.parent;
  if (holder?.type === 'binary_expression' && holder.parent?.type === 'if_statement') {
    return holder.parent.childForFieldName('condition')?.startIndex === holder.startIndex ? holder.parent : undefined;
  }
  const declaration = holder?.type === 'expression_list' ? holder.parent : null;
  if (declaration === null || (declaration.type !== 'short_var_declaration' && declaration.type !== 'assignment_statement')) return undefined;
  const [target] = go.childrenOf(declaration.childForFieldName('left') ?? declaration);
  const block = declaration.parent;
  if (target?.type !== 'identifier' || block === null) return undefined;
  let check: TreeNode | undefined;
  if (block.type === 'if_statement' && block.childForFieldName('initializer')?.startIndex === declaration.startIndex) check = block;
  else {
    const statements = go.childrenOf(block);
    const next = statements[statements.findIndex((statement) => statement.startIndex === declaration.startIndex) + 1];
    check = next?.type === 'if_statement' ? next : undefined;
  }
  const condition = check?.childForFieldName('condition')?.text.replace(/\s+/g, '');
  return condition === `${target.text}!=nil` || condition === `nil!=${target.text}` ? check : undefined;
}
