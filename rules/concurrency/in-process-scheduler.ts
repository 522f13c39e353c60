import { posix } from 'node:path';
import { Node, SyntaxKind, ts, type SourceFile } from 'ts-morph';
import type { FileExtractor, Span } from '../../src/rule-kit/index.js';
import { goPackages, importBindings, reachFrom, spanHolds, wrapped } from '../../src/rule-kit/index.js';
import {
  isRecord,
  cachedImportBindings,
  calleeName,
  defineRule,
  dottedName,
  findNodes,
  foldersAbove,
  importedModuleFacts,
  inFolder,
  imports,
  isModule,
  isRuntimeScript,
  isRuntimeSource,
  listenSiteFacts,
  productionCommands,
  pythonServerIn,
  pythonTargets,
  sourceListenSites,
  sourceScheduling,
  numberValue,
  parseJsonc,
  rawCalleeMethod,
  rawDottedRoot,
  rawText,
  someRawDescendant,
  spanOf,
  unwrap,
  calls,
  enclosingFunction,
  sourceFunctions,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'scheduledJob' | 'scheduledJobs' | 'startsJobs' | 'schedulerModule' | 'longInterval' | 'jobProcessing';
/** What a file's scheduling calls are, before they are gathered into findings. */
type SiteKind = 'scheduledJob' | 'schedulerModule' | 'longInterval' | 'jobProcessing';

/** A recurring job found in a file, before we know whether the web process loads that file. */
interface ScheduleSite {
  node: Node;
  messageId: SiteKind;
  data: Record<string, string>;
}

const TRIGGERS = ['cron', 'schedule', 'agenda', 'bree', 'setInterval', 'Cron', 'Interval'];
/** `apps/workers`, `@acme/worker`, `jobs`, `cron`, `scheduler`: an app named as its own process type for background work. */
function isWorkerAppName(name: string): boolean {
  const last = name.split('/').at(-1) ?? '';
  return /^(?:workers?|jobs|cron|crons|scheduler|clock|queue-?workers?|consumers?)$/i.test(last);
}

/** Names of a listener's callee: a file naming none binds no port, whatever its listen sites. */
const NAMES_LISTENER = /\b(?:listen|serve|Server|server|startStandaloneServer)\b/;

/** A function another module exports, as this file imports it: `import { startJobs } from './jobs'`. */
interface ImportedFunction {
  /** Its exported name (`default` for a default import). */
  imported: string;
  specifier: string;
}

/** What one file schedules, and whether it names a listener. */
interface SchedulingFacts {
  /**
   * Recurring jobs the file starts, in source order; looked for only in a file holding one of the
   * triggers. `within`: the exported top-level function that holds the call, whose caller starts them.
   */
  sites: { span: Span; messageId: SiteKind; data: Record<string, string>; within?: string }[];
  namesListener: boolean;
  /** Statements that call a function the file imports (`startJobs();`, `await initCron();`): where another module's jobs may be started. */
  importedCalls: (ImportedFunction & { span: Span })[];
}

export const scheduling: FileExtractor<SchedulingFacts> = {
  name: 'concurrency/in-process-scheduler',
  version: 5,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.SourceFile, SyntaxKind.ExpressionStatement],
    create(file) {
      let sites: SchedulingFacts['sites'] = [];
      let importedFunctions = new Map<string, ImportedFunction>();
      const importedCalls: SchedulingFacts['importedCalls'] = [];
      return {
        visit(node) {
          if (node.kind === SyntaxKind.SourceFile) {
            importedFunctions = namedImports(node as ts.SourceFile);
            if (!TRIGGERS.some((trigger) => file.text.includes(trigger))) return;
            sites = scheduleSites(wrapped<SourceFile>(node)).map(({ node: site, messageId, data }) => {
              const within = exportedFunctionHolding(site);
              return { span: spanOf(site, file), messageId, data, ...(within !== undefined && { within }) };
            });
            return;
          }
          if (importedFunctions.size === 0) return;
          const call = statementCall((node as ts.ExpressionStatement).expression);
          const callee = call?.expression.kind === SyntaxKind.Identifier ? (call.expression as ts.Identifier).text : undefined;
          const imported = callee === undefined ? undefined : importedFunctions.get(callee);
          if (call && imported) importedCalls.push({ ...imported, span: file.span(call.getStart(), call.getEnd()) });
        },
        result: () => ({ sites, namesListener: NAMES_LISTENER.test(file.text), importedCalls }),
      };
    },
  },
};

/** The functions a file's ES imports bind, by local name: `import a, { b as c } from 'm'` (type-only and namespace imports are never called as jobs). */
function namedImports(sourceFile: ts.SourceFile): Map<string, ImportedFunction> {
  const names = new Map<string, ImportedFunction>();
  for (const [local, { specifier, imported, typeOnly }] of importBindings(sourceFile)) if (!typeOnly && imported !== '*') names.set(local, { imported, specifier });
  return names;
}

/** The call a statement makes, through `await` and `void`: `startJobs();`, `await startJobs();`. */
function statementCall(expression: ts.Expression): ts.CallExpression | undefined {
  let inner = expression;
  while (inner.kind === SyntaxKind.AwaitExpression || inner.kind === SyntaxKind.VoidExpression) inner = (inner as ts.AwaitExpression).expression;
  return inner.kind === SyntaxKind.CallExpression ? (inner as ts.CallExpression) : undefined;
}

