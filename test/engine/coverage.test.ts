import { describe, expect, it } from 'vitest';
import { coverageOf, unscoredReason, withinCoverage } from '../../src/engine/coverage.js';
import { coverageLine } from '../../src/languages.js';
import type { AppFacts, IndexedFile, Rule, RuleResult } from '../../src/types.js';
import { runCli } from '../helpers/cli.js';
import { json, makeTree } from '../repo/tree.js';

const file = (path: string, language: IndexedFile['language'], role: IndexedFile['role'] = 'source'): IndexedFile => ({ path, size: 10, language, role });
const sourceRule = { id: 'logs/x', languages: ['javascript', 'typescript'] } as unknown as Rule;
const anyRule = { id: 'build-release-run/x' } as unknown as Rule;
const passing: RuleResult = { ruleId: 'logs/x', status: 'pass', score: null, findings: [] };

describe('coverage', () => {
  const analysed = new Set(['javascript', 'typescript'] as const);
  const goService = [file('main.go', 'go'), file('handlers/user.go', 'go'), file('main_test.go', 'go', 'test'), file('Dockerfile', 'dockerfile', 'config')];

  it('counts source files per language, analysed or not, leaving tests and config out', () => {
    expect(coverageOf([...goService, file('web/app.ts', 'typescript')], analysed)).toEqual({ analysed: { typescript: 1 }, notAnalysed: { go: 2 } });
    expect(coverageLine({ analysed: { typescript: 120, javascript: 4 }, notAnalysed: { go: 45 } })).toBe(
      'analysed: 120 TypeScript, 4 JavaScript source files; not analysed: 45 Go files',
    );
    expect(coverageLine({ analysed: {}, notAnalysed: {} })).toBe('analysed: no source files');
  });

  it('makes a source rule n/a, with the reason, for an app whose code it cannot read, and leaves other rules alone', () => {
    const coverage = coverageOf(goService, analysed);
    expect(withinCoverage(passing, sourceRule, coverage)).toEqual({
      ruleId: 'logs/x', status: 'n/a', score: null, findings: [], reason: "reads JavaScript/TypeScript source; the app's code (2 Go files) is not analysed yet",
    });
    expect(withinCoverage({ ...passing, ruleId: 'build-release-run/x' }, anyRule, coverage)).toMatchObject({ status: 'pass' });
    expect(withinCoverage(passing, sourceRule, coverageOf([file('a.js', 'javascript'), ...goService], analysed))).toMatchObject({ status: 'pass' });
  });

  it('leaves unscored an app with nothing to audit, or with most of its source in languages no rule reads', () => {
    const bare = { dockerfiles: [], composeFiles: [] } as unknown as AppFacts;
    expect(unscoredReason(bare, coverageOf([file('README.md', 'markdown', 'docs')], analysed))).toMatch(/^there is nothing to audit/);
    expect(unscoredReason({ ...bare, dockerfiles: ['Dockerfile'] }, coverageOf([], analysed))).toBeUndefined();
    expect(unscoredReason(bare, coverageOf(goService, analysed))).toMatch(/^most of its source is in languages twelve-audit does not analyse yet \(2 Go files, 0 analysed\)/);
    const mostlyTs = [file('a.ts', 'typescript'), file('b.ts', 'typescript'), file('tool.go', 'go')];
    expect(unscoredReason(bare, coverageOf(mostlyTs, analysed))).toBeUndefined();
  });
});

describe('coverage, end to end', () => {
  it('an empty repository is not 100/A: it has no score and says why', () => {
    const result = runCli([makeTree({ 'README.md': '# nothing here yet\n' }), '--format', 'json']);
    const report = JSON.parse(result.stdout) as { score: number | null; grade: string; apps: { deductions: { unscored?: string } }[] };
    expect(report).toMatchObject({ score: null, grade: 'n/a' });
    expect(report.apps[0]?.deductions.unscored).toBeDefined();
  });

  it('a Ruby service is not scored on its Dockerfile alone: source rules are n/a and the text report has the coverage line', () => {
    const root = makeTree({
      'app.rb': "require 'sinatra'\n",
      'lib/users.rb': 'module Users; end\n',
      'Dockerfile': 'FROM ruby:3.3\nCOPY . .\nCMD ["ruby", "app.rb"]\n',
      'package.json': json({ name: 'tooling', private: true }),
    });
    const report = JSON.parse(runCli([root, '--format', 'json']).stdout) as {
      score: number | null;
      apps: { coverage: unknown; factors: { rules: { ruleId: string; status: string; reason?: string }[] }[] }[];
    };
    expect(report.score).toBeNull();
    expect(report.apps[0]?.coverage).toEqual({ analysed: {}, notAnalysed: { ruby: 2 } });
    const rules = report.apps.flatMap((app) => app.factors.flatMap((factor) => factor.rules));
    expect(rules.find((rule) => rule.ruleId === 'logs/file-transport')).toMatchObject({ status: 'n/a' });
    const text = runCli([root, '--no-color']).stdout;
    expect(text).toContain('analysed: no source files; not analysed: 2 Ruby files');
    expect(text).toMatch(/has no score: most of its source is in languages twelve-audit does not analyse yet/);
  });

  it('a Go service is analysed and scored: its source counts as read', () => {
    const root = makeTree({
      'go.mod': 'module example.com/svc\n\ngo 1.22\n',
      'main.go': 'package main\n\nimport "net/http"\n\nfunc main() {\n\thttp.ListenAndServe(":8080", nil)\n}\n',
      'Dockerfile': 'FROM golang:1.22\nCOPY . .\nCMD ["/svc"]\n',
    });
    const report = JSON.parse(runCli([root, '--format', 'json']).stdout) as { score: number | null; apps: { coverage: unknown }[] };
    expect(report.apps[0]?.coverage).toEqual({ analysed: { go: 1 }, notAnalysed: {} });
    expect(report.score).not.toBeNull();
    expect(runCli([root, '--no-color']).stdout).toContain('analysed: 1 Go source files');
  });
});
