/** Masking a secret wherever the report would show it: a guarantee of the engine, whatever rule found the secret. */

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
 * stands as a value (quoted, after `=` or `:`, an interpolation's default): masking every occurrence would also hide the key
 * `secret:` and the word in "signing secret", and a reader could no longer tell what was found.
 */
export const ALWAYS_MASKED_LENGTH = 10;

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
export const isSpace = (char: string): boolean => /\s/.test(char);

/**
 * Whether the text from `start` to `end` stands as a value: right after a quote, `=` or `:`
 * (`lastNonSpace` is the last non-space character before it, whitespace between allowed) or as an
 * interpolation's default (`${DB_PASSWORD:-admin}`), and followed by a quote, `,;)}@]`, whitespace or
 * the end.
 */
export function standsAsValue(text: string, start: number, end: number, lastNonSpace: number): boolean {
  const standsAfter =
    QUOTES.has(text.charAt(start - 1)) || text.charAt(lastNonSpace) === '=' || text.charAt(lastNonSpace) === ':' || isInterpolationDefault(text, start);
  const after = text.charAt(end);
  return standsAfter && (end === text.length || VALUE_END.has(after) || isSpace(after));
}

/** `${DB_PASSWORD:-admin}` / `${DB_PASSWORD-admin}`: the default of an interpolation starts at `at`. */
function isInterpolationDefault(text: string, at: number): boolean {
  return text.charAt(at - 1) === '-' && /\$\{[A-Za-z_][A-Za-z0-9_]{0,127}:?-$/.test(text.slice(Math.max(0, at - 132), at));
}

/**
 * Replaces the occurrences of `secret` that stand as a value (`standsAsValue`). One forward pass (a
 * `(?<=[=:]\s*)` lookbehind rescans whitespace runs from every position: quadratic).
 */
function maskWhereValue(text: string, secret: string, mask: string): string {
  let result = '';
  let copied = 0;
  let scanned = 0;
  let lastNonSpace = -1;
  for (let at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, Math.max(at + 1, copied))) {
    for (; scanned < at; scanned += 1) if (!isSpace(text.charAt(scanned))) lastNonSpace = scanned;
    // Everything between lastNonSpace and `at` is whitespace.
    if (!standsAsValue(text, at, at + secret.length, lastNonSpace)) continue;
    result += text.slice(copied, at) + mask;
    copied = at + secret.length;
  }
  return result + text.slice(copied);
}
