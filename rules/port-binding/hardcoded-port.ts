import { posix } from 'node:path';
import {
  forEachRuntimeListenSites,
  goPackageEngines,
  defineRule,
  envReads,
  forEachRuntimeScriptFacts,
  forEachRuntimeSourceFacts,
  forEachSourceFacts,
  listenSiteFacts,
  literals,
  productionCommands,
  programWords,
  runByPythonServer,
  sourceListenSites,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'hardcodedPort' | 'configPort';

/** Environment variables that may override where a server listens. */
const LISTEN_VARIABLE = /port|addr|listen|bind/i;
/** `HttpPort = 8000`, `http_port: 8000`, `"port": ":8000",` — one key and a literal port on a line of INI, YAML, TOML or JSON. */
const CONFIG_PORT_LINE = /^\s*["']?([\w.-]+)["']?\s*[:=]\s*["']?(?:[\w.-]*:)?(\d{1,5})["']?\s*,?\s*(?:[#;].*)?$/;

export const hardcodedPort = defineRule<MessageId>({
  id: 'port-binding/hardcoded-port',
  languages: ['javascript', 'typescript', 'python', 'go'],
  factor: 'port-binding',
  defaultSeverity: 'warning',
  title: 'Port hard-coded in the code',
  description: 'Finds servers bound to a literal port (app.listen(3000), listen({ port: 8080 }), Hapi/Bun/Hono options; Flask app.run(port=5000), uvicorn.run(..., port=8000); Go ListenAndServe(":8080"), gin r.Run(":8000")) instead of the PORT the environment assigns.',
  fix: 'Bind the port the environment gives: app.listen(Number(process.env.PORT ?? 3000)).',
  messages: {
    hardcodedPort: 'server binds the hard-coded port {{port}} instead of reading PORT from the environment',
    configPort: 'server binds port {{port}}, the {{key}} of the committed {{file}}, and no environment variable can change it',
  },
  triggers: ['listen', 'serve', 'Server', 'bind'],
  appliesTo: (app) => (app.kind === 'service' ? true : `only services bind a port (this app is a ${app.kind})`),
  facts: [listenSiteFacts, sourceListenSites, goPackageEngines, envReads, literals],
  check(context) {
    forEachRuntimeScriptFacts(context, listenSiteFacts, (sites, file) => {
      // One literal may feed several listeners (`const PORT = 3000` used twice): one finding.
      const reported = new Set<string>();
      for (const { portLiteral } of sites) {
        // Port 0 asks the OS for a free port: nothing is hard-coded.
        if (portLiteral?.port === undefined || portLiteral.port === 0) continue;
        const { port, span } = portLiteral;
        const at = `${span.line}:${span.column}`;
        if (reported.has(at)) continue;
        reported.add(at);
        context.report({ messageId: 'hardcodedPort', data: { port }, file: file.path, ...span });
      }
    });
    // A Python app that gunicorn or uvicorn serves binds what the command says, whatever `app.run(...)` passes.
    const pythonServed = runByPythonServer(context);
    let configPorts: Map<string, ConfigPort | undefined> | undefined;
    if (pythonServed) checkGunicornConfig(context);
    forEachRuntimeListenSites(context, (sites, file) => {
      if (file.language === 'python' && pythonServed) return;
      for (const { port, portField, span } of sites) {
        if (port) {
          context.report({ messageId: 'hardcodedPort', data: { port: port.port }, file: file.path, ...port.span });
          continue;
        }
        if (portField === undefined) continue;
        configPorts ??= new Map();
        if (!configPorts.has(portField)) configPorts.set(portField, committedConfigPort(context, portField));
        const committed = configPorts.get(portField);
        if (committed) context.report({ messageId: 'configPort', data: { ...committed }, file: file.path, ...span });
      }
    });
  },
});

/** gunicorn's config file: `gunicorn.conf.py` (read by default from the working folder) and the usual `-c` names. */
const GUNICORN_CONFIG = /(?:^|\/)gunicorn(?:[-_.]?conf(?:ig)?)?(?:\.conf)?\.py$/;
/** `0.0.0.0:8000`, `[::]:8000`, `:8000`: a bind address with a literal port. */
const BIND_ADDRESS = /^(?:\[[^\]]*\]|[\w.-]*):(\d{1,5})$/;

/**
 * `bind = "0.0.0.0:8000"` in the gunicorn config a production command loads: the server's port fixed
 * in a committed file (LABELLING.md: a port from a committed config module with no env lookup),
 * unless the command passes its own `-b`/`--bind`.
 */
function checkGunicornConfig(context: RuleContext<MessageId>): void {
  const gunicornCommands = productionCommands(context).map((entry) => programWords(entry.command.words)).filter(([program]) => posix.basename(program ?? '') === 'gunicorn');
  if (gunicornCommands.length === 0 || gunicornCommands.some((words) => words.some((word) => /^(?:-b|--bind)(?:=|$)/.test(word)))) return;
  forEachSourceFacts(
    context,
    literals,
    (bound, file) => {
      for (const literal of bound) {
        const port = literal.binding === 'variable' && literal.name === 'bind' && literal.path.length === 0 && literal.value.kind === 'string' ? BIND_ADDRESS.exec(literal.value.value)?.[1] : undefined;
        if (port !== undefined) context.report({ messageId: 'configPort', data: { port: Number(port), key: 'bind', file: posix.basename(file.path) }, file: file.path, ...literal.span });
      }
    },
    (file) => file.language === 'python' && GUNICORN_CONFIG.test(file.path),
  );
}

interface ConfigPort {
  port: number;
  file: string;
  key: string;
}

/**
 * The port a Go settings field certainly gets from a committed config file: the app's Go code names
 * the file (`ini.Load("conf/app.ini")`), exactly one key of it spelled like the field (`HttpPort`,
 * `http_port`) holds a literal port, and no environment read of the app could name a listen address
 * (`PORT`, `HTTP_ADDR`, a computed name, a viper key), which might override it.
 */
function committedConfigPort(context: RuleContext<MessageId>, field: string): ConfigPort | undefined {
  let overridable = false;
  const named = new Set<string>();
  forEachRuntimeSourceFacts(context, envReads, (reads, file) => {
    if (file.language === 'go' && reads.some(({ name }) => name === null || LISTEN_VARIABLE.test(name))) overridable = true;
  });
  if (overridable) return undefined;
  forEachRuntimeSourceFacts(context, literals, (found, file) => {
    if (file.language !== 'go') return;
    for (const { value } of found) if (value.kind === 'string') named.add(posix.normalize(value.value));
  });
  const key = spelling(field);
  const found: ConfigPort[] = [];
  for (const file of context.files) {
    if (file.role !== 'config' || ![...named].some((path) => file.path === posix.join(context.app.path, path) || file.path.endsWith(`/${path}`))) continue;
    for (const line of (context.text(file.path) ?? '').split('\n')) {
      const match = CONFIG_PORT_LINE.exec(line);
      const port = Number(match?.[2]);
      if (match && spelling(match[1] ?? '') === key && port > 0 && port <= 65535) found.push({ port, file: file.path, key: match[1] ?? '' });
    }
  }
  return found.length === 1 ? found[0] : undefined;
}

/** A key as settings libraries match it to a field: case and `_`/`-` ignored. */
function spelling(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}
