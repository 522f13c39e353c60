import { Node, SyntaxKind, type CallExpression, type SourceFile } from 'ts-morph';
import {
  cachedImportBindings,
  calleeName,
  defineRule,
  dottedName,
  findNodes,
  isPassiveCall,
  forEachRuntimeScriptFacts,
  functionOf,
  handlerEffects,
  isModule,
  scriptFacts,
  spanOf,
  processListeners,
  rawCalleeMethod,
  stringValue,
  type Span,
} from '../../src/rule-kit/index.js';

type MessageId = 'swallowed' | 'startupSwallowed' | 'respawn';

const CRASH_EVENTS = new Set(['uncaughtException', 'unhandledRejection']);
const REMOVERS = new Set(['removeListener', 'off']);
const TRIGGERS = ['uncaughtException', 'unhandledRejection', '.catch(', '.then(', 'child_process'];

/** What one file does about crashes: start-ups whose failure is only logged, self-respawns, crash handlers that only log. */
interface CrashHandling {
  startups: { call: string; span: Span }[];
  respawns: Span[];
  swallowed: { event: string; span: Span }[];
}

export const crashHandling = scriptFacts<CrashHandling>({
  name: 'disposability/swallowed-crash',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  extract(sourceFile, file) {
    const removed = removedHandlers(sourceFile);
    return {
      startups: swallowedStartups(sourceFile).map(({ start, handler }) => ({ call: startupName(start), span: spanOf(handler, file) })),
      respawns: childRespawns(sourceFile).map((relaunch) => spanOf(relaunch, file)),
      swallowed: processListeners(sourceFile).flatMap((listener) => {
        if (listener.event === undefined || !CRASH_EVENTS.has(listener.event) || !swallows(listener.handler)) return [];
        // A listener removed again (`process.removeListener(event, listener)`) guards one operation, not the process.
        if (listener.handler && removed.has(`${listener.event}:${listener.handler.getText()}`)) return [];
        return [{ event: listener.event, span: spanOf(listener.call, file) }];
      }),
    };
  },
});

export const swallowedCrash = defineRule<MessageId>({
  id: 'disposability/swallowed-crash',
  languages: ['javascript', 'typescript'],
  factor: 'disposability',
  defaultSeverity: 'warning',
  title: 'Crash handler keeps a broken process alive',
  description:
    "Finds process.on('uncaughtException' | 'unhandledRejection') handlers that only log, a failed start-up that is only logged, and launchers that respawn their own child process: each hides a crash from the process manager.",
  fix: 'Log, then exit with a non-zero code (after a short graceful shutdown) and let the process manager restart the process.',
  messages: {
    swallowed: "'{{event}}' handler neither exits nor rethrows: the process keeps running in an unknown state after a crash",
    startupSwallowed:
      "a failed start-up of '{{call}}' is only logged, never exits non-zero: the process lingers half-started or ends with success, so the process manager never sees the crash",
    respawn: "the child process is started again after every exit by the app itself: crashes are hidden from the process manager, which cannot count, back off or alert on them",
  },
  triggers: TRIGGERS,
  appliesTo: () => true,
  facts: [crashHandling],
  check(context) {
    const ownsProcess = context.app.kind === 'service' || context.app.kind === 'worker';
    forEachRuntimeScriptFacts(context, crashHandling, (facts, file) => {
      // A CLI's exit status is its user's business; a service or worker's is what the platform restarts on.
      if (ownsProcess) {
        for (const { call, span } of facts.startups) context.report({ messageId: 'startupSwallowed', data: { call }, file: file.path, ...span });
      }
      for (const span of facts.respawns) context.report({ messageId: 'respawn', file: file.path, ...span, severity: 'note' });
      for (const { event, span } of facts.swallowed) context.report({ messageId: 'swallowed', data: { event }, file: file.path, ...span });
    });
  },
});

/** `event:handler` of every `process.removeListener/off(event, handler)` of a file. */
function removedHandlers(sourceFile: SourceFile): Set<string> {
  const removed = new Set<string>();
  const calls = findNodes(sourceFile, (node) => node.kind === SyntaxKind.CallExpression && REMOVERS.has(rawCalleeMethod(node) ?? ''));
  for (const call of calls as CallExpression[]) {
    if (!/^process\.(?:removeListener|off)$/.test(calleeName(call) ?? '')) continue;
    const [event, handler] = call.getArguments();
    const name = stringValue(event);
    if (name !== undefined && handler) removed.add(`${name}:${handler.getText()}`);
  }
  return removed;
}

/**
 * Whether a handler certainly lets the process run on: it only logs or reports. A handler that
 * exits, throws, closes something, awaits, or calls anything out of sight is given the benefit of
 * the doubt.
 */
function swallows(handler: Node | undefined): boolean {
  if (!handler) return false;
  // `process.on('unhandledRejection', console.error)`: a bare logging function as the handler.
  const reference = dottedName(handler);
  if (reference?.includes('.') && isPassiveCall(reference)) return true;
  const fn = functionOf(handler);
  if (!fn) return false;
  const effects = handlerEffects(fn);
  if (effects.exits || effects.releases) return false;
  return !effects.opaque || onlyLogs(fn);
}