/**
 * The name a module exports the top-level function holding `node` under: `export function startJobs`,
 * `export const startJobs = () => {...}`, `export default function` ('default').
 */
function exportedFunctionHolding(node: Node): string | undefined {
  const statement = node.getParentWhile((parent) => !Node.isSourceFile(parent))?.compilerNode;
  const modifiers = statement && ts.canHaveModifiers(statement) ? (ts.getModifiers(statement) ?? []) : [];
  if (!modifiers.some((modifier) => modifier.kind === SyntaxKind.ExportKeyword)) return undefined;
  if (statement?.kind === SyntaxKind.FunctionDeclaration) {
    const declaration = statement as ts.FunctionDeclaration;
    return modifiers.some((modifier) => modifier.kind === SyntaxKind.DefaultKeyword) ? 'default' : declaration.name?.text;
  }
  if (statement?.kind !== SyntaxKind.VariableStatement) return undefined;
  const position = node.getStart();
  const declaration = (statement as ts.VariableStatement).declarationList.declarations.find(
    (candidate) => candidate.initializer !== undefined && candidate.initializer.pos <= position && position < candidate.initializer.end,
  );
  const initializer = declaration?.initializer;
  const isFunction = initializer?.kind === SyntaxKind.ArrowFunction || initializer?.kind === SyntaxKind.FunctionExpression;
  return isFunction && declaration?.name.kind === SyntaxKind.Identifier ? (declaration.name as ts.Identifier).text : undefined;
}

/** Calls of a scheduling module's own exports: `cron.schedule`, `schedule.scheduleJob`, `CronJob.from`. */
const MODULE_CALLS: readonly { module: string; method: RegExp; library: string }[] = [
  { module: 'node-cron', method: /^schedule$/, library: 'node-cron' },
  { module: 'cron', method: /^(?:from|job)$/, library: 'cron' },
  { module: 'node-schedule', method: /^scheduleJob$/, library: 'node-schedule' },
  { module: 'croner', method: /^Cron$/, library: 'croner' },
];
/** Constructors whose instances run jobs on a timer, and the instance methods that start them. */
const SCHEDULER_CLASSES: readonly { module: string; starts: RegExp; library: string }[] = [
  // Agenda's `start()` begins processing the jobs it stores (recurring ones included) in this process.
  { module: 'agenda', starts: /^(?:every|start)$/, library: 'agenda' },
  { module: '@hokify/agenda', starts: /^(?:every|start)$/, library: 'agenda' },
  { module: 'bree', starts: /^start$/, library: 'bree' },
  { module: 'toad-scheduler', starts: /^add(?:Simple)?(?:Interval|Cron|LongInterval)Job$/, library: 'toad-scheduler' },
];
/** `new CronJob(...)` itself schedules (with `start` true or a later `.start()`). */
const SELF_STARTING_CLASSES: readonly { module: string; name: RegExp; library: string }[] = [
  { module: 'cron', name: /(?:^|\.)CronJob$/, library: 'cron' },
  { module: 'croner', name: /(?:^|\.)Cron$/, library: 'croner' },
];
const NEST_SCHEDULE_DECORATORS = new Set(['Cron', 'Interval']);
/** Intervals shorter than this are heartbeats, metric flushes and polls, not scheduled jobs. */
const MIN_JOB_INTERVAL_MS = 60_000;
const SCRIPT_EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.jsx', '.mjs', '.cjs'];

/** `60 * 60 * 1000`, `5 * MINUTE`, `ONE_HOUR`: a number certainly known from the file alone. */
export function constantNumber(node: Node | undefined, depth = 0): number | undefined {
  if (!node || depth > 5) return undefined;
  const expression = unwrap(node);
  const known = numberValue(expression);
  if (known !== undefined) return known;
  if (Node.isIdentifier(expression)) {
    const declaration = expression.getSourceFile().getVariableDeclaration(expression.getText());
    const isConst = declaration?.getVariableStatement()?.getDeclarationKind() === 'const';
    return isConst ? constantNumber(declaration?.getInitializer(), depth + 1) : undefined;
  }
  if (!Node.isBinaryExpression(expression)) return undefined;
  const left = constantNumber(expression.getLeft(), depth + 1);
  const right = constantNumber(expression.getRight(), depth + 1);
  if (left === undefined || right === undefined) return undefined;
  switch (expression.getOperatorToken().getKind()) {
    case SyntaxKind.AsteriskToken:
      return left * right;
    case SyntaxKind.PlusToken:
      return left + right;
    default:
      return undefined;
  }
}

function formatInterval(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
  if (ms % 60_000 === 0) return `${ms / 60_000} min`;
  return `${ms} ms`;
}

/**
 * Whether an interval callback does asynchronous work (an async function, `await`, `.then(`, `.catch(`): the
 * mark of a job (sync a feed, send digests) rather than in-memory housekeeping (prune a Map).
 */
const PROMISE_HANDLERS = new Set(['then', 'catch', 'finally']);

