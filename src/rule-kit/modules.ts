/**
 * The module specifiers a script refers to, each with where the string literal naming it is, so
 * rules can report at the exact spot: static imports and re-exports, `import x = require()`,
 * `require()` and `import()` with a literal argument.
 */
import { SyntaxKind, ts } from 'ts-morph';
import type { FileExtractor, FileInput, Span } from '../facts/types.js';

export interface ModuleReference {
  specifier: string;
  /** The string literal naming the module. */
  span: Span;
  /** `import type`, `export type`, or an import whose every named binding is `type`: erased at runtime. */
  typeOnly: boolean;
  /** A `require()`/`import()` inside a `try` block: the code copes with the module being absent. */
  guarded: boolean;
}

export interface ModuleReferences {
  references: ModuleReference[];
  /** An import or export names its module by something else than a string literal (`import x from y`): it parses, but names no module. */
  nonLiteralSpecifier: boolean;
}

/** The module references of every JS/TS file, read from the string literals and import/export declarations of the one walk. */
export const moduleReferences: FileExtractor<ModuleReferences> = {
  name: 'module-references',
  version: 1,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.ImportDeclaration, SyntaxKind.ExportDeclaration, SyntaxKind.StringLiteral, SyntaxKind.NoSubstitutionTemplateLiteral],
    create(file) {
      let nonLiteralSpecifier = false;
      const literals: (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral)[] = [];
      return {
        visit(node) {
          if (node.kind === SyntaxKind.ImportDeclaration || node.kind === SyntaxKind.ExportDeclaration) {
            const specifier = (node as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier;
            if (specifier !== undefined && specifier.kind !== SyntaxKind.StringLiteral) nonLiteralSpecifier = true;
          } else if (isModuleLiteral(node)) {
            literals.push(node as ts.StringLiteral | ts.NoSubstitutionTemplateLiteral);
          }
        },
        result: () => ({ references: referencesOfLiterals(literals, file), nonLiteralSpecifier }),
      };
    },
  },
};

/**
 * A file's references, for a rule that judges them. A file with a non-literal module specifier is
 * not analysed: the rule fails on it (as ts-morph's `getModuleSpecifier()` did) and the engine
 * reports the file as not analysed by that rule.
 */
export function referencesOf(facts: ModuleReferences): ModuleReference[] {
  if (facts.nonLiteralSpecifier) throw new Error('Expected the module specifier to be a string literal.');
  return facts.references;
}

function referencesOfLiterals(literals: readonly (ts.StringLiteral | ts.NoSubstitutionTemplateLiteral)[], file: FileInput): ModuleReference[] {
  const typeScript = isTypeScript(file.path);
  // Whether a TS import binds a value is read from the file's identifiers: only the names such imports bind are looked at.
  const bound = typeScript ? literals.flatMap((literal) => (literal.parent.kind === SyntaxKind.ImportDeclaration ? localNames(literal.parent as ts.ImportDeclaration) : [])) : [];
  const valueNames = bound.length > 0 ? namesUsedAsValues(literals[0]!.getSourceFile(), new Set(bound)) : new Set<string>();
  return literals.map((literal) => ({
    specifier: literal.text,
    span: file.span(literal.getStart(), literal.end),
    typeOnly: isTypeOnlyReference(literal, typeScript, valueNames),
    guarded: literal.parent.kind === SyntaxKind.CallExpression && isInsideTry(literal.parent),
  }));
}

function isTypeOnlyReference(literal: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral, typeScript: boolean, valueNames: ReadonlySet<string>): boolean {
  const parent = literal.parent;
  switch (parent.kind) {
    case SyntaxKind.ImportDeclaration: {
      const declaration = parent as ts.ImportDeclaration;
      return isTypeOnlyImport(declaration) || (typeScript && !importsAnyValue(declaration, valueNames));
    }
    case SyntaxKind.ExportDeclaration:
      return (parent as ts.ExportDeclaration).isTypeOnly;
    case SyntaxKind.ExternalModuleReference: {
      const declaration = parent.parent;
      return declaration.kind === SyntaxKind.ImportEqualsDeclaration && ((declaration as ts.ImportEqualsDeclaration).isTypeOnly ?? false);
    }
    case SyntaxKind.CallExpression:
      return false;
    default:
      // `typeof import('x')` in a type position is erased.
      return true;
  }
}

/**
 * A raw string literal naming a module: the specifier of an import or export declaration, of
 * `import x = require('m')`, of `typeof import('m')`, or the first argument of `require('m')` /
 * `import('m')` (also a substitution-free template there). ts-morph's `getText()` of an identifier
 * is its unescaped name (`compilerNode.text`), so `\u0072equire` counts as `require`.
 */
