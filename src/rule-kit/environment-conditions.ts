import { Node, SyntaxKind } from 'ts-morph';
import { stringValue, unwrap } from './ast.js';

/**
 * Conditions on the environment's name: whether production takes a branch. Read from the syntax
 * tree for JS/TS and from the text for Go and Python, where a block is found by its braces or its
 * indentation.
 */

/** Any test of which environment runs: `NODE_ENV`, `isProd`, `settings.DEBUG`, `env === 'dev'`. */
const ENVIRONMENT_CONDITION =
  /\b(?:NODE_ENV|APP_ENV|FLASK_ENV|RAILS_ENV|ENVIRONMENT|DEBUG|(?:is|in)_?(?:dev|prod|test|local|staging)\w*|production|development|staging|testing)\b|['"`](?:prod|dev|develop|test|local|stage)['"`]/i;

export function isEnvironmentCondition(text: string): boolean {
  return ENVIRONMENT_CONDITION.test(text);
}

/**
 * Environments as a bit set: which of them a condition holds in. Deploys run as production or
 * staging (or a name we do not know); developers' machines and test runs never deploy.
 */
const PRODUCTION = 1;
const STAGING = 2;
const OTHER = 4;
const DEVELOPMENT = 8;
const TEST = 16;
const EVERY = PRODUCTION | STAGING | OTHER | DEVELOPMENT | TEST;
/** The environments a deploy may run as. */
export const DEPLOYS = PRODUCTION | STAGING | OTHER;

const BY_NAME: ReadonlyMap<string, number> = new Map([
  ...['production', 'prod'].map((name): [string, number] => [name, PRODUCTION]),
  ...['staging', 'stage', 'stg', 'qa', 'uat', 'preprod'].map((name): [string, number] => [name, STAGING]),
  ...['development', 'dev', 'develop', 'local'].map((name): [string, number] => [name, DEVELOPMENT]),
  ...['test', 'testing'].map((name): [string, number] => [name, TEST]),
]);
const FLAG = /^(?:is|in)_?(prod(?:uction)?|staging|dev(?:elop(?:ment)?)?|local|test(?:ing)?)(?:_?(?:env|mode|environment))?$/i;
const EQUALITY = new Set([SyntaxKind.EqualsEqualsEqualsToken, SyntaxKind.EqualsEqualsToken]);
const INEQUALITY = new Set([SyntaxKind.ExclamationEqualsEqualsToken, SyntaxKind.ExclamationEqualsToken]);

function flagEnvironments(name: string): number | undefined {
  if (name === 'DEBUG') return DEVELOPMENT;
  const word = FLAG.exec(name)?.[1]?.toLowerCase();
  return word === undefined ? undefined : (BY_NAME.get(word) ?? (word.startsWith('prod') ? PRODUCTION : word.startsWith('dev') ? DEVELOPMENT : TEST));
}

/** Where a condition surely holds and where it may hold. */
interface Holds {
  surely: number;
  maybe: number;
}

const UNKNOWN: Holds = { surely: 0, maybe: EVERY };

/**
 * The environments a condition holds in, read from the environment's name: `NODE_ENV ===
 * 'production'` and `isProd` hold in production only, `env !== 'production'` everywhere else,
 * `isDev`, `DEBUG` and `config.env === 'development'` on a developer's machine, a flag of the same
 * file bound to such a test (`const devServer = NODE_ENV === 'development'`) where its test holds.
 * A part that says nothing of the environment (`verbose`) may hold anywhere and surely nowhere.
 */
function holdsOf(condition: Node, followed: ReadonlySet<string>): Holds {
  const expression = unwrap(condition);
  if (Node.isPrefixUnaryExpression(expression) && expression.getOperatorToken() === SyntaxKind.ExclamationToken) {
    const operand = holdsOf(expression.getOperand(), followed);
    return { surely: EVERY & ~operand.maybe, maybe: EVERY & ~operand.surely };
  }
  if (Node.isIdentifier(expression) || Node.isPropertyAccessExpression(expression)) {
    const name = Node.isIdentifier(expression) ? expression.getText() : expression.getName();
    const flag = flagEnvironments(name);
    if (flag !== undefined) return { surely: flag, maybe: flag };
    return Node.isIdentifier(expression) ? flagOfFile(expression, followed) : UNKNOWN;
  }
  if (!Node.isBinaryExpression(expression)) return UNKNOWN;
  const operator = expression.getOperatorToken().getKind();
  if (operator === SyntaxKind.AmpersandAmpersandToken || operator === SyntaxKind.BarBarToken) {
    const [left, right] = [holdsOf(expression.getLeft(), followed), holdsOf(expression.getRight(), followed)];
    return operator === SyntaxKind.AmpersandAmpersandToken
      ? { surely: left.surely & right.surely, maybe: left.maybe & right.maybe }
      : { surely: left.surely | right.surely, maybe: left.maybe | right.maybe };
  }
  const equal = EQUALITY.has(operator);
  if (!equal && !INEQUALITY.has(operator)) return UNKNOWN;
  const name = [expression.getLeft(), expression.getRight()].map((side) => stringValue(unwrap(side))?.toLowerCase()).find((value) => value !== undefined);
  const named = name === undefined ? undefined : BY_NAME.get(name);
  if (named === undefined) return UNKNOWN;
  const holds = equal ? named : EVERY & ~named;
  return { surely: holds, maybe: holds };
}

/** A flag declared once in the file, judged by its initializer. */
function flagOfFile(flag: Node, followed: ReadonlySet<string>): Holds {
  const name = flag.getText();
  if (followed.has(name)) return UNKNOWN;
  const definitions = flag
    .getSourceFile()
    .getDescendantsOfKind(SyntaxKind.VariableDeclaration)
    .filter((declaration) => declaration.getName() === name);
  const initializer = definitions.length === 1 ? definitions[0]?.getInitializer() : undefined;
  return initializer === undefined ? UNKNOWN : holdsOf(initializer, new Set([...followed, name]));
}

/** Whether a condition holds in production (`isProd`, `NODE_ENV !== 'test'`) or not (`isDev`); undefined when that cannot be told. */
export function holdsInProduction(condition: Node): boolean | undefined {
  const holds = holdsOf(condition, new Set());
  return (holds.surely & PRODUCTION) !== 0 ? true : (holds.maybe & PRODUCTION) === 0 ? false : undefined;
}

/**
 * The condition that keeps a node out of the given environments (production by default, `DEPLOYS`
 * for every deploy): that of the nearest `if`, `?:` or `flag &&` within its function whose branch
 * holding the node none of them takes. Undefined when they may reach it.
 */
export function environmentExclusion(node: Node, environments = PRODUCTION): Node | undefined {
  let child: Node = node;
  for (const parent of node.getAncestors()) {
    if (Node.isFunctionLikeDeclaration(parent) || Node.isSourceFile(parent)) return undefined;
    let condition: Node | undefined;
    let taken: boolean | undefined;
    if (Node.isIfStatement(parent) && child !== parent.getExpression()) {
      condition = parent.getExpression();
      taken = child === parent.getThenStatement();
    } else if (Node.isConditionalExpression(parent) && child !== parent.getCondition()) {
      condition = parent.getCondition();
      taken = child === parent.getWhenTrue();
    } else if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getKind() === SyntaxKind.AmpersandAmpersandToken && child === parent.getRight()) {
      condition = parent.getLeft();
      taken = true;
    }
    if (condition && taken !== undefined) {
      const holds = holdsOf(condition, new Set());
      if (((taken ? holds.maybe : EVERY & ~holds.surely) & environments) === 0) return condition;
    }
    child = parent;
  }
  return undefined;
}

