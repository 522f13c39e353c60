/**
 * Whether a text holds one of a list of trigger strings: one compiled alternation per list, a single
 * scan of the text instead of one `includes` per trigger (several times faster over a repository's
 * files when most hold none of a long list).
 */
const compiled = new WeakMap<readonly string[], RegExp>();

/** Whether `text` contains one of `triggers` (false for an empty list). */
export function holdsTrigger(text: string, triggers: readonly string[]): boolean {
  let pattern = compiled.get(triggers);
  if (pattern === undefined) {
    pattern = triggers.length === 0 ? /(?!)/ : new RegExp(triggers.map(escaped).join('|'));
    compiled.set(triggers, pattern);
  }
  return pattern.test(text);
}

function escaped(trigger: string): string {
  return trigger.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
