/** Helpers for rules that read plain text (Dockerfiles, YAML, .env, Procfiles, shell). */

export interface TextLine {
  /** 1-based. */
  line: number;
  text: string;
  /** Offset of the line's first character in the whole text. */
  offset: number;
}

export function linesOf(text: string): TextLine[] {
  const lines: TextLine[] = [];
  let offset = 0;
  let line = 1;
  for (const raw of text.split('\n')) {
    lines.push({ line, text: raw.endsWith('\r') ? raw.slice(0, -1) : raw, offset });
    offset += raw.length + 1;
    line += 1;
  }
  return lines;
}

export { positionsIn } from '../util/positions.js';

/** 1-based line and column of a character offset. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line += 1;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The 1-based line of a YAML/JSON key path, found textually (`services.web.image`): each segment
 * must appear as a key indented deeper than the previous one. Falls back to 1 when not found.
 */
export function lineOfKeyPath(text: string, path: readonly (string | number)[]): number {
  const lines = linesOf(text);
  let from = 0;
  let indent = -1;
  let found = 1;
  for (const segment of path) {
    if (typeof segment === 'number') continue;
    const key = new RegExp(`^(\\s*)(?:-\\s+)?["']?${segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*:`);
    const index = lines.findIndex((line, i) => {
      if (i < from) return false;
      const match = key.exec(line.text);
      return match !== null && (match[1] ?? '').length > indent;
    });
    if (index === -1) return found;
    const match = key.exec(lines[index]!.text);
    indent = (match?.[1] ?? '').length;
    from = index + 1;
    found = index + 1;
  }
  return found;
}
