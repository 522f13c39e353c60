/** `imports`: the modules a file imports, as written, with where. */
import type { FileExtractor, Span } from '../types.js';
import { goImports } from './go.js';
import { pythonImports } from './python.js';

export interface Import {
  /**
   * The module as named: `os`, `logging.handlers`, a relative Python module with its leading dots
   * (`.views`, `..`), a Go import path (`net/http`, `github.com/gin-gonic/gin`).
   */
  module: string;
  /** Names taken from it (`from a import b, c` -> ['b', 'c'], `*` for a wildcard); empty for `import a` and in Go. */
  names: string[];
  /** The local name it is bound to when one is given: `import numpy as np` -> np; Go `log "..."`, `_`, `.`. */
  alias?: string;
  span: Span;
}

export const imports: FileExtractor<Import[]> = {
  name: 'imports',
  version: 1,
  module: import.meta.url,
  python: pythonImports,
  go: goImports,
};
