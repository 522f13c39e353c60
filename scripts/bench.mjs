#!/usr/bin/env node
// Benchmark: audits a generated 10,000-file repository (and any paths given as arguments) with the
// built CLI, several runs each, and prints the median wall time and the report's own stats.
// Usage: npm run bench [-- path/to/repo ...]
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'bin', 'twelve-audit.js');
const RUNS = 3;

/** A monorepo-shaped tree: 20 services of 500 files each, mixed JS/TS, configs and docs. */
function makeBigRepo(target, files = 10_000) {
  if (existsSync(join(target, '.complete'))) return;
  const apps = 20;
  const perApp = files / apps;
  writeFile(join(target, 'package.json'), JSON.stringify({ name: 'big', private: true, workspaces: ['services/*'] }, null, 2));
  writeFile(join(target, 'package-lock.json'), '{"lockfileVersion":3}');
  for (let app = 0; app < apps; app += 1) {
    const base = join(target, 'services', `svc-${app}`);
    writeFile(join(base, 'package.json'), JSON.stringify({ name: `svc-${app}`, dependencies: { express: '^4.19.2', pg: '^8.0.0', winston: '^3.0.0' } }, null, 2));
    writeFile(join(base, 'Dockerfile'), 'FROM node:20.11-alpine\nCOPY . .\nRUN npm ci\nCMD ["node", "src/server.js"]\n');
    writeFile(join(base, 'src', 'server.js'), "const app = require('./app');\nconst server = app.listen(process.env.PORT || 3000);\nprocess.on('SIGTERM', () => server.close());\n");
    for (let index = 0; index < perApp - 3; index += 1) {
      const folder = join(base, 'src', `module-${index % 25}`);
      if (index % 10 === 0) {
        writeFile(join(base, 'test', `case-${index}.test.ts`), `import { it } from 'vitest';\nit('works ${index}', () => {});\n`);
      } else if (index % 7 === 0) {
        writeFile(join(folder, `settings-${index}.json`), JSON.stringify({ name: `m${index}`, retries: index % 5 }));
      } else {
        writeFile(join(folder, `file-${index}.${index % 2 ? 'ts' : 'js'}`), sourceFile(index));
      }
    }
  }
  writeFile(join(target, '.complete'), '');
}

function sourceFile(index) {
  const lines = [
    `import { helper${index % 13} } from '../lib/helpers';`,
    `const logger = require('winston').createLogger({ transports: [] });`,
    `export const url${index} = process.env.API_URL ?? 'http://localhost:${3000 + (index % 100)}';`,
    `export async function handler${index}(request, response) {`,
    `  const value = await helper${index % 13}(request.body, { retries: ${index % 5} });`,
    `  if (value.error) { logger.error('failed', value.error); return response.status(500).end(); }`,
    `  return response.json({ id: ${index}, value });`,
    `}`,
  ];
  const copies = Array.from({ length: 6 }, (_, copy) => lines.join('\n').replaceAll(/handler(\d+)/g, `handler$1_${copy}`));
  return `${copies.join('\n\n')}\n`;
}

function writeFile(path, content) {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}

function bench(target) {
  const times = [];
  let report;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const result = spawnSync(process.execPath, [cli, target, '--format', 'json', '--fail-on', 'none'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(performance.now() - started);
    if (result.status !== 0) throw new Error(`audit of ${target} failed (${result.status}): ${result.stderr}`);
    report = JSON.parse(result.stdout);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  const { filesIndexed, filesParsed, rulesRun } = report.stats;
  console.log(
    `${target}\n  median ${(median / 1000).toFixed(2)}s over ${RUNS} runs (min ${(times[0] / 1000).toFixed(2)}s)` +
      ` · ${filesIndexed} files indexed, ${filesParsed} parsed, ${rulesRun} rules, ${report.apps.length} apps, ${report.findings.length} findings`,
  );
}

// Outside the checkout: our own .gitignore must not apply to the generated repository.
const big = join(tmpdir(), 'twelve-audit-bench', 'big-repo');
makeBigRepo(big);
for (const target of [big, ...process.argv.slice(2)]) bench(target);
