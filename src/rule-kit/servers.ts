/**
 * Where an app binds a port, found syntactically: `app.listen(...)` on a plausible server,
 * `Hapi.server({ port })`, `Bun.serve({ port })`, `serve({ fetch, port })` of @hono/node-server,
 * Apollo's `startStandaloneServer(server, { listen: { port } })`. The listen-sites facts are shared
 * by the port-binding, disposability, concurrency and admin-processes rules, which ask what is
 * bound, where, and whether the code binds at all.
 */
import {
  Node,
  SyntaxKind,
  ts,
  type CallExpression,
  type NewExpression,
  type ObjectLiteralExpression,
  type SourceFile,
  type VariableDeclaration,
} from 'ts-morph';
import type { FileExtractor, FileInput, Span } from '../facts/types.js';
import { wrapped } from '../facts/wrap-typescript.js';
import { calleeName, constInitializer, dottedName, findNodes, importBindings, isModule, objectLiteral, propertyValue, requiredModule, stringValue, unwrap } from './ast.js';
import { spanOf } from './script-facts.js';

interface ListenSite {
  /** The call that binds (`app.listen(...)`) or declares the listener (`Hapi.server({...})`, `new Hapi.Server({...})`). */
  call: CallExpression | NewExpression;
  /** The port expression, when one is passed. */
  port?: Node;
  /** The host expression, when one is passed. */
  host?: Node;
  /**
   * Whose listener it is, when it matters: Fastify (and Nest on its FastifyAdapter) binds
   * localhost when no host is given; everything else binds all interfaces.
   */
  server: 'fastify' | 'other';
  /** The call certainly passes no host (`listen({ port })`, `listen(PORT)`): the server's default applies. */
  hostOmitted: boolean;
}

/** Modules whose factories make something that listens on a port. */
const SERVER_MODULES = [
  'express', 'fastify', 'koa', 'restify', 'polka', 'connect', 'http', 'https', 'http2', 'net', 'spdy', '@nestjs/core',
  '@hapi/hapi', 'hapi', 'micro', '@feathersjs/express', '@feathersjs/koa', '@tinyhttp/app', 'hyper-express', 'ultimate-express',
  // `createExpressServer({ controllers })` / `createKoaServer(...)` return the framework's app.
  'routing-controllers',
];
/** Methods of those modules that make a server (`http.createServer`, `NestFactory.create`); bare calls count too. */
const FACTORY_METHODS = new Set(['createServer', 'createSecureServer', 'create', 'server', 'Server', 'default']);
/** Receivers whose name says they are the server when their origin is out of sight (`import app from './app'`). */
const SERVER_NAME = /^(?:app|application|server|api|httpServer|httpsServer|webServer|apiServer|fastify)$|^[a-z]\w*(?:App|Server)$/;

type Origin = 'server' | 'fastify' | 'other' | 'unknown';

/**
 * Last callee names a listen site can have: `listen` for `receiver.listen(...)`, and those of
 * `declaredListenerSite` (`Bun.serve`, `Hapi.server`, `new Hapi.Server`, `serve`, `startStandaloneServer`).
 */
const LISTENER_CALLEE_NAMES = new Set(['listen', 'serve', 'server', 'Server', 'startStandaloneServer']);

/** The raw counterpart of `unwrap`: strips parentheses, `as`, `satisfies`, `!` and `<T>` assertions. */
export function unwrapRaw(node: ts.Node): ts.Node {
  let current = node;
  while (
    current.kind === SyntaxKind.ParenthesizedExpression ||
    current.kind === SyntaxKind.AsExpression ||
    current.kind === SyntaxKind.SatisfiesExpression ||
    current.kind === SyntaxKind.NonNullExpression ||
    current.kind === SyntaxKind.TypeAssertionExpression
  ) {
    current = (current as ts.ParenthesizedExpression).expression;
  }
  return current;
}

/**
 * The last name of a raw callee (`listen` for `(app as any).listen`, `serve` for `serve`), or
 * undefined when it is neither an identifier nor a property access. It matches ts-morph's
 * `getText()` whenever that is a plain name, so filtering on it never drops a match.
 */
