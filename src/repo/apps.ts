/**
 * What the repository is: its apps and the facts rules use to decide whether they apply.
 *
 * How the repository splits into apps:
 * - npm/yarn `workspaces` or `pnpm-workspace.yaml` in the root: each member folder with a
 *   package.json is an app.
 * - No workspace, but package.json files in folders (`client/`, `server/`): each outermost such
 *   folder outside test/docs/vendored/generated paths is an app, as auditing them as one app would
 *   call a server a library. Under a root package.json, only folders whose package.json declares
 *   dependencies count (a `{"type": "module"}` marker is not an app).
 * - A folder with a Python or Go manifest of its own (requirements*.txt, pyproject.toml, Pipfile,
 *   setup.py, setup.cfg, go.mod) is an app like one with a package.json: `backend/` with a
 *   pyproject.toml beside `frontend/` with a package.json makes two apps. Such folders join the
 *   workspace members too, when they lie outside every member.
 * - Otherwise the root is the one app, package.json or not (a Python or Go repository too).
 * When members exist, the root stays an app only if it owns something of its own to audit: runtime
 * dependencies, source files, Dockerfiles, compose files, a Procfile or .env files. A workspace root
 * that holds only tooling (configs, lockfile) would otherwise score as an empty library.
 *
 * A file belongs to the deepest app whose folder contains it; use `filesByApp`.
 */
import { basename, posix } from 'node:path';
import type { AppFacts, IndexedFile, PackageJson } from '../types.js';
import { appKind, withConfiguredKinds } from './app-kind.js';
import type { ConfiguredKinds } from '../config/types.js';
import { isComposeFile } from './classify.js';
import { processCommands } from './commands.js';
import { entryPointsOf } from './entry-points.js';
import { binTargets, dependencyNames, readPackageJson } from './manifest.js';
import { declaredDependencies, declaredProjectName, isPackagingScript, isImportablePythonPackage, manifestFolder, manifestsOf } from './python-go.js';
import type { FileStore } from './store.js';
import { workspaceMembers } from './workspaces.js';

const ROOT = '.';
const LOCKFILES = new Set(['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock', 'bun.lockb']);
const CI_FILE =
  /^(?:\.github\/workflows\/[^/]+\.ya?ml|\.gitlab-ci\.yml|\.circleci\/config\.yml|azure-pipelines\.yml|Jenkinsfile|bitbucket-pipelines\.yml|\.travis\.yml|\.buildkite\/[^/]+|\.drone\.yml|\.woodpecker(?:\.ya?ml|\/.+\.ya?ml)|cloudbuild\.ya?ml|\.?appveyor\.yml|\.semaphore\/semaphore\.yml|codefresh\.yml|bitrise\.yml|\.tekton\/.+\.ya?ml|\.cirrus\.yml|wercker\.yml|buildspec\.ya?ml)$/;

/**
 * Apps sorted by path, the root ('.') first when it is one, each with the kind the config sets for it
 * (`configured`) or else the guessed one. Parse errors are recorded on `store`.
 */
