/**
 * Workspace globs (`packages/*`, `apps/**`, `!packages/legacy`, `{apps,services}/*`) matched against
 * folder paths already in the index: no second walk of the disk, so a glob can only ever name
 * folders inside the audited root. Compiled by picomatch, which never throws on a malformed glob
 * (an unbalanced brace is read literally); globs that name a parent (`..`) or an absolute path are
 * left out, since they could only mean folders outside the root.
 */
import picomatch from 'picomatch';

/** A predicate over repo-relative folder paths: matches a positive glob and no `!` glob. */
export function workspaceMatcher(globs: readonly string[]): (folder: string) => boolean {
  const include: ((path: string) => boolean)[] = [];
  const exclude: ((path: string) => boolean)[] = [];
  for (const glob of globs) {
    const negated = glob.startsWith('!');
    const matcher = compile(negated ? glob.slice(1) : glob);
    if (matcher) (negated ? exclude : include).push(matcher);
  }
  return (folder) => include.some((matches) => matches(folder)) && !exclude.some((matches) => matches(folder));
}

function compile(glob: string): ((path: string) => boolean) | undefined {
  const pattern = glob.replace(/^(\.\/)+/, '').replace(/\/+$/, '');
  if (pattern === '' || pattern.startsWith('/') || /^[A-Za-z]:/.test(pattern) || pattern.split('/').includes('..')) return undefined;
  try {
    return picomatch(pattern, { dot: true, strictSlashes: false });
  } catch {
    return undefined;
  }
}