function doesAsyncWork(callback: Node | undefined): boolean {
  if (!callback) return false;
  const fn = Node.isIdentifier(unwrap(callback)) ? namedFunction(unwrap(callback)) : unwrap(callback);
  if (!fn || (!Node.isArrowFunction(fn) && !Node.isFunctionExpression(fn) && !Node.isFunctionDeclaration(fn))) return false;
  if (fn.isAsync()) return true;
  const file = fn.getSourceFile().compilerNode;
  return someRawDescendant(
    fn.compilerNode,
    (node) =>
      node.kind === SyntaxKind.AwaitExpression ||
      (node.kind === SyntaxKind.PropertyAccessExpression && PROMISE_HANDLERS.has(rawText((node as ts.PropertyAccessExpression).name, file))),
  );
}

/** The function a callback identifier names in the same file: `function check() {}` or `const check = async () => {}`. */
function namedFunction(identifier: Node): Node | undefined {
  const name = identifier.getText();
  const sourceFile = identifier.getSourceFile();
  const file = sourceFile.compilerNode;
  // The first function or variable declaration of that name in source order (JSDoc holds neither).
  let found = false;
  const [declaration] = findNodes(sourceFile, (node) => {
    if (found || (node.kind !== SyntaxKind.FunctionDeclaration && node.kind !== SyntaxKind.VariableDeclaration)) return false;
    const nameNode = (node as ts.FunctionDeclaration | ts.VariableDeclaration).name;
    found = nameNode !== undefined && rawText(nameNode, file) === name;
    return found;
  });
  return Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : declaration;
}

/** `setInterval(...).unref()` or `timer.unref()`: a timer that must not keep the process alive is housekeeping. */
function isUnrefed(call: Node): boolean {
  const parent = call.getParent();
  if (Node.isPropertyAccessExpression(parent) && parent.getName() === 'unref') return true;
  const name = Node.isVariableDeclaration(parent) ? parent.getName() : undefined;
  return name !== undefined && new RegExp(`\\b${name}\\s*\\.\\s*unref\\s*\\(`).test(call.getSourceFile().getFullText());
}

/**
 * `setInterval`, and helpers named as variants of it that take the same (callback, delay):
 * `setIntervalAsync` of set-interval-async, a project's `setIntervalImmediately` that runs the job once first.
 */
const INTERVAL_CALL = /^setInterval(?:[A-Z]\w*)?$/;

function longIntervalSite(call: Node): ScheduleSite | undefined {
  if (!Node.isCallExpression(call) || !/^(?:(?:globalThis|global|window)\.)?setInterval(?:[A-Z]\w*)?$/.test(calleeName(call) ?? '')) return undefined;
  const [callback, delay] = call.getArguments();
  const ms = constantNumber(delay);
  if (ms === undefined || ms < MIN_JOB_INTERVAL_MS || isUnrefed(call) || !doesAsyncWork(callback)) return undefined;
  return { node: call, messageId: 'longInterval', data: { interval: formatInterval(ms) } };
}

/**
 * Whether a cron object is given a job to run: `new Cron(pattern)` alone computes next run dates and
 * `new Cron(pattern, () => {})` validates a pattern, neither schedules work.
 */
function runsJob(call: Node): boolean {
  if (!Node.isNewExpression(call) && !Node.isCallExpression(call)) return false;
  const callbacks = call.getArguments().slice(1).map((argument) => unwrap(argument));
  return callbacks.some((callback) => {
    if (Node.isArrowFunction(callback) || Node.isFunctionExpression(callback)) {
      const body = callback.getBody();
      return !Node.isBlock(body) || body.getStatements().length > 0;
    }
    return Node.isIdentifier(callback) || Node.isPropertyAccessExpression(callback) || Node.isObjectLiteralExpression(callback);
  });
}

/**
 * The dotted names (`agenda`, `this.scheduler`) that hold an instance of a scheduler class: assigned
 * a `new` one, or declared with the class as their type (`({ agenda }: { agenda: Agenda })`, a loader
 * handed the instance another module made).
 */
function schedulerInstances(sourceFile: SourceFile, bindings: Map<string, string>): Map<string, (typeof SCHEDULER_CLASSES)[number]> {
  const instances = new Map<string, (typeof SCHEDULER_CLASSES)[number]>();
  const roots = namesBoundTo(bindings, SCHEDULER_CLASSES);
  if (roots.size === 0) return instances;
  const mayBeScheduler = (node: ts.Node) =>
    (node.kind === SyntaxKind.NewExpression && roots.has(rawDottedRoot((node as ts.NewExpression).expression) ?? '')) ||
    (node.kind === SyntaxKind.TypeReference && roots.has(rawDottedRoot((node as ts.TypeReferenceNode).typeName as ts.Expression) ?? ''));
  for (const node of findNodes(sourceFile, mayBeScheduler)) {
    const className = Node.isNewExpression(node) ? calleeName(node) : Node.isTypeReference(node) ? node.getTypeName().getText() : undefined;
    const module = bindings.get((className ?? '').split('.')[0] ?? '');
    const scheduler = SCHEDULER_CLASSES.find((candidate) => module !== undefined && isModule(module, candidate.module));
    if (!scheduler) continue;
    const parent = node.getParent();
    const target = Node.isVariableDeclaration(parent) || Node.isParameterDeclaration(parent) || Node.isPropertySignature(parent)
      ? parent.getName()
      : Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.EqualsToken
        ? dottedName(parent.getLeft())
        : Node.isPropertyDeclaration(parent)
          ? `this.${parent.getName()}`
          : undefined;
    if (target) instances.set(target, scheduler);
  }
  return instances;
}

