/**
 * The fixture contract every rule test uses: each `fixtures/<rule-id>/fail/<case>/` yields exactly
 * the findings its `expected.json` lists, and each `pass/<case>/` yields none of that rule.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../src/audit.js';
import type { Finding, Rule } from '../../src/types.js';
import { FIXTURES } from './paths.js';

export interface ExpectedFinding {
  ruleId: string;
  messageId: string;
  file: string;
  line: number;
  column?: number;
  severity?: Finding['severity'];
}

/** Runs only `rule` over a fixture repository and returns its findings. */
export function findingsOf(rule: Rule, root: string): Finding[] {
  const { report } = audit({ root, rules: [rule] });
  return report.findings.filter((finding) => finding.ruleId === rule.id);
}

function project(finding: Finding, like: ExpectedFinding): Record<string, unknown> {
  return Object.fromEntries(Object.keys(like).map((key) => [key, finding[key as keyof Finding]]));
}

function casesOf(rule: Rule, kind: 'fail' | 'pass'): string[] {
  const directory = join(FIXTURES, rule.id, kind);
  return existsSync(directory) ? readdirSync(directory).sort() : [];
}

export function describeFixtures(rule: Rule): void {
  describe(`${rule.id} fixtures`, () => {
    it('has at least one fail and one pass case', () => {
      expect(casesOf(rule, 'fail').length).toBeGreaterThan(0);
      expect(casesOf(rule, 'pass').length).toBeGreaterThan(0);
    });

    for (const name of casesOf(rule, 'fail')) {
      it(`fail/${name} reports exactly its expected findings`, () => {
        const root = join(FIXTURES, rule.id, 'fail', name);
        const expected = JSON.parse(readFileSync(join(root, 'expected.json'), 'utf8')) as ExpectedFinding[];
        expect(expected.length).toBeGreaterThan(0);
        const actual = findingsOf(rule, root);
        expect(actual.map((finding, index) => project(finding, expected[index] ?? (expected[0] as ExpectedFinding)))).toEqual(expected);
      });
    }

    for (const name of casesOf(rule, 'pass')) {
      it(`pass/${name} reports nothing`, () => {
        const findings = findingsOf(rule, join(FIXTURES, rule.id, 'pass', name));
        expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.message}`)).toEqual([]);
      });
    }
  });
}
