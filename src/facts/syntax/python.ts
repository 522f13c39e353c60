/**
 * What the Python facts share about the language (tree-sitter-python node types): literal values,
 * dotted paths, the names a file imports, and which expressions read the environment.
 * Every helper here is iterative or bounded in depth, so generated code cannot overflow the stack.
 */
import type { TreeNode } from '../types.js';
import { HOLE, type LiteralValue } from '../values.js';
import type { EnvReadVia } from '../env-reads/index.js';
import { childrenOf, unwrap } from './tree.js';

export { childrenOf, unwrap };

/** `if __name__ == '__main__':` (either way round): the block runs only when the module is run as a script. */
export function isMainGuard(node: TreeNode): boolean {
  if (node.type !== 'if_statement') return false;
  const condition = node.childForFieldName('condition')?.text ?? '';
  return /__name__\s*==\s*['"]__main__['"]|['"]__main__['"]\s*==\s*__name__/.test(condition);
}

/** Inside an `if __name__ == '__main__':` block: the module run by hand as a script, not the app. */
export function inMainGuard(node: TreeNode): boolean {
  for (let current = node.parent; current !== null; current = current.parent) if (isMainGuard(current)) return true;
  return false;
}

/** The value of a literal expression: strings (also implicitly concatenated and f-strings), numbers, booleans, None. */
export function literalValue(node: TreeNode): LiteralValue | undefined {
  const expression = unwrap(node);
  switch (expression.type) {
    case 'string':
    case 'concatenated_string':
      return stringValue(expression);
    case 'binary_operator':
      return concatenation(expression) ?? percentFormatting(expression);
    case 'call':
      return formatCall(expression);
    case 'integer':
    case 'float':
      return numberValue(expression.text);
    case 'unary_operator': {
      const operand = expression.childForFieldName('argument');
      const value = operand && (operand.type === 'integer' || operand.type === 'float') ? numberValue(operand.text) : undefined;
      const operator = expression.text.trimStart()[0];
      if (value?.kind !== 'number' || (operator !== '-' && operator !== '+')) return undefined;
      return { kind: 'number', value: operator === '-' ? -value.value : value.value };
    }
    case 'true':
      return { kind: 'boolean', value: true };
    case 'false':
      return { kind: 'boolean', value: false };
    case 'none':
      return { kind: 'null', value: null };
    default:
      return undefined;
  }
}

function numberValue(text: string): LiteralValue | undefined {
  // Python 2 longs (`10L`) and digit separators (`1_000`); complex numbers (`1j`) are not numbers here.
  const value = Number(text.replace(/_/g, '').replace(/[lL]$/, ''));
  return Number.isFinite(value) ? { kind: 'number', value } : undefined;
}

/** A string literal's value with escapes decoded; f-string fields become HOLEs (a `template`). */
export function stringValue(node: TreeNode): LiteralValue | undefined {
  if (node.type === 'concatenated_string') {
    let value = '';
    let template = false;
    for (const part of childrenOf(node)) {
      const piece = stringValue(part);
      if (piece === undefined) return undefined;
      value += String(piece.value);
      template ||= piece.kind === 'template';
    }
    return { kind: template ? 'template' : 'string', value };
  }
  if (node.type !== 'string') return undefined;
  const start = node.namedChildren[0];
  const prefix = start?.type === 'string_start' ? start.text.replace(/['"]+$/, '').toLowerCase() : '';
  const raw = prefix.includes('r');
  const formatted = prefix.includes('f') || prefix.includes('t');
  let value = '';
  let template = false;
  for (const part of childrenOf(node)) {
    if (part.type === 'string_content') {
      const text = formatted ? part.text.replace(/\{\{/g, '{').replace(/\}\}/g, '}') : part.text;
      value += raw ? text : decodeEscapes(text);
    } else if (part.type === 'interpolation') {
      value += HOLE;
      template = true;
    }
  }
  return { kind: template ? 'template' : 'string', value };
}

/**
 * `'postgres://' + host + '/db'`: a string built by `+` from at least one string literal, other
 * operands marked with HOLE. Undefined for arithmetic and for `+` of names only.
 */
function concatenation(node: TreeNode): LiteralValue | undefined {
  const operands = plusOperands(node);
  if (operands === undefined) return undefined;
  let value = '';
  let literalPart = false;
  for (const operand of operands) {
    const piece = unwrap(operand).type === 'string' || unwrap(operand).type === 'concatenated_string' ? stringValue(unwrap(operand)) : undefined;
    if (piece === undefined) {
      value += HOLE;
    } else {
      value += String(piece.value);
      literalPart = true;
    }
  }
  return literalPart ? { kind: 'template', value } : undefined;
}

/** A template's literal text with each placeholder a HOLE: `template` when there was one, a plain string otherwise. */
function withHoles(text: string, placeholders: RegExp, escapes: Readonly<Record<string, string>>): LiteralValue {
  let template = false;
  const value = text.replace(placeholders, (placeholder) => {
    const escaped = escapes[placeholder];
    if (escaped !== undefined) return escaped;
    template = true;
    return HOLE;
  });
  return { kind: template ? 'template' : 'string', value };
}

/** The plain (not f-) string literal a formatting expression starts from. */
function formatString(node: TreeNode | null): string | undefined {
  const value = node === null ? undefined : stringValue(unwrap(node));
  return value?.kind === 'string' ? value.value : undefined;
}

/** `'sqlite:///{0}'.format(path)`: the same template as `f'sqlite:///{path}'`. */
function formatCall(node: TreeNode): LiteralValue | undefined {
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'attribute' || callee.childForFieldName('attribute')?.text !== 'format') return undefined;
  const text = formatString(callee.childForFieldName('object'));
  return text === undefined ? undefined : withHoles(text, /\{\{|\}\}|\{[^{}]*\}/g, { '{{': '{', '}}': '}' });
}

/** `'postgres://%s@db/%s' % (user, name)`: printf-style formatting of a string literal. */
function percentFormatting(node: TreeNode): LiteralValue | undefined {
  if (operatorOf(node) !== '%') return undefined;
  const text = formatString(node.childForFieldName('left'));
  return text === undefined ? undefined : withHoles(text, /%%|%(?:\([^)]*\))?[-#0 +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[a-zA-Z]/g, { '%%': '%' });
}

/** The operands of a chain of `+`, left to right, read down the left spine without recursion. */
export function plusOperands(node: TreeNode): TreeNode[] | undefined {
  const operands: TreeNode[] = [];
  let current = node;
  while (current.type === 'binary_operator' && operatorOf(current) === '+') {
    const right = current.childForFieldName('right');
    const left = current.childForFieldName('left');
    if (right === null || left === null) return undefined;
    operands.push(right);
    current = unwrap(left);
  }
  if (operands.length === 0) return undefined;
  operands.push(current);
  return operands.reverse();
}

function operatorOf(node: TreeNode): string | undefined {
  return node.childForFieldName('operator')?.text;
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"', '\n': '' };

/** Python's escapes in a non-raw literal; unknown escapes keep their backslash, as Python does. */
function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{1,3}|N\{[^}]*\}|[\s\S])/g, (escape, body: string) => {
    const head = body[0] ?? '';
    if (head === 'x' || head === 'u' || head === 'U') return safeCodePoint(parseInt(body.slice(1), 16)) ?? escape;
    if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(body, 8));
    return ESCAPES[head] ?? escape;
  });
}

