import { Node, SyntaxKind, type FunctionDeclaration, type NewExpression, type ObjectLiteralExpression, type ts } from 'ts-morph';
import type { FileExtractor, Span } from '../../src/rule-kit/index.js';
import { pm2Apps, serverLogFiles } from './_server-log-files.js';
import { wrapped } from '../../src/rule-kit/index.js';
import {
  cachedImportBindings,
  calleeName,
  defineRule,
  forEachRuntimeSourceFacts,
  forEachScriptFacts,
  holdsInProduction,
  mayNameAny,
  objectLiteral,
  environmentExclusion,
  propertyValue,
  rawCalleeMethod,
  rawHasPropertyNamed,
  sourceFileLoggers,
  spanOf,
  stringValue,
  unwrap,
  unwrapRaw,
} from '../../src/rule-kit/index.js';

type ScriptMessageId = 'winstonFile' | 'pinoFile' | 'bunyanFile' | 'log4jsFile' | 'logFileWrite' | 'consoleOffInProduction';
type MessageId = ScriptMessageId | 'pythonFile' | 'goFile' | 'serverLogFile';

const TRIGGERS = ['winston', 'pino', 'bunyan', 'log4js', '.log', 'logs/', 'log/', 'FileHandler', 'filename=', 'SetOutput', 'log.New', 'lumberjack'];

/** Appenders of log4js that write to disk. */
const LOG4JS_FILE_TYPES = new Set(['file', 'dateFile', 'fileSync', 'multiFile']);
/** pino transport targets that write to a file (pino/file with a numeric fd 1/2 is stdout/stderr). */
const PINO_FILE_TARGETS = new Set(['pino/file', 'pino-roll', 'pino-rotating-file', 'pino-rotating-file-stream']);
const WINSTON_FILE_TRANSPORTS = /(?:^|\.)(?:File|DailyRotateFile)$/;
const LOG_PATH = /\.log(?:\.\d+)?$|(?:^|\/)logs?\//i;
const FILE_WRITERS = /(?:^|\.)(?:createWriteStream|appendFile|appendFileSync|writeFile|writeFileSync|open|openSync)$/;
/** Last callee names of the `new` and call expressions `checkFile` looks at, and the option names `checkOptionsObject` reads. */
const TRANSPORT_CLASSES = new Set(['File', 'DailyRotateFile', 'Console']);
const DESTINATION_CALLS = new Set(['destination', 'createWriteStream', 'appendFile', 'appendFileSync', 'writeFile', 'writeFileSync', 'open', 'openSync']);
const OPTION_NAMES = new Set(['target', 'type', 'path']);

/**
 * Every check compares callee and property names, so a file that cannot spell any of these words
 * (see `mayNameAny`) has no finding and need not be walked.
 */
const NAMES_CHECKED = /File|rotate-file|destination|createWriteStream|open|target|type|path/;

/** The module whose export is winston's daily-rotating file transport, whatever name the file imports it under. */
const DAILY_ROTATE_MODULE = /^winston-daily-rotate-file$/;

/**
 * The raw nodes that may be a finding: a superset of what the checks below accept, so that only those
 * get wrapped. `rotateImported`: the file names the daily-rotate module, so any `new Name(...)` may
 * construct its transport under a local name (`import winstonDaily from 'winston-daily-rotate-file'`).
 */
function mayWriteFile(node: ts.Node, rotateImported: boolean): boolean {
  switch (node.kind) {
    case SyntaxKind.NewExpression:
      return TRANSPORT_CLASSES.has(rawCalleeMethod(node) ?? '') || (rotateImported && unwrapRaw((node as ts.NewExpression).expression).kind === SyntaxKind.Identifier);
    case SyntaxKind.CallExpression:
      return DESTINATION_CALLS.has(rawCalleeMethod(node) ?? '');
    case SyntaxKind.ObjectLiteralExpression:
      return rawHasPropertyNamed(node, OPTION_NAMES);
    default:
      return false;
  }
}

function isStdStream(node: Node | undefined): boolean {
  if (!node) return false;
  const expression = unwrap(node);
  const text = expression.getText();
  if (/^process\.(?:stdout|stderr)(?:\.fd)?$/.test(text)) return true;
  if (Node.isNumericLiteral(expression)) return expression.getLiteralValue() === 1 || expression.getLiteralValue() === 2;
  const value = stringValue(expression);
  return value === '1' || value === '2' || value === '/dev/stdout' || value === '/dev/stderr';
}

/** A path-like destination: a literal, a template, a `path.join(...)`, never stdout. */
function isFileDestination(node: Node | undefined): boolean {
  if (!node || isStdStream(node)) return false;
  const expression = unwrap(node);
  return (
    stringValue(expression) !== undefined ||
    Node.isTemplateExpression(expression) ||
    (Node.isCallExpression(expression) && /^path\.(?:join|resolve)$|^(?:join|resolve)$/.test(calleeName(expression) ?? ''))
  );
}

