/** `literals` in Go. */
import type { SyntaxExtraction, TreeNode } from '../types.js';
import {
  argumentsOf,
  assignedPairs,
  childrenOf,
  envReadOf,
  functionDefinition,
  GoEnvVariables,
  GoScope,
  literalValue,
  pathOf,
  plainString,
  SCOPE_KINDS,
  unwrap,
  type EnvReadMatch,
} from '../syntax/go.js';
import { EnvWrappers } from '../syntax/wrappers.js';
import { inside, LiteralCollector, type Context } from './collector.js';
import type { BoundLiteral } from './index.js';

export const goLiterals: SyntaxExtraction<string, TreeNode, BoundLiteral[]> = {
  kinds: [
    ...SCOPE_KINDS, 'const_spec', 'call_expression', 'if_statement', 'function_declaration', 'composite_literal', 'interpreted_string_literal', 'raw_string_literal',
  ],
  create(file) {
    const scope = new GoScope(file.text);
    const variables = new GoEnvVariables(file.text);
    const wrappers = new EnvWrappers();
    const collector = new LiteralCollector(file);
    /** The variable each env read names, by the read's start: for fallbacks found by an `if` later. */
    const readNames = new Map<number, string | null>();
    const readOf = (value: TreeNode): EnvReadMatch | undefined => {
      const read = envReadOf(value, scope);
      if (read) readNames.set(read.node.startIndex, read.name);
      return read;
    };

    /** Reads one bound expression down to its literals, through composite literals, without recursion. */
    const collect = (root: TreeNode, rootContext: Context): void => {
      const pending: [TreeNode, Context][] = [[root, rootContext]];
      for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
        const [node, context] = item;
        let expression = unwrap(node);
        if (expression.type === 'unary_expression' && expression.childForFieldName('operator')?.text === '&') {
          expression = unwrap(expression.childForFieldName('operand') ?? expression);
        }
        // `[]byte("secret")`: the usual way a Go signing key is written is a conversion of a literal.
        if (expression.type === 'type_conversion_expression') expression = unwrap(expression.childForFieldName('operand') ?? expression);
        const value = literalValue(expression);
        if (value !== undefined) {
          collector.record(expression, value, context);
          for (const part of childrenOf(expression)) collector.claim(part);
          continue;
        }
        if (expression.type !== 'composite_literal' && expression.type !== 'literal_value') continue;
        collector.claim(expression);
        const typeNode = expression.type === 'composite_literal' ? expression.childForFieldName('type') : null;
        const body = expression.type === 'composite_literal' ? expression.childForFieldName('body') : expression;
        // A struct's keys are field names; a map's keys are values (`map[string]string{"password": "x"}`).
        const isStruct = typeNode !== null && (typeNode.type === 'type_identifier' || typeNode.type === 'qualified_type' || typeNode.type === 'generic_type');
        const type = typeNode === null ? undefined : (pathOf(typeNode) ?? undefined);
        const next: [TreeNode, Context][] = [];
        for (const element of childrenOf(body ?? expression)) {
          if (element.type === 'keyed_element') {
            const [keyElement, valueElement] = childrenOf(element);
            const keyNode = keyElement && (childrenOf(keyElement)[0] ?? keyElement);
            const valueNode = valueElement && (childrenOf(valueElement)[0] ?? valueElement);
            if (keyNode === undefined || valueNode === undefined) continue;
            collector.claim(keyNode);
            const name = keyNode.type === 'identifier' || keyNode.type === 'field_identifier' ? keyNode.text : plainString(keyNode);
            next.push([valueNode, inside(context, isStruct ? 'field' : 'key', name, isStruct ? type : undefined)]);
          } else {
            next.push([childrenOf(element)[0] ?? element, context]);
          }
        }
        pending.push(...next.reverse());
      }
    };

    const declaration = (node: TreeNode): void => {
      const binding = node.type === 'const_spec' ? 'constant' : 'variable';
      for (const [target, value] of assignedPairs(node)) collect(value, { binding, ...targetName(target) });
    };

    const call = (node: TreeNode): void => {
      const written = pathOf(node.childForFieldName('function') ?? node);
      const args = argumentsOf(node);
      const read = readOf(node);
      if (read) {
        if (read.fallback) collector.markFallback(unwrap(read.fallback), read.name);
        if (args[0]) collector.claim(unwrap(args[0]));
        wrappers.observeRead(node.startIndex, args[0]?.type === 'identifier' ? args[0].text : undefined, undefined, read.via);
      }
      // A wrapper takes the variable's name first: other calls of bare names (`len`, `append`) need no record.
      const bareName = node.childForFieldName('function')?.type === 'identifier' && args[0] !== undefined && plainString(args[0]) !== null ? written : null;
      if (bareName !== null) collector.callOfName(node, bareName, new Map(args.map((arg, index) => [index, plainString(arg)])));
      args.forEach((arg, index) => {
        if (arg.type === 'variadic_argument' || collector.isClaimed(unwrap(arg))) return;
        collect(arg, {
          binding: 'argument',
          name: null,
          path: [],
          call: { callee: written, index },
          ...(bareName === null ? {} : { argumentOf: { call: node.startIndex, keyword: null } }),
        });
      });
    };

    return {
      visit(node) {
        switch (node.type) {
          case 'const_spec':
            declaration(node);
            return;
          case 'short_var_declaration':
          case 'var_spec':
          case 'assignment_statement':
            scope.observe(node);
            variables.observe(node, readOf);
            declaration(node);
            return;
          case 'call_expression':
            call(node);
            return;
          case 'if_statement': {
            const initializer = node.childForFieldName('initializer');
            if (initializer) variables.observe(initializer, readOf);
            const found = variables.fallbackIn(node);
            if (found) collector.markFallback(unwrap(found.fallback), readNames.get(found.read) ?? null);
            return;
          }
          case 'function_declaration': {
            const definition = functionDefinition(node);
            if (definition) wrappers.enterFunction(definition.name, definition.params, node.startIndex, node.endIndex);
            return;
          }
          case 'composite_literal':
            if (!collector.isClaimed(node)) collect(node, { binding: 'none', name: null, path: [] });
            return;
          case 'interpreted_string_literal':
          case 'raw_string_literal':
            // Decoding costs calls into the parser; a string that cannot hold a URL is not worth it.
            if (!collector.isClaimed(node) && node.text.includes('://')) collector.unbound(node, literalValue(node));
            return;
          default:
            scope.observe(node);
        }
      },
      result: () => collector.finish((name) => wrappers.get(name)),
    };
  },
};

/** The name an assignment target gives its value (`cfg.Password` -> Password in ['cfg']; `m["k"]` -> k in ['m']). */
function targetName(target: TreeNode): { name: string | null; path: string[] } {
  const expression = unwrap(target);
  if (expression.type === 'identifier') return { name: expression.text === '_' ? null : expression.text, path: [] };
  if (expression.type === 'selector_expression') {
    const operand = expression.childForFieldName('operand');
    return { name: expression.childForFieldName('field')?.text ?? null, path: operand ? (pathOf(operand)?.split('.') ?? []) : [] };
  }
  if (expression.type === 'index_expression') {
    const index = expression.childForFieldName('index');
    const operand = expression.childForFieldName('operand');
    return { name: index === null ? null : plainString(index), path: operand ? (pathOf(operand)?.split('.') ?? []) : [] };
  }
  return { name: null, path: [] };
}
