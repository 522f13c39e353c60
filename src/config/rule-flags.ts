/**
 * The CLI's repeatable `--rule ID=off|error|warning|note`, applied over the loaded config.
 */
import { cutEcho } from '../util/echo.js';
import { UsageError } from '../errors.js';
import type { SeverityOrOff } from '../types.js';
import { suggest, didYouMean } from '../util/suggest.js';
import type { ResolvedConfig } from './types.js';

const SEVERITIES_OR_OFF: readonly SeverityOrOff[] = ['off', 'error', 'warning', 'note'];

/** Returns a new config; the given one is left as it was. Every bad flag is named in one error. */
export function applyRuleFlags(config: ResolvedConfig, flags: readonly string[], knownRuleIds: readonly string[]): ResolvedConfig {
  const rules = { ...config.rules };
  const problems: string[] = [];
  for (const flag of flags) {
    const parsed = parseRuleFlag(flag, knownRuleIds);
    if (typeof parsed === 'string') problems.push(`--rule ${JSON.stringify(cutEcho(flag))}: ${parsed}`);
    else rules[parsed.id] = { ...rules[parsed.id], severity: parsed.severity };
  }
  if (problems.length > 0) throw new UsageError(problems.join('\n'));
  return { ...config, rules };
}

/** The id and severity of one flag, or what is wrong with it. */
function parseRuleFlag(flag: string, knownRuleIds: readonly string[]): { id: string; severity: SeverityOrOff } | string {
  const equals = flag.indexOf('=');
  const id = flag.slice(0, equals).trim();
  const severity = flag.slice(equals + 1).trim();
  if (equals < 0 || id === '' || severity === '') {
    return `expected ID=${SEVERITIES_OR_OFF.join('|')}, e.g. --rule config/hardcoded-credentials=warning`;
  }
  if (!knownRuleIds.includes(id)) return `unknown rule ${JSON.stringify(cutEcho(id))}${didYouMean(id, knownRuleIds)}`;
  if (!isSeverityOrOff(severity)) {
    const guess = suggest(severity, SEVERITIES_OR_OFF);
    return `severity must be one of ${SEVERITIES_OR_OFF.join(', ')} (got ${JSON.stringify(cutEcho(severity))}${guess ? `; did you mean "${guess}"?` : ''})`;
  }
  return { id, severity };
}

function isSeverityOrOff(value: string): value is SeverityOrOff {
  return (SEVERITIES_OR_OFF as readonly string[]).includes(value);
}
