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
  inDevelopmentOnlyBlock,
  isEnvironmentCondition,
  DEPLOYS,
  environmentExclusion,
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
  positionAt,
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
  enclosingFunction,
  sourceFunctions,
  type SourceFunction,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId =
  | 'endpoint'
  | 'connectionString'
  | 'fallbackEndpoint'
  | 'sandboxEndpoint'
  | 'corsOrigin'
  | 'allowedHost'
  | 'ownLink'
  | 'ownHostLink'
  | 'configFileEndpoint';
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

/** Words that name made-up data: what a preview server, template editor or demo renders in place of real values. */
const PREVIEW_WORDS = new Set(['preview', 'previews', 'sample', 'samples', 'demo', 'mock', 'mocked', 'fake', 'dummy', 'example', 'examples']);
/** Words that name a bag of values handed to a component or template. */
const DATA_WORDS = new Set(['props', 'data', 'context', 'ctx', 'kwargs', 'args', 'params', 'values', 'payload', 'variables', 'vars', 'fixture', 'fixtures']);

/**
 * A name for a template's or component's made-up preview values: `PreviewProps`, `sampleData`,
 * `_get_sample_context_kwargs`. Both kinds of word must be there: `previewUrl` or a `preview` block
 * of deploy settings is an address of a deploy.
 */
function namesPreviewData(name: string): boolean {
  const words = nameWords(name);
  return words.some((word) => PREVIEW_WORDS.has(word)) && words.some((word) => DATA_WORDS.has(word));
}

/**
 * `Receipt.PreviewProps = { url: 'https://shop.acme.io/orders/1' }`, `const sampleData = {...}`, a literal
 * returned by `function getPreviewProps()`: values a mail-template preview server or a component
 * catalogue renders on a developer's screen, never what the app sends. Only a literal nested inside
 * such a holder counts, not the holder's own value.
 */
