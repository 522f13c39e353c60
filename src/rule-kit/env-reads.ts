/**
 * Which environment variables code reads, by literal name, and which of them the platform sets
 * (so no app has to declare them).
 */
import { Node, SyntaxKind, ts, type CallExpression, type SourceFile } from 'ts-morph';
import type { FileExtractor, Span } from '../facts/types.js';
import { wrapped } from '../facts/wrap-typescript.js';
import { calleeMethod, envVariableName, findNodes, locate, stringValue, unwrap } from './ast.js';
import { spanOf } from './script-facts.js';

export interface EnvRead {
  name: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  /**
   * The code copes with the variable being unset here: a default (`X || 3000`, `{ X = 'a' } = env`),
   * an alias (`A || B`), a flag test (`X === 'true'`) or a presence check (`if (X)`, `Boolean(X)`).
   */
  absenceHandled?: boolean;
  /**
   * The module a bare `env` / `ENV` receiver is imported or required from (`import env from './env'`):
   * the read is then of that module's object, which may read the variable with a default of its own.
   */
  receiverModule?: string;
  /**
   * The functions the value is handed to as first argument (`parseEnvNumber(process.env.X, 6000)`,
   * `toBoolean(X)` after `const { X } = process.env`): when one of them is the app's helper that gives
   * back its second parameter for an unset value, the read has that default (see `valueHelperDefaults`).
   */
  passedTo?: ValueCall[];
}

/** A call the value of a variable is the first argument of. */
export interface ValueCall {
  method: string;
  /** How many arguments the call passes: a second one is the default a fallback helper gives back. */
  arguments: number;
}

export const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/;
/** Set by the OS, the shell, npm, CI or the platform; nobody documents them per app. */
const PLATFORM_VARIABLES = new Set([
  'NODE_ENV', 'PORT', 'HOME', 'PATH', 'PWD', 'USER', 'USERNAME', 'SHELL', 'TERM', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TEMP', 'TMP',
  'HOSTNAME', 'CI', 'DEBUG', 'NODE_OPTIONS', 'NODE_DEBUG', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_EXTRA_CA_CERTS', 'FORCE_COLOR',
  'NO_COLOR', 'COLUMNS', 'INIT_CWD', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'COMSPEC', 'EDITOR', 'VISUAL', 'JEST_WORKER_ID',
  'VITEST', 'VERCEL', 'NETLIFY', 'RENDER', 'DYNO', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'AWS_REGION',
  'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'OSTYPE', 'NODE_APP_INSTANCE', 'PUBLIC_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'NEXT_RUNTIME', 'NEXT_PHASE',
]);
const PLATFORM_PREFIXES = /^(?:npm_|NPM_CONFIG_|GITHUB_|RUNNER_|GITLAB_|CI_|CIRCLE_|TRAVIS_|BUILDKITE_|VERCEL_|NETLIFY_|RENDER_|HEROKU_|FLY_|RAILWAY_|OPENSHIFT_|GAE_|WEBSITE_|CODESPACE_|GITPOD_|AWS_LAMBDA_|KUBERNETES_|LC_|XDG_|ELECTRON_)/;

export function isPlatformVariable(name: string): boolean {
  return PLATFORM_VARIABLES.has(name) || PLATFORM_PREFIXES.test(name);
}

/** Every literal-named environment read of a file, in source order: `process.env.X`, `['X']`, `env('X')`, `const { X } = process.env`. */
export function environmentReads(sourceFile: SourceFile, file: string): EnvRead[] {
  return findNodes(sourceFile, mayReadEnv).flatMap((candidate) =>
    readsAt(candidate).map(({ name, node }) => ({ name, file, ...locate(node), absenceHandled: handlesAbsence(node) })),
  );
}

/** The literal-named reads at a node `mayReadEnv` let through, each with the node it is located at. */
function readsAt(node: Node): { name: string; node: Node }[] {
  if (Node.isObjectBindingPattern(node)) {
    const declaration = node.getParent();
    if (!Node.isVariableDeclaration(declaration) || !isProcessEnv(declaration.getInitializer())) return [];
    return node
      .getElements()
      .map((element) => ({ name: (element.getPropertyNameNode() ?? element.getNameNode()).getText(), node: element as Node }))
      .filter(({ name }) => VARIABLE_NAME.test(name));
  }
  const name = envVariableName(node);
  return name !== undefined && VARIABLE_NAME.test(name) ? [{ name, node }] : [];
}

