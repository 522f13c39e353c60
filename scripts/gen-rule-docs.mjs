#!/usr/bin/env node
// Regenerates docs/rules/README.md from the built rules' metadata (run through `npm run docs:rules`).
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../dist/rules/index.js';
import { ruleTable } from '../dist/src/docs/rule-table.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'rules', 'README.md');
writeFileSync(target, ruleTable(RULES));
console.log(`wrote ${target} (${RULES.length} rules)`);
