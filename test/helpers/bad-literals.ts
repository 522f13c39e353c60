/** A per-file extractor for engine tests: every string literal 'bad' of a JS/TS file, with its span. */
import { ts } from 'ts-morph';
import type { FileExtractor, Span } from '../../src/facts/types.js';

export const badLiterals: FileExtractor<Span[]> = {
  name: 'test/bad-literals',
  version: 1,
  module: import.meta.url,
  typescript: {
    kinds: [ts.SyntaxKind.StringLiteral],
    create(file) {
      const spans: Span[] = [];
      return {
        visit(node) {
          if ((node as ts.StringLiteral).text === 'bad') spans.push(file.span(node.getStart(), node.getEnd()));
        },
        result: () => spans,
      };
    },
  },
};
