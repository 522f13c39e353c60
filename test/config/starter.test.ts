import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, starterConfig } from '../../src/config/load.js';
import { DEFAULT_CONFIG } from '../../src/config/types.js';
import { FACTORS } from '../../src/factors.js';
import { SCHEMA_URL } from '../../src/meta.js';
import { rootWith } from './helpers.js';

const RULES = [
  { id: 'config/hardcoded-credentials', defaultSeverity: 'error', description: 'Secrets written in source.' },
  { id: 'logs/file-transport', defaultSeverity: 'warning', description: 'Logs written to files\n  instead of stdout.' },
  { id: 'config/env-file-committed', defaultSeverity: 'warning', description: 'A .env file is committed.' },
];
const IDS = RULES.map((rule) => rule.id);

function load(text: string) {
  const root = rootWith({ '.twelve-audit.yml': text });
  return { config: loadConfig({ root, knownRuleIds: IDS }), source: path.join(root, '.twelve-audit.yml') };
}

/** What an editor's toggle-comment does to the lines that match. */
function uncomment(text: string, match: (line: string) => boolean): string {
  return text
    .split('\n')
    .map((line) => (match(line) ? line.replace(/^(\s*)# /, '$1') : line))
    .join('\n');
}

describe('starterConfig', () => {
  const text = starterConfig(RULES);

  it('starts with the schema line for editors', () => {
    expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${SCHEMA_URL}`);
  });

  it('loads as the defaults', () => {
    const { config, source } = load(text);
    expect(config).toEqual({ ...DEFAULT_CONFIG, source });
  });

  it('lists every rule commented out with its default severity and description, grouped by factor', () => {
    const ruleSection = text.slice(text.indexOf('\nrules:\n'));
    expect(ruleSection).toContain(
      [
        '  # 3. Config',
        '  # config/hardcoded-credentials: error  # Secrets written in source.',
        '  # config/env-file-committed: warning   # A .env file is committed.',
        '',
        '  # 11. Logs',
        '  # logs/file-transport: warning         # Logs written to files instead of stdout.',
      ].join('\n'),
    );
  });

  it('loads with every rule line uncommented, each at its default severity', () => {
    const { config } = load(uncomment(text, (line) => IDS.some((id) => line.includes(`# ${id}:`))));
    expect(config.rules).toEqual({
      'config/hardcoded-credentials': { severity: 'error' },
      'config/env-file-committed': { severity: 'warning' },
      'logs/file-transport': { severity: 'warning' },
    });
  });

  it('loads with the commented examples uncommented', () => {
    const examples = uncomment(text, (line) => /^\s*# (minScore|baseline|- |  rules:|    config\/|[a-z-]+: 1$)/.test(line));
    const { config } = load(examples);
    expect(config.minScore).toBe(80);
    expect(config.baseline).toBe('.twelve-audit-baseline.json');
    expect(config.ignore).toEqual(['examples/**']);
    expect(config.overrides).toEqual([
      { files: ['scripts/**', '**/*.test.ts'], rules: { 'config/hardcoded-credentials': 'off' } },
    ]);
    expect(Object.keys(config.weights)).toEqual(FACTORS.map((factor) => factor.slug));
  });

  it('documents every top-level key', () => {
    for (const key of ['minScore', 'failOn', 'ignore', 'maxFileSize', 'requireSuppressionReason', 'baseline', 'weights', 'overrides', 'rules']) {
      expect(text).toMatch(new RegExp(`^(# )?${key}:`, 'm'));
    }
  });
});
