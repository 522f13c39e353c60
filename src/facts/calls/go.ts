/** `calls` in Go. */
import type { SyntaxExtraction, TreeNode } from '../types.js';
import {
  argumentsOf,
  dottedName,
  envReadOf,
  envReadWithin,
  functionDefinition,
  GoScope,
  literalValue,
  pathOf,
  plainString,
  SCOPE_KINDS,
  unwrap,
} from '../syntax/go.js';
import { EnvWrappers } from '../syntax/wrappers.js';
import type { ArgumentSummary, Call } from './index.js';

export const goCalls: SyntaxExtraction<string, TreeNode, Call[]> = {
  kinds: [...SCOPE_KINDS, 'call_expression', 'function_declaration'],
  create(file) {
    const scope = new GoScope(file.text);
    const wrappers = new EnvWrappers();
    const found: Call[] = [];
    const maybeWrapped: { summary: ArgumentSummary; callee: string; args: TreeNode[] }[] = [];

    const summarise = (arg: TreeNode, index: number): ArgumentSummary => {
      const base = { index, keyword: null, span: file.span(arg.startIndex, arg.endIndex) };
      if (arg.type === 'variadic_argument') return { ...base, index: null, kind: 'spread' };
      const literal = literalValue(arg);
      if (literal && literal.kind !== 'template') return { ...base, kind: literal.kind, value: literal.value };
      const read = envReadWithin(arg, scope);
      if (read) return { ...base, kind: 'env-read', variable: read.name, ...(literal ? { value: literal.value } : {}) };
      if (literal) return { ...base, kind: literal.kind, value: literal.value };
      const name = dottedName(arg);
      if (name !== undefined) return { ...base, kind: 'identifier', name };
      const summary: ArgumentSummary = { ...base, kind: 'other' };
      const value = unwrap(arg);
      const callee = value.type === 'call_expression' ? value.childForFieldName('function') : null;
      if (callee?.type === 'identifier') maybeWrapped.push({ summary, callee: callee.text, args: argumentsOf(value) });
      return summary;
    };

    return {
      visit(node) {
        if (node.type === 'function_declaration') {
          const definition = functionDefinition(node);
          if (definition) wrappers.enterFunction(definition.name, definition.params, node.startIndex, node.endIndex);
          return;
        }
        if (node.type === 'call_expression') {
          const read = envReadOf(node, scope);
          const nameArg = argumentsOf(node)[0];
          if (read) wrappers.observeRead(node.startIndex, nameArg?.type === 'identifier' ? nameArg.text : undefined, undefined, read.via);
          const callee = pathOf(node.childForFieldName('function') ?? node);
          found.push({ callee, qualified: scope.qualify(callee), span: file.span(node.startIndex, node.endIndex), arguments: argumentsOf(node).map(summarise) });
          return;
        }
        scope.observe(node);
      },
      result() {
        for (const { summary, callee, args } of maybeWrapped) {
          const wrapper = wrappers.get(callee);
          const nameArg = wrapper && args[wrapper.nameParam.index];
          if (nameArg === undefined) continue;
          summary.kind = 'env-read';
          summary.variable = plainString(nameArg);
        }
        return found;
      },
    };
  },
};
