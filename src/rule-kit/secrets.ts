/** Helpers for anything that might hold a secret: masking, placeholder detection, randomness. */

const KNOWN_PREFIXES = /^(?:sk_live_|sk_test_|rk_live_|pk_live_|ghp_|gho_|ghs_|ghu_|github_pat_|glpat-|xox[abposr]-|AKIA|ASIA|AIza|SG\.|npm_|sk-proj-|sk-ant-|sk-)/;

/**
 * Masks a secret so it can be shown: a well-known prefix stays (it tells the reader what kind of
 * secret it is), at most 2 more characters follow, the rest becomes `****`.
 */
export function maskSecret(secret: string): string {
  const prefix = KNOWN_PREFIXES.exec(secret)?.[0] ?? '';
  const visible = secret.length - prefix.length >= 10 ? 2 : 0;
  return `${secret.slice(0, prefix.length + visible)}****`;
}

/**
 * A secret this long is masked wherever it appears. A shorter one ('secret', 'admin') only where it
 * stands as a value (quoted, or after `=` or `:`): masking every occurrence would also hide the key
 * `secret:` and the word in "signing secret", and a reader could no longer tell what was found.
 */
const ALWAYS_MASKED_LENGTH = 10;

/** Replaces the occurrences of each secret in `text` with its mask. */
export function maskIn(text: string, secrets: readonly string[]): string {
  let masked = text;
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length >= ALWAYS_MASKED_LENGTH) {
      masked = masked.split(secret).join(maskSecret(secret));
    } else if (secret.length > 0) {
      masked = maskWhereValue(masked, secret, maskSecret(secret));
    }
  }
  return masked;
}

const QUOTES = new Set(['"', "'", '`']);
const VALUE_END = new Set(['"', "'", '`', ',', ';', ')', '}', '@', ']']);

/**
 * Replaces the occurrences of `secret` that stand as a value: right after a quote, or after `=` or
 * `:` and optional whitespace; followed by a quote, `,;)}@]`, whitespace or the end. One forward
 * pass (a `(?<=[=:]\s*)` lookbehind rescans whitespace runs from every position: quadratic).
 */
function maskWhereValue(text: string, secret: string, mask: string): string {
  let result = '';
  let copied = 0;
  let scanned = 0;
  let lastNonSpace = -1;
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, Math.max(at + 1, copied))) {
    for (; scanned < at; scanned += 1) if (!/\s/.test(text.charAt(scanned))) lastNonSpace = scanned;
    // Everything between lastNonSpace and `at` is whitespace.
    const standsAfter = QUOTES.has(text.charAt(at - 1)) || text.charAt(lastNonSpace) === '=' || text.charAt(lastNonSpace) === ':';
    const after = text.charAt(at + secret.length);
    const endsValue = at + secret.length === text.length || VALUE_END.has(after) || /\s/.test(after);
    if (!standsAfter || !endsValue) continue;
    result += text.slice(copied, at) + mask;
    copied = at + secret.length;
  }
  return result + text.slice(copied);
}

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
 * a fill-in instruction (`changeme`, `replace-me`, `<your-key>`, `your_secret_here`, `xxx`, `...`).
 * Narrower than `isPlaceholder`: a weak or readable value that works (`secret`, `admin`, `test`,
 * `123456`) is not a placeholder but a guessable secret.
 */
export function isUnusablePlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0 || /^(.)\1+$/.test(trimmed) || hasTemplate(trimmed)) return true;
  return UNUSABLE_WORDS.test(trimmed);
}

const UNUSABLE_WORDS =
  /(?:change[-_ ]?(?:me|this|it)|replace[-_ ]?(?:me|this)|your[-_ ]|placeholder|redacted|xxx|\*\*\*|\.\.\.|…|todo|fixme|tbd|insert[-_ ]|enter[-_ ]|put[-_ ]your|[-_ ]here$|^(?:none|null|nil|undefined|true|false|string|value|example|sample|dummy|fake|empty|unset|required|n\/a)$|^\$[A-Za-z_][A-Za-z0-9_]*$)/i;

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
