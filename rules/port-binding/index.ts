/** The port-binding factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { hardcodedPort } from './hardcoded-port.js';
import { loopbackBind } from './loopback-bind.js';

export const PORT_BINDING_RULES: readonly Rule[] = [hardcodedPort, loopbackBind];
