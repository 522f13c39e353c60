/**
 * Questions about string literals in JS/TS: what text they hold, whether they are a name rather
 * than a value, and which variable, property or parameter holds them.
 */
import { Node, SyntaxKind, ts } from 'ts-morph';
import type { FileExtractor, FileInput } from '../facts/types.js';
import { wrapped } from '../facts/wrap-typescript.js';
import { findNodes, unwrap } from './ast.js';
import { nameWords } from './credentials.js';

/**
 * The name a literal is held under: the variable, property or parameter it initialises or is
 * assigned to, looking through parentheses, `as`, `||`/`??` and ternary branches.
 */
export function heldUnder(literal: Node): { name: string; holder: Node | undefined } {
  let child: Node = literal;
  let parent = literal.getParent();
  while (parent) {
    const isWrapper =
      Node.isParenthesizedExpression(parent) ||
      Node.isAsExpression(parent) ||
      Node.isSatisfiesExpression(parent) ||
      Node.isNonNullExpression(parent) ||
      (Node.isBinaryExpression(parent) && ['||', '??'].includes(parent.getOperatorToken().getText()) && parent.getRight() === child) ||
      (Node.isConditionalExpression(parent) && parent.getCondition() !== child);
    if (!isWrapper) break;
    child = parent;
    parent = parent.getParent();
  }
  if (!parent) return { name: '', holder: undefined };
  if ((Node.isVariableDeclaration(parent) || Node.isPropertyDeclaration(parent) || Node.isParameterDeclaration(parent)) && parent.getInitializer() === child) {
    return { name: parent.getName(), holder: parent };
  }
  if (Node.isPropertyAssignment(parent) && parent.getInitializer() === child) {
    return { name: parent.getName().replace(/^["'`]|["'`]$/g, ''), holder: parent };
  }
  if (Node.isBindingElement(parent) && parent.getInitializer() === child) {
    return { name: (parent.getPropertyNameNode() ?? parent.getNameNode()).getText(), holder: parent };
  }
  if (Node.isBinaryExpression(parent) && parent.getOperatorToken().getText() === '=' && parent.getRight() === child) {
    const left = unwrap(parent.getLeft());
    if (Node.isPropertyAccessExpression(left)) return { name: left.getName(), holder: parent };
    if (Node.isIdentifier(left)) return { name: left.getText(), holder: parent };
  }
  return { name: '', holder: parent };
}

/** Literals that are names, not values: module specifiers, keys, `process.env['X']`, types. */
export function isNameLiteral(literal: Node): boolean {
  const parent = literal.getParent();
  return (
    Node.isImportDeclaration(parent) ||
    Node.isExportDeclaration(parent) ||
    Node.isExternalModuleReference(parent) ||
    Node.isLiteralTypeNode(parent) ||
    (Node.isPropertyAssignment(parent) && parent.getNameNode() === literal) ||
    (Node.isElementAccessExpression(parent) && parent.getArgumentExpression() === literal) ||
    (Node.isEnumMember(parent) && parent.getNameNode() === literal) ||
    (Node.isCallExpression(parent) && /^(?:require|import)$/.test(parent.getExpression().getText()))
  );
}

/** Name words of code that holds test or demo data: `getTestUsers`, `MockAuth`, `fakeLogin`, `DEMO_ACCOUNTS`. */
const SAMPLE_WORDS = new Set(['test', 'tests', 'testing', 'mock', 'mocks', 'mocked', 'fake', 'fakes', 'stub', 'stubs', 'dummy', 'demo', 'sample', 'samples', 'fixture', 'fixtures']);

/**
 * Whether a literal is written inside a function, method, class or variable whose name says it holds
 * test or demo data (`class MockAuth`, `function getTestUsers()`, `const demoAccounts = [...]`): the
 * values there are sample data, not the app's configuration, wherever the file lives.
 */
export function inSampleScope(literal: Node): boolean {
  for (let node = literal.getParent(); node; node = node.getParent()) {
    const named =
      Node.isFunctionDeclaration(node) || Node.isMethodDeclaration(node) || Node.isClassDeclaration(node) || Node.isClassExpression(node) || Node.isVariableDeclaration(node)
        ? node.getName()
        : undefined;
    if (named !== undefined && nameWords(named).some((word) => SAMPLE_WORDS.has(word))) return true;
  }
  return false;
}

/**
 * The text of a string literal or template; templates keep their `${...}` parts verbatim, which
 * marks them as not literal for every check that looks for `${`.
 */
export function literalText(node: Node): string | undefined {
  if (Node.isStringLiteral(node) || Node.isNoSubstitutionTemplateLiteral(node)) return node.getLiteralValue();
  if (Node.isTemplateExpression(node)) return node.getText().slice(1, -1);
  return undefined;
}

/**
 * Every string literal, substitution-free template and template expression below `root`, in
 * source order; the parts inside a template expression are not listed again on their own.
 */
export function stringLiterals(root: Node): Node[] {
  return findNodes(
    root,
    (node) => ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node),
    (node) => ts.isTemplateExpression(node),
  );
}

export interface StringLiteralFactsSpec<T> {
  /** Unique among extractors; by convention the id of the rule that reads them. */
  name: string;
  /** Raise it whenever `read` changes what it returns for the same file. */
  version: number;
  /** `import.meta.url` of the module exporting the extractor. */
  module: string;
  /** A file containing none of these strings has nothing to extract (its facts are undefined). */
  triggers: readonly string[];
  /** The reader of one file's literals: what a literal says, or undefined when it says nothing worth keeping. */
  create(file: FileInput): (literal: Node) => T | undefined;
}

/**
 * An extractor that reads each literal `stringLiterals` would list, in the same order, from the
 * engine's one walk of the file, and keeps what the reader returns.
 */
export function stringLiteralFacts<T>(spec: StringLiteralFactsSpec<T>): FileExtractor<T[] | undefined> {
  return {
    name: spec.name,
    version: spec.version,
    module: spec.module,
    typescript: {
      kinds: [SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateExpression],
      create(file) {
        const wanted = spec.triggers.some((trigger) => file.text.includes(trigger));
        const read = wanted ? spec.create(file) : () => undefined;
        const found: T[] = [];
        // The walk is in source order: a node starting before the end of the last template expression is inside it.
        let templateEnd = -1;
        return {
          visit(node: ts.Node) {
            if (!wanted || node.pos < templateEnd) return;
            if (ts.isTemplateExpression(node)) templateEnd = node.end;
            const fact = read(wrapped(node));
            if (fact !== undefined) found.push(fact);
          },
          result: () => (wanted ? found : undefined),
        };
      },
    },
  };
}

/** A template's text with each `${...}` replaced by `hole`; a plain literal's value. */
export function literalTextWithHoles(node: Node, hole: string): string | undefined {
  if (!Node.isTemplateExpression(node)) return literalText(node);
  return node.getHead().getLiteralText() + node.getTemplateSpans().map((span) => hole + span.getLiteral().getLiteralText()).join('');
}
