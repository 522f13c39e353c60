#!/usr/bin/env node
// Regenerates src/config/schema.json from the built rules (run through `npm run docs:schema`): rule
// ids as an enum and each rule's options as a schema, for editors and for the config stage.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RULES } from '../dist/rules/index.js';
import { builtInSchema } from '../dist/src/config/schema.js';

const target = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'config', 'schema.json');
writeFileSync(target, `${JSON.stringify(builtInSchema(RULES), null, 2)}\n`);
console.log(`wrote ${target} (${RULES.length} rules)`);
