/** The build-release-run factor's rules, in the order they are listed. */
import type { Rule } from '../../src/types.js';
import { buildAtRuntime } from './build-at-runtime.js';
import { configBakedIntoImage } from './config-baked-into-image.js';
import { latestOnlyRelease } from './latest-only-release.js';
import { noCiPipeline } from './no-ci-pipeline.js';
import { nonReproducibleInstall } from './non-reproducible-install.js';
import { rootUser } from './root-user.js';
import { sourceBindMount } from './source-bind-mount.js';
import { unpinnedBaseImage } from './unpinned-base-image.js';

export const BUILD_RELEASE_RUN_RULES: readonly Rule[] = [
  buildAtRuntime,
  unpinnedBaseImage,
  configBakedIntoImage,
  nonReproducibleInstall,
  noCiPipeline,
  rootUser,
  sourceBindMount,
  latestOnlyRelease,
];
