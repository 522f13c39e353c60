/**
 * The two install routes that build from source, as users take them: pre-commit runs `npm pack` in
 * a clone and takes its stdout as the tarball's name; `npm i git+https://...` (or `npx github:...`)
 * clones, installs the dev dependencies and runs `prepare`. Both run on a snapshot of this work tree
 * committed into a fresh repository, with the dependencies from the npm cache or registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, PROJECT_ROOT } from '../helpers/paths.js';

const ENV = { ...process.env, NO_COLOR: '1', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' };

function npm(args: string[], cwd: string): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', args, { cwd, encoding: 'utf8', env: ENV });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The work tree's files that git would commit (tracked and new, not ignored), committed into a new repository. */
function snapshotRepository(target: string): void {
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8' })
    .split('\0')
    // A node_modules symlink (a worktree sharing its dependencies) is not ignored by `node_modules/`.
    .filter((file) => file !== '' && file.split('/')[0] !== 'node_modules' && existsSync(join(PROJECT_ROOT, file)));
  for (const file of files) {
    mkdirSync(dirname(join(target, file)), { recursive: true });
    cpSync(join(PROJECT_ROOT, file), join(target, file));
  }
  const git = (...args: string[]) => execFileSync('git', args, { cwd: target, stdio: 'pipe' });
  git('init', '--quiet');
  git('add', '--all');
  git('-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '--quiet', '--no-verify', '-m', 'snapshot');
}

describe('installs that build from source', () => {
  const { version } = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
  const work = mkdtempSync(join(tmpdir(), 'twelve-audit-git-'));
  const clone = join(work, 'twelve-audit');
  snapshotRepository(clone);

  it("npm pack's stdout is exactly the tarball name, as pre-commit reads it", { timeout: 180_000 }, () => {
    // pre-commit has run `npm install` in its clone first; this work tree's node_modules stands in for it.
    symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(clone, 'node_modules'), 'dir');
    const pack = npm(['pack'], clone);
    expect(pack.status, pack.stderr).toBe(0);
    expect(pack.stdout).toBe(`twelve-audit-${version}.tgz\n`);
    expect(existsSync(join(clone, `twelve-audit-${version}.tgz`))).toBe(true);
    // prepare built it: the tarball has the CLI's compiled entry.
    const listing = execFileSync('tar', ['-tzf', join(clone, `twelve-audit-${version}.tgz`)], { encoding: 'utf8' });
    expect(listing).toContain('package/dist/src/cli/main.js');
    expect(listing).toContain('package/LICENSE');
  });

  it('installs from a git URL, builds on prepare, and audits', { timeout: 300_000 }, () => {
    const project = join(work, 'project');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
    cpSync(join(FIXTURES, 'apps', 'bad-service'), join(project, 'app'), { recursive: true });
    const install = npm(['install', '--prefer-offline', `git+file://${clone}`], project);
    expect(install.status, install.stderr).toBe(0);

    const bin = join(project, 'node_modules', '.bin', 'twelve-audit');
    const versionRun = spawnSync(bin, ['--version'], { cwd: project, encoding: 'utf8', env: ENV });
    expect(versionRun.stdout).toBe(`${version}\n`);
    const audit = spawnSync(bin, ['app', '--fail-on', 'error'], { cwd: project, encoding: 'utf8', env: ENV });
    expect(audit.stderr).not.toMatch(/ERR_MODULE_NOT_FOUND|\n\s+at /);
    expect(audit.status).toBe(1);
    expect(audit.stdout).toMatch(/Score \d+\/100/);
  });
});
