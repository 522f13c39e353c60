/**
 * What the Go facts share about the language (tree-sitter-go node types): literal values, dotted
 * paths, the packages a file imports, and which expressions read the environment.
 * Every helper here is iterative or bounded in depth, so generated code cannot overflow the stack.
 */
import type { EnvReadVia } from '../env-reads/index.js';
import type { TreeNode } from '../types.js';
import { HOLE, type LiteralValue } from '../values.js';
import { childrenOf, unwrap } from './tree.js';

export { childrenOf, unwrap };

export function literalValue(node: TreeNode): LiteralValue | undefined {
  const expression = unwrap(node);
  switch (expression.type) {
    case 'interpreted_string_literal':
    case 'raw_string_literal':
      return { kind: 'string', value: stringText(expression) };
    case 'binary_expression':
      return concatenation(expression);
    case 'int_literal':
    case 'float_literal':
      return numberValue(expression.text);
    case 'unary_expression': {
      const operand = expression.childForFieldName('operand');
      const operator = expression.childForFieldName('operator')?.text;
      const value = operand && (operand.type === 'int_literal' || operand.type === 'float_literal') ? numberValue(operand.text) : undefined;
      if (value?.kind !== 'number' || (operator !== '-' && operator !== '+')) return undefined;
      return { kind: 'number', value: operator === '-' ? -value.value : value.value };
    }
    case 'true':
      return { kind: 'boolean', value: true };
    case 'false':
      return { kind: 'boolean', value: false };
    case 'nil':
      return { kind: 'null', value: null };
    default:
      return undefined;
  }
}

function numberValue(text: string): LiteralValue | undefined {
  const digits = text.replace(/_/g, '');
  // A leading 0 alone makes an octal literal (`0644`), unlike JavaScript's Number().
  const value = /^0[0-7]+$/.test(digits) ? parseInt(digits, 8) : Number(digits);
  return Number.isFinite(value) ? { kind: 'number', value } : undefined;
}

/** A string literal's value: raw strings as written (less carriage returns, as Go drops them), escapes decoded. */
export function stringText(node: TreeNode): string {
  const inner = node.text.slice(1, -1);
  return node.type === 'raw_string_literal' ? inner.replace(/\r/g, '') : decodeEscapes(inner);
}

const ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', "'": "'", '"': '"' };

function decodeEscapes(text: string): string {
  if (!text.includes('\\')) return text;
  return text.replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|[\s\S])/g, (escape, body: string) => {
    const head = body[0] ?? '';
    if (head === 'x' || head === 'u' || head === 'U') {
      const code = parseInt(body.slice(1), 16);
      return code <= 0x10ffff ? String.fromCodePoint(code) : escape;
    }
    if (/[0-7]/.test(head)) return String.fromCharCode(parseInt(body, 8));
    return ESCAPES[head] ?? escape;
  });
}

export function isStringLiteral(node: TreeNode): boolean {
  return node.type === 'interpreted_string_literal' || node.type === 'raw_string_literal';
}

/** The value of a plain string literal, else null. */
export function plainString(node: TreeNode): string | null {
  const expression = unwrap(node);
  return isStringLiteral(expression) ? stringText(expression) : null;
}

/** `":" + port`: a string built by `+` from at least one string literal, other operands marked with HOLE. */
function concatenation(node: TreeNode): LiteralValue | undefined {
  const operands = plusOperands(node);
  if (operands === undefined) return undefined;
  let value = '';
  let literalPart = false;
  for (const operand of operands) {
    const expression = unwrap(operand);
    if (isStringLiteral(expression)) {
      value += stringText(expression);
      literalPart = true;
    } else {
      value += HOLE;
    }
  }
  return literalPart ? { kind: 'template', value } : undefined;
}

