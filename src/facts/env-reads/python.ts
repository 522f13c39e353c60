/** `env-reads` in Python: os.environ / os.getenv, python-decouple, django-environ, pydantic settings, wrappers. */
import type { SyntaxExtraction, TreeNode } from '../types.js';
import {
  argumentAt,
  argumentsOf,
  envReadsOf,
  literalValue,
  orFallback,
  plainString,
  PythonScope,
  SCOPE_KINDS,
  settingsFields,
  wrapperDefinition,
  type EnvReadMatch,
} from '../syntax/python.js';
import { EnvWrappers } from '../syntax/wrappers.js';
import { bySpan, type EnvFallback, type EnvRead } from './index.js';

export const pythonEnvReads: SyntaxExtraction<string, TreeNode, EnvRead[]> = {
  kinds: [...SCOPE_KINDS, 'call', 'subscript', 'boolean_operator', 'function_definition', 'class_definition'],
  create(file) {
    const scope = new PythonScope(file.text);
    const wrappers = new EnvWrappers();
    const reads: EnvRead[] = [];
    /** `os.getenv('X') or 'd'`: the `or` is visited before the read inside it. */
    const orFallbacks = new Map<number, TreeNode>();
    /** Calls of a bare name with a string first argument: reads if the name turns out to be a wrapper. */
    const candidates: { callee: string; node: TreeNode; args: ReturnType<typeof argumentsOf> }[] = [];
    const fallbackOf = (node: TreeNode): EnvFallback => ({ value: literalValue(node) ?? null, span: file.span(node.startIndex, node.endIndex) });
    const add = (match: EnvReadMatch, fallback: TreeNode | undefined): void => {
      reads.push({
        name: match.name,
        span: file.span(match.node.startIndex, match.node.endIndex),
        via: match.via,
        callee: match.callee,
        required: match.required && fallback === undefined,
        ...(fallback ? { fallback: fallbackOf(fallback) } : {}),
      });
    };

    return {
      visit(node) {
        switch (node.type) {
          case 'function_definition': {
            const definition = wrapperDefinition(node);
            if (definition) wrappers.enterFunction(definition.name, definition.params, node.startIndex, node.endIndex);
            return;
          }
          case 'class_definition':
            for (const field of settingsFields(node, scope)) add(field, field.fallback);
            return;
          case 'boolean_operator': {
            const found = orFallback(node, scope);
            if (found) orFallbacks.set(found.read.node.startIndex, found.fallback);
            return;
          }
          case 'call':
          case 'subscript': {
            const matches = envReadsOf(node, scope);
            for (const match of matches) {
              const fallback = match.fallback ?? orFallbacks.get(match.node.startIndex);
              add(match, fallback);
              const nameArg = match.node.type === 'call' ? argumentAt(argumentsOf(match.node), 0, 'key') : match.node.childForFieldName('subscript');
              wrappers.observeRead(node.startIndex, identifierText(nameArg), identifierText(fallback), match.via);
            }
            const callee = node.type === 'call' ? node.childForFieldName('function') : null;
            if (matches.length === 0 && callee?.type === 'identifier') {
              const args = argumentsOf(node);
              const first = argumentAt(args, 0);
              if (first && plainString(first) !== null) candidates.push({ callee: callee.text, node, args });
            }
            return;
          }
          default:
            scope.observe(node);
        }
      },
      result() {
        for (const { callee, node, args } of candidates) {
          const wrapper = wrappers.get(callee);
          if (wrapper === undefined) continue;
          const nameArg = argumentAt(args, wrapper.nameParam.index, wrapper.nameParam.name);
          const fallback = wrapper.fallbackParam && argumentAt(args, wrapper.fallbackParam.index, wrapper.fallbackParam.name);
          add({ node, name: nameArg === undefined ? null : plainString(nameArg), via: wrapper.via, callee, required: false }, fallback);
        }
        return reads.sort(bySpan);
      },
    };
  },
};

function identifierText(node: TreeNode | null | undefined): string | undefined {
  return node?.type === 'identifier' ? node.text : undefined;
}
