import { posix } from 'node:path';
import { defineRule } from '../../src/rule-kit/index.js';

type MessageId = 'noCi';

/**
 * CI systems the repo index does not list in `ciFiles` (it knows GitHub Actions, GitLab CI,
 * CircleCI, Azure Pipelines, Jenkins, Bitbucket, Travis, Buildkite and Drone).
 */
const OTHER_CI_FILE = /^(?:\.woodpecker(?:\.ya?ml|\/.+\.ya?ml)|cloudbuild\.ya?ml|appveyor\.yml|\.appveyor\.yml|\.semaphore\/semaphore\.yml|codefresh\.yml|bitrise\.yml|\.tekton\/.+\.ya?ml|\.cirrus\.yml|wercker\.yml|buildspec\.ya?ml|\.github\/workflows\/.+\.ya?ml)$/;

export const noCiPipeline = defineRule<MessageId>({
  id: 'build-release-run/no-ci-pipeline',
  factor: 'build-release-run',
  defaultSeverity: 'note',
  title: 'No CI pipeline',
  description: 'Finds services and workers in a repository without any CI configuration (GitHub Actions, GitLab CI, CircleCI, Jenkins, ...).',
  fix: 'Add a CI pipeline that installs from the lockfile, tests and builds the artifact on every push (e.g. .github/workflows/ci.yml).',
  messages: {
    noCi: '{{app}} has no CI pipeline: builds are made by hand on someone\'s machine, so a release cannot be traced to a tested commit',
  },
  appliesTo: (app) => (app.kind === 'service' || app.kind === 'worker' ? true : `${app.kind}s are not deployed as running processes`),
  check(context) {
    const { app } = context;
    if (app.ciFiles.length > 0) return;
    if (context.files.some((file) => OTHER_CI_FILE.test(posix.relative(app.path, file.path)) || OTHER_CI_FILE.test(file.path))) return;
    const anchor = app.manifest ?? app.dockerfiles[0] ?? app.procfile ?? app.composeFiles[0] ?? context.files[0]?.path;
    if (anchor === undefined) return;
    context.report({ messageId: 'noCi', data: { app: app.name }, file: anchor, line: 1, column: 1 });
  },
});