/** Local names bound to one of the `module`s of `candidates`. */
function namesBoundTo(bindings: Map<string, string>, candidates: readonly { module: string }[]): Set<string> {
  return new Set(
    [...bindings].filter(([, module]) => candidates.some((candidate) => isModule(module, candidate.module))).map(([name]) => name),
  );
}

const FASTIFY_JOB = /^add(?:Simple)?(?:Interval|Cron|LongInterval)Job$/;

/** Every recurring job a file starts, in source order. */
function scheduleSites(sourceFile: SourceFile): ScheduleSite[] {
  const bindings = cachedImportBindings(sourceFile);
  const instances = schedulerInstances(sourceFile, bindings);
  const fastifySchedule = [...bindings.values()].some((module) => isModule(module, '@fastify/schedule') || isModule(module, 'toad-scheduler'));
  const sites: ScheduleSite[] = [];
  const add = (node: Node, library: string): void => {
    sites.push({ node, messageId: 'scheduledJob', data: { library } });
  };

  // Wrapped are only decorators, `new` of a self-starting class's module, and calls that may schedule:
  // of a scheduling module, a start method of a scheduler instance, a @fastify/schedule job, setInterval.
  const classRoots = namesBoundTo(bindings, SELF_STARTING_CLASSES);
  const callRoots = namesBoundTo(bindings, MODULE_CALLS);
  const starts = [...instances.values()].map((instance) => instance.starts);
  const mayStartJob = (node: ts.Node): boolean => {
    if (node.kind === SyntaxKind.Decorator) return true;
    if (node.kind !== SyntaxKind.CallExpression && node.kind !== SyntaxKind.NewExpression) return false;
    const root = rawDottedRoot((node as ts.CallExpression | ts.NewExpression).expression) ?? '';
    if (node.kind === SyntaxKind.NewExpression) return classRoots.has(root);
    if (callRoots.has(root) || root === 'ScheduleModule') return true;
    const method = rawCalleeMethod(node) ?? '';
    return INTERVAL_CALL.test(method) || starts.some((start) => start.test(method)) || (fastifySchedule && FASTIFY_JOB.test(method));
  };
  for (const node of findNodes(sourceFile, mayStartJob)) {
    if (Node.isDecorator(node)) {
      const name = node.getName();
      if (NEST_SCHEDULE_DECORATORS.has(name) && isModule(bindings.get(name) ?? '', '@nestjs/schedule')) add(node, `@nestjs/schedule @${name}()`);
      continue;
    }
    if (!Node.isCallExpression(node) && !Node.isNewExpression(node)) continue;
    const name = calleeName(node) ?? '';
    const module = bindings.get(name.split('.')[0] ?? '');
    const method = name.slice(name.lastIndexOf('.') + 1);
    if (Node.isNewExpression(node)) {
      const cron = SELF_STARTING_CLASSES.find((candidate) => module !== undefined && isModule(module, candidate.module) && candidate.name.test(name));
      if (cron && runsJob(node)) add(node, cron.library);
      continue;
    }
    if (name === 'ScheduleModule.forRoot' && isModule(module ?? '', '@nestjs/schedule')) {
      sites.push({ node, messageId: 'schedulerModule', data: { library: '@nestjs/schedule' } });
      continue;
    }
    const moduleCall = MODULE_CALLS.find((candidate) => module !== undefined && isModule(module, candidate.module) && candidate.method.test(method));
    if (moduleCall && (moduleCall.module !== 'croner' || runsJob(node))) {
      add(node, moduleCall.library);
      continue;
    }
    const receiver = name.includes('.') ? name.slice(0, name.lastIndexOf('.')) : undefined;
    const instance = receiver === undefined ? undefined : instances.get(receiver);
    if (instance?.starts.test(method)) {
      // A job queue's processor started here runs the stored jobs in this process; its lock keeps that safe when scaled.
      if (instance.library === 'agenda' && method === 'start') sites.push({ node, messageId: 'jobProcessing', data: { library: instance.library } });
      else add(node, instance.library);
      continue;
    }
    if (fastifySchedule && receiver !== undefined && /(?:^|\.)scheduler$/.test(receiver) && FASTIFY_JOB.test(method)) {
      add(node, '@fastify/schedule');
      continue;
    }
    const interval = longIntervalSite(node);
    if (interval) sites.push(interval);
  }
  return sites;
}

/** A tsconfig `paths` entry: `@app/api/*` -> `apps/api/src/*`, targets repo-relative. */
interface PathAlias {
  prefix: string;
  wildcard: boolean;
  targets: string[];
}

