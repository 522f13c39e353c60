/** Where one span of a file lies against another. */
import type { Span } from '../facts/types.js';

/** Whether `outer` holds `inner` (both 1-based, ends inclusive of their column). */
export function spanHolds(outer: Span, inner: Span): boolean {
  const starts = outer.line < inner.line || (outer.line === inner.line && outer.column <= inner.column);
  const ends = outer.endLine > inner.endLine || (outer.endLine === inner.endLine && outer.endColumn >= inner.endColumn);
  return starts && ends;
}

/** Whether `first` ends before `second` starts. */
export function spanPrecedes(first: Span, second: Span): boolean {
  return first.endLine < second.line || (first.endLine === second.line && first.endColumn <= second.column);
}
