/** The README shows what the CLI really prints, and links only to files of this repository. */
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sampleOutput, withSample } from '../../src/docs/readme-sample.js';
import { runCli } from '../helpers/cli.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

const README = readFileSync(join(PROJECT_ROOT, 'README.md'), 'utf8');

describe('README.md', () => {
  it('shows the real sample output (regenerate with `npm run docs:readme`)', () => {
    const run = runCli(['fixtures/apps/bad-service', '--no-color'], { cwd: PROJECT_ROOT });
    expect(run.stdout).toMatch(/\nScore \d+\/100/);
    expect(README).toBe(withSample(README, sampleOutput(run.stdout, PROJECT_ROOT)));
  });

  it('links only to files inside the repository', () => {
    const targets = [...README.matchAll(/\]\(([^)#\s]+)(?:#[^)]*)?\)/g)].map((match) => match[1] as string).filter((target) => !/^[a-z]+:/.test(target));
    expect(targets.length).toBeGreaterThan(0);
    for (const target of targets) {
      expect(normalize(target).startsWith('..'), target).toBe(false);
      expect(existsSync(join(PROJECT_ROOT, target)), target).toBe(true);
    }
  });
});
