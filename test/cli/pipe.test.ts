/** Writing to a closed pipe (`twelve-audit -f json | head -c 100`) ends the run quietly. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLI, FIXTURES } from '../helpers/paths.js';
import { copyAsRepository } from '../helpers/copy.js';

describe('a closed stdout pipe', () => {
  it('exits with the run\'s own code, without an EPIPE message or stack trace', () => {
    const repo = copyAsRepository(join(FIXTURES, 'apps/bad-service'));
    // The JSON report (about 200 kB) is larger than a pipe's buffer, so the CLI is still writing when head exits.
    const script = `"$NODE" "$CLI" "$REPO" --format json --fail-on none | head -c 100; echo; echo "exit=\${PIPESTATUS[0]}"`;
    const result = spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { ...process.env, NODE: process.execPath, CLI, REPO: repo, NO_COLOR: '1' },
    });
    expect(result.stdout).toMatch(/^\{\n {2}"tool"/);
    expect(result.stdout).toMatch(/\nexit=0\n$/);
    expect(result.stderr).toBe('');
  });
});
