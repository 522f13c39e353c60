import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(PROJECT_ROOT, 'fixtures');
/** The built CLI; TWELVE_AUDIT_CLI runs the tests against another build (an older one, to show a test fails before a fix). */
export const CLI = process.env.TWELVE_AUDIT_CLI ?? join(PROJECT_ROOT, 'bin', 'twelve-audit.js');
