import { posix } from 'node:path';
import { Node, SyntaxKind } from 'ts-morph';
import {
  calleeName,
  classifyEndpoint,
  CONFIG_GETTER_CALLEE,
  defineRule,
  forEachRuntimeScriptFacts,
  heldUnder,
  HOLE,
  envVariableName,
  iniEntries,
  isBackingServiceSetting,
  isIniConfigPath,
  webUrlParts,
  envReads,
  nameWords,
  forEachSourceFacts,
  isEnvFallback,
  isHostKey,
  isLoopbackHost,
  isLocalLiteral,
  isLocalSettingsPath,
  wrapped,
  isRuntimeSource,
  literals,
  spanOf,
  stringLiteralFacts,
  stringValue,
  unwrap,
  type Binding,
  type BoundLiteral,
  type SourceEnvRead,
  type Span,
  isRawNameLiteral,
  rawLiteralTextWithHoles,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'endpoint' | 'connectionString' | 'fallbackEndpoint' | 'sandboxEndpoint' | 'corsOrigin' | 'allowedHost' | 'ownLink' | 'configFileEndpoint';
type Context = RuleContext<MessageId>;

const COMPARISON_OPERATORS = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);
/** String methods that test or take apart a value rather than configure one. */
const MATCHING_METHODS = /(?:^|\.)(?:includes|startsWith|endsWith|indexOf|lastIndexOf|match|matchAll|test|replace|replaceAll|split|search|some|find|has)$/;
/** Logging and help-text calls: an address there is prose for a human. */
const TEXT_CALLS =
  /^(?:console|logger|log|this\.logger|this\.log|debug)(?:\.|$)|(?:^|\.)(?:log|info|warn|warning|error|debug|trace|fatal|verbose|print|description|describe|option|usage|example|epilog|addHelpText)$/;
const PATTERN_KEYS = /^(?:regex|regexp|pattern|match|test)$/i;
const DEFAULT_KEYS = /^(?:default|devDefault|defaultValue)$/;
const TEXT_KEYS = /^(?:message|msg|description|help|hint|example|title|label|text|docs?|summary)$/i;
/** Dev-only files: CRA's proxy, Storybook stories, hand-written mocks. */
const DEV_ONLY_FILE = /(?:^|\/)(?:setupProxy\.[cm]?[jt]s|[^/]*\.stories\.[cm]?[jt]sx?|[^/]*\.mock\.[cm]?[jt]s)$|(?:^|\/)(?:mocks?|__mocks__|stories)\//;

type Usage = 'value' | 'check' | 'text' | 'default';

const TRIGGERS = [
  '://', 'localhost', 'sandbox', 'origin', 'Origin', 'ORIGIN', '127.0.0.1', '::1', '10.', '172.', '192.168.', '.internal', '.local', '.svc', '.lan', '.corp',
  'staging', 'stage', 'stg', 'preprod', 'pre-prod', 'uat', 'qa', 'dev', ':5432', ':3306', ':27017', ':6379', ':5672',
  ':4222', ':9092', ':11211', ':9200', ':1433', ':1521', ':8529', ':7687', ':2181', ':9042', ':8086', ':26257', ':5984',
];