export function rawCalleeMethod(node: ts.Node): string | undefined {
  if (node.kind !== SyntaxKind.CallExpression && node.kind !== SyntaxKind.NewExpression) return undefined;
  const callee = unwrapRaw((node as ts.CallExpression | ts.NewExpression).expression);
  if (callee.kind === SyntaxKind.Identifier) return (callee as ts.Identifier).text;
  if (callee.kind === SyntaxKind.PropertyAccessExpression) return (callee as ts.PropertyAccessExpression).name.text;
  return undefined;
}

/**
 * The first name of a raw dotted expression (`winston` for `(winston.transports).File`), or
 * undefined when the chain holds anything but identifiers and property accesses. A superset
 * filter for `dottedName(...).split('.')[0]`, like `rawCalleeMethod`.
 */
export function rawDottedRoot(node: ts.Node): string | undefined {
  let current = unwrapRaw(node);
  while (current.kind === SyntaxKind.PropertyAccessExpression) current = unwrapRaw((current as ts.PropertyAccessExpression).expression);
  if (current.kind === SyntaxKind.Identifier) return (current as ts.Identifier).text;
  return current.kind === SyntaxKind.ThisKeyword ? 'this' : undefined;
}

/**
 * The dotted text of a raw expression (`this.knex.migrate.latest`), what `dottedName` gives for a
 * wrapped one; undefined when the chain holds anything but identifiers, `this` and property accesses.
 */
export function rawDottedName(node: ts.Node): string | undefined {
  const names: string[] = [];
  let current = unwrapRaw(node);
  while (current.kind === SyntaxKind.PropertyAccessExpression) {
    names.unshift((current as ts.PropertyAccessExpression).name.text);
    current = unwrapRaw((current as ts.PropertyAccessExpression).expression);
  }
  const root = rawDottedRoot(current);
  return root === undefined ? undefined : [root, ...names].join('.');
}

/**
 * Whether a raw object literal has a property, method or shorthand whose name is one of `names`
 * (quoted or not): a superset filter for `propertyValue(object, name)` finding something.
 */
export function rawHasPropertyNamed(node: ts.Node, names: ReadonlySet<string>): boolean {
  if (node.kind !== SyntaxKind.ObjectLiteralExpression) return false;
  return (node as ts.ObjectLiteralExpression).properties.some((property) => {
    const name = property.name;
    return name !== undefined && (name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.StringLiteral) && names.has(name.text);
  });
}

/**
 * Whether a raw descendant of `root` passes `test`, over the nodes ts-morph's `getDescendants()`
 * yields less tokens and syntax lists: children (`ts.forEachChild`) and JSDoc, which
 * `getDescendants()` includes and `findNodes` does not. Stops at the first match; wraps nothing.
 */
export function someRawDescendant(root: ts.Node, test: (node: ts.Node) => boolean): boolean {
  const visit = (node: ts.Node): boolean => test(node) || jsDocOf(node).some(visit) || ts.forEachChild(node, visit) === true;
  return jsDocOf(root).some(visit) || ts.forEachChild(root, visit) === true;
}

function jsDocOf(node: ts.Node): readonly ts.Node[] {
  return (node as { jsDoc?: readonly ts.Node[] }).jsDoc ?? [];
}

/**
 * What ts-morph's `getText()` returns for a raw node: an identifier's unescaped name (ts-morph
 * overrides `getText()` for identifiers), otherwise the source text without leading trivia.
 */
export function rawText(node: ts.Node, file: ts.SourceFile): string {
  if (node.kind === SyntaxKind.Identifier || node.kind === SyntaxKind.PrivateIdentifier) return (node as ts.Identifier | ts.PrivateIdentifier).text;
  return file.text.substring(node.getStart(file), node.end);
}

/**
 * Every module each JS/TS file imports or re-exports at its top level, requires or dynamically imports
 * (`requiredModule`): only `require(...)` and `import(...)` calls get wrapped, their argument may be a
 * same-file const.
 */
