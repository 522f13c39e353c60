import { posix } from 'node:path';
import { Node, SyntaxKind, ts, type SourceFile } from 'ts-morph';
import {
  calleeName,
  classifyEndpoint,
  configClassChoices,
  DEPLOYED_ENVIRONMENTS,
  ENVIRONMENT_NAMES,
  dataEntries,
  defineRule,
  envVariableName,
  forEachScriptFacts,
  forEachSourceFacts,
  isEnvFile,
  isHostKey,
  isRuntimeSource,
  isToolingPath,
  literalText,
  looksLikeSecret,
  nameWords,
  spanOf,
  unwrap,
  wrapped,
  type FileExtractor,
  type FileInput,
  type Span,
} from '../../src/rule-kit/index.js';
import { isDeployedEnvironmentEnvFile } from '../../src/rule-kit/env-files.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId =
  | 'configValueByEnv'
  | 'settingByEnv'
  | 'configLookupByEnv'
  | 'configFileByEnv'
  | 'envFileByEnv'
  | 'perEnvironmentConfig'
  | 'perEnvironmentFile'
  | 'configClassByCondition';
type Context = RuleContext<MessageId>;

/** A place where a script picks configuration by the environment's name, with what its finding says. */
interface EnvNameChoice {
  messageId: Exclude<MessageId, 'perEnvironmentFile' | 'configClassByCondition'>;
  data: Record<string, string>;
  span: Span;
  /** For an environment map: whether a block holds configuration values itself rather than references to them. */
  literal?: boolean;
  /** For a dotenv file named by the environment: its file name with `*` where the name goes (`.env.*.local`). */
  envFile?: string;
  /** Lower than the rule's warning: a setting whose absence outside production is mostly hygiene. */
  severity?: 'note';
}

/** Variables that name the deployment: NODE_ENV, APP_ENV, RAILS_ENV, ENVIRONMENT, STAGE, DEPLOY_ENV, VERCEL_ENV ... */
const ENV_NAME_VARIABLE = /^(?:NODE_ENV|APP_ENV|RAILS_ENV|RACK_ENV|ENVIRONMENT|ENV|STAGE|[A-Z0-9]+_(?:ENV|ENVIRONMENT|STAGE))$/;
/** Booleans that conventionally mean "NODE_ENV is x": `isProduction`, `env.isDev`, `config.isTest`. */
const ENV_FLAG_NAME = /^(?:is|in)(?:Prod|Production|Dev|Development|Staging|Test|Testing|Local)$/;
/** The last word of a key that holds configuration rather than behaviour. */
const CONFIG_WORDS = new Set([
  'url', 'uri', 'host', 'hostname', 'port', 'endpoint', 'database', 'db', 'dbname', 'bucket', 'region', 'dsn', 'domain', 'origin',
  'origins', 'server', 'connection', 'username', 'user', 'password', 'secret', 'token', 'key', 'queue', 'topic', 'cluster', 'brokers',
]);
const COMPARISONS = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.EqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);

// ---------------------------------------------------------------------------------------------
// Which values are configuration

