/**
 * Inline suppressions: marks the findings that `twelve-audit-ignore` comments cover as suppressed
 * (kind `inSource`, with the comment's reason), and reports the comments that suppress nothing or
 * are not valid as findings of twelve-audit's own checks.
 */
import { ruleDocsPath } from '../meta.js';
import { cutEcho } from '../util/echo.js';
import { didYouMean } from '../util/suggest.js';
import type { Finding, IndexedFile, Severity, SeverityOrOff, Suppression } from '../types.js';
import { DIRECTIVE_MARKER, mayHoldDirectives, parseDirectives, type Directive } from './directives.js';
import { formatMessage, snippetOf } from './format.js';
import { INVALID_SUPPRESSION, UNUSED_SUPPRESSION, type ToolCheck } from '../tool-checks.js';

export interface SuppressionInput {
  /** Findings of the rules, already leveled by the config. */
  findings: readonly Finding[];
  /** Files to look for suppression comments in. */
  files: readonly IndexedFile[];
  text(path: string): string | undefined;
  knownRuleIds: readonly string[];
  requireReason: boolean;
  /** Whether the rule ran over this file (enabled, applies to its app, not turned off for it). */
  ruleRan(ruleId: string, file: string): boolean;
  appOf(file: string): string;
  /** The configured severity of one of twelve-audit's own checks. */
  severityOf(check: ToolCheck): SeverityOrOff;
}

export interface InlineSuppressions {
  /** The rules' findings, those a comment covers marked suppressed (new values; the input is left alone). */
  findings: Finding[];
  /** The findings about the suppression comments themselves. */
  toolFindings: Finding[];
}

/** Applies every inline suppression. */
export function applyInlineSuppressions(input: SuppressionInput): InlineSuppressions {
  const suppressions = new Map<Finding, Suppression>();
  const byFile = new Map<string, Finding[]>();
  for (const finding of input.findings) {
    const ofFile = byFile.get(finding.file);
    // Pushed, not copied: a copy per finding is quadratic in the findings of one file.
    if (ofFile) ofFile.push(finding);
    else byFile.set(finding.file, [finding]);
  }
  const reported: Finding[] = [];
  for (const file of input.files.filter(mayHoldDirectives)) {
    const text = input.text(file.path);
    if (text === undefined || !text.includes(DIRECTIVE_MARKER)) continue;
    for (const directive of parseDirectives(text, file.language, file.path)) {
      if (directive.kind === 'ignore-end') continue;
      const make = (check: ToolCheck, messageId: string, data: Record<string, string>): void => {
        const severity = input.severityOf(check);
        if (severity !== 'off') reported.push(toolFinding({ check, messageId, data, severity, file: file.path, directive, text, app: input.appOf(file.path) }));
      };
      const problems = problemsOf(directive, input);
      if (problems.length > 0) {
        for (const problem of problems) make(INVALID_SUPPRESSION, problem.messageId, problem.data);
        continue;
      }
      const used = suppressCovered(directive, byFile.get(file.path) ?? [], suppressions);
      for (const unused of unusedIds(directive, used, (id) => input.ruleRan(id, file.path))) {
        const lines = directive.from === directive.to ? `line ${directive.from}` : `lines ${directive.from}-${directive.to}`;
        if (unused === undefined) make(UNUSED_SUPPRESSION, 'unusedAll', { lines });
        else make(UNUSED_SUPPRESSION, 'unused', { rule: unused, lines });
      }
    }
  }
  const findings = input.findings.map((finding) => {
    const suppression = suppressions.get(finding);
    return suppression ? { ...finding, suppressed: true, suppression } : finding;
  });
  return { findings, toolFindings: reported };
}

interface Problem {
  messageId: string;
  data: Record<string, string>;
}

function problemsOf(directive: Directive, input: SuppressionInput): Problem[] {
  const known = new Set(input.knownRuleIds);
  const problems: Problem[] = directive.ruleIds
    .filter((id) => !known.has(id))
    .map((id) => ({ messageId: 'unknownRule', data: { rule: cutEcho(id), suggestion: didYouMean(id, input.knownRuleIds) } }));
  if (input.requireReason && directive.reason === undefined) problems.push({ messageId: 'missingReason', data: {} });
  return problems;
}

/** Records in `suppressions` the findings the directive covers (the first directive wins); returns the rule ids it matched. */
function suppressCovered(directive: Directive, findings: readonly Finding[], suppressions: Map<Finding, Suppression>): Set<string> {
  const used = new Set<string>();
  for (const finding of findings) {
    if (finding.line < directive.from || finding.line > directive.to) continue;
    if (directive.ruleIds.length > 0 && !directive.ruleIds.includes(finding.ruleId)) continue;
    used.add(finding.ruleId);
    if (finding.suppressed || suppressions.has(finding)) continue;
    suppressions.set(finding, { kind: 'inSource', ...(directive.reason !== undefined && { justification: directive.reason }) });
  }
  return used;
}

/**
 * The ids the directive names but matched nothing of, among rules that ran over the file (a rule
 * that is off or does not apply says nothing about the comment); `undefined` stands for a directive
 * without ids that matched nothing at all.
 */
function unusedIds(directive: Directive, used: ReadonlySet<string>, ran: (id: string) => boolean): (string | undefined)[] {
  if (directive.ruleIds.length === 0) return used.size === 0 ? [undefined] : [];
  return directive.ruleIds.filter((id) => !used.has(id) && ran(id));
}

interface ToolFindingInput {
  check: ToolCheck;
  messageId: string;
  data: Record<string, string>;
  severity: Severity;
  file: string;
  directive: Directive;
  text: string;
  app: string;
}

function toolFinding({ check, messageId, data, severity, file, directive, text, app }: ToolFindingInput): Finding {
  const template = check.messages[messageId] ?? messageId;
  const finding: Finding = {
    ruleId: check.id,
    // No factor: twelve-audit's own checks never enter a score.
    factor: 0,
    severity,
    messageId,
    data,
    message: formatMessage(template, data),
    file,
    line: directive.line,
    column: directive.column,
    help: check.fix,
    docs: ruleDocsPath(check.id),
    app,
    fingerprint: '',
    suppressed: false,
  };
  const snippet = snippetOf(text, file, directive, []);
  return snippet === undefined ? finding : { ...finding, snippet };
}
