/**
 * `local-writes` in Go: gin's `SaveUploadedFile`, files created or written through `os`/`ioutil`
 * (marked when they are opened to be logs), spreadsheets saved.
 */
import {
  argumentsOf,
  assignedPairs,
  childrenOf,
  envReadOf,
  functionDefinition,
  GoScope,
  importOf,
  isStringLiteral,
  literalValue,
  pathOf,
  plusOperands,
  SCOPE_KINDS,
  stringText,
  unwrap,
  assignedName,
} from '../syntax/go.js';
import type { SyntaxExtraction, TreeNode } from '../types.js';
import { HOLE } from '../values.js';
import { innermost, type FunctionExtent } from './extents.js';
import { namesPidFile } from './pid-file.js';
import { isScratchName } from './scratch.js';
import type { Destination, LocalWrite, LocalWrites } from './index.js';

/** Calls that create or overwrite the file their first argument names. */
const WRITERS = new Set(['os.Create', 'os.WriteFile', 'io/ioutil.WriteFile']);
const READERS = new Set(['os.ReadFile', 'os.Open', 'io/ioutil.ReadFile']);
/** Calls that delete the file they are given: a file written and deleted again is a signal or scratch, not state. */
const REMOVERS = new Set(['os.Remove', 'os.RemoveAll']);
/** A git commit and a push of it (go-git, git-module, the project's own `git` package): files written before them travel to the remote. */
const COMMITS = /(?:^|\.)(?:Commit|CreateCommit|CommitTree)$/;
const PUSHES = /(?:^|\.)Push$/;
/** Calls whose value is the system's temporary space. */
const SCRATCH = new Set(['os.TempDir', 'os.CreateTemp', 'os.MkdirTemp', 'io/ioutil.TempFile', 'io/ioutil.TempDir']);
/** Path joins: a variable joined under temporary space (`p := filepath.Join(cfg.TempPath, name)`) names scratch too. */
const JOINS = new Set(['path/filepath.Join', 'path.Join']);
/** Spreadsheet libraries whose workbooks are saved with `.Save(path)` / `.SaveAs(path)`. */
const SPREADSHEETS = /^github\.com\/(?:tealeg\/xlsx|xuri\/excelize|360EntSecGroup-Skylar\/excelize)(?:\/|$)/;
/** Nodes looked at inside one destination expression: enough for any hand-written path. */
const MAX_DESTINATION_NODES = 64;
/** Calls that point a logger at the writer they are given first: `log.SetOutput(f)`, `log.New(f, "", 0)`, logrus `logger.SetOutput(f)`. */
export const GO_LOG_SINKS = /^log\.New$|\.SetOutput$/;
/** A file name that says it holds a log. */
const LOG_FILE_NAME = /\.log$/i;
/**
 * Constructors of a value that is this machine's own filesystem: `os.OpenRoot(dir)`, afero's `NewOsFs()`,
 * go-billy's `osfs.New(dir)`. A method of another value given `os.O_CREATE` (`fs.Create(p, os.O_CREATE|...)`
 * on a storage interface whose backends may be S3 or SFTP) writes wherever that value's backend does.
 */
const OS_FILESYSTEMS = /^(?:os\.OpenRoot|github\.com\/spf13\/afero\.NewOsFs|github\.com\/go-git\/go-billy(?:\/v\d+)?\/osfs\.New)$/;
/** Nodes looked at inside one assigned value for an OS filesystem's constructor (`afero.NewBasePathFs(afero.NewOsFs(), dir)`). */
const MAX_VALUE_NODES = 32;
/** Calls whose last literal argument ends the path they build: `filepath.Join(dir, "app.log")`, `fmt.Sprintf("%s/app.log", dir)`. */
const PATH_BUILDERS = /(?:^|\.)(?:Join|Sprintf)$/;

/**
 * Whether a path expression names a log file: `"app.log"`, `dir + "/app.log"`,
 * `filepath.Join(dir, "app.log")`, `fmt.Sprintf("%s/app.log", dir)` (its last string literal ends in `.log`).
 */
export function namesLogFile(node: TreeNode): boolean {
  const expression = unwrap(node);
  let parts: TreeNode[];
  if (isStringLiteral(expression)) parts = [expression];
  else if (expression.type === 'call_expression' && PATH_BUILDERS.test(pathOf(expression.childForFieldName('function') ?? expression) ?? '')) parts = argumentsOf(expression);
  else parts = plusOperands(expression) ?? [];
  const strings = parts.map((part) => unwrap(part)).filter(isStringLiteral);
  const last = strings[strings.length - 1];
  return last !== undefined && LOG_FILE_NAME.test(stringText(last));
}

