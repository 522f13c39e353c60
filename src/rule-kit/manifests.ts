/**
 * Helpers for rules that read dependency manifests (package.json, tsconfig.json, requirements.txt):
 * where an entry sits in the text, whether a path leaves the repository, what a requirement pins.
 * Textual and pure: nothing is installed, resolved on disk or executed.
 */
import { existsSync } from 'node:fs';
import { join, posix } from 'node:path';
import ignore from 'ignore';
import { ts } from 'ts-morph';
import type { RuleContext } from '../types.js';
import { linesOf, positionAt, positionsIn } from './text.js';

/** package.json sections that install packages, in the order npm lists them. */
export const DEPENDENCY_SECTIONS = ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies'] as const;
export type DependencySection = (typeof DEPENDENCY_SECTIONS)[number];

/** Python lockfiles, and files that play that role (pip-tools output is a pinned requirements.txt, handled apart). */
export const PYTHON_LOCKFILES = ['poetry.lock', 'uv.lock', 'pdm.lock', 'Pipfile.lock', 'pylock.toml', 'requirements.lock', 'conda-lock.yml'];

/**
 * 1-based position of a key inside a top-level object of a JSON document (`dependencies` ->
 * `express`), or of the top-level key itself when `key` is omitted. Scans the text, so it works on
 * the exact bytes the user sees; undefined when absent.
 */
export function jsonEntryPosition(text: string, section: string, key?: string): { line: number; column: number } | undefined {
  let inSection = false;
  for (const { name, depth, offset } of jsonKeys(text)) {
    if (depth === 1) {
      if (name === section && key === undefined) return positionAt(text, offset);
      inSection = name === section;
    } else if (depth === 2 && inSection && name === key) {
      return positionAt(text, offset);
    } else if (depth === 0) {
      inSection = false;
    }
  }
  return undefined;
}

/**
 * Every `jsonEntryPosition(text, section, key)` answer at once, found in one pass: for a rule that
 * asks about many entries of one document (a package.json with 20,000 dependencies), where one scan
 * from the top per entry is quadratic. `index.get('dependencies')?.get('express')`.
 */
export function jsonEntryPositions(text: string): Map<string, Map<string, { line: number; column: number }>> {
  const sections = new Map<string, Map<string, { line: number; column: number }>>();
  let section: Map<string, { line: number; column: number }> | undefined;
  const positionOf = positionsIn(text);
  for (const { name, depth, offset } of jsonKeys(text)) {
    if (depth === 1) {
      if (!sections.has(name)) sections.set(name, new Map());
      section = sections.get(name);
    } else if (depth === 2 && section && !section.has(name)) {
      section.set(name, positionOf(offset));
    } else if (depth === 0) {
      section = undefined;
    }
  }
  return sections;
}

/**
 * The keys of a JSON text in order, with their nesting depth (1 for a top-level object's keys) and
 * offset, read textually in one pass; a `{ depth: 0 }` entry marks the close of a top-level value.
 */
function* jsonKeys(text: string): Generator<{ name: string; depth: number; offset: number }> {
  let depth = 0;
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '"') {
      const end = stringEnd(text, index);
      if (/^\s*:/.test(text.slice(end + 1, end + 40))) yield { name: JSON.parse(text.slice(index, end + 1)) as string, depth, offset: index };
      index = end;
    } else if (char === '{' || char === '[') {
      depth++;
    } else if (char === '}' || char === ']') {
      depth--;
      if (depth === 1) yield { name: '', depth: 0, offset: index };
    }
  }
}

/** Index of the closing quote of the JSON string starting at `start`. */
function stringEnd(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index++) {
    if (text[index] === '\\') index++;
    else if (text[index] === '"') return index;
  }
  return text.length - 1;
}

/**
 * Whether `target`, relative to the repo-relative folder `fromFolder`, leaves the repository root.
 * Pure path math: the disk is never consulted.
 */
export function leavesRoot(fromFolder: string, target: string): boolean {
  if (posix.isAbsolute(target)) return true;
  const resolved = posix.normalize(posix.join(fromFolder, target));
  return resolved === '..' || resolved.startsWith('../');
}

