import { cpSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A copy of a fixture repository in a fresh temp dir, with an empty `.git` so it reads as the top
 * of its own work tree (as a real checkout is), not as a folder of this repository.
 */
export function copyAsRepository(fixture: string): string {
  const root = mkdtempSync(join(tmpdir(), 'twelve-audit-copy-'));
  cpSync(fixture, root, { recursive: true });
  mkdirSync(join(root, '.git'));
  return root;
}
