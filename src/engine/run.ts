import { factorBySlug } from '../factors.js';
import { ruleDocsPath } from '../meta.js';
import { milder } from '../severity.js';
import type { AppFacts, AuditError, Finding, IndexedFile, RepoFacts, ReportDescriptor, Rule, RuleResult, Severity } from '../types.js';
import type { ResolvedConfig } from '../config/types.js';
import { maskIn, maskSecret } from '../rule-kit/secrets.js';
import { createContext } from './context.js';
import { dropSuperseded } from './supersede.js';
import { formatMessage, snippetOf } from './format.js';
import type { ParsedFiles } from './parsed.js';

export interface AppInput {
  app: AppFacts;
  files: readonly IndexedFile[];
}

export interface EngineInput {
  rules: readonly Rule[];
  apps: readonly AppInput[];
  repo: RepoFacts;
  parsed: ParsedFiles;
  config: ResolvedConfig;
}

export interface EngineOutput {
  /** Rule results per app, in the order of `input.apps`. */
  results: RuleResult[][];
  errors: AuditError[];
}

/** Runs every enabled rule over every app. A rule that throws becomes an error result; the rest go on. */
export function runRules(input: EngineInput): EngineOutput {
  const errors: AuditError[] = [];
  const secretsByFile = new Map<string, Set<string>>();
  const results = input.apps.map((appInput) =>
    dropSuperseded(
      input.rules.flatMap((rule) => {
        const result = runRule(rule, appInput, input, { errors, secretsByFile });
        return result ? [result] : [];
      }),
      input.rules,
    ),
  );
  maskSecretsOfOtherFindings(results.flat(), secretsByFile);
  return { results, errors };
}

/** A secret one rule found must not show in the snippet or message of another rule's finding in the same file. */
function maskSecretsOfOtherFindings(results: readonly RuleResult[], secretsByFile: ReadonlyMap<string, Set<string>>): void {
  for (const finding of results.flatMap((result) => result.findings)) {
    const secrets = [...(secretsByFile.get(finding.file) ?? [])];
    if (secrets.length === 0) continue;
    finding.message = maskIn(finding.message, secrets);
    if (finding.snippet !== undefined) finding.snippet = maskIn(finding.snippet, secrets);
    const data = maskData(finding.data, secrets);
    if (data) finding.data = data;
  }
}

/** One rule over one app; undefined when the rule is turned off. */
interface RunState {
  errors: AuditError[];
  secretsByFile: Map<string, Set<string>>;
}

/**
 * A rule that throws on a file it was working on (the last one it read or parsed) is run again
 * without that file, which is reported as not analysed by it: one hostile file costs the rule that
 * file, never the rest of the app. Past this many such files the rule counts as crashed.
 */
const MAX_FAILED_FILES_PER_RULE = 20;

function runRule(rule: Rule, { app, files }: AppInput, input: EngineInput, { errors, secretsByFile }: RunState): RuleResult | undefined {
  const configured = input.config.rules[rule.id];
  const severity = configured?.severity ?? rule.defaultSeverity;
  if (severity === 'off') return undefined;
  const applies = rule.appliesTo(app, input.repo);
  if (applies !== true) return { ruleId: rule.id, status: 'n/a', score: null, reason: applies, findings: [] };
  const options = { ...rule.defaultOptions, ...configured?.options };
  const excluded = new Set<string>();
  for (;;) {
    const { context, reported, trace } = createContext({ rule, app, repo: input.repo, files, parsed: input.parsed, severity, options, excluded });
    try {
      rule.check(context);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const file = trace.lastFile;
      if (file !== undefined && !excluded.has(file) && excluded.size < MAX_FAILED_FILES_PER_RULE) {
        excluded.add(file);
        errors.push({ kind: 'rule', ruleId: rule.id, file, message: `not analysed by ${rule.id}: the rule failed on this file (${message})` });
        continue;
      }
      return crashed(rule, app, message, errors);
    }
    for (const { file, secrets = [] } of reported) {
      for (const secret of secrets) secretsByFile.set(file, (secretsByFile.get(file) ?? new Set()).add(secret));
    }
    let findings: Finding[];
    try {
      findings = reported.map((descriptor) => toFinding(rule, descriptor, severity, app, input.parsed));
    } catch (error) {
      return crashed(rule, app, error instanceof Error ? error.message : String(error), errors);
    }
    const unanalysed = [...new Set([...excluded, ...trace.unparsed])].sort();
    return { ruleId: rule.id, status: findings.length > 0 ? 'fail' : 'pass', score: null, findings, ...(unanalysed.length > 0 && { unanalysed }) };
  }
}

function crashed(rule: Rule, app: AppFacts, message: string, errors: AuditError[]): RuleResult {
  errors.push({ kind: 'rule', ruleId: rule.id, message: `rule ${rule.id} failed on app ${app.name}: ${message}` });
  return { ruleId: rule.id, status: 'error', score: null, reason: message, findings: [] };
}

function toFinding(rule: Rule, descriptor: ReportDescriptor, configured: Severity, app: AppFacts, parsed: ParsedFiles): Finding {
  const secrets = descriptor.secrets ?? [];
  const data = maskData(descriptor.data, secrets);
  const template = rule.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`rule ${rule.id} reported unknown messageId "${descriptor.messageId}"`);
  const column = descriptor.column ?? 1;
  const finding: Finding = {
    ruleId: rule.id,
    factor: factorBySlug(rule.factor).number,
    severity: descriptor.severity ? milder(configured, descriptor.severity) : configured,
    messageId: descriptor.messageId,
    message: formatMessage(template, data),
    file: descriptor.file,
    line: Math.max(1, descriptor.line),
    column: Math.max(1, column),
    help: rule.fix,
    docs: ruleDocsPath(rule.id),
    app: app.name,
    fingerprint: '',
    suppressed: false,
  };
  if (data) finding.data = data;
  if (descriptor.endLine !== undefined) finding.endLine = descriptor.endLine;
  if (descriptor.endColumn !== undefined) finding.endColumn = descriptor.endColumn;
  const snippet = descriptor.snippet === false ? undefined : snippetOf(parsed.text(descriptor.file), descriptor.file, finding, secrets);
  if (snippet !== undefined) finding.snippet = snippet;
  return finding;
}

function maskData(
  data: Record<string, string | number> | undefined,
  secrets: readonly string[],
): Record<string, string | number> | undefined {
  if (!data) return undefined;
  return Object.fromEntries(
    Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? maskValue(value, secrets) : value]),
  );
}

/** A data value that is a secret is masked whole, however short; one that contains a secret, in place. */
function maskValue(value: string, secrets: readonly string[]): string {
  return secrets.includes(value) ? maskSecret(value) : maskIn(value, secrets);
}
