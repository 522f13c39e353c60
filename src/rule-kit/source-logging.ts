/**
 * Loggers of Python and Go code that write to files, read from the syntax tree: Python's
 * `logging.FileHandler` and the rotating handlers, `logging.basicConfig(filename=...)`, the same
 * classes named in a `dictConfig` or Django `LOGGING` dictionary, loguru sinks that are files; Go's
 * `log.SetOutput(f)`, `log.New(f, ...)`, logrus `SetOutput(f)` / `logger.Out = f` on a file the same
 * file opens (unless it is the file an operator's setting names, opened only when that is set), a
 * file opened at a path that names a log (`filepath.Join(dir, "app.log")`), lumberjack rotating files
 * and zap `OutputPaths` naming a file.
 */
import type { FileExtractor, FileInput, Span, SyntaxExtraction, TreeNode } from '../facts/types.js';
import * as go from '../facts/syntax/go.js';
import * as python from '../facts/syntax/python.js';
import { GO_LOG_SINKS, loggedNames, namesLogFile } from '../facts/local-writes/go.js';

export interface SourceFileLogger {
  /** The handler's class, the basicConfig call, the sink call or the file logger's type. */
  span: Span;
  language: 'python' | 'go';
  /** What writes to the file: `RotatingFileHandler`, `basicConfig(filename=...)`, `loguru file sink`, `log.SetOutput`, `lumberjack.Logger`, `zap OutputPaths`, `os.OpenFile` (of a log file). */
  writer: string;
}

/** Python's handlers that write to a file: by their class's last name, wherever they are imported from. */
const PYTHON_FILE_HANDLERS = /^(?:logging\.(?:handlers\.)?)?((?:Timed)?RotatingFileHandler|WatchedFileHandler|FileHandler)$/;
/** Paths that are the process's own output streams, not files. */
const STD_STREAM = /^(?:\/dev\/(?:stdout|stderr)|stdout|stderr)$/;

export const sourceFileLoggers: FileExtractor<SourceFileLogger[]> = {
  name: 'source-file-loggers',
  version: 6,
  module: import.meta.url,
  python: pythonFileLoggers(),
  go: goFileLoggers(),
};

function pythonFileLoggers(): SyntaxExtraction<string, TreeNode, SourceFileLogger[]> {
  return {
    kinds: [...python.SCOPE_KINDS, 'call', 'pair'],
    create(file: FileInput) {
      const scope = new python.PythonScope(file.text);
      const found: SourceFileLogger[] = [];
      const add = (node: TreeNode, writer: string) => found.push({ span: file.span(node.startIndex, node.endIndex), language: 'python', writer });
      /** What each handler reported so far writes (see `sameHandlerKeys`). */
      const handlers = new Set<string>();
      const addHandler = (node: TreeNode, writer: string, target: TreeNode | undefined) => {
        const keys = sameHandlerKeys(node, target);
        if (!keys.some((key) => handlers.has(key))) add(node, writer);
        for (const key of keys) handlers.add(key);
      };
      return {
        visit(node) {
          if (node.type === 'pair') {
            // `'class': 'logging.handlers.RotatingFileHandler'` in a dictConfig or Django LOGGING handler.
            const key = node.childForFieldName('key');
            const value = node.childForFieldName('value');
            if (key === null || value === null || python.plainString(key) !== 'class') return;
            const match = PYTHON_FILE_HANDLERS.exec(python.plainString(value) ?? '');
            if (match?.[1]) add(value, match[1]);
            return;
          }
          if (node.type !== 'call') {
            scope.observe(node);
            return;
          }
          const qualified = scope.qualify(python.pathOf(node.childForFieldName('function') ?? node));
          if (qualified === null) return;
          const args = python.argumentsOf(node);
          const handler = PYTHON_FILE_HANDLERS.exec(qualified);
          const target = python.argumentAt(args, 0, 'filename');
          const targetPath = target && python.plainString(target);
          if (qualified === 'loguru.logger.add' || qualified === 'loguru.logger.configure') {
            for (const sink of loguruFileSinks(qualified, args)) addHandler(node, 'loguru file sink', sink);
            return;
          }
          const filename = python.argumentAt(args, undefined, 'filename');
          if (handler && qualified.startsWith('logging.') && !(targetPath && STD_STREAM.test(targetPath))) addHandler(node, handler[1] ?? qualified, target);
          else if (qualified === 'logging.basicConfig' && filename !== undefined) addHandler(node, 'basicConfig(filename=...)', filename);
        },
        result: () => found,
      };
    },
  };
}

/** loguru options that only a file sink takes (a stream or function sink refuses them). */
const LOGURU_FILE_OPTIONS = new Set(['rotation', 'retention', 'compression']);
/** Calls that build a path: `Path(folder, "logs", "app.log")`, `os.path.join(...)`. */
const PYTHON_PATH_BUILDERS = /^(?:pathlib\.)?(?:Pure)?(?:Posix|Windows)?Path$|^os\.path\.join$/;

