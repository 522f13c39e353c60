/**
 * Masking every secret the rules found in a file, in one pass over a text however many secrets the
 * file holds: the secrets go into one Aho-Corasick automaton per file, built once, so a file with
 * 8,000 secrets and 8,000 findings costs 8,000 short scans, not 8,000 × 8,000.
 *
 * A secret is also found where the text writes it with escapes (`"\u0073k_live_..."`, `\x41`,
 * `\u{41}`, `\"`): the scan runs over the text with escapes decoded and masks the raw characters
 * the match came from. Line breaks inside a masked span are kept, so line numbers never move.
 */
import { ALWAYS_MASKED_LENGTH, isSpace, maskSecret, standsAsValue } from './mask-secret.js';
import { redactSecretShapes } from './format.js';


interface Node {
  next: Map<string, number>;
  fail: number;
  /** Index of the secret ending exactly here, or -1. */
  secret: number;
  /** The nearest node down the fail chain that ends a secret (-1 when none). */
  output: number;
}

export class SecretMask {
  private readonly nodes: Node[] = [{ next: new Map(), fail: 0, secret: -1, output: -1 }];
  private readonly secrets: string[];
  private readonly masks: string[];

  constructor(secrets: Iterable<string>) {
    this.secrets = [...new Set(secrets)].filter((secret) => secret.length > 0);
    this.masks = this.secrets.map(maskSecret);
    this.secrets.forEach((secret, index) => this.insert(secret, index));
    this.link();
  }

  get empty(): boolean {
    return this.secrets.length === 0;
  }

  /** `text` with every occurrence of a secret (written plainly or with escapes) replaced by its mask. */
  mask(text: string): string {
    if (this.empty || text.length === 0) return text;
    const view = decoded(text);
    const spans = this.choose(this.matches(view.text), view.text);
    if (spans.length === 0) return text;
    let result = '';
    let copied = 0;
    for (const { start, end, secret } of spans) {
      const rawStart = view.rawStart(start);
      const rawEnd = view.rawEnd(end - 1);
      if (rawStart < copied) continue;
      const raw = text.slice(rawStart, rawEnd);
      result += text.slice(copied, rawStart) + (this.masks[secret] as string) + raw.replace(/[^\r\n]/g, '');
      copied = rawEnd;
    }
    return result + text.slice(copied);
  }

  private insert(secret: string, index: number): void {
    let node = 0;
    for (let at = 0; at < secret.length; at++) {
      const char = secret.charAt(at);
      const current = this.nodes[node] as Node;
      let child = current.next.get(char);
      if (child === undefined) {
        child = this.nodes.length;
        this.nodes.push({ next: new Map(), fail: 0, secret: -1, output: -1 });
        current.next.set(char, child);
      }
      node = child;
    }
    const last = this.nodes[node] as Node;
    // Of two equal secrets (deduplicated above) none can collide; keep the first.
    if (last.secret === -1) last.secret = index;
  }

  /** Breadth-first fail and output links. */
  private link(): void {
    const queue: number[] = [];
    for (const child of (this.nodes[0] as Node).next.values()) queue.push(child);
    for (let head = 0; head < queue.length; head++) {
      const index = queue[head] as number;
      const node = this.nodes[index] as Node;
      for (const [char, child] of node.next) {
        let fail = node.fail;
        while (fail !== 0 && !(this.nodes[fail] as Node).next.has(char)) fail = (this.nodes[fail] as Node).fail;
        const target = (this.nodes[fail] as Node).next.get(char);
        const childNode = this.nodes[child] as Node;
        childNode.fail = target !== undefined && target !== child ? target : 0;
        const failNode = this.nodes[childNode.fail] as Node;
        childNode.output = failNode.secret !== -1 ? childNode.fail : failNode.output;
        queue.push(child);
      }
    }
  }

  /** Every occurrence of every secret, as [start, end) in the scanned text. */
  private matches(text: string): { start: number; end: number; secret: number }[] {
    const found: { start: number; end: number; secret: number }[] = [];
    let state = 0;
    for (let position = 0; position < text.length; position++) {
      const char = text.charAt(position);
      while (state !== 0 && !(this.nodes[state] as Node).next.has(char)) state = (this.nodes[state] as Node).fail;
      state = (this.nodes[state] as Node).next.get(char) ?? 0;
      for (let hit = (this.nodes[state] as Node).secret !== -1 ? state : (this.nodes[state] as Node).output; hit > 0; hit = (this.nodes[hit] as Node).output) {
        const secret = (this.nodes[hit] as Node).secret;
        const length = (this.secrets[secret] as string).length;
        found.push({ start: position + 1 - length, end: position + 1, secret });
      }
    }
    return found;
  }

