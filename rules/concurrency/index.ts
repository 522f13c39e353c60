/** The concurrency factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { daemonizing } from './daemonizing.js';
import { inProcessScheduler } from './in-process-scheduler.js';
import { noProcessModel } from './no-process-model.js';

export const CONCURRENCY_RULES: readonly Rule[] = [daemonizing, inProcessScheduler, noProcessModel];
