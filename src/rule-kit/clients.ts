/**
 * Helpers for rules about clients of backing services (databases, caches, queues, stores): which
 * module and export a call constructs, catalogue matching, the option objects it is given, and
 * Prisma datasource blocks. Syntactic only: nothing is resolved across files.
 */
import { Node, ts, type CallExpression, type NewExpression, type ObjectLiteralExpression, type SourceFile } from 'ts-morph';
import { wrapped } from '../facts/wrap-typescript.js';
import { calleeName, defaultOf, envVariableName, findNodes, isEnvFallback, objectLiteral, requiredModule, stringValue, unwrap } from './ast.js';
import { linesOf } from './text.js';
import type { AppFacts, RuleContext } from '../types.js';

/** What a local name is bound to: a module and the member path inside it (`[]` for the module itself). */
export interface ModuleBinding {
  module: string;
  path: readonly string[];
}

/**
 * Local names bound to modules or their members: `import pg from 'pg'` -> pg: pg[],
 * `import { Pool as P } from 'pg'` -> P: pg[Pool], `const { Pool } = require('pg')`,
 * `const sqlite3 = require('sqlite3').verbose()`, and aliases of those (`const { Pool } = pg`).
 */
export function moduleBindings(sourceFile: SourceFile): Map<string, ModuleBinding> {
  const bindings = new Map<string, ModuleBinding>();
  for (const declaration of sourceFile.getImportDeclarations()) {
    const module = declaration.getModuleSpecifierValue();
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport) bindings.set(defaultImport.getText(), { module, path: [] });
    const namespace = declaration.getNamespaceImport();
    if (namespace) bindings.set(namespace.getText(), { module, path: [] });
    for (const named of declaration.getNamedImports()) {
      const imported = named.getNameNode().getText();
      const path = imported === 'default' ? [] : [imported];
      bindings.set((named.getAliasNode() ?? named.getNameNode()).getText(), { module, path });
    }
  }
  // Declarations in source order, so an alias (`const { Pool } = pg`) sees the binding it aliases.
  for (const declaration of sourceFile.getVariableDeclarations()) {
    const target = bindingOf(declaration.getInitializer(), bindings);
    if (!target) continue;
    const nameNode = declaration.getNameNode();
    if (Node.isIdentifier(nameNode)) bindings.set(nameNode.getText(), target);
    if (Node.isObjectBindingPattern(nameNode)) {
      for (const element of nameNode.getElements()) {
        const property = element.getPropertyNameNode()?.getText() ?? element.getName();
        bindings.set(element.getName(), { module: target.module, path: [...target.path, property] });
      }
    }
  }
  return bindings;
}

/** Methods that return their module unchanged (`require('sqlite3').verbose()`). */
const IDENTITY_METHODS = new Set(['verbose']);

/** The module member an expression denotes: `require('m').a`, `await import('m')`, `pg.Pool`, `require('m').verbose()`. */
function bindingOf(node: Node | undefined, bindings: ReadonlyMap<string, ModuleBinding>): ModuleBinding | undefined {
  if (!node) return undefined;
  let expression = unwrap(node);
  if (Node.isAwaitExpression(expression)) expression = unwrap(expression.getExpression());
  const path: string[] = [];
  for (;;) {
    if (Node.isPropertyAccessExpression(expression)) {
      path.unshift(expression.getName());
      expression = unwrap(expression.getExpression());
    } else if (Node.isCallExpression(expression) && identityReceiver(expression)) {
      expression = unwrap(identityReceiver(expression)!);
    } else {
      break;
    }
  }
  const required = requiredModule(expression);
  if (required !== undefined) return { module: required, path };
  if (Node.isIdentifier(expression)) {
    const bound = bindings.get(expression.getText());
    return bound && { module: bound.module, path: [...bound.path, ...path] };
  }
  return undefined;
}

