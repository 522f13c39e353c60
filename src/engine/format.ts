import { maskIn } from './mask-secret.js';

/** Fills `{{name}}` placeholders from `data` (already masked): the template's own words are never masked. */
export function formatMessage(template: string, data: Record<string, string | number> | undefined): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (data && name in data ? String(data[name]) : whole));
}

const MAX_SNIPPET = 160;
const SCHEME_CHAR = /[a-z0-9+.-]/i;
const SCHEME_START = /[a-z]/i;
/** The longest URL scheme looked for before `://` (bounds the backward scan). */
const MAX_SCHEME = 32;
const ENV_FILE = /(?:^|\/)\.env(?:\.[^/]*)?$/;
const ENV_ASSIGNMENT = /^(\s*(?:export\s+)?[A-Za-z_][A-Za-z0-9_.-]*\s*[=:]\s*)(\S.*)$/;

/**
 * Masks what looks secret whether or not a rule reported it: passwords in URLs anywhere, and every
 * value in .env files. A snippet is shown for a finding of one rule, but may sit on a line where
 * another rule (or none) found a secret.
 */
export function redactSecretShapes(line: string, path: string): string {
  const withoutUrlPasswords = maskUrlPasswords(line);
  if (!ENV_FILE.test(path)) return withoutUrlPasswords;
  return withoutUrlPasswords.replace(ENV_ASSIGNMENT, (whole, key: string, value: string) => (value.startsWith('#') ? whole : `${key}****`));
}

/**
 * `scheme://user:password@host` with the password masked. A scan from each `://` instead of the
 * pattern `[a-z][a-z0-9+.-]*:\/\/...`, which retries from every letter of a long word: quadratic.
 */
function maskUrlPasswords(line: string): string {
  let result = '';
  let copied = 0;
  for (let at = line.indexOf('://'); at >= 0; at = line.indexOf('://', at + 3)) {
    let scheme = at;
    while (scheme > 0 && at - scheme < MAX_SCHEME && SCHEME_CHAR.test(line.charAt(scheme - 1))) scheme--;
    while (scheme < at && !SCHEME_START.test(line.charAt(scheme))) scheme++;
    if (scheme === at) continue;
    // user: [^:/\s@]* then ':', password: [^@\s/]+ then '@'.
    let colon = at + 3;
    while (colon < line.length && !/[:/\s@]/.test(line.charAt(colon))) colon++;
    if (line.charAt(colon) !== ':') continue;
    let atSign = colon + 1;
    while (atSign < line.length && !/[@\s/]/.test(line.charAt(atSign))) atSign++;
    if (line.charAt(atSign) !== '@' || atSign === colon + 1 || colon + 1 < copied) continue;
    result += `${line.slice(copied, colon + 1)}****`;
    copied = atSign;
  }
  return result + line.slice(copied);
}

/** The trimmed source line of a finding, secrets masked, shortened around the column when long. */
export function snippetOf(
  text: string | undefined,
  path: string,
  position: { line: number; column: number },
  secrets: readonly string[],
): string | undefined {
  if (text === undefined) return undefined;
  const { line, column } = position;
  const source = linesOf(text)[line - 1]?.replace(/\r$/, '');
  if (source === undefined) return undefined;
  const masked = redactSecretShapes(maskIn(source, secrets), path);
  const trimmed = masked.trim();
  if (trimmed.length === 0) return undefined;
  if (trimmed.length <= MAX_SNIPPET) return trimmed;
  const start = Math.max(0, Math.min(column - 1 - (masked.length - masked.trimStart().length) - 40, trimmed.length - MAX_SNIPPET));
  return `${start > 0 ? '…' : ''}${trimmed.slice(start, start + MAX_SNIPPET)}…`;
}

/**
 * The lines of the texts snippets were last taken from: a file with a finding on each of its lines
 * is split once, not once per finding (which is quadratic in its length).
 */
const recentLines = new Map<string, string[]>();
const RECENT_TEXTS = 16;

function linesOf(text: string): string[] {
  let lines = recentLines.get(text);
  if (lines === undefined) {
    lines = text.split('\n');
    if (recentLines.size >= RECENT_TEXTS) recentLines.delete(recentLines.keys().next().value as string);
    recentLines.set(text, lines);
  }
  return lines;
}
