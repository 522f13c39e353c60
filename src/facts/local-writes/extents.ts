/** Functions of a file by the offsets they span, so a call can be placed inside the one around it. */
export interface FunctionExtent {
  name: string;
  params: string[];
  start: number;
  end: number;
}

/** The innermost of `extents` (in source order, as the walk meets them) that holds the offsets [start, end). */
export function innermost(extents: readonly FunctionExtent[], start: number, end: number): FunctionExtent | undefined {
  for (let index = extents.length - 1; index >= 0; index--) {
    const extent = extents[index]!;
    if (extent.start <= start && end <= extent.end) return extent;
  }
  return undefined;
}
