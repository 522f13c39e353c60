/** Repository text made safe to show: nothing in it can drive a terminal or inject markup. */

/**
 * Characters repository text must never carry to a terminal, a log or a rendered page: C0 controls
 * (escape sequences start with ESC; CR rewrites a line), DEL, C1 controls (CSI, OSC as single bytes),
 * and the bidi controls that reorder what a reader sees (Trojan Source). Line separators too: one
 * field is one line.
 */
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Shows every control and bidi character as a visible escape (`\x1b`, `\u202e`), so it has no effect where printed. */
export function visible(text: string): string {
  return text.replace(INVISIBLE, (char) => {
    const code = char.charCodeAt(0);
    return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}

/** `visible` for a message of several lines: the line breaks we put there stay, every other control is shown. */
export function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}

/** A copy of any JSON-like value with every string passed through `visible`: the report as a terminal or page may show it. */
export function visibleDeep<T>(value: T): T {
  if (typeof value === 'string') return visible(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => visibleDeep(item)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, visibleDeep(item)])) as T;
  }
  return value;
}

const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~]/g;
const HTML_SPECIAL: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Repository text inside Markdown (a PR comment, a step summary, a table cell): only ever text.
 * Controls are shown (a lone CR cannot end a table row), every Markdown punctuation character is
 * backslash-escaped (no link, image, code span or emphasis can open, `|` cannot split a cell), HTML
 * is entity-escaped, and `@name` / `#123` get a zero-width space so they mention no one and link nothing.
 */
export function markdownText(text: string): string {
  return visible(text)
    .replace(/[&<>]/g, (char) => HTML_SPECIAL[char] ?? char)
    .replace(MARKDOWN_PUNCTUATION, '\\$&')
    .replace(/([@#])(?=[\w-])/g, `$1${ZERO_WIDTH_SPACE}`);
}

/**
 * SARIF message text: plain text in which `[text](target)` is an embedded link (SARIF 2.1.0, 3.11.6),
 * so brackets are escaped; and no controls.
 */
export function sarifText(text: string): string {
  return visible(text).replace(/[\\[\]]/g, '\\$&');
}

/**
 * JSON text with the controls JSON.stringify leaves raw (DEL, C1, bidi, line separators) written as
 * `\uXXXX` escapes: the same data once parsed, nothing a terminal acts on when printed.
 */
export function jsonWithoutRawControls(json: string): string {
  return json.replace(/[\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
