/** Helpers for values that might be secrets: placeholder detection, randomness. */

/**
 * Placeholder words and shapes. Every alternative is a fixed word or anchored, so the scan stays linear
 * on any input; the bracketed templates (`<...>`, `${...}`, `{{...}}`, `%(...)s`) are found by
 * `hasTemplate` with indexOf instead of `<[^>]*>`-style patterns, which rescan to the end of the text
 * from every opening bracket.
 */
const PLACEHOLDER_WORDS =
  /(?:change[-_ ]?me|changeit|replace[-_ ]?me|your[-_ ]|example|placeholder|dummy|sample|redacted|xxx|\*\*\*|todo|fixme|fake|foobar|^\$[A-Z_]+$|insert[-_ ]|enter[-_ ]|put[-_ ]your|secret[-_ ]?here|password[-_ ]?here|^(?:test|testing|secret|password|passwd|pass|admin|root|user|username|none|null|undefined|true|false|string|token|key|value)$)/i;

/** An `open` followed somewhere later by `close`. */
function encloses(text: string, open: string, close: string): boolean {
  const start = text.indexOf(open);
  return start >= 0 && text.indexOf(close, start + open.length) >= 0;
}

/** A template slot: `<your-key>`, `${VAR}`, `{{ .Values.key }}`, `%(password)s`. */
export function hasTemplate(text: string): boolean {
  return encloses(text, '<', '>') || encloses(text, '${', '}') || encloses(text, '{{', '}}') || encloses(text, '%(', ')s');
}

/** Values that are obviously not real secrets: `changeme`, `<your-key>`, `xxx`, `${VAR}`, `example`. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (/^(.)\1+$/.test(trimmed)) return true;
  return hasTemplate(trimmed) || PLACEHOLDER_WORDS.test(trimmed);
}

/**
 * Values that cannot work as the secret they stand for, so they leak nothing: empty, a template slot,
 * a fill-in instruction (`changeme`, `replace-me`, `<your-key>`, `you-secret-key`, `your_secret_here`, `yourApiSecret`, `xxx`, `...`).
 * Narrower than `isPlaceholder`: a weak or readable value that works (`secret`, `admin`, `test`,
 * `123456`) is not a placeholder but a guessable secret.
 */
export function isUnusablePlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0 || /^(.)\1+$/.test(trimmed) || hasTemplate(trimmed)) return true;
  // `yourAccessKeySecret`: the `your_` slot written in camelCase.
  return UNUSABLE_WORDS.test(trimmed) || /^your[A-Z]/.test(trimmed);
}

const UNUSABLE_WORDS =
  /(?:change[-_ ]?(?:me|this|it)|replace[-_ ]?(?:me|this|with)|your[-_ ]|^you[-_]|placeholder|redacted|xxx|\*\*\*|\.\.\.|…|todo|fixme|tbd|insert[-_ ]|enter[-_ ]|put[-_ ]your|[-_ ]here$|^(?:none|null|nil|undefined|true|false|string|value|example|sample|dummy|fake|empty|unset|required|n\/a)$|^\$[A-Za-z_][A-Za-z0-9_]*$)/i;

/** Shannon entropy in bits per character. */
export function entropy(value: string): number {
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}
