#!/usr/bin/env node
// Regenerates the README's sample output from a real run of the built CLI (run through `npm run docs:readme`).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sampleOutput, withSample } from '../dist/src/docs/readme-sample.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = spawnSync(process.execPath, [join(root, 'bin', 'twelve-audit.js'), 'fixtures/apps/bad-service', '--no-color'], {
  cwd: root,
  encoding: 'utf8',
  env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
});
const readme = join(root, 'README.md');
writeFileSync(readme, withSample(readFileSync(readme, 'utf8'), sampleOutput(run.stdout, root)));
console.log(`wrote the sample output into ${readme}`);
