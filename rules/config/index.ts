/** The config factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { hardcodedCredentials } from './hardcoded-credentials.js';
import { configModule } from './config-module.js';
import { hardcodedEndpoints } from './hardcoded-endpoints.js';
import { envNameBranching } from './env-name-branching.js';
import { committedEnvFile } from './committed-env-file.js';
import { envContract } from './env-contract.js';

export const CONFIG_RULES: readonly Rule[] = [hardcodedCredentials, configModule, hardcodedEndpoints, envNameBranching, committedEnvFile, envContract];
