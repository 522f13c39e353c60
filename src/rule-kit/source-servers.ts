/**
 * Where a Python or Go service binds its port, read from the syntax tree: `http.ListenAndServe(":8080", h)`,
 * `srv.ListenAndServe()` of an `http.Server{Addr: ...}`, gin's `r.Run(":8000")`, echo's `e.Start(...)`,
 * fiber's `app.Listen(...)`, `net.Listen("tcp", ...)`; Flask's `app.run(port=5000)`, `uvicorn.run(app, port=8000)`,
 * aiohttp's `web.run_app(app, port=8080)`, `waitress.serve(app, port=8080)`. The port-binding and
 * disposability rules ask what is bound, where, and whether the server drains itself on SIGTERM.
 */
import { posix } from 'node:path';
import type { FileExtractor, FileInput, Span, SyntaxExtraction, TreeNode } from '../facts/types.js';
import * as go from '../facts/syntax/go.js';
import * as python from '../facts/syntax/python.js';
import { unwrap } from '../facts/syntax/tree.js';
import { PYTHON_STDLIB } from '../knowledge/python-imports.js';
import { pythonServerIn, pythonWorkerIn } from '../repo/commands.js';
import type { IndexedFile, RuleContext } from '../types.js';
import { startupSequences } from './process-commands.js';
import { isRuntimeSource } from './source-text.js';

export { calls, type Call as SourceCall } from '../facts/calls/index.js';
export { imports, type Import as SourceImport } from '../facts/imports/index.js';

export interface SourceListenSite {
  /** The call that binds the port. */
  span: Span;
  /** What serves: `net/http`, `gin`, `echo`, `fiber`, `net`, `flask`, `uvicorn`, `aiohttp`, `waitress`, or a graceful package. */
  server: string;
  /** The port, when it is a literal here or in a name this file binds once to a literal. */
  port?: { span: Span; port: number };
  /** The host, when it is a literal (`'127.0.0.1'`, the host part of `"localhost:8080"`). */
  host?: { span: Span; host: string };
  /** The server traps SIGTERM and drains itself (uvicorn, aiohttp's run_app, endless and other graceful packages). */
  drainsItself: boolean;
  /**
   * Go: the port-named settings field the address is built from when no literal is
   * (`fmt.Sprintf(":%d", setting.Server.HttpPort)` -> `HttpPort`).
   */
  portField?: string;
  /**
   * Go: the function declaration whose own flow the call blocks until the server stops (not a
   * function literal, `go` or `defer` statement): code after it there runs only once serving is over.
   */
  blockingIn?: Span;
}

/** Go packages whose servers restart or stop gracefully on signals by themselves. */
export const GO_GRACEFUL_PACKAGE = /(?:^|\/)(?:endless|grace|graceful|manners|tableflip)(?:\/|$)|shutdown/i;
/** Constructors of Go web engines, by import path (any major version), their type, and the methods that bind their port. */
const GO_ENGINES: readonly { module: RegExp; factories: RegExp; type: string; name: string; methods: RegExp }[] = [
  { module: /^github\.com\/gin-gonic\/gin$/, factories: /^(?:Default|New)$/, type: 'Engine', name: 'gin', methods: /^(?:Run|RunTLS)$/ },
  { module: /^github\.com\/labstack\/echo(?:\/v\d+)?$/, factories: /^New$/, type: 'Echo', name: 'echo', methods: /^(?:Start|StartTLS)$/ },
  { module: /^github\.com\/gofiber\/fiber(?:\/v\d+)?$/, factories: /^New$/, type: 'App', name: 'fiber', methods: /^(?:Listen|ListenTLS)$/ },
];
/** The constructor of a gRPC server, whose `Serve(listener)` starts serving on a listener made by `net.Listen`. */
const GRPC_NEW_SERVER = 'google.golang.org/grpc.NewServer';
/** How many names a port may go through (`addr := port` ... `ListenAndServe(addr, h)`) before it is out of sight. */
const MAX_HOPS = 4;

/** Every value each name of a file was bound to before the node being visited, in source order. */
type Bindings = Map<string, TreeNode[]>;

function bind(bindings: Bindings, name: string, value: TreeNode): void {
  const values = bindings.get(name);
  if (values === undefined) bindings.set(name, [value]);
  else values.push(value);
}

