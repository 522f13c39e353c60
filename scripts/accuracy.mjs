#!/usr/bin/env node
// Accuracy benchmark: audits local checkouts of the labelled repositories with the built CLI and
// measures the findings against bench/accuracy/repos/*.json (see bench/accuracy/README.md).
// Usage: npm run accuracy [-- --corpus DIR] [--split tune|holdout] [--repo OWNER/NAME] [--cli FILE] [--details] [--write docs/accuracy.md]
// --details lists false alarms and misses of the tuned-on repositories only (--holdout-details adds the
// held-aside ones: for the final measurement, never for deciding a rule change).
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { judgeRepository, orderingViolations, SEVERITY_WORD, summarise } from '../bench/accuracy/measure.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const labelsDir = join(root, 'bench', 'accuracy', 'repos');

const { values: args } = parseArgs({
  options: {
    corpus: { type: 'string', default: process.env.TWELVE_AUDIT_CORPUS ?? join(root, '..', 'corpus') },
    split: { type: 'string' },
    details: { type: 'boolean', default: false },
    // Held-aside repositories measure; they never guide a rule change, so their details stay hidden.
    'holdout-details': { type: 'boolean', default: false },
    write: { type: 'string' },
    repo: { type: 'string', multiple: true },
    // Another build of the CLI (e.g. `tsc -p tsconfig.build.json --outDir .out/mine` then .out/mine/src/cli/main.js).
    cli: { type: 'string', default: join(root, 'bin', 'twelve-audit.js') },
  },
});
const cli = resolve(args.cli);

const corpus = resolve(args.corpus);
const all = readdirSync(labelsDir)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ slug: name.replace(/\.json$/, ''), labels: JSON.parse(readFileSync(join(labelsDir, name), 'utf8')) }))
  .filter(({ labels }) => args.split === undefined || labels.split === args.split)
  .filter(({ slug, labels }) => args.repo === undefined || args.repo.includes(slug) || args.repo.includes(labels.repo));

function headOf(checkout) {
  const result = spawnSync('git', ['-C', checkout, 'rev-parse', 'HEAD'], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

function auditJson(checkout) {
  const result = spawnSync(process.execPath, [cli, checkout, '--format', 'json', '--no-color'], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '1' },
  });
  if (result.status !== 0 && result.status !== 1) throw new Error(`twelve-audit exited ${result.status}: ${result.stderr.trim().slice(0, 400)}`);
  return JSON.parse(result.stdout);
}

const measured = [];
const skipped = [];
for (const { slug, labels } of all) {
  const checkout = join(corpus, slug);
  if (!existsSync(checkout)) {
    skipped.push(`${labels.repo}: no checkout at ${checkout}`);
    continue;
  }
  const head = headOf(checkout);
  if (head !== labels.commit) {
    skipped.push(`${labels.repo}: checkout is at ${head ?? 'an unknown commit'}, labels are for ${labels.commit}`);
    continue;
  }
  let report;
  try {
    report = auditJson(checkout);
  } catch (error) {
    skipped.push(`${labels.repo}: ${error.message}`);
    continue;
  }
  const findings = report.findings
    .filter((finding) => !finding.suppressed && finding.baselined !== true && !finding.ruleId.startsWith('twelve-audit/'))
    .map((finding) => ({
      ruleId: finding.ruleId,
      factor: finding.ruleId.split('/')[0],
      severity: finding.severity,
      file: finding.file,
      line: finding.line,
      message: finding.message,
    }));
  measured.push({ slug, labels, report, judgement: judgeRepository(labels, findings) });
}

const percent = (value) => (value === null ? '—' : `${Math.round(value * 100)}%`);
const jsTs = (entry) => entry.labels.languages.some((language) => language === 'js' || language === 'ts');

function summaryTable(title, entries) {
  const summary = summarise(entries);
  return [
    `### ${title}`,
    '',
    '| measure | value |',
    '| --- | --- |',
    `| repositories | ${entries.length} |`,
    `| precision | ${percent(summary.precision)} (${summary.truePositives} of ${summary.findings} findings) |`,
    `| recall | ${percent(summary.recall)} (${summary.found} of ${summary.labels} labels) |`,
    `| high-severity recall | ${percent(summary.highRecall)} (${summary.highFound} of ${summary.highLabels}) |`,
    `| literal secrets found | ${summary.secretsFound} of ${summary.secretLabels} |`,
    '',
  ].join('\n');
}

