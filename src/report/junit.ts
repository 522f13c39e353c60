/**
 * JUnit XML for CI test dashboards (GitLab, Jenkins, Azure DevOps): one test suite per app, one test
 * case per rule, failing with the rule's open findings; a rule that does not apply is skipped, one
 * that crashed is an error.
 */
import type { AppReport, Finding, Report, RuleResult } from '../types.js';
import { escapeMarkup } from './markup.js';
import type { Reporter, ReporterOptions } from './types.js';
import { visibleFindings } from './visible.js';

interface Case {
  name: string;
  classname: string;
  outcome: 'pass' | 'fail' | 'skipped' | 'error';
  reason?: string;
  findings: Finding[];
}

function findingLine(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column} ${finding.severity} ${finding.message}`;
}

function caseXml(test: Case): string {
  const open = `    <testcase name="${escapeMarkup(test.name)}" classname="${escapeMarkup(test.classname)}"`;
  switch (test.outcome) {
    case 'pass':
      return `${open}/>`;
    case 'skipped':
      return `${open}>\n      <skipped message="${escapeMarkup(test.reason ?? 'does not apply')}"/>\n    </testcase>`;
    case 'error':
      return `${open}>\n      <error message="${escapeMarkup(test.reason ?? 'the rule failed to run')}"/>\n    </testcase>`;
    case 'fail': {
      const count = test.findings.length;
      const body = test.findings.map(findingLine).join('\n');
      return `${open}>\n      <failure message="${count} finding${count === 1 ? '' : 's'}" type="${escapeMarkup(test.findings[0]?.severity ?? 'error')}">${escapeMarkup(body)}</failure>\n    </testcase>`;
    }
  }
}

function ruleCase(rule: RuleResult, factorSlug: string, listed: readonly Finding[], app: AppReport): Case {
  const findings = listed.filter((finding) => finding.ruleId === rule.ruleId && finding.app === app.name);
  const base = { name: rule.ruleId, classname: `${app.name}.${factorSlug}`, findings };
  if (rule.status === 'n/a') return { ...base, outcome: 'skipped', ...(rule.reason !== undefined && { reason: rule.reason }) };
  if (rule.status === 'error') return { ...base, outcome: 'error', ...(rule.reason !== undefined && { reason: rule.reason }) };
  return { ...base, outcome: findings.length > 0 ? 'fail' : 'pass' };
}

function appCases(app: AppReport, listed: readonly Finding[]): Case[] {
  const cases = app.factors.flatMap((factor) => factor.rules.map((rule) => ruleCase(rule, factor.slug, listed, app)));
  // twelve-audit's own checks (suppression comments) belong to no factor: a case each when they found something.
  const scored = new Set(cases.map((test) => test.name));
  const own = [...new Set(listed.filter((finding) => finding.app === app.name && !scored.has(finding.ruleId)).map((finding) => finding.ruleId))];
  for (const ruleId of own) {
    const findings = listed.filter((finding) => finding.app === app.name && finding.ruleId === ruleId);
    cases.push({ name: ruleId, classname: `${app.name}.twelve-audit`, outcome: 'fail', findings });
  }
  return cases;
}

function suiteXml(app: AppReport, cases: readonly Case[]): string {
  const count = (outcome: Case['outcome']) => cases.filter((test) => test.outcome === outcome).length;
  const score = app.score === null ? 'n/a' : `${app.score}/100`;
  return [
    `  <testsuite name="${escapeMarkup(`${app.name} (${app.path})`)}" tests="${cases.length}" failures="${count('fail')}" errors="${count('error')}" skipped="${count('skipped')}">`,
    `    <properties>\n      <property name="score" value="${escapeMarkup(score)}"/>\n      <property name="kind" value="${escapeMarkup(app.kind)}"/>\n    </properties>`,
    ...cases.map(caseXml),
    '  </testsuite>',
  ].join('\n');
}

export function junitXml(report: Report, options: ReporterOptions): string {
  const listed = visibleFindings(report.findings, options);
  const suites = report.apps.map((app) => ({ app, cases: appCases(app, listed) }));
  const all = suites.flatMap((suite) => suite.cases);
  const failures = all.filter((test) => test.outcome === 'fail').length;
  const errors = all.filter((test) => test.outcome === 'error').length;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="twelve-audit" tests="${all.length}" failures="${failures}" errors="${errors}">`,
    ...suites.map((suite) => suiteXml(suite.app, suite.cases)),
    '</testsuites>',
    '',
  ].join('\n');
}

export const junitReporter: Reporter = junitXml;