/** `x` of `x.verbose()`, when the call is one of IDENTITY_METHODS. */
function identityReceiver(call: CallExpression): Node | undefined {
  const callee = unwrap(call.getExpression());
  const isIdentity = Node.isPropertyAccessExpression(callee) && IDENTITY_METHODS.has(callee.getName()) && call.getArguments().length === 0;
  return isIdentity ? callee.getExpression() : undefined;
}

/** The module member a call or `new` invokes: `new pg.Pool()` -> pg[Pool], `require('knex')({})` -> knex[]. */
export function calledMember(
  call: CallExpression | NewExpression,
  bindings: ReadonlyMap<string, ModuleBinding>,
): ModuleBinding | undefined {
  return bindingOf(call.getExpression(), bindings);
}

/** One way a client is created: the modules that export it, the member path (`''` = the module itself), which arguments matter. */
export interface ClientShape<Argument extends string> {
  /** Display name of the client in messages. */
  client: string;
  /** Module specifiers; an entry ending in `*` matches any specifier with that prefix. */
  modules: readonly string[];
  /** Dotted member paths from the module: `'Pool'`, `'MongoClient.connect'`, `''` for the default export; `'*'` for any. */
  members: readonly string[];
  /** What each positional argument carries (missing = ignored). */
  args: readonly (Argument | undefined)[];
}

export interface ClientCall<Shape extends ClientShape<string>> {
  shape: Shape;
  call: CallExpression | NewExpression;
  module: string;
}

function matchesModule(specifier: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => (pattern.endsWith('*') ? specifier.startsWith(pattern.slice(0, -1)) : specifier === pattern));
}

/**
 * The identifier or `import` a callee expression starts from, through member accesses, calls,
 * `await` and parentheses or type assertions: `pg` of `new pg.native.Pool()`, `require` of `require('m').verbose()`.
 */
function rootOf(node: ts.Expression): ts.Node {
  let expression: ts.Node = node;
  while (
    ts.isPropertyAccessExpression(expression) ||
    ts.isCallExpression(expression) ||
    ts.isAwaitExpression(expression) ||
    ts.isParenthesizedExpression(expression) ||
    ts.isAsExpression(expression) ||
    ts.isSatisfiesExpression(expression) ||
    ts.isNonNullExpression(expression) ||
    ts.isTypeAssertionExpression(expression)
  ) {
    expression = expression.expression;
  }
  return expression;
}

/** The raw calls and `new`s `calledMember` may resolve: their callee starts from a bound name, `require` or `import`. */
export function mayCallModule(node: ts.Node, bindings: ReadonlyMap<string, ModuleBinding>): boolean {
  if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return false;
  const root = rootOf(node.expression);
  return root.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(root) && (root.text === 'require' || bindings.has(root.text)));
}

/**
 * Reads the client calls of one file node by node, for an extractor handed the calls and `new`s
 * of the engine's walk: the client of `catalogue` a node creates (first matching shape wins), or
 * undefined. Only calls that may resolve to a module member get wrapped.
 */
export function clientCallReader<Shape extends ClientShape<string>>(catalogue: readonly Shape[]): (node: ts.Node) => ClientCall<Shape> | undefined {
  // Read at the file's first call; null when nothing in the file can name a module.
  let bindings: Map<string, ModuleBinding> | null | undefined;
  return (node) => {
    if (!ts.isCallExpression(node) && !ts.isNewExpression(node)) return undefined;
    if (bindings === undefined) {
      const sourceFile = wrapped<SourceFile>(node.getSourceFile());
      const found = moduleBindings(sourceFile);
      bindings = found.size === 0 && !sourceFile.getText().includes('require(') ? null : found;
    }
    if (bindings === null || !mayCallModule(node, bindings)) return undefined;
    const call = wrapped<CallExpression | NewExpression>(node);
    const member = calledMember(call, bindings);
    if (!member) return undefined;
    const path = member.path.join('.');
    const shape = catalogue.find(
      (candidate) => matchesModule(member.module, candidate.modules) && (candidate.members.includes(path) || candidate.members.includes('*')),
    );
    return shape && { shape, call, module: member.module };
  };
}

