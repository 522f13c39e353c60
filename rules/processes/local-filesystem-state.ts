import { Node, SyntaxKind, type CallExpression, type SourceFile, type VariableDeclaration, type ts } from 'ts-morph';
import {
  cachedImportBindings,
  calleeName,
  defineRule,
  dependsOnAny,
  dottedName,
  findNodes,
  forEachRuntimeScriptFacts,
  isEnvRead,
  isModule,
  objectLiteral,
  propertyValue,
  rawCalleeMethod,
  rawDottedRoot,
  goFunctionAt,
  type GoFunction,
  goFunctions,
  matchesIn,
  scriptFacts,
  spanOf,
  textSources,
  unwrap,
  type Span,
  type TextSource,
  unwrapRaw,
  variableInitializer,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'uploadDir' | 'fileWrite' | 'jsonDatabase' | 'diskIndex' | 'goWrite';

const FS_MODULES = ['fs', 'fs/promises', 'fs-extra', 'graceful-fs', 'jsonfile'];
/** Writers whose destination is the first argument. */
const WRITERS = new Set([
  'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'outputFile', 'outputFileSync',
  'writeJson', 'writeJsonSync', 'writeJSON', 'writeJSONSync', 'outputJson', 'outputJsonSync', 'outputJSON', 'outputJSONSync',
]);
/** Movers whose destination is the second argument (an upload moved into a kept folder). */
const MOVERS = new Set(['rename', 'renameSync', 'copyFile', 'copyFileSync', 'move', 'moveSync']);
/** Copies of a file the code itself names are provisioning (a shipped asset put in place at startup), not state. */
const COPIERS = new Set(['copyFile', 'copyFileSync']);
const READERS = new Set(['readFile', 'readFileSync', 'readJson', 'readJsonSync', 'readJSON', 'readJSONSync']);
/** Where uploads usually go next: with one of these, a local upload folder is a staging area, which twelve-factor allows. */
const OBJECT_STORAGE = [
  '@aws-sdk/client-s3', '@aws-sdk/lib-storage', 'aws-sdk', '@google-cloud/storage', '@azure/storage-blob', 'minio', 'cloudinary',
  'imagekit', 'firebase-admin', '@supabase/supabase-js', '@vercel/blob', 'ali-oss', 'cos-nodejs-sdk-v5', 'qiniu', 'multer-s3',
];
/**
 * Paths that are scratch, logs (logs/file-transport's business), caches, runtime plumbing, or
 * project files a dev task rewrites (`tsconfig.build.json`, `.env`): not state.
 */
const NOT_STATE =
  /(?:^|\/)(?:tmp|temp|\.?cache)(?:\/|$)|^\/(?:tmp|var\/tmp|dev|proc)\/|\.log(?:\.\d+)?$|(?:^|\/)logs?\/|\.(?:pid|sock|lock)$|(?:^|\/)(?:tsconfig[\w.-]*\.json|package(?:-lock)?\.json|\.env[\w.-]*|[\w-]+\.config\.[cm]?[jt]s)$/i;
const DIRECTORY_BASE = /^(?:__dirname|__filename|process\.cwd\(\)|import\.meta\.dirname|import\.meta\.url|appRoot|rootDir|ROOT_DIR|ROOT)$/;

/** A project folder named for scratch or cache: scratch, unless the app keeps an index of what it put there. */
const CACHE_FOLDER = /(?:^|\/)(?:tmp|temp|\.?cache)(?:\/|$)/i;

/**
 * A destination path as far as the code fixes it. A scratch path keeps its text when it is a project
 * folder (`./tmp/images`), not the system's temp directory.
 */
type Destination = { kind: 'local'; path: string } | { kind: 'scratch'; path?: string } | { kind: 'unknown' };

/** A write of durable data to the local disk, as it is reported. */
interface DiskWrite {
  messageId: Exclude<MessageId, 'goWrite'>;
  data: Record<string, string>;
  span: Span;
}

/** What one JS/TS file keeps on the local disk, by whether the app's dependencies can excuse it. */
interface DiskWrites {
  /** Into a multer/formidable upload folder: staging, when the app sends uploads on to object storage. */
  uploads: DiskWrite[];
  /** By a `.mv()` call: express-fileupload's, when the app depends on it (and does not stage uploads). */
  moves: DiskWrite[];
  /** By fs, fs-extra or Bun. */
  writes: DiskWrite[];
}

interface FileScope {
  sourceFile: SourceFile;
  /** Where a node of the file is. */
  spanOf: (node: Node) => Span;
  bindings: Map<string, string>;
  found: DiskWrites;
  /** The file's calls that may read a file back (`readsBack`), found once per file when first needed. */
  readers?: CallExpression[];
}

/** Last callee names `checkFsWrite` looks at (`Bun.write` included). */
const WRITE_METHODS = new Set([...WRITERS, ...MOVERS, 'write']);
const READ_METHODS = new Set([...READERS, 'require']);

/**
 * The raw calls and `new` expressions that may be a finding: upload middlewares (a callee rooted at a
 * multer/formidable binding), fs writes and moves, `.mv()` calls. A superset of what the checks
 * accept, so that only these get wrapped.
 */
function candidateFilter(scope: FileScope): (node: ts.Node) => boolean {
  const uploadRoots = new Set([...scope.bindings].filter(([, module]) => isModule(module, 'multer') || isModule(module, 'formidable')).map(([name]) => name));
  return (node) => {
    if (node.kind !== SyntaxKind.CallExpression && node.kind !== SyntaxKind.NewExpression) return false;
    if (uploadRoots.size > 0 && uploadRoots.has(rawDottedRoot((node as ts.CallExpression | ts.NewExpression).expression) ?? '')) return true;
    if (node.kind === SyntaxKind.NewExpression) return false;
    const method = rawCalleeMethod(node) ?? '';
    return WRITE_METHODS.has(method) || method === 'mv';
  };
}

const TRIGGERS = ['multer', 'formidable', '.mv(', 'write', 'append', 'output', 'rename', 'copyFile', 'move', 'Write', 'Create', 'O_CREATE', 'SaveUploadedFile', '.Save'];

export const diskWrites = scriptFacts<DiskWrites>({
  name: 'processes/local-filesystem-state',
  version: 1,
  module: import.meta.url,
  triggers: TRIGGERS,
  extract(sourceFile, file) {
    const scope: FileScope = { sourceFile, spanOf: (node) => spanOf(node, file), bindings: cachedImportBindings(sourceFile), found: { uploads: [], moves: [], writes: [] } };
    for (const node of findNodes(sourceFile, candidateFilter(scope))) {
      checkUploadMiddleware(node, scope);
      if (Node.isCallExpression(node)) {
        checkFsWrite(node, scope);
        checkFileUploadMove(node, scope);
      }
    }
    checkFormidableAssignments(scope);
    return scope.found;
  },
});

export const localFilesystemState = defineRule<MessageId>({
  id: 'processes/local-filesystem-state',
  factor: 'processes',
  defaultSeverity: 'warning',
  title: 'Durable state on the local disk',
  description: 'Finds services and workers that keep data on their own disk: multer/formidable/express-fileupload upload folders, fs writes to fixed local paths, JSON files used as a database.',
  fix: 'Keep durable data in a backing service (object storage for files, a database for records); use os.tmpdir() only for single-request scratch files.',
  messages: {
    uploadDir: '{{library}} stores uploads in the local folder {{path}}: they are lost when the process is replaced and invisible to other processes',
    fileWrite: 'writes data to the local file {{path}}: it is lost when the process is replaced and not shared with other processes',
    jsonDatabase: 'uses the local file {{path}} as a database (read, modify, write back): data is lost on redeploy and diverges between processes',
    goWrite: '{{call}} writes {{what}} to the local disk of this instance: it is lost when the process is replaced and not shared with other processes',
    diskIndex:
      "'{{index}}' indexes files this instance keeps in {{path}}: another instance has neither the index nor the files, and both are lost when the process is replaced",
  },
  triggers: TRIGGERS,
  languages: ['javascript', 'typescript', 'go'],
  appliesTo: (app) => {
    if (app.kind === 'service' || app.kind === 'worker') return true;
    // A private workspace package is never published: its code runs inside the repository's own apps.
    if (app.kind === 'library' && app.packageJson?.private === true && app.path !== '.') return true;
    return app.kind === 'cli' ? 'CLIs write files for the user who runs them' : 'libraries leave storage to the app that uses them';
  },
  facts: [diskWrites],
  check(context) {
    const stagesUploads = dependsOnAny(context.app, OBJECT_STORAGE) !== undefined;
    const usesFileUpload = dependsOnAny(context.app, ['express-fileupload']) !== undefined;
    forEachRuntimeScriptFacts(context, diskWrites, ({ uploads, moves, writes }, file) => {
      const kept = [...(stagesUploads ? [] : uploads), ...(stagesUploads || !usesFileUpload ? [] : moves), ...writes];
      for (const { messageId, data, span } of kept) context.report({ messageId, data, file: file.path, ...span });
    });
    checkGo(context, textSources(context, 'go'));
  },
});

function moduleOf(name: string | undefined, scope: FileScope): string {
  return scope.bindings.get(name?.split('.')[0] ?? '') ?? '';
}

/** `multer({ dest })`, `multer.diskStorage({ destination })`, `formidable({ uploadDir })`, `new IncomingForm({ uploadDir })`. */
function checkUploadMiddleware(call: Node, scope: FileScope): void {
  if (!Node.isCallExpression(call) && !Node.isNewExpression(call)) return;
  const name = calleeName(call);
  const module = moduleOf(name, scope);
  const options = objectLiteral(call.getArguments()[0]);
  if (!options) return;
  let library: string | undefined;
  let option: string | undefined;
  if (isModule(module, 'multer') && name !== undefined && !name.includes('.')) [library, option] = ['multer', 'dest'];
  else if (isModule(module, 'multer') && name?.endsWith('.diskStorage')) [library, option] = ['multer', 'destination'];
  else if (isModule(module, 'formidable')) [library, option] = ['formidable', 'uploadDir'];
  if (!library || !option) return;
  const property = options.getProperty(option);
  // `destination(req, file, cb) { ... }`: the method is the callback.
  const value = property && Node.isMethodDeclaration(property) ? property : propertyValue(options, option);
  if (!property || !value) return;
  const destination = option === 'destination' ? callbackDestination(value) : destinationOf(value);
  if (destination.kind !== 'local') return;
  scope.found.uploads.push({ messageId: 'uploadDir', data: { library, path: destination.path }, span: scope.spanOf(property) });
}

/** multer's `destination: (req, file, cb) => cb(null, 'uploads/')` or a plain string. */
function callbackDestination(value: Node): Destination {
  const expression = unwrap(value);
  if (!Node.isArrowFunction(expression) && !Node.isFunctionExpression(expression) && !Node.isMethodDeclaration(expression)) return destinationOf(value);
  const callbacks = (findNodes(expression, (node) => node.kind === SyntaxKind.CallExpression) as CallExpression[]).filter((call) => {
    const [error, path] = call.getArguments();
    return path !== undefined && error?.getText() === 'null';
  });
  const destinations = callbacks.map((call) => destinationOf(call.getArguments()[1]!));
  return destinations.find((destination) => destination.kind !== 'local') ?? destinations[0] ?? { kind: 'unknown' };
}

/** v1 formidable: `form.uploadDir = './uploads'`. */
function checkFormidableAssignments(scope: FileScope): void {
  if (![...scope.bindings.values()].some((module) => isModule(module, 'formidable'))) return;
  for (const binary of findNodes(scope.sourceFile, isUploadDirAssignment)) {
    if (!Node.isBinaryExpression(binary)) continue;
    const left = unwrap(binary.getLeft());
    if (binary.getOperatorToken().getKind() !== SyntaxKind.EqualsToken || !Node.isPropertyAccessExpression(left) || left.getName() !== 'uploadDir') continue;
    const destination = destinationOf(binary.getRight());
    if (destination.kind !== 'local') continue;
    scope.found.uploads.push({ messageId: 'uploadDir', data: { library: 'formidable', path: destination.path }, span: scope.spanOf(binary) });
  }
}

/** A raw `x.uploadDir = ...`. */
function isUploadDirAssignment(node: ts.Node): boolean {
  if (node.kind !== SyntaxKind.BinaryExpression || (node as ts.BinaryExpression).operatorToken.kind !== SyntaxKind.EqualsToken) return false;
  const left = unwrapRaw((node as ts.BinaryExpression).left);
  return left.kind === SyntaxKind.PropertyAccessExpression && (left as ts.PropertyAccessExpression).name.text === 'uploadDir';
}

/** express-fileupload: `req.files.avatar.mv('./uploads/' + name)`. */
function checkFileUploadMove(call: CallExpression, scope: FileScope): void {
  if (calleeName(call)?.endsWith('.mv') !== true) return;
  const [target] = call.getArguments();
  const destination = target ? destinationOf(target) : { kind: 'unknown' as const };
  if (destination.kind !== 'local') return;
  scope.found.moves.push({ messageId: 'uploadDir', data: { library: 'express-fileupload', path: destination.path }, span: scope.spanOf(call) });
}

/** `fs.writeFile(path, ...)`, `fs.promises.writeFile`, `writeFile` from fs/promises, fs-extra `outputJson`, `fs.rename(from, to)`. */
function checkFsWrite(call: CallExpression, scope: FileScope): void {
  const name = calleeName(call);
  if (!name) return;
  const method = name.slice(name.lastIndexOf('.') + 1);
  const isFs = FS_MODULES.some((module) => isModule(moduleOf(name, scope), module)) || name === 'Bun.write';
  if (!isFs || (!WRITERS.has(method) && !MOVERS.has(method) && name !== 'Bun.write')) return;
  const [source, second] = call.getArguments();
  const target = MOVERS.has(method) ? second : source;
  const destination: Destination = target ? destinationOf(target) : { kind: 'unknown' };
  if (destination.kind === 'scratch' && destination.path !== undefined && CACHE_FOLDER.test(destination.path)) {
    const index = moduleIndexOf(call);
    if (!index) return;
    scope.found.writes.push({ messageId: 'fileWrite', data: { path: destination.path }, span: scope.spanOf(call) });
    scope.found.writes.push({ messageId: 'diskIndex', data: { index: index.getName(), path: destination.path }, span: scope.spanOf(index) });
    return;
  }
  if (destination.kind !== 'local') return;
  if (COPIERS.has(method) && source && destinationOf(source).kind === 'local') return;
  const messageId = destination.path.endsWith('.json') && readsBack(destination.path, scope) ? 'jsonDatabase' : 'fileWrite';
  scope.found.writes.push({ messageId, data: { path: destination.path }, span: scope.spanOf(call) });
}

/** Whether the file also reads the JSON file it writes (`readFileSync`, `readJson`, `require`). */
function readsBack(path: string, scope: FileScope): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  scope.readers ??= findNodes(scope.sourceFile, (node) => node.kind === SyntaxKind.CallExpression && READ_METHODS.has(rawCalleeMethod(node) ?? '')) as CallExpression[];
  return scope.readers.some((call) => {
    const callee = calleeName(call);
    const method = callee?.slice(callee.lastIndexOf('.') + 1);
    if (!method || (!READERS.has(method) && callee !== 'require')) return false;
    const [source] = call.getArguments();
    const read = source ? destinationOf(source) : undefined;
    return read?.kind === 'local' && read.path.endsWith(name);
  });
}