/** OpenAPI/Swagger definitions: their `servers` list documents where a developer tries the API. */
const API_DOCS_FILE = /(?:^|\/)[^/]*(?:swagger|openapi)[^/]*$/i;
/** Health and readiness probes of the process itself (`http://localhost:3000/healthz`). */
const HEALTH_PATH = /^\/(?:[\w-]+\/)*(?:health|healthz|healthcheck|health-check|ready|readyz|readiness|live|livez|liveness|ping|status)(?:[/?#]|$)/i;
const LOOPBACK_NAME = /^(?:https?:\/\/)?(?:localhost|127\.0\.0\.1|\[?::1\]?|0\.0\.0\.0)(?::\d+)?\/?$/i;

/**
 * Literals that are not an address the app connects to: a `servers:` entry of API docs, a health
 * probe of the app itself, one name of a list of loopback names (a reserved-name or security list).
 */
function isNotAConnection(literal: Node, text: string): boolean {
  if (literal.getAncestors().some((ancestor) => Node.isPropertyAssignment(ancestor) && /^['"]?servers['"]?$/.test(ancestor.getName()))) return true;
  const parts = webUrlParts(text);
  if (parts && HEALTH_PATH.test(parts.path)) return true;
  const list = literal.getParent();
  if (!Node.isArrayLiteralExpression(list)) return false;
  return list.getElements().filter((element) => LOOPBACK_NAME.test(stringValue(element) ?? '')).length >= 2;
}

/** What the program does with a literal: configure something, test a value against it, or print it. */
/**
 * `http://localhost:${process.env.PORT ?? 3000}`: the app's own address, on the port it binds
 * (`PORT`), not a deploy-specific endpoint. Another service's port (`USERS_PORT`) on a fixed host is.
 */
function isOwnLocalAddress(literal: Node): boolean {
  if (!Node.isTemplateExpression(literal)) return false;
  return literal.getTemplateSpans().some((span) => {
    const expression = unwrap(span.getExpression());
    const read = Node.isBinaryExpression(expression) && DEFAULT_OPERATORS.has(expression.getOperatorToken().getKind()) ? expression.getLeft() : expression;
    // `${server.address().port}`, `${address.port}`: a server this process just started on an ephemeral port.
    return envVariableName(read) === 'PORT' || /\baddress\b(?:\(\))?\??\.port$/.test(read.getText());
  });
}

/**
 * `x = await settings.get('host'); if (!x) x = 'localhost';`: assigned only when `x` has no value,
 * so a default like `x ?? 'localhost'`.
 */
function isAssignedWhenUnset(literal: Node): boolean {
  const assignment = literal.getParentWhile((node) => Node.isParenthesizedExpression(node) || Node.isAsExpression(node))?.getParent() ?? literal.getParent();
  if (!Node.isBinaryExpression(assignment) || assignment.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) return false;
  const unset = `!${assignment.getLeft().getText()}`;
  return assignment.getAncestors().some((node) => Node.isIfStatement(node) && node.getExpression().getText().replace(/\s+/g, '') === unset);
}

function usageOf(literal: Node): Usage {
  if (isOwnLocalAddress(literal) || isAssignedWhenUnset(literal)) return 'default';
  let child: Node = literal;
  let parent = literal.getParent();
  while (
    parent &&
    (Node.isParenthesizedExpression(parent) ||
      Node.isAsExpression(parent) ||
      (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.PlusToken) ||
      (Node.isConditionalExpression(parent) && parent.getCondition() !== child) ||
      Node.isArrayLiteralExpression(parent))
  ) {
    child = parent;
    parent = parent.getParent();
  }
  if (!parent) return 'value';
  if (Node.isBinaryExpression(parent) && COMPARISON_OPERATORS.has(parent.getOperatorToken().getKind())) return 'check';
  if (Node.isCaseClause(parent)) return 'check';
  if (Node.isPropertyAccessExpression(parent) && MATCHING_METHODS.test(parent.getName())) return 'check';
  // `anything ?? 'http://localhost:3000'`: a default for local development, whatever the left side reads.
  if (Node.isBinaryExpression(parent) && DEFAULT_OPERATORS.has(parent.getOperatorToken().getKind()) && parent.getRight() === child) return 'default';
  if (Node.isCallExpression(parent) || Node.isNewExpression(parent)) {
    const callee = calleeName(parent) ?? '';
    const [first, ...rest] = parent.getArguments();
    // `configService.get('REDIS_URL', 'redis://localhost:6379')`: the default of a config read.
    if (rest.some((argument) => argument === child) && stringValue(first) !== undefined && CONFIG_GETTER_CALLEE.test(callee)) return 'default';
    // `new URL(path, 'http://localhost')` only uses the base to parse a relative URL.
    if (callee === 'URL' && rest[0] === child) return 'check';
    if (MATCHING_METHODS.test(callee) || callee === 'RegExp') return 'check';
    if (TEXT_CALLS.test(callee) || /Error$/.test(callee)) return 'text';
  }
  if (Node.isThrowStatement(parent)) return 'text';
  if (Node.isPropertyAssignment(parent) && TEXT_KEYS.test(parent.getName())) return 'text';
  if (Node.isPropertyAssignment(parent) && PATTERN_KEYS.test(parent.getName())) return 'check';
  // envalid / convict defaults are fallbacks for local development, like `?? 'x'`.
  if (Node.isPropertyAssignment(parent) && DEFAULT_KEYS.test(parent.getName())) return 'default';
  if (Node.isParameterDeclaration(parent)) return 'default';
  return 'value';
}

const DEFAULT_OPERATORS = new Set([SyntaxKind.QuestionQuestionToken, SyntaxKind.BarBarToken]);

const CONNECTION_KEYS = new Set(['database', 'db', 'user', 'username', 'password', 'dbName', 'schema']);

/**
 * Whether a bare host literal (`'127.0.0.1'`) is a backing service's address: held under a
 * qualified name (`dbHost`, `REDIS_HOST`), or under `host` beside connection settings. A lone
 * `host`/`hostname` is as often the interface a server listens on, which port-binding rules judge.
 */
function holdsConnectionHost(literal: Node): boolean {
  const { name, holder } = heldUnder(literal);
  if (!/^(?:host|hostname)$/i.test(name)) return isHostKey(name) && !/^(?:server|address|addr|origin|domain|target|proxy)$/i.test(name);
  const object = holder?.getParent();
  return Node.isObjectLiteralExpression(object) && object.getProperties().some((property) => Node.isPropertyAssignment(property) && CONNECTION_KEYS.has(property.getName()));
}

/** Names that hold the origins a CORS policy admits, or where an OAuth provider sends the user back. */
const CORS_NAME = /(?:^|[_-])(?:origin|ORIGIN)S?(?:$|[_-])|^[oO]rigins?(?:$|[A-Z_])|[a-z]Origins?(?:$|[A-Z_])|^(?:cors_?|CORS_?)?(?:white|allow|WHITE|ALLOW)_?(?:list|LIST)$|[a-z](?:White|Allow)[lL]ist$/;
const CALLBACK_NAME = /callback|redirect_?ur[il]|return_?url|(?:success|cancel)_?url|(?:reset|verif[a-z]*|confirm[a-z]*|invit[a-z]*|activat[a-z]*)_?(?:url|link)/i;
/** Path words of links the app mails or redirects to: its own pages, so its own host. */
const OWN_PAGE = /(?:^|[/?#&=])(?:reset|forgot|verify|verification|confirm|activate|activation|invite|invitation|magic|unsubscribe|callback)(?![a-z])/i;
/** Hosts of third-party APIs, whose paths may also say `verify` or `callback`. */
const API_HOST = /^api(?:[.-]|$)|googleapis\.com$/i;

/** RFC 2606 / 6761 names no deploy can own: `example.com`, `shop.example`, `app.test`, `x.invalid`. */
function isReservedExampleHost(host: string): boolean {
  return /(?:^|\.)example\.(?:com|org|net)$|\.(?:example|test|invalid)$/i.test(host);
}

/** `TwilioVerifyBaseURL: "https://verify.twilio.com"`: the holder names the service the host belongs to, a third party. */
function namesTheVendor(holder: string, host: string): boolean {
  const vendor = host.split('.').at(-2)?.toLowerCase();
  return vendor !== undefined && vendor.length >= 3 && !['app', 'web', 'www', 'api', 'site', 'my'].includes(vendor) && nameWords(holder).includes(vendor);
}

/**
 * The name a literal is held under, looking through arrays as well (`origin: ['https://a.io']`),
 * and the header a `setHeader('Access-Control-Allow-Origin', value)` call sets.
 */
function holderName(literal: Node): string {
  let node: Node = literal;
  while (Node.isArrayLiteralExpression(node.getParent())) node = node.getParent()!;
  const parent = node.getParent();
  if (Node.isCallExpression(parent) && parent.getArguments()[1] === node) return stringValue(parent.getArguments()[0]) ?? '';
  return heldUnder(node).name;
}

function isCorsOrigin(literal: Node): boolean {
  const name = holderName(literal);
  return CORS_NAME.test(name) || /^access-control-allow-origin$/i.test(name);
}

/** A link to one of the app's own pages (password reset, email verification, OAuth callback) with its host written in, held under `holder`. */
function isOwnAppLink(holder: string, text: string): boolean {
  const parts = webUrlParts(text);
  if (!parts || API_HOST.test(parts.host) || isReservedExampleHost(parts.host) || namesTheVendor(holder, parts.host)) return false;
  if (CALLBACK_NAME.test(holder)) return true;
  // A page of the app carries the user's token or code (`/reset-password?token=${token}`); a static page link is a third party's docs as often.
  return OWN_PAGE.test(parts.path) && (parts.path.includes(HOLE) || /[?&][\w-]*(?:token|code)=/i.test(parts.path));
}

/** `const base = ... 'https://localhost'; new URL(path, base)`: a variable used only to resolve relative URLs. */
function isOnlyUrlBase(literal: Node): boolean {
  const { holder } = heldUnder(literal);
  if (!Node.isVariableDeclaration(holder)) return false;
  const name = holder.getName();
  const scope = holder.getFirstAncestor((ancestor) => Node.isBlock(ancestor) || Node.isSourceFile(ancestor));
  const uses = (scope?.getDescendantsOfKind(SyntaxKind.Identifier) ?? []).filter((identifier) => identifier.getText() === name && identifier !== holder.getNameNode());
  return uses.length > 0 && uses.every((use) => {
    const call = use.getParent();
    return Node.isNewExpression(call) && call.getExpression().getText() === 'URL' && call.getArguments()[1] === use;
  });
}

/** A literal of a script that is a deploy-specific address, and how the rule would say so. */
interface LiteralAddress {
  messageId: Exclude<MessageId, 'configFileEndpoint'>;
  /** For messages: "localhost address"; absent for CORS origins and own-page links. */
  what?: string;
  /** The literal, each interpolated part shown as `${…}`. */
  value: string;
  span: Span;
}

export const literalAddresses = stringLiteralFacts<LiteralAddress>({
  name: 'config/hardcoded-endpoints',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  createRaw: (file) => (literal, sourceFile) => {
    const text = rawLiteralTextWithHoles(literal, sourceFile, HOLE);
    // Only an endpoint (however its holder is named) or a web URL is ever reported: most literals stop here, before their surroundings are read (or wrapped).
    if (text === undefined || (classifyEndpoint(text, true) === undefined && webUrlParts(text) === undefined) || isRawNameLiteral(literal, sourceFile)) return undefined;
    const node = wrapped(literal, sourceFile);
    const endpoint = classifyEndpoint(text, holdsConnectionHost(node));
    const value = text.replaceAll(HOLE, '${…}');
    if (isEnvFallback(node)) return endpoint && { messageId: 'fallbackEndpoint', what: endpoint.what, value, span: spanOf(node, file) };
    if (usageOf(node) !== 'value' || isOnlyUrlBase(node)) return undefined;
    const cors = isCorsOrigin(node);
    if (endpoint && !cors) {
      if (endpoint.kind === 'local' || isNotAConnection(node, text)) return undefined;
      const messageId = endpoint.kind === 'connectionString' ? 'connectionString' : endpoint.kind === 'sandboxHost' ? 'sandboxEndpoint' : 'endpoint';
      return { messageId, what: endpoint.what, value, span: spanOf(node, file) };
    }
    // Origins and own-page links: deploy-specific whatever their host, so public hosts count too.
    if (cors && (webUrlParts(text) !== undefined || endpoint !== undefined)) return { messageId: 'corsOrigin', value, span: spanOf(node, file) };
    return !endpoint && isOwnAppLink(holderName(node), text) ? { messageId: 'ownLink', value, span: spanOf(node, file) } : undefined;
  },
});

// ---------------------------------------------------------------------------------------------
// Python and Go

/** The hosts a Django or Starlette app answers to: `ALLOWED_HOSTS = [...]`, `TrustedHostMiddleware(allowed_hosts=[...])`. */
const ALLOWED_HOSTS_NAME = /^allowed_?hosts$/i;
/** A host name as an allow-list holds it, with a leading dot for its subdomains (`.example.com`). */
const HOST_NAME = /^\.?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::\d+)?$/i;
/** Calls whose string arguments are prose or a format for a human: printing, logging, errors. */
const SOURCE_TEXT_CALLS =
  /(?:^|\.)(?:print|Print|Printf|Println|Sprintf|Errorf|Fatal|Fatalf|Panic|Panicf|New|log|info|warn|warning|error|exception|critical|debug|Info|Infof|Warn|Warnf|Error|Debug|Debugf|format|help|add_argument)$/;
/** Calls and names of the address a server binds (`app.run(host=...)`, `ListenAndServe("localhost:8080")`, `Addr:`): port-binding's to judge. */
const SERVER_BIND_CALLS = /(?:^|\.)(?:run|Run|RunTLS|ListenAndServe|ListenAndServeTLS|Listen|Serve|Start|serve)$/;
const SERVER_BIND_NAMES = /^(?:addr|address|bind|listen|listen_?addr)$/i;
/** How a literal may name an address: a variable, constant, field, key, keyword or call argument (not a parameter default, not a string standing alone). */
const ADDRESS_BINDINGS: ReadonlySet<Binding> = new Set(['variable', 'constant', 'field', 'key', 'keyword', 'argument']);

/** A list setting of Python or Go that admits origins or hosts, with its literals. */
interface HostList {
  kind: 'corsOrigin' | 'allowedHost';
  name: string;
  literals: BoundLiteral[];
}

function hostListKind(name: string): HostList['kind'] | undefined {
  return CORS_NAME.test(name) ? 'corsOrigin' : ALLOWED_HOSTS_NAME.test(name) ? 'allowedHost' : undefined;
}

/**
 * An `Origin` header the app sends with its own request to another service (`SetHeaders(map[string]string{"origin":
 * ...})`, `requests.get(url, headers={"Origin": ...})`): the vendor's origin, not who may call this app.
 */
function isRequestHeader(literal: BoundLiteral): boolean {
  return /header/i.test(literal.call?.callee ?? '') || literal.path.some((segment) => /^headers?$/i.test(segment));
}

/** The CORS origin and allowed-host lists of a file: consecutive literals bound to the same name. */
function hostLists(context: Context, bound: readonly BoundLiteral[], path: string): HostList[] {
  const lists: (HostList & { key: string })[] = [];
  let current: (HostList & { key: string }) | undefined;
  for (const literal of bound) {
    const name = literal.name ?? '';
    const kind = hostListKind(name);
    if (kind === undefined || literal.fallbackOf || !ADDRESS_BINDINGS.has(literal.binding) || isLocalLiteral(context, literal, path) || isRequestHeader(literal)) {
      current = undefined;
      continue;
    }
    const key = [...literal.path, name].join('.');
    if (current?.key === key) current.literals.push(literal);
    else lists.push((current = { kind, name, literals: [literal], key }));
  }
  return lists;
}

/** The first value of a list that is deploy-specific: an origin or address for CORS, a concrete host for an allow-list. */
function deploySpecificEntry(list: HostList): string | undefined {
  for (const { value } of list.literals) {
    const text = value.kind === 'string' ? value.value.trim() : undefined;
    if (text === undefined || text === '*') continue;
    if (list.kind === 'allowedHost' ? HOST_NAME.test(text) && !isLoopbackHost(text.replace(/^\./, '').replace(/:\d+$/, '')) : webUrlParts(text) !== undefined || classifyEndpoint(text) !== undefined) return text;
  }
  return undefined;
}

/**
 * Whether the list is also filled from the environment (`ALLOWED_HOSTS = ['localhost'] +
 * os.environ['HOSTS'].split(',')`): an env read starting between the list's first line and the line after its last literal.
 */
function extendedFromEnv(list: HostList, reads: readonly SourceEnvRead[]): boolean {
  const first = list.literals[0]?.span.line ?? 0;
  const last = (list.literals.at(-1)?.span.endLine ?? first) + 1;
  return reads.some(({ span }) => span.line >= first && span.line <= last);
}

/**
 * A literal of Python or Go source that is a deploy-specific address, and how the rule would say so;
 * origin and host lists are judged apart, settings for a developer's machine or a test run not at all.
 */
function sourceAddress(context: Context, literal: BoundLiteral, path: string): LiteralAddress | undefined {
  const text = literal.value.kind === 'string' || literal.value.kind === 'template' ? literal.value.value : undefined;
  const name = literal.name ?? '';
  if (text === undefined || !ADDRESS_BINDINGS.has(literal.binding) || hostListKind(name) !== undefined || isLocalLiteral(context, literal, path)) return undefined;
  const callee = literal.call?.callee ?? '';
  if (SOURCE_TEXT_CALLS.test(callee) || SERVER_BIND_CALLS.test(callee) || SERVER_BIND_NAMES.test(name)) return undefined;
  const endpoint = classifyEndpoint(text, isHostKey(name));
  const value = text.replaceAll(HOLE, '${…}');
  if (literal.fallbackOf) return endpoint && { messageId: 'fallbackEndpoint', what: endpoint.what, value, span: literal.span };
  if (endpoint) {
    if (endpoint.kind === 'local' || HEALTH_PATH.test(webUrlParts(text)?.path ?? '')) return undefined;
    const messageId = endpoint.kind === 'connectionString' ? 'connectionString' : endpoint.kind === 'sandboxHost' ? 'sandboxEndpoint' : 'endpoint';
    return { messageId, what: endpoint.what, value, span: literal.span };
  }
  return isOwnAppLink(name, text) ? { messageId: 'ownLink', value, span: literal.span } : undefined;
}

/**
 * Python and Go runtime source: each CORS or allowed-host list holding a deploy-specific entry, once,
 * at its first literal; every other literal address as in JS/TS.
 */
function checkSourceFile(bound: readonly BoundLiteral[], file: IndexedFile, context: Context, flagFallbacks: boolean): void {
  const lists = hostLists(context, bound, file.path);
  const reads = context.facts(file.path, envReads) ?? [];
  for (const list of lists) {
    const entry = deploySpecificEntry(list);
    const [first] = list.literals;
    if (entry === undefined || first === undefined || extendedFromEnv(list, reads)) continue;
    const data: Record<string, string> = list.kind === 'corsOrigin' ? { value: entry } : { value: entry, name: list.name };
    context.report({ messageId: list.kind, data, file: file.path, ...first.span });
  }
  for (const literal of bound) {
    const address = sourceAddress(context, literal, file.path);
    if (address === undefined || (address.messageId === 'fallbackEndpoint' && !flagFallbacks)) continue;
    const data: Record<string, string> = address.what === undefined ? { value: address.value } : { what: address.what, value: address.value };
    context.report({ messageId: address.messageId, data, file: file.path, ...address.span, ...(address.messageId === 'fallbackEndpoint' && { severity: 'note' as const }) });
  }
}

/** `PrefixUrl = http://127.0.0.1:8000` in a committed `app.ini`; backing-service settings are hardcoded-connection's. */
function checkConfigFile(text: string, file: IndexedFile, context: Context): void {
  for (const entry of iniEntries(text)) {
    if (isBackingServiceSetting(entry.section, entry.key)) continue;
    // A bare `host:port` under `listen`, `bind` or `[server] Host` is the interface the app binds: port-binding's.
    if (!entry.value.includes('://') && !/(?:url|uri|endpoint|origin|domain)$/i.test(entry.key)) continue;
    const endpoint = classifyEndpoint(entry.value, isHostKey(entry.key));
    if (!endpoint || endpoint.kind === 'connectionString') continue;
    context.report({
      messageId: 'configFileEndpoint',
      data: { what: endpoint.what, value: entry.value, key: entry.section === '' ? entry.key : `${entry.section}.${entry.key}` },
      file: file.path,
      line: entry.line,
      column: entry.column,
    });
  }
}

export const hardcodedEndpoints = defineRule<MessageId>({
  id: 'config/hardcoded-endpoints',
  factor: 'config',
  defaultSeverity: 'warning',
  title: 'Deploy-specific endpoints hard-coded',
  description:
    'Finds localhost, private-network, cluster-internal, environment-named and provider-sandbox addresses, connection strings, CORS origins, Django allowed hosts and links to the app\'s own pages written as literals in JS/TS, Python and Go source or committed INI-style config.',
  fix: 'Read the address from an environment variable (DATABASE_URL, REDIS_URL, API_BASE_URL) so each deploy supplies its own.',
  messages: {
    endpoint: '{{what}} "{{value}}" hard-coded; read it from an environment variable so each deploy can set its own',
    connectionString: '{{what}} "{{value}}" hard-coded; read it from an environment variable (e.g. DATABASE_URL)',
    fallbackEndpoint: '{{what}} "{{value}}" is the fallback when the variable is unset; a deploy that forgets it silently talks to it',
    sandboxEndpoint: '{{what}} "{{value}}" hard-coded: the live deploy needs the provider\'s live host; read the base URL from an environment variable',
    corsOrigin: 'CORS origin "{{value}}" hard-coded: each deploy serves its frontend from its own origin; read the allowed origins from an environment variable',
    allowedHost: 'host "{{value}}" hard-coded in {{name}}: each deploy is served under its own domain; read the allowed hosts from an environment variable',
    ownLink: 'link to the app\'s own page "{{value}}" hard-coded: each deploy has its own public URL; build it from a configured base URL (e.g. APP_URL)',
    configFileEndpoint: '{{what}} "{{value}}" is fixed in committed config ({{key}}); read it from an environment variable so each deploy can set its own',
  },
  defaultOptions: { flagFallbacks: false },
  triggers: TRIGGERS,
  // Private workspace packages stay out too: shared UI and tooling packages are not where a deploy's addresses live.
  appliesTo: (app) => (app.kind === 'library' && app.manifest !== undefined ? 'libraries take endpoints from the app that uses them' : true),
  facts: [literalAddresses, literals, envReads],
  check(context) {
    const flagFallbacks = context.options.flagFallbacks === true;
    forEachRuntimeScriptFacts(context, literalAddresses, (addresses, file) => {
      if (DEV_ONLY_FILE.test(posix.normalize(file.path)) || API_DOCS_FILE.test(file.path) || isLocalSettingsPath(context, file.path)) return;
      for (const { messageId, what, value, span } of addresses) {
        const data: Record<string, string> = what === undefined ? { value } : { what, value };
        if (messageId !== 'fallbackEndpoint') context.report({ messageId, data, file: file.path, ...span });
        else if (flagFallbacks) context.report({ messageId, data, file: file.path, ...span, severity: 'note' });
      }
    });
    for (const file of context.candidates((candidate) => (candidate.role === 'config' || candidate.role === 'source') && isIniConfigPath(candidate.path))) {
      const text = context.text(file.path);
      if (text !== undefined) checkConfigFile(text, file, context);
    }
    forEachSourceFacts(context, literals, (bound, file) => checkSourceFile(bound, file, context, flagFallbacks), isRuntimeSource);
  },
});
