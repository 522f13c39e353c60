/**
 * What the backing-services, dev-prod-parity and admin-processes rules ask of Python and Go source
 * beyond the shared per-file facts: the functions around a call or literal (test helpers, CLI
 * commands, the function a migration runs in), and every literal a backing-service setting falls
 * back to when its environment variable is unset.
 */
import type { FileExtractor, Span, TreeNode } from '../facts/types.js';
import { envReadsOf, PythonScope, SCOPE_KINDS, unwrap, literalValue } from '../facts/syntax/python.js';
import type { LiteralValue } from '../facts/values.js';
import type { Call } from '../facts/calls/index.js';
import type { EnvRead } from '../facts/env-reads/index.js';

/** A named function or method of a Python or Go file. */
export interface SourceFunction {
  name: string;
  span: Span;
  /** Python decorators as written, without `@` and arguments: `app.cli.command`, `click.command`. */
  decorators: string[];
}

/** The named functions of each Python and Go file, outermost first. */
export const sourceFunctions: FileExtractor<SourceFunction[]> = {
  name: 'backing-source/functions',
  version: 1,
  module: import.meta.url,
  python: {
    kinds: ['function_definition'],
    create(file) {
      const found: SourceFunction[] = [];
      return {
        visit(node) {
          const name = node.childForFieldName('name')?.text;
          if (name === undefined) return;
          const decorated = node.parent?.type === 'decorated_definition' ? node.parent : undefined;
          const decorators = (decorated?.namedChildren ?? [])
            .filter((child): child is TreeNode => child?.type === 'decorator')
            .map((decorator) => decorator.text.replace(/^@\s*/, '').replace(/\(.*$/s, '').trim());
          found.push({ name, span: file.span(node.startIndex, node.endIndex), decorators });
        },
        result: () => found,
      };
    },
  },
  go: {
    kinds: ['function_declaration', 'method_declaration'],
    create(file) {
      const found: SourceFunction[] = [];
      return {
        visit(node) {
          const name = node.childForFieldName('name')?.text;
          if (name !== undefined) found.push({ name, span: file.span(node.startIndex, node.endIndex), decorators: [] });
        },
        result: () => found,
      };
    },
  },
};

function contains(outer: Span, inner: { line: number; column: number }): boolean {
  const startsBefore = outer.line < inner.line || (outer.line === inner.line && outer.column <= inner.column);
  const endsAfter = outer.endLine > inner.line || (outer.endLine === inner.line && outer.endColumn > inner.column);
  return startsBefore && endsAfter;
}

/** The innermost named function around a position, if any. */
export function enclosingFunction(functions: readonly SourceFunction[], at: { line: number; column: number }): SourceFunction | undefined {
  return functions.filter((fn) => contains(fn.span, at)).at(-1);
}

/** A literal used when an environment variable is unset. */
export interface LiteralFallback {
  /** The variable; null when its name is computed. */
  variable: string | null;
  /** The text, interpolated parts marked with HOLE. */
  value: string;
  span: Span;
}

/**
 * `os.environ.get('DATABASE_URL', '').replace('postgres://', 'postgresql://') or 'sqlite:///…'`: a
 * read whose value goes through string methods before `or` still falls back to the right operand
 * (the env-reads facts know only the `or` right after a read).
 */
export const pythonChainedFallbacks: FileExtractor<LiteralFallback[]> = {
  name: 'backing-source/chained-fallbacks',
  version: 1,
  module: import.meta.url,
  python: {
    kinds: [...SCOPE_KINDS, 'boolean_operator'],
    create(file) {
      const scope = new PythonScope(file.text);
      const found: LiteralFallback[] = [];
      return {
        visit(node) {
          if (node.type !== 'boolean_operator') {
            scope.observe(node);
            return;
          }
          const left = node.childForFieldName('left');
          const right = node.childForFieldName('right');
          if (left === null || right === null || node.childForFieldName('operator')?.text !== 'or') return;
          const read = readThroughMethods(unwrap(left), scope);
          const value = read && literalValue(unwrap(right));
          const text = value && textOf(value);
          if (read && text !== undefined) found.push({ variable: read, value: text, span: file.span(unwrap(right).startIndex, unwrap(right).endIndex) });
        },
        result: () => found,
      };
    },
  },
};

/** The variable an expression reads when it is a read followed by one or more method calls (`.replace(...)`, `.strip()`). */
function readThroughMethods(node: TreeNode, scope: PythonScope): string | undefined {
  let current = node;
  let methods = 0;
  while (current.type === 'call') {
    const callee = current.childForFieldName('function');
    if (callee?.type !== 'attribute') break;
    const receiver = callee.childForFieldName('object');
    if (receiver === null) break;
    const [read] = envReadsOf(current, scope);
    if (read !== undefined) return methods > 0 ? (read.name ?? undefined) : undefined;
    current = unwrap(receiver);
    methods += 1;
  }
  const [read] = methods > 0 ? envReadsOf(current, scope) : [];
  return read?.name ?? undefined;
}

function textOf(value: LiteralValue): string | undefined {
  return value.kind === 'string' || value.kind === 'template' ? value.value : undefined;
}

/** Calls whose `default` is the database URL used when DATABASE_URL is unset: dj-database-url. */
const DATABASE_URL_DEFAULTS = /^dj_database_url\.(?:config|parse)$/;

/**
 * Every string fallback of an environment read in a file: defaults and `or` operands of reads (the
 * env-reads facts), defaults after string methods (`pythonChainedFallbacks`) and dj-database-url's
 * `default=`, in source order.
 */
export function literalFallbacks(reads: readonly EnvRead[], chained: readonly LiteralFallback[], calls: readonly Call[]): LiteralFallback[] {
  const fromReads = reads.flatMap(({ name, fallback }) => {
    const text = fallback?.value ? textOf(fallback.value) : undefined;
    return fallback && text !== undefined ? [{ variable: name, value: text, span: fallback.span }] : [];
  });
  const fromDatabaseUrl = calls.flatMap((call) => {
    const given = DATABASE_URL_DEFAULTS.test(call.qualified ?? '') ? call.arguments.find((argument) => argument.keyword === 'default') : undefined;
    const isText = given?.kind === 'string' || given?.kind === 'template';
    return given && isText && typeof given.value === 'string' ? [{ variable: 'DATABASE_URL', value: given.value, span: given.span }] : [];
  });
  return [...fromReads, ...chained, ...fromDatabaseUrl].sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
}
