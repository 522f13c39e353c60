/**
 * Repo-relative paths as URI references: each segment percent-encoded, so spaces, `#`, `%`, `?`
 * and a `:` in the first segment cannot turn a path into a fragment, query or scheme.
 */
function encodeSegment(segment: string): string {
  // '@' is allowed in a path segment (RFC 3986 pchar) and common in scoped package folders.
  return encodeURIComponent(segment).replace(/%40/g, '@');
}

/** The path of a repo-relative file from the repository top, when the audited root is a subfolder of it. */
export function pathFromRepositoryTop(file: string, rootInRepository: string | undefined): string {
  return [rootInRepository ?? '', file].filter((part) => part !== '' && part !== '.').join('/');
}

/** A relative URI reference for a repo-relative POSIX path. */
export function artifactUri(file: string, rootInRepository?: string): string {
  return pathFromRepositoryTop(file, rootInRepository).split('/').map(encodeSegment).join('/');
}