/**
 * What an expression stands for, following names the file bound (`addr := ":9090"`) up to MAX_HOPS
 * times. A name bound more than once stands for its last value only when every value it took is a
 * literal: `addr := os.Getenv("ADDR"); if addr == "" { addr = ":9090" }` is an environment read with
 * a default, and stays the name (no literal) here.
 */
function boundValue(node: TreeNode, bindings: Bindings, isLiteral: (node: TreeNode) => boolean, hops = MAX_HOPS): TreeNode {
  const current = unwrap(node);
  const values = current.type === 'identifier' && hops > 0 ? bindings.get(current.text) : undefined;
  if (values === undefined) return current;
  const resolved = values.map((value) => boundValue(value, bindings, isLiteral, hops - 1));
  if (resolved.length > 1 && !resolved.every(isLiteral)) return current;
  return resolved[resolved.length - 1]!;
}
const ADDRESS = /^(.*):(\d{1,5})$/;

/** Every port binding of each Python and Go file, in source order. */
export const sourceListenSites: FileExtractor<SourceListenSite[]> = {
  name: 'source-listen-sites',
  version: 8,
  module: import.meta.url,
  go: goListenSites(),
  python: pythonListenSites(),
};

/** Calls `visit` with the facts `extractor` found in each Python and Go file of the app that runs as the process (no test, tooling or vendored code). */
export function forEachRuntimeSourceFacts<T>(context: RuleContext<string>, extractor: FileExtractor<T | undefined>, visit: (facts: T, file: IndexedFile) => void): void {
  for (const file of context.files) {
    if (!isRuntimeSource(file)) continue;
    const facts = context.facts(file.path, extractor);
    if (facts !== undefined) visit(facts, file);
  }
}

/**
 * A production command runs the Python app under a server or job consumer that handles SIGTERM and
 * binds what it is told (gunicorn, uvicorn, the FastAPI CLI, Celery, RQ): then an `app.run(...)` in
 * the code is the developer's shortcut, not the deployed process. `flask run` and `manage.py runserver`
 * start the development server, which does neither. The commands of a shell script a process starts
 * (a compose `command: sh docker-entrypoint.sh` that ends in `exec gunicorn ...`) count as its own.
 */
export function runByPythonServer(context: RuleContext<string>): boolean {
  return startupSequences(context).flat().some(({ command }) => {
    const line = command.words.join(' ');
    const server = pythonServerIn(line);
    return (server !== undefined && server !== 'flask' && server !== 'manage.py') || pythonWorkerIn(line) !== undefined;
  });
}

function literalPort(text: string | number): number | undefined {
  const port = typeof text === 'number' ? text : /^\d{1,5}$/.test(text) ? Number(text) : undefined;
  return port !== undefined && Number.isInteger(port) && port > 0 && port <= 65535 ? port : undefined;
}

/** `":8080"`, `"127.0.0.1:8080"`, or a name bound to one of them, as the port and host a Go server binds. */
function goAddress(file: FileInput, resolve: (node: TreeNode) => TreeNode, node: TreeNode | undefined): Pick<SourceListenSite, 'port' | 'host'> {
  if (node === undefined) return {};
  const value = resolve(node);
  const text = go.plainString(value);
  const match = text === null ? null : ADDRESS.exec(text);
  if (match === null) return {};
  const span = file.span(value.startIndex, value.endIndex);
  const port = literalPort(match[2] ?? '');
  const host = match[1] ?? '';
  return { ...(port !== undefined && { port: { span, port } }), ...(host !== '' && { host: { span, host } }) };
}

/**
 * `http.ListenAndServe("localhost:6060", nil)` in a file importing `net/http/pprof`: the profiler the
 * Go docs tell you to start, on the default mux and the loopback interface. Debug tooling, not the
 * app's server: its port and host are nobody's deploy config, and no request of a user is cut short.
 */
function servesProfiler(args: readonly TreeNode[], address: Pick<SourceListenSite, 'host'>): boolean {
  return args[1]?.text === 'nil' && /^(?:localhost|127\.0\.0\.1|\[::1\])$/.test(address.host?.host ?? '');
}

