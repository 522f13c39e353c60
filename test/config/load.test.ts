import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findConfigFile, loadConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { UsageError } from '../../src/errors.js';
import { KNOWN_RULES, invalid, loadError, rootWith, tempRoot } from './helpers.js';

describe('findConfigFile', () => {
  it('finds nothing in a root without a config file', () => {
    expect(findConfigFile(tempRoot())).toBeUndefined();
  });

  it('prefers .yml, then .yaml, then .json', () => {
    const all = rootWith({ '.twelve-audit.json': '{}', '.twelve-audit.yaml': '', '.twelve-audit.yml': '' });
    expect(findConfigFile(all)).toBe(path.join(all, '.twelve-audit.yml'));
    const yamlAndJson = rootWith({ '.twelve-audit.json': '{}', '.twelve-audit.yaml': '' });
    expect(findConfigFile(yamlAndJson)).toBe(path.join(yamlAndJson, '.twelve-audit.yaml'));
    const json = rootWith({ '.twelve-audit.json': '{}' });
    expect(findConfigFile(json)).toBe(path.join(json, '.twelve-audit.json'));
  });

  it('ignores a directory with a config file name', () => {
    const root = rootWith({ '.twelve-audit.json': '{}' });
    mkdirSync(path.join(root, '.twelve-audit.yml'));
    expect(findConfigFile(root)).toBe(path.join(root, '.twelve-audit.json'));
  });
});

