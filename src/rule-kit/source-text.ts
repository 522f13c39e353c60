/**
 * Go and Python source read as text: no parser ships for them, but the calls the runtime rules look
 * for (`ListenAndServe`, `signal.Notify`, `logging.FileHandler`) are regular enough to
 * find once comments and string contents are blanked out. Offsets and lines are kept, so a match
 * maps back to its line.
 */
import { posix } from 'node:path';
import type { IndexedFile, RuleContext } from '../types.js';
import { isToolingPath } from './runtime.js';
import { positionsIn } from './text.js';

export type TextLanguage = 'go' | 'python';

export interface TextSource {
  file: IndexedFile;
  /** The file's text. */
  text: string;
  /** The text with comments blanked and string contents replaced by spaces (quotes kept): code only. */
  code: string;
}

export interface TextMatch {
  line: number;
  column: number;
  offset: number;
  match: RegExpExecArray;
}

/** Folders of Go and Python code that never runs as the deployed process. */
const NOT_RUNTIME = /(?:^|\/)(?:vendor|testdata|tests?|examples?|docs|migrations|alembic|scripts?|tools|hack)\/|(?:^|\/)management\/commands\//;
const TEST_FILE = /(?:_test\.go|(?:^|\/)test_[\w-]*\.py|_tests?\.py|(?:^|\/)conftest\.py)$/;

/** A Go or Python source file that runs as the process: no test, vendored code, example, migration or tooling. */
export function isRuntimeSource(file: IndexedFile): boolean {
  if ((file.language !== 'go' && file.language !== 'python') || file.role !== 'source') return false;
  return !NOT_RUNTIME.test(file.path) && !TEST_FILE.test(file.path) && !isToolingPath(file.path) && !posix.basename(file.path).startsWith('.');
}

/** The app's Go or Python source files that run as the process (`isRuntimeSource`), with their code. */
export function textSources(context: RuleContext<string>, language: TextLanguage): TextSource[] {
  const sources: TextSource[] = [];
  for (const file of context.files) {
    if (file.language !== language || !isRuntimeSource(file)) continue;
    const text = context.text(file.path);
    if (text === undefined) continue;
    sources.push({ file, text, code: codeOnly(text, language) });
  }
  return sources;
}

/**
 * Blanks comments and the contents of string literals, keeping quotes, newlines and offsets:
 * `// x.Run()` and `"ListenAndServe"` no longer look like code. String contents stay readable
 * through `TextSource.text` at the same offsets.
 */
export function codeOnly(text: string, language: TextLanguage): string {
  const out = text.split('');
  const blank = (from: number, to: number) => {
    for (let index = from; index < to; index += 1) if (out[index] !== '\n') out[index] = ' ';
  };
  let index = 0;
  while (index < text.length) {
    const char = text[index];
    const next = text[index + 1];
    if (language === 'go' && char === '/' && next === '/') {
      const end = lineEnd(text, index);
      blank(index, end);
      index = end;
    } else if (language === 'go' && char === '/' && next === '*') {
      const close = text.indexOf('*/', index + 2);
      const end = close === -1 ? text.length : close + 2;
      blank(index, end);
      index = end;
    } else if (language === 'python' && char === '#') {
      const end = lineEnd(text, index);
      blank(index, end);
      index = end;
    } else if (language === 'python' && (char === '"' || char === "'") && text.startsWith(char.repeat(3), index)) {
      const close = text.indexOf(char.repeat(3), index + 3);
      const end = close === -1 ? text.length : close + 3;
      blank(index + 3, end - 3);
      index = end;
    } else if (char === '"' || char === "'" || char === '`') {
      const end = stringEnd(text, index, language);
      blank(index + 1, end - 1);
      index = end;
    } else {
      index += 1;
    }
  }
  return out.join('');
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end === -1 ? text.length : end;
}

/** The offset just past a string literal that opens at `start` (Go raw strings span lines; others end at the line). */
function stringEnd(text: string, start: number, language: TextLanguage): number {
  const quote = text[start];
  const raw = language === 'go' && quote === '`';
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (!raw && char === '\\') {
      index += 1;
      continue;
    }
    if (char === quote) return index + 1;
    if (!raw && char === '\n') return index;
  }
  return text.length;
}

/** Every match of a global pattern in the code of a source, with its 1-based line and column. */
export function matchesIn(source: TextSource, pattern: RegExp): TextMatch[] {
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  const regex = new RegExp(pattern.source, flags);
  const found: TextMatch[] = [];
  const positionOf = positionsIn(source.code);
  for (let match = regex.exec(source.code); match !== null; match = regex.exec(source.code)) {
    found.push({ ...positionOf(match.index), offset: match.index, match });
    if (match[0] === '') regex.lastIndex += 1;
  }
  return found;
}
