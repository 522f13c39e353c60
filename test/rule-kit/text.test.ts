import { describe, expect, it } from 'vitest';
import { positionAt, positionsIn } from '../../src/rule-kit/text.js';

describe('positionsIn', () => {
  it('gives every offset the line and column positionAt gives it, in any order', () => {
    const text = 'first\nsecond line\r\n\nlast';
    const positionOf = positionsIn(text);
    const offsets = [...Array(text.length + 1).keys()].reverse();
    expect(offsets.map(positionOf)).toEqual(offsets.map((offset) => positionAt(text, offset)));
    expect(positionOf(6)).toEqual({ line: 2, column: 1 });
    expect(positionsIn('')(0)).toEqual({ line: 1, column: 1 });
  });

  it('answers 100,000 lookups in a 100,000-line text (a scan from the top per lookup would not finish in the test timeout)', () => {
    const text = 'x = 1\n'.repeat(100_000);
    const positionOf = positionsIn(text);
    let last = { line: 0, column: 0 };
    for (let line = 0; line < 100_000; line += 1) last = positionOf(line * 6 + 4);
    expect(last).toEqual({ line: 100_000, column: 5 });
  });
});