/**
 * Raw prefilter for env reads, so only candidates get wrapped: `<x>.env.X` / `env.X` / `env['X']`
 * member accesses, every call (helpers such as `env('X')`), and destructuring patterns.
 */
function mayReadEnv(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isObjectBindingPattern(node)) return true;
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return false;
  const object = node.expression;
  const name = ts.isIdentifier(object) ? object.text : ts.isPropertyAccessExpression(object) ? object.name.text : '';
  return (name === 'env' || name === 'ENV') && !(ts.isIdentifier(object) && boundToOtherThanEnvironment(object));
}

/**
 * Whether a bare `env` names a local binding of something else than the environment: a parameter
 * (`(env: Record<string, string>) => env.INFRA`), or a variable or field taken from another object
 * (`const { env } = options`). One defaulting to or taken from `process.env` (`env = process.env`,
 * `const { env } = process`) is the environment; one bound nowhere in the file (a global, an import)
 * is left as a read.
 */
function boundToOtherThanEnvironment(identifier: ts.Identifier): boolean {
  const name = identifier.text;
  const isEnvironment = (initializer: ts.Expression | undefined, destructured: boolean) => {
    if (initializer === undefined) return false;
    // `require('./env')`, `require('node:process')`: the module decides (see `receiverModule`).
    if (ts.isCallExpression(initializer) && ts.isIdentifier(initializer.expression) && initializer.expression.text === 'require') return true;
    const text = initializer.getText().replace(/\s+/g, '');
    return destructured ? text === 'process' || text === 'Bun' || text === 'import.meta' : text === 'process.env' || text === 'import.meta.env' || text === 'Bun.env';
  };
  /** The binding of `name` a declaration makes, if it makes one: whether it is the environment. */
  const binding = (declaration: ts.VariableDeclaration | ts.ParameterDeclaration): 'environment' | 'other' | undefined => {
    if (ts.isIdentifier(declaration.name)) return declaration.name.text === name ? (isEnvironment(declaration.initializer, false) ? 'environment' : 'other') : undefined;
    if (!ts.isObjectBindingPattern(declaration.name)) return undefined;
    const element = declaration.name.elements.find((candidate) => ts.isIdentifier(candidate.name) && candidate.name.text === name);
    if (element === undefined) return undefined;
    const property = element.propertyName === undefined ? name : element.propertyName.getText();
    // `function start({ env = process.env } = {})`: the field defaults to the environment.
    if (isEnvironment(element.initializer, false)) return 'environment';
    return property === 'env' && isEnvironment(declaration.initializer, true) ? 'environment' : 'other';
  };
  for (let scope: ts.Node | undefined = identifier.parent; scope !== undefined; scope = scope.parent) {
    if (ts.isFunctionLike(scope)) {
      for (const parameter of scope.parameters) {
        const found = binding(parameter);
        if (found !== undefined) return found === 'other';
      }
    }
    if (ts.isBlock(scope) || ts.isSourceFile(scope) || ts.isModuleBlock(scope)) {
      for (const statement of scope.statements) {
        if (!ts.isVariableStatement(statement)) continue;
        for (const declaration of statement.declarationList.declarations) {
          const found = binding(declaration);
          if (found !== undefined) return found === 'other';
        }
      }
    }
  }
  return false;
}

/** `process.env`, `import.meta.env` or `Bun.env` itself. */
export function isProcessEnv(node: Node | undefined): boolean {
  if (!node) return false;
  const text = unwrap(node).getText();
  return text === 'process.env' || text === 'import.meta.env' || text === 'Bun.env';
}

const TRANSPARENT = new Set([
  SyntaxKind.ParenthesizedExpression, SyntaxKind.AsExpression, SyntaxKind.NonNullExpression, SyntaxKind.TypeAssertionExpression,
  SyntaxKind.SatisfiesExpression,
]);
const DEFAULTING = new Set([SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken, SyntaxKind.BarBarEqualsToken, SyntaxKind.QuestionQuestionEqualsToken]);
const COMPARING = new Set([
  SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken,
]);

