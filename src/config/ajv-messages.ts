/**
 * Turns ajv's errors into one line per problem, in the words of someone editing the file:
 * `minScore: must be an integer from 0 to 100 (got 120)`.
 * Needs errors from an ajv instance created with `verbose: true` (for `data` and `parentSchema`).
 */
import type { ErrorObject } from 'ajv';
import { suggest } from '../util/suggest.js';
import { formatKeyPath, isPlainObject, pointerToSegments, type KeySegment } from './key-path.js';

type SchemaNode = Record<string, unknown>;

/** One problem: where (the key path) and what is wrong there. */
export interface Problem {
  at: KeySegment[];
  message: string;
}

export function describeAjvErrors(errors: readonly ErrorObject[], data: unknown, rootSchema: SchemaNode): Problem[] {
  const resolve = (node: unknown): SchemaNode => resolveRef(node, rootSchema);
  const problems: Problem[] = [];
  for (const error of keepWinningBranches(errors, resolve)) {
    const problem = describeError(error, data, resolve);
    if (problem && !problems.some((seen) => formatProblem(seen) === formatProblem(problem))) problems.push(problem);
  }
  return problems;
}

export function formatProblem(problem: Problem): string {
  return `${formatKeyPath(problem.at)}: ${problem.message}`;
}

/**
 * An `anyOf` reports the failures of every branch. Only the branch whose type matches the value
 * says something useful (`"warn"` is a bad severity, not a bad object); when no branch's type
 * matches, the `anyOf` error itself is kept and describes all branches.
 */
function keepWinningBranches(errors: readonly ErrorObject[], resolve: (node: unknown) => SchemaNode): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  for (const anyOf of errors.filter((error) => error.keyword === 'anyOf')) {
    const branches = (anyOf.schema as unknown[]).map(resolve);
    const winner = branches.find((branch) => typeMatches(branch, anyOf.data));
    if (winner) dropped.add(anyOf);
    for (const error of errors) {
      if (error === anyOf || !isAtOrBelow(error.instancePath, anyOf.instancePath)) continue;
      const fromWinner = error.instancePath === anyOf.instancePath ? error.parentSchema === winner : winner !== undefined;
      if (!fromWinner) dropped.add(error);
    }
  }
  return errors.filter((error) => !dropped.has(error));
}

function describeError(error: ErrorObject, data: unknown, resolve: (node: unknown) => SchemaNode): Problem | undefined {
  const at = pointerToSegments(error.instancePath, data);
  const schema = resolve(error.parentSchema);
  // Rule ids are checked against the known rules afterwards, with a better message than a pattern.
  if (error.keyword === 'propertyNames' || error.propertyName !== undefined) return undefined;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      const allowed = Object.keys(isPlainObject(schema['properties']) ? schema['properties'] : {});
      const guess = suggest(key, allowed);
      const none = at[at.length - 1] === 'options' ? 'the rule takes no options' : 'no key is expected here';
      const hint = guess ? `did you mean "${guess}"?` : allowed.length === 0 ? none : `expected one of ${allowed.join(', ')}`;
      return { at: [...at, key], message: `unknown key (${hint})` };
    }
    case 'required':
      return { at, message: `missing required key "${String(error.params['missingProperty'])}"` };
    case 'anyOf':
    case 'type':
    case 'enum':
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'minLength':
    case 'minItems':
      return { at, message: `must be ${expected(schema, resolve)} (got ${showValue(error.data)}${enumHint(schema, error.data)})` };
    default:
      return { at, message: error.message ?? error.keyword };
  }
}

/** What a schema accepts, as a phrase that follows "must be". */
function expected(schema: SchemaNode, resolve: (node: unknown) => SchemaNode): string {
  if (Array.isArray(schema['anyOf'])) return schema['anyOf'].map((branch) => expected(resolve(branch), resolve)).join(', or ');
  if (Array.isArray(schema['enum'])) return `one of ${schema['enum'].join(', ')}`;
  const type = ([] as unknown[]).concat(schema['type']).find((name) => name !== 'null');
  switch (type) {
    case 'integer':
    case 'number':
      return describeRange(type === 'integer' ? 'an integer' : 'a number', schema);
    case 'string':
      return Number(schema['minLength'] ?? 0) > 0 ? 'a non-empty string' : 'a string';
    case 'boolean':
      return 'true or false';
    case 'array': {
      const items = resolve(schema['items']);
      const nonEmpty = Number(schema['minItems'] ?? 0) > 0 ? 'non-empty ' : '';
      return `a ${nonEmpty}list of ${items['type'] === 'string' ? 'strings' : 'values'}`;
    }
    case 'object': {
      const keys = Object.keys(isPlainObject(schema['properties']) ? schema['properties'] : {});
      return keys.length > 0 && keys.length <= 4 ? `an object with keys ${keys.join(', ')}` : 'an object';
    }
    default:
      return 'a valid value';
  }
}

function describeRange(noun: string, schema: SchemaNode): string {
  const { minimum, maximum, exclusiveMinimum } = schema;
  if (minimum !== undefined && maximum !== undefined) return `${noun} from ${String(minimum)} to ${String(maximum)}`;
  if (exclusiveMinimum !== undefined) return `${noun} greater than ${String(exclusiveMinimum)}`;
  if (minimum !== undefined) return `${noun} of at least ${String(minimum)}`;
  return noun;
}

function enumHint(schema: SchemaNode, value: unknown): string {
  if (!Array.isArray(schema['enum']) || typeof value !== 'string') return '';
  const guess = suggest(value, schema['enum'].map(String));
  return guess ? `; did you mean "${guess}"?` : '';
}

function showValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'string') {
    const MAX = 40;
    return JSON.stringify(value.length > MAX ? `${value.slice(0, MAX)}…` : value);
  }
  return String(value);
}

function typeMatches(schema: SchemaNode, value: unknown): boolean {
  const actual = jsonType(value);
  if (schema['type'] !== undefined) {
    const types = ([] as unknown[]).concat(schema['type']);
    return types.includes(actual) || (actual === 'integer' && types.includes('number'));
  }
  return Array.isArray(schema['enum']) && schema['enum'].some((option) => jsonType(option) === actual);
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (Number.isInteger(value)) return 'integer';
  return typeof value;
}

function isAtOrBelow(path: string, ancestor: string): boolean {
  return path === ancestor || path.startsWith(`${ancestor}/`);
}

/** Follows a local `$ref` (`#/definitions/x`), the only kind the config schema uses. */
function resolveRef(node: unknown, rootSchema: SchemaNode): SchemaNode {
  if (!isPlainObject(node)) return {};
  const ref = node['$ref'];
  if (typeof ref !== 'string' || !ref.startsWith('#/')) return node;
  let target: unknown = rootSchema;
  for (const key of ref.slice(2).split('/')) target = isPlainObject(target) ? target[key] : undefined;
  return resolveRef(target, rootSchema);
}
