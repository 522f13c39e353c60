/**
 * The GitHub Action: action.yml's shape (no setup-node, no build per run, the inputs and outputs the
 * docs promise) and its audit step run as the runner would, with the built CLI standing in for the
 * published package.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
// @ts-expect-error plain JavaScript without types, run as checked out
import { splitArgs } from '../../action/audit.mjs';
import { copyAsRepository } from '../helpers/copy.js';
import { CLI, FIXTURES, PROJECT_ROOT } from '../helpers/paths.js';

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
}
interface ActionYml {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const action = parse(readFileSync(join(PROJECT_ROOT, 'action.yml'), 'utf8')) as ActionYml;

function runStep(inputs: Record<string, string>, workspace: string) {
  const temp = mkdtempSync(join(tmpdir(), 'twelve-audit-action-'));
  const outputFile = join(temp, 'output');
  const summaryFile = join(temp, 'summary');
  writeFileSync(outputFile, '');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', RUNNER_TEMP: temp, GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile, TWELVE_AUDIT_CLI: CLI };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase().replace(/-/g, '_')}`] = value;
  const result = spawnSync(process.execPath, [join(PROJECT_ROOT, 'action', 'audit.mjs')], { cwd: workspace, env, encoding: 'utf8' });
  const outputs = Object.fromEntries(
    readFileSync(outputFile, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  return { result, outputs, summary: existsSync(summaryFile) ? readFileSync(summaryFile, 'utf8') : '' };
}

describe('action.yml', () => {
  it("leaves the caller's Node alone and builds nothing", () => {
    const steps = action.runs.steps;
    expect(steps.some((step) => step.uses?.startsWith('actions/setup-node'))).toBe(false);
    expect(steps.some((step) => /npm (ci|install)|npm run build|tsc/.test(step.run ?? ''))).toBe(false);
  });

  it('passes every input to the audit step and offers args', () => {
    const auditStep = action.runs.steps.find((step) => step.run?.includes('action/audit.mjs'));
    const passed = Object.keys(auditStep?.env ?? {});
    for (const name of Object.keys(action.inputs).filter((input) => input !== 'upload-sarif')) {
      expect(passed).toContain(`INPUT_${name.toUpperCase().replace(/-/g, '_')}`);
    }
    expect(action.inputs['args']).toBeDefined();
  });

  it('has exit-code and findings outputs, and uploads SARIF only when upload-sarif is true', () => {
    expect(Object.keys(action.outputs)).toEqual(expect.arrayContaining(['score', 'grade', 'findings', 'exit-code', 'sarif-file']));
    const upload = action.runs.steps.find((step) => step.uses?.startsWith('github/codeql-action/upload-sarif'));
    expect(upload?.if).toContain("inputs.upload-sarif == 'true'");
  });
});

describe('the action audit step', () => {
  it('writes the SARIF, the job summary and the outputs, and exits 0 whatever the outcome', () => {
    const workspace = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
    const { result, outputs, summary } = runStep({ path: '.', 'sarif-file': 'out/audit.sarif', 'fail-on': 'error', args: '--rule "logs/file-transport=off"' }, workspace);
    expect(result.status, result.stderr).toBe(0);
    expect(outputs['exit-code']).toBe('1');
    expect(Number(outputs['findings'])).toBeGreaterThan(0);
    expect(outputs['score']).toMatch(/^\d+$/);
    expect(outputs['sarif-file']).toBe('out/audit.sarif');
    const sarif = JSON.parse(readFileSync(join(workspace, 'out/audit.sarif'), 'utf8'));
    // args reached the CLI: the rule it turned off did not run.
    expect(sarif.runs[0].tool.driver.rules.map((rule: { id: string }) => rule.id)).not.toContain('logs/file-transport');
    expect(summary).toMatch(/^## twelve-audit: \d+\/100/);
  });

  it('reports exit-code 2 and no score for a usage error', () => {
    const workspace = copyAsRepository(join(FIXTURES, 'apps/good-service'));
    const { result, outputs } = runStep({ path: 'no/such/folder' }, workspace);
    expect(result.status).toBe(0);
    expect(outputs['exit-code']).toBe('2');
    expect(outputs['score']).toBeUndefined();
  });

  it('splits args like a shell, quotes grouping', () => {
    expect(splitArgs(` --max-warnings 0  --ignore-pattern "a b/**" --rule 'x=off' ''`)).toEqual(['--max-warnings', '0', '--ignore-pattern', 'a b/**', '--rule', 'x=off', '']);
    expect(() => splitArgs('--rule "x')).toThrow(/unclosed/);
  });
});