function inPreviewData(literal: Node): boolean {
  for (const ancestor of literal.getAncestors()) {
    let name: string | undefined;
    let own = false;
    if (Node.isPropertyAssignment(ancestor) || Node.isVariableDeclaration(ancestor)) {
      name = ancestor.getName();
      own = ancestor.getInitializer() === literal;
    } else if (Node.isBinaryExpression(ancestor) && ancestor.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
      name = ancestor.getLeft().getText().split('.').at(-1);
      own = ancestor.getRight() === literal;
    } else if (Node.isFunctionDeclaration(ancestor) || Node.isMethodDeclaration(ancestor)) {
      name = ancestor.getName();
    }
    if (name !== undefined && !own && namesPreviewData(name)) return true;
  }
  return false;
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
  // A parameter's default, also of a destructured one (`({ confirmUrl = 'https://…' }) =>`, a template's preview value).
  if (Node.isParameterDeclaration(parent) || (Node.isBindingElement(parent) && parent.getInitializer() === child)) return 'default';
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
/** A query parameter carrying the user's token or code (`?token=`, `&resetCode=`). */
const TOKEN_QUERY = /[?&][\w-]*(?:token|code)=/i;

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

/**
 * Words that may stand beside `origin` in the name of a CORS setting: allow-list words, the app's own
 * front end, an environment. Another word names the site the origin belongs to (`docsOrigin`,
 * `BUCKET_ORIGIN`): the address of that site, not who may call this app.
 */
const ORIGIN_QUALIFIERS = new Set([
  'cors', 'csrf', 'allow', 'allowed', 'allows', 'allowlist', 'trusted', 'regex', 'socket', 'websocket', 'ws', 'io', 'url', 'urls', 'host', 'hosts', 'white', 'whitelist', 'whitelisted', 'list', 'permitted', 'accepted', 'valid',
  'client', 'frontend', 'front', 'end', 'web', 'app', 'ui', 'spa', 'site', 'dashboard', 'admin', 'portal', 'www', 'my', 'own', 'public',
  'dev', 'prod', 'production', 'development', 'local', 'staging', 'default', 'extra', 'additional', 'other',
]);

function isCorsName(name: string): boolean {
  return CORS_NAME.test(name) && nameWords(name).every((word) => /^origins?$/.test(word) || ORIGIN_QUALIFIERS.has(word));
}

/** Headers a client sends with an `Origin` when it poses as a browser page of another site: the set is a request's, not a CORS policy. */
const BROWSER_HEADER = /^(?:referr?er|user[-_]?agent|ua)$/i;

/** `{ referer: 'https://vendor.io/', origin: 'https://vendor.io' }`: an origin in the headers of a request to another service. */
function inRequestHeaders(literal: Node): boolean {
  const { holder } = heldUnder(literal);
  const object = holder?.getParent();
  if (!Node.isObjectLiteralExpression(object)) return false;
  if (/^['"]?headers?['"]?$/i.test(heldUnder(object).name)) return true;
  return object.getProperties().some((property) => Node.isPropertyAssignment(property) && BROWSER_HEADER.test(property.getName().replace(/^['"]|['"]$/g, '')));
}

function isCorsOrigin(literal: Node): boolean {
  const name = holderName(literal);
  return (isCorsName(name) && !inRequestHeaders(literal)) || /^access-control-allow-origin$/i.test(name);
}

/**
 * A query parameter that carries an address to send the user back to (`redirect_uri=${base}/cb`,
 * `return_to=https://…`, `next=/account`), with its value; a value that is no address (`next=${page}`) stays.
 */
const RETURN_ADDRESS_PARAMETER = /([?&])(?:redirect_?ur[il]|redirect|return_?(?:to|url)|callback_?url|callback|next|continue)=(?:https?(?::|%3A)|(?:\u0000|\$\{…\})\/|\/|%2F)[^&#]*/gi;

/**
 * A link's path without the return address it hands on: in `https://app.vendor.com/oauth/authorize?
 * client_id=…&redirect_uri=${base}/oauth2/callback` the callback page is the app's own, given to the
 * vendor's authorize page, whose own path names no page of the app.
 */
function ownPathPart(path: string): string {
  return path.replace(RETURN_ADDRESS_PARAMETER, '$1');
}

/** A link to one of the app's own pages (password reset, email verification, OAuth callback) with its host written in, held under `holder`. */
function isOwnAppLink(holder: string, text: string): boolean {
  const parts = webUrlParts(text);
  if (!parts || API_HOST.test(parts.host) || isReservedExampleHost(parts.host) || namesTheVendor(holder, parts.host)) return false;
  if (CALLBACK_NAME.test(holder)) return true;
  // A page of the app carries the user's token or code (`/reset-password?token=${token}`); a static page link is a third party's docs as often.
  const path = ownPathPart(parts.path);
  return OWN_PAGE.test(path) && (path.includes(HOLE) || TOKEN_QUERY.test(path));
}

/** An origin that is no loopback name: a deploy's own front end. */
function isRealOrigin(text: string | undefined): boolean {
  const host = text === undefined ? undefined : webUrlParts(text)?.host;
  return host !== undefined && !isLoopbackHost(host) && host !== '0.0.0.0';
}

/** A literal of a list (`origin: ['http://localhost:3000', 'https://shop.acme.io']`) that also holds a real origin. */
function besideRealOrigin(literal: Node): boolean {
  let node = literal;
  while (Node.isParenthesizedExpression(node.getParent()) || Node.isAsExpression(node.getParent())) node = node.getParent()!;
  const list = node.getParent();
  return Node.isArrayLiteralExpression(list) && list.getElements().some((element) => isRealOrigin(stringValue(element)));
}

/** What values held under a callback name are built from (`success_url = f"{base}/payment/success"` -> `f"{base}/payment/success"`). */
function callbackValues(fileText: string): string[] {
  return fileText.split('\n').flatMap((line) => {
    const assignment = /^\s*(?:(?:const|let|var)\s+)?['"]?([\w.]+)['"]?\s*[:=]\s*(.+)$/.exec(line);
    return assignment !== null && CALLBACK_NAME.test(assignment[1] ?? '') ? [assignment[2] ?? ''] : [];
  });
}

const callbackValuesOf = new WeakMap<object, string[]>();

/**
 * A link the user is sent back to the app by, beyond a plain page link: it carries a token or code, is held under a
 * callback name (`success_url`), or is the base of a value held under one (`success_url = f"{base}/payment/success"`).
 */
function isRedirectLink(holder: string, text: string, variable: boolean, callbacks: readonly string[]): boolean {
  if (CALLBACK_NAME.test(holder) || TOKEN_QUERY.test(webUrlParts(text)?.path ?? '')) return true;
  if (!variable || !/^\w+$/.test(holder)) return false;
  const use = new RegExp(`\\b${holder}\\b`);
  return callbacks.some((value) => use.test(value));
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

/** The registrable part of a host (`apple.com` of `sandbox.itunes.apple.com`). */
function registrableDomain(host: string): string {
  return host.toLowerCase().split('.').slice(-2).join('.');
}

/**
 * `SANDBOX_URL` beside the provider's live URL of the same domain, the sandbox used on its own
 * terms (a receipt the live service answers "from the test environment" is retried there): both are
 * the provider's fixed endpoints, chosen per request. Not when the environment's name picks one.
 */
/** Whether a file's text also names the provider's live host: a host of the sandbox host's domain that is no sandbox. */
function namesLiveHostOf(text: string, host: string): boolean {
  const domain = registrableDomain(host);
  return [...text.matchAll(/https?:\/\/([a-z0-9.-]+)/gi)].some(([, other = '']) => registrableDomain(other) === domain && classifyEndpoint(`https://${other}`)?.kind !== 'sandboxHost');
}

function isPairedWithLiveHost(literal: Node, host: string): boolean {
  if (!namesLiveHostOf(literal.getSourceFile().getFullText(), host)) return false;
  const { holder } = heldUnder(literal);
  const references = Node.isVariableDeclaration(holder)
    ? literal.getSourceFile().getDescendantsOfKind(SyntaxKind.Identifier).filter((identifier) => identifier.getText() === holder.getName() && identifier !== holder.getNameNode())
    : [];
  const uses = [literal, ...references];
  return !uses.some((use) =>
    use.getAncestors().some((ancestor) => {
      const condition = Node.isIfStatement(ancestor) ? ancestor.getExpression() : Node.isConditionalExpression(ancestor) ? ancestor.getCondition() : undefined;
      // A branch on the environment's name: choosing the sandbox by it is the per-deploy choice LABELLING.md counts.
      return condition !== undefined && isEnvironmentCondition(condition.getText());
    }),
  );
}

/** Lines that open a branch in Python or Go: `if`, `elif`, `else`, `switch`, `case`. */
const BRANCH_HEAD = /^\s*(?:if|elif|else|switch|case)\b/;

/**
 * Whether the line of a Python or Go literal sits under a branch on the environment's name: its own
 * line is a conditional expression testing it (`URL = "…" if ENV == "dev" else "…"`), or a block
 * header above it at a lower indentation is (`if settings.ENV == "staging":`, `case "dev":`).
 */
function underEnvironmentBranch(text: string, line: number): boolean {
  const lines = text.split('\n');
  const own = lines[line - 1] ?? '';
  if (/\bif\b.*\belse\b/.test(own) && isEnvironmentCondition(own)) return true;
  let indent = /^\s*/.exec(own)?.[0].length ?? 0;
  for (let index = line - 2; index >= 0 && indent > 0; index--) {
    const above = lines[index] ?? '';
    if (above.trim() === '') continue;
    const depth = /^\s*/.exec(above)?.[0].length ?? 0;
    if (depth >= indent) continue;
    indent = depth;
    if (BRANCH_HEAD.test(above) && isEnvironmentCondition(above)) return true;
  }
  return false;
}

/**
 * `SERVERS = {"production": "https://api.vendor.io", "sandbox": "https://sandbox-api.vendor.io"}` in
 * Python or Go: the provider's live host of the same domain is written in the same file, so both are
 * its fixed endpoints, chosen per call (an SDK's `environment=` argument), as `isPairedWithLiveHost`
 * reads JS. Not when a branch on the environment's name picks the sandbox.
 */
function sourcePairedWithLiveHost(text: string, host: string, line: number): boolean {
  return namesLiveHostOf(text, host) && !underEnvironmentBranch(text, line);
}

/** A literal of a script that is a deploy-specific address, and how the rule would say so. */
interface LiteralAddress {
  messageId: Exclude<MessageId, 'configFileEndpoint'>;
  /** For messages: "localhost address"; absent for CORS origins and own-page links. */
  what?: string;
  /** The literal, each interpolated part shown as `${…}`. */
  value: string;
  span: Span;
  /**
   * For CORS origins and own-page links, the host they name: the app's own (`ownHosts`). For an
   * `ownHostLink`, which is no finding on its own, the host that makes it one when it is the app's.
   */
  host?: string;
  /** An `ownHostLink` that carries a token or a redirect back to the app (reported as a warning, else a note). */
  redirect?: boolean;
}

export const literalAddresses = stringLiteralFacts<LiteralAddress>({
  name: 'config/hardcoded-endpoints',
  version: 8,
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
    if (inPreviewData(node)) return undefined;
    if (usageOf(node) !== 'value' || isOnlyUrlBase(node) || environmentExclusion(node, DEPLOYS) !== undefined) return undefined;
    const cors = isCorsOrigin(node);
    if (endpoint && !cors) {
      if (endpoint.kind === 'local' || isNotAConnection(node, text)) return undefined;
      if (endpoint.kind === 'sandboxHost' && isPairedWithLiveHost(node, webUrlParts(text)?.host ?? '')) return undefined;
      const messageId = endpoint.kind === 'connectionString' ? 'connectionString' : endpoint.kind === 'sandboxHost' ? 'sandboxEndpoint' : 'endpoint';
      return { messageId, what: endpoint.what, value, span: spanOf(node, file) };
    }
    const host = webUrlParts(text)?.host;
    // Origins and own-page links: deploy-specific whatever their host, so public hosts count too.
    if (cors && (host !== undefined || endpoint !== undefined)) {
      // Beside the deploy's real origin, `http://localhost:3000` is the developer's front-end dev server.
      if (endpoint?.kind === 'local' && besideRealOrigin(node)) return undefined;
      return { messageId: 'corsOrigin', value, span: spanOf(node, file), ...(host !== undefined && { host }) };
    }
    if (endpoint || host === undefined) return undefined;
    const holder = holderName(node);
    if (isOwnAppLink(holder, text)) return { messageId: 'ownLink', value, span: spanOf(node, file), host };
    if (isNotAConnection(node, text)) return undefined;
    let callbacks = callbackValuesOf.get(sourceFile);
    if (callbacks === undefined) callbackValuesOf.set(sourceFile, (callbacks = callbackValues(sourceFile.text)));
    return { messageId: 'ownHostLink', value, span: spanOf(node, file), host, redirect: isRedirectLink(holder, text, Node.isVariableDeclaration(heldUnder(node).holder), callbacks) };
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
  return isCorsName(name) ? 'corsOrigin' : ALLOWED_HOSTS_NAME.test(name) ? 'allowedHost' : undefined;
}

/**
 * An `Origin` header the app sends with its own request to another service (`SetHeaders(map[string]string{"origin":
 * ...})`, `requests.get(url, headers={"Origin": ...})`): the vendor's origin, not who may call this app.
 */
function isRequestHeader(literal: BoundLiteral, text: string, bound: readonly BoundLiteral[]): boolean {
  if (/header/i.test(literal.call?.callee ?? '') || literal.path.some((segment) => /^headers?$/i.test(segment))) return true;
  // `Conf{ua: ..., referer: "https://vendor.io/", origin: "https://vendor.io"}`: a browser's headers, set beside one another.
  const where = literal.path.join('.');
  if (bound.some((other) => other !== literal && other.path.join('.') === where && other.type === literal.type && BROWSER_HEADER.test(other.name ?? ''))) return true;
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

/** The CORS origin and allowed-host lists of a file: consecutive literals bound to the same name. */
function hostLists(context: Context, bound: readonly BoundLiteral[], path: string): HostList[] {
  const lists: (HostList & { key: string })[] = [];
  let current: (HostList & { key: string }) | undefined;
  for (const literal of bound) {
    const name = literal.name ?? '';
    const kind = hostListKind(name);
    if (kind === undefined || literal.fallbackOf || !ADDRESS_BINDINGS.has(literal.binding) || isLocalLiteral(context, literal, path) || isRequestHeader(literal, context.text(path) ?? '', bound)) {
      current = undefined;
      continue;
    }
    const key = [...literal.path, name].join('.');
    if (current?.key === key) current.literals.push(literal);
    else lists.push((current = { kind, name, literals: [literal], key }));
  }
  return lists;
}

/** The host a list entry names: an origin's host, an allowed host without its subdomain dot or port. */
function entryHost(list: HostList, text: string): string | undefined {
  return list.kind === 'allowedHost' ? (HOST_NAME.test(text) ? text.replace(/^\./, '').replace(/:\d+$/, '') : undefined) : webUrlParts(text)?.host;
}

/**
 * The entries of a list that are deploy-specific: an origin or address for CORS, a concrete host for an
 * allow-list; each with its text and host.
 */
function deploySpecificEntries(list: HostList): { literal: BoundLiteral; text: string; host: string | undefined }[] {
  return list.literals.flatMap((literal) => {
    const text = literal.value.kind === 'string' ? literal.value.value.trim() : undefined;
    if (text === undefined || text === '*') return [];
    const host = entryHost(list, text);
    const specific = list.kind === 'allowedHost' ? host !== undefined && !isLoopbackHost(host) : host !== undefined || classifyEndpoint(text) !== undefined;
    return specific ? [{ literal, text, host }] : [];
  });
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
function sourceAddress(
  context: Context,
  literal: BoundLiteral,
  path: string,
  callbacks: () => readonly string[],
  functions: readonly SourceFunction[],
): LiteralAddress | undefined {
  const text = literal.value.kind === 'string' || literal.value.kind === 'template' ? literal.value.value : undefined;
  const name = literal.name ?? '';
  if (text === undefined || !ADDRESS_BINDINGS.has(literal.binding) || hostListKind(name) !== undefined || isLocalLiteral(context, literal, path)) return undefined;
  // Made-up values of a template preview (`def _get_sample_context_kwargs(...)`, `PREVIEW_PROPS = {...}`), as `inPreviewData` reads JS.
  if (literal.path.some(namesPreviewData) || namesPreviewData(enclosingFunction(functions, literal.span)?.name ?? '')) return undefined;
  // A `servers` entry of API docs (`get_openapi(servers=[{"url": ...}])`): where a developer tries the API.
  if (literal.path.some((segment) => /^servers$/i.test(segment))) return undefined;
  const callee = literal.call?.callee ?? '';
  if (SOURCE_TEXT_CALLS.test(callee) || SERVER_BIND_CALLS.test(callee) || SERVER_BIND_NAMES.test(name)) return undefined;
  const endpoint = classifyEndpoint(text, isHostKey(name));
  const value = text.replaceAll(HOLE, '${…}');
  if (literal.fallbackOf) return endpoint && { messageId: 'fallbackEndpoint', what: endpoint.what, value, span: literal.span };
  if (endpoint) {
    if (endpoint.kind === 'local' || HEALTH_PATH.test(webUrlParts(text)?.path ?? '')) return undefined;
    if (endpoint.kind === 'sandboxHost' && sourcePairedWithLiveHost(context.text(path) ?? '', webUrlParts(text)?.host ?? '', literal.span.line)) return undefined;
    const messageId = endpoint.kind === 'connectionString' ? 'connectionString' : endpoint.kind === 'sandboxHost' ? 'sandboxEndpoint' : 'endpoint';
    return { messageId, what: endpoint.what, value, span: literal.span };
  }
  const host = webUrlParts(text)?.host;
  if (host === undefined) return undefined;
  // `Defaults: TemplateDefaults{ActivateAccountURL: "…"}`: a value the caller replaces, like a `default` key.
  if (literal.path.length > 0 && /^defaults?$/i.test(literal.path.at(-1) ?? '')) return undefined;
  if (isOwnAppLink(name, text)) return { messageId: 'ownLink', value, span: literal.span, host };
  // `Field(default="https://shop.acme.io")`: a settings default each deploy overrides.
  if (DEFAULT_KEYS.test(name)) return undefined;
  const variable = literal.binding === 'variable' || literal.binding === 'constant';
  return { messageId: 'ownHostLink', value, span: literal.span, host, redirect: isRedirectLink(name, text, variable, callbacks()) };
}

/**
 * Python and Go runtime source: each CORS or allowed-host list holding a deploy-specific entry, once,
 * at its first real host (in `['http://localhost:3000', 'https://shop.acme.io']` the loopback origin is
 * the developer's dev server), else at the list's start; every other literal address as in JS/TS. Links
 * that are addresses only on the app's own host go to `candidates`; the hosts lists and own-page links
 * name go to `own`.
 */
function checkSourceFile(bound: readonly BoundLiteral[], file: IndexedFile, context: Context, flagFallbacks: boolean, own: OwnHosts, candidates: Candidate[]): void {
  const text = context.text(file.path) ?? '';
  const lists = hostLists(context, bound, file.path);
  const reads = context.facts(file.path, envReads) ?? [];
  const forDevelopment = (span: Span) => inDevelopmentOnlyBlock(text, span.line, file.language);
  for (const list of lists) {
    const entries = deploySpecificEntries(list);
    const [first] = list.literals;
    if (entries.length === 0 || first === undefined || forDevelopment(first.span)) continue;
    for (const { host } of entries) if (host !== undefined) addOwnHost(own, host, list.kind);
    if (extendedFromEnv(list, reads)) continue;
    const real = entries.find(({ host }) => host !== undefined && !isLoopbackHost(host) && host !== '0.0.0.0');
    const { text: value } = real ?? entries[0]!;
    const data: Record<string, string> = list.kind === 'corsOrigin' ? { value } : { value, name: list.name };
    context.report({ messageId: list.kind, data, file: file.path, ...(real?.literal ?? first).span });
  }
  let callbacks: string[] | undefined;
  const functions = context.facts(file.path, sourceFunctions) ?? [];
  for (const literal of bound) {
    const address = sourceAddress(context, literal, file.path, () => (callbacks ??= callbackValues(text)), functions);
    if (address === undefined || (address.messageId === 'fallbackEndpoint' && !flagFallbacks) || forDevelopment(address.span)) continue;
    if (address.messageId === 'ownHostLink') {
      candidates.push({ file: file.path, address });
      continue;
    }
    if (address.messageId === 'ownLink') addOwnLinkHost(own, address);
    const data: Record<string, string> = address.what === undefined ? { value: address.value } : { what: address.what, value: address.value };
    context.report({ messageId: address.messageId, data, file: file.path, ...address.span, ...(address.messageId === 'fallbackEndpoint' && { severity: 'note' as const }) });
  }
}

/** A CI step running a script by path: `python3 update_status.py`, `node tools/report.js`. */
const CI_SCRIPT_RUN = /(?:^|[\s;&|(])(?:python3?(?:\.\d+)?|node|ts-node|tsx|bun|deno\s+run)\s+(?:-\S+\s+)*(?:\.\/)?([\w./-]+\.(?:py|[cm]?[jt]s))(?=[\s;&|)"']|$)/gm;
/** A script that builds or starts a web app: the app itself, even when a CI job also starts it. */
const STARTS_APP = /\b(?:FastAPI|Flask|Starlette|Sanic|Quart|Litestar|Django|express|Koa|Fastify|fastify|Hono)\s*\(|\buvicorn\.run\b|\.listen\s*\(|\bcreateServer\s*\(|\bapp\.run\s*\(|\bweb\.Application\s*\(/;

/**
 * Scripts of the app's files that CI workflows run by path (`python3 update_api_status.py` in a job
 * posting test results): CI and operations tooling, not the deployed process, as long as they are no
 * entry point of the app and start no app themselves.
 */
function ciRunScripts(context: Context): Set<string> {
  const written = new Set<string>();
  for (const path of context.app.ciFiles) {
    for (const match of (context.text(path) ?? '').matchAll(CI_SCRIPT_RUN)) written.add(posix.normalize(match[1] ?? ''));
  }
  const scripts = new Set<string>();
  if (written.size === 0) return scripts;
  const entryPoints = new Set(context.app.entryPoints);
  for (const file of context.files) {
    const run = [...written].some((script) => file.path === script || file.path === posix.join(context.app.path, script) || file.path.endsWith(`/${script}`));
    if (!run || entryPoints.has(file.path) || STARTS_APP.test(context.text(file.path) ?? '')) continue;
    scripts.add(file.path);
  }
  return scripts;
}

/** Templates of the mails the app sends: a template file in a folder named for mail (`templates/email/welcome.html`, `mailers/`). */
const MAIL_TEMPLATE = /(?:^|\/)(?:e-?mails?|mail|mails|mailers?|mail[-_]?templates?|email[-_]?templates?)\/(?:[\w.-]+\/)*[\w.-]+\.(?:html?|hbs|handlebars|ejs|mjml|njk|jinja2?|j2|pug|liquid|twig|mustache)$/i;
const TEMPLATE_LINK = /\bhref\s*=\s*["']?(https?:\/\/[^"'\s>{}]+)/gi;

/** The absolute links of a mail template, with where each starts: candidates like links in code. */
function mailTemplateLinks(text: string, path: string): Candidate[] {
  return [...text.matchAll(TEMPLATE_LINK)].flatMap((match) => {
    const value = match[1] ?? '';
    const host = webUrlParts(value)?.host;
    if (host === undefined) return [];
    const start = (match.index ?? 0) + match[0].length - value.length;
    const { line, column } = positionAt(text, start);
    const end = positionAt(text, start + value.length);
    return [{ file: path, address: { messageId: 'ownHostLink' as const, value, host, span: { line, column, endLine: end.line, endColumn: end.column } } }];
  });
}

// ---------------------------------------------------------------------------------------------
// The app's own hosts

/** What tells that a host is the app's own: it is a CORS origin, a host the app answers to, or the host of its own page links. */
type OwnHostEvidence = 'corsOrigin' | 'allowedHost' | 'ownLink';
const EVIDENCE_WORDS: Record<OwnHostEvidence, string> = {
  corsOrigin: 'a CORS origin of the app',
  allowedHost: 'a host the app answers to',
  ownLink: 'the host of its own password-reset or verification links',
};

interface OwnHosts {
  /** Host -> why it is the app's. */
  hosts: Map<string, OwnHostEvidence>;
  /** The sites (`acme.io`) of the app's front end, by its origins and allowed hosts: their other hosts are the team's deploys too. */
  sites: Map<string, OwnHostEvidence>;
}

/** A link on some host, reported only when that host is the app's own. */
interface Candidate {
  file: string;
  address: LiteralAddress;
}

/** Shared hosting domains: two apps under one of them belong to different people. */
const SHARED_HOSTING =
  /(?:^|\.)(?:herokuapp\.com|vercel\.app|netlify\.app|github\.io|gitlab\.io|onrender\.com|railway\.app|fly\.dev|pages\.dev|web\.app|firebaseapp\.com|azurewebsites\.net|azurestaticapps\.net|cloudfront\.net|amazonaws\.com|appspot\.com|ngrok\.io|ngrok-free\.app|glitch\.me|repl\.co|surge\.sh)$/i;

/** The registrable domain of a host (`acme.io` of `shop.acme.io`, `acme.co.uk`); none for an IP address or a shared hosting domain. */
function siteOf(host: string): string | undefined {
  const labels = host.toLowerCase().split('.');
  if (labels.length < 2 || /^\d+$/.test(labels.at(-1) ?? '') || SHARED_HOSTING.test(host)) return undefined;
  const size = (labels.at(-1) ?? '').length === 2 && /^(?:co|com|org|net|gov|ac|edu|ne|or)$/.test(labels.at(-2) ?? '') ? 3 : 2;
  return labels.length >= size ? labels.slice(-size).join('.') : undefined;
}

/** A host that says nothing about where the app is deployed: loopback, private, reserved for examples, a pattern. */
function isAnonymousHost(host: string): boolean {
  return isLoopbackHost(host) || classifyEndpoint(`http://${host}`)?.kind === 'privateNetwork' || isReservedExampleHost(host) || host === '0.0.0.0' || /[*\s]/.test(host) || host.includes(HOLE);
}

function addOwnHost(own: OwnHosts, host: string, evidence: OwnHostEvidence): void {
  const name = host.toLowerCase();
  if (isAnonymousHost(name)) return;
  // A CORS origin or allowed host is the plainer proof: it wins over an own-page link.
  if (!own.hosts.has(name) || own.hosts.get(name) === 'ownLink') own.hosts.set(name, evidence);
  const site = evidence === 'ownLink' ? undefined : siteOf(name);
  if (site !== undefined && !own.sites.has(site)) own.sites.set(site, evidence);
}

/**
 * The host of an own-page link that carries the user's token or code (`/reset-password?token=${…}`):
 * only the app can check it. A link held under a callback name may lead to the vendor's site instead
 * (a self-hosted product's `success_url: "https://vendor.io/thank-you"`), and proves nothing.
 */
function addOwnLinkHost(own: OwnHosts, address: LiteralAddress): void {
  const path = ownPathPart(webUrlParts(address.value)?.path ?? '');
  if (address.host !== undefined && (TOKEN_QUERY.test(path) || (OWN_PAGE.test(path) && path.includes('${…}')))) addOwnHost(own, address.host, 'ownLink');
}

/** Why `host` is the app's own, or undefined. */
function ownHostEvidence(own: OwnHosts, host: string): OwnHostEvidence | undefined {
  const name = host.toLowerCase();
  if (isAnonymousHost(name)) return undefined;
  const site = siteOf(name);
  return own.hosts.get(name) ?? (site === undefined ? undefined : own.sites.get(site));
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
    ownHostLink:
      'address on the app\'s own host "{{value}}" hard-coded ({{host}} is {{evidence}}): each deploy has its own public URL; build it from a configured base URL (e.g. APP_URL)',
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
  facts: [literalAddresses, literals, envReads, sourceFunctions],
  check(context) {
    const flagFallbacks = context.options.flagFallbacks === true;
    const own: OwnHosts = { hosts: new Map(), sites: new Map() };
    const candidates: Candidate[] = [];
    const ciScripts = ciRunScripts(context);
    forEachRuntimeScriptFacts(context, literalAddresses, (addresses, file) => {
      if (DEV_ONLY_FILE.test(posix.normalize(file.path)) || API_DOCS_FILE.test(file.path) || isLocalSettingsPath(context, file.path) || ciScripts.has(file.path)) return;
      for (const address of addresses) {
        const { messageId, what, value, span, host } = address;
        if (messageId === 'ownHostLink') {
          candidates.push({ file: file.path, address });
          continue;
        }
        if (messageId === 'corsOrigin' && host !== undefined) addOwnHost(own, host, messageId);
        if (messageId === 'ownLink') addOwnLinkHost(own, address);
        const data: Record<string, string> = what === undefined ? { value } : { what, value };
        if (messageId !== 'fallbackEndpoint') context.report({ messageId, data, file: file.path, ...span });
        else if (flagFallbacks) context.report({ messageId, data, file: file.path, ...span, severity: 'note' });
      }
    });
    for (const file of context.candidates((candidate) => (candidate.role === 'config' || candidate.role === 'source') && isIniConfigPath(candidate.path))) {
      const text = context.text(file.path);
      if (text !== undefined) checkConfigFile(text, file, context);
    }
    forEachSourceFacts(context, literals, (bound, file) => checkSourceFile(bound, file, context, flagFallbacks, own, candidates), (file) => isRuntimeSource(file) && !ciScripts.has(file.path));
    for (const file of context.candidates((candidate) => candidate.role === 'source' && MAIL_TEMPLATE.test(candidate.path))) {
      candidates.push(...mailTemplateLinks(context.text(file.path) ?? '', file.path));
    }
    // Links on a host the app's CORS origins, allowed hosts or own-page links show to be its own deploy.
    for (const { file, address } of candidates) {
      const evidence = address.host === undefined ? undefined : ownHostEvidence(own, address.host);
      if (evidence === undefined) continue;
      const data = { value: address.value, host: address.host ?? '', evidence: EVIDENCE_WORDS[evidence] };
      context.report({ messageId: 'ownHostLink', data, file, ...address.span, ...(!address.redirect && { severity: 'note' as const }) });
    }
  },
});