/** Go calls that keep a value's origin while building an address from it. */
const GO_ADDRESS_BUILDERS = new Set(['fmt.Sprintf', 'fmt.Sprint', 'strconv.Itoa', 'string']);

/**
 * The port-named field of a settings object an address is built from, through names, `+` and
 * `fmt.Sprintf`: `setting.ServerSetting.HttpPort`, `cfg.Server.Port`. Only a field: a bare name
 * (a parameter, a flag) says nothing of where its value comes from.
 */
function goPortField(node: TreeNode, resolve: (node: TreeNode) => TreeNode, scope: go.GoScope, depth = 0): string | undefined {
  const value = resolve(node);
  if (value.type === 'selector_expression') {
    const field = value.childForFieldName('field')?.text;
    return field !== undefined && /port/i.test(field) ? field : undefined;
  }
  if (depth >= MAX_HOPS) return undefined;
  let parts: TreeNode[] = [];
  if (value.type === 'binary_expression') parts = go.plusOperands(value) ?? [];
  else if (value.type === 'call_expression' && GO_ADDRESS_BUILDERS.has(scope.qualify(go.pathOf(value.childForFieldName('function') ?? value)) ?? '')) parts = go.argumentsOf(value);
  for (const part of parts) {
    const field = goPortField(part, resolve, scope, depth + 1);
    if (field !== undefined) return field;
  }
  return undefined;
}

/** The engine a call makes (`gin.Default()`, `echo.New()`), by its qualified callee. */
function engineMadeBy(value: TreeNode, scope: go.GoScope): (typeof GO_ENGINES)[number] | undefined {
  const call = go.unwrap(value);
  if (call.type !== 'call_expression') return undefined;
  const factory = scope.qualify(go.pathOf(call.childForFieldName('function') ?? call));
  if (factory === null) return undefined;
  const dot = factory.lastIndexOf('.');
  return GO_ENGINES.find((candidate) => candidate.module.test(factory.slice(0, dot)) && candidate.factories.test(factory.slice(dot + 1)));
}

/** Whether `method` of `engine` binds a port with these arguments: echo's Start and fiber's Listen always take the address; gin's Run without one reads $PORT, and still serves. */
function startsEngine(engine: (typeof GO_ENGINES)[number], method: string, argumentCount: number): boolean {
  return engine.methods.test(method) && (engine.name === 'gin' || argumentCount > 0);
}

/** The function declaration a Go call blocks in its own flow: none inside a function literal or a `go` or `defer` statement. */
function blockedFunction(call: TreeNode): TreeNode | undefined {
  for (let node = call.parent; node !== null; node = node.parent) {
    if (node.type === 'go_statement' || node.type === 'defer_statement' || node.type === 'func_literal') return undefined;
    if (node.type === 'function_declaration' || node.type === 'method_declaration') return node;
  }
  return undefined;
}

