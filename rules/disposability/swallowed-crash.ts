import { SyntaxKind, type CallExpression, type Node, type SourceFile } from 'ts-morph';
import {
  calleeName,
  defineRule,
  dottedName,
  findNodes,
  isPassiveCall,
  forEachRuntimeScript,
  functionOf,
  handlerEffects,
  locate,
  processListeners,
  rawCalleeMethod,
  stringValue,
} from '../../src/rule-kit/index.js';

type MessageId = 'swallowed';

const CRASH_EVENTS = new Set(['uncaughtException', 'unhandledRejection']);
const REMOVERS = new Set(['removeListener', 'off']);

export const swallowedCrash = defineRule<MessageId>({
  id: 'disposability/swallowed-crash',
  factor: 'disposability',
  defaultSeverity: 'warning',
  title: 'Crash handler keeps a broken process alive',
  description: "Finds process.on('uncaughtException' | 'unhandledRejection') handlers that only log: they neither exit nor rethrow, so a broken process keeps serving.",
  fix: 'Log, then exit with a non-zero code (after a short graceful shutdown) and let the process manager restart the process.',
  messages: {
    swallowed: "'{{event}}' handler neither exits nor rethrows: the process keeps running in an unknown state after a crash",
  },
  triggers: ['uncaughtException', 'unhandledRejection'],
  appliesTo: () => true,
  check(context) {
    forEachRuntimeScript(context, (sourceFile, file) => {
      const removed = removedHandlers(sourceFile);
      for (const listener of processListeners(sourceFile)) {
        if (listener.event === undefined || !CRASH_EVENTS.has(listener.event) || !swallows(listener.handler)) continue;
        // A listener removed again (`process.removeListener(event, listener)`) guards one operation, not the process.
        if (listener.handler && removed.has(`${listener.event}:${listener.handler.getText()}`)) continue;
        context.report({ messageId: 'swallowed', data: { event: listener.event }, file: file.path, ...locate(listener.call) });
      }
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
  return !effects.exits && !effects.releases && !effects.opaque;
}
