/**
 * Checks a parsed config file against schema.json and the known rule ids; returns every problem,
 * one line each, so a user fixes the whole file in one round.
 */
import { Ajv, type ValidateFunction } from 'ajv';
import type { FactorSlug, SeverityOrOff } from '../types.js';
import { didYouMean } from '../util/suggest.js';
import { describeAjvErrors, formatProblem, type Problem } from './ajv-messages.js';
import { comparePositions, documentPosition, isPlainObject, type KeySegment } from './key-path.js';
import type { FailOn, RuleConfig } from './types.js';
import schema from './schema.json' with { type: 'json' };

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
}

export type ValidationResult = { ok: true; value: ConfigFile } | { ok: false; problems: string[] };

let compiled: ValidateFunction<ConfigFile> | undefined;

function schemaValidator(): ValidateFunction<ConfigFile> {
  // verbose: the messages quote the offending value and read the failing schema's bounds.
  compiled ??= new Ajv({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }).compile<ConfigFile>(schema);
  return compiled;
}

export function validateConfig(value: unknown, knownRuleIds: readonly string[]): ValidationResult {
  const validate = schemaValidator();
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