export const importedModuleFacts: FileExtractor<string[]> = {
  name: 'imported-modules',
  version: 1,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.ImportDeclaration, SyntaxKind.ExportDeclaration, SyntaxKind.CallExpression],
    create() {
      const modules = new Set<string>();
      return {
        visit(node) {
          if (node.kind === SyntaxKind.CallExpression) {
            if (!isRequireOrImport(node as ts.CallExpression)) return;
            const specifier = requiredModule(wrapped(node));
            if (specifier !== undefined) modules.add(specifier);
          } else if (node.parent.kind === SyntaxKind.SourceFile) {
            const specifier = (node as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
            if (specifier?.kind === SyntaxKind.StringLiteral) modules.add((specifier as ts.StringLiteral).text);
          }
        },
        result: () => [...modules],
      };
    },
  },
};

/** A call `requiredModule` may read: `require(...)` or `import(...)`. */
function isRequireOrImport(call: ts.CallExpression): boolean {
  const callee = call.expression;
  return callee.kind === SyntaxKind.ImportKeyword || (callee.kind === SyntaxKind.Identifier && (callee as ts.Identifier).text === 'require');
}

const bindingsCache = new WeakMap<ts.SourceFile, Map<string, string>>();

/**
 * `importBindings` of a file, computed once per file (a copy each time): most rules of the logs,
 * processes, concurrency, disposability and port-binding factors ask for it on the same files.
 */
export function cachedImportBindings(sourceFile: SourceFile): Map<string, string> {
  let bindings = bindingsCache.get(sourceFile.compilerNode);
  if (!bindings) {
    bindings = mayBindImports(sourceFile.compilerNode) ? importBindings(sourceFile) : new Map<string, string>();
    bindingsCache.set(sourceFile.compilerNode, bindings);
  }
  return new Map(bindings);
}

/**
 * Whether `importBindings` can find anything: a top-level import declaration, or a top-level variable
 * whose initializer may be what `requiredModule` accepts (`require(...)`, `import(...)`, awaited or
 * with property accesses). Raw and cheap; `importBindings` wraps every top-level statement.
 */
function mayBindImports(file: ts.SourceFile): boolean {
  const modules = boundModuleCandidates(file);
  return modules === undefined || modules.length > 0;
}

/**
 * The module specifiers `importBindings` may map names to, read raw from the top-level statements:
 * import declarations' specifiers and literal `require()`/`import()` arguments of top-level variables
 * (the shapes `requiredModule` accepts, as a superset). Undefined when such a call's argument is not a
 * plain string literal (`require(NAME)`), whose value only `importBindings` can tell.
 */
export function boundModuleCandidates(file: ts.SourceFile): string[] | undefined {
  const modules: string[] = [];
  for (const statement of file.statements) {
    if (statement.kind === SyntaxKind.ImportDeclaration) {
      const specifier = (statement as ts.ImportDeclaration).moduleSpecifier;
      if (specifier.kind !== SyntaxKind.StringLiteral) return undefined;
      modules.push((specifier as ts.StringLiteral).text);
      continue;
    }
    if (statement.kind !== SyntaxKind.VariableStatement) continue;
    for (const declaration of (statement as ts.VariableStatement).declarationList.declarations) {
      if (!declaration.initializer) continue;
      let expression = unwrapRaw(declaration.initializer);
      if (expression.kind === SyntaxKind.AwaitExpression) expression = unwrapRaw((expression as ts.AwaitExpression).expression);
      while (expression.kind === SyntaxKind.PropertyAccessExpression) expression = unwrapRaw((expression as ts.PropertyAccessExpression).expression);
      if (expression.kind !== SyntaxKind.CallExpression) continue;
      const call = expression as ts.CallExpression;
      const isRequire = call.expression.kind === SyntaxKind.Identifier && (call.expression as ts.Identifier).text === 'require';
      if (!isRequire && call.expression.kind !== SyntaxKind.ImportKeyword) continue;
      const [argument] = call.arguments;
      if (argument === undefined) continue;
      if (argument.kind !== SyntaxKind.StringLiteral && argument.kind !== SyntaxKind.NoSubstitutionTemplateLiteral) return undefined;
      modules.push((argument as ts.StringLiteral).text);
    }
  }
  return modules;
}

/**
 * Whether a file's text may spell one of the names `words` matches: it does, or it has a unicode
 * escape (`\u0066ile`), which ts-morph's identifier `getText()` returns unescaped. A file for which
 * this is false cannot have an identifier or property of those names.
 */
