import { posix } from 'node:path';
import { Node, SyntaxKind } from 'ts-morph';
import {
  calleeName,
  classifyEndpoint,
  defineRule,
  forEachRuntimeScriptFacts,
  heldUnder,
  HOLE,
  envVariableName,
  iniEntries,
  isBackingServiceSetting,
  isIniConfigPath,
  webUrlParts,
  matchesIn,
  stringAt,
  textSources,
  isEnvFallback,
  isHostKey,
  isNameLiteral,
  literalTextWithHoles,
  spanOf,
  stringLiteralFacts,
  stringValue,
  unwrap,
  type Span,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'endpoint' | 'connectionString' | 'fallbackEndpoint' | 'sandboxEndpoint' | 'corsOrigin' | 'ownLink' | 'configFileEndpoint';
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
    if (rest.some((argument) => argument === child) && stringValue(first) !== undefined && CONFIG_GETTERS.test(callee)) return 'default';
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
/** Config readers whose second argument is the default: Nest ConfigService, convict, node-config, env helpers. */
const CONFIG_GETTERS = /(?:^|\.)(?:get|getOrThrow|getOrDefault|getString|getValue|env|getEnv|readEnv|fromEnv)$/;

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
const CALLBACK_NAME = /callback|redirect_?ur[il]|return_?url/i;
/** Path words of links the app mails or redirects to: its own pages, so its own host. */
const OWN_PAGE = /(?:^|[/?#&=])(?:reset|forgot|verify|verification|confirm|activate|activation|invite|invitation|magic|unsubscribe|callback)(?![a-z])/i;
/** Hosts of third-party APIs, whose paths may also say `verify` or `callback`. */
const API_HOST = /^api(?:[.-]|$)|googleapis\.com$/i;

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

/** A link to one of the app's own pages (password reset, email verification, OAuth callback) with its host written in. */
function isOwnAppLink(literal: Node, text: string): boolean {
  const parts = webUrlParts(text);
  if (!parts || API_HOST.test(parts.host)) return false;
  if (CALLBACK_NAME.test(holderName(literal))) return true;
  // A page of the app carries the user's token or code (`/reset-password?token=${token}`); a static page link is a third party's docs as often.
  return OWN_PAGE.test(parts.path) && (parts.path.includes(HOLE) || /[?&](?:token|code)=/i.test(parts.path));
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
  version: 1,
  module: import.meta.url,
  triggers: TRIGGERS,
  create: (file) => (node) => {
    const text = literalTextWithHoles(node, HOLE);
    // Only an endpoint (however its holder is named) or a web URL is ever reported: most literals stop here, before their surroundings are read.
    if (text === undefined || (classifyEndpoint(text, true) === undefined && webUrlParts(text) === undefined) || isNameLiteral(node)) return undefined;
    const endpoint = classifyEndpoint(text, holdsConnectionHost(node));
    const value = text.replaceAll(HOLE, '${…}');
    if (isEnvFallback(node)) return endpoint && { messageId: 'fallbackEndpoint', what: endpoint.what, value, span: spanOf(node, file) };
    if (usageOf(node) !== 'value' || isOnlyUrlBase(node)) return undefined;
    const cors = isCorsOrigin(node);
    if (endpoint && !cors) {
      if (isNotAConnection(node, text)) return undefined;
      const messageId = endpoint.kind === 'connectionString' ? 'connectionString' : endpoint.kind === 'sandboxHost' ? 'sandboxEndpoint' : 'endpoint';
      return { messageId, what: endpoint.what, value, span: spanOf(node, file) };
    }
    // Origins and own-page links: deploy-specific whatever their host, so public hosts count too.
    if (cors && (webUrlParts(text) !== undefined || endpoint !== undefined)) return { messageId: 'corsOrigin', value, span: spanOf(node, file) };
    return !endpoint && isOwnAppLink(node, text) ? { messageId: 'ownLink', value, span: spanOf(node, file) } : undefined;
  },
});

/** Django and Flask settings that list the origins a CORS or CSRF policy admits. */
const PY_ORIGIN_SETTING = /^[ \t]*(CORS_ORIGIN_WHITELIST|CORS_ALLOWED_ORIGINS|CORS_ORIGINS|CORS_ALLOW_ORIGINS|CSRF_TRUSTED_ORIGINS|ALLOWED_ORIGINS)\s*=\s*[[(]/m;

/** `CORS_ORIGIN_WHITELIST = ('localhost:4000', ...)` in Python settings: one finding per setting, at its name. */
function checkPythonSettings(context: Context): void {
  for (const source of textSources(context, 'python')) {
    for (const { match, offset, line, column } of matchesIn(source, PY_ORIGIN_SETTING)) {
      const open = offset + match[0].length - 1;
      const close = source.code.indexOf(source.code[open] === '[' ? ']' : ')', open);
      const body = source.code.slice(open, close === -1 ? undefined : close);
      if (/\b(?:os\.environ|getenv|config|env)\b/.test(body)) continue;
      const values = matchesIn({ ...source, code: body }, /(['"])[^'"\n]*\1/).map((found) => stringAt(source, open + found.offset) ?? '');
      const origin = values.find((value) => value !== '*' && (webUrlParts(value) !== undefined || classifyEndpoint(value) !== undefined));
      if (origin === undefined) continue;
      context.report({ messageId: 'corsOrigin', data: { value: origin }, file: source.file.path, line, column: column + (match[0].length - match[0].trimStart().length) });
    }
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
    'Finds localhost, private-network, cluster-internal, environment-named and provider-sandbox addresses, connection strings, CORS origins and links to the app\'s own pages written as literals in source code or committed INI-style config.',
  fix: 'Read the address from an environment variable (DATABASE_URL, REDIS_URL, API_BASE_URL) so each deploy supplies its own.',
  messages: {
    endpoint: '{{what}} "{{value}}" hard-coded; read it from an environment variable so each deploy can set its own',
    connectionString: '{{what}} "{{value}}" hard-coded; read it from an environment variable (e.g. DATABASE_URL)',
    fallbackEndpoint: '{{what}} "{{value}}" is the fallback when the variable is unset; a deploy that forgets it silently talks to it',
    sandboxEndpoint: '{{what}} "{{value}}" hard-coded: the live deploy needs the provider\'s live host; read the base URL from an environment variable',
    corsOrigin: 'CORS origin "{{value}}" hard-coded: each deploy serves its frontend from its own origin; read the allowed origins from an environment variable',
    ownLink: 'link to the app\'s own page "{{value}}" hard-coded: each deploy has its own public URL; build it from a configured base URL (e.g. APP_URL)',
    configFileEndpoint: '{{what}} "{{value}}" is fixed in committed config ({{key}}); read it from an environment variable so each deploy can set its own',
  },
  defaultOptions: { flagFallbacks: false },
  triggers: TRIGGERS,
  // Private workspace packages stay out too: shared UI and tooling packages are not where a deploy's addresses live.
  appliesTo: (app) => (app.kind === 'library' && app.manifest !== undefined ? 'libraries take endpoints from the app that uses them' : true),
  facts: [literalAddresses],
  check(context) {
    const flagFallbacks = context.options.flagFallbacks === true;
    forEachRuntimeScriptFacts(context, literalAddresses, (addresses, file) => {
      if (DEV_ONLY_FILE.test(posix.normalize(file.path)) || API_DOCS_FILE.test(file.path)) return;
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
    checkPythonSettings(context);
  },
});
