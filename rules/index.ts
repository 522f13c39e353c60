/** Every rule twelve-audit runs, listed explicitly: adding a rule is one import and one entry here. */
import type { Rule } from '../src/types.js';
import { fileTransport } from './logs/file-transport.js';

export const RULES: readonly Rule[] = [fileTransport];