function goListenSites(): SyntaxExtraction<string, TreeNode, SourceListenSite[]> {
  return {
    kinds: [...go.SCOPE_KINDS, 'const_spec', 'call_expression'],
    create(file) {
      const scope = new go.GoScope(file.text);
      /** What each name of the file was bound to; names are few and reused rarely enough to ignore scopes. */
      const bound: Bindings = new Map();
      const engines = new Map<string, string>();
      const grpcServers = new Set<string>();
      const imported = new Set<string>();
      const found: SourceListenSite[] = [];
      /** The site each `net.Listen(...)` call made, by the call's start: a `Serve` on its listener takes it over. */
      const listeners = new Map<number, SourceListenSite>();

      const resolve = (node: TreeNode): TreeNode => boundValue(node, bound, (value) => go.literalValue(value) !== undefined);
      const address = (node: TreeNode | undefined) => goAddress(file, resolve, node);
      /** The `Addr` of `&http.Server{Addr: ...}` a name is bound to. */
      const serverAddress = (receiver: string): TreeNode | undefined => {
        const value = bound.get(receiver)?.at(-1);
        const literal = value && (value.type === 'unary_expression' ? value.childForFieldName('operand') : value);
        if (literal?.type !== 'composite_literal' || scope.qualify(go.pathOf(literal.childForFieldName('type') ?? literal)) !== 'net/http.Server') return undefined;
        for (const element of go.childrenOf(literal.childForFieldName('body') ?? literal)) {
          const [key, field] = go.childrenOf(element);
          if (element.type === 'keyed_element' && key?.text === 'Addr' && field) return go.childrenOf(field)[0] ?? field;
        }
        return undefined;
      };
      const add = (call: TreeNode, server: string, addressNode: TreeNode | undefined, drainsItself = false): SourceListenSite => {
        const given = address(addressNode);
        const portField = given.port === undefined && addressNode !== undefined ? goPortField(addressNode, resolve, scope) : undefined;
        const site: SourceListenSite = { span: file.span(call.startIndex, call.endIndex), server, ...given, drainsItself, ...(portField !== undefined && { portField }) };
        const blocked = blockedFunction(call);
        if (blocked) site.blockingIn = file.span(blocked.startIndex, blocked.endIndex);
        found.push(site);
        return site;
      };
      /**
       * `grpcServer.Serve(lis)`, `http.Serve(lis, h)`: serving starts here, on a listener whose address
       * `net.Listen` gave. The listener's site moves to this call; one out of sight makes a site of its own.
       */
      const serve = (call: TreeNode, server: string, listener: TreeNode | undefined) => {
        const value = listener && resolve(listener);
        const site = value && listeners.get(value.startIndex);
        if (site === undefined) {
          add(call, server, undefined);
          return;
        }
        const blocked = blockedFunction(call);
        Object.assign(site, { span: file.span(call.startIndex, call.endIndex), server });
        if (blocked) site.blockingIn = file.span(blocked.startIndex, blocked.endIndex);
        else delete site.blockingIn;
      };

      return {
        visit(node) {
          if (node.type !== 'call_expression') {
            scope.observe(node);
            if (node.type === 'import_spec') {
              const path = go.importOf(node)?.path;
              if (path !== undefined) imported.add(path);
            }
            for (const [target, value] of go.assignedPairs(node)) {
              if (target.type !== 'identifier') continue;
              bind(bound, target.text, value);
              const engine = engineMadeBy(value, scope);
              if (engine) engines.set(target.text, engine.name);
              const call = go.unwrap(value);
              if (call.type === 'call_expression' && scope.qualify(go.pathOf(call.childForFieldName('function') ?? call)) === GRPC_NEW_SERVER) grpcServers.add(target.text);
            }
            return;
          }
          const path = go.pathOf(node.childForFieldName('function') ?? node);
          if (path === null || path.includes('(')) return;
          const qualified = scope.qualify(path) ?? path;
          const args = go.argumentsOf(node);
          const dot = path.lastIndexOf('.');
          const receiver = path.slice(0, dot);
          const method = path.slice(dot + 1);
          const isPackage = qualified !== path;
          if (qualified === 'net.Listen') {
            // Listening returns at once: only a serve on the listener blocks (below).
            const site = add(node, 'net', args[1]);
            delete site.blockingIn;
            listeners.set(node.startIndex, site);
          } else if (qualified === 'net/http.Serve') {
            serve(node, 'net/http', args[0]);
          } else if (!isPackage && method === 'Serve' && grpcServers.has(receiver)) {
            serve(node, 'grpc', args[0]);
          } else if (!isPackage && /^Serve(?:TLS)?$/.test(method) && args[0] !== undefined && listeners.has(resolve(args[0]).startIndex)) {
            // `srv.Serve(l)` of an `http.Server` (or any server type) on a listener of this file: it blocks where it is called.
            const site = listeners.get(resolve(args[0]).startIndex)!;
            const blocked = blockedFunction(node);
            if (blocked) site.blockingIn = file.span(blocked.startIndex, blocked.endIndex);
          } else if (/^ListenAndServe(?:TLS)?$/.test(method)) {
            const module = qualified.slice(0, qualified.lastIndexOf('.'));
            if (isPackage && module === 'net/http' && imported.has('net/http/pprof') && servesProfiler(args, address(args[0]))) return;
            if (isPackage) add(node, module, args[0], GO_GRACEFUL_PACKAGE.test(module));
            else add(node, 'net/http', serverAddress(receiver));
          } else if (!isPackage && dot > 0) {
            // A receiver bound to an engine here, or any receiver in a file importing the engine's package (`r := routers.InitRouter()`).
            const engine = GO_ENGINES.find(
              (candidate) =>
                candidate.methods.test(method) && (engines.get(receiver) === candidate.name || (!engines.has(receiver) && [...imported].some((module) => candidate.module.test(module)))),
            );
            if (engine && startsEngine(engine, method, args.length)) add(node, engine.name, args[0]);
          }
        },
        result: () => found,
      };
    },
  };
}

