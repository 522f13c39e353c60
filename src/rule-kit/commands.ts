/**
 * Shell command lines as rules see them (Dockerfile RUN/CMD, package.json scripts, Procfiles,
 * compose `command:`, CI `run:` steps): split into simple commands, quotes removed, comments dropped,
 * launchers (`exec`, `env`, `cross-env`, `npx`, `sh -c`) seen through, and `npm start` resolved to the
 * script it runs. Purely lexical: nothing is expanded or executed.
 */
import type { PackageJson } from '../types.js';
import { linesOf } from './text.js';

/** How a simple command ends: `&&`, `||`, `;`, `|`, `&` (background), or '' at the end of the line. */
export type CommandTerminator = '&&' | '||' | ';' | '|' | '&' | '';

/** One simple command of a shell line. */
export interface ShellCommand {
  /** Words with quotes and escapes removed, leading `NAME=value` assignments excluded. */
  words: string[];
  /** `NAME=value` assignments before the command word (`NODE_ENV=production node x`). */
  assignments: Record<string, string>;
  terminator: CommandTerminator;
  /** Offset of the command's first character (assignment or word) in the parsed text. */
  offset: number;
}

interface Token {
  kind: 'word' | 'operator';
  value: string;
  offset: number;
}

const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')'] as const;

/** Reads one word starting at `start`, honouring quotes, escapes and `$(...)`; returns its value and end. */
function readWord(text: string, start: number): { value: string; end: number } {
  let value = '';
  let index = start;
  while (index < text.length) {
    const char = text[index]!;
    if (/\s/.test(char) || ';&|()'.includes(char)) break;
    if (char === '\\') {
      // A backslash-newline joins lines; any other escaped character stands for itself.
      if (text[index + 1] === '\n') {
        index += 2;
        continue;
      }
      value += text[index + 1] ?? '';
      index += 2;
    } else if (char === "'") {
      const close = text.indexOf("'", index + 1);
      const end = close === -1 ? text.length : close;
      value += text.slice(index + 1, end);
      index = end + 1;
    } else if (char === '"') {
      index += 1;
      while (index < text.length && text[index] !== '"') {
        if (text[index] === '\\' && index + 1 < text.length && '"\\$`\n'.includes(text[index + 1]!)) index += 1;
        value += text[index];
        index += 1;
      }
      index += 1;
    } else if (char === '$' && text[index + 1] === '(') {
      const end = matchingParenthesis(text, index + 1);
      value += text.slice(index, end + 1);
      index = end + 1;
    } else {
      value += char;
      index += 1;
    }
  }
  return { value, end: index };
}

function matchingParenthesis(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    if (text[index] === '(') depth += 1;
    if (text[index] === ')' && --depth === 0) return index;
  }
  return text.length - 1;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let index = 0;
  while (index < text.length) {
    const char = text[index]!;
    if (char === '\\' && text[index + 1] === '\n') {
      index += 2;
    } else if (char !== '\n' && /\s/.test(char)) {
      index += 1;
    } else if (char === '#') {
      // A `#` starting a word opens a comment up to the end of the line.
      while (index < text.length && text[index] !== '\n') index += 1;
    } else {
      const operator = OPERATORS.find((candidate) => text.startsWith(candidate, index));
      if (operator) {
        tokens.push({ kind: 'operator', value: operator, offset: index });
        index += operator.length;
      } else {
        const { value, end } = readWord(text, index);
        tokens.push({ kind: 'word', value, offset: index });
        index = Math.max(end, index + 1);
      }
    }
  }
  return tokens;
}

const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/s;

function toTerminator(operator: string): CommandTerminator {
  if (operator === '&&' || operator === '||' || operator === '|' || operator === '&') return operator;
  return operator === ')' || operator === '(' ? '' : ';';
}

/**
 * Splits a shell line into simple commands at `&&`, `||`, `;`, `|`, `&`, newlines and subshell
 * parentheses. `# comments` are dropped; backslash-newline continuations join lines.
 */
export function parseShell(text: string): ShellCommand[] {
  const commands: ShellCommand[] = [];
  let current: ShellCommand | undefined;
  for (const token of tokenize(text)) {
    if (token.kind === 'operator') {
      if (current) {
        current.terminator = toTerminator(token.value);
        if (current.words.length > 0 || Object.keys(current.assignments).length > 0) commands.push(current);
      }
      current = undefined;
      continue;
    }
    current ??= { words: [], assignments: {}, terminator: '', offset: token.offset };
    const assignment = current.words.length === 0 ? ASSIGNMENT.exec(token.value) : null;
    if (assignment) current.assignments[assignment[1]!] = assignment[2]!;
    else current.words.push(token.value);
  }
  if (current && (current.words.length > 0 || Object.keys(current.assignments).length > 0)) commands.push(current);
  return commands;
}

/** Builds a ShellCommand from exec-form words (`["node", "server.js"]`), assignments not split off. */
export function commandFromWords(words: readonly string[], offset = 0): ShellCommand {
  return { words: [...words], assignments: {}, terminator: '', offset };
}

