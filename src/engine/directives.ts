/**
 * Inline suppression comments, read from a file's text:
 *
 *   // twelve-audit-ignore-next-line <rule-id>[, <rule-id>...] -- <reason>
 *   code();  // twelve-audit-ignore-line <rule-id> -- <reason>
 *   // twelve-audit-ignore-start <rule-id> -- <reason>
 *   ...
 *   // twelve-audit-ignore-end
 *
 * `/* ... *\/` works where `//` does; Dockerfile, YAML, .env, shell, TOML, Python, Ruby, Procfile
 * and a few config files without extension (`.npmrc`, `Makefile`) use `#`. Without rule ids a
 * directive covers every rule.
 */
import type { IndexedFile, Language } from '../types.js';

export type DirectiveKind = 'ignore-next-line' | 'ignore-line' | 'ignore-start' | 'ignore-end';

export interface Directive {
  kind: DirectiveKind;
  /** 1-based line and column of the comment. */
  line: number;
  column: number;
  /** Rule ids it names; empty means every rule. */
  ruleIds: string[];
  /** The text after `--`, trimmed; undefined when there is none. */
  reason?: string;
  /** Lines it covers, inclusive (for `ignore-end`, its own line). */
  from: number;
  to: number;
}

const SLASH_LANGUAGES = new Set<Language>(['typescript', 'javascript', 'json', 'go', 'prisma']);
const HASH_LANGUAGES = new Set<Language>(['dockerfile', 'yaml', 'toml', 'shell', 'env', 'python', 'ruby', 'text']);
/**
 * Unclassified files known to take `#` comments. A list, not a guess from the name: reading a binary
 * file (an image, `.DS_Store`) just to look for comments would report it as skipped.
 */
const HASH_OTHER_NAME =
  /(?:^|\/)(?:\.npmrc|\.yarnrc|\.dockerignore|\.gitignore|\.gitattributes|\.editorconfig|\.tool-versions|Makefile|GNUmakefile|Gemfile|Brewfile|Jenkinsfile|Vagrantfile|Caddyfile)$/;

/** The marker any directive contains: files without it are not scanned further. */
export const DIRECTIVE_MARKER = 'twelve-audit-ignore';

const KEYWORD = String.raw`twelve-audit-(ignore-next-line|ignore-line|ignore-start|ignore-end)(?![\w-])(.*)`;
const SLASH_DIRECTIVE = new RegExp(String.raw`(?:\/\/|\/\*)[ \t]*${KEYWORD}`);
const HASH_DIRECTIVE = new RegExp(String.raw`(?:^|[ \t])#[ \t]*${KEYWORD}`);

function directivePattern(language: Language, path: string): RegExp | undefined {
  if (SLASH_LANGUAGES.has(language)) return SLASH_DIRECTIVE;
  if (HASH_LANGUAGES.has(language) || (language === 'other' && HASH_OTHER_NAME.test(path))) return HASH_DIRECTIVE;
  return undefined;
}

/** Whether suppression comments are read in this file: the caller need not read any other. */
export function mayHoldDirectives(file: Pick<IndexedFile, 'path' | 'language'>): boolean {
  return directivePattern(file.language, file.path) !== undefined;
}

interface RawDirective {
  kind: DirectiveKind;
  line: number;
  column: number;
  ruleIds: string[];
  reason?: string;
  /** Nothing but the comment is on its line. */
  ownLine: boolean;
}

/** `<ids> -- <reason>`, with a block comment's closing `*\/` removed. */
function parseBody(body: string): { ruleIds: string[]; reason?: string } {
  const text = body.replace(/\*\/.*$/, '');
  const separator = text.search(/(?:^|\s)--(?:\s|$)/);
  const ids = separator === -1 ? text : text.slice(0, separator);
  const reason = separator === -1 ? '' : text.slice(separator).replace(/^\s*--/, '').trim();
  return { ruleIds: ids.split(/[\s,]+/).filter((id) => id.length > 0), ...(reason.length > 0 && { reason }) };
}

function rawDirectives(text: string, pattern: RegExp): RawDirective[] {
  const found: RawDirective[] = [];
  text.split(/\r?\n|\r/).forEach((source, index) => {
    if (!source.includes(DIRECTIVE_MARKER)) return;
    const match = pattern.exec(source);
    if (!match) return;
    const commentStart = source.indexOf(match[0].trimStart().charAt(0), match.index);
    found.push({
      kind: match[1] as DirectiveKind,
      line: index + 1,
      column: commentStart + 1,
      ...parseBody(match[2] ?? ''),
      ownLine: source.slice(0, commentStart).trim().length === 0,
    });
  });
  return found;
}

/** The first line after `line` that is not itself an own-line `ignore-next-line` comment, so they stack. */
function nextLineTarget(line: number, stacked: ReadonlySet<number>): number {
  let target = line + 1;
  while (stacked.has(target)) target++;
  return target;
}

/** Every directive of a file, each with the lines it covers. `path` matters only for unclassified files. */
export function parseDirectives(text: string, language: Language, path = ''): Directive[] {
  const pattern = directivePattern(language, path);
  if (pattern === undefined || !text.includes(DIRECTIVE_MARKER)) return [];
  const raw = rawDirectives(text, pattern);
  const stacked = new Set(raw.filter((d) => d.kind === 'ignore-next-line' && d.ownLine).map((d) => d.line));
  const lastLine = text.split(/\r?\n|\r/).length;
  return raw.map(({ ownLine: _ownLine, ...directive }, index) => {
    switch (directive.kind) {
      case 'ignore-next-line': {
        const target = nextLineTarget(directive.line, stacked);
        return { ...directive, from: target, to: target };
      }
      case 'ignore-start':
        return { ...directive, from: directive.line, to: blockEnd(directive, raw.slice(index + 1), lastLine) };
      default:
        return { ...directive, from: directive.line, to: directive.line };
    }
  });
}

/** The line of the `ignore-end` that closes a start block: one naming none of, or any of, its rules. */
function blockEnd(start: Pick<RawDirective, 'ruleIds'>, after: readonly RawDirective[], lastLine: number): number {
  const end = after.find(
    (candidate) =>
      candidate.kind === 'ignore-end' &&
      (candidate.ruleIds.length === 0 || start.ruleIds.length === 0 || candidate.ruleIds.some((id) => start.ruleIds.includes(id))),
  );
  return end?.line ?? lastLine;
}
