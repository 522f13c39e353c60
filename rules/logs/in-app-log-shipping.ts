import { Node, SyntaxKind, type SourceFile, type ts } from 'ts-morph';
import type { FileExtractor, Span } from '../../src/rule-kit/index.js';
import { wrapped } from '../../src/rule-kit/index.js';
import {
  matchesIn,
  textSources,
  type TextSource,
  boundModuleCandidates,
  cachedImportBindings,
  calleeName,
  defineRule,
  dottedName,
  findNodes,
  forEachScriptFacts,
  isModule,
  mayNameAny,
  objectLiteral,
  propertyValue,
  rawDottedRoot,
  rawHasPropertyNamed,
  spanOf,
  stringValue,
  unwrap,
  unwrapRaw,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'vendorShipping' | 'socketShipping' | 'httpShipping' | 'pythonHandler';

/** Where a shipper sends logs; `socket` marks raw syslog/TCP/UDP senders, the graver case. */
interface Shipper {
  destination: string;
  socket?: true;
}

const SYSLOG: Shipper = { destination: 'syslog', socket: true };
const LOGSTASH: Shipper = { destination: 'Logstash', socket: true };
const GRAYLOG: Shipper = { destination: 'Graylog (GELF)', socket: true };
const LOGGLY: Shipper = { destination: 'Loggly' };
const CLOUDWATCH: Shipper = { destination: 'CloudWatch Logs' };
const ELASTICSEARCH: Shipper = { destination: 'Elasticsearch' };
const GOOGLE_CLOUD_LOGGING: Shipper = { destination: 'Google Cloud Logging' };
const AXIOM: Shipper = { destination: 'Axiom' };
const LOGZIO: Shipper = { destination: 'Logz.io' };
const DATADOG: Shipper = { destination: 'Datadog' };
const LOKI: Shipper = { destination: 'Loki' };
const BETTER_STACK: Shipper = { destination: 'Better Stack (Logtail)' };
const SPLUNK: Shipper = { destination: 'Splunk' };
const SUMO_LOGIC: Shipper = { destination: 'Sumo Logic' };

/**
 * Packages whose only job is to send an app's logs somewhere other than its output stream:
 * winston transports, pino transports, bunyan streams and vendor clients.
 * `pino-syslog` is absent: it reformats to syslog lines on stdout and ships nothing itself.
 */
const SHIPPING_MODULES: Readonly<Record<string, Shipper>> = {
  'winston-syslog': SYSLOG,
  'node-syslog': SYSLOG,
  'syslog-client': SYSLOG,
  'modern-syslog': SYSLOG,
  'winston-papertrail': { destination: 'Papertrail (syslog over TLS)', socket: true },
  'winston-logstash': LOGSTASH,
  'winston3-logstash-transport': LOGSTASH,
  'bunyan-logstash': LOGSTASH,
  'bunyan-logstash-tcp': LOGSTASH,
  'winston-graylog2': GRAYLOG,
  'gelf-pro': GRAYLOG,
  'pino-socket': { destination: 'a TCP/UDP socket', socket: true },
  'winston-loggly-bulk': LOGGLY,
  'winston-loggly': LOGGLY,
  'node-loggly-bulk': LOGGLY,
  'bunyan-loggly': LOGGLY,
  'winston-cloudwatch': CLOUDWATCH,
  'winston-aws-cloudwatch': CLOUDWATCH,
  'pino-cloudwatch': CLOUDWATCH,
  'winston-elasticsearch': ELASTICSEARCH,
  'pino-elasticsearch': ELASTICSEARCH,
  '@google-cloud/logging-winston': GOOGLE_CLOUD_LOGGING,
  '@google-cloud/logging-bunyan': GOOGLE_CLOUD_LOGGING,
  '@axiomhq/winston': AXIOM,
  '@axiomhq/pino': AXIOM,
  'logzio-nodejs': LOGZIO,
  'winston-logzio': LOGZIO,
  'datadog-winston': DATADOG,
  'pino-datadog': DATADOG,
  'pino-datadog-transport': DATADOG,
  'winston-loki': LOKI,
  'pino-loki': LOKI,
  '@logtail/node': BETTER_STACK,
  '@logtail/winston': BETTER_STACK,
  '@logtail/pino': BETTER_STACK,
  'winston-mongodb': { destination: 'MongoDB' },
  'le_node': { destination: 'Logentries' },
  'r7insight_node': { destination: 'Rapid7 InsightOps' },
  'splunk-logging': SPLUNK,
  'winston-splunk-httplogger': SPLUNK,
  'sumo-logger': SUMO_LOGIC,
  'winston-sumologic-transport': SUMO_LOGIC,
};

/** Transports winston plugins register on `winston.transports` (winston's own are Console, File, Http, Stream). */
const WINSTON_PLUGIN_TRANSPORTS: Readonly<Record<string, Shipper>> = {
  Syslog: SYSLOG,
  Papertrail: SHIPPING_MODULES['winston-papertrail']!,
  Logstash: LOGSTASH,
  Loggly: LOGGLY,
  CloudWatch: CLOUDWATCH,
  MongoDB: { destination: 'MongoDB' },
};

/** log4js appender `type`s that send events over the network. */
const LOG4JS_SHIPPING_APPENDERS: Readonly<Record<string, Shipper>> = {
  tcp: { destination: 'a TCP log server', socket: true },
  syslog: SYSLOG,
  '@log4js-node/syslog': SYSLOG,
  'log4js-syslog-appender': SYSLOG,
  gelf: GRAYLOG,
  '@log4js-node/gelf': GRAYLOG,
  logstashUDP: LOGSTASH,
  '@log4js-node/logstashudp': LOGSTASH,
  '@log4js-node/logstash-http': { destination: 'Logstash' },
  loggly: LOGGLY,
  '@log4js-node/loggly': LOGGLY,
};

/** Static calls of a shipping module that create its client (`bunyanLogstash.createStream`, `Syslog.init`). */
const FACTORY_METHOD = /^(?:create\w*|init|setConfig)$/;
const SECRET_OPTION = /token|key|secret|password|auth|credential/i;

/** Where a finding's logs go: a shipping library and its destination, or the host winston's Http transport posts to. */
type Destination = { library: string; shipper: Shipper } | { httpHost: string };

/** Logs shipped by the code of a file: where, and the inline API keys to mask. */
type LogShipping = Destination & { span: Span; secrets?: string[] };

/** `scope` is where inline API keys to mask are looked for (the whole options object of a target literal). */
type Report = (node: Node, destination: Destination, scope?: Node) => void;

const TRIGGERS = [...Object.keys(SHIPPING_MODULES), 'winston', 'appenders', 'Handler('];

/** The log shipping of each JS/TS file holding a trigger, in source order. */
export const logShipping: FileExtractor<LogShipping[]> = {
  name: 'logs/in-app-log-shipping',
  version: 1,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.NewExpression, SyntaxKind.CallExpression, SyntaxKind.PropertyAccessExpression, SyntaxKind.ObjectLiteralExpression],
    create(file) {
      const found: LogShipping[] = [];
      const report: Report = (node, destination, scope = node) => {
        found.push({ ...destination, span: spanOf(node, file), ...secretsIn(scope) });
      };
      const wanted = TRIGGERS.some((trigger) => file.text.includes(trigger));
      // Read at the first node; null when nothing in the file can match.
      let imports: ShippingImports | null | undefined;
      return {
        visit(raw) {
          if (!wanted) return;
          if (imports === undefined) imports = shippingImports(wrapped<SourceFile>(raw.getSourceFile()), file.text) ?? null;
          if (imports === null || !mayShip(raw, imports)) return;
          const node = wrapped(raw);
          if (Node.isNewExpression(node) || Node.isCallExpression(node)) {
            checkConstruction(node, imports.shippingModuleOf, report);
          } else if (Node.isPropertyAccessExpression(node)) {
            checkWinstonTransport(node, imports.bindings, report);
          } else if (Node.isObjectLiteralExpression(node)) {
            checkPinoTarget(node, report);
            checkLog4jsAppender(node, report);
          }
        },
        result: () => found,
      };
    },
  },
};