/** A logger of a file that writes to disk: the node the finding is at, and what the message names. */
interface FileLogging {
  messageId: ScriptMessageId;
  span: Span;
  data?: Record<string, string>;
  /** File writes are warnings; a console kept out of production (logs only in files a container loses) keeps the rule's error. */
  severity?: 'warning';
}

type Writing = Omit<FileLogging, 'span' | 'severity'>;

/** The file-writing loggers of each JS/TS file holding a trigger, in source order. */
export const fileLogging: FileExtractor<FileLogging[]> = {
  name: 'logs/file-transport',
  version: 5,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.NewExpression, SyntaxKind.CallExpression, SyntaxKind.ObjectLiteralExpression],
    create(file) {
      const found: FileLogging[] = [];
      /** Where each winston console transport is kept out of production; undefined for one production has too. */
      const consoles: (Span | undefined)[] = [];
      const wanted = TRIGGERS.some((trigger) => file.text.includes(trigger)) && mayNameAny(file.text, NAMES_CHECKED);
      const rotateImported = file.text.includes('winston-daily-rotate-file');
      // Read only for candidates, which most files have none of.
      let bindings: Map<string, string> | undefined;
      return {
        visit(raw) {
          if (!wanted || !mayWriteFile(raw, rotateImported)) return;
          const node = wrapped(raw);
          const fromModule = (name: string | undefined, module: RegExp) => {
            const root = name?.split('.')[0];
            return root !== undefined && module.test((bindings ??= cachedImportBindings(node.getSourceFile())).get(root) ?? '');
          };
          if (Node.isNewExpression(node) && isWinstonConsole(node, fromModule)) {
            const exclusion = consoleExclusion(node);
            consoles.push(exclusion && spanOf(exclusion, file));
            return;
          }
          const writing = fileWriting(node, fromModule);
          if (writing) found.push({ ...writing, span: spanOf(node, file), severity: 'warning' });
        },
        result: () => {
          // Files only in production when no console transport of the file reaches it.
          if (found.length === 0 || consoles.some((exclusion) => exclusion === undefined)) return found;
          const offs = consoles.flatMap((span): FileLogging[] => (span ? [{ messageId: 'consoleOffInProduction', span }] : []));
          return [...found, ...offs].sort((a, b) => a.span.line - b.span.line || a.span.column - b.span.column);
        },
      };
    },
  },
};

function isWinstonConsole(node: NewExpression, fromModule: (name: string | undefined, module: RegExp) => boolean): boolean {
  const name = calleeName(node);
  return name !== undefined && /(?:^|\.)Console$/.test(name) && fromModule(name, /^winston$/);
}

/**
 * What keeps a console transport out of production: the condition of the `if`, ternary or `&&` it
 * is created under (in the branch that production does not take), or its `silent` option when that
 * holds in production. Undefined when production gets the console, or when that cannot be told.
 */
function consoleExclusion(transport: NewExpression): Node | undefined {
  const options = objectLiteral(transport.getArguments()[0]);
  const silent = options && propertyValue(options, 'silent');
  if (silent && holdsInProduction(silent) === true) return silent;
  return environmentExclusion(transport);
}

function fileWriting(node: Node, fromModule: (name: string | undefined, module: RegExp) => boolean): Writing | undefined {
  if (Node.isNewExpression(node)) {
    const name = calleeName(node);
    if (name && WINSTON_FILE_TRANSPORTS.test(name) && fromModule(name, /^winston(?:-daily-rotate-file)?$/)) {
      return { messageId: 'winstonFile', data: { transport: name.slice(name.lastIndexOf('.') + 1) } };
    }
    // The module's export is the transport class itself, so its local name can be anything.
    if (name && !name.includes('.') && fromModule(name, DAILY_ROTATE_MODULE)) return { messageId: 'winstonFile', data: { transport: 'DailyRotateFile' } };
  } else if (Node.isCallExpression(node)) {
    const name = calleeName(node);
    const [first] = node.getArguments();
    if (name && /(?:^|\.)destination$/.test(name) && fromModule(name, /^pino$/)) {
      const options = objectLiteral(first);
      const destination = options ? propertyValue(options, 'dest') : first;
      if (isFileDestination(destination)) return { messageId: 'pinoFile' };
    } else if (name && FILE_WRITERS.test(name) && LOG_PATH.test(stringValue(first) ?? pathHint(first)) && !inParameterFolder(first)) {
      return { messageId: 'logFileWrite', data: { path: stringValue(first) ?? pathHint(first) } };
    }
  } else if (Node.isObjectLiteralExpression(node)) {
    return optionsObjectWriting(node);
  }
  return undefined;
}

/**
 * `createWriteStream(path.join(folder, 'app.log'))` inside `function open(folder)`: the folder is
 * whatever the caller (an operator's setting) passes, so logging to a file is the operator's choice.
 */
