/**
 * Python and Go manifests as the repo stage reads them: which files make a folder an app (its
 * manifests), and the dependencies they declare. Read as text, linearly, never executed: setup.py is
 * scanned for its `install_requires` list, pyproject.toml and Pipfile for the tables that list packages.
 */
import { posix } from 'node:path';
import { normalisePythonName } from '../knowledge/python-go-packages.js';
import type { IndexedFile } from '../types.js';
import type { FileStore } from './store.js';

const PYTHON_MANIFESTS = new Set(['pyproject.toml', 'Pipfile', 'setup.py', 'setup.cfg']);

/** `requirements.txt`, `requirements-prod.txt`, `requirements/base.txt`. */
function isRequirements(path: string): boolean {
  return /(?:^|\/)requirements[^/]*\.txt$/.test(path) || /(?:^|\/)requirements\/[^/]+\.txt$/.test(path);
}

/** Requirements files for development only: tests, linting, docs, local tooling. */
function isDevelopmentRequirements(path: string): boolean {
  return /(?:^|[/_.-])(?:dev|develop|development|test|tests|testing|lint|docs?|ci|local|tox)(?:[_.-]|\.txt$)/i.test(posix.basename(path));
}

/**
 * The folder a Python or Go manifest makes an app of: its own folder, or for `requirements/base.txt`
 * the folder holding `requirements/`. Undefined for any other file.
 */
export function manifestFolder(path: string): string | undefined {
  const name = posix.basename(path);
  const folder = posix.dirname(path);
  if (name === 'go.mod' || PYTHON_MANIFESTS.has(name)) return folder;
  if (!isRequirements(path)) return undefined;
  return posix.basename(folder) === 'requirements' ? posix.dirname(folder) : folder;
}

/**
 * A `setup.py` that packages with setuptools (or distutils): a module that only happens to be named
 * so (Django settings split into `setup.py` files) makes no app.
 */