function safeCodePoint(code: number): string | undefined {
  return code <= 0x10ffff ? String.fromCodePoint(code) : undefined;
}

/** Longer paths than this are generated code; they are not worth a name. */
const MAX_PATH_SEGMENTS = 32;

/**
 * The dotted path of an expression as written: `app.run`, `logging.handlers.RotatingFileHandler`;
 * a call in the chain is `()` (`Flask(__name__).run` -> `Flask().run`), a subscript `[]`
 * (`app.config['X'].get` -> `app.config[].get`). Null when it does not start from a name.
 */
export function pathOf(node: TreeNode): string | null {
  const segments: string[] = [];
  let current = unwrap(node);
  for (let depth = 0; depth < MAX_PATH_SEGMENTS; depth++) {
    if (current.type === 'identifier') return current.text + segments.reverse().join('');
    let next: TreeNode | null;
    if (current.type === 'attribute') {
      segments.push(`.${current.childForFieldName('attribute')?.text ?? ''}`);
      next = current.childForFieldName('object');
    } else if (current.type === 'call') {
      segments.push('()');
      next = current.childForFieldName('function');
    } else if (current.type === 'subscript') {
      segments.push('[]');
      next = current.childForFieldName('value');
    } else {
      return null;
    }
    if (next === null) return null;
    current = unwrap(next);
  }
  return null;
}