export function mayNameAny(text: string, words: RegExp): boolean {
  return words.test(text) || text.includes('\\u');
}

/** Every listen site's callee spells one of these (`mayNameAny`). */
const LISTENER_WORDS = /listen|serve|Server/;

/** The raw nodes that may be a listen site: calls and `new`s of a listener callee name. */
function mayBeListenSite(node: ts.Node): boolean {
  return LISTENER_CALLEE_NAMES.has(rawCalleeMethod(node) ?? '');
}

function listenSiteAt(node: Node, bindings: Map<string, string>): ListenSite | undefined {
  if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) return undefined;
  return (Node.isCallExpression(node) ? listenCallSite(node, bindings) : undefined) ?? declaredListenerSite(node, bindings);
}

/** A port binding as per-file facts: where it is, and the literals its port and host certainly come from. */
export interface ListenSiteFacts {
  /** The call that binds or declares the listener. */
  span: Span;
  server: ListenSite['server'];
  hostOmitted: boolean;
  /** The literal the port comes from (`sourceLiteral`), and the TCP port it names (none for a socket path). */
  portLiteral?: { span: Span; port?: number };
  /** The string literal the host comes from (`sourceLiteral`). */
  hostLiteral?: { span: Span; host: string };
}

/** Every port binding of each JS/TS file, in source order: read by the port-binding, disposability and concurrency rules. */
export const listenSiteFacts: FileExtractor<ListenSiteFacts[]> = {
  name: 'listen-sites',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.CallExpression, SyntaxKind.NewExpression],
    create(file) {
      const sites: ListenSiteFacts[] = [];
      const mayListen = mayNameAny(file.text, LISTENER_WORDS);
      let bindings: Map<string, string> | undefined;
      return {
        visit(node) {
          if (!mayListen || !mayBeListenSite(node)) return;
          const candidate = wrapped(node);
          const site = listenSiteAt(candidate, (bindings ??= cachedImportBindings(candidate.getSourceFile())));
          if (site) sites.push(listenSiteFactsOf(site, file));
        },
        result: () => sites,
      };
    },
  },
};

function listenSiteFactsOf(site: ListenSite, file: FileInput): ListenSiteFacts {
  const portLiteral = sourceLiteral(site.port);
  const hostLiteral = sourceLiteral(site.host);
  const host = stringValue(hostLiteral);
  const port = portNumber(portLiteral);
  return {
    span: spanOf(site.call, file),
    server: site.server,
    hostOmitted: site.hostOmitted,
    ...(portLiteral && { portLiteral: { span: spanOf(portLiteral, file), ...(port !== undefined && { port }) } }),
    ...(hostLiteral && host !== undefined && { hostLiteral: { span: spanOf(hostLiteral, file), host } }),
  };
}

/** `receiver.listen(port?, host?, ...)` or `receiver.listen({ port, host })` on a plausible server. */
function listenCallSite(call: CallExpression, bindings: Map<string, string>): ListenSite | undefined {
  const callee = unwrap(call.getExpression());
  if (!Node.isPropertyAccessExpression(callee) || callee.getName() !== 'listen') return undefined;
  const origin = originOf(callee.getExpression(), bindings);
  if (origin === 'other') return undefined;
  const name = receiverName(callee.getExpression());
  const namedLikeServer = name !== undefined && SERVER_NAME.test(name);
  const [first, second] = call.getArguments();
  // `create(app).listen(PORT, HOST)`: the app's own factory made it, and it listens on a port.
  const madeHere = Node.isCallExpression(unwrap(callee.getExpression())) && isPortArgument(first);
  if (origin === 'unknown' && !namedLikeServer && !madeHere) return undefined;

  const server = origin === 'fastify' || (origin === 'unknown' && name === 'fastify' && importsModule(bindings, 'fastify')) ? 'fastify' : 'other';
  const options = objectLiteral(first);
  if (options) {
    const hostOmitted = !options.getProperties().some((property) => Node.isSpreadAssignment(property)) && propertyValue(options, 'host') === undefined;
    return withAddress({ call, server, hostOmitted }, propertyValue(options, 'port'), propertyValue(options, 'host'));
  }
  if (first === undefined || isFunction(first)) {
    // `server.listen()` binds a random port: a binding only when we know it is a server.
    return origin === 'unknown' ? undefined : { call, server, hostOmitted: false };
  }
  const host = second && !isFunction(second) ? second : undefined;
  const hostOmitted = host === undefined && (sourceLiteral(first) !== undefined || /port/i.test(first.getText()));
  return withAddress({ call, server, hostOmitted }, first, host);
}

