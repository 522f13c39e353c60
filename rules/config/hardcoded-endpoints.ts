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

/** An npm initializer's package name (`create-my-app`, `@org/create-app`). */
const INITIALIZER_NAME = /^(?:@[^/]+\/)?create-[a-z0-9]/;

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

/**
 * A condition that holds only on a developer's machine: `NODE_ENV === 'development'`,
 * `os.Getenv("ENVIRONMENT") == "dev"`, `isDev`, Django's `if DEBUG:`. What such a branch sets up
 * (CORS for the local front-end dev server) is developer ergonomics, never reached by a deploy.
 */
const DEVELOPMENT_TEST =
  /(?:==|===)\s*['"`](?:dev|develop|development|local)['"`]|['"`](?:dev|develop|development|local)['"`]\s*(?:==|===)|^\s*(?:[\w.]+\.)?(?:is_?dev|isDev|IsDev|is_?development|isDevelopment|IsDevelopment|is_?local|isLocal|IsLocal|DEBUG)(?:\(\))?\s*$/;
/** A negation or an alternative makes the branch reachable by a deploy (`!isDev`, `env != "dev"`, `isDev || flag`). */
const NOT_ONLY_DEVELOPMENT = /!\s*[\w(]|!==?|\|\||\bor\b|\bnot\b/;

function isDevelopmentTest(condition: string): boolean {
  return DEVELOPMENT_TEST.test(condition) && !NOT_ONLY_DEVELOPMENT.test(condition);
}

/** The literal sits in the then-branch of an `if` or `?:` that tests for a developer's machine. */
function inDevelopmentBranch(literal: Node): boolean {
  let child: Node = literal;
  for (const ancestor of literal.getAncestors()) {
    if (Node.isIfStatement(ancestor) && ancestor.getThenStatement() === child && isDevelopmentTest(ancestor.getExpression().getText())) return true;
    if (Node.isConditionalExpression(ancestor) && ancestor.getWhenTrue() === child && isDevelopmentTest(ancestor.getCondition().getText())) return true;
    if (Node.isFunctionLikeDeclaration(ancestor)) return false;
    child = ancestor;
  }
  return false;
}

/** The registrable part of a host (`apple.com` of `sandbox.itunes.apple.com`). */
function registrableDomain(host: string): string {
  return host.toLowerCase().split('.').slice(-2).join('.');
}

/** A branch on the environment's name: choosing the sandbox by it is the per-deploy choice LABELLING.md counts. */
const ENVIRONMENT_NAME_TEST = /\b(?:NODE_ENV|APP_ENV|ENVIRONMENT|RAILS_ENV|isProd\w*|isDev\w*|production|development|staging)\b/i;

/**
 * `SANDBOX_URL` beside the provider's live URL of the same domain, the sandbox used on its own
 * terms (a receipt the live service answers "from the test environment" is retried there): both are
 * the provider's fixed endpoints, chosen per request. Not when the environment's name picks one.
 */
function isPairedWithLiveHost(literal: Node, host: string): boolean {
  const domain = registrableDomain(host);
  const liveHost = [...literal.getSourceFile().getFullText().matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].some(([, other = '']) => {
    return registrableDomain(other) === domain && classifyEndpoint(`https://${other}`)?.kind !== 'sandboxHost';
  });
  if (!liveHost) return false;
  const { holder } = heldUnder(literal);
  const references = Node.isVariableDeclaration(holder)
    ? literal.getSourceFile().getDescendantsOfKind(SyntaxKind.Identifier).filter((identifier) => identifier.getText() === holder.getName() && identifier !== holder.getNameNode())
    : [];
  const uses = [literal, ...references];
  return !uses.some((use) =>
    use.getAncestors().some((ancestor) => {
      const condition = Node.isIfStatement(ancestor) ? ancestor.getExpression() : Node.isConditionalExpression(ancestor) ? ancestor.getCondition() : undefined;
      return condition !== undefined && ENVIRONMENT_NAME_TEST.test(condition.getText());
    }),
  );
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
  version: 3,
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
    if (usageOf(node) !== 'value' || isOnlyUrlBase(node) || inDevelopmentBranch(node)) return undefined;
    const cors = isCorsOrigin(node);
    if (endpoint && !cors) {
      if (endpoint.kind === 'local' || isNotAConnection(node, text)) return undefined;
      if (endpoint.kind === 'sandboxHost' && isPairedWithLiveHost(node, webUrlParts(text)?.host ?? '')) return undefined;
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
function isRequestHeader(literal: BoundLiteral, text: string): boolean {
  if (/header/i.test(literal.call?.callee ?? '') || literal.path.some((segment) => /^headers?$/i.test(segment))) return true;
  return (literal.binding === 'variable' || literal.binding === 'constant') && literal.name !== null && sentAsOriginHeader(literal.name, text);
}

/**
 * A constant sent as an `Origin` header further down (`const Origin = "http://localhost/"` then
 * `headers.Set("Origin", Origin)`, `{"Origin": origin}`): the outbound request's origin.
 */
function sentAsOriginHeader(name: string, text: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`["'\`]origin["'\`]\\s*[,:]\\s*${escaped}\\b`, 'i').test(text);
}

/**
 * Whether the 1-based `line` of Python or Go source lies in the body of an `if` that tests for a
 * developer's machine (`if os.Getenv("ENVIRONMENT") == "dev" {`, `if DEBUG:`), read from the text:
 * Go blocks by their braces, Python blocks by indentation.
 */
function inDevelopmentBlock(text: string, line: number, language: string): boolean {
  const lines = text.split('\n').slice(0, line);
  const target = lines.pop() ?? '';
  if (language === 'python') {
    let indent = /^\s*/.exec(target)?.[0].length ?? 0;
    for (let index = lines.length - 1; index >= 0 && indent > 0; index--) {
      const content = lines[index] ?? '';
      const own = /^\s*/.exec(content)?.[0].length ?? 0;
      if (content.trim() === '' || content.trim().startsWith('#') || own >= indent) continue;
      indent = own;
      const header = /^\s*(?:el)?if\s+(.*):\s*(?:#.*)?$/.exec(content);
      if (header && isDevelopmentTest(header[1] ?? '')) return true;
    }
    return false;
  }
  let depth = 0;
  for (let index = lines.length - 1; index >= 0; index--) {
    const written = (lines[index] ?? '').replace(/\s\/\/.*$/, '');
    // Braces inside strings are not blocks.
    const content = written.replace(/"(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'/g, '""');
    for (let at = content.length - 1; at >= 0; at--) {
      if (content[at] === '}') depth++;
      else if (content[at] === '{' && depth > 0) depth--;
      else if (content[at] === '{') {
        const header = /^\s*(?:}\s*else\s+)?if\s+(.*)\{\s*$/.exec(written);
        if (header && isDevelopmentTest(header[1] ?? '')) return true;
      }
    }
  }
  return false;
}

/** The CORS origin and allowed-host lists of a file: consecutive literals bound to the same name. */
function hostLists(context: Context, bound: readonly BoundLiteral[], path: string): HostList[] {
  const lists: (HostList & { key: string })[] = [];
  let current: (HostList & { key: string }) | undefined;
  for (const literal of bound) {
    const name = literal.name ?? '';
    const kind = hostListKind(name);
    if (kind === undefined || literal.fallbackOf || !ADDRESS_BINDINGS.has(literal.binding) || isLocalLiteral(context, literal, path) || isRequestHeader(literal, context.text(path) ?? '')) {
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
  const forDevelopment = (span: Span) => inDevelopmentBlock(context.text(file.path) ?? '', span.line, file.language);
  for (const list of lists) {
    const entry = deploySpecificEntry(list);
    const [first] = list.literals;
    if (entry === undefined || first === undefined || extendedFromEnv(list, reads) || forDevelopment(first.span)) continue;
    const data: Record<string, string> = list.kind === 'corsOrigin' ? { value: entry } : { value: entry, name: list.name };
    context.report({ messageId: list.kind, data, file: file.path, ...first.span });
  }
  for (const literal of bound) {
    const address = sourceAddress(context, literal, file.path);
    if (address === undefined || (address.messageId === 'fallbackEndpoint' && !flagFallbacks) || forDevelopment(address.span)) continue;
    const data: Record<string, string> = address.what === undefined ? { value: address.value } : { what: address.what, value: address.value };
    context.report({ messageId: address.messageId, data, file: file.path, ...address.span, ...(address.messageId === 'fallbackEndpoint' && { severity: 'note' as const }) });
  }
}

/** The service's own public address in its settings: `[server] DOMAIN`, `ROOT_URL`, `external_url`. */
const OWN_ADDRESS_KEY = /^(?:domain|root_?url|external_?url|public_?url|site_?url|app_?url|base_?url)$/i;
const OWN_ADDRESS_SECTION = /^(?:|server|app|application|web|http|site|general|main)$/i;

/**
 * The head of a defaults file that every install overrides with its own (`# NEVER MODIFY THIS FILE,
 * MAKE CHANGES IN THE CUSTOM CONFIG FILE`): a self-hosted product's built-in defaults.
 */
const DEFAULTS_LAYER = /\b(?:never(?:\s+ever)?|do\s+not|don't)\s+(?:modify|edit|change)\s+this\s+file\b|\b(?:custom|override|local)\s+(?:config(?:uration)?|settings|ini)\s+file\b/i;

function isDefaultsLayer(text: string): boolean {
  const head = text.split('\n', 12).filter((line) => /^\s*[#;]/.test(line)).join('\n');
  return DEFAULTS_LAYER.test(head);
}

/**
 * `[server] DOMAIN = localhost` in a defaults file each install overrides: the service's own public
 * URL defaulting to localhost, which LABELLING.md counts as a fine default. The same setting in the
 * one config file an app has is what every deploy runs, and counts.
 */
function isOwnAddressDefault(entry: ReturnType<typeof iniEntries>[number]): boolean {
  if (!OWN_ADDRESS_KEY.test(entry.key) || !OWN_ADDRESS_SECTION.test(entry.section)) return false;
  const host = webUrlParts(entry.value)?.host ?? entry.value.replace(/:\d+$/, '');
  return isLoopbackHost(host);
}

/** `PrefixUrl = http://127.0.0.1:8000` in a committed `app.ini`; backing-service settings are hardcoded-connection's. */
function checkConfigFile(text: string, file: IndexedFile, context: Context): void {
  const defaults = isDefaultsLayer(text);
  for (const entry of iniEntries(text)) {
    if (isBackingServiceSetting(entry.section, entry.key) || (defaults && isOwnAddressDefault(entry))) continue;
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
  appliesTo: (app) => {
    if (app.kind === 'library' && app.manifest !== undefined) return 'libraries take endpoints from the app that uses them';
    // `npm create x` runs `create-x`: the addresses it holds are answers it offers for the project it generates.
    // A boilerplate published under such a name that serves requests itself is the app, and is read.
    if (app.kind === 'cli' && INITIALIZER_NAME.test(app.packageJson?.name ?? '')) return 'project initializers (create-*) write addresses into the projects they generate, not their own config';
    return true;
  },
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
