/**
 * Questions about string literals in JS/TS: what text they hold, whether they are a name rather
 * than a value, and which variable, property or parameter holds them.
 */
import { SyntaxKind, ts, type Node } from 'ts-morph';
import type { FileExtractor, FileInput } from '../facts/types.js';
import type { FileRole } from '../types.js';
import { wrappedBeside } from '../facts/wrap-typescript.js';
import { findNodes } from './ast.js';
import { nameWords } from './credentials.js';
import { rawText, unwrapRaw } from './servers.js';

/** A string literal, substitution-free template or template expression of the compiler's tree. */
export type RawStringLiteral = ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression;

/**
 * The name a literal is held under: the variable, property or parameter it initialises or is
 * assigned to, looking through parentheses, `as`, `||`/`??` and ternary branches.
 */
export function heldUnder(literal: Node): { name: string; holder: Node | undefined } {
  const { name, holder } = rawHeldUnder(literal.compilerNode, literal.getSourceFile().compilerNode);
  return { name, holder: holder && wrappedBeside(literal, holder) };
}

/** `heldUnder` of the compiler's tree: names read as ts-morph's `getText()` reads them (`rawText`). */
export function rawHeldUnder(literal: ts.Node, file: ts.SourceFile): { name: string; holder: ts.Node | undefined } {
  let child = literal;
  let parent = literal.parent as ts.Node | undefined;
  while (parent) {
    const isWrapper =
      parent.kind === SyntaxKind.ParenthesizedExpression ||
      parent.kind === SyntaxKind.AsExpression ||
      parent.kind === SyntaxKind.SatisfiesExpression ||
      parent.kind === SyntaxKind.NonNullExpression ||
      (ts.isBinaryExpression(parent) && isOrOperator(parent.operatorToken.kind) && parent.right === child) ||
      (ts.isConditionalExpression(parent) && parent.condition !== child);
    if (!isWrapper) break;
    child = parent;
    parent = parent.parent as ts.Node | undefined;
  }
  if (!parent) return { name: '', holder: undefined };
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyDeclaration(parent) || ts.isParameter(parent)) && parent.initializer === child) {
    return { name: rawText(parent.name, file), holder: parent };
  }
  if (ts.isPropertyAssignment(parent) && parent.initializer === child) {
    return { name: rawText(parent.name, file).replace(/^["'`]|["'`]$/g, ''), holder: parent };
  }
  if (ts.isBindingElement(parent) && parent.initializer === child) {
    return { name: rawText(parent.propertyName ?? parent.name, file), holder: parent };
  }
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === SyntaxKind.EqualsToken && parent.right === child) {
    const left = unwrapRaw(parent.left);
    if (ts.isPropertyAccessExpression(left)) return { name: rawText(left.name, file), holder: parent };
    if (ts.isIdentifier(left)) return { name: rawText(left, file), holder: parent };
  }
  return { name: '', holder: parent };
}

function isOrOperator(kind: ts.SyntaxKind): boolean {
  return kind === SyntaxKind.BarBarToken || kind === SyntaxKind.QuestionQuestionToken;
}

/** Literals that are names, not values: module specifiers, keys, `process.env['X']`, types. */
export function isNameLiteral(literal: Node): boolean {
  return isRawNameLiteral(literal.compilerNode, literal.getSourceFile().compilerNode);
}

/** `isNameLiteral` of the compiler's tree: decided by the literal's parent alone. */
export function isRawNameLiteral(literal: ts.Node, file: ts.SourceFile): boolean {
  const parent = literal.parent as ts.Node | undefined;
  if (!parent) return false;
  switch (parent.kind) {
    case SyntaxKind.ImportDeclaration:
    case SyntaxKind.ExportDeclaration:
    case SyntaxKind.ExternalModuleReference:
    case SyntaxKind.LiteralType:
      return true;
    case SyntaxKind.PropertyAssignment:
      return (parent as ts.PropertyAssignment).name === literal;
    case SyntaxKind.ElementAccessExpression:
      return (parent as ts.ElementAccessExpression).argumentExpression === literal;
    case SyntaxKind.EnumMember:
      return (parent as ts.EnumMember).name === literal;
    case SyntaxKind.CallExpression:
      return /^(?:require|import)$/.test(rawText((parent as ts.CallExpression).expression, file));
    default:
      return false;
  }
}

/**
 * Name words of code that holds test or demo data: `getTestUsers`, `MockAuth`, `fakeLogin`, `DEMO_ACCOUNTS`,
 * and a local emulator's stand-in values (`EMULATED_OAUTH_CLIENT_SECRET`), which sign in to nothing real.
 */
const SAMPLE_WORDS = new Set([
  'test', 'tests', 'testing', 'mock', 'mocks', 'mocked', 'fake', 'fakes', 'stub', 'stubs', 'dummy', 'demo', 'sample', 'samples', 'fixture', 'fixtures',
  'emulated', 'emulator', 'emulators',
]);

/**
 * Whether a literal is written inside a function, method, class or variable whose name says it holds
 * test or demo data (`class MockAuth`, `function getTestUsers()`, `const demoAccounts = [...]`), or in
 * the branch a test or demo condition takes (`isDemoMode ? 'admin' : ''`, `if (env.DEMO) {...}`): the
 * values there are sample data, not the app's configuration, wherever the file lives.
 */
export function inSampleScope(literal: Node): boolean {
  return rawInSampleScope(literal.compilerNode, literal.getSourceFile().compilerNode);
}

/** `inSampleScope` of the compiler's tree. */
export function rawInSampleScope(literal: ts.Node, file: ts.SourceFile): boolean {
  let child: ts.Node = literal;
  for (let node = literal.parent as ts.Node | undefined; node; child = node, node = node.parent as ts.Node | undefined) {
    const name =
      ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isClassDeclaration(node) || ts.isClassExpression(node) || ts.isVariableDeclaration(node)
        ? node.name
        : undefined;
    if (name !== undefined && namesSamples(rawText(name, file))) return true;
    if (ts.isConditionalExpression(node) && node.whenTrue === child && isSampleCondition(node.condition, file)) return true;
    if (ts.isIfStatement(node) && node.thenStatement === child && isSampleCondition(node.expression, file)) return true;
  }
  return false;
}

/** Whether a name says it holds test or demo data: `URL_REGEX_TESTS`, `MockAuth`, `demo_accounts`. */
export function namesSamples(text: string): boolean {
  return nameWords(text).some((word) => SAMPLE_WORDS.has(word));
}

/** A condition that holds in a test run or a demo (`isDemoMode`, `env.DEMO === true`), not its negation. */
function isSampleCondition(condition: ts.Expression, file: ts.SourceFile): boolean {
  const text = rawText(condition, file);
  return !text.includes('!') && namesSamples(text);
}

/**
 * The text of a string literal or template; templates keep their `${...}` parts verbatim, which
 * marks them as not literal for every check that looks for `${`.
 */
export function literalText(node: Node): string | undefined {
  return rawLiteralText(node.compilerNode, node.getSourceFile().compilerNode);
}

/** `literalText` of the compiler's tree. */
export function rawLiteralText(node: ts.Node, file: ts.SourceFile): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isTemplateExpression(node)) return rawText(node, file).slice(1, -1);
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
  /** Raise it whenever the reader changes what it returns for the same file. */
  version: number;
  /** `import.meta.url` of the module exporting the extractor. */
  module: string;
  /** A file containing none of these strings has nothing to extract (its facts are undefined). */
  triggers: readonly string[];
  /** The roles of the files whose facts rules read (`FileExtractor.roles`; default: every role). */
  roles?: readonly FileRole[];
  /**
   * The reader of one file's literals, on the compiler's nodes: what a literal says, or undefined when
   * it says nothing worth keeping. It wraps (`wrapped`) only the literals it cannot decide from their
   * text and parents: wrapping every literal of every file costs more than the parse.
   */
  createRaw(file: FileInput): (literal: RawStringLiteral, sourceFile: ts.SourceFile) => T | undefined;
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
    triggers: spec.triggers,
    ...(spec.roles && { roles: spec.roles }),
    typescript: {
      kinds: [SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral, SyntaxKind.TemplateExpression],
      create(file) {
        const read = spec.createRaw(file);
        const found: T[] = [];
        let sourceFile: ts.SourceFile | undefined;
        // The walk is in source order: a node starting before the end of the last template expression is inside it.
        let templateEnd = -1;
        return {
          visit(node: ts.Node) {
            if (node.pos < templateEnd) return;
            if (node.kind === SyntaxKind.TemplateExpression) templateEnd = node.end;
            sourceFile ??= node.getSourceFile();
            const fact = read(node as RawStringLiteral, sourceFile);
            if (fact !== undefined) found.push(fact);
          },
          result: () => found,
        };
      },
    },
  };
}

/** A template's text with each `${...}` replaced by `hole`; a plain literal's value. */
export function literalTextWithHoles(node: Node, hole: string): string | undefined {
  return rawLiteralTextWithHoles(node.compilerNode, node.getSourceFile().compilerNode, hole);
}

/** `literalTextWithHoles` of the compiler's tree. */
export function rawLiteralTextWithHoles(node: ts.Node, file: ts.SourceFile, hole: string): string | undefined {
  if (!ts.isTemplateExpression(node)) return rawLiteralText(node, file);
  return node.head.text + node.templateSpans.map((span) => hole + span.literal.text).join('');
}