/** Conversions whose result carries the absence on: `parseInt(process.env.X, 10) || 200`. */
const CONVERSIONS = new Set(['Number', 'parseInt', 'parseFloat', 'String', 'Number.parseInt', 'Number.parseFloat', 'JSON.parse']);
/** Tests of a parsed value (`Number.isFinite(ms) ? ms : 120000`): like `Boolean(X)`, the code copes with NaN from an unset variable. */
const VALUE_TESTS = new Set(['Boolean', 'isFinite', 'isNaN', 'Number.isFinite', 'Number.isNaN', 'Number.isInteger', 'Number.isSafeInteger']);
/** Response helpers: a value only forwarded to the client is not something the server needs. */
const RESPONSE_METHODS = new Set(['json', 'send']);

/** Whether the read at `node` copes with the variable being unset (see `EnvRead.absenceHandled`). */
function handlesAbsence(node: Node): boolean {
  // `const { X } = process.env` then `X || 'a'`: the later use is the default.
  if (Node.isBindingElement(node)) return node.getInitializer() !== undefined || referencesHandleAbsence(node.getNameNode(), node);
  let current: Node = node;
  let parent = current.getParent();
  while (parent && (TRANSPARENT.has(parent.getKind()) || isConversionOf(parent, current))) {
    current = parent;
    parent = parent.getParent();
  }
  if (!parent) return false;
  // `process.env.X?.split(',')`: the optional chain is the presence check.
  if ((Node.isPropertyAccessExpression(parent) || Node.isElementAccessExpression(parent)) && parent.getExpression() === current && parent.hasQuestionDotToken()) return true;
  if (Node.isBinaryExpression(parent)) {
    const operator = parent.getOperatorToken().getKind();
    return DEFAULTING.has(operator) || COMPARING.has(operator) || operator === SyntaxKind.AmpersandAmpersandToken;
  }
  if (Node.isPrefixUnaryExpression(parent)) return parent.getOperatorToken() === SyntaxKind.ExclamationToken;
  if (Node.isIfStatement(parent) || Node.isWhileStatement(parent)) return parent.getExpression() === current;
  if (Node.isConditionalExpression(parent)) return parent.getCondition() === current;
  if (Node.isCallExpression(parent)) return VALUE_TESTS.has(parent.getExpression().getText());
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === current) return checkedLater(parent);
  if (Node.isPropertyAssignment(parent)) return isForwardedInResponse(parent) || isErrorTrackerDsn(parent);
  // `[process.env.A, process.env.B].filter(Boolean)`: the unset ones are dropped.
  if (Node.isArrayLiteralExpression(parent)) return isFilteredArray(parent);
  return false;
}

/** The outermost node of a read that carries its value unchanged: `(process.env.X as string)!`. */
function outermostValue(node: Node): Node {
  let current = node;
  for (let parent = current.getParent(); parent && TRANSPARENT.has(parent.getKind()); parent = parent.getParent()) current = parent;
  return current;
}

/** The calls a read's value (or a destructured binding's later uses) is the first argument of. */
function valueCalls(node: Node): ValueCall[] {
  const uses = Node.isBindingElement(node) ? laterReferences(node.getNameNode(), node) : [node];
  return uses.flatMap((use) => {
    const value = outermostValue(use);
    const call = value.getParent();
    if (!call || !Node.isCallExpression(call) || call.getArguments()[0] !== value) return [];
    const method = calleeMethod(call);
    return method === undefined ? [] : [{ method, arguments: call.getArguments().length }];
  });
}

/**
 * `Sentry.init({ dsn: process.env.SENTRY_DSN })`, `sentry({ dsn })`: an error tracker's SDK sends
 * nothing when the DSN is unset, so the variable switches reporting on rather than being needed.
 */
const ERROR_TRACKER_CALL = /sentry|raven|(?:^|\.)init$/i;