/**
 * Whether the audited root is itself the top of a version-control work tree (it holds `.git`, `.hg`
 * or `.svn`). When it is not, but `vcs` is set, the root is a folder of a larger repository: paths
 * that leave it may still be inside the same codebase. Looks only inside the root.
 */
export function isWorkTreeTop(root: string): boolean {
  return ['.git', '.hg', '.svn'].some((marker) => existsSync(join(root, marker)));
}

/** `file:../x`, `link:../x`, `portal:../x` -> `../x`; undefined for registry ranges and URLs. */
export function localDependencyPath(range: string): string | undefined {
  return /^(?:file|link|portal):(.+)$/.exec(range.trim())?.[1];
}

/** tsconfig/jsconfig text as an object: comments and trailing commas allowed, as tsc allows them. */
export function parseJsonc(path: string, text: string): Record<string, unknown> | undefined {
  const { config } = ts.parseConfigFileTextToJson(path, text) as { config?: unknown };
  return typeof config === 'object' && config !== null && !Array.isArray(config) ? (config as Record<string, unknown>) : undefined;
}

/** The last non-negated line of a `.gitignore` that excludes `relativePath` (relative to its folder), 1-based. */
export function gitignoreLineFor(gitignoreText: string, relativePath: string): number | undefined {
  let found: number | undefined;
  for (const { line, text } of linesOf(gitignoreText)) {
    const pattern = text.trim();
    if (pattern === '' || pattern.startsWith('#') || pattern.startsWith('!')) continue;
    if (ignore().add(pattern).ignores(relativePath)) found = line;
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// requirements.txt

export type RequirementKind =
  /** `flask==2.0.1`, `flask===2.0.1`, or any line carrying `--hash`. */
  | 'pinned'
  /** `flask>=2.0` with no upper bound. */
  | 'lowerBound'
  /** `flask` alone. */
  | 'unversioned'
  /** `flask~=2.0`, `flask>=2,<3`, `flask<3`: bounded ranges, neither pinned nor open-ended. */
  | 'ranged'
  /** `-r other.txt` / `-c constraints.txt`. */
  | 'include'
  /** `-e .`, local paths, URLs, VCS links, other options: nothing a version pin applies to. */
  | 'other';

export interface Requirement {
  line: number;
  column: number;
  kind: RequirementKind;
  /** The package name, or the included file for `include`. */
  name: string;
  /** For `include`: whether it is a constraints file (`-c`). */
  constraints?: boolean;
}

const REQUIREMENT = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*(.*)$/;

/** The requirements of one requirements file, comments and continuation lines handled. */
export function parseRequirements(text: string): Requirement[] {
  const requirements: Requirement[] = [];
  const lines = linesOf(text);
  for (let index = 0; index < lines.length; index++) {
    const first = lines[index]!;
    let content = first.text;
    while (content.endsWith('\\') && index + 1 < lines.length) content = content.slice(0, -1) + ' ' + lines[++index]!.text;
    const withoutComment = content.replace(/(^|\s)#.*$/, '').trim();
    if (withoutComment === '') continue;
    const column = first.text.length - first.text.trimStart().length + 1;
    requirements.push({ line: first.line, column, ...classifyRequirement(withoutComment) });
  }
  return requirements;
}

function classifyRequirement(text: string): Pick<Requirement, 'kind' | 'name' | 'constraints'> {
  const include = /^(-r|--requirement|-c|--constraint)(?:\s+|=)(\S+)/.exec(text);
  if (include) return { kind: 'include', name: include[2]!, constraints: include[1]!.startsWith('-c') || include[1] === '--constraint' };
  if (text.startsWith('-') || text.startsWith('.') || text.startsWith('/') || /^[a-z+]+:\/\//i.test(text)) return { kind: 'other', name: text };
  const match = REQUIREMENT.exec(text);
  if (!match) return { kind: 'other', name: text };
  const name = match[1]!;
  const rest = match[3] ?? '';
  if (rest.startsWith('@')) return { kind: 'other', name };
  if (/--hash[=\s]/.test(rest)) return { kind: 'pinned', name };
  const specifier = rest.split(';')[0]!.trim();
  if (specifier === '') return { kind: 'unversioned', name };
  if (/(^|,)\s*===?\s*[^,*]+$/.test(specifier) && !specifier.includes('*')) return { kind: 'pinned', name };
  if (/^>=?[^,<]*$/.test(specifier)) return { kind: 'lowerBound', name };
  return { kind: 'ranged', name };
}

/** `requirements.txt`, `requirements-prod.txt`, `requirements/base.txt`. */
export function isRequirementsFile(path: string): boolean {
  return /(?:^|\/)requirements[^/]*\.txt$/.test(path) || /(?:^|\/)requirements\/[^/]+\.txt$/.test(path);
}

/** A requirements file with every file it includes (`-r`, `-c`) inside the repository, transitively. */
export interface RequirementsClosure {
  /** Repo-relative paths, the file itself first. */
  files: string[];
  /** Some file of the closure pins a version: the set is meant as the lock of its environment. */
  pins: boolean;
  /** A constraints file (`-c`) is included: unpinned names may be pinned there. */
  constrained: boolean;
}

/** `read` returns a repository file's text, or undefined when it is not in the repository. */
export function requirementsClosure(path: string, read: (path: string) => string | undefined): RequirementsClosure {
  const closure: RequirementsClosure = { files: [], pins: false, constrained: false };
  const pending = [path];
  for (let current = pending.pop(); current !== undefined; current = pending.pop()) {
    if (closure.files.includes(current)) continue;
    const text = read(current);
    if (text === undefined) continue;
    closure.files.push(current);
    const folder = posix.dirname(current);
    for (const requirement of parseRequirements(text)) {
      if (requirement.kind === 'pinned') closure.pins = true;
      if (requirement.kind !== 'include' || leavesRoot(folder, requirement.name)) continue;
      if (requirement.constraints) closure.constrained = true;
      pending.push(posix.normalize(posix.join(folder, requirement.name)));
    }
  }
  return closure;
}

/** Reads a file only when the app's index lists it, so asking about a missing include records no read error. */
export function indexedReader(context: Pick<RuleContext, 'file' | 'text'>): (path: string) => string | undefined {
  return (path) => (context.file(path) ? context.text(path) : undefined);
}

/**
 * Names of the packages whose package.json lies in this repository (workspace members, local
 * packages): a dependency on one of them resolves to the local folder whatever range it names.
 */
export function localPackageNames(context: Pick<RuleContext, 'repo' | 'json'>): Set<string> {
  const names = new Set<string>();
  for (const file of context.repo.files) {
    if (posix.basename(file.path) !== 'package.json' || (file.role !== 'config' && file.role !== 'source')) continue;
    const json = context.json(file.path);
    const name = typeof json === 'object' && json !== null ? (json as Record<string, unknown>).name : undefined;
    if (typeof name === 'string') names.add(name);
  }
  return names;
}

/** How each npm-ecosystem lockfile names an installed package at the start of its entry. */
const LOCKFILE_ENTRY: Readonly<Record<string, (name: string) => RegExp>> = {
  'package-lock.json': (name) => new RegExp(`"(?:[^"]*/)?node_modules/${name}"\\s*:`),
  'npm-shrinkwrap.json': (name) => new RegExp(`"(?:[^"]*/)?node_modules/${name}"\\s*:`),
  'yarn.lock': (name) => new RegExp(`^"?${name}@`, 'm'),
  'pnpm-lock.yaml': (name) => new RegExp(`^\\s+['"]?/?${name}@`, 'm'),
  'bun.lock': (name) => new RegExp(`^\\s+"${name}"\\s*:`, 'm'),
};

/**
 * Whether one of the app's committed lockfiles installs `name` (as a dependency of something else,
 * typically): then an import of it resolves to a pinned version even though no manifest declares it.
 * A lockfile that cannot be read (binary `bun.lockb`, over the size limit) may install it: true.
 */
export function lockfileInstalls(context: Pick<RuleContext, 'app' | 'text'>, name: string): boolean {
  const escaped = name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  return context.app.lockfiles.some((path) => {
    const entry = LOCKFILE_ENTRY[posix.basename(path)];
    const text = entry ? context.text(path) : undefined;
    return text === undefined || entry!(escaped).test(text);
  });
}