/**
 * The options object a node stands for: an object literal, a same-file const, or what a Nest
 * `useFactory: () => ({ ... })` returns.
 */
export function optionsObject(node: Node | undefined): ObjectLiteralExpression | undefined {
  const object = objectLiteral(node) ?? objectLiteral(scopedConstInitializer(node && unwrap(node)));
  if (!object) return undefined;
  const factory = object.getProperty('useFactory');
  if (Node.isPropertyAssignment(factory)) return returnedObject(factory.getInitializer()) ?? object;
  return object;
}

/** The object literal an arrow function or function expression returns directly. */
function returnedObject(node: Node | undefined): ObjectLiteralExpression | undefined {
  if (!node) return undefined;
  const fn = unwrap(node);
  if (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn)) return undefined;
  const body = fn.getBody();
  if (!Node.isBlock(body)) return objectLiteral(body);
  const returned = body.getStatements().filter(Node.isReturnStatement).at(-1)?.getExpression();
  return objectLiteral(returned);
}

/** Folders whose scripts are served to browsers or kept as data (`public/`, `data/static/`), never run by the server. */
const STATIC_FOLDER = /(?:^|\/)(?:public|static|assets|www)\//;

/** Whether a script sits where a server keeps static files rather than its own code. */
export function isStaticAssetPath(path: string): boolean {
  return STATIC_FOLDER.test(path);
}

/** Property names that group settings per environment, whose non-production members are dev defaults. */
const NON_PRODUCTION_KEY = /^(?:dev|develop|development|local|test|testing|e2e|ci)$/i;

/** Whether a node sits inside `{ development: { ... } }`, `{ test: ... }` and the like (knexfile, ormconfig per env). */
export function isUnderNonProductionKey(node: Node): boolean {
  return node.getAncestors().some((ancestor) => {
    if (!Node.isPropertyAssignment(ancestor)) return false;
    return NON_PRODUCTION_KEY.test(ancestor.getName().replace(/^['"]|['"]$/g, ''));
  });
}

/** A `key = value` of a Prisma `datasource` block, with the 1-based position of its value. */
export interface PrismaSetting {
  /** The string literal's value, or undefined for a function call such as `env("DATABASE_URL")`. */
  value: string | undefined;
  /** The raw value text, e.g. `env("DATABASE_URL")` or `"postgresql://..."`. */
  raw: string;
  line: number;
  column: number;
}

export interface PrismaDatasource {
  name: string;
  settings: Map<string, PrismaSetting>;
}

/** A Prisma schema line without its `//` comment; `//` inside a string (a URL) stays. */
function withoutComment(line: string): string {
  let inString = false;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (char === '\\' && inString) index += 1;
    else if (char === '"') inString = !inString;
    else if (!inString && char === '/' && line[index + 1] === '/') return line.slice(0, index);
  }
  return line;
}

/** The `datasource <name> { ... }` blocks of a Prisma schema, comments stripped. */
export function prismaDatasources(text: string): PrismaDatasource[] {
  const datasources: PrismaDatasource[] = [];
  let current: PrismaDatasource | undefined;
  for (const { line, text: raw } of linesOf(text)) {
    const code = withoutComment(raw);
    const opening = /^\s*datasource\s+(\w+)\s*\{/.exec(code);
    if (opening) {
      current = { name: opening[1] ?? 'db', settings: new Map() };
      datasources.push(current);
      continue;
    }
    if (!current) continue;
    if (/^\s*\}/.test(code)) {
      current = undefined;
      continue;
    }
    const setting = /^(\s*)(\w+)\s*=\s*(.+?)\s*$/.exec(code);
    if (!setting) continue;
    const valueText = setting[3] ?? '';
    const literal = /^"((?:[^"\\]|\\.)*)"$/.exec(valueText);
    current.settings.set(setting[2] ?? '', {
      value: literal ? (literal[1] ?? '') : undefined,
      raw: valueText,
      line,
      column: code.indexOf(valueText, (setting[1] ?? '').length + (setting[2] ?? '').length) + 1,
    });
  }
  return datasources;
}