/** A module whose bindings the checks follow: a shipping module, or winston (for `winston.transports.X`). */
function isWatchedModule(module: string): boolean {
  return module === 'winston' || Object.keys(SHIPPING_MODULES).some((shipping) => isModule(module, shipping));
}

/** What a file imports that the checks follow. */
interface ShippingImports {
  bindings: Map<string, string>;
  shippingModuleOf(name: string | undefined): string | undefined;
  /** Names bound to a shipping module. */
  shippingNames: Set<string>;
  importsWinston: boolean;
}

/** A file's shipping imports; undefined when nothing in the file can match. */
function shippingImports(sourceFile: SourceFile, text: string): ShippingImports | undefined {
  // Bindings only matter for watched modules; when the raw top-level imports name none, the empty map
  // answers the same and importBindings (which wraps every top-level statement) is spared.
  const candidates = boundModuleCandidates(sourceFile.compilerNode);
  const bindings = candidates === undefined || candidates.some(isWatchedModule) ? cachedImportBindings(sourceFile) : new Map<string, string>();
  const shippingModuleOf = (name: string | undefined): string | undefined => {
    const module = bindings.get(name?.split('.')[0] ?? '');
    return module === undefined ? undefined : Object.keys(SHIPPING_MODULES).find((shipping) => isModule(module, shipping));
  };
  const shippingNames = new Set([...bindings.keys()].filter((name) => shippingModuleOf(name) !== undefined));
  const importsWinston = [...bindings.values()].includes('winston');
  // Without shipping bindings, `transports` or a `target`/`type` key (see `mayNameAny`), nothing can match.
  if (shippingNames.size === 0 && !(importsWinston && mayNameAny(text, /transports/)) && !mayNameAny(text, /target|type/)) return undefined;
  return { bindings, shippingModuleOf, shippingNames, importsWinston };
}

