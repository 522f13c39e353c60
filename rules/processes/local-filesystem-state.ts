import { posix } from 'node:path';
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
  calls,
  isOneOffPath,
  nameWords,
  isRuntimeSource,
  localWrites,
  goCommandLine,
  type LocalWrite,
  type LocalWrites,
  sourceListenSites,
  spanOf,
  unwrap,
  type Span,
  unwrapRaw,
  variableInitializer,
  wrapped,
  forEachSourceFacts,
  literals,
  rawLiteralText,
  settingDefaultedBy,
  stringLiteralFacts,
  type FileExtractor,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, ReportDescriptor, RuleContext } from '../../src/types.js';
import { goAdminCode } from './_go-admin-code.js';

type MessageId = 'uploadDir' | 'uploadFolderSetting' | 'fileWrite' | 'jsonDatabase' | 'diskIndex' | 'localWrite' | 'localStorageDefault';

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
 * Paths that are scratch, logs (logs/file-transport's business), caches, runtime plumbing (pid files,
 * sockets), assets the app compiles into its build output (`build/public/`, `dist/*.css`: rebuilt by
 * every instance; other files there, such as `build/export/`, are data), or project files a dev task
 * rewrites (`tsconfig.build.json`, `.env`): not state.
 */
const NOT_STATE =
  /(?:^|\/)(?:tmp|temp|\.?cache)(?:\/|$)|(?:^|\/)(?:build|dist)\/(?:public\/|(?:[\w.*-]+\/)*[\w.*-]*\.(?:css|[cm]?js|map|html|svg|woff2?|ttf|eot|otf)$)|^\/(?:tmp|var\/tmp|dev|proc)\/|\.log(?:\.\d+)?$|(?:^|\/)logs?\/|\.(?:pid|sock|lock)$|(?:^|\/)[\w.-]*pid(?:file)?$|(?:^|\/)(?:tsconfig[\w.-]*\.json|package(?:-lock)?\.json|\.env[\w.-]*|[\w-]+\.config\.[cm]?[jt]s)$/i;
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
  messageId: Exclude<MessageId, 'localWrite'>;
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
  /** Where a node of the file is. */
  spanOf: (node: Node) => Span;
  bindings: Map<string, string>;
  found: DiskWrites;
  /** The file's raw calls that may read a file back (`readsBack`), in source order. */
  readers: readonly ts.Node[];
  /** The file's raw calls that may delete a file (`removedAgain`). */
  removers: readonly ts.Node[];
}

/** Last callee names `checkFsWrite` looks at (`Bun.write` included). */
const WRITE_METHODS = new Set([...WRITERS, ...MOVERS, 'write']);
const READ_METHODS = new Set([...READERS, 'require']);
/** fs and fs-extra calls that delete a file: one the same file writes and deletes again is scratch. */
const REMOVERS = new Set(['rm', 'rmSync', 'unlink', 'unlinkSync', 'remove', 'removeSync']);

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
/** A file that never spells these binds no upload module: none of its calls can be an upload middleware, none of its assignments formidable's. */
const UPLOAD_MODULES = /multer|formidable/;

/**
 * Each JS/TS file holding a trigger: the walk only gathers raw nodes that may matter (calls and
 * `new`s `candidateFilter` may accept, calls that may read a file back, `x.uploadDir = ...`); a file
 * with any is wrapped and judged at the end of the walk, when its module bindings are known.
 */
