/** Every rule twelve-audit runs, by factor; each factor's folder lists its rules explicitly in its index.ts. */
import type { Rule } from '../src/types.js';
import { CODEBASE_RULES } from './codebase/index.js';
import { DEPENDENCIES_RULES } from './dependencies/index.js';
import { CONFIG_RULES } from './config/index.js';
import { BACKING_SERVICES_RULES } from './backing-services/index.js';
import { BUILD_RELEASE_RUN_RULES } from './build-release-run/index.js';
import { PROCESSES_RULES } from './processes/index.js';
import { PORT_BINDING_RULES } from './port-binding/index.js';
import { CONCURRENCY_RULES } from './concurrency/index.js';
import { DISPOSABILITY_RULES } from './disposability/index.js';
import { DEV_PROD_PARITY_RULES } from './dev-prod-parity/index.js';
import { LOGS_RULES } from './logs/index.js';
import { ADMIN_PROCESSES_RULES } from './admin-processes/index.js';

export const RULES: readonly Rule[] = [
  ...CODEBASE_RULES,
  ...DEPENDENCIES_RULES,
  ...CONFIG_RULES,
  ...BACKING_SERVICES_RULES,
  ...BUILD_RELEASE_RUN_RULES,
  ...PROCESSES_RULES,
  ...PORT_BINDING_RULES,
  ...CONCURRENCY_RULES,
  ...DISPOSABILITY_RULES,
  ...DEV_PROD_PARITY_RULES,
  ...LOGS_RULES,
  ...ADMIN_PROCESSES_RULES,
];
