/**
 * Loggers of Python and Go code that write to files, read from the syntax tree: Python's
 * `logging.FileHandler` and the rotating handlers, `logging.basicConfig(filename=...)`, the same
 * classes named in a `dictConfig` or Django `LOGGING` dictionary; Go's `log.SetOutput(f)`,
 * `log.New(f, ...)`, logrus `SetOutput(f)` / `logger.Out = f` on a file the same file opens,
 * lumberjack rotating files and zap `OutputPaths` naming a file.
 */
import type { FileExtractor, FileInput, Span, SyntaxExtraction, TreeNode } from '../facts/types.js';
import * as go from '../facts/syntax/go.js';
import * as python from '../facts/syntax/python.js';

export interface SourceFileLogger {
  /** The handler's class, the basicConfig call, the sink call or the file logger's type. */
  span: Span;
  language: 'python' | 'go';
  /** What writes to the file: `RotatingFileHandler`, `basicConfig(filename=...)`, `log.SetOutput`, `lumberjack.Logger`, `zap OutputPaths`. */
  writer: string;
}

/** Python's handlers that write to a file: by their class's last name, wherever they are imported from. */
const PYTHON_FILE_HANDLERS = /^(?:logging\.(?:handlers\.)?)?((?:Timed)?RotatingFileHandler|WatchedFileHandler|FileHandler)$/;
/** Paths that are the process's own output streams, not files. */
const STD_STREAM = /^(?:\/dev\/(?:stdout|stderr)|stdout|stderr)$/;

export const sourceFileLoggers: FileExtractor<SourceFileLogger[]> = {
  name: 'source-file-loggers',
  version: 2,
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
          if (handler && qualified.startsWith('logging.') && !(targetPath && STD_STREAM.test(targetPath))) add(node, handler[1] ?? qualified);
          else if (qualified === 'logging.basicConfig' && python.argumentAt(args, undefined, 'filename') !== undefined) add(node, 'basicConfig(filename=...)');
        },
        result: () => found,
      };
    },
  };
}

/** Calls that open a file for writing: `os.OpenFile`, `os.Create`, and helpers named like them (`file.MustOpen`). */
const GO_OPENERS = /^(?:os\.(?:OpenFile|Create)|\w+\.(?:MustOpen\w*|Open\w*File|Create\w*File))$/;
/** Calls that point a logger at a writer, with the writer's position. */
const GO_SINKS: readonly { callee: RegExp; writer: number }[] = [
  { callee: /^log\.New$/, writer: 0 },
  { callee: /\.SetOutput$/, writer: 0 },
];

function goFileLoggers(): SyntaxExtraction<string, TreeNode, SourceFileLogger[]> {
  return {
    kinds: [...go.SCOPE_KINDS, 'call_expression', 'composite_literal'],
    create(file: FileInput) {
      const scope = new go.GoScope(file.text);
      /** Names bound to a file this file opens. */
      const opened = new Set<string>();
      const found: SourceFileLogger[] = [];
      const add = (node: TreeNode, writer: string) => found.push({ span: file.span(node.startIndex, node.endIndex), language: 'go', writer });
      const isOpened = (node: TreeNode | undefined) => node !== undefined && go.unwrap(node).type === 'identifier' && opened.has(go.unwrap(node).text);
      return {
        visit(node) {
          if (node.type === 'call_expression') {
            const path = go.pathOf(node.childForFieldName('function') ?? node);
            const sink = path === null ? undefined : GO_SINKS.find(({ callee }) => callee.test(path));
            if (path !== null && sink && isOpened(go.argumentsOf(node)[sink.writer])) add(node, path);
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
            opened.add(first[0].text);
          }
          // logrus `logger.Out = f`.
          for (const [target, assigned] of pairs) {
            if (target.type === 'selector_expression' && target.childForFieldName('field')?.text === 'Out' && isOpened(assigned)) add(node, 'logrus Out');
          }
        },
        result: () => found,
      };
    },
  };
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
