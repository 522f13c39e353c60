/** `calls` in Python. */
import type { SyntaxExtraction, TreeNode } from '../types.js';
import {
  argumentAt,
  argumentsOf,
  dottedName,
  envReadsOf,
  envReadWithin,
  literalValue,
  pathOf,
  plainString,
  PythonScope,
  SCOPE_KINDS,
  unwrap,
  wrapperDefinition,
  type PythonArgument,
} from '../syntax/python.js';
import { EnvWrappers } from '../syntax/wrappers.js';
import type { ArgumentSummary, Call } from './index.js';

export const pythonCalls: SyntaxExtraction<string, TreeNode, Call[]> = {
  kinds: [...SCOPE_KINDS, 'call', 'subscript', 'function_definition'],
  create(file) {
    const scope = new PythonScope(file.text);
    const wrappers = new EnvWrappers();
    const found: Call[] = [];
    /** Arguments that are calls of a bare name with a string first argument: env reads if the name is a wrapper. */
    const maybeWrapped: { summary: ArgumentSummary; callee: string; args: PythonArgument[] }[] = [];

    const summarise = (arg: PythonArgument): ArgumentSummary => {
      const base = { index: arg.index, keyword: arg.keyword, span: file.span(arg.value.startIndex, arg.value.endIndex) };
      if (arg.spread) return { ...base, kind: 'spread' };
      const literal = literalValue(arg.value);
      if (literal && literal.kind !== 'template') return { ...base, kind: literal.kind, value: literal.value };
      const read = envReadWithin(arg.value, scope);
      if (read) return { ...base, kind: 'env-read', variable: read.name, ...(literal ? { value: literal.value } : {}) };
      if (literal) return { ...base, kind: literal.kind, value: literal.value };
      const name = dottedName(arg.value);
      if (name !== undefined) return { ...base, kind: 'identifier', name };
      const summary: ArgumentSummary = { ...base, kind: 'other' };
      const value = unwrap(arg.value);
      const callee = value.type === 'call' ? value.childForFieldName('function') : null;
      if (callee?.type === 'identifier') maybeWrapped.push({ summary, callee: callee.text, args: argumentsOf(value) });
      return summary;
    };

    return {
      visit(node) {
        if (node.type === 'function_definition') {
          const definition = wrapperDefinition(node);
          if (definition) wrappers.enterFunction(definition.name, definition.params, node.startIndex, node.endIndex);
          return;
        }
        if (node.type === 'call' || node.type === 'subscript') {
          for (const read of envReadsOf(node, scope)) {
            const nameArg = read.node.type === 'call' ? argumentAt(argumentsOf(read.node), 0, 'key') : read.node.childForFieldName('subscript');
            wrappers.observeRead(node.startIndex, nameArg?.type === 'identifier' ? nameArg.text : undefined, read.fallback?.type === 'identifier' ? read.fallback.text : undefined, read.via);
          }
        }
        if (node.type === 'call') {
          const callee = pathOf(node.childForFieldName('function') ?? node);
          found.push({ callee, qualified: scope.qualify(callee), span: file.span(node.startIndex, node.endIndex), arguments: argumentsOf(node).map(summarise) });
          return;
        }
        if (node.type !== 'subscript') scope.observe(node);
      },
      result() {
        for (const { summary, callee, args } of maybeWrapped) {
          const wrapper = wrappers.get(callee);
          const nameArg = wrapper && argumentAt(args, wrapper.nameParam.index, wrapper.nameParam.name);
          if (nameArg === undefined) continue;
          summary.kind = 'env-read';
          summary.variable = plainString(nameArg);
        }
        return found;
      },
    };
  },
};
