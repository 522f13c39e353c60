/** `env-reads` in Go: os.Getenv / os.LookupEnv, viper, env struct tags, `if v == ""` fallbacks, wrappers. */
import type { SyntaxExtraction, TreeNode } from '../types.js';
import {
  argumentsOf,
  envReadOf,
  envTag,
  functionDefinition,
  GoEnvVariables,
  GoScope,
  literalValue,
  plainString,
  SCOPE_KINDS,
  stringText,
  type EnvReadMatch,
} from '../syntax/go.js';
import { EnvWrappers } from '../syntax/wrappers.js';
import { bySpan, type EnvFallback, type EnvRead } from './index.js';

export const goEnvReads: SyntaxExtraction<string, TreeNode, EnvRead[]> = {
  kinds: [...SCOPE_KINDS, 'call_expression', 'if_statement', 'function_declaration', 'field_declaration'],
  create(file) {
    const scope = new GoScope(file.text);
    const variables = new GoEnvVariables(file.text);
    const wrappers = new EnvWrappers();
    const reads: EnvRead[] = [];
    /** Reads by the start of their expression, to attach a fallback found after them. */
    const readAt = new Map<number, EnvRead>();
    /** Fallbacks found by an `if` before the read they belong to (a read in the `if`'s own initializer). */
    const pendingFallbacks = new Map<number, TreeNode>();
    const candidates: { callee: string; node: TreeNode; args: TreeNode[] }[] = [];
    const fallbackOf = (node: TreeNode): EnvFallback => ({ value: literalValue(node) ?? null, span: file.span(node.startIndex, node.endIndex) });
    const add = (match: EnvReadMatch): void => {
      const fallback = match.fallback ?? pendingFallbacks.get(match.node.startIndex);
      const read: EnvRead = {
        name: match.name,
        span: file.span(match.node.startIndex, match.node.endIndex),
        via: match.via,
        callee: match.callee,
        required: match.required,
        ...(fallback ? { fallback: fallbackOf(fallback) } : {}),
      };
      reads.push(read);
      readAt.set(match.node.startIndex, read);
    };
    const readOf = (value: TreeNode): EnvReadMatch | undefined => envReadOf(value, scope);

    return {
      visit(node) {
        switch (node.type) {
          case 'function_declaration': {
            const definition = functionDefinition(node);
            if (definition) wrappers.enterFunction(definition.name, definition.params, node.startIndex, node.endIndex);
            return;
          }
          case 'field_declaration': {
            const tag = node.childForFieldName('tag');
            const found = tag === null ? undefined : envTag(stringText(tag), node.childForFieldName('name')?.text ?? '');
            if (tag === null || found === undefined) return;
            // Offsets inside a raw tag are offsets in the source; an interpreted one has escapes, so its whole span is used.
            const fallbackSpan = (offset: number, length: number) =>
              tag.type === 'raw_string_literal' ? file.span(tag.startIndex + 1 + offset, tag.startIndex + 1 + offset + length) : file.span(tag.startIndex, tag.endIndex);
            reads.push({
              name: found.name,
              span: file.span(tag.startIndex, tag.endIndex),
              via: 'settings',
              callee: `tag ${found.key}`,
              required: found.fallback === undefined && /(?:^|,)required(?:,|$)|required:"true"/.test(stringText(tag)),
              ...(found.fallback
                ? { fallback: { value: { kind: 'string', value: found.fallback.value }, span: fallbackSpan(found.fallback.offset, found.fallback.value.length) } }
                : {}),
            });
            return;
          }
          case 'call_expression': {
            const match = readOf(node);
            if (match !== undefined) {
              add(match);
              const nameArg = argumentsOf(node)[0];
              wrappers.observeRead(node.startIndex, nameArg?.type === 'identifier' ? nameArg.text : undefined, undefined, match.via);
              return;
            }
            const callee = node.childForFieldName('function');
            const args = argumentsOf(node);
            if (callee?.type === 'identifier' && args[0] !== undefined && plainString(args[0]) !== null) candidates.push({ callee: callee.text, node, args });
            return;
          }
          case 'if_statement': {
            const initializer = node.childForFieldName('initializer');
            if (initializer) variables.observe(initializer, readOf);
            const found = variables.fallbackIn(node);
            if (found === undefined) return;
            const read = readAt.get(found.read);
            if (read === undefined) pendingFallbacks.set(found.read, found.fallback);
            else read.fallback ??= fallbackOf(found.fallback);
            return;
          }
          default:
            scope.observe(node);
            variables.observe(node, readOf);
        }
      },
      result() {
        for (const { callee, node, args } of candidates) {
          const wrapper = wrappers.get(callee);
          if (wrapper === undefined) continue;
          const nameArg = args[wrapper.nameParam.index];
          const fallback = wrapper.fallbackParam && args[wrapper.fallbackParam.index];
          add({ node, name: nameArg === undefined ? null : plainString(nameArg), via: wrapper.via, callee, required: false, ...(fallback ? { fallback } : {}) });
        }
        return reads.sort(bySpan);
      },
    };
  },
};
