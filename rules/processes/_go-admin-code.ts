/**
 * Go code that runs only as an operator's one-off command (Factor XII), not as the service: the code
 * of a cobra or urfave/cli subcommand that does not serve (`backup`, `restore`, `update`, `export`;
 * not `serve`, `run`, `start`... and never a program's root command, which runs what the program does
 * by default), and the functions that such subcommands reach and nothing else does, in whatever
 * package they live (`database.DumpDatabase` called only by `gogs backup`).
 *
 * What reaches what is read from the calls each function makes: a bare name (`runExport(ctx)`) is a
 * function of the same package, `pkg.Name` one of an imported package of the repository, `x.name` a
 * method of the same package by that name; a function handed over as a value (`http.HandleFunc("/x",
 * save)`) counts as reached. A function nothing is seen to reach, `main`, `init`, exported methods
 * (an interface may call them from anywhere) and package-level code are the service's. A file that
 * binds a port is never a subcommand's.
 */
import { posix } from 'node:path';
import { calls, goCommandLine, goPackages, isRuntimeSource, spanHolds, sourceListenSites, type CliCommand, type GoCommandLineFacts, type SourceCall, type Span } from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

/** The facts `goAdminCode` reads: a rule calling it declares them. */
export const GO_ADMIN_CODE_FACTS = [goCommandLine, calls, sourceListenSites];

/** Commands that start the long-running process (the root command too: it runs what the program does by default). */
const SERVING_COMMANDS = new Set(['serve', 'server', 'start', 'run', 'web', 'daemon', 'worker', 'agent', 'listen', 'http', 'api']);

/** The whole service: package-level code and everything a serving command or `main` reaches. */
const SERVICE = 'service';

/** The innermost of `items` whose span holds `span`. */
function innermostAround<T extends { span: Span }>(items: readonly T[], span: Span): T | undefined {
  let best: T | undefined;
  for (const item of items) if (spanHolds(item.span, span) && (best === undefined || spanHolds(best.span, item.span))) best = item;
  return best;
}

interface GoFile {
  file: IndexedFile;
  folder: string;
  found: GoCommandLineFacts;
  calls: readonly SourceCall[];
  listens: boolean;
}

