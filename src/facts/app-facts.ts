/**
 * Per-app facts: what several rules derive from the same files of one app (the production commands,
 * say), computed once per app, on first use, from a context that belongs to no rule: no triggers, no
 * files held back, nothing to report.
 */
import type { RuleContext } from '../types.js';
import type { AppFact } from './types.js';

export type { AppFact };


export function defineAppFact<T>(name: string, compute: (context: RuleContext<string>) => T): AppFact<T> {
  return { name, compute };
}

/** The memo of one app's facts; `context` makes the neutral context they are computed from. */
export class AppFactMemo {
  private readonly values = new Map<AppFact<unknown>, unknown>();
  private readonly computing = new Set<AppFact<unknown>>();

  constructor(private readonly context: () => RuleContext<string>) {}

  get<T>(fact: AppFact<T>): T {
    if (this.values.has(fact)) return this.values.get(fact) as T;
    if (this.computing.has(fact)) throw new Error(`the app fact "${fact.name}" depends on itself`);
    this.computing.add(fact);
    try {
      const value = fact.compute(this.context());
      this.values.set(fact, value);
      return value;
    } finally {
      this.computing.delete(fact);
    }
  }
}
