import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load.js';
import { UsageError } from '../../src/errors.js';
import { rootWith } from './helpers.js';

const doc = readFileSync(new URL('../../docs/configuration.md', import.meta.url), 'utf8');
const RULE_IDS = ['logs/file-transport', 'config/hardcoded-credentials', 'config/hardcoded-endpoints', 'disposability/sigterm-handler'];

function codeBlocks(language: string): string[] {
  return [...doc.matchAll(new RegExp('^```' + language + '\\n([\\s\\S]*?)^```', 'gm'))].map((match) => match[1]!);
}

describe('docs/configuration.md', () => {
  it('shows YAML examples that load', () => {
    const blocks = codeBlocks('yaml');
    expect(blocks.length).toBeGreaterThan(3);
    for (const text of blocks) {
      expect(() => loadConfig({ root: rootWith({ '.twelve-audit.yml': text }), knownRuleIds: RULE_IDS }), text).not.toThrow();
    }
  });

  it('shows a JSON example that loads', () => {
    const [text] = codeBlocks('json');
    const config = loadConfig({ root: rootWith({ '.twelve-audit.json': text! }), knownRuleIds: RULE_IDS });
    expect(config.minScore).toBe(80);
  });

  it('shows the error message the loader really gives', () => {
    const [shown] = codeBlocks('text');
    const root = rootWith({
      '.twelve-audit.yml': 'minScore: 120\nwieghts: {}\nrules:\n  config/hardcoded-credentials: warn\n  hardcoded-credentials: off\n',
    });
    const configPath = path.join(root, '.twelve-audit.yml');
    expect(() => loadConfig({ root, configPath, knownRuleIds: RULE_IDS })).toThrow(
      new UsageError(shown!.trimEnd().replace('.twelve-audit.yml', configPath)),
    );
  });
});