/** A port as the first argument of `listen`: named so (`PORT`, `config.port`, `httpPort`) or a literal port number. */
function isPortArgument(argument: Node | undefined): boolean {
  if (argument === undefined) return false;
  const literal = sourceLiteral(argument);
  if (literal && Node.isNumericLiteral(literal)) return literal.getLiteralValue() >= 80 && literal.getLiteralValue() <= 65535;
  return /(?:^|[^A-Za-z])port(?:Number)?\b|Port\b|PORT\b/.test(argument.getText());
}

/** Listeners configured by an options object: Hapi, Bun, @hono/node-server, Apollo standalone. */
function declaredListenerSite(call: CallExpression | NewExpression, bindings: Map<string, string>): ListenSite | undefined {
  const name = calleeName(call);
  if (!name) return undefined;
  const module = bindings.get(name.split('.')[0] ?? '') ?? '';
  const [first, second] = call.getArguments();
  let options: ObjectLiteralExpression | undefined;
  if (name === 'Bun.serve') options = objectLiteral(first);
  else if (/^(?:\w+\.)?(?:server|Server)$/.test(name) && (isModule(module, '@hapi/hapi') || isModule(module, 'hapi'))) options = objectLiteral(first);
  else if (isModule(module, '@hono/node-server') && /(?:^|\.)serve$/.test(name)) options = objectLiteral(first);
  else if (isModule(module, '@apollo/server') && /(?:^|\.)startStandaloneServer$/.test(name)) {
    const listen = objectLiteral(second);
    options = listen && objectLiteral(propertyValue(listen, 'listen'));
  }
  if (!options) return undefined;
  return withAddress({ call, server: 'other', hostOmitted: false }, propertyValue(options, 'port'), propertyValue(options, 'host') ?? propertyValue(options, 'hostname'));
}

function withAddress(site: ListenSite, port: Node | undefined, host: Node | undefined): ListenSite {
  return { ...site, ...(port && { port }), ...(host && { host }) };
}

/**
 * Where a receiver comes from: a server factory (`express()`, `http.createServer(app)`,
 * `await NestFactory.create(...)`, `new Koa()`), another package's object (`setupServer()` of
 * msw, vite's `createServer`), or somewhere out of sight (a parameter, an import).
 */
function originOf(receiver: Node, bindings: Map<string, string>, depth = 0): Origin {
  let expression = unwrap(receiver);
  if (Node.isAwaitExpression(expression)) expression = unwrap(expression.getExpression());
  if (Node.isIdentifier(expression) && depth < 3) {
    const initializer = variableInitializer(expression);
    return initializer ? originOf(initializer, bindings, depth + 1) : 'unknown';
  }
  if (!Node.isCallExpression(expression) && !Node.isNewExpression(expression)) return 'unknown';
  const callee = unwrap(expression.getExpression());
  const module = requiredModule(callee) ?? bindings.get(dottedName(callee)?.split('.')[0] ?? '');
  if (module === undefined || module.startsWith('.')) return 'unknown';
  const name = dottedName(callee);
  const method = name?.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : undefined;
  const isFactory = method === undefined || FACTORY_METHODS.has(method);
  if (!isFactory || !SERVER_MODULES.some((server) => isModule(module, server))) return 'other';
  if (isModule(module, 'fastify')) return 'fastify';
  if (isModule(module, '@nestjs/core') && usesFastifyAdapter(expression)) return 'fastify';
  return 'server';
}

/** `NestFactory.create(AppModule, new FastifyAdapter())`: Nest on Fastify keeps Fastify's localhost default. */
function usesFastifyAdapter(call: Node): boolean {
  if (!Node.isCallExpression(call)) return false;
  return call.getArguments().some((argument) => /\bFastifyAdapter\b/.test(argument.getText()));
}

