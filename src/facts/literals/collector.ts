/**
 * The language-neutral half of `literals`: the bound literals found so far, which nodes are already
 * accounted for, which positions are env-read fallbacks, and the calls whose callee may turn out to
 * be an env-read wrapper once the whole file is walked.
 */
import type { EnvWrapper } from '../syntax/wrappers.js';
import type { FileInput, TreeNode } from '../types.js';
import type { LiteralValue } from '../values.js';
import { URL_LIKE, type Binding, type BoundLiteral } from './index.js';

/** What binds the values met while reading one bound expression. */
export interface Context {
  binding: Binding;
  name: string | null;
  path: string[];
  type?: string;
  call?: { callee: string | null; index: number | null };
  /** The argument of a call of a bare name, for wrapper fallbacks: that call's start and the argument's keyword. */
  argumentOf?: { call: number; keyword: string | null };
}

/** A value nested one level inside `context` (a key of a dict bound to it, a field of a struct). */
export function inside(context: Context, binding: Binding, name: string | null, type?: string): Context {
  return {
    binding,
    name,
    path: context.name === null ? context.path : [...context.path, context.name],
    ...(type !== undefined ? { type } : {}),
    ...(context.call ? { call: context.call } : {}),
  };
}

interface CallOfName {
  callee: string;
  /** The plain string given at each position and keyword, for the wrapper's name parameter. */
  strings: Map<number | string, string | null>;
}

export class LiteralCollector {
  private readonly found: { literal: BoundLiteral; start: number; argumentOf?: Context['argumentOf'] }[] = [];
  private readonly claimed = new Set<number>();
  private readonly fallbacks = new Map<string, string | null>();
  private readonly callsOfNames = new Map<number, CallOfName>();
  private readonly mainOnly: [number, number][] = [];

  constructor(private readonly file: FileInput) {}

  /** The node is accounted for: not reported again as an unbound string. */
  claim(node: TreeNode): void {
    this.claimed.add(node.startIndex);
  }

  isClaimed(node: TreeNode): boolean {
    return this.claimed.has(node.startIndex);
  }

  /** Literals inside `node` run only when the module is run as a script (`if __name__ == '__main__':`). */
  markMainOnly(node: TreeNode): void {
    this.mainOnly.push([node.startIndex, node.endIndex]);
  }

  /** A literal found at `node` later is the fallback of `variable`. */
  markFallback(node: TreeNode, variable: string | null): void {
    this.fallbacks.set(key(node), variable);
  }

  record(node: TreeNode, value: LiteralValue, context: Context): void {
    this.claim(node);
    const fallback = this.fallbacks.get(key(node));
    const { argumentOf, ...bound } = context;
    const literal: BoundLiteral = {
      value,
      span: this.file.span(node.startIndex, node.endIndex),
      ...bound,
      ...(fallback !== undefined ? { fallbackOf: { variable: fallback } } : {}),
    };
    this.found.push({ literal, start: node.startIndex, ...(argumentOf ? { argumentOf } : {}) });
  }

  /** A string that nothing binds: kept when it starts with a URL scheme. */
  unbound(node: TreeNode, value: LiteralValue | undefined): void {
    if (this.isClaimed(node) || value === undefined || (value.kind !== 'string' && value.kind !== 'template')) return;
    if (URL_LIKE.test(value.value)) this.record(node, value, { binding: 'none', name: null, path: [] });
  }

  /** A call of a bare name (`getEnv("PORT", "8080")`), with the strings it is given: resolved once wrappers are known. */
  callOfName(call: TreeNode, callee: string, strings: Map<number | string, string | null>): void {
    this.callsOfNames.set(call.startIndex, { callee, strings });
  }

  /**
   * The literals in source order, after the wrappers of the file are known: a wrapper call's fallback
   * argument says which variable it stands for, and its name argument (the variable's name) is left out.
   */
  finish(wrapperOf: (name: string) => EnvWrapper | undefined): BoundLiteral[] {
    const kept: BoundLiteral[] = [];
    for (const { literal, argumentOf, start } of this.found.sort((left, right) => left.start - right.start)) {
      if (this.mainOnly.some(([from, to]) => start >= from && start < to)) literal.mainOnly = true;
      const call = argumentOf && this.callsOfNames.get(argumentOf.call);
      const wrapper = call && wrapperOf(call.callee);
      if (call && wrapper && argumentOf) {
        const index = literal.call?.index ?? null;
        const isParam = (param: { index: number; name: string } | undefined): boolean =>
          param !== undefined && (argumentOf.keyword === null ? index === param.index : argumentOf.keyword === param.name);
        if (isParam(wrapper.nameParam)) continue;
        if (isParam(wrapper.fallbackParam) && literal.fallbackOf === undefined) {
          const variable = call.strings.get(wrapper.nameParam.index) ?? call.strings.get(wrapper.nameParam.name) ?? null;
          literal.fallbackOf = { variable };
        }
      }
      kept.push(literal);
    }
    return kept;
  }
}

function key(node: TreeNode): string {
  return `${node.startIndex}:${node.endIndex}`;
}
