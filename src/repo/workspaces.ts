/** npm/yarn `workspaces` and pnpm `pnpm-workspace.yaml`: which folders are member apps. */
import { parse as parseYaml } from 'yaml';
import { AUDITED_YAML } from '../parse/data.js';
import type { IndexedFile, PackageJson } from '../types.js';
import { stringArray } from './manifest.js';
import { isRecord } from '../util/is-record.js';
import type { FileStore } from './store.js';
import { workspaceMatcher } from './workspace-globs.js';

const PNPM_WORKSPACE = 'pnpm-workspace.yaml';

/** Sorted repo-relative folders that hold a package.json and match the root's workspace globs. */
export function workspaceMembers(files: readonly IndexedFile[], store: FileStore, rootPackageJson: PackageJson | undefined): string[] {
  const globs = [...npmWorkspaceGlobs(rootPackageJson), ...pnpmWorkspaceGlobs(files, store)];
  if (globs.length === 0) return [];
  const isMember = workspaceMatcher(globs);
  return files
    .filter((file) => file.path.endsWith('/package.json'))
    .map((file) => file.path.slice(0, -'/package.json'.length))
    .filter(isMember)
    .sort();
}

/** `"workspaces": ["packages/*"]` (npm, yarn) or `"workspaces": { "packages": [...] }` (yarn classic). */
function npmWorkspaceGlobs(pkg: PackageJson | undefined): string[] {
  const workspaces: unknown = pkg?.workspaces;
  return stringArray(isRecord(workspaces) ? workspaces.packages : workspaces);
}

function pnpmWorkspaceGlobs(files: readonly IndexedFile[], store: FileStore): string[] {
  if (!files.some((file) => file.path === PNPM_WORKSPACE)) return [];
  const text = store.text(PNPM_WORKSPACE);
  if (text === undefined) return [];
  try {
    const document: unknown = parseYaml(text, AUDITED_YAML);
    return isRecord(document) ? stringArray(document.packages) : [];
  } catch (error) {
    // The parser's message quotes the lines around the error: only the position is kept.
    const position = (error as { linePos?: { line: number; col: number }[] }).linePos?.[0];
    store.recordError({ kind: 'parse', file: PNPM_WORKSPACE, message: `Invalid YAML${position ? ` at ${position.line}:${position.col}` : ''}` });
    return [];
  }
}