export function isPackagingScript(text: string): boolean {
  return /\b(?:setuptools|distutils)\b/.test(text) && /\bsetup\s*\(/.test(text);
}

/** The Python and Go manifests that declare the dependencies of the app in `folder`, sorted. */
export function manifestsOf(folder: string, ownFiles: readonly IndexedFile[]): string[] {
  return ownFiles
    .filter((file) => (file.role === 'config' || file.role === 'source') && manifestFolder(file.path) === folder)
    .map((file) => file.path)
    .sort();
}

export interface DeclaredDependencies {
  /** Normalised Python names and Go module paths the app needs at run time, sorted. */
  dependencies: string[];
  /**
   * Those it needs only to develop (dev requirements, poetry/uv/PEP 735 dev groups, Pipfile dev-packages)
   * or only with an extra (`[project.optional-dependencies]`): declared, but not what a plain install gets. Sorted.
   */
  devDependencies: string[];
}

export function declaredDependencies(manifests: readonly string[], store: FileStore): DeclaredDependencies {
  const runtime = new Set<string>();
  const development = new Set<string>();
  for (const path of manifests) {
    const text = store.text(path);
    if (text === undefined) continue;
    const name = posix.basename(path);
    const { run, dev } =
      name === 'go.mod'
        ? { run: goRequirements(text), dev: [] }
        : name === 'pyproject.toml' || name === 'Pipfile'
          ? tomlDependencies(text)
          : name === 'setup.py'
            ? setupPyDependencies(text)
            : name === 'setup.cfg'
              ? { run: setupCfgDependencies(text), dev: [] }
              : isDevelopmentRequirements(path)
                ? { run: [], dev: requirementNames(text) }
                : { run: requirementNames(text), dev: [] };
    for (const dependency of run) runtime.add(dependency);
    for (const dependency of dev) development.add(dependency);
  }
  return { dependencies: [...runtime].sort(), devDependencies: [...development].filter((name) => !runtime.has(name)).sort() };
}

/**
 * The name a Python or Go project gives itself: pyproject's `[project]` / `[tool.poetry]` `name`,
 * setup.cfg's `[metadata]` `name`, the last element of go.mod's module path (`github.com/acme/shop/v2`
 * -> shop). A checkout's folder can be called anything; this is what its images and docs are named after.
 */
export function declaredProjectName(manifests: readonly string[], store: FileStore): string | undefined {
  for (const path of manifests) {
    const text = store.text(path);
    if (text === undefined) continue;
    const file = posix.basename(path);
    const name =
      file === 'go.mod'
        ? /^module\s+(\S+)/m.exec(text)?.[1]?.replace(/\/v\d+$/, '').split('/').at(-1)
        : file === 'pyproject.toml'
          ? tableValue(text, /^(?:project|tool\.poetry)$/, 'name')
          : file === 'setup.cfg'
            ? tableValue(text, /^metadata$/, 'name')
            : undefined;
    if (name !== undefined && name !== '') return name;
  }
  return undefined;
}

/**
 * Whether the manifests build a package for other projects to import: a packaging `setup.py`, a
 * `setup.cfg` with `[metadata]`, or a `pyproject.toml` declaring a `[build-system]`, none of them
 * declaring commands (`[project.scripts]`, `console_scripts`): an installable application such as
 * `pip install calibreweb` then `cps` is run, not imported.
 */
export function isImportablePythonPackage(manifests: readonly string[], store: FileStore): boolean {
  const texts = manifests.map((path) => ({ file: posix.basename(path), text: store.text(path) ?? '' }));
  if (texts.some(({ text }) => /^\[(?:project\.scripts|project\.gui-scripts|tool\.poetry\.scripts)\]|console_scripts|gui_scripts/m.test(text))) return false;
  return texts.some(({ file, text }) => {
    if (file === 'setup.py') return isPackagingScript(text);
    if (file === 'setup.cfg') return /^\[metadata\]/m.test(text);
    return file === 'pyproject.toml' && /^\[build-system\]/m.test(text);
  });
}

/** `key = "value"` (or `key = value` in an INI file) in a `[table]` whose name matches `table`. */
function tableValue(text: string, table: RegExp, key: string): string | undefined {
  const entry = new RegExp(`^${key}\\s*=\\s*["']?([^"'\\s]+)["']?\\s*$`);
  let current = '';
  for (const rawLine of text.split('\n')) {
    const line = withoutComment(rawLine).trim();
    if (line.startsWith('[') && line.endsWith(']')) current = line.slice(1, -1).trim();
    else if (table.test(current)) {
      const value = entry.exec(line)?.[1];
      if (value !== undefined) return value;
    }
  }
  return undefined;
}

/** The project name a PEP 508 requirement starts with (`Flask[async]>=2` -> flask). */
function requirementName(requirement: string): string | undefined {
  const name = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(requirement)?.[1];
  return name === undefined ? undefined : normalisePythonName(name);
}

/** Names in a requirements file: options (`-r`, `-e`, `--hash`), paths and URLs name no package. */
function requirementNames(text: string): string[] {
  const names: string[] = [];
  for (const line of text.split('\n')) {
    const content = line.replace(/(^|\s)#.*$/, '').trim();
    if (content === '' || content.startsWith('-') || content.startsWith('.') || content.startsWith('/') || content.includes('://')) continue;
    const name = requirementName(content);
    if (name !== undefined) names.push(name);
  }
  return names;
}

/** `require x v1` and `require ( ... )` of go.mod; `// indirect` ones are the dependencies' own. */
function goRequirements(text: string): string[] {
  const modules: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    const content = line.trim();
    if (inBlock) {
      if (content.startsWith(')')) inBlock = false;
      else if (!content.includes('// indirect')) modules.push(...firstWord(content));
    } else if (/^require\s*\($/.test(withoutLineComment(content))) {
      inBlock = true;
    } else if (content.startsWith('require ') && !content.includes('// indirect')) {
      modules.push(...firstWord(content.slice('require '.length)));
    }
  }
  return modules;
}

function withoutLineComment(text: string): string {
  const comment = text.indexOf('//');
  return (comment === -1 ? text : text.slice(0, comment)).trimEnd();
}

function firstWord(text: string): string[] {
  const word = text.trim().split(/\s+/)[0];
  return word === undefined || word === '' || word.startsWith('//') ? [] : [word.replace(/^"|"$/g, '')];
}

/** Tables whose keys are packages (poetry, Pipfile) and whether they are for development. */
const KEYED_TABLES: readonly [RegExp, 'run' | 'dev'][] = [
  [/^tool\.poetry\.dependencies$/, 'run'],
  [/^packages$/, 'run'],
  [/^tool\.poetry\.(?:dev-dependencies|group\.[^.]+\.dependencies)$/, 'dev'],
  [/^dev-packages$/, 'dev'],
];

/**
 * pyproject.toml (PEP 621 `[project] dependencies`, poetry tables, PEP 735 `[dependency-groups]`,
 * uv and pdm dev dependencies) and Pipfile, read line by line: enough TOML for the lists of names.
 */
function tomlDependencies(text: string): { run: string[]; dev: string[] } {
  const run: string[] = [];
  const dev: string[] = [];
  let table = '';
  let openArray: 'run' | 'dev' | undefined;
  for (const rawLine of text.split('\n')) {
    const line = withoutComment(rawLine).trim();
    if (openArray !== undefined) {
      (openArray === 'run' ? run : dev).push(...quotedNames(line));
      if (closesArray(line)) openArray = undefined;
      continue;
    }
    if (line.startsWith('[') && line.endsWith(']')) {
      const inner = line.startsWith('[[') && line.endsWith(']]') ? line.slice(2, -2) : line.slice(1, -1);
      table = inner.trim().replace(/["']/g, '');
      continue;
    }
    const entry = /^("[^"]*"|'[^']*'|[A-Za-z0-9_.-]+)\s*=\s*(.*)$/.exec(line);
    if (!entry) continue;
    const key = entry[1]!.replace(/^["']|["']$/g, '');
    const value = entry[2]!;
    const keyed = KEYED_TABLES.find(([pattern]) => pattern.test(table))?.[1];
    if (keyed !== undefined) {
      if (key !== 'python') (keyed === 'run' ? run : dev).push(normalisePythonName(key));
      continue;
    }
    const listKind =
      table === 'project' && key === 'dependencies'
        ? 'run'
        : table === 'dependency-groups' || (table === 'tool.uv' && key === 'dev-dependencies') || table === 'tool.pdm.dev-dependencies'
          ? 'dev'
          : table === 'project.optional-dependencies'
            ? 'dev'
            : undefined;
    if (listKind === undefined || !value.startsWith('[')) continue;
    (listKind === 'run' ? run : dev).push(...quotedNames(value));
    if (!closesArray(value.slice(1))) openArray = listKind;
  }
  return { run, dev };
}

/** A TOML or Python line without its `#` comment (a `#` inside quotes stays). */
function withoutComment(line: string): string {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (quote !== undefined) {
      if (char === '\\') index++;
      else if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#') {
      return line.slice(0, index);
    }
  }
  return line;
}

/** A `]` outside quotes: the brackets of extras (`"fastapi[standard]"`) do not close the list. */
function closesArray(text: string): boolean {
  return text.replace(/"[^"]*"|'[^']*'/g, '').includes(']');
}

/** The package names of the quoted requirements on a line. */
function quotedNames(text: string): string[] {
  return [...text.matchAll(/"([^"]*)"|'([^']*)'/g)].flatMap((match) => {
    const name = requirementName(match[1] ?? match[2] ?? '');
    return name === undefined ? [] : [name];
  });
}

/** setup.py's `install_requires=[...]` and `tests_require=[...]` lists, as written (a computed list names nothing). */
function setupPyDependencies(text: string): { run: string[]; dev: string[] } {
  const listOf = (keyword: string): string[] => {
    const start = text.search(new RegExp(`\\b${keyword}\\s*=\\s*\\[`));
    if (start === -1) return [];
    const open = text.indexOf('[', start);
    const close = text.indexOf(']', open);
    return quotedNames(text.slice(open, close === -1 ? text.length : close).split('\n').map(withoutComment).join('\n'));
  };
  return { run: listOf('install_requires'), dev: listOf('tests_require') };
}

/** setup.cfg's `install_requires =` under `[options]`, one requirement per indented line. */
function setupCfgDependencies(text: string): string[] {
  const names: string[] = [];
  let section = '';
  let inList = false;
  for (const rawLine of text.split('\n')) {
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(rawLine);
    if (header) {
      section = header[1]!.trim();
      inList = false;
      continue;
    }
    if (section !== 'options') continue;
    const entry = /^([A-Za-z_][\w-]*)\s*[=:]\s*(.*)$/.exec(rawLine);
    if (entry) {
      inList = entry[1] === 'install_requires';
      if (inList && entry[2]!.trim() !== '') names.push(...optionalName(entry[2]!));
    } else if (inList && /^\s+\S/.test(rawLine)) {
      names.push(...optionalName(rawLine.replace(/#.*$/, '')));
    }
  }
  return names;
}

function optionalName(text: string): string[] {
  const name = requirementName(text);
  return name === undefined ? [] : [name];
}
