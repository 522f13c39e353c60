/**
 * The module specifiers a script refers to, each with the string literal that names it, so rules
 * can report at the exact spot: static imports and re-exports, `import x = require()`, `require()`
 * and `import()` with a literal argument.
 */
import {
  Node,
  SyntaxKind,
  type CallExpression,
  type ImportDeclaration,
  type NoSubstitutionTemplateLiteral,
  type SourceFile,
  type StringLiteral,
} from 'ts-morph';

export interface ModuleReference {
  specifier: string;
  /** The string literal naming the module. */
  node: StringLiteral | NoSubstitutionTemplateLiteral;
  /** `import type`, `export type`, or an import whose every named binding is `type`: erased at runtime. */
  typeOnly: boolean;
  /** A `require()`/`import()` inside a `try` block: the code copes with the module being absent. */
  guarded: boolean;
}

export function moduleReferences(sourceFile: SourceFile): ModuleReference[] {
  const references: ModuleReference[] = [];
  let valueNames: Set<string> | undefined;
  const usedAsValue = (name: string) => (valueNames ??= namesUsedAsValues(sourceFile)).has(name);
  sourceFile.forEachDescendant((node) => {
    if (Node.isImportDeclaration(node)) {
      const literal = node.getModuleSpecifier();
      const typeOnly = isTypeOnlyImport(node) || (isTypeScript(sourceFile) && !importsAnyValue(node, usedAsValue));
      references.push({ specifier: literal.getLiteralValue(), node: literal, typeOnly, guarded: false });
    } else if (Node.isExportDeclaration(node)) {
      const literal = node.getModuleSpecifier();
      if (literal) references.push({ specifier: literal.getLiteralValue(), node: literal, typeOnly: node.isTypeOnly(), guarded: false });
    } else if (Node.isExternalModuleReference(node)) {
      const literal = node.getExpression();
      if (Node.isStringLiteral(literal)) {
        const declaration = node.getParent();
        const typeOnly = Node.isImportEqualsDeclaration(declaration) && declaration.isTypeOnly();
        references.push({ specifier: literal.getLiteralValue(), node: literal, typeOnly, guarded: false });
      }
    } else if (Node.isCallExpression(node)) {
      const literal = requireOrImportLiteral(node);
      if (literal) references.push({ specifier: literal.getLiteralValue(), node: literal, typeOnly: false, guarded: isInsideTry(node) });
    } else if (Node.isImportTypeNode(node)) {
      // `typeof import('x')` in a type position is erased.
      const argument = node.getArgument();
      const literal = Node.isLiteralTypeNode(argument) ? argument.getLiteral() : undefined;
      if (Node.isStringLiteral(literal)) references.push({ specifier: literal.getLiteralValue(), node: literal, typeOnly: true, guarded: false });
    }
  });
  return references;
}

function isTypeOnlyImport(declaration: ImportDeclaration): boolean {
  if (declaration.isTypeOnly()) return true;
  const named = declaration.getNamedImports();
  return declaration.getDefaultImport() === undefined && declaration.getNamespaceImport() === undefined && named.length > 0 && named.every((specifier) => specifier.isTypeOnly());
}

function isTypeScript(sourceFile: SourceFile): boolean {
  return /\.[cm]?tsx?$/.test(sourceFile.getFilePath());
}

/**
 * Whether an import binds something the file uses as a value. TypeScript elides an import whose
 * bindings only appear in types (`import { FastifyRequest } from 'fastify'` used as `req: FastifyRequest`),
 * so it never loads at runtime. Side-effect imports (`import 'x'`) always load.
 */
function importsAnyValue(declaration: ImportDeclaration, usedAsValue: (name: string) => boolean): boolean {
  const names = [
    declaration.getDefaultImport()?.getText(),
    declaration.getNamespaceImport()?.getText(),
    ...declaration.getNamedImports().map((named) => (named.getAliasNode() ?? named.getNameNode()).getText()),
  ].filter((name): name is string => name !== undefined);
  return names.length === 0 || names.some(usedAsValue);
}

/** Identifiers read as values anywhere in the file: outside type annotations, `implements` clauses and declaration names. */
function namesUsedAsValues(sourceFile: SourceFile): Set<string> {
  const names = new Set<string>();
  sourceFile.forEachDescendant((node) => {
    if (Node.isIdentifier(node) && isValueUse(node)) names.add(node.getText());
  });
  return names;
}

function isValueUse(identifier: Node): boolean {
  const parent = identifier.getParent();
  if (!parent) return false;
  if (Node.isImportSpecifier(parent) || Node.isImportClause(parent) || Node.isNamespaceImport(parent)) return false;
  if (Node.isPropertyAccessExpression(parent) && parent.getNameNode() === identifier) return false;
  if ((Node.isPropertyAssignment(parent) || Node.isPropertyDeclaration(parent) || Node.isMethodDeclaration(parent)) && parent.getNameNode() === identifier) return false;
  for (let current: Node | undefined = parent; current && !Node.isStatement(current); current = current.getParent()) {
    if (Node.isHeritageClause(current)) return current.getToken() === SyntaxKind.ExtendsKeyword && Node.isClassLikeDeclarationBase(current.getParent());
    if (Node.isTypeNode(current) && !Node.isExpressionWithTypeArguments(current)) return false;
  }
  return true;
}

function requireOrImportLiteral(call: CallExpression): StringLiteral | NoSubstitutionTemplateLiteral | undefined {
  const callee = call.getExpression();
  const isRequire = Node.isIdentifier(callee) && callee.getText() === 'require';
  const isImport = callee.getKind() === SyntaxKind.ImportKeyword;
  if (!isRequire && !isImport) return undefined;
  const [first] = call.getArguments();
  return Node.isStringLiteral(first) || Node.isNoSubstitutionTemplateLiteral(first) ? first : undefined;
}

function isInsideTry(node: Node): boolean {
  for (let current: Node | undefined = node.getParent(); current; current = current.getParent()) {
    const parent = current.getParent();
    if (Node.isTryStatement(parent) && parent.getTryBlock() === current) return true;
    if (Node.isFunctionLikeDeclaration(current) || Node.isArrowFunction(current)) return false;
  }
  return false;
}

/** `lodash/fp` -> `lodash`, `@scope/pkg/sub` -> `@scope/pkg`; undefined for relative, absolute and protocol specifiers. */
export function packageNameOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.includes(':')) return undefined;
  const segments = specifier.split('/');
  const name = specifier.startsWith('@') ? segments.slice(0, 2).join('/') : segments[0];
  return name !== undefined && VALID_PACKAGE_NAME.test(name) ? name : undefined;
}

/** npm's rules for a package name (legacy upper-case names included). */
const VALID_PACKAGE_NAME = /^(?:@[a-z0-9-~][a-z0-9-._~]*\/)?[a-zA-Z0-9-~][a-zA-Z0-9-._~]*$/;

