/**
 * `local-writes` in Python: uploaded files saved (Flask/Werkzeug `FileStorage.save`, WTForms file
 * fields), files opened for writing, Django's FileSystemStorage and where Django keeps media.
 */
import {
  argumentAt,
  argumentsOf,
  childrenOf,
  envReadsOf,
  inMainGuard,
  literalValue,
  pathOf,
  PythonScope,
  SCOPE_KINDS,
  unwrap,
  wrapperDefinition,
} from '../syntax/python.js';
import type { SyntaxExtraction, TreeNode } from '../types.js';
import { HOLE } from '../values.js';
import { innermost, type FunctionExtent } from './extents.js';
import { nameWords } from '../../util/name-words.js';
import { namesPidFile } from './pid-file.js';
import { RemovedAgain } from './removed-again.js';
import { isScratchName } from './scratch.js';
import type { Destination, LocalWrite, LocalWrites } from './index.js';

const FILE_SYSTEM_STORAGE = 'django.core.files.storage.FileSystemStorage';
const OPENERS = new Set(['open', 'io.open', 'codecs.open']);
/** Names of the project's own folder, as settings and apps write it: a path on them is a path in the checkout. */
const PROJECT_BASE = /^(?:BASE_DIR|basedir|base_dir|BASEDIR|ROOT_DIR|PROJECT_ROOT|PROJECT_DIR|(?:\w+\.)*root_path|settings\.BASE_DIR|settings\.MEDIA_ROOT|MEDIA_ROOT)$/;
const MAX_DESTINATION_NODES = 64;
/** Text every scratch destination holds (`tempfile`, `/tmp`, `temp_dir`, `scratch`) unless it goes through a variable. */
const SCRATCH_HINT = /te?mp|scratch/i;
/** Settings that choose Django's default storage, and how they name FileSystemStorage. */
const STORAGE_SETTING = /^(?:DEFAULT_FILE_STORAGE|STORAGES)$/;
const NAMES_FILE_SYSTEM_STORAGE = /^DEFAULT_FILE_STORAGE\s*=\s*['"][\w.]*FileSystemStorage['"]|["']default["']\s*:\s*\{[^}]*["']BACKEND["']\s*:\s*["'][\w.]*FileSystemStorage["']/s;

export const pythonLocalWrites: SyntaxExtraction<string, TreeNode, LocalWrites> = {
  kinds: [...SCOPE_KINDS, 'function_definition', 'for_statement', 'return_statement', 'call'],
  create(file) {
    const scope = new PythonScope();
    const found: LocalWrites = { writes: [], reads: [] };
    const functions: FunctionExtent[] = [];
    /** Names bound to an uploaded file: assigned from, or looping over, `request.files`. */
    const uploads = new Set<string>();

    /** Names a function bound to temporary space (`target = self.temp.joinpath(name)`), keyed by the function's start. */
    const scratchVariables = new Set<string>();
    const functionKey = (node: TreeNode): number => innermost(functions, node.startIndex, node.endIndex)?.start ?? -1;
    const variableKey = (node: TreeNode): string => `${functionKey(node)}:${node.text}`;
    const removedAgain = new RemovedAgain();
    /** `self.x = <path>` assignments by attribute (undefined once set twice), the writes through `self.x`, and the attributes opened for reading. */
    const attributeValues = new Map<string, { value: TreeNode; span: LocalWrite['span'] } | undefined>();
    const attributeWrites: { write: LocalWrite; attribute: string }[] = [];
    const attributesRead = new Set<string>();

    const destinationOf = (node: TreeNode | undefined): Destination => {
      if (node === undefined) return { kind: 'unknown' };
      const head = pathHead(node, scope);
      if (head.type === 'identifier' && !RECEIVERS.has(head.text) && innermost(functions, node.startIndex, node.endIndex)?.params.includes(head.text)) return { kind: 'parameter' };
      const pending = [node];
      for (let seen = 0; seen < MAX_DESTINATION_NODES; seen++) {
        const current = pending.pop();
        if (current === undefined) break;
        if ((current.type === 'call' || current.type === 'subscript') && envReadsOf(current, scope).length > 0) return { kind: 'env' };
        if (current.type === 'call' && /^tempfile\./.test(scope.qualify(pathOf(current.childForFieldName('function') ?? current)) ?? '')) return { kind: 'scratch' };
        if (current.type === 'string' && /^\/tmp(?:\/|$)/.test(String(literalValue(current)?.value ?? ''))) return { kind: 'scratch' };
        if (current.type === 'identifier' && (isScratchName(current.text) || scratchVariables.has(variableKey(current)))) return { kind: 'scratch' };
        pending.push(...childrenOf(current));
      }
      const path = pathPieces(node);
      if (path[0] === HOLE || path[0]?.startsWith('*')) return { kind: 'unknown' };
      return { kind: 'literal', path: shownPath(path) };
    };

    const record = (what: LocalWrites['writes'][number]['what'], call: string, node: TreeNode, destination: Destination, target?: TreeNode) => {
      if (inMainGuard(node)) return;
      const within = innermost(functions, node.startIndex, node.endIndex);
      const log = what === 'file' && target !== undefined && NAMES_LOG.test(target.text);
      const pidFile = what === 'file' && target !== undefined && namesPidFile(target.text);
      const write: LocalWrite = {
        what,
        call,
        destination,
        ...(within ? { within: within.name } : {}),
        ...(log && { log: true as const }),
        ...(pidFile && { pidFile: true as const }),
        span: file.span(node.startIndex, node.endIndex),
      };
      found.writes.push(write);
      if (what === 'file') removedAgain.noteWrite(write, node, target, within?.start ?? -1);
      const attribute = target && selfAttribute(target);
      if (what === 'file' && attribute !== undefined) attributeWrites.push({ write, attribute });
    };

    return {
      visit(node) {
        if (node.type === 'function_definition') {
          const definition = wrapperDefinition(node);
          if (definition) functions.push({ ...definition, start: node.startIndex, end: node.endIndex });
          return;
        }
        if (node.type === 'return_statement') {
          removedAgain.noteReturn(node, functionKey(node));
          return;
        }
        if (node.type === 'for_statement') {
          const target = node.childForFieldName('left');
          if (target?.type === 'identifier' && mentionsRequestFiles(node.childForFieldName('right'))) uploads.add(target.text);
          return;
        }
        if (node.type === 'assignment') {
          scope.observe(node);
          const target = node.childForFieldName('left');
          const value = node.childForFieldName('right');
          if (target?.type === 'identifier' && mentionsRequestFiles(value)) uploads.add(target.text);
          removedAgain.noteAssignment(node, functionKey(node));
          const attribute = target === null ? undefined : selfAttribute(target);
          if (attribute !== undefined && value !== null) {
            attributeValues.set(attribute, attributeValues.has(attribute) ? undefined : { value, span: file.span(node.startIndex, node.endIndex) });
          }
          // Only a value that names temporary space, or a variable bound to it, is followed (most assignments are neither).
          const mayBeScratch = value !== null && (SCRATCH_HINT.test(value.text) || scratchVariables.size > 0);
          if (target?.type === 'identifier' && mayBeScratch && destinationOf(value).kind === 'scratch') scratchVariables.add(variableKey(target));
          if (found.uploadFolder === undefined && target?.type === 'identifier' && value !== null && isUploadFolderSetting(target.text) && isSetting(node) && defaultsIntoApp(value, scope)) {
            found.uploadFolder = { setting: target.text, span: file.span(node.startIndex, node.endIndex) };
          }
          if (target?.type === 'identifier' && node.parent?.parent?.type === 'module') {
            if (target.text === 'MEDIA_ROOT') found.mediaRoot = file.span(node.startIndex, node.endIndex);
            else if (STORAGE_SETTING.test(target.text) && NAMES_FILE_SYSTEM_STORAGE.test(node.text)) record('storage', target.text, node, { kind: 'unknown' });
          }
          return;
        }
        if (node.type !== 'call') {
          scope.observe(node);
          return;
        }
        const written = pathOf(node.childForFieldName('function') ?? node);
        if (written === null) return;
        const qualified = scope.qualify(written) ?? written;
        const args = argumentsOf(node);
        removedAgain.noteCall(node, qualified, functionKey(node));
        if (written.endsWith('.save') && isUpload(written.slice(0, -'.save'.length), uploads)) {
          record('upload', written, node, destinationOf(argumentAt(args, 0, 'dst')));
        } else if (qualified === FILE_SYSTEM_STORAGE) {
          const location = argumentAt(args, 0, 'location');
          record('storage', written, node, location === undefined ? { kind: 'unknown' } : destinationOf(location));
        } else if (OPENERS.has(qualified)) {
          const mode = literalValue(argumentAt(args, 1, 'mode') ?? node)?.value;
          const path = argumentAt(args, 0, 'file');
          if (typeof mode === 'string' && /[wax]/.test(mode)) record('file', written, node, destinationOf(path), path);
          else if (path !== undefined && (mode === undefined || mode === 'r' || mode === 'rb')) {
            const attribute = selfAttribute(path);
            if (attribute !== undefined) attributesRead.add(attribute);
            const destination = destinationOf(path);
            if (destination.kind === 'literal') found.reads.push(destination.path);
          }
        }
      },
      result: () => {
        removedAgain.mark();
        for (const { write, attribute } of attributeWrites) {
          const set = attributeValues.get(attribute);
          if (set === undefined) continue;
          write.destination = destinationOf(set.value);
          write.store = { span: set.span, path: shownPath(pathPieces(set.value)), readBack: attributesRead.has(attribute) };
        }
        return found;
      },
    };
  },
};

/**
 * A path expression that names a log: `ERROR_LOG`, `log_path`, `'debug.log'`, `logs_dir / name`, a
 * child process's `stdout_file`. Opened to be a log, it is logs/file-transport's business.
 */
const NAMES_LOG = /(?:^|[^a-z])log(?:s|file|_file|_path|_dir)?(?:[^a-z]|$)|\.log\b|std(?:out|err)/i;


/** `request.files['photo']`, `request.files.get('photo')`, `request.files.getlist('photos')`. */
function mentionsRequestFiles(node: TreeNode | null): boolean {
  return node !== null && /\brequest\.files\b/.test(node.text);
}

/** The receiver of a `.save()` that is an uploaded file: a name bound to one, `request.files[...]`, or a WTForms file field's `form.photo.data`. */
function isUpload(receiver: string, uploads: ReadonlySet<string>): boolean {
  return uploads.has(receiver) || receiver.startsWith('request.files') || /^(?:self\.)?\w*form\w*\.\w+\.data$/i.test(receiver);
}

/** A method's own first parameter: what is built on `self.x` is the object's, not a caller's choice. */
const RECEIVERS = new Set(['self', 'cls']);
/** Calls that build a path on their first argument (or only convert it: `str(BASE_DIR / "uploads")`). */
const PATH_CONSTRUCTORS = /^(?:os\.path\.(?:join|abspath|realpath|normpath)|os\.fspath|str|pathlib\.(?:Pure|Posix|Windows)?Path|(?:Pure|Posix|Windows)?Path)$/;
/** How far `pathHead` follows an expression to the folder it starts from. */
const MAX_HEAD_DEPTH = 12;

/** `UPLOAD_FOLDER`, `UPLOADS_DIR`, `upload_path`; not Django's `FILE_UPLOAD_TEMP_DIR` (scratch). */
function isUploadFolderSetting(name: string): boolean {
  const words = nameWords(name);
  return words.some((word) => word === 'upload' || word === 'uploads') && FOLDER_WORDS.has(words.at(-1) ?? '') && !isScratchName(name);
}

const FOLDER_WORDS = new Set(['folder', 'dir', 'directory', 'path', 'root']);

/** An assignment of a module or of a class body (a settings class): `UPLOAD_FOLDER = ...` in `class BaseConfig:`. */
function isSetting(assignment: TreeNode): boolean {
  const container = assignment.parent?.parent;
  return container?.type === 'module' || (container?.type === 'block' && container.parent?.type === 'class_definition');
}

/** The project's own folder: `BASE_DIR`, `app.root_path`, `os.path.dirname(__file__)`, `__file__` (`Path(__file__).parent`). */
function isProjectBase(node: TreeNode): boolean {
  return PROJECT_BASE.test(pathOf(node) ?? '') || isFileFolder(node) || (node.type === 'identifier' && node.text === '__file__');
}

/** How many environment fallbacks `defaultsIntoApp` follows (`os.getenv("A", os.getenv("B", BASE_DIR))`). */
const MAX_FALLBACKS = 4;

/**
 * Whether a folder setting lies inside the app's own folder unless a deploy sets it: built on the
 * project's folder or a relative path, an environment read counting as its fallback. A read with no
 * fallback, an absolute path (`/srv/uploads`, a volume an image may declare) or anything else does not.
 */
function defaultsIntoApp(value: TreeNode, scope: PythonScope): boolean {
  let current = value;
  for (let fallbacks = 0; fallbacks <= MAX_FALLBACKS; fallbacks++) {
    const head = pathHead(current, scope, (node) => isProjectBase(node) || envReadsOf(node, scope).length > 0);
    if (isProjectBase(head)) return true;
    const read = envReadsOf(head, scope)[0];
    if (read === undefined) {
      const literal = literalValue(head);
      return (literal?.kind === 'string' || literal?.kind === 'template') && literal.value !== '' && !literal.value.startsWith(HOLE) && !/^[/~\\]|^[A-Za-z]:/.test(literal.value);
    }
    if (read.fallback === undefined) return false;
    current = read.fallback;
  }
  return false;
}

/**
 * What a path expression is built on: `build_dir` in `Path(build_dir, "x.json")`, `os.path.join(build_dir, name)`,
 * `build_dir / "x.json"`, `build_dir.joinpath("x.json")`, `f"{build_dir}/x.json"` and `save_path` itself.
 * A `self.x` head is `self`. `stop` ends the walk early at a node the caller wants to see whole.
 */
function pathHead(node: TreeNode, scope: PythonScope, stop: (node: TreeNode) => boolean = () => false): TreeNode {
  let current = unwrap(node);
  for (let depth = 0; depth < MAX_HEAD_DEPTH; depth++) {
    if (stop(current)) return current;
    let next: TreeNode | null | undefined;
    if (current.type === 'call') {
      const function_ = current.childForFieldName('function');
      const callee = function_ === null ? null : scope.qualify(pathOf(function_));
      if (callee !== null && PATH_CONSTRUCTORS.test(callee)) next = argumentAt(argumentsOf(current), 0);
      // `base.joinpath(...)`, `base.with_suffix(...)`: built on the receiver.
      else if (function_?.type === 'attribute') next = function_.childForFieldName('object');
    } else if (current.type === 'binary_operator') next = current.childForFieldName('left');
    else if (current.type === 'attribute') next = current.childForFieldName('object');
    else if (current.type === 'string') {
      const first = childrenOf(current).find((part) => part.type !== 'string_start');
      next = first?.type === 'interpolation' ? first.childForFieldName('expression') : undefined;
    }
    if (next === null || next === undefined) return current;
    current = unwrap(next);
  }
  return current;
}

/** `x` of `self.x`. */
function selfAttribute(node: TreeNode): string | undefined {
  const expression = unwrap(node);
  if (expression.type !== 'attribute' || expression.childForFieldName('object')?.text !== 'self') return undefined;
  return expression.childForFieldName('attribute')?.text;
}

/** A path expression's pieces: literal text (dynamic parts `*`), `.` for the project's folder, HOLE for anything else. */
function pathPieces(node: TreeNode): string[] {
  return (joinedPieces(node) ?? [node]).map((piece) => {
    const literal = literalValue(piece);
    if (literal?.kind === 'string' || literal?.kind === 'template') return literal.value.replaceAll(HOLE, '*');
    return PROJECT_BASE.test(pathOf(piece) ?? '') || isFileFolder(piece) ? '.' : HOLE;
  });
}

/** The pieces as one path, each part the code does not fix shown as `*` (`os.path.join(settings.data, "pending.json")` is `*` then `/pending.json`). */
function shownPath(pieces: readonly string[]): string {
  return pieces.map((piece) => (piece === HOLE ? '*' : piece)).join('/').replace(/\/+/g, '/').replace(/^\.\/(?!$)/, '');
}

/** The arguments of `os.path.join(...)`, undefined for anything else. */
function joinedPieces(node: TreeNode): TreeNode[] | undefined {
  if (node.type !== 'call' || pathOf(node.childForFieldName('function') ?? node) !== 'os.path.join') return undefined;
  return argumentsOf(node).map((arg) => arg.value);
}

/** `os.path.dirname(__file__)`, `os.path.abspath(os.path.dirname(__file__))`: the folder of the module. */
function isFileFolder(node: TreeNode): boolean {
  return node.type === 'call' && /\b__file__\b/.test(node.text) && /^os\.path\./.test(pathOf(node.childForFieldName('function') ?? node) ?? '');
}
