/**
 * `go-command-line`: the commands a Go file declares for a command-line program (cobra, urfave/cli),
 * the subcommands it adds and the roots it runs, with the file's function declarations, so a rule can
 * follow a command's handlers to the code they reach and tell an operator's subcommand from the service.
 */
import type { FileExtractor, Span } from '../types.js';
import { goCommandLineExtraction } from './go.js';

/** A Go command-line command declared with cobra (`&cobra.Command{Use: ...}`) or urfave/cli (`&cli.Command{Name: ...}`). */
export interface CliCommand {
  framework: 'cobra' | 'urfave';
  /** The first word of its `Use` / `Name`; null when that is not a literal. */
  name: string | null;
  /** The names it is reached by: the variable it is bound to, the function that builds it. */
  names: string[];
  /** Names the handlers (`Run`, `RunE`, `Action`, `Before`, ...) use: the functions they may call. */
  handlers: string[];
  /** Declared as a subcommand in place: an argument of `AddCommand`, an element of a `[]*cli.Command`. */
  nested?: true;
  span: Span;
}

/** A Go function (or method) declaration, so a rule can place a call or a write inside it. */
export interface GoFunction {
  name: string;
  method?: true;
  span: Span;
}

/** Go: what a file tells of the commands of a command-line program. */
export interface GoCommandLine {
  commands: CliCommand[];
  /** Names given to `AddCommand(...)` (`plsCmd`, `exportCmd()`; `p.updateCmd()`, `jsonnet.NewFormatCmd()` as written). */
  added: string[];
  /** Names run as a program's root: `rootCmd.Execute()`, `app.Run(...)`. */
  executed: string[];
}

export interface GoCommandLineFacts {
  /** The file's function and method declarations: what a command's handlers name and may reach. */
  functions: GoFunction[];
  /** Present when the file declares, adds or runs any command. */
  commandLine?: GoCommandLine;
}

export const goCommandLine: FileExtractor<GoCommandLineFacts> = {
  name: 'go-command-line',
  version: 2,
  module: import.meta.url,
  go: goCommandLineExtraction,
};