export function detectApps(files: readonly IndexedFile[], store: FileStore, configured?: ConfiguredKinds): AppFacts[] {
  const hasRootManifest = files.some((file) => file.path === 'package.json');
  const rootPackageJson = hasRootManifest ? readPackageJson('package.json', store) : undefined;
  const workspace = workspaceMembers(files, store, rootPackageJson);
  const packageMembers =
    workspace.length > 0
      ? workspace
      : standalonePackageFolders(files).filter((folder) => !hasRootManifest || declaresDependencies(folder, store));
  const members = withPythonGoApps(packageMembers, files, store);

  const owned = filesByFolder(files, [ROOT, ...members]);
  const ciFiles = files.filter((file) => CI_FILE.test(file.path)).map((file) => file.path);
  const rootLockfiles = lockfilesIn(ROOT, owned.get(ROOT) ?? []);
  // The root manifest is already parsed: parsing it again would record its errors twice.
  const packageJsonOf = (manifest: string): PackageJson | undefined =>
    manifest === 'package.json' ? rootPackageJson : readPackageJson(manifest, store);
  const describe = (folder: string, inheritedLockfiles: readonly string[]): AppFacts =>
    describeApp(folder, owned.get(folder) ?? [], {
      store,
      packageJsonOf,
      ciFiles,
      inheritedLockfiles,
      isWorkspaceRoot: folder === ROOT && workspace.length > 0,
    });

  const root = describe(ROOT, []);
  const apps = members.map((folder) => describe(folder, workspace.length > 0 ? rootLockfiles : []));
  return withConfiguredKinds(members.length === 0 || ownsAuditableContent(root, owned.get(ROOT) ?? []) ? [root, ...apps] : apps, configured);
}

/**
 * Files grouped by the app that owns them, keyed by app path: the deepest app folder containing
 * each file, so the root app excludes its members' files. When the root is not an app, its own
 * files are in no group.
 */
export function filesByApp(files: readonly IndexedFile[], apps: readonly AppFacts[]): Map<string, IndexedFile[]> {
  return filesByFolder(files, apps.map((app) => app.path));
}

/** Files grouped by the deepest of `folders` containing them; files under none are left out. */
function filesByFolder(files: readonly IndexedFile[], folders: readonly string[]): Map<string, IndexedFile[]> {
  const groups = new Map<string, IndexedFile[]>(folders.map((folder) => [folder, []]));
  for (const file of files) {
    let folder = posix.dirname(file.path);
    while (!groups.has(folder) && folder !== ROOT) folder = posix.dirname(folder);
    groups.get(folder)?.push(file);
  }
  return groups;
}

interface DescribeContext {
  store: FileStore;
  packageJsonOf(manifest: string): PackageJson | undefined;
  ciFiles: readonly string[];
  /** The workspace root's lockfiles, which govern its members. */
  inheritedLockfiles: readonly string[];
  isWorkspaceRoot: boolean;
}

function describeApp(folder: string, ownFiles: readonly IndexedFile[], context: DescribeContext): AppFacts {
  const { store } = context;
  const manifestPath = posix.join(folder, 'package.json');
  const manifest = ownFiles.some((file) => file.path === manifestPath) ? manifestPath : undefined;
  const packageJson = manifest ? context.packageJsonOf(manifest) : undefined;
  const deployable = ownFiles.filter(isDeployable);
  const dockerfiles = deployable.filter((file) => file.language === 'dockerfile').map((file) => file.path);
  const composeFiles = deployable.filter((file) => isComposeFile(file.path)).map((file) => file.path);
  const procfilePath = posix.join(folder, 'Procfile');
  const procfile = ownFiles.some((file) => file.path === procfilePath) ? procfilePath : undefined;
  const npmDependencies = dependencyNames(packageJson?.dependencies, packageJson?.optionalDependencies, packageJson?.peerDependencies);
  const pythonGoManifests = manifestsOf(folder, ownFiles);
  const goManifest = pythonGoManifests.filter((path) => posix.basename(path) === 'go.mod');
  const python = declaredDependencies(pythonGoManifests.filter((path) => posix.basename(path) !== 'go.mod'), store);
  const go = declaredDependencies(goManifest, store);
  const commands = processCommands(procfile, dockerfiles, store);
  const entryPoints = entryPointsOf(folder, packageJson, ownFiles, commands.map((entry) => entry.command));
  const { kind, kindReason } = appKind(
    {
      dependencies: npmDependencies,
      hasBin: packageJson ? binTargets(packageJson).length > 0 : false,
      procfile,
      dockerfiles,
      composeFiles,
      pythonDependencies: python.dependencies,
      importablePythonPackage: isImportablePythonPackage(pythonGoManifests, store),
      goDependencies: go.dependencies,
      commands,
      entryPoints,
      goSources: deployable.filter((file) => file.language === 'go' && file.role === 'source' && !file.path.endsWith('_test.go')).map((file) => file.path),
    },
    store,
  );

  return {
    name:
      typeof packageJson?.name === 'string' && packageJson.name !== ''
        ? packageJson.name
        : (declaredProjectName(pythonGoManifests, store) ?? basename(folder === ROOT ? store.root : folder)),
    path: folder,
    kind,
    kindReason,
    ...(manifest ? { manifest } : {}),
    ...(packageJson ? { packageJson } : {}),
    dependencies: [...new Set([...npmDependencies, ...python.dependencies, ...go.dependencies])].sort(),
    devDependencies: [...new Set([...dependencyNames(packageJson?.devDependencies), ...python.devDependencies])].sort(),
    lockfiles: [...new Set([...lockfilesIn(folder, ownFiles), ...context.inheritedLockfiles])].sort(),
    dockerfiles,
    composeFiles,
    ...(procfile ? { procfile } : {}),
    ciFiles: [...context.ciFiles],
    entryPoints,
    isWorkspaceRoot: context.isWorkspaceRoot,
  };
}

