/**
 * `process.on(event, handler)` listeners and what their handlers do, for the rules that judge
 * how a process shuts down (SIGTERM) and what it does when it breaks (uncaughtException).
 */
import { Node, SyntaxKind, type CallExpression, type SourceFile, type ts } from 'ts-morph';
import { calleeName, findNodes, stringValue, unwrap } from './ast.js';
import { rawCalleeMethod, variableInitializer } from './servers.js';

export interface ProcessListener {
  call: CallExpression;
  /** The event name when it is a literal; undefined when dynamic (`process.on(signal, ...)`). */
  event?: string;
  handler?: Node;
}

const LISTENER_REGISTRATION = /^(?:globalThis\.|global\.)?process\.(?:on|once|addListener|prependListener|prependOnceListener)$/;
const LISTENER_METHODS = new Set(['on', 'once', 'addListener', 'prependListener', 'prependOnceListener']);

const listenersCache = new WeakMap<ts.SourceFile, ProcessListener[]>();

/** Every `process.on/once/addListener/prepend*Listener(...)` call of a file, in source order. */
export function processListeners(sourceFile: SourceFile): ProcessListener[] {
  let listeners = listenersCache.get(sourceFile.compilerNode);
  if (!listeners) {
    listeners = [];
    const calls = findNodes(sourceFile, (node) => node.kind === SyntaxKind.CallExpression && LISTENER_METHODS.has(rawCalleeMethod(node) ?? ''));
    for (const node of calls as CallExpression[]) {
      if (!LISTENER_REGISTRATION.test(calleeName(node) ?? '')) continue;
      const [eventNode, handler] = node.getArguments();
      const event = stringValue(eventNode);
      listeners.push({ call: node, ...(event !== undefined && { event }), ...(handler && { handler }) });
    }
    listenersCache.set(sourceFile.compilerNode, listeners);
  }
  return [...listeners];
}

export type FunctionLike = Node & { getBody(): Node | undefined };

/** The function a handler is: inline, or a same-file function declaration / variable in scope it names. */
export function functionOf(node: Node | undefined): FunctionLike | undefined {
  if (!node) return undefined;
  const expression = unwrap(node);
  if (Node.isArrowFunction(expression) || Node.isFunctionExpression(expression) || Node.isFunctionDeclaration(expression)) {
    return expression as FunctionLike;
  }
  if (!Node.isIdentifier(expression)) return undefined;
  const name = expression.getText();
  const declaration = expression.getSourceFile().getFunction(name);
  if (declaration?.getBody()) return declaration as FunctionLike;
  const initializer = variableInitializer(expression);
  return initializer && Node.isIdentifier(unwrap(initializer)) ? undefined : functionOf(initializer);
}

/** What a handler does, as far as the code in sight tells. */
export interface HandlerEffects {
  /** Ends the process: `process.exit/abort/kill`, `process.exitCode =`, or `throw`. */
  exits: boolean;
  /** Calls something whose name says it shuts down or releases (`server.close`, `shutdown()`, `db.disconnect`). */
  releases: boolean;
  /** Awaits something, or calls a function neither known as passive nor in sight. */
  opaque: boolean;
}

