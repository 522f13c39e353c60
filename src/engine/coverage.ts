/**
 * Which program source the rules can read. A rule that reads only source of some languages is n/a for
 * an app whose code is in none of them (never a pass on nothing), and an app whose code is mostly in
 * languages no rule reads gets no score: the report cannot vouch for what it did not read.
 */
import { describeCounts, languageName } from '../languages.js';
import type { AppFacts, Coverage, IndexedFile, Language, Rule, RuleResult } from '../types.js';

/** Languages of program source, whether or not any rule reads them yet. */
const PROGRAM_LANGUAGES: ReadonlySet<Language> = new Set(['typescript', 'javascript', 'python', 'go', 'ruby']);

/** The program languages twelve-audit parses (src/parse/); source in any other is not analysed. */
export const ANALYSED_LANGUAGES: ReadonlySet<Language> = new Set(['typescript', 'javascript', 'python', 'go']);

export function coverageOf(files: readonly IndexedFile[], analysed: ReadonlySet<Language> = ANALYSED_LANGUAGES): Coverage {
  const coverage: Coverage = { analysed: {}, notAnalysed: {} };
  for (const file of files) {
    if (file.role !== 'source' || !PROGRAM_LANGUAGES.has(file.language)) continue;
    const side = analysed.has(file.language) ? coverage.analysed : coverage.notAnalysed;
    side[file.language] = (side[file.language] ?? 0) + 1;
  }
  return coverage;
}

function count(counts: Coverage['analysed']): number {
  return Object.values(counts).reduce((sum, value) => sum + (value ?? 0), 0);
}

/** The rule's result, or n/a when it reads only source of languages the app has no file in. */
export function withinCoverage(result: RuleResult, rule: Rule | undefined, coverage: Coverage): RuleResult {
  const languages = rule?.languages;
  if (languages === undefined || result.status === 'n/a') return result;
  if (languages.some((language) => (coverage.analysed[language] ?? 0) + (coverage.notAnalysed[language] ?? 0) > 0)) return result;
  const names = languages.map(languageName).join('/');
  const elsewhere = describeCounts(coverage.notAnalysed);
  const reason =
    elsewhere === '' ? `the app has no ${names} source to read` : `reads ${names} source; the app's code (${elsewhere} files) is not analysed yet`;
  return { ruleId: result.ruleId, status: 'n/a', score: null, reason, findings: [] };
}

/**
 * Why an app gets no score although some rules applied: it has nothing to audit (no source, manifest or
 * deploy file), or most of its source files are in languages no rule reads (a Ruby service would
 * otherwise pass on its Dockerfile alone).
 */
export function unscoredReason(app: AppFacts, coverage: Coverage): string | undefined {
  const analysed = count(coverage.analysed);
  const notAnalysed = count(coverage.notAnalysed);
  const deployFiles = app.dockerfiles.length + app.composeFiles.length + (app.procfile ? 1 : 0) + (app.manifest ? 1 : 0);
  if (analysed + notAnalysed + deployFiles === 0) return 'there is nothing to audit: no source code, manifest, Dockerfile, compose file or Procfile';
  if (notAnalysed > analysed) {
    return `most of its source is in languages twelve-audit does not analyse yet (${describeCounts(coverage.notAnalysed)} files, ${analysed} analysed)`;
  }
  return undefined;
}
