/**
 * Workspace globs (`packages/*`, `apps/**`, `!packages/legacy`, `{apps,services}/*`) matched against
 * folder paths already in the index: no second walk of the disk. Supports `*`, `**`, `?` and
 * `{a,b}`, which is what npm, yarn and pnpm workspace lists use in practice.
 */

/** A predicate over repo-relative folder paths: matches a positive glob and no `!` glob. */
export function workspaceMatcher(globs: readonly string[]): (folder: string) => boolean {
  const include: RegExp[] = [];
  const exclude: RegExp[] = [];
  for (const glob of globs) {
    if (glob.startsWith('!')) exclude.push(globToRegExp(glob.slice(1)));
    else include.push(globToRegExp(glob));
  }
  return (folder) => {
    const subject = `${folder}/`;
    return include.some((re) => re.test(subject)) && !exclude.some((re) => re.test(subject));
  };
}

/** Compiled to match a folder path followed by '/', so `**` can stand for zero or more whole segments. */
function globToRegExp(glob: string): RegExp {
  const segments = glob.replace(/^(\.\/)+/, '').replace(/\/+$/, '').split('/');
  const body = segments.map((segment) => (segment === '**' ? '(?:[^/]+/)*' : `${segmentSource(segment)}/`)).join('');
  return new RegExp(`^${body}$`);
}

function segmentSource(segment: string): string {
  let source = '';
  let braceDepth = 0;
  for (const char of segment) {
    if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '{') {
      braceDepth++;
      source += '(?:';
    } else if (char === '}' && braceDepth > 0) {
      braceDepth--;
      source += ')';
    } else if (char === ',' && braceDepth > 0) source += '|';
    else source += char.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return source;
}
