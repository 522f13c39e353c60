import type { Span } from '../../src/rule-kit/index.js';

/** Whether `outer` holds `inner` (both 1-based, ends inclusive of their column). */
export function spanHolds(outer: Span, inner: Span): boolean {
  const starts = outer.line < inner.line || (outer.line === inner.line && outer.column <= inner.column);
  const ends = outer.endLine > inner.endLine || (outer.endLine === inner.endLine && outer.endColumn >= inner.endColumn);
  return starts && ends;
}
