/**
 * AST helpers for rules: small, pure questions about ts-morph nodes that many rules ask.
 * Everything is syntactic; nothing resolves modules or types.
 */
import {
  Node,
  SyntaxKind,
  type CallExpression,
  type KindToNodeMappings,
  type Expression,
  type ObjectLiteralExpression,
  type SourceFile,
  ts,
} from 'ts-morph';

import type { Span } from '../facts/types.js';

export type { Span };

/** 1-based start and end of a node, excluding leading trivia. */
export function locate(node: Node): Span {
  const sourceFile = node.getSourceFile();
  const start = sourceFile.getLineAndColumnAtPos(node.getStart());
  const end = sourceFile.getLineAndColumnAtPos(node.getEnd());
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

/** Strips parentheses, `as` / `satisfies` / non-null assertions around an expression. */
export function unwrap(node: Node): Node {
  let current = node;
  for (;;) {
    if (
      Node.isParenthesizedExpression(current) ||
      Node.isAsExpression(current) ||
      Node.isSatisfiesExpression(current) ||
      Node.isNonNullExpression(current) ||
      Node.isTypeAssertion(current)
    ) {
      current = current.getExpression();
    } else {
      return current;
    }
  }
}

/**
 * The string a node certainly evaluates to: string literals, substitution-free templates,
 * `+` concatenations of those, and identifiers bound to such a `const` in the same file.
 */
export function stringValue(node: Node | undefined, depth = 0): string | undefined {
  if (!node || depth > 5) return undefined;
  const expression = unwrap(node);
  if (Node.isStringLiteral(expression) || Node.isNoSubstitutionTemplateLiteral(expression)) {
    return expression.getLiteralValue();
  }
  if (Node.isBinaryExpression(expression) && expression.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = stringValue(expression.getLeft(), depth + 1);
    const right = stringValue(expression.getRight(), depth + 1);
    return left !== undefined && right !== undefined ? left + right : undefined;
  }
  if (Node.isIdentifier(expression)) {
    return stringValue(constInitializer(expression), depth + 1);
  }
  return undefined;
}

/** The number a node certainly evaluates to (numeric literal or same-file `const`). */
export function numberValue(node: Node | undefined, depth = 0): number | undefined {
  if (!node || depth > 5) return undefined;
  const expression = unwrap(node);
  if (Node.isNumericLiteral(expression)) return expression.getLiteralValue();
  if (Node.isIdentifier(expression)) return numberValue(constInitializer(expression), depth + 1);
  return undefined;
}

/** The initializer of the same-file `const` an identifier names, if it is one. */
export function constInitializer(identifier: Node): Expression | undefined {
  if (!Node.isIdentifier(identifier)) return undefined;
  const name = identifier.getText();
  const sourceFile = identifier.getSourceFile();
  for (const declaration of sourceFile.getVariableDeclarations()) {
    if (declaration.getName() !== name) continue;
    const list = declaration.getVariableStatement()?.getDeclarationKind();
    if (list !== 'const') return undefined;
    return declaration.getInitializer();
  }
  return undefined;
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`, `Bun.env.X`, `Deno.env.get('X')`, `env('X')`-style reads. */
export function isEnvRead(node: Node | undefined): boolean {
  if (!node) return false;
  return envVariableName(node) !== undefined || isEnvObject(unwrap(node));
}

/** The variable name of an environment read, or undefined when the node is not one (or is dynamic). */
export function envVariableName(node: Node): string | undefined {
  const expression = unwrap(node);
  if (Node.isPropertyAccessExpression(expression) && isEnvObject(expression.getExpression())) {
    return expression.getName();
  }
  if (Node.isElementAccessExpression(expression) && isEnvObject(expression.getExpression())) {
    return stringValue(expression.getArgumentExpression());
  }
  if (Node.isCallExpression(expression)) {
    const callee = calleeName(expression);
    const [first] = expression.getArguments();
    if (callee && ENV_GETTERS.test(callee) && first) return stringValue(first);
  }
  return undefined;
}

const ENV_GETTERS = /^(?:Deno\.env\.get|env|getEnv|requireEnv|mustGetEnv|configService\.get|this\.configService\.get|config\.get|env\.(?:str|num|bool|int|url|host|port|json|get|string|number|boolean))$/;

/** `process.env`, `import.meta.env`, `Bun.env`, or a destructured alias is not tracked (syntactic only). */
export function isEnvObject(node: Node): boolean {
  const text = unwrap(node).getText();
  return text === 'process.env' || text === 'import.meta.env' || text === 'Bun.env' || text === 'env' || text === 'ENV';
}

/** How a value is a default, and of what. */
export interface DefaultOf {
  /** `x || v` / `x ?? v`, `c ? x : v`, `{ a = v } = init`, `(a = v) =>`. */
  kind: 'fallback' | 'condition' | 'destructuring' | 'parameter';
  /** The left side, the condition, or the destructured initializer; undefined for a parameter. */
  source: Node | undefined;
  /** For a condition: the value it gives when it holds (`x` of `c ? x : v`). */
  otherwise?: Node;
}

/** What `node` is the default for, looking through parentheses and `as`; undefined when it is no default. */
export function defaultOf(node: Node): DefaultOf | undefined {
  let child: Node = node;
  let parent = node.getParent();
  while (parent && (Node.isParenthesizedExpression(parent) || Node.isAsExpression(parent))) {
    child = parent;
    parent = parent.getParent();
  }
  if (!parent) return undefined;
  if (Node.isBinaryExpression(parent)) {
    const operator = parent.getOperatorToken().getKind();
    const isFallback = (operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken) && parent.getRight() === child;
    return isFallback ? { kind: 'fallback', source: parent.getLeft() } : undefined;
  }
  if (Node.isConditionalExpression(parent)) {
    return parent.getWhenFalse() === child ? { kind: 'condition', source: parent.getCondition(), otherwise: parent.getWhenTrue() } : undefined;
  }
  if (Node.isBindingElement(parent) && parent.getInitializer() === child) {
    const declaration = parent.getParent()?.getParent();
    return { kind: 'destructuring', source: Node.isVariableDeclaration(declaration) ? declaration.getInitializer() : undefined };
  }
  if (Node.isParameterDeclaration(parent) && parent.getInitializer() === child) return { kind: 'parameter', source: undefined };
  return undefined;
}

/**
 * Whether `node` is the literal fallback of an environment read: `process.env.X || 'v'`,
 * `process.env.X ?? 'v'`, `process.env.X ? process.env.X : 'v'`, or a destructuring default
 * `const { X = 'v' } = process.env`. A ternary is one only when its other branch reads the
 * environment too: `config.get('auth.disablePassword') ? undefined : 'xl'` picks between two values.
 */
export function isEnvFallback(node: Node): boolean {
  const fallback = defaultOf(node);
  if (!fallback?.source) return false;
  if (fallback.kind === 'destructuring') return isEnvRead(fallback.source);
  return containsEnvRead(fallback.source) && (fallback.otherwise === undefined || containsEnvRead(fallback.otherwise));
}

function containsEnvRead(node: Node): boolean {
  if (isEnvRead(node)) return true;
  const accesses = findNodes(node, (raw) => ts.isPropertyAccessExpression(raw) || ts.isElementAccessExpression(raw) || ts.isCallExpression(raw));
  return accesses.some((access) => envVariableName(access) !== undefined);
}

/** Dotted text of a call's callee without type arguments or optional chaining: `app.listen`, `fs.promises.writeFile`. */
export function calleeName(call: CallExpression | Node): string | undefined {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return undefined;
  return dottedName(call.getExpression());
}

export function dottedName(node: Node): string | undefined {
  const expression = unwrap(node);
  if (Node.isIdentifier(expression) || Node.isThisExpression(expression)) return expression.getText();
  if (Node.isPropertyAccessExpression(expression)) {
    const left = dottedName(expression.getExpression());
    return left === undefined ? undefined : `${left}.${expression.getName()}`;
  }
  return undefined;
}

/** The last segment of a callee: `listen` for `app.listen(...)`. */
export function calleeMethod(call: Node): string | undefined {
  const name = calleeName(call);
  return name?.slice(name.lastIndexOf('.') + 1);
}

/** The value node of property `name` in an object literal (`{ name: v }` or shorthand `{ name }`). */
export function propertyValue(object: ObjectLiteralExpression, name: string): Node | undefined {
  const property = object.getProperty(name) ?? object.getProperty(`'${name}'`) ?? object.getProperty(`"${name}"`);
  if (!property) return undefined;
  if (Node.isPropertyAssignment(property)) return property.getInitializer();
  if (Node.isShorthandPropertyAssignment(property)) return property.getNameNode();
  return undefined;
}

/** The object literal a node is, or the same-file `const` object it names. */
export function objectLiteral(node: Node | undefined): ObjectLiteralExpression | undefined {
  if (!node) return undefined;
  const expression = unwrap(node);
  if (Node.isObjectLiteralExpression(expression)) return expression;
  if (Node.isIdentifier(expression)) {
    const initializer = constInitializer(expression);
    return initializer && Node.isObjectLiteralExpression(unwrap(initializer)) ? (unwrap(initializer) as ObjectLiteralExpression) : undefined;
  }
  return undefined;
}

/**
 * Local names bound to each imported module: `import x from 'm'`, `import * as x`, `import { a as x }`,
 * `const x = require('m')`, `const { a } = require('m')`. Maps local name -> module specifier.
 */
export function importBindings(sourceFile: SourceFile): Map<string, string> {
  const bindings = new Map<string, string>();
  for (const declaration of sourceFile.getImportDeclarations()) {
    const specifier = declaration.getModuleSpecifierValue();
    const defaultImport = declaration.getDefaultImport();
    if (defaultImport) bindings.set(defaultImport.getText(), specifier);
    const namespace = declaration.getNamespaceImport();
    if (namespace) bindings.set(namespace.getText(), specifier);
    for (const named of declaration.getNamedImports()) {
      bindings.set((named.getAliasNode() ?? named.getNameNode()).getText(), specifier);
    }
  }
  for (const declaration of sourceFile.getVariableDeclarations()) {
    const specifier = requiredModule(declaration.getInitializer());
    if (specifier === undefined) continue;
    const nameNode = declaration.getNameNode();
    if (Node.isIdentifier(nameNode)) bindings.set(nameNode.getText(), specifier);
    if (Node.isObjectBindingPattern(nameNode)) {
      for (const element of nameNode.getElements()) bindings.set(element.getName(), specifier);
    }
  }
  return bindings;
}

/** `require('m')`, `require('m').x`, `await import('m')` -> 'm'. */
export function requiredModule(node: Node | undefined): string | undefined {
  if (!node) return undefined;
  let expression = unwrap(node);
  if (Node.isAwaitExpression(expression)) expression = unwrap(expression.getExpression());
  while (Node.isPropertyAccessExpression(expression)) expression = unwrap(expression.getExpression());
  if (!Node.isCallExpression(expression)) return undefined;
  const callee = expression.getExpression();
  const isRequire = Node.isIdentifier(callee) && callee.getText() === 'require';
  const isImport = callee.getKind() === SyntaxKind.ImportKeyword;
  if (!isRequire && !isImport) return undefined;
  return stringValue(expression.getArguments()[0]);
}

/** Whether `specifier` is `name` or a subpath of it (`winston/lib/x`), ignoring a `node:` prefix. */
export function isModule(specifier: string, name: string): boolean {
  const bare = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  return bare === name || bare.startsWith(`${name}/`);
}

/**
 * ts-morph wraps a compiler node on first access, and wrapping is what dominated the profile:
 * `forEachDescendant` wraps every node of a file. Walking the raw compiler tree and wrapping only
 * the matches is 6x faster. `_getNodeFromCompilerNode` is how ts-morph itself wraps (it returns
 * the cached wrapper, so identity holds); test/core/find-nodes.test.ts pins it.
 */
function wrap(root: Node, compilerNode: ts.Node): Node {
  return (root as unknown as { _getNodeFromCompilerNode(node: ts.Node): Node })._getNodeFromCompilerNode(compilerNode);
}

/**
 * Descendants of `root` whose raw compiler node matches `test`, in source order, wrapped. Nothing
 * below a node for which `prune` is true is visited (the node itself still is).
 */
export function findNodes(root: Node, test: (node: ts.Node) => boolean, prune?: (node: ts.Node) => boolean): Node[] {
  const found: Node[] = [];
  const visit = (node: ts.Node): void => {
    if (test(node)) found.push(wrap(root, node));
    if (!prune?.(node)) ts.forEachChild(node, visit);
  };
  ts.forEachChild(root.compilerNode, visit);
  return found;
}

/** Descendants of the given kinds, in source order. Prefer this (or `findNodes`) to `forEachDescendant`. */
export function nodesOfKinds<K extends SyntaxKind>(root: Node, kinds: readonly K[]): KindToNodeMappings[K][] {
  const wanted = new Set<SyntaxKind>(kinds);
  return findNodes(root, (node) => wanted.has(node.kind)) as KindToNodeMappings[K][];
}

