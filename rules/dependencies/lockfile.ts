import { posix } from 'node:path';
import {
  PYTHON_LOCKFILES,
  defineRule,
  foldersAbove,
  gitignoreLineFor,
  inFolder,
  indexedReader,
  jsonEntryPosition,
  listFolder,
  parseRequirements,
  requirementsClosure,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext, Severity } from '../../src/types.js';

type MessageId = 'missingLockfile' | 'lockfileIgnored' | 'lockfileIgnoredAbove' | 'requirementsUnpinned' | 'competingLockfiles';

const NPM_LOCKFILES = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb'];
/** `packageManager: "pnpm@9.1.0"` names the one lockfile the app should have. */
const LOCKFILE_OF_MANAGER: Readonly<Record<string, string>> = { npm: 'package-lock.json', yarn: 'yarn.lock', pnpm: 'pnpm-lock.yaml', bun: 'bun.lock' };
type Requirement = ReturnType<typeof parseRequirements>[number];

const NOT_SHIPPED: ReadonlySet<IndexedFile['role']> = new Set(['test', 'docs', 'vendored', 'generated']);

/** What one ecosystem's manifest needs beside it. */
interface Ecosystem {
  /** The manifest's file name. */
  manifest: string;
  lockfiles: readonly string[];
  /** Whether the manifest declares anything to lock (a go.mod without `require` locks nothing). */
  declares(text: string, folder: string, context: RuleContext<MessageId>): boolean;
  /** Lockfiles may sit in a folder above (Cargo and uv workspaces). */
  inherited?: boolean;
  /** A library by its own ecosystem's signs: locks are customary only for what gets deployed. */
  isLibrary?(text: string, folder: string, context: RuleContext<MessageId>): boolean;
}