/**
 * Only nodes that may be a finding get wrapped: calls on a name bound to a shipping module,
 * accesses of `.transports` when winston is imported, objects with a `target` or `type` property.
 */
function mayShip(node: ts.Node, { shippingNames, importsWinston }: ShippingImports): boolean {
  switch (node.kind) {
    case SyntaxKind.NewExpression:
    case SyntaxKind.CallExpression:
      return shippingNames.size > 0 && shippingNames.has(rawDottedRoot((node as ts.CallExpression | ts.NewExpression).expression) ?? '');
    case SyntaxKind.PropertyAccessExpression:
      return importsWinston && isTransportsAccess((node as ts.PropertyAccessExpression).expression);
    case SyntaxKind.ObjectLiteralExpression:
      return rawHasPropertyNamed(node, OPTION_NAMES);
    default:
      return false;
  }
}

/** Option names `checkPinoTarget` and `checkLog4jsAppender` read. */
const OPTION_NAMES = new Set(['target', 'type']);

/** A raw expression whose dotted name may end in `transports` (`winston.transports`, `transports`). */
function isTransportsAccess(node: ts.Node): boolean {
  const expression = unwrapRaw(node);
  if (expression.kind === SyntaxKind.Identifier) return (expression as ts.Identifier).text === 'transports';
  return expression.kind === SyntaxKind.PropertyAccessExpression && (expression as ts.PropertyAccessExpression).name.text === 'transports';
}

/** `new WinstonCloudWatch(...)`, `pinoElastic(...)`, `bunyanLogstash.createStream(...)` of an imported shipping module. */
function checkConstruction(node: Node, shippingModuleOf: (name: string | undefined) => string | undefined, report: Report): void {
  const name = calleeName(node);
  const library = shippingModuleOf(name);
  if (name === undefined || library === undefined) return;
  const isNew = Node.isNewExpression(node);
  const method = name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : undefined;
  if (!isNew && method !== undefined && !FACTORY_METHOD.test(method)) return;
  if (redirectsToStdout(node)) return;
  report(node, { library, shipper: SHIPPING_MODULES[library]! });
}

/** Google's Cloud Logging transports with `redirectToStdout: true` write structured JSON to stdout. */
function redirectsToStdout(node: Node): boolean {
  if (!Node.isNewExpression(node) && !Node.isCallExpression(node)) return false;
  const options = objectLiteral(node.getArguments()[0]);
  const redirect = options && propertyValue(options, 'redirectToStdout');
  return redirect !== undefined && unwrap(redirect).getText() === 'true';
}

/** `winston.transports.Loggly` (registered by a plugin) and winston's own `Http` transport. */
function checkWinstonTransport(node: Node, bindings: Map<string, string>, report: Report): void {
  if (!Node.isPropertyAccessExpression(node)) return;
  const owner = dottedName(node.getExpression());
  if (owner === undefined || !/(?:^|\.)transports$/.test(owner) || bindings.get(owner.split('.')[0] ?? '') !== 'winston') return;
  // `new (winston.transports.Papertrail)(...)`, the winston 2 idiom, parenthesizes the class.
  let callee: Node = node;
  while (Node.isParenthesizedExpression(callee.getParent())) callee = callee.getParent()!;
  const parent = callee.getParent();
  const at = Node.isNewExpression(parent) && parent.getExpression() === callee ? parent : node;
  const transport = node.getName();
  if (transport === 'Http') {
    const options = Node.isNewExpression(at) ? objectLiteral(at.getArguments()[0]) : undefined;
    const host = stringValue(options && propertyValue(options, 'host'));
    report(at, { httpHost: host ?? 'a remote host' });
    return;
  }
  const shipper = WINSTON_PLUGIN_TRANSPORTS[transport];
  if (shipper) report(at, { library: `winston.transports.${transport}`, shipper });
}

/** pino `{ target: 'pino-elasticsearch' }`, alone or in `targets: [...]`. */
function checkPinoTarget(object: Node, report: Report): void {
  if (!Node.isObjectLiteralExpression(object)) return;
  const target = propertyValue(object, 'target');
  const library = stringValue(target);
  const shipper = library === undefined ? undefined : SHIPPING_MODULES[library];
  if (target && library && shipper) report(target, { library, shipper }, object);
}

