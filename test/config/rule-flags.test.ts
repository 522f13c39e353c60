import { describe, expect, it } from 'vitest';
import { applyRuleFlags } from '../../src/config/load.js';
import { DEFAULT_CONFIG, type ResolvedConfig } from '../../src/config/types.js';
import { UsageError } from '../../src/errors.js';
import { KNOWN_RULES } from './helpers.js';

const base: ResolvedConfig = {
  ...DEFAULT_CONFIG,
  rules: { 'logs/file-transport': { severity: 'warning', options: { allow: ['audit.log'] } } },
};

describe('applyRuleFlags', () => {
  it('sets severities, keeping the other settings of a rule and leaving the input untouched', () => {
    const config = applyRuleFlags(base, ['logs/file-transport=off', ' config/hardcoded-credentials = note '], KNOWN_RULES);
    expect(config.rules).toEqual({
      'logs/file-transport': { severity: 'off', options: { allow: ['audit.log'] } },
      'config/hardcoded-credentials': { severity: 'note' },
    });
    expect(base.rules['logs/file-transport']?.severity).toBe('warning');
  });

  it('lets a later flag for the same rule win', () => {
    const config = applyRuleFlags(base, ['logs/file-transport=off', 'logs/file-transport=error'], KNOWN_RULES);
    expect(config.rules['logs/file-transport']?.severity).toBe('error');
  });

  it('returns an equal config for no flags', () => {
    expect(applyRuleFlags(base, [], KNOWN_RULES)).toEqual(base);
  });

  it.each([
    ['logs/file-transport', '--rule "logs/file-transport": expected ID=off|error|warning|note, e.g. --rule config/hardcoded-credentials=warning'],
    ['=off', '--rule "=off": expected ID=off|error|warning|note, e.g. --rule config/hardcoded-credentials=warning'],
    ['logs/file-transport=', '--rule "logs/file-transport=": expected ID=off|error|warning|note, e.g. --rule config/hardcoded-credentials=warning'],
    ['logs/file-transport=warn', '--rule "logs/file-transport=warn": severity must be one of off, error, warning, note (got "warn"; did you mean "warning"?)'],
    ['logs/file-transport=fatal', '--rule "logs/file-transport=fatal": severity must be one of off, error, warning, note (got "fatal")'],
    ['hardcoded-credentials=off', '--rule "hardcoded-credentials=off": unknown rule "hardcoded-credentials" (did you mean "config/hardcoded-credentials"?)'],
    ['made/up=off', '--rule "made/up=off": unknown rule "made/up"'],
  ])('rejects %j', (flag, message) => {
    expect(() => applyRuleFlags(base, [flag], KNOWN_RULES)).toThrow(new UsageError(message));
  });

  it('names every bad flag in one error', () => {
    expect(() => applyRuleFlags(base, ['made/up=off', 'logs/file-transport=off', 'logs/file-transport'], KNOWN_RULES)).toThrow(
      new UsageError(
        [
          '--rule "made/up=off": unknown rule "made/up"',
          '--rule "logs/file-transport": expected ID=off|error|warning|note, e.g. --rule config/hardcoded-credentials=warning',
        ].join('\n'),
      ),
    );
  });
});