/** A plain dotted name (`port`, `settings.PORT`, `self.config.port`): names and attributes only. */
export function dottedName(node: TreeNode): string | undefined {
  const expression = unwrap(node);
  if (expression.type !== 'identifier' && expression.type !== 'attribute') return undefined;
  const path = pathOf(expression);
  return path === null || /[()[\]]/.test(path) ? undefined : path;
}

/** A call's arguments: positional ones with their index, keyword ones with their name, splats apart. */
export interface PythonArgument {
  node: TreeNode;
  /** The value expression (a keyword argument's value). */
  value: TreeNode;
  index: number | null;
  keyword: string | null;
  spread: boolean;
}

export function argumentsOf(call: TreeNode): PythonArgument[] {
  const list = call.childForFieldName('arguments');
  if (list === null) return [];
  // `f(x for x in y)`: the generator is the one positional argument.
  if (list.type === 'generator_expression') return [{ node: list, value: list, index: 0, keyword: null, spread: false }];
  const result: PythonArgument[] = [];
  let index = 0;
  for (const child of childrenOf(list)) {
    if (child.type === 'keyword_argument') {
      const value = child.childForFieldName('value');
      result.push({ node: child, value: value ?? child, index: null, keyword: child.childForFieldName('name')?.text ?? null, spread: false });
    } else if (child.type === 'list_splat' || child.type === 'dictionary_splat') {
      result.push({ node: child, value: child, index: null, keyword: null, spread: true });
    } else {
      result.push({ node: child, value: child, index: index++, keyword: null, spread: false });
    }
  }
  return result;
}

/** The argument at a position (when `index` is a number), or else given by keyword. */
export function argumentAt(args: readonly PythonArgument[], index: number | undefined, keyword?: string): TreeNode | undefined {
  const positional = index === undefined ? undefined : args.find((arg) => arg.index === index);
  return (positional ?? (keyword === undefined ? undefined : args.find((arg) => arg.keyword === keyword)))?.value;
}

/** Node types whose visit `PythonScope.observe` needs: every visitor that resolves names asks for them too. */
export const SCOPE_KINDS = ['import_statement', 'import_from_statement', 'assignment'] as const;

/**
 * The names a file binds by import (`import numpy as np` -> np = numpy; `from os import environ` ->
 * environ = os.environ) and to settings objects (`env = environ.Env()`), read in source order, so a
 * name is known from its import on: imports come first in Python files.
 */
export class PythonScope {
  private readonly imported = new Map<string, string>();
  /** Names bound to a django-environ `Env`, an environs `Env`/`FileAwareEnv` or a python-decouple `AutoConfig`/`Config`. */
  private readonly settingsObjects = new Map<string, SettingsLibrary>();
  /** Assignments are looked at only in a file that names a settings library: each costs calls into the parser. */
  private readonly namesSettingsLibrary: boolean;

  /** `text`, the file's, lets assignments be skipped where no settings object can be made. */
  constructor(text?: string) {
    this.namesSettingsLibrary = text === undefined || /environ|decouple/.test(text);
  }

