import { factorBySlug } from '../factors.js';
import { ruleDocsPath } from '../meta.js';
import { milder } from '../severity.js';
import type { AppFacts, AuditError, Finding, IndexedFile, RepoFacts, ReportDescriptor, Rule, RuleResult, Severity } from '../types.js';
import type { ResolvedConfig } from '../config/types.js';
import { maskIn, maskSecret } from './mask-secret.js';
import { FileMasks, MaskedTexts, type SecretMask } from './mask.js';
import { createContext } from './context.js';
import { dropSuperseded } from './supersede.js';
import { formatMessage, snippetOf } from './format.js';
import type { ParsedFiles } from './parsed.js';
import type { FactStore } from '../facts/store.js';
import type { Timing } from './timing.js';
import { AppFactMemo } from '../facts/app-facts.js';

export interface AppInput {
  app: AppFacts;
  files: readonly IndexedFile[];
}

export interface EngineInput {
  rules: readonly Rule[];
  apps: readonly AppInput[];
  repo: RepoFacts;
  parsed: ParsedFiles;
  facts: FactStore;
  config: ResolvedConfig;
  /** Collects each rule's time when `--timing` asked for it. */
  timing?: Timing;
}

export interface EngineOutput {
  /** Rule results per app, in the order of `input.apps`. */
  results: RuleResult[][];
  errors: AuditError[];
  /** The files' texts and messages with every secret any rule found in them masked. */
  masked: MaskedTexts;
}

/** Runs every enabled rule over every app. A rule that throws becomes an error result; the rest go on. */
export function runRules(input: EngineInput): EngineOutput {
  const errors: AuditError[] = [];
  const secretsByFile = new Map<string, Set<string>>();
  const results = input.apps.map((appInput) => {
    const appFacts = appFactMemo(appInput, input);
    return dropSuperseded(
      input.rules.flatMap((rule) => {
        const result = runRule(rule, appInput, input, { errors, secretsByFile, appFacts });
        return result ? [result] : [];
      }),
      input.rules,
    );
  });
  const masked = new MaskedTexts(new FileMasks(secretsByFile), (path) => input.parsed.text(path));
  return {
    results: results.map((appResults) => appResults.map((result) => ({ ...result, findings: result.findings.map((finding) => maskedFinding(finding, masked)) }))),
    errors: errors.map((error) => ({ ...error, message: masked.message(error.file, error.message) })),
    masked,
  };
}

/** Findings that show a snippet: it is cut once every rule has run, from the file's text with all its secrets masked. */
const wantsSnippet = new WeakSet<Finding>();

/**
 * A secret one rule found must not show in the snippet or message of any finding in the same file
 * (another rule's included); the snippet is cut from the masked text, so a long line cut around
 * the column never shows half a secret.
 */
export function maskedFinding(finding: Finding, masked: MaskedTexts, snippet = wantsSnippet.has(finding)): Finding {
  const mask = masked.masks.of(finding.file);
  const data = maskDataWith(finding.data, mask);
  const { snippet: unmasked, ...rest } = finding;
  const text = snippet ? snippetOf(masked.text(finding.file), finding.file, finding, []) : unmasked;
  return { ...rest, message: masked.message(finding.file, finding.message), ...(data && { data }), ...(text !== undefined && { snippet: text }) };
}

function maskDataWith(data: Record<string, string | number> | undefined, mask: SecretMask): Record<string, string | number> | undefined {
  if (!data || mask.empty) return data;
  return Object.fromEntries(Object.entries(data).map(([key, value]) => [key, typeof value === 'string' ? mask.mask(value) : value]));
}

interface RunState {
  errors: AuditError[];
  secretsByFile: Map<string, Set<string>>;
  appFacts: AppFactMemo;
}

/** App facts are computed from a context of no rule: every file of the app, every extractor, other app facts, nothing reported. */
function appFactMemo({ app, files }: AppInput, input: EngineInput): AppFactMemo {
  const rule: Rule = {
    id: '(app facts)',
    factor: 'codebase',
    defaultSeverity: 'note',
    title: 'App facts',
    description: '',
    fix: '',
    messages: {},
    facts: [...new Set(input.rules.flatMap((candidate) => candidate.facts ?? []))],
    appliesTo: () => true,
    check: () => {},
  };
  const memo: AppFactMemo = new AppFactMemo(
    () => createContext({ rule, app, repo: input.repo, files, parsed: input.parsed, facts: input.facts, appFacts: memo, severity: 'note', options: {} }).context,
  );
  return memo;
}

/**
 * A rule that throws on a file it was working on (the last one it read or parsed) is run again
 * without that file, which is reported as not analysed by it: one hostile file costs the rule that
 * file, never the rest of the app. Past this many such files the rule counts as crashed.
 */
const MAX_FAILED_FILES_PER_RULE = 20;

/** One rule over one app; undefined when the rule is turned off. */
function runRule(rule: Rule, { app, files }: AppInput, input: EngineInput, { errors, secretsByFile, appFacts }: RunState): RuleResult | undefined {
  const configured = input.config.rules[rule.id];
  const severity = configured?.severity ?? rule.defaultSeverity;
  if (severity === 'off') return undefined;
  const applies = rule.appliesTo(app, input.repo);
  if (applies !== true) return { ruleId: rule.id, status: 'n/a', score: null, reason: applies, findings: [] };
  const options = { ...rule.defaultOptions, ...configured?.options };
  const excluded = new Set<string>();
  for (;;) {
    const { context, reported, trace } = createContext({ rule, app, repo: input.repo, files, parsed: input.parsed, facts: input.facts, appFacts, severity, options, excluded });
    const started = input.timing && performance.now();
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
    } finally {
      if (input.timing && started !== undefined) input.timing.addRule(rule.id, performance.now() - started);
    }
    for (const { file, secrets = [] } of reported) {
      for (const secret of secrets) secretsByFile.set(file, (secretsByFile.get(file) ?? new Set()).add(secret));
    }
    let findings: Finding[];
    try {
      findings = reported.map((descriptor) => toFinding(rule, descriptor, severity, app));
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

function toFinding(rule: Rule, descriptor: ReportDescriptor, configured: Severity, app: AppFacts): Finding {
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
  if (descriptor.snippet !== false) wantsSnippet.add(finding);
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