/**
 * Where a path expression points, when the code fixes it: literals, templates, `+`, `path.join` /
 * `path.resolve` of literals on `__dirname` or `process.cwd()`, and same-file variables of those.
 * Anything that reads the environment, a parameter or config is left `unknown`: an operator may
 * point it at a mounted volume.
 */
function destinationOf(node: Node, depth = 0): Destination {
  const parts = pathParts(node, depth);
  if (parts === undefined) return { kind: 'unknown' };
  if (parts.some((part) => part === SCRATCH)) return { kind: 'scratch' };
  const [base] = parts;
  // A dynamic head (`${dir}/x.json`, `path.join(dataDir, name)`) leaves the location to whoever sets it.
  if (base === DYNAMIC || (typeof base === 'string' && base.startsWith(DYNAMIC_HEAD))) return { kind: 'unknown' };
  const path = parts
    .map((part) => (typeof part === 'string' ? part.replaceAll(DYNAMIC_HEAD, '*') : part === BASE ? '.' : '*'))
    .join('/')
    .replace(/\/+/g, '/')
    .replace(/^\.\/(?!$)/, '')
    .replace(/\/\.\//g, '/');
  if (!/[\w-]/.test(path.replace(/\*/g, ''))) return { kind: 'scratch' };
  if (NOT_STATE.test(path)) return { kind: 'scratch', path };
  return { kind: 'local', path };
}

/** Marks a template or concatenation that starts with a dynamic piece (`${dir}/db.json`). */
const DYNAMIC_HEAD = '\u0000';
const SCRATCH = Symbol('scratch');
const DYNAMIC = Symbol('dynamic');
const BASE = Symbol('base');
type Part = string | typeof SCRATCH | typeof DYNAMIC | typeof BASE;

/** The pieces of a path expression; undefined when it reads the environment (configurable). */
function pathParts(node: Node, depth: number): Part[] | undefined {
  if (depth > 5) return [DYNAMIC];
  const expression = unwrap(node);
  const text = expression.getText();
  if (isEnvRead(expression)) return undefined;
  // `process.env.STORAGE_DIR || 'data'`: unless an operator sets the variable, data lands in the default.
  const fallback = envDefault(expression);
  if (fallback) return pathParts(fallback, depth + 1);
  if (DIRECTORY_BASE.test(text)) return [BASE];
  if (Node.isStringLiteral(expression) || Node.isNoSubstitutionTemplateLiteral(expression)) {
    const value = expression.getLiteralValue();
    return /^(?:\/tmp|\/var\/tmp)(?:\/|$)/.test(value) ? [SCRATCH] : [value];
  }
  if (Node.isTemplateExpression(expression)) {
    const parts: Part[] = [expression.getHead().getLiteralText()];
    for (const span of expression.getTemplateSpans()) {
      const inner = pathParts(span.getExpression(), depth + 1);
      if (inner === undefined) return undefined;
      parts.push(...inner, span.getLiteral().getLiteralText());
    }
    return concatenated(parts);
  }
  if (Node.isBinaryExpression(expression) && expression.getOperatorToken().getKind() === SyntaxKind.PlusToken) {
    const left = pathParts(expression.getLeft(), depth + 1);
    const right = pathParts(expression.getRight(), depth + 1);
    return left && right ? concatenated([...left, ...right]) : undefined;
  }
  if (Node.isCallExpression(expression)) return callParts(expression, depth);
  if (Node.isIdentifier(expression)) {
    const initializer = variableInitializer(expression);
    return initializer ? pathParts(initializer, depth + 1) : [DYNAMIC];
  }
  return [DYNAMIC];
}

function callParts(call: CallExpression, depth: number): Part[] | undefined {
  const name = calleeName(call) ?? '';
  if (/(?:^|\.)(?:tmpdir|mkdtemp|mkdtempSync|tmpName|tmpNameSync|fileSync|dirSync|file|dir)$/.test(name) || /^(?:tmp|temp|tempy|tmp-promise)\b/.test(name)) {
    return [SCRATCH];
  }
  if (/^(?:path\.(?:posix\.)?)?(?:join|resolve)$/.test(name)) {
    const parts: Part[] = [];
    for (const argument of call.getArguments()) {
      const inner = pathParts(argument, depth + 1);
      if (inner === undefined) return undefined;
      // `path.resolve('/abs', x)` restarts at an absolute segment, like resolve does.
      if (/^path\.resolve$|^resolve$/.test(name) && typeof inner[0] === 'string' && inner[0].startsWith('/')) parts.length = 0;
      parts.push(...inner);
    }
    return parts;
  }
  if (dottedName(call.getExpression())?.startsWith('process.env')) return undefined;
  return call.getDescendants().some((descendant) => isEnvRead(descendant)) ? undefined : [DYNAMIC];
}

/**
 * The pieces of a template or concatenation make one path string (`'data/' + id + '.json'` is
 * `data/*.json`); a dynamic head leaves the whole path dynamic.
 */
function concatenated(parts: Part[]): Part[] {
  if (parts.includes(SCRATCH)) return [SCRATCH];
  const pieces = parts.filter((part) => part !== '');
  return [pieces.map((part, index) => (part === DYNAMIC ? (index === 0 ? DYNAMIC_HEAD : '*') : part === BASE ? '.' : part)).join('')];
}

/** The default of `process.env.X || v` / `process.env.X ?? v`, or undefined for anything else. */
function envDefault(expression: Node): Node | undefined {
  if (!Node.isBinaryExpression(expression)) return undefined;
  const operator = expression.getOperatorToken().getKind();
  if (operator !== SyntaxKind.BarBarToken && operator !== SyntaxKind.QuestionQuestionToken) return undefined;
  return isEnvRead(expression.getLeft()) ? expression.getRight() : undefined;
}

const COLLECTION_INITIALIZER = /^(?:\[\s*\]|\{\s*\}|new (?:Map|Set)\(\s*\))$/;
const ADDERS = new Set(['push', 'unshift', 'set', 'add']);

/**
 * The module-level collection (`const cache = []`, `new Map()`) that the function around a write
 * adds entries to: an in-memory index of files on this instance's disk.
 */
function moduleIndexOf(call: CallExpression): VariableDeclaration | undefined {
  const fn = call.getFirstAncestor((ancestor) => Node.isFunctionDeclaration(ancestor) || Node.isArrowFunction(ancestor) || Node.isFunctionExpression(ancestor) || Node.isMethodDeclaration(ancestor));
  if (!fn) return undefined;
  const collections = new Map<string, VariableDeclaration>();
  for (const statement of call.getSourceFile().getVariableStatements()) {
    for (const declaration of statement.getDeclarations()) {
      const initializer = declaration.getInitializer();
      if (initializer && COLLECTION_INITIALIZER.test(initializer.getText())) collections.set(declaration.getName(), declaration);
    }
  }
  if (collections.size === 0) return undefined;
  for (const added of findNodes(fn, (node) => node.kind === SyntaxKind.CallExpression && ADDERS.has(rawCalleeMethod(node) ?? '')) as CallExpression[]) {
    const receiver = calleeName(added)?.split('.');
    if (receiver?.length === 2 && collections.has(receiver[0] ?? '')) return collections.get(receiver[0] ?? '');
  }
  return undefined;
}

/** Go calls that create or write a file; the path is their first argument. */
const GO_WRITE = /\b(?:os\.(?:Create|WriteFile)|ioutil\.WriteFile)\s*\(|\bos\.OpenFile\s*\([^)]*O_CREATE/;
/** Scratch space and log files (logs/file-transport's business) in Go. */
const GO_NOT_STATE = /os\.TempDir|ioutil\.TempFile|os\.CreateTemp|"\/tmp\//;
const GO_LOG_FILE = /(?:^|\/)log(?:s|ging|ger)?(?:\/|\.go$)/i;
/** Spreadsheet libraries whose files are saved with `.Save(path)` / `.SaveAs(path)`. */
const GO_SPREADSHEET_IMPORT = /"github\.com\/(?:tealeg\/xlsx|xuri\/excelize|360EntSecGroup-Skylar\/excelize)[^"]*"/;

/**
 * Go: gin's `c.SaveUploadedFile`, files created with `os.Create` / `os.WriteFile` / `os.OpenFile(O_CREATE)`,
 * spreadsheets saved to a path, and calls to the project's own file-creating helpers (an exported function
 * taking a path that creates the file), reported once per calling file.
 */
function checkGo(context: RuleContext<MessageId>, sources: readonly TextSource[]): void {
  if (sources.length === 0) return;
  const helpers = goFileHelpers(sources);
  for (const source of sources) {
    if (GO_LOG_FILE.test(source.file.path)) continue;
    const report = (line: number, column: number, call: string, what: string) =>
      context.report({ messageId: 'goWrite', data: { call, what }, file: source.file.path, line, column });
    for (const site of matchesIn(source, /\.SaveUploadedFile\s*\(/)) report(site.line, site.column, 'SaveUploadedFile', 'an uploaded file');
    const functions = goFunctions(source);
    for (const site of matchesIn(source, GO_WRITE)) {
      const fn = goFunctionAt(functions, site.offset);
      const line = lineTextAt(source.text, site.offset);
      if ((fn && helpers.has(`${source.file.path}#${fn.name}`) && writesToParameter(source, fn, line)) || GO_NOT_STATE.test(line)) continue;
      report(site.line, site.column, site.match[0].replace(/\s*\(.*$/s, ''), 'a file');
    }
    if (GO_SPREADSHEET_IMPORT.test(source.text)) {
      for (const site of matchesIn(source, /\b\w+\.(?:SaveAs|Save)\s*\(\s*\w/)) report(site.line, site.column, site.match[0].replace(/\s*\(.*$/s, ''), 'a spreadsheet');
    }
    const helperCall = [...new Set([...helpers.values()].filter((helper) => helper.file !== source.file.path).map((helper) => helper.call))];
    if (helperCall.length === 0) continue;
    const [first] = matchesIn(source, new RegExp(`\\b(?:${helperCall.join('|')})\\s*\\(`));
    if (first) report(first.line, first.column, first.match[0].replace(/\s*\($/, ''), 'a file');
  }
}

/** Exported Go functions that create a file at a path they are given (`file.MustOpen(name, dir)`), by `path#name`. */
function goFileHelpers(sources: readonly TextSource[]): Map<string, { file: string; call: string }> {
  const helpers = new Map<string, { file: string; call: string }>();
  for (const source of sources) {
    if (GO_LOG_FILE.test(source.file.path)) continue;
    const pkg = /^package\s+(\w+)/m.exec(source.code)?.[1];
    for (const fn of goFunctions(source)) {
      if (!/^[A-Z]/.test(fn.name) || !pkg || pkg === 'main') continue;
      const body = source.code.slice(fn.start, fn.end);
      const writes = body.split('\n').filter((line) => GO_WRITE.test(line) || /\bO_CREATE\b/.test(line));
      if (writes.some((line) => writesToParameter(source, fn, line))) {
        helpers.set(`${source.file.path}#${fn.name}`, { file: source.file.path, call: `${pkg}\\.${fn.name}` });
      }
    }
  }
  return helpers;
}

function lineTextAt(text: string, offset: number): string {
  const end = text.indexOf('\n', offset);
  return text.slice(text.lastIndexOf('\n', offset) + 1, end === -1 ? text.length : end);
}

/** Whether a line of a Go function names one of its parameters: the function writes where its caller says. */
function writesToParameter(source: TextSource, fn: GoFunction, line: string): boolean {
  const header = source.code.slice(source.code.lastIndexOf('func', fn.start), fn.start);
  const parameters = /\w+\s*\(([^)]*)\)/.exec(header.replace(/^func\s*\([^)]*\)/, 'func'))?.[1] ?? '';
  const names = parameters
    .split(',')
    .map((piece) => piece.trim().split(/\s+/)[0] ?? '')
    .filter((name) => /^[a-z_]\w*$/i.test(name));
  return names.some((name) => new RegExp(`\\b${name}\\b`).test(line));
}