  /** Leftmost, then longest, non-overlapping occurrences; a short secret only where it stands as a value. */
  private choose(found: { start: number; end: number; secret: number }[], text: string): { start: number; end: number; secret: number }[] {
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const chosen: { start: number; end: number; secret: number }[] = [];
    let lastNonSpace = -1;
    let scanned = 0;
    let covered = 0;
    for (const match of found) {
      if (match.start < covered) continue;
      for (; scanned < match.start; scanned++) if (!isSpace(text.charAt(scanned))) lastNonSpace = scanned;
      // Shorter secrets are masked only where they stand as a value (as `maskIn` does); longer ones everywhere.
      if (match.end - match.start < ALWAYS_MASKED_LENGTH && !standsAsValue(text, match.start, match.end, lastNonSpace)) continue;
      chosen.push(match);
      covered = match.end;
    }
    return chosen;
  }
}

interface DecodedView {
  text: string;
  /** Raw offset of the first character that produced decoded character `index`. */
  rawStart(index: number): number;
  /** Raw offset just past the characters that produced decoded character `index`. */
  rawEnd(index: number): number;
}

const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0' };

/** The text with JS/JSON/Python-style string escapes decoded, and where each decoded character came from. */
function decoded(text: string): DecodedView {
  if (!text.includes('\\')) return { text, rawStart: (index) => index, rawEnd: (index) => index + 1 };
  let out = '';
  const starts: number[] = [];
  const ends: number[] = [];
  const emit = (value: string, from: number, to: number): void => {
    for (let unit = 0; unit < value.length; unit++) {
      starts.push(from);
      ends.push(to);
    }
    out += value;
  };
  for (let position = 0; position < text.length; ) {
    const char = text.charAt(position);
    if (char !== '\\' || position + 1 >= text.length) {
      emit(char, position, position + 1);
      position += 1;
      continue;
    }
    const escape = escapeAt(text, position);
    emit(escape.value, position, position + escape.length);
    position += escape.length;
  }
  return { text: out, rawStart: (index) => starts[index] as number, rawEnd: (index) => ends[index] as number };
}

/** The escape starting with the backslash at `at`: its decoded value and raw length. */
function escapeAt(text: string, at: number): { value: string; length: number } {
  const kind = text.charAt(at + 1);
  if (kind === 'u' && text.charAt(at + 2) === '{') {
    const close = text.indexOf('}', at + 3);
    const hex = close === -1 || close - at > 10 ? '' : text.slice(at + 3, close);
    const code = /^[0-9a-fA-F]{1,6}$/.test(hex) ? Number.parseInt(hex, 16) : Number.NaN;
    if (code <= 0x10ffff) return { value: String.fromCodePoint(code), length: close - at + 1 };
  } else if (kind === 'u' || kind === 'x') {
    const digits = kind === 'u' ? 4 : 2;
    const hex = text.slice(at + 2, at + 2 + digits);
    if (hex.length === digits && /^[0-9a-fA-F]+$/.test(hex)) return { value: String.fromCharCode(Number.parseInt(hex, 16)), length: 2 + digits };
  } else if (kind in SIMPLE_ESCAPES) {
    return { value: SIMPLE_ESCAPES[kind] as string, length: 2 };
  }
  // `\"`, `\\`, `\/`, `\q`: the character itself.
  return { value: kind, length: 2 };
}

/**
 * The masks of one run: each file's secrets (what any rule reported in it) as one `SecretMask`,
 * built once per file.
 */
export class FileMasks {
  private readonly masks = new Map<string, SecretMask>();
  private static readonly NONE = new SecretMask([]);

  constructor(secretsByFile: ReadonlyMap<string, ReadonlySet<string>>) {
    for (const [file, secrets] of secretsByFile) this.masks.set(file, new SecretMask(secrets));
  }

  of(file: string): SecretMask {
    return this.masks.get(file) ?? FileMasks.NONE;
  }
}

/**
 * File texts as they may leave the process: every secret of the file masked, then the secret shapes
 * (URL passwords, .env values) line by line. Snippets are cut from these texts and line hashes and
 * fingerprints computed over them, so no derived value depends on a secret. Cached per file.
 */
export class MaskedTexts {
  private readonly cache = new Map<string, string | undefined>();

  constructor(
    readonly masks: FileMasks,
    private readonly read: (path: string) => string | undefined,
  ) {}

  text(path: string): string | undefined {
    if (this.cache.has(path)) return this.cache.get(path);
    const raw = this.read(path);
    const masked = raw === undefined ? undefined : this.masks.of(path).mask(raw).split('\n').map((line) => redactLine(line, path)).join('\n');
    this.cache.set(path, masked);
    return masked;
  }

  /** A message about a file (a finding's, an error's): the file's secrets and URL passwords masked. */
  message(path: string | undefined, message: string): string {
    return redactSecretShapes(path === undefined ? message : this.masks.of(path).mask(message), '');
  }
}

/** A line of a CRLF file keeps its `\r` out of the patterns, which end at the end of the line. */
function redactLine(line: string, path: string): string {
  return line.endsWith('\r') ? `${redactSecretShapes(line.slice(0, -1), path)}\r` : redactSecretShapes(line, path);
}
