/**
 * `calls`: every call in a file, with the dotted path of what is called and a summary of each
 * argument, so a rule can ask "is `app.run` given a literal port?" without a syntax tree.
 */
import type { FileExtractor, Span } from '../types.js';
import { goCalls } from './go.js';
import { pythonCalls } from './python.js';

export interface Call {
  /**
   * What is called, as written: `app.run`, `logging.FileHandler`, `c.SaveUploadedFile`; a call in the
   * chain is `()` (`Flask(__name__).run` -> `Flask().run`), a subscript or type argument `[]`. Null when
   * the callee does not start from a name (a lambda, a literal).
   */
  callee: string | null;
  /**
   * The same with its first name resolved through the file's imports: `RotatingFileHandler` imported
   * from `logging.handlers` -> `logging.handlers.RotatingFileHandler`, `np.array` -> `numpy.array`; in
   * Go the package's import path, `net/http.ListenAndServe`. Equal to `callee` when the first name is
   * not imported (a local variable, a builtin).
   */
  qualified: string | null;
  span: Span;
  arguments: ArgumentSummary[];
}

export type ArgumentKind =
  | 'string'
  /** A string with interpolated parts (f-string, `+` concatenation): `value` marks them with HOLE. */
  | 'template'
  | 'number'
  | 'boolean'
  | 'null'
  /**
   * The value comes from an environment variable: an env read, converted (`int(os.environ['PORT'])`),
   * concatenated (`":" + os.Getenv("PORT")`), formatted or given a fallback (`os.getenv('PORT') or 5000`);
   * also a call of a wrapper the file defines (`getEnv("PORT", "8080")`).
   */
  | 'env-read'
  /** A name or dotted name: `port`, `settings.PORT`. */
  | 'identifier'
  /** `*args`, `**kwargs`, Go `args...`. */
  | 'spread'
  | 'other';

export interface ArgumentSummary {
  /** 0-based position among the positional arguments; null for keyword and spread arguments. */
  index: number | null;
  /** A keyword argument's name (Python); null otherwise. */
  keyword: string | null;
  kind: ArgumentKind;
  /** The literal's value, for the literal kinds; for an `env-read` built into a string, that template (`":" + os.Getenv("PORT")` -> `:` HOLE). */
  value?: string | number | boolean | null;
  /** For `identifier`: the (dotted) name. */
  name?: string;
  /** For `env-read`: the variable, null when its name is computed. */
  variable?: string | null;
  span: Span;
}

export const calls: FileExtractor<Call[]> = {
  name: 'calls',
  version: 2,
  module: import.meta.url,
  python: pythonCalls,
  go: goCalls,
};