export const diskWrites: FileExtractor<DiskWrites | undefined> = {
  name: 'processes/local-filesystem-state',
  version: 2,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  typescript: {
    kinds: [SyntaxKind.CallExpression, SyntaxKind.NewExpression, SyntaxKind.BinaryExpression],
    create(file) {
      const namesUploadModule = UPLOAD_MODULES.test(file.text);
      const candidates: ts.Node[] = [];
      const readers: ts.Node[] = [];
      const removers: ts.Node[] = [];
      const uploadDirAssignments: ts.Node[] = [];
      return {
        visit(node) {
          if (node.kind === SyntaxKind.BinaryExpression) {
            if (namesUploadModule && isUploadDirAssignment(node)) uploadDirAssignments.push(node);
            return;
          }
          const method = rawCalleeMethod(node) ?? '';
          if (node.kind === SyntaxKind.CallExpression && READ_METHODS.has(method)) readers.push(node);
          if (node.kind === SyntaxKind.CallExpression && REMOVERS.has(method)) removers.push(node);
          const isWrite = node.kind === SyntaxKind.CallExpression && (WRITE_METHODS.has(method) || method === 'mv');
          if (isWrite || (namesUploadModule && rawDottedRoot((node as ts.CallExpression | ts.NewExpression).expression) !== undefined)) candidates.push(node);
        },
        result() {
          const found: DiskWrites = { uploads: [], moves: [], writes: [] };
          const [first] = [...candidates, ...uploadDirAssignments];
          if (first === undefined) return found;
          const sourceFile = wrapped<SourceFile>(first.getSourceFile());
          const scope: FileScope = { spanOf: (node) => spanOf(node, file), bindings: cachedImportBindings(sourceFile), found, readers, removers };
          const isCandidate = candidateFilter(scope);
          for (const candidate of candidates) {
            if (!isCandidate(candidate)) continue;
            const node = wrapped(candidate);
            checkUploadMiddleware(node, scope);
            if (Node.isCallExpression(node)) {
              checkFsWrite(node, scope);
              checkFileUploadMove(node, scope);
            }
          }
          checkFormidableAssignments(uploadDirAssignments, scope);
          return found;
        },
      };
    },
  },
};

/** The values of a storage-driver setting that keep files on this instance's disk. */
const LOCAL_DRIVER = /^(?:local|local-?disk|disk|filesystem|file-?system|fs|file)$/i;
const STORED_THINGS = new Set(['storage', 'store', 'upload', 'uploads', 'file', 'files', 'media', 'asset', 'assets', 'attachment', 'attachments', 'blob', 'blobs', 'filesystem']);
const DRIVER_WORDS = new Set(['driver', 'provider', 'backend', 'type', 'adapter', 'kind', 'mode', 'engine', 'strategy']);

/** `STORAGE_PROVIDER`, `FILE_STORAGE`, `UPLOAD_DRIVER`, `ASSET_STORE_TYPE`: the setting that picks where files go. */
function isStorageDriverSetting(variable: string): boolean {
  const words = nameWords(variable);
  if (!words.some((word) => STORED_THINGS.has(word))) return false;
  const last = words.at(-1) ?? '';
  return words.some((word) => DRIVER_WORDS.has(word)) || last === 'storage' || last === 'filesystem';
}

const STORAGE_DEFAULT_TRIGGERS = ['local', 'disk', 'filesystem', "'fs'", '"fs"', "'file'", '"file"'];

interface StorageDefault {
  variable: string;
  value: string;
  span: Span;
}

/**
 * JS/TS: a storage-driver setting whose default keeps files on local disk, as an environment fallback
 * (`process.env.STORAGE_PROVIDER || 'local'`) or a settings getter's default (`configService.get('STORAGE_DRIVER', 'local')`).
 */
export const storageDefaults = stringLiteralFacts<StorageDefault>({
  name: 'processes/local-filesystem-state/storage-defaults',
  version: 2,
  module: import.meta.url,
  triggers: STORAGE_DEFAULT_TRIGGERS,
  roles: ['source', 'config'],
  createRaw(file) {
    return (raw, sourceFile) => {
      const value = rawLiteralText(raw, sourceFile);
      if (value === undefined || !LOCAL_DRIVER.test(value)) return undefined;
      const literal = wrapped(raw, sourceFile);
      const variable = settingDefaultedBy(literal);
      return variable !== undefined && isStorageDriverSetting(variable) ? { variable, value, span: spanOf(literal, file) } : undefined;
    };
  },
});