/** The operands of a chain of `+`, left to right, read down the left spine without recursion. */
export function plusOperands(node: TreeNode): TreeNode[] | undefined {
  const operands: TreeNode[] = [];
  let current = node;
  while (current.type === 'binary_expression' && current.childForFieldName('operator')?.text === '+') {
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

const MAX_PATH_SEGMENTS = 32;

/**
 * The dotted path of an expression as written: `http.ListenAndServe`, `c.SaveUploadedFile`; a call
 * in the chain is `()` (`gin.Default().Run`), an index or type argument `[]`. Null when it does not
 * start from a name.
 */
export function pathOf(node: TreeNode): string | null {
  const segments: string[] = [];
  let current = unwrap(node);
  for (let depth = 0; depth < MAX_PATH_SEGMENTS; depth++) {
    if (current.type === 'identifier' || current.type === 'package_identifier' || current.type === 'type_identifier') {
      return current.text + segments.reverse().join('');
    }
    let next: TreeNode | null;
    if (current.type === 'selector_expression') {
      segments.push(`.${current.childForFieldName('field')?.text ?? ''}`);
      next = current.childForFieldName('operand');
    } else if (current.type === 'qualified_type') {
      segments.push(`.${current.childForFieldName('name')?.text ?? ''}`);
      next = current.childForFieldName('package');
    } else if (current.type === 'call_expression') {
      segments.push('()');
      next = current.childForFieldName('function');
    } else if (current.type === 'index_expression' || current.type === 'generic_type') {
      segments.push('[]');
      next = current.childForFieldName('operand') ?? current.childForFieldName('type');
    } else {
      return null;
    }
    if (next === null) return null;
    current = unwrap(next);
  }
  return null;
}

/** A plain dotted name (`port`, `cfg.Server.Port`). */
export function dottedName(node: TreeNode): string | undefined {
  const expression = unwrap(node);
  if (expression.type !== 'identifier' && expression.type !== 'selector_expression') return undefined;
  const path = pathOf(expression);
  return path === null || /[()[\]]/.test(path) ? undefined : path;
}

/** A call's arguments in order (a type argument of `make`/`new` included, as Go writes it). */
export function argumentsOf(call: TreeNode): TreeNode[] {
  const list = call.childForFieldName('arguments');
  return list === null ? [] : childrenOf(list);
}

/** The name a package is used by when imported without one: the last path element, less a version and `go-` affixes. */
export function defaultPackageName(path: string): string {
  const elements = path.split('/');
  let last = elements.pop() ?? path;
  if (/^v\d+$/.test(last) && elements.length > 0) last = elements.pop() ?? last;
  return last.replace(/\.v\d+$/, '').replace(/^go-/, '').replace(/[-.]go$/, '').replace(/[-.]/g, '');
}

/** The import path of an `import_spec` and the name it binds (`_` and `.` as written). */
export function importOf(spec: TreeNode): { path: string; name: string; explicit: boolean } | undefined {
  const pathNode = spec.childForFieldName('path');
  if (pathNode === null || !isStringLiteral(pathNode)) return undefined;
  const path = stringText(pathNode);
  const name = spec.childForFieldName('name')?.text;
  return { path, name: name ?? defaultPackageName(path), explicit: name !== undefined };
}

const VIPER = 'github.com/spf13/viper';

/** Node types whose visit `GoScope.observe` needs. */
export const SCOPE_KINDS = ['import_spec', 'short_var_declaration', 'var_spec', 'assignment_statement'] as const;

/**
 * The packages a file imports by local name, and the variables bound to viper instances
 * (`v := viper.New()`), read in source order (imports come first in Go files).
 */
export class GoScope {
  private readonly imported = new Map<string, string>();
  private readonly viperInstances = new Set<string>();
  /** Assignments are looked at only in a file that mentions viper: most never do, and each costs calls into the parser. */
  private readonly mentionsViper: boolean;

  /** `text`, the file's, lets assignments be skipped where no viper instance can be made. */
  constructor(text?: string) {
    this.mentionsViper = text === undefined || text.includes('viper');
  }

  observe(node: TreeNode): void {
    if (node.type === 'import_spec') {
      const found = importOf(node);
      if (found && found.name !== '_' && found.name !== '.') this.imported.set(found.name, found.path);
      return;
    }
    if (!this.mentionsViper) return;
    for (const [target, value] of assignedPairs(node)) {
      if (target.type !== 'identifier' || unwrap(value).type !== 'call_expression') continue;
      const callee = this.qualify(pathOf(unwrap(value).childForFieldName('function') ?? value));
      if (callee === `${VIPER}.New` || callee === `${VIPER}.GetViper`) this.viperInstances.add(target.text);
    }
  }

  /** `path` with its package name replaced by the import path: `http.ListenAndServe` -> `net/http.ListenAndServe`. */
  qualify(path: string | null): string | null {
    if (path === null) return null;
    const head = /^[^.([]+/.exec(path)?.[0] ?? path;
    const target = this.imported.get(head);
    return target === undefined ? path : target + path.slice(head.length);
  }

  isViper(name: string): boolean {
    return this.imported.get(name) === VIPER || this.viperInstances.has(name);
  }
}

/**
 * The (target, value) pairs of `a, b := x, y`, `a = x`, `var a = x` and `const a = x`, matched by
 * position; a multi-value right side (`v, ok := os.LookupEnv("X")`) pairs its one value with the first target.
 */
export function assignedPairs(node: TreeNode): [TreeNode, TreeNode][] {
  let targets: TreeNode[];
  let values: TreeNode[];
  if (node.type === 'var_spec' || node.type === 'const_spec') {
    const value = node.childForFieldName('value');
    targets = childrenOf(node).filter((child) => child.type === 'identifier');
    values = value === null ? [] : childrenOf(value);
  } else if (node.type === 'short_var_declaration' || node.type === 'assignment_statement') {
    const left = node.childForFieldName('left');
    const right = node.childForFieldName('right');
    if (left === null || right === null) return [];
    if (node.type === 'assignment_statement' && node.childForFieldName('operator')?.text !== '=') return [];
    targets = childrenOf(left);
    values = childrenOf(right);
  } else {
    return [];
  }
  return targets.flatMap((target, index): [TreeNode, TreeNode][] => {
    const value = values[index];
    return value === undefined ? [] : [[target, value]];
  });
}

/** One read of the environment (or of viper) recognised in an expression. */
export interface EnvReadMatch {
  node: TreeNode;
  name: string | null;
  via: EnvReadVia;
  callee: string;
  required: boolean;
  fallback?: TreeNode;
}

const READER_NAME = /(?:^|\.)\s*(?:Getenv|LookupEnv|Get\w*|SetDefault)$/;
const VIPER_GETTERS = /^Get(?:String|Bool|Int|Int32|Int64|Uint|Uint16|Uint32|Uint64|Float64|Duration|Time|StringSlice|IntSlice|StringMap|StringMapString|StringMapStringSlice|SizeInBytes)?$/;

/** `os.Getenv("X")`, `os.LookupEnv`, `syscall.Getenv`, viper `GetString("key")` and `SetDefault("key", v)`. */
export function envReadOf(node: TreeNode, scope: GoScope): EnvReadMatch | undefined {
  if (node.type !== 'call_expression') return undefined;
  const function_ = node.childForFieldName('function');
  // Most calls read nothing: their callee's last name settles it without walking the path.
  if (function_ === null || !READER_NAME.test(function_.text)) return undefined;
  const written = pathOf(function_);
  if (written === null) return undefined;
  const callee = scope.qualify(written);
  const args = argumentsOf(node);
  const name = args[0] === undefined ? null : plainString(args[0]);
  const read = (via: EnvReadVia, fallback?: TreeNode): EnvReadMatch => ({ node, name, via, callee: written, required: false, ...(fallback ? { fallback } : {}) });
  if (callee === 'os.Getenv') return read('get');
  if (callee === 'os.LookupEnv' || callee === 'syscall.Getenv') return read('lookup');
  const [head, method, ...rest] = written.split('.');
  if (head === undefined || method === undefined || rest.length > 0 || !scope.isViper(head)) return undefined;
  if (VIPER_GETTERS.test(method)) return read('settings');
  if (method === 'SetDefault') return read('default', args[1]);
  return undefined;
}

/** Conversions and formatting that keep a value's origin: `":" + os.Getenv("PORT")`, `fmt.Sprintf(":%s", port)`. */
const TRANSPARENT_CALLS = new Set(['fmt.Sprintf', 'fmt.Sprint', 'strconv.Atoi', 'strconv.ParseInt', 'strconv.ParseBool', 'strings.TrimSpace', 'string']);
const MAX_ENV_SEARCH = 24;

/**
 * An environment read that an expression's value comes from: the expression itself, or one inside
 * parentheses, `+` concatenations, `fmt.Sprintf`, `strconv` conversions and `strings.TrimSpace`.
 */
export function envReadWithin(node: TreeNode, scope: GoScope): EnvReadMatch | undefined {
  const pending: TreeNode[] = [node];
  for (let seen = 0; seen < MAX_ENV_SEARCH; seen++) {
    const current = pending.shift();
    if (current === undefined) return undefined;
    const expression = unwrap(current);
    const read = envReadOf(expression, scope);
    if (read !== undefined) return read;
    if (expression.type === 'binary_expression') {
      pending.push(...childrenOf(expression));
    } else if (expression.type === 'call_expression') {
      const callee = scope.qualify(pathOf(expression.childForFieldName('function') ?? expression));
      if (callee !== null && TRANSPARENT_CALLS.has(callee)) pending.push(...argumentsOf(expression));
    }
  }
  return undefined;
}

/** A function declaration's name and parameter names in order (`func getEnv(key, fallback string)`). */
export function functionDefinition(node: TreeNode): { name: string; params: string[] } | undefined {
  const name = node.childForFieldName('name')?.text;
  const parameters = node.childForFieldName('parameters');
  if (name === undefined || parameters === null) return undefined;
  const params = childrenOf(parameters).flatMap((declaration) =>
    childrenOf(declaration)
      .filter((child) => child.type === 'identifier')
      .map((child) => child.text),
  );
  return { name, params };
}

/**
 * Variables holding an environment read, so that `if port == "" { port = "8080" }` after
 * `port := os.Getenv("PORT")` is known as that read's fallback (likewise `if !ok { v = "d" }` after
 * `v, ok := os.LookupEnv("X")`). Names are tracked per file: the test follows the read closely.
 */
export class GoEnvVariables {
  /** Variable -> the start offset of the read it holds, and whether it holds only the presence flag. */
  private readonly held = new Map<string, { read: number; presence: boolean }>();
  /** Whether the file can read the environment at all: most files do not, and tracking costs calls into the parser. */
  private readonly readsEnvironment: boolean;

  /** `text`, the file's, lets a file that names no reader skip the tracking. */
  constructor(text?: string) {
    this.readsEnvironment = text === undefined || /Getenv|LookupEnv|viper/.test(text);
  }

  /** An assignment or declaration; `readOf` tells whether a value expression is an environment read. */
  observe(node: TreeNode, readOf: (value: TreeNode) => EnvReadMatch | undefined): void {
    if (!this.readsEnvironment) return;
    if (node.type !== 'short_var_declaration' && node.type !== 'var_spec' && node.type !== 'assignment_statement') return;
    const pairs = assignedPairs(node);
    const left = node.type === 'var_spec' ? [] : childrenOf(node.childForFieldName('left') ?? node);
    for (const [target, value] of pairs) {
      const read = readOf(unwrap(value));
      if (target.type !== 'identifier' || read === undefined || read.via === 'default') continue;
      this.held.set(target.text, { read: read.node.startIndex, presence: false });
      const flag = left[1];
      if (read.via === 'lookup' && pairs.length === 1 && flag?.type === 'identifier') this.held.set(flag.text, { read: read.node.startIndex, presence: true });
    }
  }

  /** For an `if` testing a held read for emptiness whose body first assigns its variable: the read and the value assigned. */
  fallbackIn(node: TreeNode): { read: number; fallback: TreeNode } | undefined {
    if (this.held.size === 0 || node.type !== 'if_statement') return undefined;
    const condition = node.childForFieldName('condition');
    const tested = condition === null ? undefined : this.emptinessTest(unwrap(condition));
    const body = node.childForFieldName('consequence');
    if (tested === undefined || body === null) return undefined;
    const statements = childrenOf(body).flatMap((child) => (child.type === 'statement_list' ? childrenOf(child) : [child]));
    for (const statement of statements) {
      if (statement.type !== 'assignment_statement') continue;
      for (const [target, value] of assignedPairs(statement)) {
        const held = target.type === 'identifier' ? this.held.get(target.text) : undefined;
        if (held !== undefined && !held.presence && held.read === tested) return { read: tested, fallback: value };
      }
    }
    return undefined;
  }

  /** `x == ""`, `"" == x`, `len(x) == 0` or `!ok` on a held variable: the read it holds. */
  private emptinessTest(condition: TreeNode): number | undefined {
    if (condition.type === 'unary_expression' && condition.childForFieldName('operator')?.text === '!') {
      const operand = condition.childForFieldName('operand');
      const held = operand?.type === 'identifier' ? this.held.get(operand.text) : undefined;
      return held?.presence ? held.read : undefined;
    }
    if (condition.type !== 'binary_expression' || condition.childForFieldName('operator')?.text !== '==') return undefined;
    const [left, right] = [condition.childForFieldName('left'), condition.childForFieldName('right')];
    if (left === null || right === null) return undefined;
    for (const [variable, other] of [[left, right], [right, left]] as const) {
      const name = emptinessOperand(unwrap(variable), unwrap(other));
      const held = name === undefined ? undefined : this.held.get(name);
      if (held !== undefined && !held.presence) return held.read;
    }
    return undefined;
  }
}

/** The variable of `x == ""` or `len(x) == 0`, seen from one side of the comparison. */
function emptinessOperand(side: TreeNode, other: TreeNode): string | undefined {
  if (side.type === 'identifier' && isStringLiteral(other) && stringText(other) === '') return side.text;
  if (side.type === 'call_expression' && side.childForFieldName('function')?.text === 'len' && other.text === '0') {
    const argument = argumentsOf(side)[0];
    return argument?.type === 'identifier' ? argument.text : undefined;
  }
  return undefined;
}

/** `DBPassword` -> `DB_PASSWORD`: the variable ardanlabs/conf derives from a field (its struct path prefix unknown here). */
function upperSnake(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toUpperCase();
}

/**
 * ardanlabs/conf's `conf:"default:postgres,mask"` / `conf:"env:DB_PASS,default:x"`: the variable is
 * `env:` or the field's name, the default the value after `default:`.
 */
function confTag(value: string, offset: number, field: string): { name: string; fallback?: { value: string; offset: number } } | undefined {
  let name = upperSnake(field);
  let fallback: { value: string; offset: number } | undefined;
  let at = offset;
  for (const option of value.split(',')) {
    if (option.startsWith('env:')) name = option.slice(4);
    else if (option.startsWith('default:')) fallback = { value: option.slice(8), offset: at + 8 };
    at += option.length + 1;
  }
  return name === '' ? undefined : { name, ...(fallback ? { fallback } : {}) };
}

/**
 * `env:"PORT" envDefault:"8080"` (caarlos0/env), `envconfig:"PORT" default:"8080"`
 * (kelseyhightower/envconfig) and `conf:"default:8080"` (ardanlabs/conf, named after `field`).
 */
export function envTag(tag: string, field = ''): { key: 'env' | 'envconfig' | 'conf'; name: string; fallback?: { value: string; offset: number } } | undefined {
  const entries = new Map<string, { value: string; offset: number }>();
  for (const match of tag.matchAll(/([A-Za-z_][\w-]*):"((?:[^"\\]|\\.)*)"/g)) {
    entries.set(match[1]!, { value: match[2]!, offset: (match.index ?? 0) + match[1]!.length + 2 });
  }
  const conf = entries.get('conf');
  if (conf !== undefined && !entries.has('env') && !entries.has('envconfig')) {
    const found = field === '' ? undefined : confTag(conf.value, conf.offset, field);
    return found && { key: 'conf', ...found };
  }
  const key = entries.has('env') ? 'env' : entries.has('envconfig') ? 'envconfig' : undefined;
  if (key === undefined) return undefined;
  const name = entries.get(key)!.value.split(',')[0] ?? '';
  if (name === '' || name === '-') return undefined;
  const fallback = entries.get(key === 'env' ? 'envDefault' : 'default');
  return { key, name, ...(fallback ? { fallback } : {}) };
}

/** Statement and scope boundaries an expression is never part of an assignment across. */
function isBoundary(node: TreeNode): boolean {
  return node.type === 'func_literal' || node.type === 'block' || node.type === 'composite_literal' || /_(?:statement|declaration|spec)$/.test(node.type);
}

/**
 * The variable an expression is assigned to (`name := <expr>`, `name, err = <expr>`): the expression
 * itself when `whole`, else any expression that holds it (`name := fmt.Sprintf("%s/x", os.TempDir())`).
 */
export function assignedName(node: TreeNode, whole: boolean): string | undefined {
  let child = node;
  let parent = node.parent;
  while (parent !== null && parent.type !== 'expression_list') {
    if (whole ? parent.type !== 'parenthesized_expression' : isBoundary(parent)) return undefined;
    child = parent;
    parent = parent.parent;
  }
  const statement = parent?.parent;
  if (parent === null || statement === null || statement === undefined) return undefined;
  if (statement.type !== 'short_var_declaration' && statement.type !== 'assignment_statement') return undefined;
  if (statement.childForFieldName('right')?.startIndex !== parent.startIndex) return undefined;
  if (statement.type === 'assignment_statement' && statement.childForFieldName('operator')?.text !== '=') return undefined;
  const values = childrenOf(parent);
  const targets = childrenOf(statement.childForFieldName('left') ?? statement);
  const index = values.findIndex((value) => value.startIndex === child.startIndex);
  // A single call on the right gives all the targets: its first value is the one that matters.
  const target = values.length === targets.length ? targets[index] : targets[0];
  return target?.type === 'identifier' ? target.text : undefined;
}
