/** The dev-prod-parity factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { divergentBackingServices } from './divergent-backing-services.js';
import { noLocalServices } from './no-local-services.js';
import { runtimeVersionDrift } from './runtime-version-drift.js';

export const DEV_PROD_PARITY_RULES: readonly Rule[] = [divergentBackingServices, runtimeVersionDrift, noLocalServices];
