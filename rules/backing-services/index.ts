/** The backing-services factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { embeddedDatastore } from './embedded-datastore.js';
import { hardcodedConnection } from './hardcoded-connection.js';

export const BACKING_SERVICES_RULES: readonly Rule[] = [hardcodedConnection, embeddedDatastore];