const SHELLS = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', '/bin/sh', '/bin/bash', '/bin/ash', '/bin/dash', '/usr/bin/env']);

/** Whether a program word is a POSIX-like shell (`sh`, `/bin/bash`). */
export function isShellProgram(word: string | undefined): boolean {
  return word !== undefined && SHELLS.has(word);
}

/** `sh -c "a && b"` (also `bash -lc`, `/bin/sh -c`): the inner script, else undefined. */
export function shellScriptOf(words: readonly string[]): string | undefined {
  if (!SHELLS.has(words[0] ?? '')) return undefined;
  const flagIndex = words.findIndex((word, index) => index > 0 && /^-[a-z]*c[a-z]*$/.test(word));
  return flagIndex === -1 ? undefined : words[flagIndex + 1];
}

/**
 * The words of the program a command really runs, launchers seen through: `exec`, `env A=1`,
 * `cross-env A=1`, `dotenv -e .env --`, `npx`/`pnpm exec`/`yarn exec`/`bunx` with their flags,
 * `time`. Process supervisors (tini, dumb-init, pm2) are programs in their own right and stay.
 */
export function programWords(words: readonly string[]): string[] {
  let rest = [...words];
  for (;;) {
    const [first, second] = rest;
    if (first === 'exec' || first === 'time' || first === 'command') {
      rest = rest.slice(1);
      while (rest[0]?.startsWith('-')) rest = rest.slice(1);
    } else if (first === 'env' || first === 'cross-env' || first === 'cross-env-shell') {
      rest = rest.slice(1);
      while (rest[0] !== undefined && (rest[0].startsWith('-') || ASSIGNMENT.test(rest[0]))) rest = rest.slice(1);
    } else if (first === 'dotenv' || first === 'dotenv-cli' || first === 'env-cmd') {
      const separator = rest.indexOf('--');
      rest = separator === -1 ? rest.slice(1).filter((word) => !word.startsWith('-')) : rest.slice(separator + 1);
    } else if (first === 'npx' || first === 'bunx' || first === 'pnpx' || ((first === 'pnpm' || first === 'yarn' || first === 'bun') && second === 'exec')) {
      rest = rest.slice(first === 'npx' || first === 'bunx' || first === 'pnpx' ? 1 : 2);
      while (rest[0]?.startsWith('-')) rest = rest.slice(rest[0] === '-p' || rest[0] === '--package' ? 2 : 1);
    } else {
      return rest;
    }
  }
}

/** Every simple command a line runs, `sh -c '...'` bodies expanded in place. */
export function expandShell(text: string): ShellCommand[] {
  return parseShell(text).flatMap(expandCommand);
}

/** A command, or the commands of its `sh -c` body. */
export function expandCommand(command: ShellCommand): ShellCommand[] {
  const script = shellScriptOf(programWords(command.words));
  return script === undefined ? [command] : parseShell(script).map((inner) => ({ ...inner, offset: command.offset }));
}

/** Package-manager subcommands that are not script names (`yarn add`, `pnpm install`). */
const PACKAGE_MANAGER_BUILTINS = new Set([
  'install', 'i', 'ci', 'add', 'remove', 'rm', 'uninstall', 'un', 'update', 'up', 'upgrade', 'exec', 'dlx', 'x', 'link',
  'unlink', 'publish', 'pack', 'audit', 'outdated', 'init', 'create', 'config', 'set', 'cache', 'why', 'list', 'ls',
  'info', 'view', 'dedupe', 'prune', 'rebuild', 'version', 'login', 'logout', 'workspace', 'workspaces', 'help',
  'import', 'patch', 'store', 'node', 'bin', 'global', 'dlx', 'fetch', 'deploy', 'env', 'setup', 'licenses',
]);
const LIFECYCLE_SHORTCUTS = new Set(['start', 'test', 't', 'stop', 'restart']);
const PACKAGE_MANAGERS = new Set(['npm', 'yarn', 'pnpm', 'bun']);

/**
 * The package script a command runs: `npm start` / `npm run build` / `npm run-script x` /
 * `yarn build` / `pnpm build` / `bun run build` -> the script name; undefined otherwise.
 * Flags before the name (`npm run --silent build`, `yarn --cwd x build`) are skipped; for the
 * bare `yarn x` / `pnpm x` form the name must be one of `scripts` when given.
 */
export function scriptInvocation(words: readonly string[], scripts?: Readonly<Record<string, string>>): string | undefined {
  const [manager, ...rest] = programWords(words);
  if (manager === undefined || !PACKAGE_MANAGERS.has(manager)) return undefined;
  const args = withoutFlags(rest);
  const [first, second] = args;
  if (first === undefined) return undefined;
  if (first === 'run' || first === 'run-script' || first === 'rum' || first === 'urn') return second;
  if (LIFECYCLE_SHORTCUTS.has(first)) return first === 't' ? 'test' : first;
  if (manager === 'npm' || PACKAGE_MANAGER_BUILTINS.has(first)) return undefined;
  return scripts === undefined || first in scripts ? first : undefined;
}

