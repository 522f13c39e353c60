import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(PROJECT_ROOT, 'fixtures');
export const CLI = join(PROJECT_ROOT, 'bin', 'twelve-audit.js');