/** The `paths` aliases (and `baseUrl`) of the tsconfig/jsconfig files in the app's folder and the folders above it. */
function pathAliases(context: RuleContext<MessageId>): { aliases: PathAlias[]; baseUrls: string[] } {
  const aliases: PathAlias[] = [];
  const baseUrls: string[] = [];
  for (const folder of [context.app.path, ...foldersAbove(context.app.path)]) {
    for (const name of ['tsconfig.json', 'tsconfig.base.json', 'jsconfig.json']) {
      const path = inFolder(folder, name);
      const text = context.text(path);
      const options = text === undefined ? undefined : parseJsonc(path, text)?.compilerOptions;
      if (!isRecord(options)) continue;
      const base = posix.join(folder, typeof options.baseUrl === 'string' ? options.baseUrl : '.');
      if (typeof options.baseUrl === 'string') baseUrls.push(base);
      for (const [pattern, targets] of Object.entries(isRecord(options.paths) ? options.paths : {})) {
        if (!Array.isArray(targets)) continue;
        aliases.push({
          prefix: pattern.replace(/\*$/, ''),
          wildcard: pattern.endsWith('*'),
          targets: targets.filter((target): target is string => typeof target === 'string').map((target) => posix.join(base, target)),
        });
      }
    }
  }
  return { aliases, baseUrls };
}


/** The repo-relative paths a specifier may name before extensions are tried. */
function importBases(from: string, specifier: string, appPath: string, config: ReturnType<typeof pathAliases>): string[] {
  if (specifier.startsWith('.')) return [posix.join(posix.dirname(from), specifier)];
  const bases: string[] = [];
  for (const alias of config.aliases) {
    const matches = alias.wildcard ? specifier.startsWith(alias.prefix) : specifier === alias.prefix;
    if (matches) bases.push(...alias.targets.map((target) => target.replace(/\*$/, '') + (alias.wildcard ? specifier.slice(alias.prefix.length) : '')));
  }
  bases.push(...config.baseUrls.map((base) => posix.join(base, specifier)));
  // `@/x` and `~/x` are the usual bundler aliases of `src/x` even where no tsconfig declares them.
  if (/^[@~]\//.test(specifier)) bases.push(posix.join(appPath, 'src', specifier.slice(2)));
  if (/^(?:src|app|lib|server)\//.test(specifier)) bases.push(posix.join(appPath, specifier));
  return bases;
}

/**
 * Resolves a module specifier of `from` to one of `paths`: relative specifiers, with the NodeNext
 * `.js`-for-`.ts` mapping, extension-less and folder-index forms, and tsconfig `paths`/`baseUrl`
 * aliases. Package names resolve to nothing.
 */
function resolveImport(from: string, specifier: string, appPath: string, paths: ReadonlySet<string>, config: ReturnType<typeof pathAliases>): string | undefined {
  for (const base of importBases(from, specifier, appPath, config)) {
    const stem = base.replace(/\.[cm]?[jt]sx?$/, '');
    const candidates = [base, ...SCRIPT_EXTENSIONS.map((extension) => stem + extension), ...SCRIPT_EXTENSIONS.map((extension) => `${base}/index${extension}`)];
    const found = candidates.find((candidate) => paths.has(candidate));
    if (found) return found;
  }
  return undefined;
}

/** Resolves a specifier of one of the app's runtime scripts to another of them. */
type Resolve = (from: string, specifier: string) => string | undefined;

function importResolver(context: RuleContext<MessageId>, scripts: readonly string[]): Resolve {
  const paths = new Set(scripts);
  const config = pathAliases(context);
  return (from, specifier) => resolveImport(from, specifier, context.app.path, paths, config);
}

/** Files each runtime script imports, within the app. */
function importGraph(context: RuleContext<MessageId>, scripts: readonly string[], resolve: Resolve): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const path of scripts) {
    const imports = context.facts(path, importedModuleFacts) ?? [];
    graph.set(path, imports.map((specifier) => resolve(path, specifier)).filter((target) => target !== undefined));
  }
  return graph;
}

/** A script that starts a server: it names a listener and has a listen site. */
function bindsPort(context: RuleContext<MessageId>, path: string): boolean {
  return context.facts(path, scheduling)?.namesListener === true && (context.facts(path, listenSiteFacts)?.length ?? 0) > 0;
}

/**
 * Files loaded by a process that also binds a port: every file reachable from an entry (a file no
 * other file imports, or a declared entry point) whose reach includes a file that listens.
 */
function webProcessFiles(context: RuleContext<MessageId>, scripts: readonly string[], resolve: Resolve): Set<string> {
  const graph = importGraph(context, scripts, resolve);
  const imported = new Set([...graph.values()].flat());
  const entries = scripts.filter((path) => !imported.has(path) || context.app.entryPoints.includes(path));
  const listening = new Set(scripts.filter((path) => bindsPort(context, path)));
  const inWebProcess = new Set<string>(nitroServerFiles(context, scripts));
  for (const entry of entries) {
    const reach = reachFrom([entry], graph);
    if ([...reach].some((path) => listening.has(path))) for (const path of reach) inWebProcess.add(path);
  }
  return inWebProcess;
}

/**
 * Nuxt and Nitro build every file under the app's `server/` folder (api, routes, middleware, plugins,
 * auto-imported utils) into the server they start, with no import or listen call of the app's own
 * leading there: those files are the web process.
 */
function nitroServerFiles(context: RuleContext<MessageId>, scripts: readonly string[]): string[] {
  if (!context.app.dependencies.some((name) => name === 'nuxt' || name === 'nitropack' || name === 'nitro')) return [];
  const server = context.app.path === '.' ? 'server/' : `${context.app.path}/server/`;
  return scripts.filter((path) => path.startsWith(server));
}

