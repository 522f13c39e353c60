import { Node, SyntaxKind, type CallExpression, type ObjectLiteralExpression, type SourceFile, type ts } from 'ts-morph';
import {
  cachedImportBindings,
  calleeName,
  constInitializer,
  defineRule,
  dependsOnAny,
  findNodes,
  forEachRuntimeScriptFacts,
  isModule,
  numberValue,
  objectLiteral,
  propertyValue,
  rawCalleeMethod,
  rawHasPropertyNamed,
  requiredModule,
  scriptFacts,
  spanOf,
  unwrap,
  unwrapRaw,
  type Span,
} from '../../src/rule-kit/index.js';

type MessageId = 'defaultMemoryStore' | 'explicitMemoryStore';

/** Session middlewares whose default store is the process's memory (koa-session and cookie-session keep state in the cookie). */
const MIDDLEWARES = ['express-session', 'koa-generic-session'];
const FASTIFY_PLUGINS = ['@fastify/session', 'fastify-session'];
const YAR = ['@hapi/yar', 'yar'];
/** In-memory stores by package: express-session's own MemoryStore and the `memorystore` package. */
const MEMORY_STORE_MODULES = ['express-session', 'memorystore', 'koa-generic-session'];
/** catbox engines that move yar's server-side sessions out of the process. */
const EXTERNAL_CATBOX = ['@hapi/catbox-redis', 'catbox-redis', '@hapi/catbox-memcached', 'catbox-memcached', 'catbox-mongodb', '@hapi/catbox-mongodb'];

const TRIGGERS = [...MIDDLEWARES, ...FASTIFY_PLUGINS, 'yar'];

/** A session library set up to keep sessions in this process's memory. */
interface MemorySession {
  library: string;
  /** The in-memory store it is given; absent when it is given none. */
  store?: string;
  span: Span;
}

interface FileScope {
  sourceFile: SourceFile;
  /** Where a node of the file is. */
  spanOf: (node: Node) => Span;
  bindings: Map<string, string>;
  found: MemorySession[];
}

export const memorySessions = scriptFacts<MemorySession[]>({
  name: 'processes/in-memory-session',
  version: 1,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  extract(sourceFile, file) {
    const scope: FileScope = { sourceFile, spanOf: (node) => spanOf(node, file), bindings: cachedImportBindings(sourceFile), found: [] };
    for (const node of findNodes(sourceFile, candidateFilter(scope))) {
      if (Node.isCallExpression(node)) {
        checkMiddlewareCall(node, scope);
        checkFastifyRegistration(node, scope);
      } else if (Node.isObjectLiteralExpression(node)) {
        checkYarRegistration(node, scope);
      }
    }
    return scope.found;
  },
});

export const inMemorySession = defineRule<MessageId>({
  id: 'processes/in-memory-session',
  languages: ['javascript', 'typescript'],
  factor: 'processes',
  defaultSeverity: 'warning',
  title: 'Sessions kept in process memory',
  description: 'Finds express-session, koa-generic-session, @fastify/session and yar set up without an external store, or with an explicit in-memory one.',
  fix: 'Give the session middleware an external store (connect-redis, connect-mongo, connect-pg-simple, ...) or keep the session in a signed cookie.',
  messages: {
    defaultMemoryStore: '{{library}} has no store, so sessions live in this process\'s memory: they vanish on restart and are not shared between processes',
    explicitMemoryStore: '{{library}} is given an in-memory store ({{store}}): sessions vanish on restart and are not shared between processes',
  },
  triggers: TRIGGERS,
  appliesTo: (app) => (app.kind === 'service' ? true : `only services keep user sessions (this app is a ${app.kind})`),
  facts: [memorySessions],
  check(context) {
    // yar keeps server-side sessions in its catbox cache: an external catbox engine moves them out of the process.
    const externalCache = dependsOnAny(context.app, EXTERNAL_CATBOX) !== undefined;
    forEachRuntimeScriptFacts(context, memorySessions, (sessions, file) => {
      for (const { library, store, span } of sessions) {
        if (YAR.includes(library) && externalCache) continue;
        context.report({ messageId: store ? 'explicitMemoryStore' : 'defaultMemoryStore', data: { library, ...(store && { store }) }, file: file.path, ...span });
      }
    });
  },
});

const PLUGIN = new Set(['plugin']);

/**
 * The raw nodes the checks may accept: calls of a name bound to a session middleware, `.register()`
 * calls, objects with a `plugin` property. Only these get wrapped.
 */
function candidateFilter(scope: FileScope): (node: ts.Node) => boolean {
  const middlewareNames = new Set([...scope.bindings].filter(([, module]) => MIDDLEWARES.some((middleware) => isModule(module, middleware))).map(([name]) => name));
  return (node) => {
    if (node.kind === SyntaxKind.ObjectLiteralExpression) return rawHasPropertyNamed(node, PLUGIN);
    if (node.kind !== SyntaxKind.CallExpression) return false;
    const callee = unwrapRaw((node as ts.CallExpression).expression);
    if (callee.kind === SyntaxKind.Identifier) return middlewareNames.has((callee as ts.Identifier).text);
    return rawCalleeMethod(node) === 'register';
  };
}