/**
 * A condition written as text that holds only on a developer's machine: `os.Getenv("ENVIRONMENT")
 * == "dev"`, `is_local`, Django's `DEBUG`. A negation or an alternative (`!isDev`, `env != "dev"`,
 * `isDev || flag`) makes the branch reachable by a deploy.
 */
const DEVELOPMENT_TEST =
  /(?:==|===)\s*['"`](?:dev|develop|development|local)['"`]|['"`](?:dev|develop|development|local)['"`]\s*(?:==|===)|^\s*(?:[\w.]+\.)?(?:is_?dev|isDev|IsDev|is_?development|isDevelopment|IsDevelopment|is_?local|isLocal|IsLocal|DEBUG)(?:_?(?:env|Env|mode|Mode|environment|Environment))?(?:\(\))?\s*$/;
const NOT_ONLY_DEVELOPMENT = /!\s*[\w(]|!==?|\|\||\bor\b|\bnot\b/;

export function isDevelopmentOnlyCondition(text: string): boolean {
  return DEVELOPMENT_TEST.test(text) && !NOT_ONLY_DEVELOPMENT.test(text);
}

/**
 * Whether a 1-based line of a Go or Python file sits in the then-block of a condition that holds
 * only on a developer's machine: Go blocks by their braces, Python blocks by their indentation.
 */
export function inDevelopmentOnlyBlock(text: string, line: number, language: string): boolean {
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
      if (header && isDevelopmentOnlyCondition(header[1] ?? '')) return true;
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
        if (header && isDevelopmentOnlyCondition(header[1] ?? '')) return true;
      }
    }
  }
  return false;
}