describe('loadConfig', () => {
  it('returns a copy of the defaults when there is no config file', () => {
    const config = loadConfig({ root: tempRoot(), knownRuleIds: KNOWN_RULES });
    expect(config).toEqual(DEFAULT_CONFIG);
    config.ignore.push('mutated/**');
    expect(DEFAULT_CONFIG.ignore).toEqual([]);
  });

  it.each(['', '\n\n', '# only a comment\n', '~\n'])('treats an empty file (%j) as the defaults', (text) => {
    const root = rootWith({ '.twelve-audit.yml': text });
    expect(loadConfig({ root, knownRuleIds: KNOWN_RULES })).toEqual({
      ...DEFAULT_CONFIG,
      source: path.join(root, '.twelve-audit.yml'),
    });
  });

  it('merges every key over the defaults and normalises rule severities', () => {
    const root = rootWith({
      '.twelve-audit.yml': [
        'rules:',
        '  config/hardcoded-credentials: warning',
        '  logs/file-transport:',
        '    severity: off',
        '    options: { allow: [audit.log] }',
        '    ignore: ["scripts/**"]',
        'ignore: ["examples/**"]',
        'minScore: 80',
        'failOn: warning',
        'weights: { config: 2, logs: 0 }',
        'overrides:',
        '  - files: ["**/*.test.ts"]',
        '    rules: { config/hardcoded-credentials: note }',
        'baseline: .twelve-audit-baseline.json',
        'maxFileSize: 2048',
        'requireSuppressionReason: false',
        'cache: true',
      ].join('\n'),
    });
    expect(loadConfig({ root, knownRuleIds: KNOWN_RULES })).toEqual({
      source: path.join(root, '.twelve-audit.yml'),
      rules: {
        'config/hardcoded-credentials': { severity: 'warning' },
        'logs/file-transport': { severity: 'off', options: { allow: ['audit.log'] }, ignore: ['scripts/**'] },
      },
      ignore: ['examples/**'],
      minScore: 80,
      failOn: 'warning',
      weights: { config: 2, logs: 0 },
      overrides: [{ files: ['**/*.test.ts'], rules: { 'config/hardcoded-credentials': 'note' } }],
      baseline: '.twelve-audit-baseline.json',
      maxFileSize: 2048,
      requireSuppressionReason: false,
      cache: true,
    });
  });

  it('treats an empty collection key as left out', () => {
    const root = rootWith({ '.twelve-audit.yml': 'rules:\nignore:\nweights:\noverrides:\n' });
    expect(loadConfig({ root, knownRuleIds: KNOWN_RULES })).toEqual({
      ...DEFAULT_CONFIG,
      source: path.join(root, '.twelve-audit.yml'),
    });
  });

  it('reads a JSON config, $schema included', () => {
    const root = rootWith({
      '.twelve-audit.json': JSON.stringify({ $schema: './schema.json', failOn: 'none', rules: { 'logs/file-transport': 'off' } }),
    });
    const config = loadConfig({ root, knownRuleIds: KNOWN_RULES });
    expect(config.failOn).toBe('none');
    expect(config.rules).toEqual({ 'logs/file-transport': { severity: 'off' } });
  });

  it('uses the first config file found', () => {
    const root = rootWith({ '.twelve-audit.yml': 'failOn: note', '.twelve-audit.json': '{"failOn": "none"}' });
    expect(loadConfig({ root, knownRuleIds: KNOWN_RULES }).failOn).toBe('note');
  });

  it('reads an explicit --config file relative to the working directory, instead of the root one', () => {
    const root = rootWith({ '.twelve-audit.yml': 'failOn: note' });
    const elsewhere = rootWith({ 'ci.yml': 'failOn: warning' });
    const configPath = path.relative(process.cwd(), path.join(elsewhere, 'ci.yml'));
    const config = loadConfig({ root, configPath, knownRuleIds: KNOWN_RULES });
    expect(config.failOn).toBe('warning');
    expect(config.source).toBe(path.join(elsewhere, 'ci.yml'));
  });

  it('fails when an explicit --config file does not exist, naming it as given', () => {
    const root = tempRoot();
    expect(() => loadConfig({ root, configPath: 'no/such/config.yml', knownRuleIds: KNOWN_RULES })).toThrow(
      new UsageError('Config file not found: no/such/config.yml'),
    );
  });

  it('names a file under the working directory by its relative path', () => {
    const root = path.join('test', 'config', `.tmp-${process.pid}`);
    mkdirSync(root, { recursive: true });
    try {
      writeFileSync(path.join(root, '.twelve-audit.yml'), 'minScore: 120\n');
      expect(() => loadConfig({ root, knownRuleIds: KNOWN_RULES })).toThrow(
        new UsageError(invalid(path.join(root, '.twelve-audit.yml'), 'minScore: must be an integer from 0 to 100 (got 120)')),
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('loadConfig error messages', () => {
  it('rejects a value out of range', () => {
    const { message, file } = loadError('minScore: 120\n');
    expect(message).toBe(invalid(file, 'minScore: must be an integer from 0 to 100 (got 120)'));
  });

  it('rejects values of the wrong type, all of them in one message, in file order', () => {
    const { message, file } = loadError(
      [
        'minScore: "80"',
        'ignore: "dist/**"',
        'maxFileSize: 0',
        'requireSuppressionReason: "yes"',
        'baseline: 3',
        'weights: { config: -1 }',
      ].join('\n'),
    );
    expect(message).toBe(
      invalid(
        file,
        'minScore: must be an integer from 0 to 100 (got "80")',
        'ignore: must be a list of strings (got "dist/**")',
        'maxFileSize: must be an integer greater than 0 (got 0)',
        'requireSuppressionReason: must be true or false (got "yes")',
        'baseline: must be a non-empty string (got 3)',
        'weights.config: must be a number from 0 to 1000 (got -1)',
      ),
    );
  });

  it('rejects a bad enum value with a suggestion', () => {
    const { message, file } = loadError('failOn: warn\n');
    expect(message).toBe(invalid(file, 'failOn: must be one of error, warning, note, none (got "warn"; did you mean "warning"?)'));
  });

  it('suggests the closest top-level key for an unknown one', () => {
    const { message, file } = loadError('minscore: 80\nfail-on: error\n');
    expect(message).toBe(
      invalid(file, 'minscore: unknown key (did you mean "minScore"?)', '["fail-on"]: unknown key (did you mean "failOn"?)'),
    );
  });

  it('lists the allowed keys when no key is close', () => {
    const { message, file } = loadError('colour: blue\n');
    expect(message).toBe(
      invalid(
        file,
        'colour: unknown key (expected one of $schema, rules, ignore, minScore, failOn, weights, overrides, baseline, maxFileSize, requireSuppressionReason, cache, apps)',
      ),
    );
  });

  it('names an unknown factor under weights', () => {
    const { message, file } = loadError('weights:\n  logz: 2\n');
    expect(message).toBe(invalid(file, 'weights.logz: unknown key (did you mean "logs"?)'));
  });

  it('rejects a bad rule severity, as a string or in an object', () => {
    const { message, file } = loadError(
      [
        'rules:',
        '  config/hardcoded-credentials: warn',
        '  logs/file-transport:',
        '    severity: fatal',
        '    level: error',
        '  config/env-file-committed: 3',
        '  disposability/sigterm-handler: { options: [] }',
      ].join('\n'),
    );
    expect(message).toBe(
      invalid(
        file,
        'rules["config/hardcoded-credentials"]: must be one of off, error, warning, note (got "warn"; did you mean "warning"?)',
        'rules["logs/file-transport"].severity: must be one of off, error, warning, note (got "fatal")',
        'rules["logs/file-transport"].level: unknown key (expected one of severity, options, ignore)',
        'rules["config/env-file-committed"]: must be one of off, error, warning, note, or an object with keys severity, options, ignore (got 3)',
        'rules["disposability/sigterm-handler"].options: must be an object (got a list)',
      ),
    );
  });

  it('suggests the known rule for an unknown rule id, also a bare rule name', () => {
    const { message, file } = loadError(
      'rules:\n  config/hardcoded-credential: off\n  hardcoded-credentials: off\n  made/up: off\n',
    );
    expect(message).toBe(
      invalid(
        file,
        'rules["config/hardcoded-credential"]: unknown rule (did you mean "config/hardcoded-credentials"?)',
        'rules["hardcoded-credentials"]: unknown rule (did you mean "config/hardcoded-credentials"?)',
        'rules["made/up"]: unknown rule',
      ),
    );
  });

  it('checks overrides: required keys, non-empty files, severities and rule ids', () => {
    const { message, file } = loadError(
      [
        'overrides:',
        '  - files: []',
        '    rules: { logs/file-transprot: off, config/hardcoded-credentials: { severity: off } }',
        '  - rules: {}',
        '  - files: ["a"]',
        '    rules: {}',
        '    severity: off',
      ].join('\n'),
    );
    expect(message).toBe(
      invalid(
        file,
        'overrides[0].files: must be a non-empty list of strings (got a list)',
        'overrides[0].rules["logs/file-transprot"]: unknown rule (did you mean "logs/file-transport"?)',
        'overrides[0].rules["config/hardcoded-credentials"]: must be one of off, error, warning, note (got an object)',
        'overrides[1]: missing required key "files"',
        'overrides[2].severity: unknown key (expected one of files, rules)',
      ),
    );
  });

  it('rejects a file that is not a mapping', () => {
    const { message, file } = loadError('- rules\n- ignore\n');
    expect(message).toBe(invalid(file, 'top level: must be an object (got a list)'));
  });

  it('reports a YAML syntax error with line and column', () => {
    const { message, file } = loadError('failOn: error\nrules:\n  logs/file-transport: off\n logs/other: off\n');
    expect(message).toBe(invalid(file, 'line 4, column 1: All mapping items must start at the same column'));
  });

  it('reports a duplicate YAML key with its position', () => {
    const { message, file } = loadError('failOn: error\nfailOn: note\n');
    expect(message).toBe(invalid(file, 'line 2, column 1: Map keys must be unique'));
  });

  it('reports a JSON syntax error with line and column', () => {
    const { message, file } = loadError('{\n  "failOn": "error",\n  "minScore": 80,\n}\n', '.twelve-audit.json');
    expect(message).toBe(invalid(file, 'line 4, column 1: trailing comma is not allowed in JSON'));
  });

  it('reports an invalid JSON token with its position, where JSON.parse gives none', () => {
    const { message, file } = loadError('{\n  "requireSuppressionReason": tru\n}', '.twelve-audit.json');
    expect(message).toBe(invalid(file, "line 2, column 31: expected a value, got 'tru'"));
  });
});

describe('loadConfig YAML that parses but cannot be read as data', () => {
  it('reports an alias without an anchor', () => {
    const { message, file } = loadError('ignore: *shared\n');
    expect(message).toBe(invalid(file, 'Unresolved alias (the anchor must be set before the alias): shared'));
  });

  it('reports several YAML documents in one file', () => {
    const { message, file } = loadError('failOn: error\n---\nfailOn: note\n');
    expect(message).toBe(invalid(file, 'line 2, column 1: a config file holds one YAML document; remove the "---" separator'));
  });
});
