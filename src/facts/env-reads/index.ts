/**
 * `env-reads`: every read of an environment variable in a file, with the name read, how it is read
 * and the fallback used when the variable is unset. The shape is the same for every language; what
 * counts as a read is each language file's knowledge.
 */
import type { FileExtractor, Span } from '../types.js';
import type { LiteralValue } from '../values.js';
import { goEnvReads } from './go.js';
import { pythonEnvReads } from './python.js';

/** How a read gets its value. */
export type EnvReadVia =
  /** Empty when unset (None, "", undefined): `os.getenv`, `os.environ.get`, Go `os.Getenv`. */
  | 'get'
  /** Fails when unset: Python `os.environ['X']`. */
  | 'index'
  /** Reports whether it is set: Go `os.LookupEnv`. */
  | 'lookup'
  /**
   * A settings library that reads the environment (and maybe files): python-decouple `config`,
   * django-environ `env`, pydantic `BaseSettings` fields, viper `Get*`, the struct tags of
   * caarlos0/env and envconfig; also a function of the same file that wraps a read (`getEnv("PORT", "8080")`).
   */
  | 'settings'
  /**
   * Declares a default without reading: viper `SetDefault`, `os.environ.setdefault`, django-environ
   * `Env(DEBUG=(bool, False))`.
   */
  | 'default';

export interface EnvRead {
  /** The variable (or settings key, for viper) read; null when the name is computed at run time. */
  name: string | null;
  /** The reading expression (a struct tag, for tag-declared reads). */
  span: Span;
  via: EnvReadVia;
  /**
   * The reader as written, without arguments: `os.environ.get`, `os.environ[]`, `config`, `env.bool`,
   * `viper.GetString`, `getEnv`; `BaseSettings` for pydantic fields, `tag env` / `tag envconfig` for struct tags.
   */
  callee: string;
  /** A missing variable stops the program: `os.environ['X']`, `config('X')` of python-decouple with no default. */
  required: boolean;
  /**
   * What is used when the variable is unset: an argument (`os.getenv('X', 'd')`), an `or` operand
   * (`os.getenv('X') or 'd'`), a field default, a tag's default, or the value assigned when an
   * `if v == ""` test after the read finds it empty (Go).
   */
  fallback?: EnvFallback;
}

export interface EnvFallback {
  /** The literal used, or null when the fallback is computed (a name, a call). */
  value: LiteralValue | null;
  span: Span;
}

export const envReads: FileExtractor<EnvRead[]> = {
  name: 'env-reads',
  version: 4,
  module: import.meta.url,
  python: pythonEnvReads,
  go: goEnvReads,
};

/** Reads in source order: some are found after the walk (wrapper calls, fallbacks assigned later). */
export function bySpan(left: { span: Span }, right: { span: Span }): number {
  return left.span.line - right.span.line || left.span.column - right.span.column;
}
