/**
 * Line and column of many offsets of one text, in any order: the line starts are found once, each
 * lookup is a binary search (one scan from the top per offset is quadratic in the matches of a file).
 * Columns count UTF-16 code units from 1, as TypeScript's own positions do.
 */
export function positionsIn(text: string): (offset: number) => { line: number; column: number } {
  const starts = [0];
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((starts[middle] ?? 0) <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - (starts[low] ?? 0) + 1 };
  };
}
