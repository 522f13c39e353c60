import { describe, expect, it } from 'vitest';
import { snippetOf } from '../../src/engine/format.js';

describe('snippetOf', () => {
  it('splits a file into lines once, however many findings it has (200,000 lines, one finding each)', () => {
    // Split per finding, this is 200,000 splits of a 2.6 MB text: hours, far past the test timeout.
    const count = 200_000;
    const text = Array.from({ length: count }, (_, index) => `web: run ${index}`).join('\n');
    let last: string | undefined;
    for (let line = 1; line <= count; line++) last = snippetOf(text, 'Procfile', { line, column: 1 }, []);
    expect(last).toBe(`web: run ${count - 1}`);
    expect(snippetOf(text, 'Procfile', { line: 7, column: 1 }, [])).toBe('web: run 6');
  });
});
