/** `literals` in Python. */
import type { SyntaxExtraction, TreeNode } from '../types.js';
import {
  argumentAt,
  argumentsOf,
  childrenOf,
  dottedName,
  envReadsOf,
  isMainGuard,
  literalValue,
  orFallback,
  pathOf,
  plainString,
  PythonScope,
  SCOPE_KINDS,
  settingsFields,
  unwrap,
  wrapperDefinition,
} from '../syntax/python.js';
import { EnvWrappers } from '../syntax/wrappers.js';
import { inside, LiteralCollector, type Context } from './collector.js';
import type { BoundLiteral } from './index.js';

/** Expressions a bound value passes through to its literals: `['a', 'b']`, `x or 'd'`, `'a' if c else 'b'`. */
const COLLECTIONS = new Set(['list', 'tuple', 'set', 'expression_list']);

export const pythonLiterals: SyntaxExtraction<string, TreeNode, BoundLiteral[]> = {
  kinds: [...SCOPE_KINDS, 'call', 'function_definition', 'class_definition', 'dictionary', 'string', 'concatenated_string', 'if_statement'],
  create(file) {
    const scope = new PythonScope(file.text);
    const wrappers = new EnvWrappers();
    const collector = new LiteralCollector(file);
    /** Enclosing classes and functions, innermost last: a class attribute's path starts with its class. */
    const containers: { kind: 'class' | 'function'; name: string; end: number }[] = [];
    const enter = (node: TreeNode): void => {
      while (containers.length > 0 && containers[containers.length - 1]!.end <= node.startIndex) containers.pop();
    };
    const classPath = (): string[] => {
      const innermost = containers[containers.length - 1];
      return innermost?.kind === 'class' ? [innermost.name] : [];
    };

    /** Reads one bound expression down to its literals, without recursion. */
    const collect = (root: TreeNode, rootContext: Context): void => {
      const pending: [TreeNode, Context][] = [[root, rootContext]];
      for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
        const [node, context] = item;
        const expression = unwrap(node);
        const value = literalValue(expression);
        if (value !== undefined) {
          collector.record(expression, value, context);
          for (const part of childrenOf(expression)) collector.claim(part);
          continue;
        }
        const next: [TreeNode, Context][] = [];
        if (expression.type === 'dictionary') {
          collector.claim(expression);
          for (const pair of childrenOf(expression)) {
            const keyNode = pair.childForFieldName('key');
            const valueNode = pair.childForFieldName('value');
            if (pair.type !== 'pair' || keyNode === null || valueNode === null) continue;
            collector.claim(keyNode);
            next.push([valueNode, inside(context, 'key', plainString(keyNode) ?? dottedName(keyNode) ?? null)]);
          }
        } else if (COLLECTIONS.has(expression.type)) {
          for (const element of childrenOf(expression)) next.push([element, context]);
        } else if (expression.type === 'boolean_operator') {
          const fallback = orFallback(expression, scope);
          if (fallback) collector.markFallback(unwrap(fallback.fallback), fallback.read.name);
          for (const side of ['left', 'right']) {
            const operand = expression.childForFieldName(side);
            if (operand) next.push([operand, context]);
          }
        } else if (expression.type === 'conditional_expression') {
          const [whenTrue, , whenFalse] = childrenOf(expression);
          if (whenTrue) next.push([whenTrue, context]);
          if (whenFalse) next.push([whenFalse, context]);
        }
        // Pushed in reverse so that literals come out in source order.
        pending.push(...next.reverse());
      }
    };

    const assignment = (node: TreeNode): void => {
      const left = node.childForFieldName('left');
      const right = node.childForFieldName('right');
      if (left === null || right === null) return;
      const targets = left.type === 'pattern_list' || left.type === 'tuple_pattern' ? childrenOf(left) : [left];
      const values = targets.length > 1 && unwrap(right).type === 'expression_list' ? childrenOf(unwrap(right)) : [right];
      targets.forEach((target, index) => {
        const value = targets.length === values.length ? values[index] : undefined;
        if (value !== undefined) collect(value, { binding: 'variable', ...targetName(target, classPath()) });
      });
    };

    const call = (node: TreeNode): void => {
      const written = pathOf(node.childForFieldName('function') ?? node);
      const args = argumentsOf(node);
      for (const read of envReadsOf(node, scope)) {
        if (read.fallback) collector.markFallback(unwrap(read.fallback), read.name);
        const nameArg = argumentAt(args, 0, 'key');
        if (nameArg && read.node.startIndex === node.startIndex) collector.claim(unwrap(nameArg));
        wrappers.observeRead(node.startIndex, nameArg?.type === 'identifier' ? nameArg.text : undefined, read.fallback?.type === 'identifier' ? read.fallback.text : undefined, read.via);
      }
      // A wrapper takes the variable's name first: other calls of bare names (`print`, `len`) need no record.
      const first = argumentAt(args, 0);
      const bareName = node.childForFieldName('function')?.type === 'identifier' && first !== undefined && plainString(first) !== null ? written : null;
      if (bareName !== null) {
        const strings = new Map<number | string, string | null>();
        for (const arg of args) strings.set(arg.keyword ?? arg.index ?? -1, plainString(arg.value));
        collector.callOfName(node, bareName, strings);
      }
      for (const arg of args) {
        if (arg.spread || collector.isClaimed(unwrap(arg.value))) continue;
        const argumentOf = bareName === null ? {} : { argumentOf: { call: node.startIndex, keyword: arg.keyword } };
        collect(
          arg.value,
          arg.keyword === null
            ? { binding: 'argument', name: null, path: classPath(), call: { callee: written, index: arg.index }, ...argumentOf }
            : { binding: 'keyword', name: arg.keyword, path: classPath(), call: { callee: written, index: null }, ...argumentOf },
        );
      }
    };

    const functionDefinition = (node: TreeNode): void => {
      const definition = wrapperDefinition(node);
      if (definition === undefined) return;
      wrappers.enterFunction(definition.name, definition.params, node.startIndex, node.endIndex);
      const path = [...classPath(), definition.name];
      containers.push({ kind: 'function', name: definition.name, end: node.endIndex });
      for (const parameter of childrenOf(node.childForFieldName('parameters') ?? node)) {
        const name = parameter.childForFieldName('name');
        const value = parameter.childForFieldName('value');
        if ((parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter') && name && value) {
          collect(value, { binding: 'parameter', name: name.text, path });
        }
      }
    };

    return {
      visit(node) {
        enter(node);
        switch (node.type) {
          case 'assignment':
            scope.observe(node);
            assignment(node);
            return;
          case 'call':
            call(node);
            return;
          case 'function_definition':
            functionDefinition(node);
            return;
          case 'class_definition': {
            for (const field of settingsFields(node, scope)) if (field.fallback) collector.markFallback(unwrap(field.fallback), field.name);
            const name = node.childForFieldName('name')?.text;
            if (name !== undefined) containers.push({ kind: 'class', name, end: node.endIndex });
            return;
          }
          case 'dictionary':
            if (!collector.isClaimed(node)) collect(node, { binding: 'none', name: null, path: [] });
            return;
          case 'if_statement':
            if (isMainGuard(node)) collector.markMainOnly(node);
            return;
          case 'string':
          case 'concatenated_string':
            // Decoding costs calls into the parser; a string that cannot hold a URL is not worth it.
            if (!collector.isClaimed(node) && node.text.includes('://')) collector.unbound(node, literalValue(node));
            for (const part of node.type === 'concatenated_string' ? childrenOf(node) : []) collector.claim(part);
            return;
          default:
            scope.observe(node);
        }
      },
      result: () => collector.finish((name) => wrappers.get(name)),
    };
  },
};

/** The name an assignment target gives its value, and the names around it. */
function targetName(target: TreeNode, classPath: string[]): { name: string | null; path: string[] } {
  const expression = unwrap(target);
  if (expression.type === 'identifier') return { name: expression.text, path: classPath };
  if (expression.type === 'attribute') {
    const object = expression.childForFieldName('object');
    return { name: expression.childForFieldName('attribute')?.text ?? null, path: object ? segments(object) : [] };
  }
  if (expression.type === 'subscript') {
    const key = expression.childForFieldName('subscript');
    const value = expression.childForFieldName('value');
    return { name: key === null ? null : plainString(key), path: value ? segments(value) : [] };
  }
  return { name: null, path: classPath };
}

/** `app.config` -> ['app', 'config']; a path with calls or subscripts keeps them in its segments. */
function segments(node: TreeNode): string[] {
  return pathOf(node)?.split('.') ?? [];
}