  observe(node: TreeNode): void {
    if (node.type === 'import_statement') {
      for (const name of childrenOf(node)) this.bindImport(name, undefined);
    } else if (node.type === 'import_from_statement') {
      const module = node.childForFieldName('module_name');
      if (module === null || (module.type !== 'dotted_name' && module.type !== 'relative_import')) return;
      for (const name of childrenOf(node)) if (name.startIndex !== module.startIndex) this.bindImport(name, module.text);
    } else if (node.type === 'assignment' && this.namesSettingsLibrary) {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left?.type !== 'identifier' || right === null || unwrap(right).type !== 'call') return;
      const callee = this.qualify(pathOf(unwrap(right).childForFieldName('function') ?? right));
      if (callee === 'environ.Env') this.settingsObjects.set(left.text, 'django-environ');
      else if (callee === 'environs.Env' || callee === 'environs.FileAwareEnv') this.settingsObjects.set(left.text, 'environs');
      else if (callee === 'decouple.AutoConfig' || callee === 'decouple.Config') this.settingsObjects.set(left.text, 'decouple');
    }
  }

  private bindImport(name: TreeNode, from: string | undefined): void {
    if (name.type === 'dotted_name') {
      // `import a.b` binds `a`; `from m import a` binds `a` to `m.a`.
      const local = from === undefined ? (name.text.split('.')[0] ?? name.text) : name.text;
      this.imported.set(local, from === undefined ? local : `${from}.${name.text}`);
      // Django projects build their `env = environ.Env()` once and import it into each settings module
      // (cookiecutter-django's `from .base import env`): an `env` taken from a module is that object.
      if (from !== undefined && local === 'env' && from !== 'os') this.settingsObjects.set(local, 'django-environ');
    } else if (name.type === 'aliased_import') {
      const target = name.childForFieldName('name')?.text;
      const alias = name.childForFieldName('alias')?.text;
      if (target !== undefined && alias !== undefined) this.imported.set(alias, from === undefined ? target : `${from}.${target}`);
    }
  }

  /** `path` with its first name replaced by what it was imported as: `np.array` -> `numpy.array`. */
  qualify(path: string | null): string | null {
    if (path === null) return null;
    const head = /^[^.([]+/.exec(path)?.[0] ?? path;
    const target = this.imported.get(head);
    return target === undefined ? path : target + path.slice(head.length);
  }

  settingsLibrary(name: string): SettingsLibrary | undefined {
    return this.settingsObjects.get(name);
  }
}

/** Libraries whose settings object reads the environment: `env('X', default)`, `env.int('X', 5)`. */
type SettingsLibrary = 'django-environ' | 'environs' | 'decouple';

/** Where a settings object's own call (`env('X', ...)`) takes its default: django-environ's second argument is the cast. */
const DEFAULT_POSITION: Readonly<Record<SettingsLibrary, number | undefined>> = { 'django-environ': 2, environs: 1, decouple: undefined };

/** One read of the environment (or of a settings library that reads it) recognised in an expression. */
export interface EnvReadMatch {
  /** The reading expression. */
  node: TreeNode;
  name: string | null;
  via: EnvReadVia;
  callee: string;
  required: boolean;
  /** The expression used when the variable is unset. */
  fallback?: TreeNode;
}

const GETTERS = new Set(['os.getenv', 'os.environ.get']);
/** The last names of the readers below: `getenv`, `get`, `setdefault`, `config`, `Env`. */
const READER_NAMES = new Set(['getenv', 'get', 'setdefault', 'config', 'Env']);
/** django-environ's typed readers: `env.bool('DEBUG', default=False)`; their second positional parameter is the default. */
const DJANGO_ENVIRON_METHODS = new Set([
  'str', 'bool', 'int', 'float', 'json', 'list', 'tuple', 'dict', 'url', 'db', 'db_url', 'cache', 'cache_url', 'email', 'email_url',
  'search_url', 'path', 'bytes', 'channels', 'channels_url',
]);

/**
 * The environment reads of a `call` or `subscript` node: `os.getenv('X', 'd')`, `os.environ.get`,
 * `os.environ['X']`, `os.environ.setdefault`, python-decouple `config('X', default=...)`, django-environ
 * `env('X')` / `env.bool('X', default=...)` and the defaults its `Env(X=(type, default))` declares.
 */
export function envReadsOf(node: TreeNode, scope: PythonScope): EnvReadMatch[] {
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value');
    const written = value === null ? null : pathOf(value);
    if (scope.qualify(written) !== 'os.environ') return [];
    const key = node.childForFieldName('subscript');
    return [{ node, name: key === null ? null : plainString(key), via: 'index', callee: `${written}[]`, required: true }];
  }
  if (node.type !== 'call') return [];
  const function_ = node.childForFieldName('function');
  // Most calls read nothing: their callee's last name settles it without walking the path.
  const last = function_ === null ? undefined : /(\w+)\s*$/.exec(function_.text)?.[1];
  if (last === undefined || !(READER_NAMES.has(last) || DJANGO_ENVIRON_METHODS.has(last) || scope.settingsLibrary(last) !== undefined || scope.qualify(last) !== last)) return [];
  const written = pathOf(function_ ?? node);
  if (written === null) return [];
  const callee = scope.qualify(written);
  const args = argumentsOf(node);
  const nameArg = argumentAt(args, 0, 'key');
  const name = nameArg === undefined ? null : plainString(nameArg);
  const read = (via: EnvReadVia, fallback: TreeNode | undefined, required = false): EnvReadMatch[] => [
    { node, name, via, callee: written, required: required && fallback === undefined, ...(fallback ? { fallback } : {}) },
  ];

  if (callee !== null && GETTERS.has(callee)) return read('get', argumentAt(args, 1, 'default'));
  if (callee === 'os.environ.setdefault') return read('default', argumentAt(args, 1, 'value'));
  if (callee === 'decouple.config') return read('settings', argumentAt(args, undefined, 'default'), true);
  if (callee === 'environ.Env') return schemeDefaults(node, written, args);

  const [head, method, ...rest] = written.split('.');
  const library = head === undefined ? undefined : scope.settingsLibrary(head);
  if (library === undefined || rest.length > 0) return [];
  if (method === undefined) return read('settings', argumentAt(args, DEFAULT_POSITION[library], 'default'), true);
  // environs' typed readers (`env.str`, `env.int`, `env.list`, ...) are django-environ's, default second too.
  if (library !== 'decouple' && DJANGO_ENVIRON_METHODS.has(method)) return read('settings', argumentAt(args, 1, 'default'), true);
  return [];
}

