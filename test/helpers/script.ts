/** A JS/TS file as the rule-kit's ts-morph helpers see it inside the per-file pass. */
import { ts, type SourceFile } from 'ts-morph';
import { wrapped } from '../../src/facts/wrap-typescript.js';

export function parseScript(text: string, path = 'src/a.ts'): SourceFile {
  return wrapped<SourceFile>(ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true));
}