function breakdown(title, rows) {
  return [
    `### ${title}`,
    '',
    '| | findings | true | precision | labels | found | recall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows.map((row) => `| ${row.key} | ${row.findings} | ${row.truePositives} | ${percent(row.precision)} | ${row.labels} | ${row.found} | ${percent(row.recall)} |`),
    '',
  ].join('\n');
}

function scoresTable(entries) {
  const rows = [...entries].sort((a, b) => (b.report.score ?? -1) - (a.report.score ?? -1) || (a.labels.repo < b.labels.repo ? -1 : 1));
  return [
    '| repository | split | languages | verdict | score | grade |',
    '| --- | --- | --- | --- | ---: | --- |',
    ...rows.map(({ labels, report }) => `| ${labels.repo} | ${labels.split} | ${labels.languages.join(', ')} | ${labels.verdict} | ${report.score ?? 'n/a'} | ${report.grade} |`),
    '',
  ].join('\n');
}

function orderingLine(entries) {
  const violations = orderingViolations(entries.map(({ labels, report }) => ({ repo: labels.repo, verdict: labels.verdict, score: report.score })));
  if (violations.length === 0) return 'Every well-behaved repository scores above every violations-heavy one.\n';
  return [
    `${violations.length} pair(s) out of order (a well-behaved repository at or below a violations-heavy one):`,
    '',
    ...violations.map((pair) => `- ${pair.well} (${pair.wellScore ?? 'n/a'}) ≤ ${pair.heavy} (${pair.heavyScore ?? 'n/a'})`),
    '',
  ].join('\n');
}

function details(entries) {
  const lines = [];
  for (const { labels, judgement } of entries) {
    lines.push(`## ${labels.repo} (${labels.split})`);
    for (const entry of judgement.judged.filter((candidate) => candidate.verdict === 'false')) {
      const { finding, negative } = entry;
      lines.push(`  false alarm  ${finding.file}:${finding.line} ${finding.ruleId} [${SEVERITY_WORD[finding.severity]}] ${finding.message}${negative ? `  (negative: ${negative.note})` : ''}`);
    }
    for (const { label } of judgement.labelled.filter((candidate) => candidate.foundBy.length === 0)) {
      lines.push(`  missed       ${label.file ?? '(repository)'}:${label.line ?? '-'} ${label.factor}/${label.concern} [${label.severity}]${label.rule ? ` ${label.rule}` : ''} ${label.note}`);
    }
  }
  return `${lines.join('\n')}\n`;
}

// The latest round that held repositories aside: a round may label only repositories to tune on.
const latestRound = Math.max(0, ...all.filter(({ labels }) => labels.split === 'holdout').map(({ labels }) => labels.round ?? 0));
const splits = [
  ['All repositories', measured],
  ['JS/TS repositories', measured.filter(jsTs)],
  ['Tuned on (split "tune")', measured.filter((entry) => entry.labels.split === 'tune')],
  ['Held aside (split "holdout")', measured.filter((entry) => entry.labels.split === 'holdout')],
  [`Held aside and labelled in the latest round (round ${latestRound}): never seen while tuning`, measured.filter((entry) => entry.labels.split === 'holdout' && entry.labels.round === latestRound)],
];
const overall = summarise(measured);
const output = [
  ...splits.filter(([, entries]) => entries.length > 0).map(([title, entries]) => summaryTable(title, entries)),
  '### Scores',
  '',
  scoresTable(measured),
  orderingLine(measured),
  breakdown('Per rule (recall counts the labels that name the rule)', overall.byRule),
  breakdown('Per factor', overall.byFactor),
  ...(skipped.length > 0 ? ['### Skipped', '', ...skipped.map((reason) => `- ${reason}`), ''] : []),
].join('\n');

process.stdout.write(output);
if (args.details) {
  const shown = args['holdout-details'] ? measured : measured.filter((entry) => entry.labels.split !== 'holdout');
  process.stdout.write(`\n${details(shown)}`);
}
if (args.write) {
  const intro = readFileSync(join(root, 'bench', 'accuracy', 'accuracy-intro.md'), 'utf8');
  writeFileSync(resolve(root, args.write), `${intro}\n${output}`);
}