/** `environ.Env(DEBUG=(bool, False))`: the scheme declares a default per variable. */
function schemeDefaults(node: TreeNode, callee: string, args: readonly PythonArgument[]): EnvReadMatch[] {
  const reads: EnvReadMatch[] = [];
  for (const arg of args) {
    const scheme = unwrap(arg.value);
    const parts = scheme.type === 'tuple' ? childrenOf(scheme) : [];
    if (arg.keyword === null || parts.length !== 2) continue;
    reads.push({ node: arg.node, name: arg.keyword, via: 'default', callee, required: false, fallback: parts[1]! });
  }
  return reads;
}

/** The value of a plain (not interpolated) string literal. */
export function plainString(node: TreeNode): string | null {
  const value = literalValue(node);
  return value?.kind === 'string' ? value.value : null;
}

/** Calls that convert a value without changing where it comes from: `int(os.environ['PORT'])`. */
const CONVERSIONS = new Set(['int', 'str', 'float', 'bool']);
/** How far `envReadWithin` looks into an expression: deep enough for `int(os.getenv('P') or 5000)`. */
const MAX_ENV_SEARCH = 24;

/**
 * An environment read that an expression's value comes from: the expression itself, or one inside
 * conversions, parentheses, `or` / `and`, `+` concatenations, f-string fields and conditional
 * expressions. Other calls are not looked into: `f(os.environ['X'])` is f's value, not the variable's.
 */
