import { posix } from 'node:path';
import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import {
  calleeName,
  classifyEndpoint,
  defineRule,
  forEachScript,
  heldUnder,
  HOLE,
  envVariableName,
  isEnvFallback,
  isHostKey,
  isNameLiteral,
  literalTextWithHoles,
  locate,
  stringLiterals,
  stringValue,
  unwrap,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'endpoint' | 'connectionString' | 'fallbackEndpoint';
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
    return envVariableName(read) === 'PORT';
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

function checkScript(sourceFile: SourceFile, file: IndexedFile, context: Context): void {
  const flagFallbacks = context.options.flagFallbacks === true;
  for (const node of stringLiterals(sourceFile)) {
    const text = literalTextWithHoles(node, HOLE);
    if (text === undefined || isNameLiteral(node)) continue;
    const endpoint = classifyEndpoint(text, holdsConnectionHost(node));
    if (!endpoint) continue;
    const shown = text.replaceAll(HOLE, '${…}');
    const site = { file: file.path, ...locate(node) };
    if (isEnvFallback(node)) {
      if (flagFallbacks) context.report({ messageId: 'fallbackEndpoint', data: { what: endpoint.what, value: shown }, ...site, severity: 'note' });
      continue;
    }
    if (usageOf(node) !== 'value') continue;
    const messageId = endpoint.kind === 'connectionString' ? 'connectionString' : 'endpoint';
    context.report({ messageId, data: { what: endpoint.what, value: shown }, ...site });
  }
}

export const hardcodedEndpoints = defineRule<MessageId>({
  id: 'config/hardcoded-endpoints',
  factor: 'config',
  defaultSeverity: 'warning',
  title: 'Deploy-specific endpoints hard-coded',
  description:
    'Finds localhost, private-network, cluster-internal and environment-named addresses and database/broker connection strings written as literals in source code.',
  fix: 'Read the address from an environment variable (DATABASE_URL, REDIS_URL, API_BASE_URL) so each deploy supplies its own.',
  messages: {
    endpoint: '{{what}} "{{value}}" hard-coded; read it from an environment variable so each deploy can set its own',
    connectionString: '{{what}} "{{value}}" hard-coded; read it from an environment variable (e.g. DATABASE_URL)',
    fallbackEndpoint: '{{what}} "{{value}}" is the fallback when the variable is unset; a deploy that forgets it silently talks to it',
  },
  defaultOptions: { flagFallbacks: false },
  triggers: [
    '://', 'localhost', '127.0.0.1', '::1', '10.', '172.', '192.168.', '.internal', '.local', '.svc', '.lan', '.corp',
    'staging', 'stage', 'stg', 'preprod', 'pre-prod', 'uat', 'qa', 'dev', ':5432', ':3306', ':27017', ':6379', ':5672',
    ':4222', ':9092', ':11211', ':9200', ':1433', ':1521', ':8529', ':7687', ':2181', ':9042', ':8086', ':26257', ':5984',
  ],
  appliesTo: (app) => (app.kind === 'library' ? 'libraries take endpoints from the app that uses them' : true),
  check(context) {
    forEachScript(context, (sourceFile, file) => {
      if (!DEV_ONLY_FILE.test(posix.normalize(file.path))) checkScript(sourceFile, file, context);
    });
  },
});