/** A Python or Go scheduler start to report. */
interface SourceSite {
  file: string;
  span: Span;
  library: string;
}

const PYTHON_WEB_ENTRIES = /(?:^|\/)(?:app|application|main|run|server|wsgi|asgi|manage|__main__)\.py$/;
const DJANGO_COMMAND = /(?:^|\/)management\/commands\//;

/** Each Python file's dotted module names (`app/extensions.py` -> `extensions`, `app.extensions`), to resolve imports by their tail. */
function pythonModuleIndex(paths: readonly string[]): Map<string, string[]> {
  const index = new Map<string, string[]>();
  for (const path of paths) {
    const parts = path.replace(/\.py$/, '').split('/');
    if (parts.at(-1) === '__init__') parts.pop();
    for (let start = parts.length - 1; start >= 0; start--) {
      const key = parts.slice(start).join('.');
      index.set(key, [...(index.get(key) ?? []), path]);
    }
  }
  return index;
}

/** The files a Python module name names, seen from `from`: relative (`.jobs`, `..`) or absolute by its tail. */
function pythonModuleFiles(from: string, module: string, index: ReadonlyMap<string, readonly string[]>, paths: ReadonlySet<string>): string[] {
  const dots = /^\.*/.exec(module)?.[0].length ?? 0;
  if (dots === 0) return [...(index.get(module) ?? [])];
  let base = posix.dirname(from);
  for (let level = 1; level < dots; level++) base = posix.dirname(base);
  const rest = module.slice(dots).split('.').filter(Boolean).join('/');
  const stem = rest === '' ? base : posix.join(base, rest);
  return [`${stem}.py`, `${stem}/__init__.py`].map((candidate) => posix.normalize(candidate)).filter((candidate) => paths.has(candidate));
}

/**
 * Python schedulers started by the web process: in a file that makes the web app (Flask, FastAPI, a
 * Django project's modules) or that it imports, or in an entry (`app.py`, `run.py`) that starts the
 * server and imports the app. A file a Procfile/compose process runs on its own (`python clock.py`),
 * a Django management command, or a start under `if __name__ == '__main__':` of a file that serves
 * nothing is its own process.
 */
function pythonSites(context: RuleContext<MessageId>): SourceSite[] {
  const files = context.files.filter((file) => file.language === 'python' && isRuntimeSource(file));
  const facts = new Map(files.map((file) => [file.path, context.facts(file.path, sourceScheduling)]));
  if (![...facts.values()].some((found) => (found?.sites.length ?? 0) + (found?.instances.length ?? 0) > 0)) return [];
  const paths = files.map((file) => file.path);
  const pathSet = new Set(paths);
  const index = pythonModuleIndex(paths);
  const graph = new Map<string, string[]>();
  let django = false;
  for (const path of paths) {
    const targets = new Set<string>();
    for (const { module, names } of context.facts(path, imports) ?? []) {
      if (/^django(?:\.|$)/.test(module)) django = true;
      for (const target of pythonModuleFiles(path, module, index, pathSet)) targets.add(target);
      for (const name of names) {
        const submodule = module.endsWith('.') ? `${module}${name}` : `${module}.${name}`;
        for (const target of pythonModuleFiles(path, submodule, index, pathSet)) targets.add(target);
      }
    }
    targets.delete(path);
    graph.set(path, [...targets]);
  }
  const inApp = (target: string) => posix.normalize(context.app.path === '.' ? target : `${context.app.path}/${target}`);
  const webTargets = new Set<string>();
  const ownProcesses = new Set<string>();
  for (const { command } of productionCommands(context)) {
    const line = command.words.join(' ');
    const targets = pythonTargets(line).map(inApp).filter((target) => pathSet.has(target));
    for (const target of targets) (pythonServerIn(line) !== undefined ? webTargets : ownProcesses).add(target);
  }
  const listens = (path: string) => (context.facts(path, sourceListenSites)?.length ?? 0) > 0;
  const roots = paths.filter((path) => facts.get(path)?.webApp === true || listens(path) || webTargets.has(path) || (django && !DJANGO_COMMAND.test(path)));
  const rootSet = new Set(roots);
  const imported = new Set([...graph.values()].flat());
  const webEntries = paths.filter(
    (path) => !imported.has(path) && (PYTHON_WEB_ENTRIES.test(path) || listens(path)) && [...reachFrom([path], graph)].some((reached) => rootSet.has(reached)),
  );
  const web = reachFrom([...roots, ...webEntries], graph);
  const servesWhenRun = (path: string) => listens(path) || webTargets.has(path) || facts.get(path)?.webApp === true;
  let commandOnly: ((path: string, span: Span) => boolean) | undefined;

  const found: SourceSite[] = [];
  for (const [path, scheduling] of facts) {
    if (!scheduling || !web.has(path) || DJANGO_COMMAND.test(path) || (ownProcesses.has(path) && !rootSet.has(path))) continue;
    const sites = [...scheduling.sites];
    for (const start of scheduling.starts) {
      if (start.imported === undefined) continue;
      const dot = start.imported.lastIndexOf('.');
      const module = start.imported.slice(0, dot);
      const name = start.imported.slice(dot + 1);
      const instance = pythonModuleFiles(path, module === '' ? '.' : module, index, pathSet)
        .flatMap((target) => facts.get(target)?.instances ?? [])
        .find((candidate) => candidate.name === name);
      if (instance) sites.push({ span: start.span, library: instance.library, mainOnly: start.mainOnly });
    }
    for (const site of sites) {
      if ((site.mainOnly && !servesWhenRun(path)) || (commandOnly ??= runByCommandsOnly(context, files))(path, site.span)) continue;
      found.push({ file: path, span: site.span, library: site.library });
    }
  }
  return found;
}

