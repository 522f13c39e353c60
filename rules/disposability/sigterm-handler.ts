import { posix } from 'node:path';
import { Node, SyntaxKind, type CallExpression, type NewExpression, type SourceFile, type ts } from 'ts-morph';
import {
  forEachRuntimeListenSites,
  goPackageEngines,
  QUEUE_CONSUMERS,
  boundModuleCandidates,
  cachedImportBindings,
  calleeName,
  defineRule,
  findNodes,
  forEachRuntimeScriptFacts,
  functionOf,
  handlerEffects,
  importedModuleFacts,
  isModule,
  listenSiteFacts,
  processListeners,
  productionCommands,
  rawCalleeMethod,
  rawDottedRoot,
  scriptFacts,
  someRawDescendant,
  spanOf,
  unwrapRaw,
  calls,
  forEachRuntimeSourceFacts,
  GO_GRACEFUL_PACKAGE,
  goPackages,
  imports,
  reachFrom,
  runByPythonServer,
  spanHolds,
  spanPrecedes,
  sourceListenSites,
  type Span,
  type ProcessListener,
  type SourceCall,
  type SourceListenSite,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'noHandler' | 'exitOnly' | 'sigintOnly' | 'trapAfterServe';

/** Packages that trap SIGTERM and drain the server for the app. */
const SHUTDOWN_LIBRARIES = [
  '@godaddy/terminus', 'http-terminator', 'stoppable', 'close-with-grace', 'lightship', 'fastify-graceful-shutdown',
  'http-graceful-shutdown', '@moebius/http-graceful-shutdown', 'node-graceful-shutdown', 'async-exit-hook', 'exit-hook',
  'death', 'node-cleanup', 'graceful-shutdown-manager', '@hapi/glue',
];
/** Imports whose name says they own the shutdown (a shared `@acme/graceful` package of the monorepo). */
const SHUTDOWN_MODULE = /graceful|shutdown|terminus|terminator|lightship|lifecycle|exit-hook/i;
/**
 * Servers started by a framework's own command, which traps SIGTERM itself: `next start`,
 * `nuxt start`, `remix-serve`, `react-router-serve`.
 */
const FRAMEWORK_START = /^(?:next start|nuxt start|nuxi start|remix-serve|react-router-serve)\b/;
/** Calls of a queue client that start consuming jobs. */
const CONSUME_METHODS = new Set(['process', 'consume', 'run', 'work', 'subscribe', 'start', 'create']);
const WORKER_CLASSES = /(?:^|\.)(?:Worker|MultiWorker|Consumer)$/;
const WORKER_CLASS_NAMES = new Set(['Worker', 'MultiWorker', 'Consumer']);
const TRIGGERS = [
  'listen', 'serve', 'Server', 'SIGTERM', 'SIGINT', 'enableShutdownHooks', 'Worker', 'Consumer', '.process(', '.consume(', '.run(', '.work(', '.subscribe(', '.start(',
  // A file wiring a shutdown library up may name nothing else the rule looks for (`module.exports = (server) => stoppable(server)`).
  ...SHUTDOWN_LIBRARIES,
];

interface Anchor {
  span: Span;
  file: string;
  activity: 'starts listening' | 'starts consuming jobs';
}

interface Shutdown {
  /** Something drains the process on SIGTERM: a handler that closes, a library, Nest's shutdown hooks. */
  graceful: boolean;
  exitOnly: { span: Span; file: string }[];
  sigint: { span: Span; file: string }[];
  listens: Anchor[];
  consumes: Anchor[];
}

/** What one file does about being stopped, and where it starts consuming jobs. */
interface SignalHandling {
  /** The file drains the process on SIGTERM: a handler that does more than exit, Nest's shutdown hooks. */
  drains: boolean;
  /** SIGTERM handlers that only exit. */
  exitOnly: Span[];
  /** SIGINT listeners. */
  sigint: Span[];
  /** The first call that starts consuming jobs from a queue client the file imports. */
  consume?: Span;
}

export const signalHandling = scriptFacts<SignalHandling>({
  name: 'disposability/sigterm-handler',
  version: 3,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  extract(sourceFile, file) {
    const listeners = processListeners(sourceFile);
    const sigterm = listeners.filter((listener) => listener.event === 'SIGTERM');
    const exitOnly = sigterm.filter(isExitOnly);
    const consume = consumeCall(sourceFile);
    return {
      drains:
        exitOnly.length < sigterm.length ||
        // `for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, close)`: a dynamic event with SIGTERM named nearby.
        (listeners.some((listener) => listener.event === undefined) && namesSigterm(sourceFile)) ||
        enablesShutdownHooks(sourceFile),
      exitOnly: exitOnly.map((listener) => spanOf(listener.handler ?? listener.call, file)),
      sigint: listeners.filter((listener) => listener.event === 'SIGINT').map((listener) => spanOf(listener.call, file)),
      ...(consume && { consume: spanOf(consume, file) }),
    };
  },
});

export const sigtermHandler = defineRule<MessageId>({
  id: 'disposability/sigterm-handler',
  factor: 'disposability',
  defaultSeverity: 'warning',
  title: 'No graceful SIGTERM handling',
  description: 'Finds services that bind a port and workers that consume jobs with no SIGTERM handler (or a library or framework hook) that drains them before exit.',
  fix: "Handle SIGTERM: stop accepting work, close the server and connections, then exit (process.on('SIGTERM', ...), app.enableShutdownHooks(), @godaddy/terminus).",
  messages: {
    noHandler: 'the app {{activity}} here but never handles SIGTERM: a deploy or scale-down kills in-flight {{work}} mid-way',
    exitOnly: 'SIGTERM handler exits at once without closing the server or finishing in-flight work',
    sigintOnly:
      'the app {{activity}} here but handles only SIGINT ({{where}}); platforms stop processes with SIGTERM, which still kills in-flight {{work}} mid-way',
    trapAfterServe:
      'the app {{activity}} here, and its SIGTERM handling (line {{trapLine}}) is set up only after this call returns, once serving is over: a deploy or scale-down kills in-flight {{work}} mid-way; register the signal before serving and stop the server from it',
  },
  triggers: TRIGGERS,
  languages: ['javascript', 'typescript', 'python', 'go'],
  appliesTo: (app) => {
    if (app.kind === 'service' || app.kind === 'worker') return true;
    return app.kind === 'cli' ? 'CLIs run to completion; no platform stops them with SIGTERM' : 'libraries do not own the process: the app that uses them handles its signals';
  },
  facts: [signalHandling, listenSiteFacts, importedModuleFacts, sourceListenSites, goPackageEngines, calls, imports],
  check(context) {
    if (startedByFramework(context)) return;
    checkSources(context);
    const shutdown: Shutdown = { graceful: false, exitOnly: [], sigint: [], listens: [], consumes: [] };
    forEachRuntimeScriptFacts(context, signalHandling, (facts, file) => {
      const imports = context.facts(file.path, importedModuleFacts) ?? [];
      if (facts.drains || imports.some(isShutdownModule)) shutdown.graceful = true;
      shutdown.exitOnly.push(...facts.exitOnly.map((span) => ({ span, file: file.path })));
      shutdown.sigint.push(...facts.sigint.map((span) => ({ span, file: file.path })));
      const [site] = context.facts(file.path, listenSiteFacts) ?? [];
      if (site) shutdown.listens.push({ span: site.span, file: file.path, activity: 'starts listening' });
      if (facts.consume && context.app.kind === 'worker') shutdown.consumes.push({ span: facts.consume, file: file.path, activity: 'starts consuming jobs' });
    });
    if (shutdown.graceful) return;
    const anchor = preferredAnchor(shutdown, context.app.entryPoints);
    // An app whose listening or consuming is out of sight (serverless handlers, a framework's own server) is not judged.
    if (!anchor) return;
    const [exitOnly] = shutdown.exitOnly;
    const [sigint] = shutdown.sigint;
    const work = anchor.activity === 'starts listening' ? 'requests' : 'jobs';
    if (exitOnly) {
      context.report({ messageId: 'exitOnly', file: exitOnly.file, ...exitOnly.span, severity: 'note' });
    } else if (sigint) {
      // SIGTERM goes unhandled as when nothing is trapped: reported where the server starts, as that absence is.
      const where = `${sigint.file}:${sigint.span.line}`;
      context.report({ messageId: 'sigintOnly', data: { activity: anchor.activity, work, where }, file: anchor.file, ...anchor.span });
    } else {
      context.report({ messageId: 'noHandler', data: { activity: anchor.activity, work }, file: anchor.file, ...anchor.span });
    }
  },
});

/**
 * A module that owns the shutdown: a known library, or an import named for it. Only an import counts:
 * a library declared in package.json and never required drains nothing.
 */
function isShutdownModule(specifier: string): boolean {
  return SHUTDOWN_MODULE.test(specifier) || SHUTDOWN_LIBRARIES.some((library) => isModule(specifier, library));
}

function startedByFramework(context: RuleContext<MessageId>): boolean {
  return productionCommands(context).some((entry) => FRAMEWORK_START.test(entry.command.words.join(' ')));
}

/** Nest's `app.enableShutdownHooks()`. */
function enablesShutdownHooks(sourceFile: SourceFile): boolean {
  const hooks = findNodes(sourceFile, (node) => node.kind === SyntaxKind.CallExpression && rawCalleeMethod(node) === 'enableShutdownHooks');
  return hooks.some((call) => calleeName(call)?.endsWith('.enableShutdownHooks'));
}

/** A SIGTERM handler that only logs and exits: nothing closed, nothing awaited, nothing out of sight called. */
function isExitOnly(listener: ProcessListener): boolean {
  if (listener.handler?.getText() === 'process.exit') return true;
  const handler = functionOf(listener.handler);
  if (!handler) return false;
  const effects = handlerEffects(handler);
  return effects.exits && !effects.releases && !effects.opaque;
}

function namesSigterm(sourceFile: SourceFile): boolean {
  return someRawDescendant(
    sourceFile.compilerNode,
    (node) =>
      (node.kind === SyntaxKind.StringLiteral || node.kind === SyntaxKind.NoSubstitutionTemplateLiteral) &&
      (node as ts.StringLiteral | ts.NoSubstitutionTemplateLiteral).text === 'SIGTERM',
  );
}

/** The first call that starts consuming jobs from a queue client this file imports. */
function consumeCall(sourceFile: SourceFile): CallExpression | NewExpression | undefined {
  // When the raw top-level imports name no queue client, neither do the bindings: importBindings (which wraps every top-level statement) is spared.
  const candidates = boundModuleCandidates(sourceFile.compilerNode);
  if (candidates !== undefined && !candidates.some(isQueueModule)) return undefined;
  const bindings = cachedImportBindings(sourceFile);
  if (![...bindings.values()].some(isQueueModule)) return undefined;
  // Wrapped are only `new` of a worker class rooted at a queue binding, and method calls named like consuming.
  const queueRoots = new Set([...bindings].filter(([, specifier]) => isQueueModule(specifier)).map(([name]) => name));
  const mayConsume = (node: ts.Node): boolean => {
    if (node.kind === SyntaxKind.NewExpression) {
      return WORKER_CLASS_NAMES.has(rawCalleeMethod(node) ?? '') && queueRoots.has(rawDottedRoot((node as ts.NewExpression).expression) ?? '');
    }
    if (node.kind !== SyntaxKind.CallExpression) return false;
    const callee = unwrapRaw((node as ts.CallExpression).expression);
    return callee.kind === SyntaxKind.PropertyAccessExpression && CONSUME_METHODS.has((callee as ts.PropertyAccessExpression).name.text);
  };
  return (findNodes(sourceFile, mayConsume) as (CallExpression | NewExpression)[]).find((node) => {
    const name = calleeName(node) ?? '';
    const method = name.slice(name.lastIndexOf('.') + 1);
    const fromQueueModule = isQueueModule(bindings.get(name.split('.')[0] ?? '') ?? '');
    return Node.isNewExpression(node) ? WORKER_CLASSES.test(name) && fromQueueModule : name.includes('.') && CONSUME_METHODS.has(method);
  });
}

function isQueueModule(specifier: string): boolean {
  return QUEUE_CONSUMERS.some((module) => isModule(specifier, module));
}

/** Where to report a missing handler: a listen call in an entry point first, then any listen call, then a consume call. */
function preferredAnchor(shutdown: Shutdown, entryPoints: readonly string[]): Anchor | undefined {
  const inEntryPoint = shutdown.listens.find((anchor) => entryPoints.includes(anchor.file));
  return inEntryPoint ?? shutdown.listens[0] ?? shutdown.consumes[0];
}

/** A Python or Go listen site of the app, and what its files do about SIGTERM. */
interface SourceShutdown {
  drains: boolean;
  /** Folders of the files that trap SIGTERM or drain their server. */
  draining: Set<string>;
  /** Calls that trap only SIGINT, in file order. */
  sigints: { span: Span; file: string }[];
  /** Go: SIGTERM traps a blocking serve call of the same function reaches only once serving is over, by that call. */
  lateTraps: Map<SourceListenSite, Span>;
  listens: { site: SourceListenSite; file: IndexedFile }[];
}

const SIGTERM = /(?:^|\.)SIGTERM$/;
const SIGINT = /(?:^|\.)(?:SIGINT|Interrupt)$/;

/**
 * Python and Go: a service whose server does not drain itself and whose code never traps SIGTERM
 * (Go `signal.Notify` / `signal.NotifyContext`, Python `signal.signal` or an event loop's
 * `add_signal_handler`), reported at its listen call, an entry point's first. A Python app that
 * gunicorn, uvicorn, the FastAPI CLI or a job consumer runs is stopped gracefully by that server.
 */
function checkSources(context: RuleContext<MessageId>): void {
  const pythonServed = runByPythonServer(context);
  const sitesOf = new Map<string, SourceListenSite[]>();
  forEachRuntimeListenSites(context, (sites, file) => sitesOf.set(file.path, sites));
  const byLanguage = new Map<string, SourceShutdown>();
  forEachRuntimeSourceFacts(context, calls, (found, file) => {
    const shutdown: SourceShutdown = byLanguage.get(file.language) ?? { drains: false, draining: new Set(), sigints: [], lateTraps: new Map(), listens: [] };
    byLanguage.set(file.language, shutdown);
    const sites = sitesOf.get(file.path) ?? [];
    let drains = false;
    for (const call of found) {
      const signals = signalsTrapped(call, file.language);
      const blocker = signals === 'SIGTERM' ? sites.find((site) => site.blockingIn && spanHolds(site.blockingIn, call.span) && spanPrecedes(site.span, call.span)) : undefined;
      if (blocker) shutdown.lateTraps.set(blocker, call.span);
      else if (signals === 'SIGTERM') drains = true;
      else if (signals === 'SIGINT') shutdown.sigints.push({ span: call.span, file: file.path });
    }
    const gracefulImport = (context.facts(file.path, imports) ?? []).some((entry) => file.language === 'go' && GO_GRACEFUL_PACKAGE.test(entry.module));
    if (drains || gracefulImport || sites.some((site) => site.drainsItself)) {
      shutdown.drains = true;
      shutdown.draining.add(posix.dirname(file.path));
    }
    if (!(file.language === 'python' && pythonServed)) shutdown.listens.push(...sites.map((site) => ({ site, file })));
  });
  for (const [language, shutdown] of byLanguage) {
    if (language === 'go' && shutdown.drains) judgeGoPrograms(context, shutdown);
    else if (!shutdown.drains) reportSourceListens(context, language, shutdown, shutdown.listens, shutdown.sigints[0]);
  }
}

function reportSourceListens(context: RuleContext<MessageId>, language: string, shutdown: SourceShutdown, listens: SourceShutdown['listens'], sigint: SourceShutdown['sigints'][number] | undefined): void {
  const preferred = listens.find(({ file }) => context.app.entryPoints.includes(file.path) || /(?:^|\/)main\.go$/.test(file.path)) ?? listens[0];
  if (!preferred) return;
  // A Go module's servers often sit one to a file (an HTTP and a gRPC runner, a main per cmd/ binary), each killed
  // mid-request: each file is reported. A Python app's several `app.run(...)` are launch shortcuts of one server.
  const anchors = language === 'go' ? firstPerFile([preferred, ...listens]) : [preferred];
  const data = { activity: 'starts listening', work: 'requests' };
  const sigintData = sigint && { ...data, where: `${sigint.file}:${sigint.span.line}` };
  for (const { file, site } of anchors) {
    const lateTrap = shutdown.lateTraps.get(site);
    if (lateTrap) context.report({ messageId: 'trapAfterServe', data: { ...data, trapLine: String(lateTrap.line) }, file: file.path, ...site.span });
    else context.report({ messageId: sigintData ? 'sigintOnly' : 'noHandler', data: sigintData ?? data, file: file.path, ...site.span });
  }
}

/**
 * Go builds one binary per `package main`, holding the packages it reaches: a trap in one program
 * (`cmd/worker`) does nothing for another (`cmd/web`). The listen sites that only programs reaching no
 * trap reach are reported. When some trap sits where no program is seen to reach (an import the graph
 * cannot resolve), the graph is not trusted and the module's traps count for all.
 */
function judgeGoPrograms(context: RuleContext<MessageId>, shutdown: SourceShutdown): void {
  const { imports: graph, mains } = goPackages(context);
  const reaches = [...mains].sort().map((main) => reachFrom([main], graph));
  if ([...shutdown.draining].some((folder) => !reaches.some((reach) => reach.has(folder)))) return;
  const trapping = (reach: Set<string>): boolean => [...reach].some((folder) => shutdown.draining.has(folder));
  const untrapped = reaches.filter((reach) => !trapping(reach));
  const listens = shutdown.listens.filter(({ file }) => {
    const folder = posix.dirname(file.path);
    const programs = reaches.filter((reach) => reach.has(folder));
    return programs.length > 0 && programs.every((reach) => untrapped.includes(reach));
  });
  const sigint = shutdown.sigints.find(({ file }) => untrapped.some((reach) => reach.has(posix.dirname(file))));
  reportSourceListens(context, 'go', shutdown, listens, sigint);
}

function firstPerFile(listens: SourceShutdown['listens']): SourceShutdown['listens'] {
  return listens.filter(({ file }, index) => listens.findIndex((other) => other.file === file) === index);
}

/** A stop signal as a Go argument names it: `syscall.SIGTERM`, `unix.SIGINT`, `os.Interrupt` (a wrapper of `signal.Notify`, `notify(c, os.Interrupt)`). */
const GO_STOP_SIGNAL = /^(?:(?:syscall|unix)\.SIG(?:TERM|INT)|os\.Interrupt)$/;

/**
 * A Go library's signal helper given the signals to watch: oklog/run's `run.SignalHandler(ctx,
 * os.Interrupt, syscall.SIGTERM)`, `graceful.Notify(..., syscall.SIGTERM)`. Named to handle or
 * watch; a call that sends a signal (`p.Signal(syscall.SIGTERM)`, `syscall.Kill`) is none.
 */
function isGoSignalHelper(call: SourceCall): boolean {
  const name = (call.qualified ?? call.callee ?? '').split('.').at(-1) ?? '';
  const namesSignal = call.arguments.some((arg) => arg.kind === 'identifier' && GO_STOP_SIGNAL.test(arg.name ?? ''));
  return namesSignal && /handl|notify|watch|trap|catch|graceful|shutdown/i.test(name);
}

/**
 * A Go library helper that builds the stop-signal handling itself, called without a list:
 * controller-runtime's `ctrl.SetupSignalHandler()`, sample-controller's `signals.SetupSignalHandler()`,
 * a kit's `signals.SignalContext(ctx)`. Such helpers exist to cancel on the platform's stop signals
 * (SIGTERM and the interrupt); their name says signal and what it gives (a context, a handler).
 */
const GO_SIGNAL_CONTEXT_HELPER = /^(?:Setup|New|With|On)?Signals?(?:Context|Ctx|Handler|Handling|Notify|Watcher)$/i;

function isGoSignalContextHelper(call: SourceCall): boolean {
  const name = (call.qualified ?? call.callee ?? '').split('.').at(-1) ?? '';
  return GO_SIGNAL_CONTEXT_HELPER.test(name) && !call.arguments.some((arg) => arg.kind === 'identifier' && /\.SIG[A-Z]+$|^os\.(?:Interrupt|Kill)$/.test(arg.name ?? ''));
}

/**
 * The signals a call traps, if it traps any: `SIGTERM` when SIGTERM is among them (or they are out
 * of sight: Go's `signal.Notify(c)` with no list traps every signal, a spread list may hold it),
 * `SIGINT` when only the interrupt is.
 */
function signalsTrapped(call: SourceCall, language: string): 'SIGTERM' | 'SIGINT' | undefined {
  const { qualified, arguments: args } = call;
  if (language === 'go' && isGoSignalContextHelper(call)) return 'SIGTERM';
  let named: SourceCall['arguments'];
  if (qualified === 'os/signal.Notify' || qualified === 'os/signal.NotifyContext') named = args.slice(1);
  else if (qualified === 'signal.signal' || qualified?.endsWith('.add_signal_handler')) named = args.slice(0, 1);
  else if (isGoSignalHelper(call)) named = args.filter((arg) => arg.kind === 'identifier' && /\.SIG[A-Z]+$|^os\.(?:Interrupt|Kill)$/.test(arg.name ?? ''));
  else return undefined;
  if (named.length === 0 || named.some((arg) => arg.kind !== 'identifier' || SIGTERM.test(arg.name ?? ''))) return 'SIGTERM';
  return named.some((arg) => SIGINT.test(arg.name ?? '')) ? 'SIGINT' : undefined;
}