/**
 * A private workspace member (`"private": true` below the root): code the repository's own apps
 * run, such as a shared `packages/lib` that opens the search client. Not a published library, so
 * the connections it opens are the app's.
 */
export function isInternalPackage(app: AppFacts): boolean {
  return app.path !== '.' && app.packageJson?.private === true;
}

/**
 * The initializer of the `const` an identifier names in its own block or any block around it
 * (`const transport = { ... }` inside the function that uses it), declared before the use.
 */
export function scopedConstInitializer(identifier: Node | undefined): Node | undefined {
  if (!identifier || !Node.isIdentifier(identifier)) return undefined;
  const name = identifier.getText();
  for (const scope of identifier.getAncestors()) {
    if (!Node.isBlock(scope) && !Node.isSourceFile(scope) && !Node.isModuleBlock(scope)) continue;
    for (const statement of scope.getStatements()) {
      if (statement.getStart() > identifier.getStart()) break;
      if (!Node.isVariableStatement(statement) || statement.getDeclarationKind() !== 'const') continue;
      const declaration = statement.getDeclarations().find((candidate) => candidate.getName() === name);
      if (declaration) return declaration.getInitializer();
    }
  }
  return undefined;
}

/** Drivers of database servers, in any manifest or Dockerfile: evidence that deploys use a server, not a file. */
const SERVER_DRIVERS: readonly { pattern: RegExp; label: string }[] = [
  { pattern: /\b(?:psycopg2?(?:-binary)?|psycopg|asyncpg|pg8000|github\.com\/lib\/pq|jackc\/pgx|gorm\.io\/driver\/postgres)\b|"(?:pg|postgres)"\s*:/i, label: 'PostgreSQL' },
  { pattern: /\b(?:pymysql|mysqlclient|mysql-connector|aiomysql|go-sql-driver\/mysql|gorm\.io\/driver\/mysql)\b|"(?:mysql2?|mariadb)"\s*:/i, label: 'MySQL' },
  { pattern: /\bimage:\s*["']?(?:postgres|postgis\/postgis|bitnami\/postgresql)\b/i, label: 'PostgreSQL' },
  { pattern: /\bimage:\s*["']?(?:mysql|mariadb|bitnami\/mysql)\b/i, label: 'MySQL' },
];
const DRIVER_FILES = /(?:^|\/)(?:requirements[^/]*\.txt|Pipfile|pyproject\.toml|setup\.py|go\.mod|package\.json|(?:docker[-_]|podman[-_])?compose[^/]*\.ya?ml|Dockerfile[^/]*|Procfile)$/;

/**
 * The database server the deploys of an app use, from its manifests, Dockerfiles and compose files:
 * `{ label: 'PostgreSQL', file: 'requirements.txt' }`, or undefined when nothing names one.
 */
export function serverDatabaseEvidence(context: RuleContext<string>): { label: string; file: string } | undefined {
  for (const file of context.files) {
    if (file.role === 'test' || file.role === 'docs' || !DRIVER_FILES.test(file.path)) continue;
    const text = context.text(file.path) ?? '';
    const driver = SERVER_DRIVERS.find(({ pattern }) => pattern.test(text));
    if (driver) return { label: driver.label, file: file.path };
  }
  return undefined;
}

/**
 * Whether an app is a library its kind alone can be trusted on: apps without a package.json (Python,
 * Go) are called libraries only for lack of evidence, and private workspace members run inside the apps.
 */
export function isKnownLibrary(app: AppFacts): boolean {
  return app.kind === 'library' && app.manifest !== undefined && !isInternalPackage(app);
}

/**
 * Raw literals `defaultOf` may give a source: the right of `||` / `??`, the `else` of `?:`, a
 * destructuring default (parentheses and `as` around the literal skipped).
 */
function mayBeDefault(node: ts.Node): boolean {
  let child = node;
  let parent = node.parent;
  while (parent && (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent))) {
    child = parent;
    parent = parent.parent;
  }
  if (!parent) return false;
  if (ts.isBinaryExpression(parent)) {
    const operator = parent.operatorToken.kind;
    return parent.right === child && (operator === ts.SyntaxKind.BarBarToken || operator === ts.SyntaxKind.QuestionQuestionToken);
  }
  if (ts.isConditionalExpression(parent)) return parent.whenFalse === child;
  return ts.isBindingElement(parent) && parent.initializer === child;
}

/** The kinds of the literals `stringLiterals` lists: what an `envFallbackReader` is to be handed. */
export const LITERAL_KINDS = [ts.SyntaxKind.StringLiteral, ts.SyntaxKind.NoSubstitutionTemplateLiteral, ts.SyntaxKind.TemplateExpression] as const;

/**
 * Reads the literals of one file that are fallbacks of environment reads (`isEnvFallback`), for an
 * extractor handed the LITERAL_KINDS nodes of the engine's walk (in source order): the literal, or
 * undefined. The parts inside a template expression are not read on their own, as `stringLiterals`
 * lists them. Only literals in a default's place get wrapped.
 */
export function envFallbackReader(): (node: ts.Node) => Node | undefined {
  // The walk is in source order: a node starting before the end of the last template expression is inside it.
  let templateEnd = -1;
  return (node) => {
    if (node.pos < templateEnd) return undefined;
    if (ts.isTemplateExpression(node)) templateEnd = node.end;
    else if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node)) return undefined;
    if (!mayBeDefault(node)) return undefined;
    const literal = wrapped(node);
    return isEnvFallback(literal) ? literal : undefined;
  };
}

/** Config readers whose second argument is the default: Nest ConfigService, convict, node-config, env helpers. */
export const CONFIG_GETTER_CALLEE = /(?:^|\.)(?:get|getOrThrow|getOrDefault|getString|getValue|env|getEnv|readEnv|fromEnv)$/;

/**
 * The setting a literal stands in for while it is unset: `X` of `process.env.X || 'v'`, or of a config
 * reader's default argument, `configService.get('X', 'v')`.
 */
export function settingDefaultedBy(literal: Node): string | undefined {
  if (isEnvFallback(literal)) return envFallbackVariable(literal);
  const call = literal.getParent();
  if (!call || !Node.isCallExpression(call) || call.getArguments()[1] !== literal || !CONFIG_GETTER_CALLEE.test(calleeName(call) ?? '')) return undefined;
  return stringValue(call.getArguments()[0]);
}

/** The environment variable a fallback stands in for: `X` of `process.env.X || 'v'`. */
export function envFallbackVariable(literal: Node): string | undefined {
  const fallback = defaultOf(literal);
  const source = fallback?.source;
  if (!source) return undefined;
  // `const { REDIS_HOST = 'localhost' } = process.env`: the variable is the one destructured.
  const element = literal.getParentWhile((node) => Node.isParenthesizedExpression(node) || Node.isAsExpression(node))?.getParent() ?? literal.getParent();
  if (fallback.kind === 'destructuring' && Node.isBindingElement(element)) return (element.getPropertyNameNode() ?? element.getNameNode()).getText();
  const reads = findNodes(source, (raw) => ts.isPropertyAccessExpression(raw) || ts.isElementAccessExpression(raw) || ts.isCallExpression(raw) || ts.isIdentifier(raw));
  return [source, ...reads].map((node) => envVariableName(node)).find((name) => name !== undefined);
}