function isModuleLiteral(node: ts.Node): boolean {
  const isString = node.kind === SyntaxKind.StringLiteral;
  if (!isString && node.kind !== SyntaxKind.NoSubstitutionTemplateLiteral) return false;
  const parent = node.parent;
  switch (parent.kind) {
    case SyntaxKind.ImportDeclaration:
    case SyntaxKind.ExportDeclaration:
      return isString && (parent as ts.ImportDeclaration | ts.ExportDeclaration).moduleSpecifier === node;
    case SyntaxKind.ExternalModuleReference:
      return isString && (parent as ts.ExternalModuleReference).expression === node;
    case SyntaxKind.LiteralType: {
      const owner = parent.parent;
      return isString && owner.kind === SyntaxKind.ImportType && (owner as ts.ImportTypeNode).argument === parent;
    }
    case SyntaxKind.CallExpression: {
      const call = parent as ts.CallExpression;
      if (call.arguments[0] !== node) return false;
      const callee = call.expression;
      if (callee.kind === SyntaxKind.ImportKeyword) return true;
      return callee.kind === SyntaxKind.Identifier && (callee as ts.Identifier).text === 'require';
    }
    default:
      return false;
  }
}

function isTypeOnlyImport(declaration: ts.ImportDeclaration): boolean {
  const clause = declaration.importClause;
  if (clause?.phaseModifier === SyntaxKind.TypeKeyword) return true;
  const named = namedImports(declaration);
  return clause?.name === undefined && namespaceImport(declaration) === undefined && named.length > 0 && named.every((specifier) => specifier.isTypeOnly);
}

/** ts-morph's `getNamedImports()`, raw. */
function namedImports(declaration: ts.ImportDeclaration): readonly ts.ImportSpecifier[] {
  const bindings = declaration.importClause?.namedBindings;
  return bindings?.kind === SyntaxKind.NamedImports ? bindings.elements : [];
}

/** ts-morph's `getNamespaceImport()` (the local name), raw. */
function namespaceImport(declaration: ts.ImportDeclaration): ts.Identifier | undefined {
  const bindings = declaration.importClause?.namedBindings;
  return bindings?.kind === SyntaxKind.NamespaceImport ? bindings.name : undefined;
}

function isTypeScript(path: string): boolean {
  return /\.[cm]?tsx?$/.test(path);
}

/**
 * Whether an import binds something the file uses as a value. TypeScript elides an import whose
 * bindings only appear in types (`import { FastifyRequest } from 'fastify'` used as `req: FastifyRequest`),
 * so it never loads at runtime. Side-effect imports (`import 'x'`) always load.
 */
function importsAnyValue(declaration: ts.ImportDeclaration, valueNames: ReadonlySet<string>): boolean {
  const names = localNames(declaration);
  return names.length === 0 || names.some((name) => valueNames.has(name));
}

/** The local names an import binds (ts-morph's getText() of an identifier is its unescaped name): the default import, the namespace import, each named import's alias or name. */
function localNames(declaration: ts.ImportDeclaration): string[] {
  const defaultImport = declaration.importClause?.name;
  const namespace = namespaceImport(declaration);
  return [...(defaultImport ? [defaultImport.text] : []), ...(namespace ? [namespace.text] : []), ...namedImports(declaration).map((named) => named.name.text)];
}

/**
 * Which of `names` the file reads as values somewhere: outside type annotations, `implements` clauses and declaration names.
 * Walks raw compiler nodes: wrapping every identifier of a file was most of this rule-kit's cost.
 */
function namesUsedAsValues(file: ts.SourceFile, names: ReadonlySet<string>): Set<string> {
  const used = new Set<string>();
  const visit = (node: ts.Node): void => {
    if (node.kind === SyntaxKind.Identifier && names.has((node as ts.Identifier).text) && isValueUse(node as ts.Identifier)) used.add((node as ts.Identifier).text);
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(file, visit);
  return used;
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

/** A local name a top-level ES import binds: `import a, * as b, { c as d } from 'm'`. */
export interface ImportBinding {
  specifier: string;
  /** The exported name it stands for: `default`, `*` for a namespace import, or the named export. */
  imported: string;
  /** `import type`, or `{ type c }`: never a value at runtime. */
  typeOnly: boolean;
}

/** Every local name the file's top-level ES imports bind, by that name. */
export function importBindings(file: ts.SourceFile): Map<string, ImportBinding> {
  const bindings = new Map<string, ImportBinding>();
  for (const statement of file.statements) {
    if (statement.kind !== SyntaxKind.ImportDeclaration) continue;
    const { importClause, moduleSpecifier } = statement as ts.ImportDeclaration;
    if (!importClause || moduleSpecifier.kind !== SyntaxKind.StringLiteral) continue;
    const specifier = (moduleSpecifier as ts.StringLiteral).text;
    const clauseTypeOnly = importClause.isTypeOnly;
    if (importClause.name) bindings.set(importClause.name.text, { specifier, imported: 'default', typeOnly: clauseTypeOnly });
    const named = importClause.namedBindings;
    if (named?.kind === SyntaxKind.NamespaceImport) bindings.set((named as ts.NamespaceImport).name.text, { specifier, imported: '*', typeOnly: clauseTypeOnly });
    else if (named) {
      for (const element of (named as ts.NamedImports).elements) {
        bindings.set(element.name.text, { specifier, imported: (element.propertyName ?? element.name).text, typeOnly: clauseTypeOnly || element.isTypeOnly });
      }
    }
  }
  return bindings;
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