/** log4js `appenders: { name: { type: 'tcp' | 'gelf' | '@log4js-node/logstash-http', ... } }`. */
function checkLog4jsAppender(object: Node, report: Report): void {
  if (!Node.isObjectLiteralExpression(object)) return;
  const type = propertyValue(object, 'type');
  const appender = stringValue(type);
  const shipper = appender === undefined ? undefined : LOG4JS_SHIPPING_APPENDERS[appender];
  if (!type || !appender || !shipper || !isUnderAppenders(object)) return;
  report(type, { library: `log4js ${appender} appender`, shipper }, object);
}

function isUnderAppenders(object: Node): boolean {
  const named = object.getParent();
  const appenders = named?.getParent()?.getParent();
  return Node.isPropertyAssignment(named) && Node.isPropertyAssignment(appenders) && /^['"]?appenders['"]?$/.test(appenders.getName());
}

/** API keys passed inline (`new Logtail('tok…')`, `{ token: '…' }`) must not reach the snippet in clear. */
function secretsIn(node: Node): { secrets?: string[] } {
  const secrets: string[] = [];
  const collect = (candidate: Node): void => {
    const value = stringValue(candidate);
    if (value !== undefined && value.length >= 8) secrets.push(value);
  };
  if (Node.isNewExpression(node) || Node.isCallExpression(node)) {
    for (const argument of node.getArguments()) {
      if (Node.isStringLiteral(unwrap(argument)) && !/[./:\s]/.test(stringValue(argument) ?? '.')) collect(argument);
    }
  }
  for (const descendant of findNodes(node, (candidate) => candidate.kind === SyntaxKind.PropertyAssignment)) {
    if (Node.isPropertyAssignment(descendant) && SECRET_OPTION.test(descendant.getName())) {
      const initializer = descendant.getInitializer();
      if (initializer) collect(initializer);
    }
  }
  return secrets.length > 0 ? { secrets } : {};
}

export const inAppLogShipping = defineRule<MessageId>({
  id: 'logs/in-app-log-shipping',
  factor: 'logs',
  defaultSeverity: 'warning',
  title: 'Logs shipped to a vendor by the app',
  description:
    'Finds apps that send their logs to a vendor or log server themselves (winston/pino/bunyan/log4js shipping transports, syslog and TCP senders) instead of writing a stream to stdout.',
  fix: 'Log to stdout and let the platform (log driver, agent, drain, collector) route the stream to the vendor.',
  messages: {
    vendorShipping: '{{library}} ships logs to {{destination}} from inside the app instead of writing them to stdout',
    socketShipping: '{{library}} sends logs over the network to {{destination}} from inside the app instead of writing them to stdout',
    httpShipping: 'winston Http transport ships logs to {{host}} from inside the app instead of writing them to stdout',
    pythonHandler: 'Python logging {{handler}} sends log records {{destination}} from inside the app instead of writing them to stdout',
  },
  triggers: TRIGGERS,
  languages: ['javascript', 'typescript', 'python'],
  appliesTo: (app) =>
    app.kind === 'library' ? 'libraries leave log routing to the app that uses them' : true,
  facts: [logShipping],
  check(context) {
    forEachScriptFacts(context, logShipping, (found, file) => {
      for (const { span, secrets, ...destination } of found) {
        const masked = secrets && { secrets };
        if ('httpHost' in destination) {
          context.report({ messageId: 'httpShipping', data: { host: destination.httpHost }, file: file.path, ...span, severity: 'note', ...masked });
          continue;
        }
        const { library, shipper } = destination;
        context.report({
          messageId: shipper.socket ? 'socketShipping' : 'vendorShipping',
          data: { library, destination: shipper.destination },
          file: file.path,
          ...span,
          ...(!shipper.socket && { severity: 'note' as const }),
          ...masked,
        });
      }
    });
    checkPython(context, textSources(context, 'python'));
  },
});

/** Standard-library handlers that send records somewhere other than a stream of the process. */
const PYTHON_SHIPPING_HANDLERS: Record<string, string> = {
  SMTPHandler: 'by e-mail',
  HTTPHandler: 'to a web server',
  SysLogHandler: 'to a syslog daemon',
  SocketHandler: 'over a TCP socket',
  DatagramHandler: 'over UDP',
};
const PYTHON_HANDLER = new RegExp(`\\b(${Object.keys(PYTHON_SHIPPING_HANDLERS).join('|')})\\s*\\(`);

/** `SMTPHandler(...)` and its kin: low, as LABELLING.md ranks routing logs from inside the app. */
function checkPython(context: RuleContext<MessageId>, sources: readonly TextSource[]): void {
  for (const source of sources) {
    for (const { match, line, column } of matchesIn(source, PYTHON_HANDLER)) {
      const handler = match[1] ?? '';
      context.report({ messageId: 'pythonHandler', data: { handler, destination: PYTHON_SHIPPING_HANDLERS[handler] ?? '' }, file: source.file.path, line, column, severity: 'note' });
    }
  }
}