export const localFilesystemState = defineRule<MessageId>({
  id: 'processes/local-filesystem-state',
  factor: 'processes',
  defaultSeverity: 'warning',
  title: 'Durable state on the local disk',
  description:
    'Finds services and workers that keep data on their own disk: multer/formidable/express-fileupload upload folders, fs writes to fixed local paths, JSON files used as a database; in Python and Go, uploads saved (Flask file.save, gin SaveUploadedFile), Django media on FileSystemStorage, files and spreadsheets written to fixed paths.',
  fix: 'Keep durable data in a backing service (object storage for files, a database for records); use os.tmpdir() only for single-request scratch files.',
  messages: {
    uploadDir: '{{library}} stores uploads in the local folder {{path}}: they are lost when the process is replaced and invisible to other processes',
    uploadFolderSetting:
      "{{setting}} keeps uploaded files in a folder inside the app's own directory unless a deploy sets it: they are lost when the process is replaced and invisible to other processes",
    fileWrite: 'writes data to the local file {{path}}: it is lost when the process is replaced and not shared with other processes',
    jsonDatabase: 'uses the local file {{path}} as a database (read, modify, write back): data is lost on redeploy and diverges between processes',
    localWrite: '{{call}} writes {{what}} to the local disk of this instance: it is lost when the process is replaced and not shared with other processes',
    localStorageDefault:
      '{{variable}} defaults to the "{{value}}" storage driver: unless a deploy sets it, uploads and files are kept on this instance\'s disk, lost when the process is replaced and invisible to other processes; make object storage the default or require the setting',
    diskIndex:
      "'{{index}}' indexes files this instance keeps in {{path}}: another instance has neither the index nor the files, and both are lost when the process is replaced",
  },
  triggers: [...TRIGGERS, ...STORAGE_DEFAULT_TRIGGERS],
  languages: ['javascript', 'typescript', 'python', 'go'],
  appliesTo: (app) => {
    if (app.kind === 'service' || app.kind === 'worker') return true;
    // A private workspace package is never published: its code runs inside the repository's own apps.
    if (app.kind === 'library' && app.packageJson?.private === true && app.path !== '.') return true;
    return app.kind === 'cli' ? 'CLIs write files for the user who runs them' : 'libraries leave storage to the app that uses them';
  },
  facts: [diskWrites, localWrites, goCommandLine, calls, sourceListenSites, storageDefaults, literals],
  check(outer) {
    const context = firstOfEachKindPerFile(outer);
    const stagesUploads = dependsOnAny(context.app, OBJECT_STORAGE) !== undefined;
    const usesFileUpload = dependsOnAny(context.app, ['express-fileupload']) !== undefined;
    forEachRuntimeScriptFacts(context, diskWrites, ({ uploads, moves, writes }, file) => {
      const kept = [...(stagesUploads ? [] : uploads), ...(stagesUploads || !usesFileUpload ? [] : moves), ...(isOneOffOrCache(file.path) ? [] : writes)];
      for (const { messageId, data, span } of kept) context.report({ messageId, data, file: file.path, ...span });
    });
    checkPythonGo(context);
    checkStorageDefaults(context);
    context.flush();
  },
});

/**
 * One finding per file and kind of write, at its first line: a module that keeps its store on disk
 * writes it from many places (a datastore class saving each of its parts), and the fix, a shared
 * store, is one change to that module. A finding per write would bury every other in one design.
 */
function firstOfEachKindPerFile(context: RuleContext<MessageId>): RuleContext<MessageId> & { flush(): void } {
  const first = new Map<string, ReportDescriptor<MessageId>>();
  const report = (descriptor: ReportDescriptor<MessageId>): void => {
    // The kind: the message, and for Python and Go what is written (`an uploaded file`, `a file`).
    const key = `${descriptor.file}\u0000${descriptor.messageId}\u0000${descriptor.data?.what ?? ''}`;
    const kept = first.get(key);
    if (kept === undefined || startsBefore(descriptor, kept)) first.set(key, descriptor);
  };
  const flush = (): void => {
    for (const descriptor of first.values()) context.report(descriptor);
  };
  return Object.assign(Object.create(context) as RuleContext<MessageId>, { report, flush });
}

function startsBefore(a: ReportDescriptor<MessageId>, b: ReportDescriptor<MessageId>): boolean {
  return (a.line ?? 0) < (b.line ?? 0) || ((a.line ?? 0) === (b.line ?? 0) && (a.column ?? 0) < (b.column ?? 0));
}

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