/** A string that varies per deploy: an address, a URL, a secret, or anything held under a config-named key. */
function isConfigString(name: string, value: string): boolean {
  if (value.trim() === '' || /\$\{|\{\{|%\(/.test(value) || /^[A-Z][A-Z0-9_]*$/.test(value)) return false;
  if (classifyEndpoint(value, isHostKey(name)) || /^[a-z][a-z0-9+.-]*:\/\//i.test(value) || looksLikeSecret(name, value)) return true;
  return CONFIG_WORDS.has(nameWords(name).at(-1) ?? '');
}

/** Whether an expression is (or builds) configuration values: strings, numbers under config keys, objects of them. */
function isConfigValue(node: Node | undefined, name: string): boolean {
  if (!node) return false;
  const expression = unwrap(node);
  const text = literalText(expression);
  if (text !== undefined) return isConfigString(name, text);
  if (Node.isNumericLiteral(expression)) return CONFIG_WORDS.has(nameWords(name).at(-1) ?? '');
  if (Node.isArrayLiteralExpression(expression)) return expression.getElements().some((element) => isConfigValue(element, name));
  if (Node.isObjectLiteralExpression(expression)) {
    return expression.getProperties().some((property) => Node.isPropertyAssignment(property) && isConfigValue(property.getInitializer(), property.getName()));
  }
  if (Node.isConditionalExpression(expression)) return isConfigValue(expression.getWhenTrue(), name) || isConfigValue(expression.getWhenFalse(), name);
  return false;
}

/** Whether a branch of an `if`/`switch` assigns, declares, returns or passes configuration values. */
function branchSetsConfig(branch: Node | undefined): boolean {
  if (!branch) return false;
  let found = false;
  const visit = (node: Node): void => {
    if (found || Node.isFunctionLikeDeclaration(node) || Node.isArrowFunction(node)) return;
    if (Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
      const left = unwrap(node.getLeft());
      const name = Node.isPropertyAccessExpression(left) ? left.getName() : left.getText();
      found = isConfigValue(node.getRight(), name);
    } else if (Node.isVariableDeclaration(node)) {
      found = isConfigValue(node.getInitializer(), node.getName());
    } else if (Node.isReturnStatement(node)) {
      found = isConfigValue(node.getExpression(), '');
    } else if (Node.isCallExpression(node)) {
      found = node.getArguments().some((argument) => {
        const value = unwrap(argument);
        return Node.isObjectLiteralExpression(value) ? isConfigValue(value, '') : literalText(value) !== undefined && classifyEndpoint(literalText(value) ?? '') !== undefined;
      });
    }
    if (!found) node.forEachChild(visit);
  };
  visit(branch);
  return found;
}

// ---------------------------------------------------------------------------------------------
// Which expressions name the environment

interface FileFacts {
  /** Local names bound to the environment name (`const env = process.env.NODE_ENV || 'development'`). */
  envAliases: Set<string>;
  /** Local booleans bound to an environment comparison (`const isProd = env === 'production'`), with that environment. */
  flagAliases: Map<string, string>;
}

/** The variable an expression reads the environment name from, or undefined. */
const CASE_CONVERSIONS = new Set(['toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'trim']);

function envNameSource(node: Node, facts: FileFacts): string | undefined {
  let expression = unwrap(node);
  if (Node.isBinaryExpression(expression) && ['||', '??'].includes(expression.getOperatorToken().getText())) {
    expression = unwrap(expression.getLeft());
  }
  // `env.toLowerCase()` names the same environment.
  while (Node.isCallExpression(expression) && expression.getArguments().length === 0) {
    const callee = expression.getExpression();
    if (!Node.isPropertyAccessExpression(callee) || !CASE_CONVERSIONS.has(callee.getName())) break;
    expression = unwrap(callee.getExpression());
  }
  const variable = envVariableName(expression);
  if (variable !== undefined) return ENV_NAME_VARIABLE.test(variable) ? variable : undefined;
  if (Node.isIdentifier(expression) && facts.envAliases.has(expression.getText())) return expression.getText();
  // `config.env`, `settings.nodeEnv`, and a class's own `this.env`.
  if (Node.isPropertyAccessExpression(expression) && /^(?:nodeEnv|NODE_ENV|env|environment|appEnv)$/.test(expression.getName()) && /config|settings|options|app|^this$/i.test(expression.getExpression().getText())) {
    return expression.getText();
  }
  // Express: app.get('env') is NODE_ENV.
  if (Node.isCallExpression(expression) && /(?:^|\.)app\.get$/.test(calleeName(expression) ?? '')) {
    const [first] = expression.getArguments();
    if (first && literalText(unwrap(first)) === 'env') return "app.get('env')";
  }
  return undefined;
}

/** `process.env.NODE_ENV === 'production'` -> { variable, environment }. */
function envComparison(node: Node, facts: FileFacts): { variable: string; environment: string } | undefined {
  if (!Node.isBinaryExpression(node) || !COMPARISONS.has(node.getOperatorToken().getKind())) return undefined;
  for (const [side, other] of [[node.getLeft(), node.getRight()], [node.getRight(), node.getLeft()]] as const) {
    const environment = literalText(unwrap(other));
    const variable = envNameSource(side, facts);
    if (variable !== undefined && environment !== undefined && ENVIRONMENT_NAMES.has(environment.toLowerCase())) return { variable, environment };
  }
  return undefined;
}

function fileFacts(sourceFile: SourceFile): FileFacts {
  const facts: FileFacts = { envAliases: new Set(), flagAliases: new Map() };
  for (const declaration of sourceFile.getVariableDeclarations()) {
    const nameNode = declaration.getNameNode();
    const initializer = declaration.getInitializer();
    if (!initializer) continue;
    if (Node.isObjectBindingPattern(nameNode) && unwrap(initializer).getText() === 'process.env') {
      for (const element of nameNode.getElements()) {
        if (ENV_NAME_VARIABLE.test((element.getPropertyNameNode() ?? element.getNameNode()).getText())) facts.envAliases.add(element.getName());
      }
    } else if (Node.isIdentifier(nameNode)) {
      const comparison = envComparison(unwrap(initializer), facts);
      if (envNameSource(initializer, facts) !== undefined) facts.envAliases.add(nameNode.getText());
      else if (comparison) facts.flagAliases.set(nameNode.getText(), comparison.environment);
    }
  }
  return facts;
}

/** A boolean that stands for an environment comparison: a local alias or a conventional `isProduction`. */
function envFlag(node: Node, facts: FileFacts): { variable: string; environment: string } | undefined {
  let name: string | undefined;
  if (Node.isIdentifier(node) && !Node.isPropertyAccessExpression(node.getParent())) name = node.getText();
  else if (Node.isPropertyAccessExpression(node)) name = node.getName();
  if (name === undefined) return undefined;
  const environment = facts.flagAliases.get(name) ?? (ENV_FLAG_NAME.test(name) ? name.slice(2).toLowerCase() : undefined);
  return environment === undefined ? undefined : { variable: node.getText(), environment };
}

/** Whether an environment test decides an `if`, a ternary or a `flag && doSomething()` statement. */
function decides(construct: Node | undefined, part: Node): boolean {
  if (Node.isConditionalExpression(construct)) return construct.getCondition() === part;
  if (Node.isIfStatement(construct)) return construct.getExpression() === part;
  return Node.isExpressionStatement(construct) && Node.isBinaryExpression(part);
}

// ---------------------------------------------------------------------------------------------
// Code

/** Climbs from a condition part (through `!`, `&&`, `||`, parentheses) to the construct it decides. */
function decidedConstruct(condition: Node): { construct: Node | undefined; part: Node } {
  let part = condition;
  let parent = condition.getParent();
  while (
    parent &&
    (Node.isParenthesizedExpression(parent) ||
      (Node.isPrefixUnaryExpression(parent) && parent.getOperatorToken() === SyntaxKind.ExclamationToken) ||
      (Node.isBinaryExpression(parent) && ['&&', '||'].includes(parent.getOperatorToken().getText())))
  ) {
    part = parent;
    parent = parent.getParent();
  }
  return { construct: parent, part };
}

/** Whether the construct an environment test decides picks configuration values (else it toggles behaviour). */
function choosesConfig(construct: Node | undefined, part: Node): boolean {
  if (Node.isConditionalExpression(construct) && construct.getCondition() === part) {
    return isConfigValue(construct.getWhenTrue(), holderName(construct)) || isConfigValue(construct.getWhenFalse(), holderName(construct));
  }
  if (Node.isIfStatement(construct) && construct.getExpression() === part) {
    return branchSetsConfig(construct.getThenStatement()) || branchSetsConfig(construct.getElseStatement());
  }
  return false;
}

/** The key or variable a value is held under (`ssl: cond ? a : b`, `const secure = cond`), or ''. */
function holderName(node: Node): string {
  const holder = node.getParent();
  if (Node.isPropertyAssignment(holder) || Node.isVariableDeclaration(holder)) return holder.getName().replace(/^["']|["']$/g, '');
  if (Node.isBinaryExpression(holder) && holder.getOperatorToken().getKind() === SyntaxKind.EqualsToken) {
    const left = unwrap(holder.getLeft());
    return Node.isPropertyAccessExpression(left) ? left.getName() : left.getText();
  }
  return '';
}

/**
 * Settings LABELLING.md names as their own config, not ergonomics: rate limits, secure-cookie flags,
 * database TLS, proxy trust, a whole config class. Anything else an environment test toggles (log
 * format, stack traces, dev routes, hot-reload caches) is developer ergonomics and not reported.
 */
const SECURITY_MIDDLEWARE = 'security middleware';
const SETTING_NAMES: readonly [RegExp, string][] = [
  [/limiter$|ratelimit|throttl|slowdown/i, 'rate limiting'],
  [/^(?:secure|securecookies?|samesite)$/i, 'the secure-cookie flag'],
  [/^(?:ssl|tls|rejectunauthorized|sslmode)$/i, 'TLS'],
  [/^trust proxy$/i, 'proxy trust'],
  [/^(?:helmet|hpp|csurf|lusca)$/i, SECURITY_MIDDLEWARE],
  [/(?:prod(?:uction)?|dev(?:elopment)?|staging|test(?:ing)?)(?:config|configuration|settings)$/i, 'the config class'],
];

function settingNamed(name: string): string | undefined {
  return SETTING_NAMES.find(([pattern]) => pattern.test(name))?.[1];
}

/** The first setting named anywhere under `node` (identifiers, keys, string literals like 'trust proxy'). */
function settingIn(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  let found: string | undefined;
  const visit = (child: Node): void => {
    if (found !== undefined) return;
    if (Node.isIdentifier(child) || Node.isStringLiteral(child)) found = settingNamed(child.getText().replace(/^["']|["']$/g, ''));
    if (found === undefined) child.forEachChild(visit);
  };
  visit(node);
  return found;
}

/** A finding of a setting switched by environment name; security headers mounted only in production are low (LABELLING.md's labels). */
function settingChoice(setting: string, data: Record<string, string>, span: Span): EnvNameChoice {
  return { messageId: 'settingByEnv', data: { ...data, setting }, span, ...(setting === SECURITY_MIDDLEWARE && { severity: 'note' as const }) };
}

/** The setting the construct an environment test decides turns on or off, or undefined for ergonomics. */
function chosenSetting(construct: Node | undefined, part: Node): string | undefined {
  if (Node.isConditionalExpression(construct) && construct.getCondition() === part) {
    return settingNamed(holderName(construct)) ?? settingIn(construct.getWhenTrue()) ?? settingIn(construct.getWhenFalse());
  }
  if (Node.isIfStatement(construct) && construct.getExpression() === part) return settingIn(construct.getThenStatement()) ?? settingIn(construct.getElseStatement());
  if (Node.isExpressionStatement(construct) && Node.isBinaryExpression(part)) return settingIn(part.getRight());
  // `secure: NODE_ENV === 'production'`, `cookie.secure = isProd`, `const ssl = env === 'production'`.
  return settingNamed(holderName(part));
}

/** Test-harness wiring (`NODE_ENV === 'test'`) is not deploy configuration. */
const TEST_ENVIRONMENTS = new Set(['test', 'testing', 'ci']);

/**
 * Whether the decided value also has its own variable (`process.env.PORT || (isProd ? 80 : 3000)`,
 * `NODE_ENV !== 'production' || process.env.DISABLE_X`): the environment name only supplies a default,
 * which LABELLING.md calls ambiguous; it is left unreported.
 */
function hasOverrideVariable(construct: Node | undefined, part: Node): boolean {
  const readsOtherVariable = (node: Node): boolean =>
    [node, ...node.getDescendants()].some((child) => {
      const variable = envVariableName(child);
      return variable !== undefined && !ENV_NAME_VARIABLE.test(variable);
    });
  if (readsOtherVariable(part)) return true;
  let value: Node = construct ?? part;
  for (let parent = value.getParent(); parent && Node.isParenthesizedExpression(parent); parent = parent.getParent()) value = parent;
  const holder = value.getParent();
  return (
    Node.isBinaryExpression(holder) &&
    ['||', '??'].includes(holder.getOperatorToken().getText()) &&
    holder.getRight() === value &&
    readsOtherVariable(holder.getLeft())
  );
}

/** Environments of a developer's machine: what only they switch on never reaches a deploy. */
const DEVELOPMENT_ENVIRONMENTS = new Set(['development', 'dev', 'develop', 'local']);

/**
 * `if (isDev) app.use(cors({ origin: 'http://localhost:3000' }))`: a block run only in development,
 * with no else, that only calls (registers middleware or tooling) and whose addresses are all loopback
 * ones (a local dev server). LABELLING.md counts dev-only tooling as ergonomics: no deploy takes the
 * branch and none gets a value from it. A development branch that assigns, declares or returns values,
 * or names a backing service or any other host, still chooses configuration.
 */
function isDevelopmentOnlyTooling(construct: Node | undefined, part: Node, site: Node, environment: string): boolean {
  if (!Node.isIfStatement(construct) || construct.getElseStatement() !== undefined || part !== site) return false;
  if (!DEVELOPMENT_ENVIRONMENTS.has(environment.toLowerCase())) return false;
  if (Node.isBinaryExpression(site) && ![SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken].includes(site.getOperatorToken().getKind())) return false;
  const body = construct.getThenStatement();
  const statements = Node.isBlock(body) ? body.getStatements() : [body];
  if (!statements.every((statement) => Node.isExpressionStatement(statement) && Node.isCallExpression(unwrap(statement.getExpression())))) return false;
  const descendants = body.getDescendants();
  if (descendants.some((node) => Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.EqualsToken)) return false;
  return descendants.every((node) => {
    const text = Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node) ? node.getLiteralText() : undefined;
    const endpoint = text === undefined ? undefined : classifyEndpoint(text);
    return endpoint === undefined || endpoint.kind === 'local';
  });
}

function checkComparison(site: Node, variable: string, environment: string, file: FileInput, found: EnvNameChoice[], decided: Set<Node>): void {
  const { construct, part } = decidedConstruct(site);
  // `env === 'development' || env === 'test'` decides one thing: one finding, at the first test.
  if (construct && decided.has(construct)) return;
  if (construct) decided.add(construct);
  if (TEST_ENVIRONMENTS.has(environment.toLowerCase()) || hasOverrideVariable(construct, part)) return;
  // Flag definitions (`const isProd = ...`, `{ isProduction: ... }`, `return NODE_ENV === 'production'`) are judged where the flag is used.
  const definesFlag =
    (Node.isVariableDeclaration(construct) && settingNamed(construct.getName()) === undefined) ||
    Node.isReturnStatement(construct) ||
    Node.isArrowFunction(construct) ||
    (Node.isPropertyAssignment(construct) && ENV_FLAG_NAME.test(construct.getName()));
  if (definesFlag) return;
  const data = { variable, environment };
  if (choosesConfig(construct, part) && !isDevelopmentOnlyTooling(construct, part, site, environment)) {
    found.push({ messageId: 'configValueByEnv', data, span: spanOf(site, file) });
    return;
  }
  const setting = chosenSetting(construct, part);
  if (setting !== undefined) found.push(settingChoice(setting, data, spanOf(site, file)));
}

function checkSwitch(statement: Node, variable: string, file: FileInput, found: EnvNameChoice[]): void {
  if (!Node.isSwitchStatement(statement)) return;
  const cases = statement.getClauses().filter((clause) => Node.isCaseClause(clause));
  const environments = cases.map((clause) => literalText(unwrap(clause.getExpression())) ?? '').filter((name) => ENVIRONMENT_NAMES.has(name.toLowerCase()));
  if (environments.length === 0) return;
  const data = { variable, environment: environments.join('", "') };
  if (environments.every((name) => TEST_ENVIRONMENTS.has(name.toLowerCase()))) return;
  const statements = statement.getClauses().flatMap((clause) => clause.getStatements());
  if (statements.some((inner) => branchSetsConfig(inner))) {
    found.push({ messageId: 'configValueByEnv', data, span: spanOf(statement, file) });
    return;
  }
  const setting = statements.map((inner) => settingIn(inner)).find((name) => name !== undefined);
  if (setting !== undefined) found.push(settingChoice(setting, data, spanOf(statement, file)));
}

/** `{ development: {...}, production: {...} }`: knexfile, sequelize config.js, hand-rolled config maps. */
function checkEnvironmentMap(object: Node, file: FileInput, found: EnvNameChoice[]): void {
  if (!Node.isObjectLiteralExpression(object)) return;
  const blocks = object.getProperties().filter(
    (property) =>
      Node.isPropertyAssignment(property) &&
      ENVIRONMENT_NAMES.has(property.getName().replace(/^["']|["']$/g, '').toLowerCase()) &&
      Node.isObjectLiteralExpression(unwrap(property.getInitializerOrThrow())),
  );
  const names = blocks.map((block) => (Node.isPropertyAssignment(block) ? block.getName().replace(/^["']|["']$/g, '') : ''));
  if (blocks.length < 2 || !names.some((name) => DEPLOYED_ENVIRONMENTS.has(name.toLowerCase()))) return;
  const literal = blocks.some((block) => Node.isPropertyAssignment(block) && isConfigValue(block.getInitializer(), ''));
  found.push({ messageId: 'perEnvironmentConfig', data: { environments: names.join(', ') }, span: spanOf(object, file), literal });
}

/**
 * `require(`./config/${env}`)`, `dotenv.config({ path: `.env.${NODE_ENV}` })`: a file picked by
 * environment name. For a dotenv file, `envFile` is its name with `*` for what the environment fills in.
 */
function fileChosenByEnv(node: Node, facts: FileFacts): { variable: string; envFile?: string } | undefined {
  if (!Node.isTemplateExpression(node) && !(Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.PlusToken)) return undefined;
  if (Node.isBinaryExpression(node.getParent())) return undefined;
  const parts = Node.isTemplateExpression(node) ? node.getTemplateSpans().map((span) => span.getExpression()) : concatenated(node);
  const variable = parts.map((part) => envNameSource(part, facts)).find((name) => name !== undefined);
  if (variable === undefined) return undefined;
  const text = node.getText();
  const call = node.getParent();
  const loads = Node.isCallExpression(call) && /^(?:require|import)$/.test(call.getExpression().getText());
  // `.env.${NODE_ENV}` picks a dotenv file, which never overrides the real environment: the rule
  // reports it only when a deployed environment's file is committed for it to pick.
  if (!loads && /(?:^|[/'"`])\.env\./.test(text)) return { variable, envFile: namePattern(parts, node) };
  const configPath = /config|settings|env(?:ironments?)?\//i.test(text) && /[/.]/.test(text);
  return loads || configPath ? { variable } : undefined;
}

/** The file name a template or `+` chain builds, `*` for every computed part: `.env.${env}.local` -> `.env.*.local`. */
function namePattern(parts: Node[], node: Node): string {
  const pieces = Node.isTemplateExpression(node)
    ? [node.getHead().getLiteralText(), ...node.getTemplateSpans().flatMap((span) => ['*', span.getLiteral().getLiteralText()])]
    : parts.map((part) => literalText(part) ?? '*');
  const path = pieces.join('');
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether a file name fits a pattern of `namePattern`, each `*` standing for at least one character. */
function fitsNamePattern(name: string, pattern: string): boolean {
  const [first = '', ...rest] = pattern.split('*');
  if (!name.startsWith(first)) return false;
  let at = first.length;
  for (const [index, piece] of rest.entries()) {
    const found = index === rest.length - 1 ? (name.endsWith(piece) && name.length - piece.length > at ? name.length - piece.length : -1) : name.indexOf(piece, at + 1);
    if (found === -1) return false;
    at = found + piece.length;
  }
  return rest.length > 0 || name === first;
}

/** The operands of a `+` chain, left to right: `dir + '/env/' + name + '.js'` has four. */
function concatenated(node: Node): Node[] {
  const operand = unwrap(node);
  if (!Node.isBinaryExpression(operand) || operand.getOperatorToken().getKind() !== SyntaxKind.PlusToken) return [operand];
  return [...concatenated(operand.getLeft()), ...concatenated(operand.getRight())];
}

/** Only these raw nodes can be a comparison, flag, switch, lookup, file choice or environment map: just they are wrapped. */
function mayChoose(node: ts.Node, facts: FileFacts): boolean {
  const isFlagName = (name: string) => facts.flagAliases.has(name) || ENV_FLAG_NAME.test(name);
  if (ts.isIdentifier(node)) return isFlagName(node.text);
  if (ts.isPropertyAccessExpression(node)) return isFlagName(node.name.text);
  // A binary expression chooses only as a comparison or as a concatenated file name.
  if (ts.isBinaryExpression(node)) return COMPARISONS.has(node.operatorToken.kind) || node.operatorToken.kind === SyntaxKind.PlusToken;
  return (
    ts.isSwitchStatement(node) ||
    ts.isElementAccessExpression(node) ||
    ts.isTemplateExpression(node) ||
    ts.isObjectLiteralExpression(node)
  );
}

/** What a node `mayChoose` let through chooses by environment name, added to `found`. */
function readChoice(node: Node, facts: FileFacts, file: FileInput, found: EnvNameChoice[], decided: Set<Node>): void {
  const comparison = envComparison(node, facts);
  if (comparison) {
    checkComparison(node, comparison.variable, comparison.environment, file, found, decided);
    return;
  }
  const flag = envFlag(node, facts);
  if (flag !== undefined) {
    const { construct, part } = decidedConstruct(node);
    if (decides(construct, part) || settingNamed(holderName(part)) !== undefined) checkComparison(node, flag.variable, flag.environment, file, found, decided);
    return;
  }
  if (Node.isSwitchStatement(node)) {
    const variable = envNameSource(node.getExpression(), facts);
    if (variable !== undefined) checkSwitch(node, variable, file, found);
    return;
  }
  if (Node.isElementAccessExpression(node)) {
    const argument = node.getArgumentExpression();
    const variable = argument && envNameSource(argument, facts);
    // Anchored at the lookup key: in `{ development: …, production: … }[process.env.NODE_ENV]` the
    // object may span many lines, and the environment read is what chooses.
    if (argument && variable !== undefined) found.push({ messageId: 'configLookupByEnv', data: { variable }, span: spanOf(argument, file) });
    return;
  }
  const chosenBy = fileChosenByEnv(node, facts);
  if (chosenBy?.envFile !== undefined) {
    found.push({ messageId: 'envFileByEnv', data: { variable: chosenBy.variable }, span: spanOf(node, file), envFile: chosenBy.envFile });
    return;
  }
  if (chosenBy !== undefined) {
    found.push({ messageId: 'configFileByEnv', data: { variable: chosenBy.variable }, span: spanOf(node, file) });
    return;
  }
  checkEnvironmentMap(node, file, found);
}

// ---------------------------------------------------------------------------------------------
// Config files

const CONFIG_FOLDER = /(?:^|\/)(?:config|configs|conf|settings|env|envs|environments)\//;
const CONFIG_EXTENSION = /\.(?:json|ya?ml|toml|[cm]?[jt]s)$/;

/** `config/production.json`, `config/app.staging.yml`: the deployed environment a config file is for. */
/** A config file with nothing but comments, `---` or an empty object (`{}`, `module.exports = {};`) in it. */
function holdsNothing(text: string): boolean {
  return text
    .split('\n')
    .map((line) => line.trim().replace(/^(?:module\.exports\s*=|export\s+default)\s*(\{\s*\});?$/, '$1'))
    .every((line) => line === '' || line === '---' || line === '{}' || line.startsWith('#') || line.startsWith('//'));
}

function perEnvironmentFile(path: string): string | undefined {
  if (!CONFIG_FOLDER.test(path) || !CONFIG_EXTENSION.test(path) || isEnvFile(path)) return undefined;
  const name = posix.basename(path).replace(CONFIG_EXTENSION, '');
  // Angular's environment.prod.ts is swapped in at build time for the browser bundle.
  if (/^environment\./.test(name)) return undefined;
  return name.toLowerCase().split('.').find((word) => DEPLOYED_ENVIRONMENTS.has(word));
}

/** A JSON/YAML document whose top-level keys are environment names (sequelize `config.json`, `database.yml`). */
function checkEnvironmentBlocks(file: IndexedFile, context: Context): void {
  const document = file.language === 'json' ? context.json(file.path) : context.yaml(file.path);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) return;
  const names = Object.keys(document).filter((key) => ENVIRONMENT_NAMES.has(key.toLowerCase()) && isObject((document as Record<string, unknown>)[key]));
  if (names.length < 2 || !names.some((name) => DEPLOYED_ENVIRONMENTS.has(name.toLowerCase()))) return;
  const literal = dataEntries(context.text(file.path) ?? '').some(
    (entry) => typeof entry.path[0] === 'string' && names.includes(entry.path[0]) && isConfigString(entry.name, entry.value),
  );
  context.report({ messageId: 'perEnvironmentConfig', data: { environments: names.join(', ') }, file: file.path, line: 1, ...(!literal && { severity: 'note' as const }) });
}

function isObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Cheap text test before parsing: a top-level key naming a deployed environment. */
const DEPLOYED_KEY = /^\s*["']?(?:production|prod|staging|stage|stg|qa|uat|preprod)["']?\s*:/m;
const NOT_APP_CONFIG = /(?:^|\/)(?:\.github|\.circleci|\.gitlab|package(?:-lock)?\.json|tsconfig[^/]*|pnpm-lock\.yaml|(?:docker[-_]|podman[-_])?compose[^/]*)$|(?:^|\/)\.github\//;

const TRIGGERS = ['ENV', 'STAGE', 'production', 'prod', 'staging', 'development', 'isProd', 'isDev', 'isTest', 'isStaging', 'isLocal', "'env'"];

/** Each script's choices by environment name, in source order (undefined for a file without a trigger). */
export const envNameChoices: FileExtractor<EnvNameChoice[]> = {
  name: 'config/env-name-branching',
  version: 4,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  typescript: {
    kinds: [
      SyntaxKind.SourceFile, SyntaxKind.Identifier, SyntaxKind.PropertyAccessExpression, SyntaxKind.BinaryExpression, SyntaxKind.SwitchStatement,
      SyntaxKind.ElementAccessExpression, SyntaxKind.TemplateExpression, SyntaxKind.ObjectLiteralExpression,
    ],
    create(file) {
      const found: EnvNameChoice[] = [];
      const decided = new Set<Node>();
      // The source file comes first in the walk: its aliases are known before any other node is read.
      let facts: FileFacts | undefined;
      return {
        visit(raw) {
          if (ts.isSourceFile(raw)) facts = fileFacts(wrapped<SourceFile>(raw));
          else if (facts && mayChoose(raw, facts)) readChoice(wrapped(raw), facts, file, found, decided);
        },
        result: () => found,
      };
    },
  },
};

export const envNameBranching = defineRule<MessageId>({
  id: 'config/env-name-branching',
  factor: 'config',
  defaultSeverity: 'warning',
  title: 'Configuration chosen by environment name',
  description:
    'Finds configuration values picked by comparing NODE_ENV/APP_ENV/STAGE-like variables to environment names, config looked up by environment name, and per-environment config files and blocks.',
  fix: 'Give each value its own environment variable set per deploy; keep NODE_ENV for framework optimisations only.',
  messages: {
    configValueByEnv: 'configuration chosen by comparing {{variable}} to "{{environment}}"; give each value its own environment variable instead',
    settingByEnv: '{{setting}} is switched by comparing {{variable}} to "{{environment}}"; give it its own setting (e.g. RATE_LIMIT_ENABLED, COOKIE_SECURE, DB_SSL) that each deploy sets',
    configLookupByEnv: 'configuration looked up by {{variable}}: named environment groups do not scale; read each value from its own variable',
    configFileByEnv: 'configuration file chosen by {{variable}}; read each value from its own environment variable instead',
    envFileByEnv:
      'the env file loaded is chosen by {{variable}}, and {{file}} is committed for it to pick: a deployed environment\'s config kept in the repository under its name; let each deploy set its own variables',
    perEnvironmentConfig: 'configuration grouped by environment name ({{environments}}); each deploy should get its values from environment variables',
    perEnvironmentFile: 'per-environment config file for "{{environment}}"; each deploy should get its values from environment variables',
    configClassByCondition:
      'a whole config class is chosen by `{{condition}}` ({{classes}}): each deploy should set its values through environment variables, not pick a class',
  },
  // Python config classes (`DevConfig`, `ProductionSettings`) are chosen without an environment word in sight.
  triggers: [...TRIGGERS, 'Config', 'Settings'],
  appliesTo: (app) => (app.kind === 'library' ? 'libraries take configuration from the app that uses them' : true),
  facts: [envNameChoices, configClassChoices],
  check(context) {
    // Build, seed and one-off scripts (`scripts/`, `tools/`, tool configs) never run in a deploy.
    let choosesConfigByName = false;
    forEachSourceFacts(context, configClassChoices, (choices, file) => {
      if (isToolingPath(file.path)) return;
      for (const choice of choices) {
        if (choice.kind === 'byCondition') {
          context.report({ messageId: 'configClassByCondition', data: { condition: choice.condition, classes: choice.classes.join(' or ') }, file: file.path, ...choice.span });
        } else {
          choosesConfigByName = true;
          context.report({ messageId: 'perEnvironmentConfig', data: { environments: choice.environments.join(', ') }, file: file.path, ...choice.span });
        }
      }
    }, isRuntimeSource);
    forEachScriptFacts(context, envNameChoices, (choices, file) => {
      if (isToolingPath(file.path)) return;
      for (const { messageId, data, span, literal, envFile, severity } of choices) {
        if (envFile !== undefined) {
          // Real variables still win over a dotenv file: low.
          const picked = context.files.find((candidate) => fitsNamePattern(posix.basename(candidate.path), envFile) && isDeployedEnvironmentEnvFile(candidate.path, candidate.role));
          if (picked) context.report({ messageId, data: { ...data, file: picked.path }, file: file.path, ...span, severity: 'note' });
          continue;
        }
        if (messageId === 'configLookupByEnv' || messageId === 'configFileByEnv') choosesConfigByName = true;
        // An environment map holding no configuration literal itself (`production: { url: process.env.URL }`) is a note.
        context.report({ messageId, data, file: file.path, ...span, ...((literal === false || severity !== undefined) && { severity: 'note' as const }) });
      }
    });
    for (const file of context.files) {
      if (file.role !== 'config' && file.role !== 'source') continue;
      const environment = perEnvironmentFile(file.path);
      if (environment !== undefined) {
        // The code that picks the file by environment name is the finding then; its files are its parts.
        // An empty file (a placeholder kept for the layout) holds no configuration to move.
        if (choosesConfigByName || holdsNothing(context.text(file.path) ?? '')) continue;
        context.report({ messageId: 'perEnvironmentFile', data: { environment }, file: file.path, line: 1 });
      } else if ((file.language === 'json' || file.language === 'yaml') && file.size < 512 * 1024 && !NOT_APP_CONFIG.test(file.path)) {
        if (DEPLOYED_KEY.test(context.text(file.path) ?? '')) checkEnvironmentBlocks(file, context);
      }
    }
  },
});
