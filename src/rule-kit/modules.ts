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
  ts,
} from 'ts-morph';
import { findNodes } from './ast.js';

export interface ModuleReference {
  specifier: string;
  /** The string literal naming the module. */
  node: StringLiteral | NoSubstitutionTemplateLiteral;
  /** `import type`, `export type`, or an import whose every named binding is `type`: erased at runtime. */
  typeOnly: boolean;
  /** A `require()`/`import()` inside a `try` block: the code copes with the module being absent. */
  guarded: boolean;
}

/** Kinds `moduleReferences` looks at besides calls. */
const REFERENCE_KINDS = new Set<SyntaxKind>([
  SyntaxKind.ImportDeclaration,
  SyntaxKind.ExportDeclaration,
  SyntaxKind.ExternalModuleReference,
  SyntaxKind.ImportType,
]);

/**
 * Whether a raw node may be a reference: one of `REFERENCE_KINDS`, or a call whose callee is
 * `import` or an identifier spelled `require` (a superset of what `requireOrImportLiteral` accepts).
 */
function mayReferenceModule(node: ts.Node): boolean {
  if (REFERENCE_KINDS.has(node.kind)) return true;
  if (node.kind !== SyntaxKind.CallExpression) return false;
  const callee = (node as ts.CallExpression).expression;
  return callee.kind === SyntaxKind.ImportKeyword || (callee.kind === SyntaxKind.Identifier && (callee as ts.Identifier).text === 'require');
}

/** Several rules ask for the same file's references; the answer depends on the file alone. */
const referencesCache = new WeakMap<SourceFile, ModuleReference[]>();

export function moduleReferences(sourceFile: SourceFile): ModuleReference[] {
  let references = referencesCache.get(sourceFile);
  if (!references) {
    references = findModuleReferences(sourceFile);
    referencesCache.set(sourceFile, references);
  }
  return [...references];
}