/**
 * The sinks of a loguru `logger.add(sink, ...)` or of the handler dictionaries of
 * `logger.configure(handlers=[{"sink": ...}])` that are files: a path string (not stdout or stderr),
 * an f-string, a built path (`Path(folder, "app.log")`, `os.path.join(...)`, `folder / "app.log"`),
 * or any sink given `rotation`, `retention` or `compression`.
 */
function loguruFileSinks(qualified: string, args: readonly python.PythonArgument[]): TreeNode[] {
  if (qualified === 'loguru.logger.add') {
    const sink = python.argumentAt(args, 0, 'sink');
    const options = args.flatMap((arg) => (arg.keyword === null ? [] : [arg.keyword]));
    return sink && isFileSink(sink, options) ? [sink] : [];
  }
  const handlers = python.argumentAt(args, 0, 'handlers');
  const list = handlers && python.unwrap(handlers);
  if (list?.type !== 'list') return [];
  return python.childrenOf(list).flatMap((entry) => {
    if (entry.type !== 'dictionary') return [];
    const pairs = python.childrenOf(entry).filter((pair) => pair.type === 'pair');
    const keyOf = (pair: TreeNode) => python.plainString(pair.childForFieldName('key') ?? pair) ?? '';
    const sink = pairs.find((pair) => keyOf(pair) === 'sink')?.childForFieldName('value');
    return sink && isFileSink(sink, pairs.map(keyOf)) ? [sink] : [];
  });
}

function isFileSink(sink: TreeNode, options: readonly string[]): boolean {
  if (options.some((option) => LOGURU_FILE_OPTIONS.has(option))) return true;
  const value = python.unwrap(sink);
  if (value.type === 'string' || value.type === 'concatenated_string') return !STD_STREAM.test(python.plainString(value) ?? '');
  if (value.type === 'binary_operator') return value.childForFieldName('operator')?.text === '/';
  return value.type === 'call' && PYTHON_PATH_BUILDERS.test(python.pathOf(value.childForFieldName('function') ?? value) ?? '');
}

/**
 * Keys under which two file handlers of one function (or of the module's top level) are one file
 * logger: the same destination expression (`FileHandler(log_file)` built once for a variable and again
 * inside the handler list), and the same name bound (`handler = RotatingFileHandler(path)`, and in the
 * `except` branch `handler = RotatingFileHandler(FALLBACK)`: one handler, whichever file it opens).
 */
function sameHandlerKeys(call: TreeNode, target: TreeNode | undefined): string[] {
  let owner = call.parent;
  while (owner && owner.type !== 'function_definition') owner = owner.parent;
  const scope = owner?.startIndex ?? -1;
  const keys = target ? [`${scope} writes ${target.text}`] : [];
  const assignment = call.parent;
  const bound = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  return bound ? [...keys, `${scope} binds ${bound.text}`] : keys;
}

/** Calls that open a file for writing: `os.OpenFile`, `os.Create`, and helpers named like them (`file.MustOpen`). */
const GO_OPENERS = /^(?:os\.(?:OpenFile|Create)|\w+\.(?:MustOpen\w*|Open\w*File|Create\w*File))$/;
/** Flags that open a file to write to it. */
const GO_WRITE_FLAGS = /\bO_(?:CREATE|APPEND|WRONLY|RDWR)\b/;

function goFileLoggers(): SyntaxExtraction<string, TreeNode, SourceFileLogger[]> {
  return {
    kinds: [...go.SCOPE_KINDS, 'call_expression', 'composite_literal'],
    create(file: FileInput) {
      const scope = new go.GoScope(file.text);
      /** Names bound to a file this file opens, with the (latest) call that opened it. */
      const opened = new Map<string, TreeNode>();
      /** The name each opening call's file is bound to, by the call's offset. */
      const boundTo = new Map<number, string>();
      /** Names handed to a logger: files opened to be logs. */
      const logged = new Set<string>();
      /** Files opened at a path that names a log (`filepath.Join(dir, "app.log")`), reported unless handed to a logger. */
      const logFiles: { call: TreeNode; opener: string }[] = [];
      const found: SourceFileLogger[] = [];
      const add = (node: TreeNode, writer: string) => found.push({ span: file.span(node.startIndex, node.endIndex), language: 'go', writer });
      /** The opened file a logger is given (directly or through `io.MultiWriter`), or undefined. */
      const openedIn = (writer: TreeNode | undefined): { name: string; call: TreeNode } | undefined => {
        for (const name of loggedNames(writer)) {
          const call = opened.get(name);
          if (call) return { name, call };
        }
        return undefined;
      };
      const toLogger = (node: TreeNode, writer: TreeNode | undefined, label: string) => {
        const target = openedIn(writer);
        if (target === undefined) return;
        logged.add(target.name);
        if (!optedIn(target.call)) add(node, label);
      };
      return {
        visit(node) {
          if (node.type === 'call_expression') {
            const path = go.pathOf(node.childForFieldName('function') ?? node);
            if (path === null) return;
            const args = go.argumentsOf(node);
            if (GO_LOG_SINKS.test(path)) {
              toLogger(node, args[0], path);
              return;
            }
            const qualified = scope.qualify(path);
            const writes = qualified === 'os.Create' || (qualified === 'os.OpenFile' && GO_WRITE_FLAGS.test(args[1]?.text ?? ''));
            if (writes && args[0] !== undefined && namesLogFile(args[0])) logFiles.push({ call: node, opener: path });
            return;
          }
          if (node.type === 'composite_literal') {
            const type = scope.qualify(go.pathOf(node.childForFieldName('type') ?? node)) ?? '';
            if (/lumberjack[^/]*\.Logger$/.test(type)) {
              if (!filenameIsParameter(node)) add(node, 'lumberjack.Logger');
            } else if (/^go\.uber\.org\/zap\.Config$/.test(type)) {
              const paths = outputPaths(node);
              if (paths) add(paths, 'zap OutputPaths');
            }
            return;
          }
          scope.observe(node);
          const pairs = go.assignedPairs(node);
          // `F, err = file.MustOpen(...)`: the opened file is the first of the targets.
          const [first] = pairs;
          const value = first && go.unwrap(first[1]);
          if (first && first[0].type === 'identifier' && value?.type === 'call_expression' && GO_OPENERS.test(go.pathOf(value.childForFieldName('function') ?? value) ?? '')) {
            opened.set(first[0].text, value);
            boundTo.set(value.startIndex, first[0].text);
          }
          // logrus `logger.Out = f`.
          for (const [target, assigned] of pairs) {
            if (target.type === 'selector_expression' && target.childForFieldName('field')?.text === 'Out') toLogger(node, assigned, 'logrus Out');
          }
        },
        result: () => {
          for (const { call, opener } of logFiles) {
            const name = boundTo.get(call.startIndex);
            if (name === undefined || !logged.has(name)) add(call, opener);
          }
          return found.sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
        },
      };
    },
  };
}

