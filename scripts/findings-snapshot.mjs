#!/usr/bin/env node
// Every finding of every fixture repository, example app and accuracy-corpus checkout, in one canonical
// file: what a restructuring of the engine must leave unchanged. Run it before the change (--write),
// then after it (--compare): any finding added, lost or changed is printed and the exit code is 1.
// Only labelled corpus checkouts are audited: a checkout without a label file is still being labelled
// (its labels must come before anyone sees the tool's output), and held-aside ones are left out unless
// --with-holdout is given: their findings are for measuring, never for looking at while changing rules.
// Usage: npm run build && node scripts/findings-snapshot.mjs (--write FILE | --compare FILE) [--corpus DIR] [--dist DIR] [--with-holdout]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';

const projectRoot = resolve(import.meta.dirname, '..');
const { values: args } = parseArgs({
  options: {
    write: { type: 'string' },
    compare: { type: 'string' },
    corpus: { type: 'string', default: process.env.TWELVE_AUDIT_CORPUS ?? join(projectRoot, '..', 'corpus') },
    dist: { type: 'string', default: join(projectRoot, 'dist') },
    'with-holdout': { type: 'boolean', default: false },
  },
});
if ((args.write === undefined) === (args.compare === undefined)) {
  console.error('usage: node scripts/findings-snapshot.mjs (--write FILE | --compare FILE) [--corpus DIR] [--dist DIR]');
  process.exit(2);
}

const { audit } = await import(pathToFileURL(join(args.dist, 'src', 'audit.js')).href);
const { RULES } = await import(pathToFileURL(join(args.dist, 'rules', 'index.js')).href);
// A build from before Python and Go were parsed has no grammars to load.
const treeSitter = join(args.dist, 'src', 'parse', 'tree-sitter.js');
if (existsSync(treeSitter)) await (await import(pathToFileURL(treeSitter).href)).loadTreeSitter();

const labels = join(projectRoot, 'bench', 'accuracy', 'repos');
const splitOf = new Map(
  readdirSync(labels)
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name.replace(/\.json$/, ''), JSON.parse(readFileSync(join(labels, name), 'utf8')).split]),
);

/** Fixture cases (folders with an expected.json), the example apps, and each corpus checkout. */
function targets() {
  const fixtures = join(projectRoot, 'fixtures');
  const cases = [];
  const visit = (directory) => {
    if (existsSync(join(directory, 'expected.json'))) cases.push(directory);
    // Dirents, not stat: a fixture may hold a dangling symlink (a `.env` linked to an ignored file).
    else for (const entry of readdirSync(directory, { withFileTypes: true })) if (entry.isDirectory()) visit(join(directory, entry.name));
  };
  visit(fixtures);
  const apps = readdirSync(join(fixtures, 'apps')).map((name) => join(fixtures, 'apps', name));
  const corpus = existsSync(args.corpus)
    ? readdirSync(args.corpus)
        .filter((name) => splitOf.has(name) && (args['with-holdout'] || splitOf.get(name) !== 'holdout'))
        .map((name) => join(args.corpus, name))
    : [];
  return [...new Set([...cases, ...apps, ...corpus])].sort();
}

function snapshotOf(root) {
  const { report } = audit({ root, rules: RULES });
  return {
    score: report.score,
    findings: report.findings.map((f) => `${f.file}:${f.line}:${f.column}-${f.endLine}:${f.endColumn} ${f.ruleId} ${f.severity} ${f.messageId} ${f.message}${f.suppressed ? ' [suppressed]' : ''}`),
    errors: report.errors.map((e) => `${e.kind} ${e.file ?? ''} ${e.ruleId ?? ''} ${e.message}`),
  };
}

const snapshot = {};
for (const root of targets()) {
  const key = root.startsWith(projectRoot) ? relative(projectRoot, root) : `corpus/${relative(args.corpus, root)}`;
  snapshot[key] = snapshotOf(root);
}

if (args.write !== undefined) {
  writeFileSync(args.write, `${JSON.stringify(snapshot, null, 1)}\n`);
  console.log(`${Object.keys(snapshot).length} repositories, ${Object.values(snapshot).reduce((n, s) => n + s.findings.length, 0)} findings written to ${args.write}`);
} else {
  const before = JSON.parse(readFileSync(args.compare, 'utf8'));
  let differences = 0;
  for (const key of [...new Set([...Object.keys(before), ...Object.keys(snapshot)])].sort()) {
    const was = before[key];
    const now = snapshot[key];
    if (!was || !now) {
      console.log(`${key}: ${was ? 'no longer audited' : 'new'}`);
      continue;
    }
    for (const part of ['findings', 'errors']) {
      const lost = was[part].filter((line) => !now[part].includes(line));
      const added = now[part].filter((line) => !was[part].includes(line));
      for (const line of lost) console.log(`${key}: - ${line}`);
      for (const line of added) console.log(`${key}: + ${line}`);
      differences += lost.length + added.length;
    }
    if (was.score !== now.score) {
      console.log(`${key}: score ${was.score} -> ${now.score}`);
      differences += 1;
    }
  }
  console.log(differences === 0 ? 'identical' : `${differences} differences`);
  process.exitCode = differences === 0 ? 0 : 1;
}