/**
 * A logging method of a receiver named for a logger (`loggerService.error`, `this.appLogger.warn`,
 * `requestLogger.fatal`): the app's own logging service, as passive as `console.error`.
 */
const LOGGER_CALL = /(?:^|\.)_?(?:[a-z]\w*Logger|logger[A-Z_]\w*)\.(?:error|warn|warning|info|log|debug|fatal|critical|trace)$/;

/** Whether every call of a handler only logs or computes, counting the app's own logger services, and it throws nothing. */
function onlyLogs(fn: Node): boolean {
  if (fn.getDescendantsOfKind(SyntaxKind.ThrowStatement).length > 0 || fn.getDescendantsOfKind(SyntaxKind.AwaitExpression).length > 0) return false;
  return fn.getDescendantsOfKind(SyntaxKind.CallExpression).every((call) => {
    const name = calleeName(call);
    return name !== undefined && (isPassiveCall(name) || LOGGER_CALL.test(name));
  });
}

/**
 * Top-level start-up chains whose rejection handler only logs: `bootstrap().catch((e) => log.error(e))`,
 * `main().then(ready, console.error)`. Returns the call the chain starts with and the handler.
 */
function swallowedStartups(sourceFile: SourceFile): { start: CallExpression; handler: Node }[] {
  const found: { start: CallExpression; handler: Node }[] = [];
  for (const statement of sourceFile.getStatements()) {
    if (!Node.isExpressionStatement(statement)) continue;
    let expression: Node = statement.getExpression();
    if (Node.isVoidExpression(expression)) expression = expression.getExpression();
    if (!Node.isCallExpression(expression)) continue;
    const callee = expression.getExpression();
    if (!Node.isPropertyAccessExpression(callee)) continue;
    const method = callee.getName();
    const args = expression.getArguments();
    const onRejected = method === 'catch' ? args[0] : method === 'then' ? args[1] : undefined;
    if (!onRejected || !swallows(onRejected)) continue;
    const start = chainStart(callee.getExpression());
    if (start) found.push({ start, handler: onRejected });
  }
  return found;
}

/** The first call of a promise chain (`bootstrap` of `bootstrap().then(a).catch(b)`), when it is a call. */
function chainStart(node: Node): CallExpression | undefined {
  let current = node;
  for (;;) {
    if (!Node.isCallExpression(current)) return undefined;
    const callee = current.getExpression();
    if (Node.isPropertyAccessExpression(callee) && /^(?:then|catch|finally)$/.test(callee.getName()) && Node.isCallExpression(callee.getExpression())) {
      current = callee.getExpression();
      continue;
    }
    return current;
  }
}

function startupName(call: CallExpression): string {
  return calleeName(call) ?? 'start-up';
}

const EXIT_EVENTS = new Set(['exit', 'close']);
const DEFERRERS = new Set(['setTimeout', 'setImmediate', 'process.nextTick']);

/**
 * In a file using child_process: `child.on('exit', () => launch())` (or `setTimeout(launch, ms)`) inside
 * `launch` itself, a supervisor loop that restarts the child whatever made it exit. Returns the relaunch calls.
 */
function childRespawns(sourceFile: SourceFile): CallExpression[] {
  const bindings = cachedImportBindings(sourceFile);
  if (![...bindings.values()].some((module) => isModule(module, 'child_process'))) return [];
  const found: CallExpression[] = [];
  const listeners = findNodes(sourceFile, (node) => node.kind === SyntaxKind.CallExpression && /^(?:on|once)$/.test(rawCalleeMethod(node) ?? '')) as CallExpression[];
  for (const listener of listeners) {
    const [event, handler] = listener.getArguments();
    if (!EXIT_EVENTS.has(stringValue(event) ?? '') || calleeName(listener)?.startsWith('process.')) continue;
    const launcher = enclosingFunctionName(listener);
    const body = functionOf(handler);
    if (!launcher || !body) continue;
    const relaunch = (findNodes(body, (node) => node.kind === SyntaxKind.CallExpression) as CallExpression[]).find((call) => {
      const name = calleeName(call);
      if (name === launcher) return true;
      return DEFERRERS.has(name ?? '') && call.getArguments()[0]?.getText() === launcher;
    });
    if (relaunch) found.push(relaunch);
  }
  return found;
}

/** The name of the function declaration, or of the variable holding the function, that encloses a node. */
function enclosingFunctionName(node: Node): string | undefined {
  const fn = node.getFirstAncestor((ancestor) => Node.isFunctionDeclaration(ancestor) || Node.isArrowFunction(ancestor) || Node.isFunctionExpression(ancestor));
  if (!fn) return undefined;
  if (Node.isFunctionDeclaration(fn)) return fn.getName();
  const holder = fn.getParent();
  return holder && Node.isVariableDeclaration(holder) ? holder.getName() : undefined;
}
