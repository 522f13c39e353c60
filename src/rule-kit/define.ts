import type { Rule } from '../types.js';

/**
 * Declares a rule. Inside, `context.report` only accepts the rule's own message ids (a typo is a
 * type error); outside, the registry holds every rule as a plain `Rule`.
 */
export function defineRule<MessageId extends string>(rule: Rule<MessageId>): Rule {
  return rule as unknown as Rule;
}
