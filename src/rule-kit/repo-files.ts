/**
 * Files a workspace member shares with the folders above it: a root `.nvmrc`, a root
 * `docker-compose.yml`, a root `.devcontainer/`. The engine hands a rule only its app's files, so
 * folders above the app are listed here straight from disk, with `.gitignore` applied like the
 * repo index does (an ignored file is not part of the repository). Only names are listed; contents
 * are still read through the context, once, like every other file.
 */
import { readdirSync } from 'node:fs';
import { join, posix } from 'node:path';
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

/**
 * Repo-relative paths of the entries of `folder` that git does not ignore; folders end with '/'.
 * Empty when the folder cannot be read.
 */
export function listFolder(context: Pick<RuleContext, 'repo'>, folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(join(context.repo.root, folder), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() || entry.isDirectory())
    .map((entry) => inFolder(folder, entry.isDirectory() ? `${entry.name}/` : entry.name))
    .filter((path) => path !== '.git/' && path !== 'node_modules/' && !context.repo.isGitIgnored(path))
    .sort();
}

/**
 * Paths of files matching `test` by name, in the app's own folder first and then in each folder
 * above it, nearest first. Files of the app come from the index (whatever their depth is not
 * looked at: only the folder's own entries), files above it from disk.
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
