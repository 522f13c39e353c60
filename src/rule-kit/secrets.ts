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
      const escaped = secret.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      masked = masked.replace(new RegExp(`(?<=['"\`]|[=:]\\s*)${escaped}(?=['"\`,;)}@\\]\\s]|$)`, 'g'), maskSecret(secret));
    }
  }
  return masked;
}

const PLACEHOLDER_WORDS =
  /(?:change[-_ ]?me|changeit|replace[-_ ]?me|your[-_ ]|example|placeholder|dummy|sample|redacted|xxx|\*\*\*|todo|fixme|fake|foobar|<[^>]*>|\$\{[^}]*\}|\{\{[^}]*\}\}|%\([^)]*\)s|^\$[A-Z_]+$|insert[-_ ]|enter[-_ ]|put[-_ ]your|secret[-_ ]?here|password[-_ ]?here|^(?:test|testing|secret|password|passwd|pass|admin|root|user|username|none|null|undefined|true|false|string|token|key|value)$)/i;

/** Values that are obviously not real secrets: `changeme`, `<your-key>`, `xxx`, `${VAR}`, `example`. */
export function isPlaceholder(value: string): boolean {
  const trimmed = value.trim();
  if (trimmed.length === 0) return true;
  if (/^(.)\1+$/.test(trimmed)) return true;
  return PLACEHOLDER_WORDS.test(trimmed);
}

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
