/** `.env` files: which names are real env files and which are templates, and their `KEY=value` entries. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import type { RuleContext } from '../types.js';
import { foldersAbove, inFolder } from './repo-files.js';

export interface EnvEntry {
  name: string;
  /** The value without surrounding quotes; multi-line double-quoted values are joined with `\n`. */
  value: string;
  /** 1-based line of the entry. */
  line: number;
  /** 1-based column of the value's first character (after the opening quote). */
  column: number;
}

/** Suffix words that make an env file a template to copy, not configuration: `.env.example`, `example.env`. */
const TEMPLATE_WORDS = new Set(['example', 'examples', 'sample', 'samples', 'template', 'tpl', 'dist', 'defaults', 'default', 'schema', 'skel', 'stub']);

/** `.env`, `.env.production`, `production.env` (not `.envrc`, `env.ts` or `.environment`). */
export function isEnvFile(path: string): boolean {
  const name = posix.basename(path);
  return name === '.env' || name.startsWith('.env.') || (name.endsWith('.env') && name.length > 4);
}

/** `.env.example`, `.env.sample`, `.env.local.template`, `example.env`: documentation of the variables. */
export function isEnvTemplate(path: string): boolean {
  return envFileWords(path).some((word) => TEMPLATE_WORDS.has(word));
}

/**
 * A file that documents variables in `KEY=value` form, env file or not: `.env.example`, but also
 * `env-example`, `.env-sample`, `env.template-relational` that the classifier does not call env files.
 */
export function isEnvTemplateFile(path: string): boolean {
  if (isEnvFile(path)) return isEnvTemplate(path);
  return /^\.?env[._-](?:examples?|sample|template|tpl|dist|defaults?)(?:$|[._-])/i.test(posix.basename(path));
}

/** The environment an env file names (`.env.production` -> production), '' for a plain `.env`. */
export function envFileWords(path: string): string[] {
  return posix
    .basename(path)
    .toLowerCase()
    .split(/[.\-_]/)
    .filter((word) => word !== '' && word !== 'env');
}

const ASSIGNMENT = /^(\s*(?:export\s+)?)([A-Za-z_][A-Za-z0-9_.-]*)(\s*=\s*)(.*)$/;

/**
 * The `KEY=value` entries of an env file; comments and blank lines are skipped. Linear in the size of
 * the text: an unclosed quote is scanned once, line by line, never re-scanned from its start.
 */
export function envEntries(text: string): EnvEntry[] {
  const lines = text.split('\n').map((line) => line.replace(/\r$/, ''));
  const entries: EnvEntry[] = [];
  for (let index = 0; index < lines.length; index++) {
    const match = ASSIGNMENT.exec(lines[index] ?? '');
    if (!match) continue;
    const [, lead = '', name = '', equals = '', rest = ''] = match;
    const column = lead.length + name.length + equals.length + 1;
    const quote = rest[0] === '"' || rest[0] === "'" || rest[0] === '`' ? rest[0] : undefined;
    if (!quote) {
      entries.push({ name, value: withoutComment(rest).trim(), line: index + 1, column });
      continue;
    }
    const first = index;
    const parts = [rest.slice(1)];
    let end = closingQuote(rest.slice(1), quote);
    // A double-quoted value may span lines (PEM keys); it ends at the next unescaped closing quote.
    // The line break between two parts absorbs a trailing backslash, so each new line is scanned from its start.
    while (end === -1 && quote === '"' && index + 1 < lines.length) {
      index += 1;
      const line = lines[index] ?? '';
      parts.push(line);
      end = closingQuote(line, quote);
    }
    if (end !== -1) parts[parts.length - 1] = (parts.at(-1) ?? '').slice(0, end);
    entries.push({ name, value: parts.join('\n'), line: first + 1, column: column + 1 });
  }
  return entries;
}

/** An unquoted value without its ` # comment`; a plain scan, so a long run of blanks costs one pass. */
function withoutComment(value: string): string {
  const comment = value.search(/\s#/);
  return comment === -1 ? value : value.slice(0, comment);
}

function closingQuote(body: string, quote: string): number {
  for (let index = 0; index < body.length; index++) {
    if (body[index] === '\\') index += 1;
    else if (body[index] === quote) return index;
  }
  return -1;
}

/**
 * Env templates in the given folders that the repo index left out because `.gitignore` matches them
 * (`.env*` ignored, `.env.example` force-added), with their text. Such a file is in the work tree,
 * so in a clone it is tracked and documents the variables like any template; the engine cannot
 * read unindexed files, hence the direct (small, bounded) read here.
 */
export function ignoredEnvTemplates(context: Pick<RuleContext, 'repo'>, folders: readonly string[]): Array<{ path: string; text: string }> {
  return folders.flatMap((folder) => {
    let names: string[];
    try {
      names = readdirSync(join(context.repo.root, folder), { withFileTypes: true })
        .filter((entry) => entry.isFile())
        .map((entry) => entry.name);
    } catch {
      return [];
    }
    return names
      .map((name) => inFolder(folder, name))
      .filter((path) => isEnvTemplateFile(path) && context.repo.isGitIgnored(path))
      .map((path) => ({ path, text: readSmallText(join(context.repo.root, path)) }));
  });
}

/** Variable names of the ignored env templates (see `ignoredEnvTemplates`) in the app's folder and the folders above it. */
export function ignoredEnvTemplateNames(context: Pick<RuleContext, 'repo' | 'app'>): string[] {
  return ignoredEnvTemplates(context, [context.app.path, ...foldersAbove(context.app.path)]).flatMap(({ text }) =>
    envEntries(text).map((entry) => entry.name),
  );
}

const MAX_TEMPLATE_SIZE = 64 * 1024;

function readSmallText(absolutePath: string): string {
  try {
    return statSync(absolutePath).size <= MAX_TEMPLATE_SIZE ? readFileSync(absolutePath, 'utf8') : '';
  } catch {
    return '';
  }
}
