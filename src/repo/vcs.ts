/** Where the audited root sits in version control; the only place the repo stage looks above the root. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { RepoFacts } from '../types.js';

type Vcs = NonNullable<RepoFacts['vcs']>;

/**
 * The nearest version-control marker at or above `root`. `.git` may be a directory or, in linked
 * worktrees and submodules, a file pointing elsewhere: both mark a git work tree.
 */
function findVcsTop(root: string): { vcs: Vcs; dir: string } | undefined {
  const markers: Array<[Vcs, string]> = [
    ['git', '.git'],
    ['hg', '.hg'],
    ['svn', '.svn'],
  ];
  for (let dir = resolve(root); ; dir = dirname(dir)) {
    for (const [vcs, marker] of markers) {
      if (existsSync(join(dir, marker))) return { vcs, dir };
    }
    if (dirname(dir) === dir) return undefined;
  }
}

export function detectVcs(root: string): RepoFacts['vcs'] {
  return findVcsTop(root)?.vcs ?? null;
}

/** Absolute path of the git work tree that contains `root`, when there is one. */
export function gitWorkTreeTop(root: string): string | undefined {
  const top = findVcsTop(root);
  return top?.vcs === 'git' ? top.dir : undefined;
}
