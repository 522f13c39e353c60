/** Values as the per-file facts describe them, the same for every language. */

/**
 * Marks an interpolated part of a string built at run time (`f'{scheme}://db'`, `":" + port`), so a
 * check can tell a literal host from one that is filled in.
 */
export const HOLE = '\u0000';

/** A value written literally in source. */
export type LiteralValue =
  | { kind: 'string'; value: string }
  /** A string with interpolated parts, each marked with HOLE: f-strings, concatenations with a literal part. */
  | { kind: 'template'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  /** `None`, `nil`, `null`. */
  | { kind: 'null'; value: null };