function isErrorTrackerDsn(property: Node): boolean {
  if (!Node.isPropertyAssignment(property) || property.getName().replace(/^['"]|['"]$/g, '').toLowerCase() !== 'dsn') return false;
  const call = property.getParent()?.getParent();
  return call !== undefined && (Node.isCallExpression(call) || Node.isNewExpression(call)) && ERROR_TRACKER_CALL.test(call.getExpression().getText());
}

function isFilteredArray(array: Node): boolean {
  const access = array.getParent();
  return access !== undefined && Node.isPropertyAccessExpression(access) && access.getName() === 'filter' && Node.isCallExpression(access.getParent());
}

function isConversionOf(parent: Node, argument: Node): boolean {
  return Node.isCallExpression(parent) && parent.getArguments()[0] === argument && CONVERSIONS.has(parent.getExpression().getText());
}

/** `const secret = process.env.X; if (!secret) ...`: a later use of the name tests or defaults it. */
function checkedLater(declaration: Node): boolean {
  if (!Node.isVariableDeclaration(declaration)) return false;
  return referencesHandleAbsence(declaration.getNameNode(), declaration);
}

function referencesHandleAbsence(name: Node, declaration: Node): boolean {
  return laterReferences(name, declaration).some((reference) => handlesAbsence(reference));
}

/** The uses of a declared name after its declaration, in the block that declares it. */
function laterReferences(name: Node, declaration: Node): Node[] {
  if (!Node.isIdentifier(name)) return [];
  const scope = declaration.getFirstAncestor((ancestor) => Node.isBlock(ancestor) || Node.isSourceFile(ancestor));
  if (!scope) return [];
  const text = name.getText();
  return findNodes(scope, (raw) => ts.isIdentifier(raw) && raw.text === text).filter((reference) => reference.getStart() > name.getEnd());
}

function isForwardedInResponse(property: Node): boolean {
  const call = property.getParent()?.getParent();
  return call !== undefined && Node.isCallExpression(call) && RESPONSE_METHODS.has(calleeMethod(call) ?? '');
}

/** An env read as the per-file facts hold it: its file is the one the facts are of. */
export type EnvReadSite = Omit<EnvRead, 'file'>;

/**
 * A function whose first parameter may name a variable: a candidate for the app's own env getters
 * (`getOsEnv(key)`), which are found across files (see `envHelperNames`).
 */
export interface EnvHelperCandidate {
  name: string;
  /** Its body reads `process.env[parameter]`. */
  readsEnvByParameter: boolean;
  /** Functions (by callee method) its body hands the parameter to first: `getOsPath(key) -> getOsEnv(key)`. */
  passesParameterTo: string[];
  /** Its second parameter is what it gives back when the variable is unset: `intEnv(name, fallback)`, `(key, value) => process.env[key] ?? value`. */
  fallbackParameter?: boolean;
  /** That second parameter has a default of its own (`toBoolean(value, fallback = false)`): a call without it is defaulted too. */
  fallbackHasDefault?: boolean;
}

/** A call with a literal variable name first (`getOsEnv('APP_NAME')`): a read whenever the callee is one of the app's env getters. */
export interface EnvHelperCall {
  method: string;
  read: EnvReadSite;
  /** A second argument is passed (`intEnv('RETRIES', 5)`): the default, when the getter has a fallback parameter. */
  withSecondArgument?: boolean;
}

/** What one JS/TS file says about environment variables. */
export interface ScriptEnvReads {
  /** `environmentReads`, in source order, less the assignments. */
  reads: EnvReadSite[];
  /**
   * Variables the file sets itself (`process.env.X = 'true'`, `env.X = value` on a config's `env`
   * object): the code that reads them elsewhere reads what its own package wrote, not the deploy's setting.
   */
  writes: string[];
  helpers: EnvHelperCandidate[];
  /** In source order. */
  helperCalls: EnvHelperCall[];
}

/**
 * A file that never says `env` holds no read the env rules look at (env-contract only reads such
 * files, committed-env-file only those using `process.env`), and no env getter.
 */
export const ENV_READ_TRIGGERS = ['env'];

/** Each JS/TS file's env reads, env getter candidates and possible getter calls; undefined for a file without `ENV_READ_TRIGGERS`. */
export const scriptEnvReads: FileExtractor<ScriptEnvReads | undefined> = {
  name: 'script-env-reads',
  version: 5,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: ENV_READ_TRIGGERS,
  typescript: {
    kinds: [
      SyntaxKind.CallExpression, SyntaxKind.ObjectBindingPattern, SyntaxKind.PropertyAccessExpression, SyntaxKind.ElementAccessExpression,
      SyntaxKind.FunctionDeclaration, SyntaxKind.VariableDeclaration, SyntaxKind.ImportDeclaration,
    ],
    create(file) {
      const facts: ScriptEnvReads = { reads: [], writes: [], helpers: [], helperCalls: [] };
      const site = (node: Node): Span & { absenceHandled: boolean } => ({ ...spanOf(node, file), absenceHandled: handlesAbsence(node) });
      // Imports and requires come before their uses in source order, which is the walk's order.
      const envModules = new Map<string, string>();
      return {
        visit(raw) {
          const imported = importedEnvBinding(raw);
          if (imported) envModules.set(imported.name, imported.module);
          if (mayReadEnv(raw)) {
            const receiver = bareReceiver(raw);
            const receiverModule = receiver === undefined ? undefined : envModules.get(receiver);
            for (const { name, node } of readsAt(wrapped(raw))) {
              if (isAssigned(raw)) facts.writes.push(name);
              else {
                const passedTo = valueCalls(node);
                facts.reads.push({ name, ...site(node), ...(receiverModule !== undefined && { receiverModule }), ...(passedTo.length > 0 && { passedTo }) });
              }
            }
          }
          if (ts.isCallExpression(raw) && raw.arguments.length > 0) {
            const call = wrapped<CallExpression>(raw);
            const method = calleeMethod(call);
            const name = method === undefined ? undefined : stringValue(call.getArguments()[0]);
            if (method !== undefined && name !== undefined && VARIABLE_NAME.test(name)) {
              facts.helperCalls.push({ method, read: { name, ...site(call) }, ...(raw.arguments.length > 1 && { withSecondArgument: true }) });
            }
          }
          if (ts.isFunctionDeclaration(raw) || (ts.isVariableDeclaration(raw) && raw.initializer)) {
            const candidate = helperCandidate(wrapped(raw));
            if (candidate) facts.helpers.push(candidate);
          }
        },
        result: () => facts,
      };
    },
  },
};

const ENV_BINDING = new Set(['env', 'ENV']);

/** `env` / `ENV` bound by `import env from 'm'`, `import { env } from 'm'`, `const env = require('m')` or `const { env } = require('m')`. */
function importedEnvBinding(node: ts.Node): { name: string; module: string } | undefined {
  if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && node.importClause) {
    const { name, namedBindings } = node.importClause;
    const names = [name?.text, ...(namedBindings && ts.isNamedImports(namedBindings) ? namedBindings.elements.map((element) => element.name.text) : [])];
    const bound = names.find((candidate) => candidate !== undefined && ENV_BINDING.has(candidate));
    return bound === undefined ? undefined : { name: bound, module: node.moduleSpecifier.text };
  }
  if (!ts.isVariableDeclaration(node) || !node.initializer) return undefined;
  const call = node.initializer;
  if (!ts.isCallExpression(call) || !ts.isIdentifier(call.expression) || call.expression.text !== 'require') return undefined;
  const [specifier] = call.arguments;
  if (!specifier || !ts.isStringLiteral(specifier)) return undefined;
  const names = ts.isIdentifier(node.name)
    ? [node.name.text]
    : ts.isObjectBindingPattern(node.name)
      ? node.name.elements.flatMap((element) => (ts.isIdentifier(element.name) ? [element.name.text] : []))
      : [];
  const bound = names.find((candidate) => ENV_BINDING.has(candidate));
  return bound === undefined ? undefined : { name: bound, module: specifier.text };
}

/** The target of a plain assignment (`process.env.X = 'true'`), not a read. */
function isAssigned(node: ts.Node): boolean {
  const { parent } = node;
  return ts.isBinaryExpression(parent) && parent.left === node && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken;
}

/** `env` in `env.X` / `env['X']` (a bare identifier receiver), else undefined. */
function bareReceiver(node: ts.Node): string | undefined {
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return undefined;
  return ts.isIdentifier(node.expression) ? node.expression.text : undefined;
}

/** The getter candidate a function declaration or a variable bound to a function is, if it takes a parameter. */
function helperCandidate(node: Node): EnvHelperCandidate | undefined {
  let name: string | undefined;
  let fn: Node | undefined;
  if (Node.isFunctionDeclaration(node)) {
    name = node.getName();
    fn = node;
  } else if (Node.isVariableDeclaration(node)) {
    const initializer = node.getInitializer();
    fn = initializer && unwrap(initializer);
    name = node.getName();
  }
  if (!(Node.isFunctionDeclaration(fn) || Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) return undefined;
  const parameter = fn.getParameters()[0]?.getName();
  const body = fn.getBody();
  if (!name || !parameter || !body) return undefined;
  const uses = findNodes(body, (raw) => ts.isElementAccessExpression(raw) || ts.isCallExpression(raw));
  const second = fn.getParameters()[1];
  const fallback = second?.getName();
  const isFallback = fallback !== undefined && isFallbackIn(body, fallback);
  return {
    ...(isFallback && { fallbackParameter: true }),
    ...(isFallback && second?.hasInitializer() && { fallbackHasDefault: true }),
    name,
    readsEnvByParameter: uses.some(
      (use) => Node.isElementAccessExpression(use) && isProcessEnv(use.getExpression()) && use.getArgumentExpression()?.getText() === parameter,
    ),
    passesParameterTo: uses.flatMap((use) => {
      const method = Node.isCallExpression(use) && use.getArguments()[0]?.getText() === parameter ? calleeMethod(use) : undefined;
      return method === undefined ? [] : [method];
    }),
  };
}

/** Whether `body` gives `parameter` back as a value: `X ?? parameter`, `ok ? n : parameter`, `return parameter`, or the arrow's body itself. */
function isFallbackIn(body: Node, parameter: string): boolean {
  if (Node.isIdentifier(body)) return body.getText() === parameter;
  return findNodes(body, (raw) => ts.isIdentifier(raw) && raw.text === parameter).some((use) => {
    const parent = use.getParentOrThrow();
    if (Node.isBinaryExpression(parent)) return parent.getRight() === use && DEFAULTING.has(parent.getOperatorToken().getKind());
    if (Node.isConditionalExpression(parent)) return parent.getCondition() !== use;
    return Node.isReturnStatement(parent);
  });
}

/**
 * The app's own env getters, by name: functions that read `process.env[param]`, or pass their first
 * parameter to another getter (`getOsEnv(key)`, `getOsPath(key) -> getOsEnv(key)`). Calls of them
 * with a literal name are reads like `process.env.X`. Found across files, to a fixed point.
 */
export function envHelperNames(files: readonly ScriptEnvReads[]): Map<string, EnvHelperCandidate> {
  const candidates = files.flatMap((facts) => facts.helpers);
  const helpers = new Map<string, EnvHelperCandidate>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const candidate of candidates) {
      const { name, readsEnvByParameter, passesParameterTo } = candidate;
      if (helpers.has(name) || !(readsEnvByParameter || passesParameterTo.some((method) => helpers.has(method)))) continue;
      helpers.set(name, candidate);
      grew = true;
    }
  }
  return helpers;
}

/**
 * Calls of the app's env getters with a literal variable name: `getOsEnv('APP_NAME')`. A second
 * argument to a getter that gives its second parameter back when the variable is unset
 * (`intEnv('RETRIES', 5)`) is the read's default.
 */
export function helperReads(facts: ScriptEnvReads, file: string, helpers: ReadonlyMap<string, EnvHelperCandidate>): EnvRead[] {
  return facts.helperCalls.flatMap(({ method, read, withSecondArgument }) => {
    const helper = helpers.get(method);
    if (!helper) return [];
    const defaulted = helper.fallbackParameter === true && (withSecondArgument === true || helper.fallbackHasDefault === true);
    return [{ ...read, file, ...(defaulted && { absenceHandled: true }) }];
  });
}

/**
 * Whether a read's value goes to a helper that gives back its default when the value is unset:
 * `parseEnvNumber(process.env.X, 6000)` with `parseEnvNumber(value, fallback)` returning `fallback`
 * for an empty value, or `toBoolean(X)` with `toBoolean(value, fallback = false)`. `helpers` are the
 * candidates of the app's files and of the workspace packages it depends on, by name.
 */
export function passedToDefaultingHelper(read: EnvReadSite, helpers: ReadonlyMap<string, EnvHelperCandidate>): boolean {
  return (read.passedTo ?? []).some(({ method, arguments: count }) => {
    const helper = helpers.get(method);
    return helper?.fallbackParameter === true && (count > 1 || helper.fallbackHasDefault === true);
  });
}
