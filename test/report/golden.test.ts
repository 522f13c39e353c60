/**
 * Golden files: every reporter's output for the kitchen-sink fixture, audited with a fixed rule set
 * (see kitchen-sink.ts). Regenerate after an intended change with `npm run golden`
 * (UPDATE_GOLDEN=1) and review the diff.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPORTERS } from '../../src/report/index.js';
import type { ReporterOptions } from '../../src/report/types.js';
import { kitchenSinkReport } from './kitchen-sink.js';

const GOLDEN = join(dirname(fileURLToPath(import.meta.url)), '__golden__');
const UPDATE = process.env['UPDATE_GOLDEN'] === '1';
const OPTIONS: ReporterOptions = { color: false, quiet: false, failOn: 'error', minScore: 80 };
const EXTENSION: Record<string, string> = {
  text: 'txt',
  json: 'json',
  sarif: 'sarif',
  markdown: 'md',
  compact: 'compact.txt',
  github: 'github.txt',
  gitlab: 'gitlab.json',
  junit: 'junit.xml',
  html: 'html',
};

describe('reporter golden files (kitchen-sink)', () => {
  const report = kitchenSinkReport();

  it('has a golden file for every format', () => {
    expect(Object.keys(REPORTERS).sort()).toEqual(Object.keys(EXTENSION).sort());
  });

  for (const [format, extension] of Object.entries(EXTENSION)) {
    it(`${format} matches __golden__/kitchen-sink.${extension}`, () => {
      const output = REPORTERS[format]!(report, OPTIONS);
      const path = join(GOLDEN, `kitchen-sink.${extension}`);
      if (UPDATE || !existsSync(path)) {
        mkdirSync(GOLDEN, { recursive: true });
        writeFileSync(path, output);
      }
      expect(output).toBe(readFileSync(path, 'utf8'));
    });
  }
});