/** Drops option words (and the value of `--cwd`/`--prefix`/`-C`/`--filter`, which take one). */
function withoutFlags(words: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (word === '--') continue;
    if (!word.startsWith('-')) kept.push(word);
    else if (/^(?:--cwd|--prefix|-C|--filter|-F|--workspace|-w|--dir)$/.test(word)) index += 1;
  }
  return kept;
}

/** Script names run by `npm-run-all`/`run-s`/`run-p` (globs like `build:*` matched against `scripts`). */
function runAllScripts(words: readonly string[], scripts: Readonly<Record<string, string>>): string[] | undefined {
  const [program, ...args] = programWords(words);
  if (program !== 'npm-run-all' && program !== 'run-s' && program !== 'run-p' && program !== 'npm-run-all2') return undefined;
  return withoutFlags(args).flatMap((pattern) => {
    if (!pattern.includes('*')) return [pattern];
    const prefix = pattern.slice(0, pattern.indexOf('*'));
    return Object.keys(scripts).filter((name) => name.startsWith(prefix));
  });
}

/** The command strings `concurrently "a" "b"` runs (`npm:x` shorthands as `npm run x`). */
function concurrentlyCommands(words: readonly string[]): string[] | undefined {
  const [program, ...args] = programWords(words);
  if (program !== 'concurrently') return undefined;
  return withoutFlags(args).map((arg) => (arg.startsWith('npm:') ? `npm run ${arg.slice(4)}` : arg));
}

/** One simple command reached from a package script, with the script that contains it. */
export interface ScriptCommand {
  /** The script whose text contains the command. */
  script: string;
  command: ShellCommand;
  /** The commands that led here from the first script, outermost first (`npm run build` for `tsc`). */
  via: ShellCommand[];
}

/**
 * Every command `npm run <name>` executes: the `pre<name>` script, the script, then `post<name>`,
 * with nested `npm run x` / `yarn x` / `run-s` / `concurrently` / `sh -c` resolved. The invoking
 * commands themselves are included too (so a rule sees `npm run build` as well as `tsc`). Cycles
 * and missing scripts are tolerated.
 */
export function scriptCommands(scripts: Readonly<Record<string, string>> | undefined, name: string): ScriptCommand[] {
  if (!scripts) return [];
  const seen = new Set<string>();
  const collected: ScriptCommand[] = [];
  const visit = (script: string, via: ShellCommand[]): void => {
    if (seen.has(script) || typeof scripts[script] !== 'string') return;
    seen.add(script);
    for (const command of expandShell(scripts[script])) visitCommand(script, command, via);
  };
  const visitCommand = (script: string, command: ShellCommand, via: ShellCommand[]): void => {
    collected.push({ script, command, via });
    const inner = [...via, command];
    const invoked = scriptInvocation(command.words, scripts);
    if (invoked !== undefined) return runWithHooks(invoked, inner);
    for (const nested of runAllScripts(command.words, scripts) ?? []) visit(nested, inner);
    for (const line of concurrentlyCommands(command.words) ?? []) {
      for (const child of expandShell(line)) visitCommand(script, { ...child, offset: command.offset }, inner);
    }
  };
  const runWithHooks = (script: string, via: ShellCommand[]): void => {
    visit(`pre${script}`, via);
    visit(script, via);
    visit(`post${script}`, via);
  };
  runWithHooks(name, []);
  return collected;
}

/** The `scripts` of a package.json, only string values kept. */
export function scriptsOf(packageJson: PackageJson | undefined): Record<string, string> {
  const scripts = packageJson?.scripts;
  if (!scripts || typeof scripts !== 'object') return {};
  return Object.fromEntries(Object.entries(scripts).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/**
 * 1-based line and column of `"name":` inside the `scripts` object of a package.json text, found
 * textually; line 1 column 1 when not found.
 */
export function scriptPosition(packageJsonText: string, name: string): { line: number; column: number } {
  const lines = linesOf(packageJsonText);
  const scriptsLine = lines.findIndex((line) => /"scripts"\s*:/.test(line.text));
  const key = `"${name.replace(/["\\]/g, '\\$&')}"`;
  for (const line of lines.slice(Math.max(scriptsLine, 0))) {
    const column = line.text.search(new RegExp(`${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s*:`));
    if (column !== -1) return { line: line.line, column: column + 1 };
  }
  return { line: 1, column: 1 };
}

/** One process type of a Procfile (`web: node server.js`). */
export interface ProcfileEntry {
  type: string;
  command: string;
  /** 1-based line. */
  line: number;
  /** 1-based column of the command text. */
  column: number;
}

/** The process types of a Procfile, comments and blank lines skipped. */
export function parseProcfile(text: string): ProcfileEntry[] {
  return linesOf(text).flatMap((line) => {
    const match = /^([A-Za-z0-9_-]+)[ \t]*:[ \t]*(.*\S)?\s*$/.exec(line.text);
    if (!match || match[2] === undefined) return [];
    return [{ type: match[1]!, command: match[2], line: line.line, column: line.text.indexOf(match[2]) + 1 }];
  });
}

/** A command as one short line for messages (`npm run build`), cut at 80 characters. */
export function commandText(words: readonly string[]): string {
  const text = words.join(' ');
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}