export function envReadWithin(node: TreeNode, scope: PythonScope): EnvReadMatch | undefined {
  const pending: TreeNode[] = [node];
  for (let seen = 0; seen < MAX_ENV_SEARCH; seen++) {
    const current = pending.shift();
    if (current === undefined) return undefined;
    const expression = unwrap(current);
    const read = envReadsOf(expression, scope)[0];
    if (read !== undefined) return read;
    switch (expression.type) {
      case 'call': {
        const function_ = expression.childForFieldName('function');
        const first = argumentAt(argumentsOf(expression), 0);
        if (function_?.type === 'identifier' && CONVERSIONS.has(function_.text) && first) pending.push(first);
        break;
      }
      case 'boolean_operator':
      case 'binary_operator':
      case 'conditional_expression':
      case 'concatenated_string':
        pending.push(...childrenOf(expression));
        break;
      case 'string':
        for (const part of childrenOf(expression)) {
          const field = part.type === 'interpolation' ? part.childForFieldName('expression') : null;
          if (field) pending.push(field);
        }
        break;
      default:
        break;
    }
  }
  return undefined;
}

/**
 * `os.getenv('X') or 'default'`: the right operand of an `or` whose left operand is an environment
 * read is that read's fallback.
 */
export function orFallback(node: TreeNode, scope: PythonScope): { read: EnvReadMatch; fallback: TreeNode } | undefined {
  if (node.type !== 'boolean_operator' || operatorOf(node) !== 'or') return undefined;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left === null || right === null) return undefined;
  const read = envReadsOf(unwrap(left), scope)[0];
  return read !== undefined && read.fallback === undefined ? { read, fallback: right } : undefined;
}

/** A function's name and the names of its parameters, in order (splats and separators left out). */
export function wrapperDefinition(node: TreeNode): { name: string; params: string[] } | undefined {
  const name = node.childForFieldName('name')?.text;
  const parameters = node.childForFieldName('parameters');
  if (name === undefined || parameters === null) return undefined;
  const params: string[] = [];
  for (const parameter of childrenOf(parameters)) {
    const named = parameter.type === 'identifier' ? parameter : (parameter.childForFieldName('name') ?? childrenOf(parameter)[0]);
    if (parameter.type.includes('splat') || parameter.type.includes('separator') || named?.type !== 'identifier') continue;
    params.push(named.text);
  }
  return { name, params };
}

/**
 * The fields of a pydantic `BaseSettings` class: each is read from the environment variable of its
 * name (pydantic matches names case-insensitively; reported upper-cased, as variables are written),
 * its default is the fallback, and a field without one is required.
 */
export function settingsFields(node: TreeNode, scope: PythonScope): EnvReadMatch[] {
  const bases = node.childForFieldName('superclasses');
  const isSettings = bases !== null && childrenOf(bases).some((base) => /(?:^|\.)BaseSettings$/.test(scope.qualify(pathOf(base)) ?? ''));
  const body = node.childForFieldName('body');
  if (!isSettings || body === null) return [];
  const fields: EnvReadMatch[] = [];
  for (const statement of childrenOf(body)) {
    const assignment = statement.type === 'expression_statement' ? childrenOf(statement)[0] : undefined;
    const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
    if (assignment === undefined || target?.type !== 'identifier' || target.text.startsWith('_') || target.text === 'model_config') continue;
    const fallback = fieldDefault(assignment.childForFieldName('right'), scope);
    fields.push({ node: assignment, name: target.text.toUpperCase(), via: 'settings', callee: 'BaseSettings', required: fallback === undefined, ...(fallback ? { fallback } : {}) });
  }
  return fields;
}

/** A field's default: the value itself, or `Field(default)` / `Field(default=...)`; `...` means none. */
function fieldDefault(value: TreeNode | null, scope: PythonScope): TreeNode | undefined {
  if (value === null) return undefined;
  const expression = unwrap(value);
  if (expression.type === 'call' && /(?:^|\.)Field$/.test(scope.qualify(pathOf(expression.childForFieldName('function') ?? expression)) ?? '')) {
    const given = argumentAt(argumentsOf(expression), 0, 'default');
    return given === undefined || unwrap(given).type === 'ellipsis' ? undefined : given;
  }
  return expression.type === 'ellipsis' ? undefined : value;
}