/**
 * Go servers started on an engine that a function of the same package builds in another file:
 * `r := NewRouter(); r.Run(addr)` beside `func NewRouter() *gin.Engine`. The starting file alone
 * cannot tell `r` is an engine; `forEachRuntimeListenSites` reads the package.
 */
export interface GoPackageEngines {
  /** The functions this file declares that return an engine, with the engine's name. */
  factories: { name: string; engine: string }[];
  /** Calls of an engine's start method on a receiver bound to a call of a same-package function, as the site they would be. */
  starts: { factory: string; method: string; arguments: number; site: SourceListenSite }[];
}

/** Go engine factories and the starts that may use them, per file. */
export const goPackageEngines: FileExtractor<GoPackageEngines> = {
  name: 'go-package-engines',
  version: 1,
  module: import.meta.url,
  go: {
    kinds: [...go.SCOPE_KINDS, 'const_spec', 'function_declaration', 'call_expression'],
    create(file) {
      const scope = new go.GoScope(file.text);
      const bound: Bindings = new Map();
      const found: GoPackageEngines = { factories: [], starts: [] };
      const resolve = (node: TreeNode): TreeNode => boundValue(node, bound, (value) => go.literalValue(value) !== undefined);
      return {
        visit(node) {
          if (node.type === 'function_declaration') {
            const name = node.childForFieldName('name')?.text;
            const result = node.childForFieldName('result');
            const engine = result === null ? undefined : engineOfType(result, scope);
            if (name !== undefined && engine) found.factories.push({ name, engine: engine.name });
          } else if (node.type !== 'call_expression') {
            scope.observe(node);
            for (const [target, value] of go.assignedPairs(node)) if (target.type === 'identifier') bind(bound, target.text, value);
          } else {
            const path = go.pathOf(node.childForFieldName('function') ?? node);
            const [receiver, method, ...rest] = path?.split('.') ?? [];
            if (receiver === undefined || method === undefined || rest.length > 0 || scope.qualify(path!) !== path) return;
            if (!GO_ENGINES.some((engine) => engine.methods.test(method))) return;
            const value = bound.get(receiver)?.at(-1);
            const made = value && go.unwrap(value);
            const factory = made?.type === 'call_expression' ? made.childForFieldName('function') : null;
            if (factory?.type !== 'identifier') return;
            const args = go.argumentsOf(node);
            const site = { span: file.span(node.startIndex, node.endIndex), server: factory.text, ...goAddress(file, resolve, args[0]), drainsItself: false };
            found.starts.push({ factory: factory.text, method, arguments: args.length, site });
          }
        },
        result: () => found,
      };
    },
  },
};

/** The engine a function's single result type is (`*gin.Engine`, `*echo.Echo`, `*fiber.App`). */
function engineOfType(result: TreeNode, scope: go.GoScope): (typeof GO_ENGINES)[number] | undefined {
  const type = scope.qualify(result.text.replace(/^\*/, ''));
  if (type === null || !/^[\w./-]+\.\w+$/.test(type)) return undefined;
  const dot = type.lastIndexOf('.');
  return GO_ENGINES.find((engine) => engine.module.test(type.slice(0, dot)) && engine.type === type.slice(dot + 1));
}

/**
 * Calls `visit` with the listen sites (`sourceListenSites`) of each runtime Python and Go file of the
 * app, Go servers started on an engine a same-package function of another file builds included
 * (`goPackageEngines`); a rule calling it declares both.
 */
