/** Words of an identifier: `jwtSecretKey` -> jwt, secret, key; `DB_PASSWORD` -> db, password; `tmp_dir` -> tmp, dir. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    // `HTMLParser` -> HTML Parser; a lookahead, since `([A-Z]+)([A-Z][a-z])` backtracks quadratically on long capitals.
    .replace(/([A-Z])(?=[A-Z][a-z])/g, '$1 ')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((word) => word.length > 0);
}