const EXITS = /^process\.(?:exit|abort|kill|reallyExit)$/;
const RELEASING_NAME = /shutdown|exit|close|terminate|stop|kill|abort|crash|die|destroy|quit|halt|disconnect|cleanup|clean[A-Z]|teardown|dispose|drain|flush|end$|^end|restart|release/i;
/** Receivers that only log or report, also namespaced (`WIKI.logger`, `this.log`, `req.log`): their calls never end the process. */
const REPORTER = /(?:^|\.)_?(?:console|logger|log|LOGGER|Logger|winston|pino|bunyan|signale|consola|Sentry|sentry|Bugsnag|bugsnag|Rollbar|rollbar|newrelic|Honeybadger|airbrake|appInsights|errorReporter|telemetry|Telemetry)$|^process\.(?:stdout|stderr)$/;
/** Error-reporting methods, whatever the client is called (`WIKI.telemetry.sendError(err)`, `apm.captureError(err)`). */
const REPORTING_METHOD = /^(?:captureException|captureMessage|captureError|notify|noticeError|sendError|reportError|trackException|trackError)$/;
/** Pure built-ins and formatting helpers seen in handlers (`JSON.stringify(err)`, `util.inspect(err)`). */
const PURE_CALL = /^(?:JSON\.\w+|String|Number|Boolean|Object\.\w+|Array\.\w+|Date\.now|util\.(?:inspect|format)|inspect|format|setTimeout|setImmediate|chalk\.\w+|new Date|Error|\w+\.(?:toString|toISOString|join|map|filter|slice|split|replace|trim|includes|indexOf|push|concat|padStart|padEnd|toUpperCase|toLowerCase|unref|forEach|bind))$/;
/** Names of functions that only log, imported or out of sight (`logError(err)`, `printFatal(err)`). */
const LOGGING_FUNCTION = /^(?:log|print|debug|warn|trace)(?:[A-Z_]\w*)?$/;

/** Effects of a function's body, following calls to same-file functions a few levels deep. */
export function handlerEffects(fn: FunctionLike, depth = 0): HandlerEffects {
  const effects: HandlerEffects = { exits: false, releases: false, opaque: false };
  const body = fn.getBody();
  if (!body) return effects;
  const visit = (node: Node): void => {
    if (Node.isThrowStatement(node) || Node.isAwaitExpression(node)) {
      if (Node.isThrowStatement(node)) effects.exits = true;
      else effects.opaque = true;
    } else if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
      if (unwrap(node.getLeft()).getText() === 'process.exitCode') effects.exits = true;
    } else if (Node.isCallExpression(node)) {
      mergeCallEffects(node, effects, depth);
    }
  };
  if (Node.isExpression(body) && !Node.isBlock(body)) visit(body);
  for (const node of findNodes(body, hasEffect)) visit(node);
  return effects;
}

/** The raw nodes `handlerEffects` looks at: throws, awaits, plain assignments and calls. */
function hasEffect(node: ts.Node): boolean {
  switch (node.kind) {
    case SyntaxKind.ThrowStatement:
    case SyntaxKind.AwaitExpression:
    case SyntaxKind.CallExpression:
      return true;
    case SyntaxKind.BinaryExpression:
      return (node as ts.BinaryExpression).operatorToken.kind === SyntaxKind.EqualsToken;
    default:
      return false;
  }
}

/** Whether calling `name` (dotted) only logs, reports or computes: `console.error`, `WIKI.logger.warn`, `Sentry.captureException`, `JSON.stringify`. */
export function isPassiveCall(name: string): boolean {
  const receiver = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
  const method = name.slice(name.lastIndexOf('.') + 1);
  return REPORTER.test(receiver) || PURE_CALL.test(name) || REPORTING_METHOD.test(method) || (receiver === '' && LOGGING_FUNCTION.test(method));
}

function mergeCallEffects(call: CallExpression, effects: HandlerEffects, depth: number): void {
  const name = calleeName(call);
  if (name === undefined) {
    effects.opaque = true;
    return;
  }
  const receiver = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : '';
  const method = name.slice(name.lastIndexOf('.') + 1);
  if (EXITS.test(name)) effects.exits = true;
  else if (isPassiveCall(name)) return;
  else if (RELEASING_NAME.test(method)) effects.releases = true;
  else {
    const callee = receiver === '' && depth < 3 ? functionOf(call.getExpression()) : undefined;
    if (!callee) {
      effects.opaque = true;
      return;
    }
    const inner = handlerEffects(callee, depth + 1);
    effects.exits ||= inner.exits;
    effects.releases ||= inner.releases;
    effects.opaque ||= inner.opaque;
  }
}
