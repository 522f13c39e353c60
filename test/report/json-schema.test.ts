import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { jsonReporter } from '../../src/report/json.js';
import { PROJECT_ROOT } from '../helpers/paths.js';
import { kitchenSinkReport } from './kitchen-sink.js';

describe('JSON report of the kitchen-sink', () => {
  it('matches docs/report.schema.json with suppressions, baseline and twelve-audit checks in it', () => {
    const validate = new Ajv({ allErrors: true }).compile(JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs/report.schema.json'), 'utf8')) as object);
    const report = JSON.parse(jsonReporter(kitchenSinkReport(), { color: false, quiet: false, failOn: 'error' }));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.findings.some((finding: { factor: number }) => finding.factor === 0)).toBe(true);
    expect(report.findings.some((finding: { baselined?: boolean }) => finding.baselined)).toBe(true);
  });
});