/** v1 formidable: `form.uploadDir = './uploads'`, of the file's raw `isUploadDirAssignment`s. */
function checkFormidableAssignments(assignments: readonly ts.Node[], scope: FileScope): void {
  if (![...scope.bindings.values()].some((module) => isModule(module, 'formidable'))) return;
  for (const binary of assignments.map((assignment) => wrapped(assignment))) {
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
  if (destination.kind !== 'local' || removedAgain(destination.path, scope)) return;
  if (COPIERS.has(method) && source && destinationOf(source).kind === 'local') return;
  const messageId = destination.path.endsWith('.json') && readsBack(destination.path, scope) ? 'jsonDatabase' : 'fileWrite';
  scope.found.writes.push({ messageId, data: { path: destination.path }, span: scope.spanOf(call) });
}

/** Whether the file deletes the file it writes (`fs.rmSync('build.env')` once a tool has read it): scratch. */
function removedAgain(path: string, scope: FileScope): boolean {
  return scope.removers.some((remover) => {
    const [target] = wrapped<CallExpression>(remover).getArguments();
    const removed = target ? destinationOf(target) : undefined;
    return removed?.kind === 'local' && removed.path === path;
  });
}

/** Whether the file also reads the JSON file it writes (`readFileSync`, `readJson`, `require`). */
function readsBack(path: string, scope: FileScope): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return scope.readers.map((reader) => wrapped<CallExpression>(reader)).some((call) => {
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

/** Where uploads go next in Python and Go: with one of these, local upload folders may be staging. */
const PYTHON_GO_OBJECT_STORAGE = [
  'boto3', 'aioboto3', 'django-storages', 'google-cloud-storage', 'azure-storage-blob', 'cloudinary', 'django-cloudinary-storage', 'minio', 's3fs',
  'github.com/aws/aws-sdk-go', 'github.com/aws/aws-sdk-go-v2/service/s3', 'cloud.google.com/go/storage', 'github.com/minio/minio-go',
  'github.com/Azure/azure-sdk-for-go/sdk/storage/azblob', 'github.com/Azure/azure-storage-blob-go', 'github.com/aliyun/aliyun-oss-go-sdk', 'github.com/qiniu/go-sdk',
];
/** Log files are logs/file-transport's business. */
const LOG_SOURCE = /(?:^|\/)log(?:s|ging|ger)?(?:\/|\.go$)/i;
const UPLOAD_FIELDS = /^(?:\w+\.)*(?:FileField|ImageField)$/;

/** Code of a disk cache (`utils/cache/`, `file_cache.go`, `cacheBuster.js`): what it keeps can be fetched or computed again. */
const CACHE_WORDS = new Set(['cache', 'caches', 'cached', 'caching']);

function isCacheSource(path: string): boolean {
  return path.replace(/\.[^./]+$/, '').split('/').some((segment) => nameWords(segment).some((word) => CACHE_WORDS.has(word)));
}

function isOneOffOrCache(path: string): boolean {
  return isCacheSource(path) || isOneOffPath(path, { commandFolder: false });
}

/** Folder names of code and documentation generators: `cmd/app-gen`, `internal/codegen`, `cmd/clidoc`, `tools/gendocs`. */
const GENERATOR_WORDS = new Set(['gen', 'codegen', 'docgen', 'docsgen', 'gendoc', 'gendocs', 'clidoc', 'clidocs']);

/**
 * Go developer tools that write generated sources and documentation into the checkout, never part of
 * the deployed binary: the programs a `//go:generate go run ...` directive runs (its files, or its
 * package folder), a `package main` in a folder named for generating (`cmd/app-gen/`), a package of
 * such a folder that is named like it (`package clidoc` in `clidoc/`), and writes of a `package main`
 * beside its own source file (located with `runtime.Caller`).
 */
function developerTools(facts: readonly { file: IndexedFile; found: LocalWrites }[]): (file: IndexedFile, found: LocalWrites, write?: LocalWrite) => boolean {
  const generators = new Set<string>();
  for (const { file, found } of facts) {
    for (const program of found.generators ?? []) generators.add(posix.normalize(posix.join(posix.dirname(file.path), program)));
  }
  return (file, found, write) => {
    const folder = posix.dirname(file.path);
    if (generators.has(file.path) || generators.has(folder)) return true;
    if (found.package === 'main' && write?.besideSource === true) return true;
    const folders = folder.split('/');
    if (found.package === 'main') return folders.some((segment) => nameWords(segment).some((word) => GENERATOR_WORDS.has(word)));
    const last = folders.at(-1) ?? '';
    return found.package === last && nameWords(last).some((word) => GENERATOR_WORDS.has(word));
  };
}

/**
 * Whether a Python or Go write keeps nothing durable on this instance: scratch, logs, a pid file, a file
 * deleted again or committed and pushed to a git remote, a path an operator sets, the inside of a file helper, a cache, or a one-off program's output (an installer
 * writing its config, a CLI building translation files).
 */
function excused(write: LocalWrite, helpers: ReadonlySet<string>, file: IndexedFile): boolean {
  const { destination } = write;
  const { path } = file;
  if (write.what === 'file' && isOneOffOrCache(path)) return true;
  // A file opened to be a log is logs/file-transport's finding: one fact, one finding. A pid file is plumbing.
  // A file deleted again is scratch or a signal to another process; one committed and pushed, a working copy.
  if (write.log || write.pidFile || write.removed || write.pushed || destination.kind === 'scratch' || destination.kind === 'env') return true;
  if (destination.kind === 'literal' && (NOT_STATE.test(destination.path) || CACHE_FOLDER.test(destination.path))) return true;
  if (destination.kind !== 'parameter') return false;
  // A Python path built on a parameter (`open(Path(build_dir, 'x.json'), 'w')`) is the caller's choice.
  if (file.language === 'python') return true;
  // Inside the project's own Go file helper the caller chooses the path: its calls are reported instead.
  return write.within !== undefined && helpers.has(`${path}#${write.within}`);
}

/** How a Python or Go write is reported. */
function reportOf(write: LocalWrite, reads: readonly string[]): { messageId: MessageId; data: Record<string, string> } {
  const { store } = write;
  // A file named by an attribute set once: the message names it as it is set.
  if (store && /[\w-]/.test(store.path.replace(/\*/g, ''))) {
    return { messageId: store.readBack && store.path.endsWith('.json') ? 'jsonDatabase' : 'fileWrite', data: { path: store.path } };
  }
  const path = write.destination.kind === 'literal' ? write.destination.path : undefined;
  if (write.what === 'storage') return { messageId: 'uploadDir', data: { library: 'Django FileSystemStorage', path: path ?? 'MEDIA_ROOT' } };
  if (path !== undefined && path.endsWith('.json') && reads.some((read) => read.endsWith(path.slice(path.lastIndexOf('/') + 1)))) {
    return { messageId: 'jsonDatabase', data: { path } };
  }
  if (path !== undefined && write.what === 'file') return { messageId: 'fileWrite', data: { path } };
  return { messageId: 'localWrite', data: { call: write.call, what: WRITTEN[write.what] } };
}

const WRITTEN: Readonly<Record<LocalWrite['what'], string>> = { upload: 'an uploaded file', file: 'a file', spreadsheet: 'a spreadsheet', storage: 'uploaded files' };

/**
 * Python and Go: uploads saved (gin's `SaveUploadedFile`, Flask's `file.save`), files created or
 * written at paths the code fixes, spreadsheets saved, Django's FileSystemStorage chosen or left as
 * the default for file fields (at `MEDIA_ROOT`), upload-folder settings that default into the app's
 * own directory, and calls of the project's own Go file helpers (an
 * exported function creating a file at a path it is given), reported once per calling file.
 */
function checkPythonGo(context: RuleContext<MessageId>): void {
  const sources = context.files.filter((file) => isRuntimeSource(file) && !LOG_SOURCE.test(file.path));
  const facts = sources.flatMap((file) => {
    const found = context.facts(file.path, localWrites);
    return found ? [{ file, found }] : [];
  });
  if (facts.length === 0) return;
  const stagesUploads = context.app.dependencies.some((name) => PYTHON_GO_OBJECT_STORAGE.some((storage) => name === storage || name.startsWith(`${storage}/`)));
  const helpers = new Set<string>();
  const helperCalls = new Set<string>();
  const isDeveloperTool = developerTools(facts);
  for (const { file, found } of facts) {
    for (const write of found.writes) {
      if (write.destination.kind !== 'parameter' || write.within === undefined || !/^[A-Z]/.test(write.within) || !found.package || found.package === 'main') continue;
      // A helper of an installer, a cache or a generator is what its callers use for that, too.
      if (isOneOffOrCache(file.path) || isDeveloperTool(file, found)) continue;
      helpers.add(`${file.path}#${write.within}`);
      helperCalls.add(`${found.package}.${write.within}`);
    }
  }
  let adminCode: ((path: string, span: Span) => boolean) | undefined;
  const isAdminCode = (path: string, span: Span) => path.endsWith('.go') && (adminCode ??= goAdminCode(context))(path, span);
  for (const { file, found } of facts) {
    for (const write of found.writes) {
      if (excused(write, helpers, file) || ((write.what === 'upload' || write.what === 'storage') && stagesUploads) || isDeveloperTool(file, found, write) || isAdminCode(file.path, write.span)) continue;
      // A file named by an attribute set once is reported where it is set: every read and write of it goes through there.
      context.report({ ...reportOf(write, found.reads), file: file.path, ...(write.store?.span ?? write.span) });
    }
    const ownHelpers = new Set([...helpers].filter((helper) => helper.startsWith(`${file.path}#`)).map((helper) => helper.slice(helper.indexOf('#') + 1)));
    const call =
      file.language === 'go' && helperCalls.size > 0 && !isOneOffOrCache(file.path) && !isDeveloperTool(file, found)
        ? context.facts(file.path, calls)?.find(
            (candidate) =>
              candidate.callee !== null &&
              helperCalls.has(candidate.callee) &&
              !ownHelpers.has(candidate.callee.split('.')[1] ?? '') &&
              !isAdminCode(file.path, candidate.span) &&
              !found.scratchCalls?.some((span) => span.line === candidate.span.line && span.column === candidate.span.column),
          )
        : undefined;
    if (call?.callee) context.report({ messageId: 'localWrite', data: { call: call.callee, what: 'a file' }, file: file.path, ...call.span });
  }
  if (stagesUploads) return;
  checkDjangoMedia(context, facts);
  for (const { file, found } of facts) {
    if (found.uploadFolder) context.report({ messageId: 'uploadFolderSetting', data: { setting: found.uploadFolder.setting }, file: file.path, ...found.uploadFolder.span });
  }
}

/**
 * Django keeps the files of `FileField` / `ImageField` under `MEDIA_ROOT` unless another storage is
 * configured: with file fields declared and no object-storage package, uploads land on this instance's disk.
 */
function checkDjangoMedia(context: RuleContext<MessageId>, facts: readonly { file: IndexedFile; found: LocalWrites }[]): void {
  if (!context.app.dependencies.includes('django')) return;
  const settings = facts.find(({ found }) => found.mediaRoot !== undefined);
  if (!settings?.found.mediaRoot || facts.some(({ found }) => found.writes.some((write) => write.what === 'storage'))) return;
  const declaresFileFields = facts.some(({ file }) => context.facts(file.path, calls)?.some((call) => UPLOAD_FIELDS.test(call.qualified ?? '') && (call.qualified ?? '').startsWith('django.')));
  if (!declaresFileFields) return;
  context.report({ messageId: 'uploadDir', data: { library: 'Django FileSystemStorage', path: 'MEDIA_ROOT' }, file: settings.file.path, ...settings.found.mediaRoot });
}

/** Storage-driver settings that default to local disk, in JS/TS and in Python (`os.getenv('STORAGE_BACKEND', 'filesystem')`). */
function checkStorageDefaults(context: RuleContext<MessageId>): void {
  forEachRuntimeScriptFacts(context, storageDefaults, (found, file) => {
    for (const { variable, value, span } of found) context.report({ messageId: 'localStorageDefault', data: { variable, value }, file: file.path, ...span });
  });
  forEachSourceFacts(context, literals, (found, file) => {
    for (const literal of found) {
      const variable = literal.fallbackOf?.variable;
      const value = literal.value.kind === 'string' ? literal.value.value : undefined;
      if (variable && value !== undefined && LOCAL_DRIVER.test(value) && isStorageDriverSetting(variable)) {
        context.report({ messageId: 'localStorageDefault', data: { variable, value }, file: file.path, ...literal.span });
      }
    }
  });
}