/** Test fixtures, docs examples and vendored copies are not how this app is built or deployed. */
function isDeployable(file: IndexedFile): boolean {
  return file.role === 'config' || file.role === 'source';
}

function lockfilesIn(folder: string, ownFiles: readonly IndexedFile[]): string[] {
  return ownFiles.filter((file) => posix.dirname(file.path) === folder && LOCKFILES.has(posix.basename(file.path))).map((file) => file.path);
}

/** Outermost non-root folders with a package.json, outside test, docs, vendored and generated paths. */
function standalonePackageFolders(files: readonly IndexedFile[]): string[] {
  return outermost(files.filter((file) => file.path.endsWith('/package.json') && isDeployable(file)).map((file) => posix.dirname(file.path)));
}

/**
 * `members` and the outermost non-root folders with a Python or Go manifest that lie in no member
 * (a Go module inside a package folder is part of that package's app).
 */
function withPythonGoApps(members: readonly string[], files: readonly IndexedFile[], store: FileStore): string[] {
  const candidates = outermost(
    files.filter(isDeployable).flatMap((file) => {
      const folder = manifestFolder(file.path);
      if (folder === undefined || folder === ROOT) return [];
      return posix.basename(file.path) === 'setup.py' && !isPackagingScript(store.text(file.path) ?? '') ? [] : [folder];
    }),
  );
  const inMember = (folder: string): boolean => members.some((member) => folder === member || folder.startsWith(`${member}/`));
  // A member inside a Python or Go app folder is its own app; the folder around it stays one too.
  return [...new Set([...members, ...candidates.filter((folder) => !inMember(folder))])].sort();
}

function outermost(folders: readonly string[]): string[] {
  const sorted = [...new Set(folders)].sort();
  return sorted.filter((folder) => !sorted.some((outer) => folder.startsWith(`${outer}/`)));
}

/**
 * Under a root package.json without workspaces, a nested package.json makes an app of its own only
 * when it declares dependencies (`client/` and `server/` installed separately); one that only sets
 * `"type": "module"` for a folder is part of the root app.
 */
function declaresDependencies(folder: string, store: FileStore): boolean {
  const manifest = readPackageJson(`${folder}/package.json`, store);
  return dependencyNames(manifest?.dependencies, manifest?.devDependencies).length > 0;
}

function ownsAuditableContent(root: AppFacts, ownFiles: readonly IndexedFile[]): boolean {
  return (
    root.dependencies.length > 0 ||
    root.dockerfiles.length > 0 ||
    root.composeFiles.length > 0 ||
    root.procfile !== undefined ||
    ownFiles.some((file) => isDeployable(file) && (file.role === 'source' || file.language === 'env'))
  );
}
