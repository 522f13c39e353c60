import { describe, expect, it } from 'vitest';
import { createTsParser, FILES_PER_PROJECT } from '../../src/parse/typescript.js';

describe('createTsParser', () => {
  it('adding N files is linear: no in-memory project holds more than a bounded number of files', () => {
    // ts-morph re-lists every file of a project each time one is added: with one project for the
    // whole run, 200,000 empty .js files cost 200,000² / 2 listings (hours).
    const parse = createTsParser();
    const count = 3 * FILES_PER_PROJECT + 7;
    const parsed = Array.from({ length: count }, (_, index) => parse(`src/file-${index}.js`, `export const value${index} = ${index};\n`));
    for (const result of parsed) {
      if (!result.ok) throw new Error(result.message);
      expect(result.value.getProject().getSourceFiles().length).toBeLessThanOrEqual(FILES_PER_PROJECT);
    }
    const first = parsed[0];
    expect(first?.ok && first.value.getFullText()).toBe('export const value0 = 0;\n');
  });
});
