/**
 * The rule catalog a report carries for its reporters: what each rule that ran is, with help text
 * taken from its doc page (why it matters, how to fix, a good example), so SARIF viewers and the
 * Markdown summary can explain a finding without the reader opening the docs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { factorBySlug } from '../factors.js';
import { PACKAGE_ROOT, ruleDocsPath, ruleDocsUrl } from '../meta.js';
import type { Rule, RuleInfo, Severity } from '../types.js';

/** `## Heading` sections of a Markdown page, by heading. */
export function markdownSections(page: string): Map<string, string> {
  const sections = new Map<string, string>();
  let heading: string | undefined;
  let body: string[] = [];
  let fenced = false;
  const flush = () => {
    if (heading !== undefined) sections.set(heading, body.join('\n').trim());
  };
  for (const line of page.split(/\r?\n/)) {
    if (/^(```|~~~)/.test(line)) fenced = !fenced;
    const match = fenced ? null : /^##\s+(.+?)\s*$/.exec(line);
    if (match) {
      flush();
      heading = match[1]?.toLowerCase();
      body = [];
    } else {
      body.push(line);
    }
  }
  flush();
  return sections;
}

/** Help in Markdown: the rule's description, then why, how to fix and a good example from its doc page. */
export function helpMarkdown(rule: Pick<Rule, 'id' | 'description' | 'fix'>, page: string | undefined): string {
  const sections = page === undefined ? new Map<string, string>() : markdownSections(page);
  const parts = [rule.description];
  const why = sections.get('why it matters');
  if (why) parts.push(`**Why it matters**\n\n${why}`);
  parts.push(`**How to fix**\n\n${sections.get('how to fix') || rule.fix}`);
  const good = sections.get('good');
  if (good) parts.push(`**Good**\n\n${good}`);
  parts.push(`[Documentation](${ruleDocsUrl(rule.id)})`);
  return parts.join('\n\n');
}

/** Markdown to plain text for SARIF's `help.text`: links become `text (url)`, emphasis and code marks go. */
function plainText(markdown: string): string {
  return markdown
    .replace(/\[([^\]]+)\]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/[*_`]+/g, '')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}

/** Help in plain text: the description, why it matters, how to fix, where the docs are. */
export function helpText(rule: Pick<Rule, 'id' | 'description' | 'fix'>, page: string | undefined): string {
  const sections = page === undefined ? new Map<string, string>() : markdownSections(page);
  const why = sections.get('why it matters');
  return [
    rule.description,
    ...(why ? [`Why it matters: ${plainText(why)}`] : []),
    `How to fix: ${plainText(sections.get('how to fix') || rule.fix)}`,
    `Documentation: ${ruleDocsUrl(rule.id)}`,
  ].join('\n\n');
}

function readDocPage(ruleId: string): string | undefined {
  try {
    return readFileSync(join(PACKAGE_ROOT, ruleDocsPath(ruleId)), 'utf8');
  } catch {
    return undefined;
  }
}

export function ruleInfo(rule: Rule, severity: Severity): RuleInfo {
  const page = readDocPage(rule.id);
  return {
    id: rule.id,
    factor: factorBySlug(rule.factor).number,
    title: rule.title,
    description: rule.description,
    fix: rule.fix,
    severity,
    tags: [...new Set(['twelve-factor', rule.factor, ...(rule.tags ?? [])])],
    docs: ruleDocsPath(rule.id),
    helpUri: ruleDocsUrl(rule.id),
    helpText: helpText(rule, page),
    helpMarkdown: helpMarkdown(rule, page),
  };
}