/** Decorators that make a function a command-line command: click/typer `@group.command("start")`, `@app.command()`, Flask's `@app.cli.command()`. */
const COMMAND_DECORATOR = /(?:^|\.)command$/;

/**
 * Python: whether a scheduler start sits in a function (or method) that only command-line commands
 * call: `scheduler.start()` run by `@scheduler_group.command("start")`, a loop of its own process
 * (`app scheduler start`), not the web process's. Callers are matched by name (`start()`,
 * `x.start()`), so any other call of that name elsewhere keeps the start reported, as does a function
 * nothing is seen to call.
 */
function runByCommandsOnly(context: RuleContext<MessageId>, files: readonly IndexedFile[]): (path: string, span: Span) => boolean {
  const functionsOf = new Map(files.map((file) => [file.path, context.facts(file.path, sourceFunctions) ?? []]));
  return (path, span) => {
    const around = enclosingFunction(functionsOf.get(path) ?? [], span);
    if (around === undefined) return false;
    let callers = 0;
    for (const file of files) {
      const functions = functionsOf.get(file.path) ?? [];
      for (const call of context.facts(file.path, calls) ?? []) {
        // A call of the name, or the function handed over as a value (`Thread(target=scheduler.start)`).
        const named = [call.callee ?? '', ...call.arguments.map((argument) => (argument.kind === 'identifier' ? (argument.name ?? '') : ''))];
        if (!named.some((name) => name === around.name || name.endsWith(`.${around.name}`))) continue;
        const caller = enclosingFunction(functions, call.span);
        if (file.path === path && caller === around) continue;
        const inCommand = functions.some((fn) => spanHolds(fn.span, call.span) && fn.decorators.some((decorator) => COMMAND_DECORATOR.test(decorator)));
        if (!inCommand) return false;
        callers++;
      }
    }
    return callers > 0;
  };
}

/**
 * Go schedulers started by a service: in a package that a `package main` binding a port imports (or is),
 * and that no other `package main` (a `cmd/scheduler`) imports.
 */
function goSites(context: RuleContext<MessageId>): SourceSite[] {
  const files = context.files.filter((file) => file.language === 'go' && isRuntimeSource(file));
  const facts = new Map(files.map((file) => [file.path, context.facts(file.path, sourceScheduling)]));
  if (![...facts.values()].some((found) => (found?.sites.length ?? 0) + (found?.instances.length ?? 0) > 0)) return [];
  const { imports: graph, mains } = goPackages(context);
  const listening = new Set<string>();
  const instances = new Map<string, { name: string; library: string }[]>();
  for (const file of files) {
    const folder = posix.dirname(file.path);
    if ((context.facts(file.path, sourceListenSites)?.length ?? 0) > 0) listening.add(folder);
    instances.set(folder, [...(instances.get(folder) ?? []), ...(facts.get(file.path)?.instances ?? [])]);
  }
  const webMains = [...mains].filter((main) => [...reachFrom([main], graph)].some((folder) => listening.has(folder)));
  const otherMains = [...mains].filter((main) => !webMains.includes(main));
  const web = reachFrom(webMains, graph);
  const elsewhere = reachFrom(otherMains, graph);

  const found: SourceSite[] = [];
  for (const [path, scheduling] of facts) {
    const folder = posix.dirname(path);
    if (!scheduling || !web.has(folder) || elsewhere.has(folder)) continue;
    const known = instances.get(folder) ?? [];
    const field = (name: string) => (name.includes('.') ? name.slice(name.lastIndexOf('.')) : undefined);
    const sites = [...scheduling.sites];
    for (const start of scheduling.starts) {
      const instance = known.find((candidate) => candidate.name === start.receiver) ?? known.find((candidate) => field(candidate.name) !== undefined && field(candidate.name) === field(start.receiver));
      if (instance) sites.push({ span: start.span, library: instance.library, mainOnly: false });
    }
    for (const site of sites) found.push({ file: path, span: site.span, library: site.library });
  }
  return found;
}

