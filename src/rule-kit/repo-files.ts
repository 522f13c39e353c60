/**
 * Files a workspace member shares with the folders above it: a root `.nvmrc`, a root
 * `docker-compose.yml`, a root `.devcontainer/`. `ctx.files` holds only the app's own files; the
 * folders above it are listed from the repository index (`ctx.repo.files`), so ignores apply and
 * contents are still read through the context, once, like every other file.
 */
import { posix } from 'node:path';
import type { RuleContext } from '../types.js';

/** The folders above an app, nearest first, ending at the root: `packages/api` -> `packages`, `.`. */
export function foldersAbove(appPath: string): string[] {
  const folders: string[] = [];
  for (let folder = appPath; folder !== '.'; ) {
    folder = posix.dirname(folder);
    folders.push(folder);
  }
  return folders;
}

/** Repo-relative path of `name` inside `folder` ('.' is the root). */
export function inFolder(folder: string, name: string): string {
  return folder === '.' ? name : `${folder}/${name}`;
}

/** Repo-relative paths of the indexed entries directly inside `folder`; folders end with '/'. */
export function listFolder(context: Pick<RuleContext, 'repo'>, folder: string): string[] {
  const prefix = folder === '.' ? '' : `${folder}/`;
  return [...(folderIndex(context.repo.files).get(prefix) ?? [])];
}

type FolderIndex = Map<string, string[]>;

/**
 * Entries of every folder of the repository index, keyed by the folder's prefix ('' for the root,
 * `a/b/` otherwise), sorted. Built once per index: rules list folders per app, recursively
 * (untracked-migrations walks the whole tree), and scanning every indexed path per listing made
 * that O(folders x files) for each app.
 */
const folderIndexes = new WeakMap<readonly { path: string }[], { size: number; index: FolderIndex }>();

function folderIndex(files: readonly { path: string }[]): FolderIndex {
  const cached = folderIndexes.get(files);
  if (cached && cached.size === files.length) return cached.index;
  const sets = new Map<string, Set<string>>();
  const add = (prefix: string, path: string) => {
    const rest = path.slice(prefix.length);
    const slash = rest.indexOf('/');
    const entry = prefix + (slash === -1 ? rest : rest.slice(0, slash + 1));
    let entries = sets.get(prefix);
    if (!entries) sets.set(prefix, (entries = new Set()));
    entries.add(entry);
  };
  for (const { path } of files) {
    // A path is listed under the root and under each of its own prefixes that end with '/'.
    add('', path);
    for (let slash = path.indexOf('/'); slash !== -1; slash = path.indexOf('/', slash + 1)) add(path.slice(0, slash + 1), path);
  }
  const index: FolderIndex = new Map([...sets].map(([prefix, entries]) => [prefix, [...entries].sort()]));
  folderIndexes.set(files, { size: files.length, index });
  return index;
}

/**
 * Paths of files matching `test` by name, in the app's own folder first and then in each folder
 * above it, nearest first. Files of the app come from the index (whatever their depth is not
 * looked at: only the folder's own entries), files above it from the repository index.
 */
export function filesNamedNearApp(context: Pick<RuleContext, 'repo' | 'app' | 'files'>, test: (name: string) => boolean): string[] {
  const appFolder = context.app.path;
  const own = context.files
    .filter((file) => posix.dirname(file.path) === appFolder && test(posix.basename(file.path)))
    .map((file) => file.path);
  const above = foldersAbove(appFolder).flatMap((folder) =>
    listFolder(context, folder).filter((path) => !path.endsWith('/') && test(posix.basename(path))),
  );
  return [...own, ...above];
}
