/**
 * The published package works on its own: `npm pack`, install the tarball into an empty project,
 * and run `npx twelve-audit` there on an example app, as a user would. Needs `npm run build` first
 * (npm test does it) and the dependencies in the npm cache or registry.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, PROJECT_ROOT } from '../helpers/paths.js';

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('npm pack', () => {
  it('installs into an empty project and audits an example app with npx twelve-audit', { timeout: 180_000 }, () => {
    const work = mkdtempSync(join(tmpdir(), 'twelve-audit-pack-'));
    // The build already ran; prepack would only repeat it.
    const pack = npm(['pack', '--ignore-scripts', '--pack-destination', work, '--silent'], PROJECT_ROOT);
    expect(pack.status, pack.stderr).toBe(0);
    const tarball = readdirSync(work).find((name) => name.endsWith('.tgz'));
    expect(tarball).toBeDefined();

    const project = join(work, 'project');
    cpSync(join(FIXTURES, 'apps', 'bad-service'), join(project, 'app'), { recursive: true });
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    const install = npm(['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, tarball as string)], project);
    expect(install.status, install.stderr).toBe(0);

    const sarif = npm(['exec', '--no', '--', 'twelve-audit', 'app', '--format', 'sarif', '--fail-on', 'none'], project);
    expect(sarif.status, sarif.stderr).toBe(0);
    const run = JSON.parse(sarif.stdout).runs[0];
    expect(run.tool.driver.rules.length).toBeGreaterThan(10);
    expect(run.results.length).toBeGreaterThan(0);
    // Help comes from the doc pages shipped in the package.
    expect(run.tool.driver.rules.find((rule: { id: string }) => rule.id === 'logs/file-transport').help.markdown).toContain('**Why it matters**');

    const text = npm(['exec', '--no', '--', 'twelve-audit', 'app'], project);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/Score \d+\/100/);
  });
});