function inParameterFolder(node: Node | undefined): boolean {
  let root = node && unwrap(node);
  if (Node.isCallExpression(root) && /(?:^|\.)(?:join|resolve)$/.test(calleeName(root) ?? '')) root = root.getArguments()[0];
  if (!Node.isIdentifier(root)) return false;
  const name = root.getText();
  const owner = root.getFirstAncestor((ancestor) => Node.isFunctionDeclaration(ancestor) || Node.isFunctionExpression(ancestor) || Node.isArrowFunction(ancestor) || Node.isMethodDeclaration(ancestor));
  return owner !== undefined && (owner as FunctionDeclaration).getParameters().some((parameter) => parameter.getName() === name);
}

/** The last string literal in `path.join(__dirname, 'logs', 'app.log')`, as a hint of where it writes. */
function pathHint(node: Node | undefined): string {
  if (!node) return '';
  const expression = unwrap(node);
  if (Node.isCallExpression(expression)) {
    const strings = expression.getArguments().map((argument) => stringValue(argument)).filter((value) => value !== undefined);
    return strings.join('/');
  }
  if (Node.isTemplateExpression(expression)) return expression.getLastChildOrThrow().getText().replace(/[`}]/g, '');
  return '';
}

/** pino transport `{ target, options: { destination } }`, bunyan `{ path }` streams, log4js `{ type: 'file' }` appenders. */
function optionsObjectWriting(object: ObjectLiteralExpression): Writing | undefined {
  const target = stringValue(propertyValue(object, 'target'));
  if (target !== undefined && PINO_FILE_TARGETS.has(target)) {
    const options = objectLiteral(propertyValue(object, 'options'));
    const destination = options && (propertyValue(options, 'destination') ?? propertyValue(options, 'file'));
    return destination === undefined || isFileDestination(destination) ? { messageId: 'pinoFile' } : undefined;
  }
  const type = stringValue(propertyValue(object, 'type'));
  if (type !== undefined && LOG4JS_FILE_TYPES.has(type) && propertyValue(object, 'filename') !== undefined) {
    return { messageId: 'log4jsFile' };
  }
  const pathValue = propertyValue(object, 'path');
  const inStreams = object.getParent()?.getParent();
  const isBunyanStream =
    Node.isPropertyAssignment(inStreams) && inStreams.getName() === 'streams' && pathValue !== undefined;
  return isBunyanStream && (type === undefined || type === 'file' || type === 'rotating-file') ? { messageId: 'bunyanFile' } : undefined;
}

export const fileTransport = defineRule<MessageId>({
  id: 'logs/file-transport',
  factor: 'logs',
  defaultSeverity: 'error',
  title: 'Logs written to files',
  description: 'Finds loggers that write to files (winston File transports, pino destinations, bunyan and log4js file streams, *.log appends; Python logging file handlers, basicConfig(filename=...) and loguru file sinks; Go loggers pointed at an opened file, lumberjack, zap OutputPaths; gunicorn and other Python servers started with a log-file option; pm2 apps started in its daemon with out_file/error_file/log_file, notes) instead of stdout (warnings), and winston console transports kept out of production beside them, which leave production logs only in files (errors).',
  fix: 'Log to stdout/stderr and let the platform route the stream; drop the file transport.',
  messages: {
    pythonFile: 'Python logging {{handler}} writes logs to a file instead of stdout',
    goFile: 'the Go logger writes to a file ({{call}}) instead of stdout',
    serverLogFile: '{{setting}} sends the server\'s log to a file ({{path}}) instead of stdout or stderr',
    winstonFile: 'winston {{transport}} transport writes logs to a file instead of stdout',
    pinoFile: 'pino writes logs to a file destination instead of stdout',
    bunyanFile: 'bunyan stream writes logs to a file path instead of stdout',
    log4jsFile: 'log4js appender writes logs to a file instead of stdout',
    logFileWrite: 'log lines appended to a file ({{path}}) instead of written to stdout',
    consoleOffInProduction:
      'the console transport is kept out of production, so production logs go only to files inside the process\'s container; log to stdout in every environment',
  },
  triggers: TRIGGERS,
  languages: ['javascript', 'typescript', 'python', 'go'],
  appliesTo: (app) =>
    app.kind === 'library' ? 'libraries leave log routing to the app that uses them' : true,
  facts: [fileLogging, sourceFileLoggers, pm2Apps],
  check(context) {
    forEachScriptFacts(context, fileLogging, (found, file) => {
      for (const { messageId, span, data, severity } of found) context.report({ messageId, file: file.path, ...span, ...(data && { data }), ...(severity && { severity }) });
    });
    forEachRuntimeSourceFacts(context, sourceFileLoggers, (found, file) => {
      for (const { language, writer, span } of found) {
        if (language === 'python') context.report({ messageId: 'pythonFile', data: { handler: writer }, file: file.path, ...span, severity: 'warning' });
        else context.report({ messageId: 'goFile', data: { call: writer }, file: file.path, ...span, severity: 'warning' });
      }
    });
    for (const { file, line, column, setting, path, severity } of serverLogFiles(context)) {
      context.report({ messageId: 'serverLogFile', data: { setting, path }, file, line, column, severity: severity ?? 'warning' });
    }
  },
});