export function forEachRuntimeListenSites(context: RuleContext<string>, visit: (sites: SourceListenSite[], file: IndexedFile) => void): void {
  /** `folder/function` (a Go package is its folder) -> the engine it returns. */
  const factories = new Map<string, string>();
  forEachRuntimeSourceFacts(context, goPackageEngines, ({ factories: declared }, file) => {
    for (const { name, engine } of declared) factories.set(`${posix.dirname(file.path)}/${name}`, engine);
  });
  forEachRuntimeSourceFacts(context, sourceListenSites, (sites, file) => {
    const starts = file.language === 'go' ? (context.facts(file.path, goPackageEngines)?.starts ?? []) : [];
    const seen = new Set(sites.map(({ span }) => `${span.line}:${span.column}`));
    const started = starts.flatMap(({ factory, method, arguments: count, site }) => {
      const engine = GO_ENGINES.find((candidate) => candidate.name === factories.get(`${posix.dirname(file.path)}/${factory}`));
      const isNew = !seen.has(`${site.span.line}:${site.span.column}`);
      return engine && isNew && startsEngine(engine, method, count) ? [{ ...site, server: engine.name }] : [];
    });
    visit(started.length === 0 ? sites : [...sites, ...started].sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column), file);
  });
}

/** Python calls that start a server: the keyword arguments giving its host and port, and whether it drains itself on SIGTERM. */
const PYTHON_SERVERS: readonly { callee: string; server: string; drainsItself: boolean }[] = [
  { callee: 'uvicorn.run', server: 'uvicorn', drainsItself: true },
  { callee: 'aiohttp.web.run_app', server: 'aiohttp', drainsItself: true },
  { callee: 'waitress.serve', server: 'waitress', drainsItself: false },
];

function pythonListenSites(): SyntaxExtraction<string, TreeNode, SourceListenSite[]> {
  return {
    kinds: [...python.SCOPE_KINDS, 'call'],
    create(file: FileInput) {
      const scope = new python.PythonScope(file.text);
      const bound: Bindings = new Map();
      let importsFlask = false;
      const found: SourceListenSite[] = [];

      const resolve = (node: TreeNode): TreeNode => boundValue(node, bound, (value) => python.literalValue(value) !== undefined);
      const hostAndPort = (args: readonly python.PythonArgument[]): Pick<SourceListenSite, 'port' | 'host'> => {
        const portNode = python.argumentAt(args, undefined, 'port');
        const hostNode = python.argumentAt(args, undefined, 'host');
        const portValue = portNode && resolve(portNode);
        const hostValue = hostNode && resolve(hostNode);
        const portLiteral = portValue && python.literalValue(portValue);
        const hostLiteral = hostValue && python.literalValue(hostValue);
        const port = portLiteral && (portLiteral.kind === 'number' || portLiteral.kind === 'string') ? literalPort(portLiteral.value) : undefined;
        return {
          ...(port !== undefined && portValue && { port: { span: file.span(portValue.startIndex, portValue.endIndex), port } }),
          ...(hostLiteral?.kind === 'string' && hostValue && { host: { span: file.span(hostValue.startIndex, hostValue.endIndex), host: hostLiteral.value } }),
        };
      };

      return {
        visit(node) {
          if (node.type !== 'call') {
            scope.observe(node);
            if (node.type === 'assignment') {
              const left = node.childForFieldName('left');
              const right = node.childForFieldName('right');
              if (left?.type === 'identifier' && right !== null) bind(bound, left.text, right);
            } else if (/^(?:from|import)\s+flask/.test(node.text)) {
              importsFlask = true;
            }
            return;
          }
          const path = python.pathOf(node.childForFieldName('function') ?? node);
          if (path === null) return;
          const qualified = scope.qualify(path) ?? path;
          const args = python.argumentsOf(node);
          const known = PYTHON_SERVERS.find((candidate) => candidate.callee === qualified);
          // `app.run(...)` of Flask (or Flask-SocketIO's `socketio.run(app, ...)`) in a file importing it;
          // `subprocess.run(cmd)` and `asyncio.run(main())` are the standard library's.
          const isAppRun = /^\w+\.run$/.test(path) && !PYTHON_STDLIB.has(path.split('.')[0] ?? '');
          const server = known ?? (importsFlask && qualified === path && isAppRun ? { server: 'flask', drainsItself: false } : undefined);
          if (server) found.push({ span: file.span(node.startIndex, node.endIndex), server: server.server, ...hostAndPort(args), drainsItself: server.drainsItself });
        },
        result: () => found,
      };
    },
  };
}
