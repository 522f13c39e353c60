/** The processes factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { inMemorySession } from './in-memory-session.js';
import { localFilesystemState } from './local-filesystem-state.js';
import { perProcessSecret } from './per-process-secret.js';

export const PROCESSES_RULES: readonly Rule[] = [localFilesystemState, inMemorySession, perProcessSecret];
