#!/usr/bin/env node
// Builds SARIF for every example app under fixtures/apps/ with the built CLI and validates it with
// Microsoft's SARIF Multitool (`validate --rule-kind "Sarif;Gh"`: the SARIF spec rules plus GitHub's
// ingestion rules). Exits 1 when any log has an error-level result. Run `npm run build` first.
// Usage: npm run sarif:validate [-- path/to/repo ...]
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const cli = join(root, 'bin', 'twelve-audit.js');
const require = createRequire(import.meta.url);
// The package resolves the platform binary; npm here skips the install script that makes it executable.
const multitool = require('@microsoft/sarif-multitool');
chmodSync(multitool, 0o755);

const examples = join(root, 'fixtures', 'apps');
const targets = process.argv.length > 2 ? process.argv.slice(2) : readdirSync(examples).sort().map((name) => join(examples, name));
const out = mkdtempSync(join(tmpdir(), 'twelve-audit-sarif-'));
let failed = false;

for (const target of targets) {
  const name = basename(target);
  const sarif = join(out, `${name}.sarif`);
  const audit = spawnSync(process.execPath, [cli, target, '--format', 'sarif', '--output', sarif, '--fail-on', 'none'], { encoding: 'utf8' });
  if (audit.status !== 0) {
    console.error(`${name}: twelve-audit exited ${audit.status}\n${audit.stderr}`);
    failed = true;
    continue;
  }
  const validation = join(out, `${name}.validation.sarif`);
  // No shell: the rule kinds contain a ';'.
  const validate = spawnSync(multitool, ['validate', '--rule-kind', 'Sarif;Gh', '--level', 'Error;Warning', '--output', validation, sarif], { encoding: 'utf8' });
  if (validate.error || validate.status !== 0) {
    console.error(`${name}: the multitool failed (${validate.error?.message ?? `exit ${validate.status}`})\n${validate.stdout}${validate.stderr}`);
    failed = true;
    continue;
  }
  const results = JSON.parse(readFileSync(validation, 'utf8')).runs.flatMap((run) => run.results ?? []);
  const errors = results.filter((result) => result.level === 'error');
  const warnings = results.filter((result) => result.level === 'warning');
  for (const result of [...errors, ...warnings]) console.error(`${name}: ${result.level} ${result.ruleId}: ${result.message?.text ?? result.message?.id ?? ''}`);
  console.log(`${name}: ${errors.length} errors, ${warnings.length} warnings (${sarif})`);
  if (errors.length > 0) failed = true;
}

process.exitCode = failed ? 1 : 0;