/** Whether a span of a Go file is code only an operator's one-off subcommand runs. */
export function goAdminCode(context: RuleContext<string>): (path: string, span: Span) => boolean {
  const files: GoFile[] = [];
  for (const file of context.files) {
    if (file.language !== 'go' || !isRuntimeSource(file)) continue;
    const found = context.facts(file.path, goCommandLine);
    if (found === undefined) continue;
    const folder = posix.dirname(file.path);
    files.push({ file, folder, found, calls: context.facts(file.path, calls) ?? [], listens: (context.facts(file.path, sourceListenSites) ?? []).length > 0 });
  }
  const lines = files.flatMap(({ folder, found }) => (found.commandLine ? [{ folder, line: found.commandLine }] : []));
  // A package adds its own commands by bare name (`root.AddCommand(exportCmd)`) and another package's by
  // the builder's (`root.AddCommand(jsonnet.NewFormatCmd())`, `root.AddCommand(p.updateCmd())`); a
  // program runs its root where it declares it (`rootCmd.Execute()`): `c.Execute()` elsewhere is another `c`.
  const added = new Set(lines.flatMap(({ folder, line }) => line.added.map((name) => (name.includes('.') ? name.slice(name.lastIndexOf('.') + 1) : `${folder}#${name}`))));
  const executed = new Set(lines.flatMap(({ folder, line }) => line.executed.map((name) => `${folder}#${name}`)));
  const commands = new Map<CliCommand, boolean>();
  for (const { folder, line } of lines) {
    for (const command of line.commands) {
      const isAdded = command.names.some((name) => added.has(`${folder}#${name}`) || added.has(name));
      const root = command.names.some((name) => executed.has(`${folder}#${name}`)) || (command.framework === 'cobra' && !command.nested && !isAdded);
      commands.set(command, root || command.name === null || SERVING_COMMANDS.has(command.name.toLowerCase()));
    }
  }
  const serves = (command: CliCommand): boolean => commands.get(command) ?? true;
  if (![...commands.values()].includes(false)) return () => false;

  const declared = new Set<string>();
  for (const { folder, found } of files) for (const fn of found.functions) declared.add(nodeOf(folder, fn.name, fn.method === true));
  const folderOfImport = goPackages(context).folderOf;
  /** The function or method a name as written in `folder` may stand for. */
  const target = (folder: string, written: string, qualified: string | null): string | undefined => {
    if (/^\w+$/.test(written)) return nodeOf(folder, written, false);
    const name = written.slice(written.lastIndexOf('.') + 1);
    if (qualified !== null && qualified !== written) {
      const dot = qualified.lastIndexOf('.');
      const importFolder = folderOfImport(qualified.slice(0, dot));
      return importFolder === undefined || written.split('.').length !== 2 ? undefined : nodeOf(importFolder, name, false);
    }
    return nodeOf(folder, name, true);
  };

  const graph = new Map<string, Set<string>>();
  const link = (from: string, to: string | undefined): void => {
    if (to === undefined || !declared.has(to)) return;
    graph.set(from, (graph.get(from) ?? new Set()).add(to));
  };
  const adminRoots = new Set<string>();
  const serviceRoots = new Set<string>([SERVICE]);
  const commandNodes = new Map<string, { command: CliCommand; node: string }[]>();
  for (const { file, folder, found } of files) {
    const commands = (found.commandLine?.commands ?? []).map((command, index) => ({ command, node: `command:${file.path}#${index}` }));
    commandNodes.set(file.path, commands);
    for (const { command, node } of commands) {
      (serves(command) ? serviceRoots : adminRoots).add(node);
      for (const handler of command.handlers) link(node, nodeOf(folder, handler, false));
    }
    for (const fn of found.functions) {
      if (fn.name === 'main' || fn.name === 'init' || (fn.method && /^[A-Z]/.test(fn.name))) serviceRoots.add(nodeOf(folder, fn.name, fn.method === true));
    }
  }
  for (const { file, folder, found, calls: fileCalls } of files) {
    const commands = commandNodes.get(file.path) ?? [];
    for (const call of fileCalls) {
      const command = innermostAround(
        commands.map((entry) => ({ ...entry, span: entry.command.span })),
        call.span,
      );
      const caller = innermostAround(found.functions, call.span);
      // A call inside a command literal runs with the command; one inside a function, when that function does.
      const from = command !== undefined && (caller === undefined || spanHolds(caller.span, command.span)) ? command.node : caller ? nodeOf(folder, caller.name, caller.method === true) : SERVICE;
      if (call.callee !== null) link(from, target(folder, call.callee, call.qualified));
      for (const argument of call.arguments) if (argument.kind === 'identifier' && argument.name !== undefined) link(from, target(folder, argument.name, null));
    }
  }
  const reach = (roots: Iterable<string>): Set<string> => {
    const reached = new Set<string>();
    const pending = [...roots];
    for (let node = pending.pop(); node !== undefined; node = pending.pop()) {
      if (reached.has(node)) continue;
      reached.add(node);
      pending.push(...(graph.get(node) ?? []));
    }
    return reached;
  };
  const admin = reach(adminRoots);
  const service = reach([...serviceRoots, ...[...declared].filter((node) => !admin.has(node))]);

  const judges = new Map<string, (span: Span) => boolean>();
  for (const { file, folder, found, listens } of files) {
    if (listens) continue;
    const commands = (commandNodes.get(file.path) ?? []).map((entry) => ({ ...entry, span: entry.command.span }));
    judges.set(file.path, (span) => {
      const caller = innermostAround(found.functions, span);
      const command = innermostAround(commands, span);
      if (command !== undefined && (caller === undefined || spanHolds(caller.span, command.span))) return !serves(command.command);
      if (caller === undefined) return false;
      const node = nodeOf(folder, caller.name, caller.method === true);
      return admin.has(node) && !service.has(node);
    });
  }
  return (path, span) => judges.get(path)?.(span) ?? false;
}

function nodeOf(folder: string, name: string, method: boolean): string {
  return `${method ? 'method' : 'function'}:${folder}#${name}`;
}