/** The names a logger's writer argument hands it: `f` in `log.SetOutput(f)` and in `log.SetOutput(io.MultiWriter(os.Stdout, f))`. */
export function loggedNames(writer: TreeNode | undefined): string[] {
  const value = writer && unwrap(writer);
  if (value === undefined) return [];
  if (value.type === 'identifier') return [value.text];
  if (value.type !== 'call_expression' || !/(?:^|\.)MultiWriter$/.test(pathOf(value.childForFieldName('function') ?? value) ?? '')) return [];
  return argumentsOf(value).flatMap((arg) => (unwrap(arg).type === 'identifier' ? [unwrap(arg).text] : []));
}


/** The block a node's statement sits in, and that statement: a write inside `if err := os.WriteFile(...); err != nil {` sits where the `if` does. */
function statementOf(node: TreeNode): { block: number; statement: number } | undefined {
  let child = node;
  for (let parent = node.parent; parent !== null; child = parent, parent = parent.parent) {
    if (parent.type === 'block' || parent.type === 'statement_list') return { block: parent.startIndex, statement: child.startIndex };
    if (parent.type === 'func_literal') return undefined;
  }
  return undefined;
}

/**
 * The programs a `//go:generate go run ...` directive runs, as written: its `.go` files
 * (`go run gen.go tables.go`) or its package (`go run ./internal/gen`, `go run .`); flags are skipped,
 * and a program named by import path (`go run github.com/x/tool`) is left out.
 */
export function generatedBy(comment: string): string[] {
  const words = /^\/\/go:generate\s+go\s+run\s+(.*)$/.exec(comment.trim())?.[1]?.split(/\s+/) ?? [];
  let index = 0;
  while (index < words.length && words[index]!.startsWith('-')) index += words[index]!.includes('=') || !/^-(?:tags|mod|C|exec|ldflags|gcflags|o|p)$/.test(words[index]!) ? 1 : 2;
  const files: string[] = [];
  for (; index < words.length && words[index]!.endsWith('.go'); index++) files.push(words[index]!);
  if (files.length > 0) return files;
  const target = words[index];
  return target !== undefined && /^\.\.?(?:\/|$)/.test(target) ? [target] : [];
}

