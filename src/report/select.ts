/** `--app NAME`: the report narrowed to one app of a monorepo, its score the app's own. */
import { UsageError } from '../errors.js';
import { grade } from '../score/score.js';
import type { Report } from '../types.js';
import { didYouMean } from '../util/suggest.js';

export function selectApp(report: Report, name: string): Report {
  const app = report.apps.find((candidate) => candidate.name === name || candidate.path === name);
  if (!app) {
    const names = report.apps.map((candidate) => candidate.name);
    throw new UsageError(`No app named ${JSON.stringify(name)}${didYouMean(name, names)}; the apps are: ${names.join(', ')}`);
  }
  // The baseline's score without it is the repository's; this app's is not known.
  const baseline = report.baseline && { ...report.baseline, scoreWithoutBaseline: undefined };
  return {
    ...report,
    ...(baseline && { baseline }),
    apps: [app],
    findings: report.findings.filter((finding) => finding.app === app.name),
    score: app.score,
    grade: grade(app.score),
  };
}