/**
 * The initializer of the variable an identifier names, declared in the same file in a scope that
 * encloses it (`const server = await createServer()` inside a function included); the nearest
 * declaration before the use wins.
 */
export function variableInitializer(identifier: Node): Node | undefined {
  const name = identifier.getText();
  const position = identifier.getStart();
  let found: Node | undefined;
  let foundAt = -1;
  for (const node of variableDeclarationsNamed(identifier.getSourceFile(), name)) {
    const scope = node.getFirstAncestor((ancestor) => Node.isBlock(ancestor) || Node.isSourceFile(ancestor));
    const start = node.getStart();
    if (scope && scope.getStart() <= position && position <= scope.getEnd() && start < position && start > foundAt) {
      found = node.getInitializer();
      foundAt = start;
    }
  }
  return found;
}

const declarationsCache = new WeakMap<ts.SourceFile, Map<string, VariableDeclaration[]>>();

/** The file's variable declarations named `name`, in source order; the file is walked once, however many names are asked. */
function variableDeclarationsNamed(sourceFile: SourceFile, name: string): readonly VariableDeclaration[] {
  let byName = declarationsCache.get(sourceFile.compilerNode);
  if (!byName) {
    byName = new Map();
    for (const declaration of findNodes(sourceFile, (node) => node.kind === SyntaxKind.VariableDeclaration) as VariableDeclaration[]) {
      const key = declaration.getName();
      const list = byName.get(key);
      if (list) list.push(declaration);
      else byName.set(key, [declaration]);
    }
    declarationsCache.set(sourceFile.compilerNode, byName);
  }
  return byName.get(name) ?? [];
}

/** The last name of a receiver: `app` for `app`, `this.app` and `ctx.app`. */
function receiverName(receiver: Node): string | undefined {
  const name = dottedName(receiver);
  return name?.slice(name.lastIndexOf('.') + 1);
}

function importsModule(bindings: Map<string, string>, module: string): boolean {
  return [...bindings.values()].some((specifier) => isModule(specifier, module));
}

function isFunction(node: Node): boolean {
  const expression = unwrap(node);
  return Node.isArrowFunction(expression) || Node.isFunctionExpression(expression);
}

/**
 * The literal a value certainly comes from, followed through same-file consts, `Number(x)`,
 * `parseInt(x)`, `+x` and properties of same-file const objects; undefined when any part is
 * dynamic (an environment read, a fallback, a parameter, an import).
 */
export function sourceLiteral(node: Node | undefined, depth = 0): Node | undefined {
  if (!node || depth > 5) return undefined;
  const expression = unwrap(node);
  if (Node.isNumericLiteral(expression) || Node.isStringLiteral(expression) || Node.isNoSubstitutionTemplateLiteral(expression)) {
    return expression;
  }
  if (Node.isIdentifier(expression)) return sourceLiteral(constInitializer(expression), depth + 1);
  if (Node.isPrefixUnaryExpression(expression) && expression.getOperatorToken() === SyntaxKind.PlusToken) {
    return sourceLiteral(expression.getOperand(), depth + 1);
  }
  if (Node.isCallExpression(expression) && /^(?:Number|parseInt|Number\.parseInt|String)$/.test(calleeName(expression) ?? '')) {
    return sourceLiteral(expression.getArguments()[0], depth + 1);
  }
  if (Node.isPropertyAccessExpression(expression)) {
    const owner = objectLiteral(expression.getExpression());
    return owner ? sourceLiteral(propertyValue(owner, expression.getName()), depth + 1) : undefined;
  }
  return undefined;
}

/** The TCP port a literal names (`3000`, `'8080'`), or undefined for anything else (a socket path). */
export function portNumber(literal: Node | undefined): number | undefined {
  if (!literal) return undefined;
  const text = Node.isNumericLiteral(literal) ? String(literal.getLiteralValue()) : Node.isStringLiteral(literal) || Node.isNoSubstitutionTemplateLiteral(literal) ? literal.getLiteralValue() : '';
  if (!/^\d{1,5}$/.test(text)) return undefined;
  const port = Number(text);
  return port <= 65535 ? port : undefined;
}