export const goLocalWrites: SyntaxExtraction<string, TreeNode, LocalWrites> = {
  kinds: [...SCOPE_KINDS, 'package_clause', 'function_declaration', 'method_declaration', 'call_expression', 'keyed_element', 'comment'],
  create(file) {
    const scope = new GoScope();
    const functions: FunctionExtent[] = [];
    const found: LocalWrites = { writes: [], reads: [] };
    let spreadsheets = false;

    /** Variables holding temporary space, per function start: `dir, err := os.MkdirTemp("", "x")`, `p := filepath.Join(os.TempDir(), "x")`. */
    const scratchVariables = new Map<number, Set<string>>();
    const noteScratchVariable = (call: TreeNode, within: FunctionExtent | undefined): void => {
      const target = assignedName(call, false);
      if (target === undefined) return;
      const key = within?.start ?? -1;
      scratchVariables.set(key, (scratchVariables.get(key) ?? new Set()).add(target));
    };
    /** Names handed to a logger, per function start: `log.SetOutput(w)`, `logger.Out = w`. */
    const logWriters = new Map<number, Set<string>>();
    const noteLogWriter = (writer: TreeNode | undefined, within: FunctionExtent | undefined): void => {
      if (writer === undefined) return;
      const key = within?.start ?? -1;
      const names = logWriters.get(key) ?? new Set();
      for (const name of loggedNames(writer)) names.add(name);
      logWriters.set(key, names);
    };
    /** Names (variables, struct fields) the file binds to an OS filesystem: `root, err := os.OpenRoot(dir)`, `fs: afero.NewOsFs()`. */
    const osFilesystems = new Set<string>();
    const noteOsFilesystem = (target: TreeNode, value: TreeNode): void => {
      const pending = [value];
      for (let seen = 0; seen < MAX_VALUE_NODES; seen++) {
        const current = pending.pop();
        if (current === undefined) return;
        if (current.type === 'call_expression' && OS_FILESYSTEMS.test(scope.qualify(pathOf(current.childForFieldName('function') ?? current)) ?? '')) {
          osFilesystems.add(target.text.slice(target.text.lastIndexOf('.') + 1));
          return;
        }
        pending.push(...childrenOf(current));
      }
    };
    /** Writes through a method of a value (`fs.OpenFile(p, os.O_CREATE|...)`): kept only when the value is an OS filesystem. */
    const throughValues: { write: LocalWrite; receiver: string }[] = [];
    /** Functions (by start) that ask `runtime.Caller` where their own source file is, and the writes inside each. */
    const locatingSource = new Set<number>();
    const writesWithin: { write: LocalWrite; start: number }[] = [];
    /** Deletions (`os.Remove(p)`), and commits and pushes, per function start; writes with their destination's text, to match them. */
    const removals: { text: string; key: number; at: { block: number; statement: number } | undefined; deferred: boolean }[] = [];
    const commits = new Map<number, number>();
    const pushes = new Map<number, number>();
    const fileWrites: { write: LocalWrite; text: string; key: number; at: { block: number; statement: number } | undefined; end: number }[] = [];
    /** The file's package names, by the name it uses (`os`, `file`, an alias). */
    const packages = new Set<string>();
    /** Files opened for writing and the variable each is bound to, so a logger given it marks it a log. */
    const opened: { write: LocalWrite; name: string; key: number }[] = [];

    const destinationOf = (node: TreeNode | undefined, within: FunctionExtent | undefined): Destination => {
      if (node === undefined) return { kind: 'unknown' };
      let parameter = false;
      const pending = [node];
      for (let seen = 0; seen < MAX_DESTINATION_NODES; seen++) {
        const current = pending.pop();
        if (current === undefined) break;
        if (current.type === 'call_expression') {
          if (SCRATCH.has(scope.qualify(pathOf(current.childForFieldName('function') ?? current)) ?? '')) return { kind: 'scratch' };
          if (envReadOf(current, scope)) return { kind: 'env' };
        }
        if (isStringLiteral(current) && /^\/tmp(?:\/|$)/.test(stringText(current))) return { kind: 'scratch' };
        if ((current.type === 'identifier' || current.type === 'field_identifier') && isScratchName(current.text)) return { kind: 'scratch' };
        if (current.type === 'identifier' && scratchVariables.get(within?.start ?? -1)?.has(current.text)) return { kind: 'scratch' };
        if (current.type === 'identifier' && within?.params.includes(current.text)) parameter = true;
        pending.push(...childrenOf(current));
      }
      if (parameter) return { kind: 'parameter' };
      const literal = literalValue(node);
      if (literal?.kind === 'string') return { kind: 'literal', path: literal.value };
      if (literal?.kind === 'template' && !literal.value.startsWith(HOLE)) return { kind: 'literal', path: literal.value.replaceAll(HOLE, '*') };
      return { kind: 'unknown' };
    };

    return {
      visit(node) {
        if (node.type === 'comment') {
          const programs = generatedBy(node.text);
          if (programs.length > 0) found.generators = [...(found.generators ?? []), ...programs];
          return;
        }
        if (node.type === 'package_clause') {
          found.package = childrenOf(node)[0]?.text;
          return;
        }
        if (node.type === 'function_declaration' || node.type === 'method_declaration') {
          const definition = functionDefinition(node);
          if (definition) functions.push({ ...definition, start: node.startIndex, end: node.endIndex });
          return;
        }
        if (node.type === 'keyed_element') {
          const [key, value] = childrenOf(node).map((side) => (side.type === 'literal_element' ? (childrenOf(side)[0] ?? side) : side));
          if (key !== undefined && value !== undefined && /^(?:field_)?identifier$/.test(key.type)) noteOsFilesystem(key, value);
          return;
        }
        if (node.type !== 'call_expression') {
          if (node.type === 'import_spec') {
            const imported = importOf(node);
            if (SPREADSHEETS.test(imported?.path ?? '')) spreadsheets = true;
            if (imported) packages.add(imported.name);
          }
          scope.observe(node);
          // logrus `logger.Out = f`.
          for (const [target, value] of assignedPairs(node)) {
            if (target.type === 'selector_expression' && target.childForFieldName('field')?.text === 'Out') noteLogWriter(value, innermost(functions, node.startIndex, node.endIndex));
            noteOsFilesystem(target, value);
          }
          return;
        }
        const written = pathOf(node.childForFieldName('function') ?? node);
        if (written === null) return;
        const qualified = scope.qualify(written) ?? written;
        const args = argumentsOf(node);
        const within = innermost(functions, node.startIndex, node.endIndex);
        const record = (what: LocalWrite['what'], destination: TreeNode | undefined): LocalWrite => {
          const write: LocalWrite = {
            what,
            call: written,
            destination: destinationOf(destination, within),
            ...(within ? { within: within.name } : {}),
            ...(what === 'file' && destination !== undefined && namesLogFile(destination) ? { log: true as const } : {}),
            ...(what === 'file' && destination !== undefined && namesPidFile(destination.text) ? { pidFile: true as const } : {}),
            span: file.span(node.startIndex, node.endIndex),
          };
          found.writes.push(write);
          if (within) writesWithin.push({ write, start: within.start });
          return write;
        };
        if (qualified === 'runtime.Caller' && within) locatingSource.add(within.start);
        const key = within?.start ?? -1;
        if (REMOVERS.has(qualified) && args[0] !== undefined) {
          removals.push({ text: unwrap(args[0]).text, key, at: statementOf(node), deferred: node.parent?.type === 'defer_statement' });
        }
        if (COMMITS.test(written)) commits.set(key, Math.max(commits.get(key) ?? -1, node.startIndex));
        if (PUSHES.test(written)) pushes.set(key, Math.max(pushes.get(key) ?? -1, node.startIndex));
        if (GO_LOG_SINKS.test(written)) noteLogWriter(args[0], within);
        if (SCRATCH.has(qualified)) noteScratchVariable(node, within);
        else if (JOINS.has(qualified)) {
          if (destinationOf(node, within).kind === 'scratch') noteScratchVariable(node, within);
        } else if (written.endsWith('.SaveUploadedFile')) record('upload', args[1]);
        // `os.OpenFile(p, os.O_CREATE|...)` and the project's own wrappers given the same flags.
        else if (WRITERS.has(qualified) || args.slice(1).some((arg) => /\bO_CREATE\b/.test(arg.text))) {
          const write = record('file', args[0]);
          if (args[0] !== undefined) fileWrites.push({ write, text: unwrap(args[0]).text, key: within?.start ?? -1, at: statementOf(node), end: node.endIndex });
          // `os.OpenFile`, `file.MustOpen` of an imported package and the file's own `openFile(...)` are functions; `fs.Create(...)` is a value's method.
          const receiver = written.includes('.') && !packages.has(written.slice(0, written.indexOf('.'))) ? written.slice(0, written.lastIndexOf('.')) : undefined;
          if (receiver !== undefined && !WRITERS.has(qualified)) throughValues.push({ write, receiver });
          const name = assignedName(node, true);
          if (name !== undefined) opened.push({ write, name, key: within?.start ?? -1 });
        } else if (spreadsheets && /^\w+\.(?:Save|SaveAs)$/.test(written) && args.length > 0) record('spreadsheet', args[0]);
        else if (READERS.has(qualified) && args[0] !== undefined && isStringLiteral(args[0])) found.reads.push(stringText(args[0]));
        // `util.CreateNestedFile(tempPath)`: a call of another package's function on a scratch path, whichever helper it is.
        else if (args[0] !== undefined && packages.has(written.slice(0, written.indexOf('.'))) && destinationOf(args[0], within).kind === 'scratch') {
          (found.scratchCalls ??= []).push(file.span(node.startIndex, node.endIndex));
        }
      },
      result: () => {
        for (const { write, name, key } of opened) if (logWriters.get(key)?.has(name)) write.log = true;
        for (const { write, start } of writesWithin) if (locatingSource.has(start)) write.besideSource = true;
        for (const { write, text, key, at, end } of fileWrites) {
          // Deleted again by the same function: deferred, or by a later statement of the same block (not a cleanup under `if err != nil`).
          const removed = removals.some(
            (removal) => removal.key === key && removal.text === text && (removal.deferred || (removal.at !== undefined && at !== undefined && removal.at.block === at.block && removal.at.statement > at.statement)),
          );
          if (removed) write.removed = true;
          // A working copy: the function commits what it wrote and pushes it to the repository it came from.
          if (key >= 0 && (commits.get(key) ?? -1) > end && (pushes.get(key) ?? -1) > end) write.pushed = true;
        }
        const elsewhere = new Set(throughValues.filter(({ receiver }) => !osFilesystems.has(receiver.slice(receiver.lastIndexOf('.') + 1))).map(({ write }) => write));
        if (elsewhere.size > 0) found.writes = found.writes.filter((write) => !elsewhere.has(write));
        return found;
      },
    };
  },
};
