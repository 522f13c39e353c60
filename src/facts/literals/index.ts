/**
 * `literals`: literal values bound to a name — what a variable, constant, field, key, keyword or
 * parameter is set to, and what a call is given — so rules can judge `SECRET_KEY = '...'`,
 * `Password: "..."`, `connect(password='...')` or `ListenAndServe(":8080")` from data. Each literal
 * is reported once, under the innermost thing that names it; a literal that is an environment read's
 * fallback says of which variable.
 *
 * Literals bound to nothing (in a `return`, a comparison, an expression statement) are left out,
 * except strings that start with a URL scheme (`redis://cache:6379`, `https://api.example.com`):
 * a backing service's address is worth seeing wherever it is written. The variable name an env read
 * names (`'PORT'` of `os.getenv('PORT')`) is in `env-reads`, not here.
 */
import type { FileExtractor, Span } from '../types.js';
import type { LiteralValue } from '../values.js';
import { goLiterals } from './go.js';
import { pythonLiterals } from './python.js';

/** What binds the literal. */
export type Binding =
  /** An assignment target: a variable, an attribute (`self.password`), a subscript (`app.config['SECRET_KEY']`), a class attribute. */
  | 'variable'
  /** A declared constant (Go `const`). */
  | 'constant'
  /** A struct field in a composite literal (Go `Password: "..."`). */
  | 'field'
  /** A dictionary or map key. */
  | 'key'
  /** A keyword argument of a call. */
  | 'keyword'
  /** A positional argument of a call. */
  | 'argument'
  /** A parameter's default value. */
  | 'parameter'
  /** Nothing: a URL-like string standing alone. */
  | 'none';

export interface BoundLiteral {
  value: LiteralValue;
  span: Span;
  binding: Binding;
  /** The name it is bound to; null for a positional argument, a positional element and an unbound string. */
  name: string | null;
  /**
   * The names around it, outermost first: `DATABASES = {'default': {'PASSWORD': 'x'}}` -> ['DATABASES',
   * 'default'] for 'x'; `class Config: SECRET_KEY = 'x'` -> ['Config']; `app.config['SECRET_KEY'] = 'x'`
   * -> ['app', 'config']; a parameter default -> the function; `connect(options={'password': 'x'})` -> ['options'].
   */
  path: string[];
  /** For a struct field: the composite literal's type as written (`http.Server`, `Config`). */
  type?: string;
  /** When bound inside a call's argument: the callee (as written) and, for a positional argument of it, its index. */
  call?: { callee: string | null; index: number | null };
  /** The literal is used when this environment variable is unset (null: a variable whose name is computed). */
  fallbackOf?: { variable: string | null };
  /** Python: inside `if __name__ == '__main__':`, run only when the module is run by hand as a script. */
  mainOnly?: true;
}

export const literals: FileExtractor<BoundLiteral[]> = {
  name: 'literals',
  version: 6,
  module: import.meta.url,
  python: pythonLiterals,
  go: goLiterals,
};

/** Strings worth reporting although nothing names them: they start with a URL scheme. */
export const URL_LIKE = /^[a-z][a-z0-9+.-]*:\/\/\S/i;