/**
 * `if logFile != "" { f, err := os.OpenFile(logFile, ...) }`: the file is the one an operator's
 * setting names (a name, a field or a flag's `*value`, no literal in it), opened only in a branch the
 * setting chooses (an `if` on it, or a `switch` on it whose other cases are `"stdout"` / `"stderr"`),
 * so logging to a file is the operator's choice (stdout or stderr is the default).
 */
function optedIn(open: TreeNode): boolean {
  const first = go.argumentsOf(open)[0];
  const path = first && go.unwrap(first);
  if (path === undefined) return false;
  const setting = path.type === 'unary_expression' && path.childForFieldName('operator')?.text === '*' ? path.childForFieldName('operand') : path;
  if (setting === null || go.dottedName(setting) === undefined) return false;
  for (let child = open, node = open.parent; node; child = node, node = node.parent) {
    if (node.type === 'function_declaration' || node.type === 'method_declaration' || node.type === 'func_literal') return false;
    const condition = node.type === 'if_statement' ? node.childForFieldName('condition') : node.type === 'expression_switch_statement' ? node.childForFieldName('value') : null;
    if (condition !== null && child.startIndex !== condition.startIndex && mentions(condition, path)) return true;
  }
  return false;
}

/** Whether an expression reads `setting` as written (`logFile != ""`, `cfg.LogFile != ""`, `*logPath != ""`). */
function mentions(expression: TreeNode, setting: TreeNode): boolean {
  const pending = [expression];
  for (let seen = 0; seen < 64; seen++) {
    const current = pending.pop();
    if (current === undefined) return false;
    if (current.type === setting.type && current.text === setting.text) return true;
    pending.push(...go.childrenOf(current));
  }
  return false;
}

/**
 * `lumberjack.Logger{Filename: logPath}` inside `func setupLog(logPath string)`: the operator chose
 * to log to that file (by a flag or setting whose default is stdout), the app does not.
 */
function filenameIsParameter(literal: TreeNode): boolean {
  const filename = go
    .childrenOf(literal.childForFieldName('body') ?? literal)
    .map((element) => go.childrenOf(element))
    .find(([key]) => key?.text === 'Filename')?.[1];
  // tree-sitter-go wraps each side of a keyed element in a `literal_element`.
  const element = filename?.type === 'literal_element' ? go.childrenOf(filename)[0] : filename;
  const value = element && go.unwrap(element);
  if (value?.type !== 'identifier') return false;
  for (let node = literal.parent; node; node = node.parent) {
    if (node.type === 'function_declaration' || node.type === 'method_declaration') return go.functionDefinition(node)?.params.includes(value.text) ?? false;
  }
  return false;
}

/** The `OutputPaths` element of a zap config when one of its paths is a file (not stdout or stderr). */
function outputPaths(literal: TreeNode): TreeNode | undefined {
  for (const element of go.childrenOf(literal.childForFieldName('body') ?? literal)) {
    const [key, value] = go.childrenOf(element);
    if (element.type !== 'keyed_element' || key?.text !== 'OutputPaths' || value === undefined) continue;
    const strings: string[] = [];
    const pending = [value];
    for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
      const text = go.plainString(current);
      if (text !== null) strings.push(text);
      else pending.push(...go.childrenOf(current));
    }
    return strings.some((path) => !STD_STREAM.test(path)) ? element : undefined;
  }
  return undefined;
}
