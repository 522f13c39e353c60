/** The logs factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { fileTransport } from './file-transport.js';
import { committedLogFiles } from './committed-log-files.js';
import { inAppLogShipping } from './in-app-log-shipping.js';

export const LOGS_RULES: readonly Rule[] = [fileTransport, committedLogFiles, inAppLogShipping];