/** `session({ secret })` of express-session / koa-generic-session. */
function checkMiddlewareCall(call: CallExpression, scope: FileScope): void {
  const callee = unwrap(call.getExpression());
  if (!Node.isIdentifier(callee)) return;
  const library = MIDDLEWARES.find((module) => isModule(scope.bindings.get(callee.getText()) ?? '', module));
  if (library) checkStore(call, call.getArguments()[0], library, scope);
}

/** `fastify.register(fastifySession, { secret })`. */
function checkFastifyRegistration(call: CallExpression, scope: FileScope): void {
  if (!calleeName(call)?.endsWith('.register')) return;
  const [plugin, options] = call.getArguments();
  const library = FASTIFY_PLUGINS.find((module) => pluginModule(plugin, scope) === module);
  if (library) checkStore(call, options, library, scope);
}

/** `server.register({ plugin: yar, options: { maxCookieSize: 0 } })`: yar keeps sessions server-side in the default (memory) cache. */
function checkYarRegistration(object: ObjectLiteralExpression, scope: FileScope): void {
  const library = YAR.find((module) => pluginModule(propertyValue(object, 'plugin'), scope) === module);
  if (!library) return;
  const options = objectLiteral(propertyValue(object, 'options'));
  // yar keeps sessions in the cookie up to maxCookieSize (1 KiB by default); 0 means always server-side.
  if (!options || numberValue(propertyValue(options, 'maxCookieSize')) !== 0 || propertyValue(options, 'cache') !== undefined) return;
  scope.found.push({ library, span: scope.spanOf(object) });
}

function checkStore(call: CallExpression, optionsNode: Node | undefined, library: string, scope: FileScope): void {
  const report = (store?: string): void => {
    scope.found.push({ library, ...(store && { store }), span: scope.spanOf(call) });
  };
  if (optionsNode === undefined) return report();
  const options = objectLiteral(optionsNode);
  // Options built elsewhere, spread from elsewhere or completed later (`options.store = ...`) may well carry a store.
  if (!options || options.getProperties().some((property) => Node.isSpreadAssignment(property)) || storeAssignedLater(optionsNode, scope)) return;
  const store = propertyValue(options, 'store');
  if (store === undefined) return report();
  const memoryStore = inMemoryStoreName(store, scope);
  if (memoryStore) report(memoryStore);
}

/** `const options = {...}; if (prod) options.store = new RedisStore(...)`. */
function storeAssignedLater(optionsNode: Node, scope: FileScope): boolean {
  const expression = unwrap(optionsNode);
  if (!Node.isIdentifier(expression)) return false;
  const target = `${expression.getText()}.store`;
  return findNodes(scope.sourceFile, isStoreAssignment).some(
    (binary) => Node.isBinaryExpression(binary) && binary.getOperatorToken().getKind() === SyntaxKind.EqualsToken && unwrap(binary.getLeft()).getText() === target,
  );
}

/** A raw `x.store = ...`. */
function isStoreAssignment(node: ts.Node): boolean {
  if (node.kind !== SyntaxKind.BinaryExpression || (node as ts.BinaryExpression).operatorToken.kind !== SyntaxKind.EqualsToken) return false;
  const left = unwrapRaw((node as ts.BinaryExpression).left);
  return left.kind === SyntaxKind.PropertyAccessExpression && (left as ts.PropertyAccessExpression).name.text === 'store';
}

/** The name of the in-memory store class a `store:` value instantiates, if it is one. */
function inMemoryStoreName(store: Node, scope: FileScope): string | undefined {
  let expression = unwrap(store);
  if (Node.isIdentifier(expression)) expression = unwrap(constInitializer(expression) ?? expression);
  if (!Node.isNewExpression(expression)) return undefined;
  const name = calleeName(expression);
  if (!name || !/(?:^|\.)MemoryStore$/.test(name)) return undefined;
  const root = name.split('.')[0] ?? '';
  const module = scope.bindings.get(root) ?? storeFactoryModule(root, scope);
  return module !== undefined && MEMORY_STORE_MODULES.some((candidate) => isModule(module, candidate)) ? name : undefined;
}

/** `const MemoryStore = require('memorystore')(session)` -> 'memorystore'. */
function storeFactoryModule(name: string, scope: FileScope): string | undefined {
  const declaration = scope.sourceFile.getVariableDeclaration(name);
  const initializer = declaration?.getInitializer();
  if (!initializer) return undefined;
  const expression = unwrap(initializer);
  return Node.isCallExpression(expression) ? requiredModule(expression.getExpression()) : undefined;
}

/** The module a plugin argument is: an imported binding or an inline `require('m')`. */
function pluginModule(plugin: Node | undefined, scope: FileScope): string | undefined {
  if (!plugin) return undefined;
  const expression = unwrap(plugin);
  if (Node.isIdentifier(expression)) return scope.bindings.get(expression.getText());
  return requiredModule(expression);
}