function findModuleReferences(sourceFile: SourceFile): ModuleReference[] {
  const references: ModuleReference[] = [];
  let valueNames: Set<string> | undefined;
  const usedAsValue = (name: string) => (valueNames ??= namesUsedAsValues(sourceFile)).has(name);
  for (const node of findNodes(sourceFile, mayReferenceModule)) {
    if (Node.isImportDeclaration(node)) {
      const literal = node.getModuleSpecifier();
      // Computed on first read: whether a TS import binds a value needs every identifier of the file,
      // and rules that look at relative specifiers only never ask.
      let typeOnly: boolean | undefined;
      references.push({
        specifier: literal.getLiteralValue(),
        node: literal,
        get typeOnly() {
          return (typeOnly ??= isTypeOnlyImport(node) || (isTypeScript(sourceFile) && !importsAnyValue(node, usedAsValue)));
        },
        guarded: false,
      });
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
      if (literal) references.push({ specifier: literal.getLiteralValue(), node: literal, typeOnly: false, guarded: isInsideTry(node.compilerNode) });
    } else if (Node.isImportTypeNode(node)) {
      // `typeof import('x')` in a type position is erased.
      const argument = node.getArgument();
      const literal = Node.isLiteralTypeNode(argument) ? argument.getLiteral() : undefined;
      if (Node.isStringLiteral(literal)) references.push({ specifier: literal.getLiteralValue(), node: literal, typeOnly: true, guarded: false });
    }
  }
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

/**
 * Identifiers read as values anywhere in the file: outside type annotations, `implements` clauses and declaration names.
 * Walks raw compiler nodes: wrapping every identifier of a file was most of this rule-kit's cost.
 */
function namesUsedAsValues(sourceFile: SourceFile): Set<string> {
  const names = new Set<string>();
  const file = sourceFile.compilerNode;
  const visit = (node: ts.Node): void => {
    if (node.kind === SyntaxKind.Identifier && isValueUse(node as ts.Identifier)) names.add(identifierText(node as ts.Identifier, file));
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return names;
}

/** What ts-morph's `getText()` returns for an identifier: its source text (which differs from its name only when it has unicode escapes). */
function identifierText(identifier: ts.Identifier, file: ts.SourceFile): string {
  const name = identifier.text;
  return file.text.endsWith(name, identifier.end) ? name : file.text.substring(identifier.getStart(file), identifier.end);
}

/** ts-morph's `Node.isStatement` kinds. */
const STATEMENT_KINDS = new Set<SyntaxKind>([
  SyntaxKind.Block, SyntaxKind.BreakStatement, SyntaxKind.ClassDeclaration, SyntaxKind.ContinueStatement, SyntaxKind.DebuggerStatement,
  SyntaxKind.DoStatement, SyntaxKind.EmptyStatement, SyntaxKind.EnumDeclaration, SyntaxKind.ExportAssignment, SyntaxKind.ExportDeclaration,
  SyntaxKind.ExpressionStatement, SyntaxKind.ForInStatement, SyntaxKind.ForOfStatement, SyntaxKind.ForStatement,
  SyntaxKind.FunctionDeclaration, SyntaxKind.IfStatement, SyntaxKind.ImportDeclaration, SyntaxKind.ImportEqualsDeclaration,
  SyntaxKind.InterfaceDeclaration, SyntaxKind.LabeledStatement, SyntaxKind.ModuleBlock, SyntaxKind.ModuleDeclaration,
  SyntaxKind.NotEmittedStatement, SyntaxKind.ReturnStatement, SyntaxKind.SwitchStatement, SyntaxKind.ThrowStatement,
  SyntaxKind.TryStatement, SyntaxKind.TypeAliasDeclaration, SyntaxKind.VariableStatement, SyntaxKind.WhileStatement, SyntaxKind.WithStatement,
]);

/** ts-morph's `Node.isTypeNode` kinds, less `ExpressionWithTypeArguments` (an `extends` expression may be a value). */
const TYPE_NODE_KINDS = new Set<SyntaxKind>([
  SyntaxKind.ArrayType, SyntaxKind.ConditionalType, SyntaxKind.ConstructorType, SyntaxKind.FunctionType, SyntaxKind.ImportType,
  SyntaxKind.IndexedAccessType, SyntaxKind.InferType, SyntaxKind.IntersectionType, SyntaxKind.JSDocAllType, SyntaxKind.JSDocFunctionType,
  SyntaxKind.JSDocNamepathType, SyntaxKind.JSDocNonNullableType, SyntaxKind.JSDocNullableType, SyntaxKind.JSDocOptionalType,
  SyntaxKind.JSDocSignature, SyntaxKind.JSDocTypeExpression, SyntaxKind.JSDocTypeLiteral, SyntaxKind.JSDocUnknownType,
  SyntaxKind.JSDocVariadicType, SyntaxKind.LiteralType, SyntaxKind.MappedType, SyntaxKind.NamedTupleMember, SyntaxKind.OptionalType,
  SyntaxKind.ParenthesizedType, SyntaxKind.RestType, SyntaxKind.TemplateLiteralType, SyntaxKind.ThisType, SyntaxKind.TupleType,
  SyntaxKind.TypeLiteral, SyntaxKind.TypeOperator, SyntaxKind.TypePredicate, SyntaxKind.TypeQuery, SyntaxKind.TypeReference, SyntaxKind.UnionType,
]);

function isValueUse(identifier: ts.Identifier): boolean {
  const parent = identifier.parent as ts.Node | undefined;
  if (!parent) return false;
  const kind = parent.kind;
  if (kind === SyntaxKind.ImportSpecifier || kind === SyntaxKind.ImportClause || kind === SyntaxKind.NamespaceImport) return false;
  if (kind === SyntaxKind.PropertyAccessExpression && (parent as ts.PropertyAccessExpression).name === identifier) return false;
  if (
    (kind === SyntaxKind.PropertyAssignment || kind === SyntaxKind.PropertyDeclaration || kind === SyntaxKind.MethodDeclaration) &&
    (parent as ts.PropertyAssignment | ts.PropertyDeclaration | ts.MethodDeclaration).name === identifier
  ) {
    return false;
  }
  for (let current: ts.Node | undefined = parent; current && !STATEMENT_KINDS.has(current.kind); current = current.parent) {
    if (current.kind === SyntaxKind.HeritageClause) {
      const owner = current.parent.kind;
      return (current as ts.HeritageClause).token === SyntaxKind.ExtendsKeyword && (owner === SyntaxKind.ClassDeclaration || owner === SyntaxKind.ClassExpression);
    }
    if (TYPE_NODE_KINDS.has(current.kind)) return false;
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

/** ts-morph's `Node.isFunctionLikeDeclaration` kinds, plus arrow functions (function expressions are neither). */
const FUNCTION_LIKE_KINDS = new Set<SyntaxKind>([
  SyntaxKind.ArrowFunction, SyntaxKind.Constructor, SyntaxKind.FunctionDeclaration, SyntaxKind.GetAccessor, SyntaxKind.MethodDeclaration, SyntaxKind.SetAccessor,
]);

/** Walks raw parents: wrapping every ancestor of every `require()` cost more than the check. */
function isInsideTry(node: ts.Node): boolean {
  for (let current: ts.Node | undefined = node.parent; current; current = current.parent) {
    const parent = current.parent as ts.Node | undefined;
    if (parent?.kind === SyntaxKind.TryStatement && (parent as ts.TryStatement).tryBlock === current) return true;
    if (FUNCTION_LIKE_KINDS.has(current.kind)) return false;
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

