/**
 * What the repo walk covers, apart from the walk itself (which loads the classifiers): the folders it
 * never enters and the `.gitignore` files above the root it honours. The result cache checks the same.
 */
import { dirname, join } from 'node:path';
import { gitWorkTreeTop } from './vcs.js';

/**
 * Folders never walked, at any depth: VCS metadata, installed dependencies, and output folders whose
 * names mean nothing but output or caches. `build/` and `tmp/` are deliberately absent: a committed
 * `build/` is often source (webpack/CMake/electron-builder scripts and resources) and Rails keeps
 * code-adjacent files in `tmp/`; when they are output, `.gitignore` almost always says so.
 */
export const ALWAYS_SKIPPED_FOLDERS = [
  '.git',
  '.hg',
  '.svn',
  'node_modules',
  'dist',
  'out',
  'coverage',
  '.nyc_output',
  '.next',
  '.nuxt',
  '.output',
  '.svelte-kit',
  '.turbo',
  '.cache',
  '.parcel-cache',
  '.vercel',
  '.netlify',
  '.serverless',
  '.venv',
  '__pycache__',
  '.pytest_cache',
  '.mypy_cache',
  '.tox',
];

/** The `.gitignore` files the walk honours above the root, up to the top of its git work tree (present or not). */
export function gitignoresAbove(absoluteRoot: string): string[] {
  const top = gitWorkTreeTop(absoluteRoot);
  const files: string[] = [];
  if (top === undefined) return files;
  for (let folder = absoluteRoot; folder !== top; ) {
    folder = dirname(folder);
    files.push(join(folder, '.gitignore'));
  }
  return files;
}
