/**
 * GitLab Code Quality (a subset of Code Climate's format): a JSON array of issues with a
 * fingerprint, severity and location from the repository top, which GitLab shows in the merge
 * request's widget and diff. https://docs.gitlab.com/ci/testing/code_quality/
 */
import type { Severity } from '../types.js';
import type { Reporter } from './types.js';
import { pathFromRepositoryTop } from './uri.js';
import { visibleFindings } from './visible.js';

const SEVERITY: Record<Severity, string> = { error: 'major', warning: 'minor', note: 'info' };

export const gitlabReporter: Reporter = (report, options) => {
  const issues = visibleFindings(report.findings, options).map((finding) => ({
    type: 'issue',
    check_name: finding.ruleId,
    description: `${finding.message} [${finding.ruleId}]`,
    categories: ['Style'],
    severity: SEVERITY[finding.severity],
    fingerprint: finding.fingerprint,
    location: {
      path: pathFromRepositoryTop(finding.file, report.rootInRepository),
      lines: { begin: finding.line, ...(finding.endLine !== undefined && { end: finding.endLine }) },
    },
  }));
  return `${JSON.stringify(issues, null, 2)}\n`;
};
