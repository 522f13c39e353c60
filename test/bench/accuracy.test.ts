import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain ES module of the benchmark, without type declarations
import { judgeRepository, orderingViolations, summarise } from '../../bench/accuracy/measure.mjs';
import { PROJECT_ROOT } from '../helpers/paths.js';

const labels = (overrides: Record<string, unknown> = {}) => ({
  repo: 'o/r', commit: 'a'.repeat(40), split: 'tune', kind: 'tutorial', languages: ['js'], verdict: 'mixed', apps: ['.'],
  labels: [
    { file: 'config/db.js', line: 4, factor: 'config', concern: 'literal-secret', severity: 'high', rule: 'config/hardcoded-credentials', note: 'password literal' },
    { file: 'package.json', line: null, factor: 'dependencies', concern: 'no-lockfile', severity: 'high', rule: 'dependencies/lockfile', note: 'no lockfile' },
    { file: null, line: null, factor: 'build-release-run', concern: 'no-ci', severity: 'low', rule: 'build-release-run/no-ci-pipeline', note: 'no CI' },
  ],
  negatives: [{ file: 'server.js', line: 10, factor: 'port-binding', note: 'PORT fallback' }],
  ...overrides,
});

const finding = (ruleId: string, file: string, line: number, severity = 'error') => ({ ruleId, factor: ruleId.split('/')[0], severity, file, line, message: 'm' });

describe('accuracy measure', () => {
  it('hits a label within one line, on the same factor, and counts several hits on one label once', () => {
    const { judged, labelled } = judgeRepository(labels(), [
      finding('config/hardcoded-credentials', 'config/db.js', 5),
      finding('config/hardcoded-credentials', 'config/db.js', 3),
      finding('config/hardcoded-credentials', 'config/db.js', 6),
      finding('logs/file-transport', 'config/db.js', 4),
    ]);
    expect(judged.map((entry: { verdict: string }) => entry.verdict)).toEqual(['true', 'true', 'false', 'false']);
    expect(labelled[0].foundBy).toEqual(['config/hardcoded-credentials']);
    const summary = summarise([{ judgement: { judged, labelled } }]);
    expect(summary).toMatchObject({ findings: 4, truePositives: 2, labels: 3, found: 1, highLabels: 2, highFound: 1, secretLabels: 1, secretsFound: 1 });
  });

  it('matches a file-level label anywhere in its file and a repository-level label by its rule', () => {
    const { labelled } = judgeRepository(labels(), [
      finding('dependencies/lockfile', 'package.json', 1),
      finding('build-release-run/no-ci-pipeline', 'package.json', 1, 'note'),
    ]);
    expect(labelled.map((entry: { foundBy: string[] }) => entry.foundBy)).toEqual([[], ['dependencies/lockfile'], ['build-release-run/no-ci-pipeline']]);
    const elsewhere = judgeRepository(labels(), [finding('dependencies/lockfile', '.gitignore', 2), finding('dependencies/unpinned-versions', 'package.json', 9)]);
    expect(elsewhere.judged.map((entry: { verdict: string }) => entry.verdict)).toEqual(['true', 'false']);
  });

  it('names the negative a false alarm hits, and leaves findings outside the labelled apps out', () => {
    const { judged } = judgeRepository(labels({ apps: ['api'] }), [finding('port-binding/hardcoded-port', 'api/server.js', 10), finding('port-binding/hardcoded-port', 'web/x.js', 1)]);
    expect(judged.map((entry: { verdict: string }) => entry.verdict)).toEqual(['false', 'out-of-scope']);
    const labelOutside = judgeRepository(labels({ apps: ['api'] }), [finding('config/hardcoded-credentials', 'config/db.js', 4)]).judged[0];
    expect(labelOutside).toMatchObject({ verdict: 'true' });
    const onNegative = judgeRepository(labels(), [finding('port-binding/hardcoded-port', 'server.js', 11)]).judged[0];
    expect(onNegative).toMatchObject({ verdict: 'false', negative: { note: 'PORT fallback' } });
  });

  it('per rule, counts recall over the labels that name the rule', () => {
    const judgement = judgeRepository(labels(), [finding('config/hardcoded-endpoints', 'config/db.js', 4)]);
    const { byRule } = summarise([{ judgement }]);
    const credentials = byRule.find((row: { key: string }) => row.key === 'config/hardcoded-credentials');
    const endpoints = byRule.find((row: { key: string }) => row.key === 'config/hardcoded-endpoints');
    expect(credentials).toMatchObject({ labels: 1, found: 0, recall: 0 });
    expect(endpoints).toMatchObject({ findings: 1, truePositives: 1, precision: 1 });
  });

  it('lists every well-behaved repository at or below a violations-heavy one', () => {
    expect(orderingViolations([
      { repo: 'good', verdict: 'well-behaved', score: 96 },
      { repo: 'meh', verdict: 'mixed', score: 20 },
      { repo: 'bad', verdict: 'violations-heavy', score: 40 },
    ])).toEqual([]);
    expect(orderingViolations([
      { repo: 'good', verdict: 'well-behaved', score: 40 },
      { repo: 'bad', verdict: 'violations-heavy', score: 40 },
    ])).toEqual([{ well: 'good', wellScore: 40, heavy: 'bad', heavyScore: 40 }]);
    expect(orderingViolations([
      { repo: 'good', verdict: 'well-behaved', score: 40 },
      { repo: 'go', verdict: 'violations-heavy', score: null },
    ])).toEqual([]);
  });
});

describe('accuracy labels', () => {
  const schema = JSON.parse(readFileSync(join(PROJECT_ROOT, 'bench/accuracy/label.schema.json'), 'utf8')) as object;
  const validate = new Ajv({ allErrors: true }).compile(schema);
  const dir = join(PROJECT_ROOT, 'bench/accuracy/repos');
  const files = readdirSync(dir).filter((name) => name.endsWith('.json'));

  it('cover at least 20 repositories, a third of them held aside, with Python, Go and a monorepo among them', () => {
    const all = files.map((name) => JSON.parse(readFileSync(join(dir, name), 'utf8')) as { split: string; languages: string[]; apps: string[] });
    expect(all.length).toBeGreaterThanOrEqual(20);
    expect(all.filter((repo) => repo.split === 'holdout').length).toBeGreaterThanOrEqual(Math.floor(all.length / 3));
    expect(all.some((repo) => repo.languages.includes('python'))).toBe(true);
    expect(all.some((repo) => repo.languages.includes('go'))).toBe(true);
    expect(all.some((repo) => repo.apps.length > 1)).toBe(true);
  });

  it.each(files)('%s follows the label schema and is named after its repository', (name) => {
    const repo = JSON.parse(readFileSync(join(dir, name), 'utf8')) as { repo: string };
    expect(validate(repo), JSON.stringify(validate.errors)).toBe(true);
    expect(name).toBe(`${repo.repo.replace('/', '+')}.json`);
  });
});
