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
/** Calls whose value is the system's temporary space. */
const SCRATCH = new Set(['os.TempDir', 'os.CreateTemp', 'os.MkdirTemp', 'io/ioutil.TempFile', 'io/ioutil.TempDir']);
/** Spreadsheet libraries whose workbooks are saved with `.Save(path)` / `.SaveAs(path)`. */
const SPREADSHEETS = /^github\.com\/(?:tealeg\/xlsx|xuri\/excelize|360EntSecGroup-Skylar\/excelize)(?:\/|$)/;
/** Nodes looked at inside one destination expression: enough for any hand-written path. */
const MAX_DESTINATION_NODES = 64;
/** Calls that point a logger at the writer they are given first: `log.SetOutput(f)`, `log.New(f, "", 0)`, logrus `logger.SetOutput(f)`. */
export const GO_LOG_SINKS = /^log\.New$|\.SetOutput$/;
/** A file name that says it holds a log. */
const LOG_FILE_NAME = /\.log$/i;
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


export const goLocalWrites: SyntaxExtraction<string, TreeNode, LocalWrites> = {
  kinds: [...SCOPE_KINDS, 'package_clause', 'function_declaration', 'method_declaration', 'call_expression'],
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
        if (node.type === 'package_clause') {
          found.package = childrenOf(node)[0]?.text;
          return;
        }
        if (node.type === 'function_declaration' || node.type === 'method_declaration') {
          const definition = functionDefinition(node);
          if (definition) functions.push({ ...definition, start: node.startIndex, end: node.endIndex });
          return;
        }
        if (node.type !== 'call_expression') {
          if (node.type === 'import_spec' && SPREADSHEETS.test(importOf(node)?.path ?? '')) spreadsheets = true;
          scope.observe(node);
          // logrus `logger.Out = f`.
          for (const [target, value] of assignedPairs(node)) {
            if (target.type === 'selector_expression' && target.childForFieldName('field')?.text === 'Out') noteLogWriter(value, innermost(functions, node.startIndex, node.endIndex));
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
          return write;
        };
        if (GO_LOG_SINKS.test(written)) noteLogWriter(args[0], within);
        if (SCRATCH.has(qualified)) noteScratchVariable(node, within);
        else if (written.endsWith('.SaveUploadedFile')) record('upload', args[1]);
        // `os.OpenFile(p, os.O_CREATE|...)` and the project's own wrappers given the same flags.
        else if (WRITERS.has(qualified) || args.slice(1).some((arg) => /\bO_CREATE\b/.test(arg.text))) {
          const write = record('file', args[0]);
          const name = assignedName(node, true);
          if (name !== undefined) opened.push({ write, name, key: within?.start ?? -1 });
        } else if (spreadsheets && /^\w+\.(?:Save|SaveAs)$/.test(written) && args.length > 0) record('spreadsheet', args[0]);
        else if (READERS.has(qualified) && args[0] !== undefined && isStringLiteral(args[0])) found.reads.push(stringText(args[0]));
      },
      result: () => {
        for (const { write, name, key } of opened) if (logWriters.get(key)?.has(name)) write.log = true;
        return found;
      },
    };
  },
};
