/**
 * Checks a parsed config file against schema.json and the known rule ids; returns every problem,
 * one line each, so a user fixes the whole file in one round.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { FactorSlug, SeverityOrOff } from '../types.js';
import { didYouMean } from '../util/suggest.js';
import { describeAjvErrors, formatProblem, type Problem } from './ajv-messages.js';
import { comparePositions, documentPosition, isPlainObject, type KeySegment } from './key-path.js';
import { configSchema, type SchemaRule } from './schema.js';
import type { AppSettings, FailOn, RuleConfig } from './types.js';

/** A config file's content once it passed validation (empty collections may be null). */
export interface ConfigFile {
  $schema?: string;
  rules?: Record<string, SeverityOrOff | RuleConfig> | null;
  ignore?: string[] | null;
  minScore?: number;
  failOn?: FailOn;
  weights?: Partial<Record<FactorSlug, number>> | null;
  overrides?: { files: string[]; rules: Record<string, SeverityOrOff> }[] | null;
  baseline?: string;
  maxFileSize?: number;
  requireSuppressionReason?: boolean;
  cache?: boolean;
  apps?: Record<string, AppSettings> | null;
}

export type ValidationResult = { ok: true; value: ConfigFile } | { ok: false; problems: string[] };

/** One compiled schema per rule set: a run validates once, tests with several rule sets keep theirs. */
const compiled = new Map<string, { validate: ValidateFunction<ConfigFile>; schema: Record<string, unknown> }>();

function schemaValidator(rules: readonly (SchemaRule | string)[]): { validate: ValidateFunction<ConfigFile>; schema: Record<string, unknown> } {
  const key = JSON.stringify(rules.map((rule) => (typeof rule === 'string' ? rule : [rule.id, rule.defaultOptions ?? {}])));
  let entry = compiled.get(key);
  if (entry === undefined) {
    const schema = configSchema(rules);
    // verbose: the messages quote the offending value and read the failing schema's bounds.
    const validate = new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile<ConfigFile>(schema);
    entry = { validate, schema };
    compiled.set(key, entry);
  }
  return entry;
}

/**
 * `rules` (the run's rules with their default options) makes an option name a rule does not take an
 * error; without it, only the rule ids are checked and any options pass.
 */
export function validateConfig(value: unknown, knownRuleIds: readonly string[], rules?: readonly SchemaRule[]): ValidationResult {
  const withOptions = new Map((rules ?? []).map((rule) => [rule.id, rule]));
  const { validate, schema } = schemaValidator(knownRuleIds.map((id) => withOptions.get(id) ?? id));
  const problems = validate(value) ? [] : describeAjvErrors(validate.errors ?? [], value, schema);
  problems.push(...unknownRuleIds(value, knownRuleIds));
  if (problems.length === 0) return { ok: true, value: value as ConfigFile };
  return { ok: false, problems: inDocumentOrder(problems, value).map(formatProblem) };
}

/** Sorted by where their keys appear in the file, so they read top to bottom. */
function inDocumentOrder(problems: Problem[], value: unknown): Problem[] {
  const positions = new Map(problems.map((problem) => [problem, documentPosition(problem.at, value)]));
  return [...problems].sort((a, b) => comparePositions(positions.get(a)!, positions.get(b)!));
}

/** Rule ids under `rules` and `overrides[].rules` that no rule has. */
function unknownRuleIds(value: unknown, knownRuleIds: readonly string[]): Problem[] {
  if (!isPlainObject(value)) return [];
  const maps: { at: KeySegment[]; rules: unknown }[] = [{ at: ['rules'], rules: value['rules'] }];
  if (Array.isArray(value['overrides'])) {
    value['overrides'].forEach((override: unknown, index) => {
      if (isPlainObject(override)) maps.push({ at: ['overrides', index, 'rules'], rules: override['rules'] });
    });
  }
  const known = new Set(knownRuleIds);
  const problems: Problem[] = [];
  for (const { at, rules } of maps) {
    if (!isPlainObject(rules)) continue;
    for (const id of Object.keys(rules).filter((key) => !known.has(key))) {
      problems.push({ at: [...at, id], message: `unknown rule${didYouMean(id, knownRuleIds)}` });
    }
  }
  return problems;
}