const ECOSYSTEMS: readonly Ecosystem[] = [
  { manifest: 'Pipfile', lockfiles: ['Pipfile.lock'], declares: (text) => /^\[(?:dev-)?packages\]\s*\n\s*[A-Za-z0-9]/m.test(text) },
  { manifest: 'pyproject.toml', lockfiles: PYTHON_LOCKFILES, declares: pyprojectDeclaresDependencies, inherited: true },
  { manifest: 'go.mod', lockfiles: ['go.sum'], declares: (text) => /^require\b/m.test(text) },
  {
    manifest: 'Gemfile',
    lockfiles: ['Gemfile.lock'],
    declares: (text) => /^\s*gem\s+['"]/m.test(text),
    isLibrary: (_text, folder, context) => context.files.some((file) => posix.dirname(file.path) === folder && file.path.endsWith('.gemspec')),
  },
  { manifest: 'Cargo.toml', lockfiles: ['Cargo.lock'], declares: isBinaryCrate, inherited: true },
  {
    manifest: 'composer.json',
    lockfiles: ['composer.lock'],
    declares: (text) => /"require"\s*:\s*\{[^}]*"(?!php"|ext-)[^"]+"\s*:/.test(text),
    isLibrary: (text) => /"type"\s*:\s*"library"/.test(text),
  },
];

/** `[project] dependencies = ["x"]` or `[tool.poetry.dependencies]` with something besides python. */
function pyprojectDeclaresDependencies(text: string): boolean {
  if (listStartsWithString(text)) return true;
  const poetry = /^\[tool\.poetry\.dependencies\]\s*\n([\s\S]*?)(?=^\[|(?![\s\S]))/m.exec(text)?.[1] ?? '';
  return /^(?!python\s*=)[A-Za-z0-9][\w.-]*\s*=/m.test(poetry);
}

const DEPENDENCIES_LIST = /^dependencies\s*=\s*\[/gm;

/**
 * A `dependencies = [` list whose first item, past whitespace and `#` comments, is a string. Scanned
 * by hand: the pattern `\[\s*(?:#[^\n]*\s*)*["']` tries every way to split a banner of `#`s into
 * comments, exponential in its length.
 */
function listStartsWithString(text: string): boolean {
  for (const match of text.matchAll(DEPENDENCIES_LIST)) {
    let at = match.index + match[0].length;
    for (;;) {
      while (at < text.length && /\s/.test(text.charAt(at))) at++;
      if (text.charAt(at) !== '#') break;
      const end = text.indexOf('\n', at);
      at = end === -1 ? text.length : end;
    }
    if (text.charAt(at) === '"' || text.charAt(at) === "'") return true;
  }
  return false;
}

/** Only binaries need Cargo.lock committed: a `[[bin]]` target or a `src/main.rs` next to the manifest. */
function isBinaryCrate(text: string, folder: string, context: RuleContext<MessageId>): boolean {
  return /^\[\[bin\]\]/m.test(text) || context.file(inFolder(folder, 'src/main.rs')) !== undefined;
}

function severityFor(isLibrary: boolean): Severity | undefined {
  return isLibrary ? 'note' : undefined;
}

/** Per rule context, the names listed in each folder: a folder is listed once however often it is asked about. */
const listedFolders = new WeakMap<RuleContext<MessageId>, Map<string, Set<string>>>();

/**
 * Names of the indexed entries of `folder` (the index keeps lockfiles over its size limit), so a
 * member app sees its workspace root's lockfile.
 */
function namesIn(context: RuleContext<MessageId>, folder: string): Set<string> {
  let byFolder = listedFolders.get(context);
  if (!byFolder) listedFolders.set(context, (byFolder = new Map()));
  let names = byFolder.get(folder);
  if (!names) byFolder.set(folder, (names = new Set(listFolder(context, folder).map((path) => posix.basename(path)))));
  return names;
}

/** The first of `lockfiles` in `folder` that .gitignore excludes, with the line that excludes it. */
function ignoredLockfile(
  context: RuleContext<MessageId>,
  folder: string,
  lockfiles: readonly string[],
): { lockfile: string; file: string; line: number } | undefined {
  const lockfile = lockfiles.map((name) => inFolder(folder, name)).find((path) => context.repo.isGitIgnored(path));
  if (lockfile === undefined) return undefined;
  for (const gitignoreFolder of [folder, ...foldersAbove(folder)]) {
    const gitignore = inFolder(gitignoreFolder, '.gitignore');
    if (!namesIn(context, gitignoreFolder).has('.gitignore')) continue;
    const relative = gitignoreFolder === '.' ? lockfile : lockfile.slice(gitignoreFolder.length + 1);
    const line = gitignoreLineFor(context.text(gitignore) ?? '', relative);
    if (line !== undefined) return { lockfile, file: gitignore, line };
  }
  return undefined;
}

/**
 * A lockfile .gitignore excludes, reported at the .gitignore line when that file is the app's own
 * (the line to delete). When it lies above the app's folder it is shared: one repository-wide line
 * (`package-lock.json` in the root .gitignore) excludes the lockfile of every app below it, and each
 * app's finding is its own, anchored at the app's manifest and naming the line.
 */
function reportIgnored(
  context: RuleContext<MessageId>,
  ignored: { lockfile: string; file: string; line: number },
  manifest: { file: string; line: number; column?: number },
  severity: Severity | undefined,
): void {
  const gitignoreFolder = posix.dirname(ignored.file);
  const app = context.app.path;
  const shared = app !== '.' && gitignoreFolder !== app && !gitignoreFolder.startsWith(`${app}/`);
  const data = { lockfile: ignored.lockfile, gitignore: `${ignored.file}:${ignored.line}` };
  if (shared) context.report({ messageId: 'lockfileIgnoredAbove', data, ...manifest, ...(severity && { severity }) });
  else context.report({ messageId: 'lockfileIgnored', data, file: ignored.file, line: ignored.line, ...(severity && { severity }) });
}

function checkPackageJson(context: RuleContext<MessageId>): void {
  const { app } = context;
  const manifest = app.manifest;
  const text = manifest === undefined ? undefined : context.text(manifest);
  if (manifest === undefined || text === undefined || !declaresNpmDependencies(app.packageJson)) return;
  if (app.lockfiles.length > 0) return;
  // The workspace root's lockfile governs its members; a lockfile over the index's size limit still exists.
  const folders = [app.path, ...foldersAbove(app.path)];
  if (folders.some((folder) => NPM_LOCKFILES.some((name) => namesIn(context, folder).has(name)))) return;
  const severity = severityFor(app.kind === 'library');
  const preferred = preferredLockfiles(app.packageJson?.packageManager);
  const section = ['dependencies', 'devDependencies', 'optionalDependencies'].find((key) => jsonEntryPosition(text, key));
  const position = (section && jsonEntryPosition(text, section)) || { line: 1, column: 1 };
  const ignored = folders.map((folder) => ignoredLockfile(context, folder, preferred)).find((found) => found !== undefined);
  if (ignored) {
    reportIgnored(context, ignored, { file: manifest, ...position }, severity);
    return;
  }
  context.report({ messageId: 'missingLockfile', data: { manifest, expected: 'package-lock.json, yarn.lock, pnpm-lock.yaml or bun.lock' }, file: manifest, ...position, ...(severity && { severity }) });
}

/**
 * Lockfiles of two npm-ecosystem package managers side by side (package-lock.json and yarn.lock):
 * which one an install follows depends on the tool each developer, CI job or image happens to run
 * (LABELLING.md: low). Reported at the second one, naming both.
 */
function checkCompetingLockfiles(context: RuleContext<MessageId>): void {
  const names = namesIn(context, context.app.path);
  const present = NPM_LOCKFILES.filter((name) => names.has(name));
  // npm-shrinkwrap.json beside package-lock.json, bun.lockb beside bun.lock: one manager each.
  const managers = new Set(present.map((name) => name.replace(/^(?:package-lock|npm-shrinkwrap)\.json$/, 'npm').replace(/^bun\.lockb?$/, 'bun')));
  const second = present[1];
  if (managers.size < 2 || second === undefined) return;
  context.report({
    messageId: 'competingLockfiles',
    data: { lockfiles: present.map((name) => inFolder(context.app.path, name)).join(', ') },
    file: inFolder(context.app.path, second),
    line: 1,
    severity: 'note',
  });
}

function declaresNpmDependencies(packageJson: RuleContext['app']['packageJson']): boolean {
  return ['dependencies', 'devDependencies', 'optionalDependencies'].some((key) => {
    const entries = packageJson?.[key];
    return typeof entries === 'object' && entries !== null && Object.keys(entries).length > 0;
  });
}

function preferredLockfiles(packageManager: unknown): string[] {
  const manager = typeof packageManager === 'string' ? packageManager.split('@')[0] : undefined;
  const named = manager === undefined ? undefined : LOCKFILE_OF_MANAGER[manager];
  return named === undefined ? NPM_LOCKFILES : [named];
}

/** Whether a lockfile of the ecosystem sits in `folder` (or, for workspace-style ecosystems, a folder above it). */
function hasLockfile(context: RuleContext<MessageId>, folder: string, ecosystem: Ecosystem): boolean {
  const folders = ecosystem.inherited ? [folder, ...foldersAbove(folder)] : [folder];
  return folders.some((candidate) => ecosystem.lockfiles.some((name) => namesIn(context, candidate).has(name)));
}

/** A requirements*.txt beside the manifest that pins versions (pip-compile output) locks Python too. */
function hasPinnedRequirements(context: RuleContext<MessageId>, folder: string): boolean {
  return [...namesIn(context, folder)]
    .filter((name) => /^requirements[^/]*\.txt$/.test(name))
    .some((name) => requirementsClosure(inFolder(folder, name), indexedReader(context)).pins);
}

function isPython(ecosystem: Ecosystem): boolean {
  return ecosystem.manifest === 'Pipfile' || ecosystem.manifest === 'pyproject.toml';
}

function checkEcosystems(context: RuleContext<MessageId>, manifests: readonly IndexedFile[]): Set<string> {
  const reportedPythonFolders = new Set<string>();
  for (const ecosystem of ECOSYSTEMS) {
    for (const file of manifests.filter((candidate) => posix.basename(candidate.path) === ecosystem.manifest)) {
      const folder = posix.dirname(file.path);
      const text = context.text(file.path);
      if (text === undefined || !ecosystem.declares(text, folder, context)) continue;
      if (isPython(ecosystem) && (reportedPythonFolders.has(folder) || hasPinnedRequirements(context, folder))) continue;
      if (hasLockfile(context, folder, ecosystem)) continue;
      if (isPython(ecosystem)) reportedPythonFolders.add(folder);
      const severity = severityFor(context.app.kind === 'library' || (ecosystem.isLibrary?.(text, folder, context) ?? false));
      const ignored = ignoredLockfile(context, folder, ecosystem.lockfiles);
      if (ignored) {
        reportIgnored(context, ignored, { file: file.path, line: 1 }, severity);
      } else {
        context.report({ messageId: 'missingLockfile', data: { manifest: file.path, expected: ecosystem.lockfiles.join(', ') }, file: file.path, line: 1, ...(severity && { severity }) });
      }
    }
  }
  return reportedPythonFolders;
}

/** What a requirements file without pins holds instead, in the words of the message: `ranges (~=, <) and bare names`. */
function entriesOf(requirements: readonly Requirement[]): string {
  const kinds = new Set(requirements.map((requirement) => requirement.kind));
  const described = [
    kinds.has('ranged') ? 'bounded ranges (~=, <)' : undefined,
    kinds.has('lowerBound') ? 'lower bounds (>=)' : undefined,
    kinds.has('unversioned') ? 'bare names' : undefined,
    kinds.has('include') ? 'included files' : undefined,
  ].filter((text) => text !== undefined);
  return described.length > 1 ? `${described.slice(0, -1).join(', ')} and ${described.at(-1)}` : (described[0] ?? 'no versions');
}

/**
 * `requirements.txt` with requirements and not one pin (`==`, `===`, `--hash`), counting the files it
 * includes, and no Python lockfile beside it: nothing locks the environment. Partly pinned files are
 * `dependencies/unpinned-versions`' to report, line by line.
 */
function checkRequirements(context: RuleContext<MessageId>, manifests: readonly IndexedFile[], pythonReported: ReadonlySet<string>): void {
  for (const file of manifests.filter((candidate) => posix.basename(candidate.path) === 'requirements.txt')) {
    const folder = posix.dirname(file.path);
    if (pythonReported.has(folder) || PYTHON_LOCKFILES.some((name) => namesIn(context, folder).has(name))) continue;
    const text = context.text(file.path) ?? '';
    const requirements = parseRequirements(text);
    const hasRequirements = requirements.some((requirement) => requirement.kind !== 'other');
    if (!hasRequirements || requirementsClosure(file.path, indexedReader(context)).pins) continue;
    const severity = severityFor(context.app.kind === 'library');
    context.report({ messageId: 'requirementsUnpinned', data: { manifest: file.path, entries: entriesOf(requirements) }, file: file.path, line: 1, ...(severity && { severity }) });
  }
}

export const lockfile = defineRule<MessageId>({
  id: 'dependencies/lockfile',
  factor: 'dependencies',
  defaultSeverity: 'error',
  title: 'Manifest without a committed lockfile',
  description:
    'Finds dependency manifests (package.json, pyproject.toml, Pipfile, requirements.txt, go.mod, Gemfile, Cargo.toml of binaries, composer.json) with no committed lockfile, or a lockfile .gitignore excludes.',
  fix: 'Commit the lockfile your package manager writes (npm install, poetry lock, go mod tidy, bundle lock, cargo generate-lockfile) and install from it in CI and images.',
  messages: {
    missingLockfile: '{{manifest}} declares dependencies but no lockfile is committed (expected one of: {{expected}})',
    lockfileIgnored: '{{lockfile}} is excluded by .gitignore: every install resolves dependency versions anew',
    lockfileIgnoredAbove:
      '{{lockfile}} is excluded by {{gitignore}}, a .gitignore above this app, so no lockfile of it is committed: every install resolves dependency versions anew',
    requirementsUnpinned:
      '{{manifest}} pins no exact version (it holds {{entries}}; no ==, === or --hash) and no Python lockfile is committed: each install resolves the newest versions they allow',
    competingLockfiles: 'lockfiles of different package managers are committed side by side ({{lockfiles}}): installs follow whichever tool runs; keep one',
  },
  appliesTo: () => true,
  check(context) {
    checkPackageJson(context);
    checkCompetingLockfiles(context);
    const manifests = context.files.filter((file) => !NOT_SHIPPED.has(file.role));
    const pythonReported = checkEcosystems(context, manifests);
    checkRequirements(context, manifests, pythonReported);
  },
});
