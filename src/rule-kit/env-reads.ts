/**
 * Which environment variables code reads, by literal name, and which of them the platform sets
 * (so no app has to declare them).
 */
import { Node, SyntaxKind, ts, type SourceFile } from 'ts-morph';
import { calleeMethod, envVariableName, findNodes, locate, nodesOfKinds, stringValue, unwrap } from './ast.js';

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
  const reads: EnvRead[] = [];
  const add = (name: string, node: Node) => {
    if (VARIABLE_NAME.test(name)) reads.push({ name, file, ...locate(node), absenceHandled: handlesAbsence(node) });
  };
  for (const node of findNodes(sourceFile, mayReadEnv)) {
    if (Node.isObjectBindingPattern(node)) {
      const declaration = node.getParent();
      if (!Node.isVariableDeclaration(declaration) || !isProcessEnv(declaration.getInitializer())) continue;
      for (const element of node.getElements()) add((element.getPropertyNameNode() ?? element.getNameNode()).getText(), element);
    } else {
      const name = envVariableName(node);
      if (name !== undefined) add(name, node);
    }
  }
  return reads;
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
  return name === 'env' || name === 'ENV';
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
/** Response helpers: a value only forwarded to the client is not something the server needs. */
const RESPONSE_METHODS = new Set(['json', 'send']);

/** Whether the read at `node` copes with the variable being unset (see `EnvRead.absenceHandled`). */
function handlesAbsence(node: Node): boolean {
  if (Node.isBindingElement(node)) return node.getInitializer() !== undefined;
  let current: Node = node;
  let parent = current.getParent();
  while (parent && (TRANSPARENT.has(parent.getKind()) || isConversionOf(parent, current))) {
    current = parent;
    parent = parent.getParent();
  }
  if (!parent) return false;
  if (Node.isBinaryExpression(parent)) {
    const operator = parent.getOperatorToken().getKind();
    return DEFAULTING.has(operator) || COMPARING.has(operator) || operator === SyntaxKind.AmpersandAmpersandToken;
  }
  if (Node.isPrefixUnaryExpression(parent)) return parent.getOperatorToken() === SyntaxKind.ExclamationToken;
  if (Node.isIfStatement(parent) || Node.isWhileStatement(parent)) return parent.getExpression() === current;
  if (Node.isConditionalExpression(parent)) return parent.getCondition() === current;
  if (Node.isCallExpression(parent)) return parent.getExpression().getText() === 'Boolean';
  if (Node.isVariableDeclaration(parent) && parent.getInitializer() === current) return checkedLater(parent);
  if (Node.isPropertyAssignment(parent)) return isForwardedInResponse(parent);
  return false;
}

function isConversionOf(parent: Node, argument: Node): boolean {
  return Node.isCallExpression(parent) && parent.getArguments()[0] === argument && CONVERSIONS.has(parent.getExpression().getText());
}

/** `const secret = process.env.X; if (!secret) ...`: a later use of the name tests or defaults it. */
function checkedLater(declaration: Node): boolean {
  if (!Node.isVariableDeclaration(declaration)) return false;
  const name = declaration.getNameNode();
  if (!Node.isIdentifier(name)) return false;
  const scope = declaration.getFirstAncestor((ancestor) => Node.isBlock(ancestor) || Node.isSourceFile(ancestor));
  if (!scope) return false;
  const text = name.getText();
  return findNodes(scope, (raw) => ts.isIdentifier(raw) && raw.text === text).some(
    (reference) => reference.getStart() > name.getEnd() && handlesAbsence(reference),
  );
}

function isForwardedInResponse(property: Node): boolean {
  const call = property.getParent()?.getParent();
  return call !== undefined && Node.isCallExpression(call) && RESPONSE_METHODS.has(calleeMethod(call) ?? '');
}

/**
 * Names of the app's own env getters: functions that read `process.env[param]`, or pass their first
 * parameter to another getter (`getOsEnv(key)`, `getOsPath(key) -> getOsEnv(key)`). Calls of them
 * with a literal name are reads like `process.env.X`. Found across files, to a fixed point.
 */
export function envHelperNames(sourceFiles: readonly SourceFile[]): Set<string> {
  const candidates = sourceFiles.flatMap((sourceFile) => functionsWithFirstParameter(sourceFile));
  const helpers = new Set<string>();
  for (let grew = true; grew; ) {
    grew = false;
    for (const { name, parameter, body } of candidates) {
      if (helpers.has(name) || !passesToEnv(body, parameter, helpers)) continue;
      helpers.add(name);
      grew = true;
    }
  }
  return helpers;
}

interface HelperCandidate {
  name: string;
  parameter: string;
  body: Node;
}

function functionsWithFirstParameter(sourceFile: SourceFile): HelperCandidate[] {
  if (!/env/i.test(sourceFile.getFullText())) return [];
  const found: HelperCandidate[] = [];
  for (const node of nodesOfKinds(sourceFile, [SyntaxKind.FunctionDeclaration])) {
    const parameter = node.getParameters()[0]?.getName();
    const body = node.getBody();
    const name = node.getName();
    if (name && parameter && body) found.push({ name, parameter, body });
  }
  for (const node of nodesOfKinds(sourceFile, [SyntaxKind.VariableDeclaration])) {
    const initializer = node.getInitializer();
    const fn = initializer && unwrap(initializer);
    if (!fn || !(Node.isArrowFunction(fn) || Node.isFunctionExpression(fn))) continue;
    const parameter = fn.getParameters()[0]?.getName();
    if (parameter) found.push({ name: node.getName(), parameter, body: fn.getBody() });
  }
  return found;
}

/** Whether `body` reads `process.env[parameter]` or hands `parameter` first to a known getter. */
function passesToEnv(body: Node, parameter: string, helpers: ReadonlySet<string>): boolean {
  return findNodes(body, (raw) => ts.isElementAccessExpression(raw) || ts.isCallExpression(raw)).some((node) => {
    if (Node.isElementAccessExpression(node)) {
      return isProcessEnv(node.getExpression()) && node.getArgumentExpression()?.getText() === parameter;
    }
    if (!Node.isCallExpression(node)) return false;
    const method = calleeMethod(node);
    return method !== undefined && helpers.has(method) && node.getArguments()[0]?.getText() === parameter;
  });
}

/** Calls of the app's env getters with a literal variable name: `getOsEnv('APP_NAME')`. */
export function helperReads(sourceFile: SourceFile, file: string, helpers: ReadonlySet<string>): EnvRead[] {
  if (helpers.size === 0) return [];
  const reads: EnvRead[] = [];
  for (const call of nodesOfKinds(sourceFile, [SyntaxKind.CallExpression])) {
    const method = calleeMethod(call);
    if (method === undefined || !helpers.has(method)) continue;
    const name = stringValue(call.getArguments()[0]);
    if (name !== undefined && VARIABLE_NAME.test(name)) reads.push({ name, file, ...locate(call), absenceHandled: handlesAbsence(call) });
  }
  return reads;
}
