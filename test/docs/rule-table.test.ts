import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { ruleTable } from '../../src/docs/rule-table.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

describe('docs/rules/README.md', () => {
  it('is current with the rules (regenerate with `npm run docs:rules`)', () => {
    expect(readFileSync(join(PROJECT_ROOT, 'docs/rules/README.md'), 'utf8')).toBe(ruleTable(RULES));
  });

  it('links every rule to its page', () => {
    const table = ruleTable(RULES);
    for (const rule of RULES) expect(table).toContain(`(${rule.id}.md)`);
  });
});
