/** How languages are named to a reader, and how counts of files per language are written. */
import type { Coverage, Language } from './types.js';

const LANGUAGE_NAMES: Partial<Record<Language, string>> = {
  typescript: 'TypeScript',
  javascript: 'JavaScript',
  python: 'Python',
  go: 'Go',
  ruby: 'Ruby',
};

export function languageName(language: Language): string {
  return LANGUAGE_NAMES[language] ?? language;
}

/** "45 Go, 3 Python" (most first), or '' for none. */
export function describeCounts(counts: Coverage['analysed']): string {
  return (Object.entries(counts) as [Language, number][])
    .sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))
    .map(([language, files]) => `${files} ${languageName(language)}`)
    .join(', ');
}

/** "analysed: 120 TypeScript, 4 JavaScript source files; not analysed: 45 Go files". */
export function coverageLine(coverage: Coverage): string {
  const analysed = describeCounts(coverage.analysed);
  const notAnalysed = describeCounts(coverage.notAnalysed);
  return `analysed: ${analysed ? `${analysed} source files` : 'no source files'}${notAnalysed ? `; not analysed: ${notAnalysed} files` : ''}`;
}
