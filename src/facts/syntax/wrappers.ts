/**
 * Functions of a file that wrap an environment read, so calls to them are reads too:
 * `def env(key, default=None): return os.environ.get(key, default)` in Python,
 * `func getEnv(key, fallback string) string { ... os.LookupEnv(key) ... }` in Go. Only the file's own
 * functions are known (the facts of a file depend on that file alone); a wrapper is found wherever it
 * stands in the file, so calls are resolved once the walk is over.
 */
import type { EnvReadVia } from '../env-reads/index.js';

export interface EnvWrapper {
  /** The parameter carrying the variable's name: position and name (for keyword calls). */
  nameParam: { index: number; name: string };
  /** The parameter carrying the fallback, when the wrapper has one. */
  fallbackParam?: { index: number; name: string };
  via: EnvReadVia;
}

interface OpenFunction {
  name: string;
  params: string[];
  end: number;
}

export class EnvWrappers {
  private readonly open: OpenFunction[] = [];
  private readonly found = new Map<string, EnvWrapper>();

  /** A function definition, visited before its body (the walk goes parents first). */
  enterFunction(name: string, params: readonly string[], start: number, end: number): void {
    this.advance(start);
    this.open.push({ name, params: [...params], end });
  }

  /**
   * A read inside the innermost open function whose name is the identifier `nameExpression` (the
   * function's parameter, for a wrapper); `fallbackExpression` is the fallback's identifier if any.
   */
  observeRead(start: number, nameExpression: string | undefined, fallbackExpression: string | undefined, via: EnvReadVia): void {
    this.advance(start);
    const innermost = this.open[this.open.length - 1];
    if (innermost === undefined || nameExpression === undefined) return;
    const nameIndex = innermost.params.indexOf(nameExpression);
    if (nameIndex === -1) return;
    let fallbackIndex = fallbackExpression === undefined ? -1 : innermost.params.indexOf(fallbackExpression);
    // `getEnv(key, fallback)` whose body tests the read and returns the other parameter.
    if (fallbackIndex === -1 && innermost.params.length === 2) fallbackIndex = 1 - nameIndex;
    const fallbackName = innermost.params[fallbackIndex];
    this.found.set(innermost.name, {
      nameParam: { index: nameIndex, name: nameExpression },
      ...(fallbackName !== undefined ? { fallbackParam: { index: fallbackIndex, name: fallbackName } } : {}),
      via: via === 'default' ? 'default' : 'settings',
    });
  }

  get(name: string): EnvWrapper | undefined {
    return this.found.get(name);
  }

  /** Functions that end before `offset` are closed: the walk has left them. */
  private advance(offset: number): void {
    while (this.open.length > 0 && this.open[this.open.length - 1]!.end <= offset) this.open.pop();
  }
}
