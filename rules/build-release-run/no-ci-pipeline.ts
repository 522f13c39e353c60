import { defineRule } from '../../src/rule-kit/index.js';

type MessageId = 'noCi';

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
    const anchor = app.manifest ?? app.dockerfiles[0] ?? app.procfile ?? app.composeFiles[0] ?? context.files[0]?.path;
    if (anchor === undefined) return;
    context.report({ messageId: 'noCi', data: { app: app.name }, file: anchor, line: 1, column: 1 });
  },
});