export const inProcessScheduler = defineRule<MessageId>({
  id: 'concurrency/in-process-scheduler',
  languages: ['javascript', 'typescript', 'python', 'go'],
  factor: 'concurrency',
  defaultSeverity: 'warning',
  title: 'Scheduled jobs run inside the web process',
  description:
    'Finds cron-like jobs (node-cron, cron, croner, node-schedule, agenda, bree, toad-scheduler, @nestjs/schedule, long async setInterval; Python APScheduler, Flask-APScheduler, schedule loops; Go robfig/cron, gocron) started by code the web process loads.',
  fix: 'Move scheduled jobs to their own entry point and declare it as a separate process type (clock/worker), or use the platform scheduler.',
  messages: {
    scheduledJob: '{{library}} schedules a recurring job inside the web process; run it as its own clock/worker process type',
    scheduledJobs: '{{library}} schedules {{count}} recurring jobs in this file (this is the first) inside the web process; run them as their own clock/worker process type',
    startsJobs: '{{callee}}() starts {{jobs}} of {{file}} ({{library}}) inside the web process; run them as their own clock/worker process type',
    schedulerModule: "ScheduleModule.forRoot() runs the app's @Cron()/@Interval() jobs inside the web process; run them as their own clock/worker process type",
    longInterval: 'setInterval every {{interval}} runs a recurring job inside the web process; run it as its own clock/worker process type',
    jobProcessing: '{{library}} starts processing its stored and recurring jobs inside the web process; run the job processor as its own worker process type',
  },
  triggers: TRIGGERS,
  appliesTo: (app) => {
    if (app.kind !== 'service') return 'only apps that serve HTTP can run jobs inside their web process';
    // `apps/workers` serving a health check is still the worker process type, where schedules belong.
    return isWorkerAppName(app.path) || isWorkerAppName(app.name) ? 'the app is named as its worker process type; a health or metrics port does not make it the web process' : true;
  },
  facts: [scheduling, listenSiteFacts, importedModuleFacts, sourceScheduling, sourceListenSites, imports, sourceFunctions, calls],
  check(context) {
    checkScripts(context);
    for (const site of [...pythonSites(context), ...goSites(context)]) {
      context.report({ messageId: 'scheduledJob', data: { library: site.library }, file: site.file, ...site.span });
    }
  },
});

/**
 * One finding per scheduler start, where the web process starts it, as a reviewer points at it: the
 * `ScheduleModule.forRoot()` that runs every `@Cron()` of a Nest app; the call that runs an exported
 * function full of jobs (`startJobs()` in the server); otherwise the first job of each library a file
 * (or one of its exported functions) schedules, standing for the rest.
 */
function checkScripts(context: RuleContext<MessageId>): void {
  const found = context
    .candidates(isRuntimeScript)
    .map((file) => ({ path: file.path, facts: context.facts(file.path, scheduling) }))
    .filter((entry) => (entry.facts?.sites.length ?? 0) > 0);
  if (found.length === 0) return;
  const scripts = context.files.filter(isRuntimeScript).map((file) => file.path);
  const resolve = importResolver(context, scripts);
  const web = webProcessFiles(context, scripts, resolve);
  const inWeb = found.filter((entry) => web.has(entry.path));
  const moduleStarted = inWeb.some((entry) => entry.facts?.sites.some((site) => site.messageId === 'schedulerModule'));
  let moduleReported = false;
  const callers = [...web].map((path) => ({ path, calls: context.facts(path, scheduling)?.importedCalls ?? [] }));
  for (const { path, facts } of inWeb) {
    const groups = new Map<string, NonNullable<typeof facts>['sites']>();
    for (const site of facts?.sites ?? []) {
      // With the module started, each `@Cron()` is one of the jobs it runs.
      if (moduleStarted && site.data.library?.startsWith('@nestjs/schedule @')) continue;
      const key = `${site.messageId}\0${site.data.library ?? ''}\0${site.within ?? ''}`;
      groups.set(key, [...(groups.get(key) ?? []), site]);
    }
    for (const group of groups.values()) {
      const [first] = group;
      if (!first) continue;
      const severity = first.messageId === 'longInterval' || first.messageId === 'jobProcessing' ? { severity: 'note' as const } : {};
      // One Nest app has one scheduler, however many modules import ScheduleModule.forRoot().
      if (first.messageId === 'schedulerModule' && moduleReported) continue;
      moduleReported ||= first.messageId === 'schedulerModule';
      // One call that starts the jobs stands for the others (`startJobs()` again after a setup step):
      // the server's own, else the first.
      const starts = first.messageId === 'scheduledJob' && first.within !== undefined ? startCalls(callers, path, first.within, resolve) : [];
      const start = starts.find((call) => bindsPort(context, call.file)) ?? starts[0];
      if (start) {
        const jobs = group.length === 1 ? 'a recurring job' : `${group.length} recurring jobs`;
        context.report({ messageId: 'startsJobs', data: { callee: first.within ?? '', jobs, library: first.data.library ?? '', file: path }, file: start.file, ...start.span });
        continue;
      }
      const messageId = first.messageId === 'scheduledJob' && group.length > 1 ? 'scheduledJobs' : first.messageId;
      context.report({ messageId, data: { ...first.data, count: String(group.length) }, file: path, ...first.span, ...severity });
    }
  }
}

/** The statements of web-process files that call `name`, exported by `path`, in file and line order. */
function startCalls(callers: readonly { path: string; calls: SchedulingFacts['importedCalls'] }[], path: string, name: string, resolve: Resolve): { file: string; span: Span }[] {
  return callers
    .flatMap((caller) => caller.calls.filter((call) => call.imported === name && resolve(caller.path, call.specifier) === path).map((call) => ({ file: caller.path, span: call.span })))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.span.line - b.span.line));
}
