import { defineRule } from '../../src/rule-kit/index.js';

type MessageId = 'notVersioned';

const ROOT = '.';

export const versionControl = defineRule<MessageId>({
  id: 'codebase/version-control',
  factor: 'codebase',
  defaultSeverity: 'error',
  title: 'Codebase not under version control',
  description: 'Finds a repository root that lies in no git, Mercurial or Subversion work tree.',
  fix: 'Track the codebase in version control (git init, commit, push to a shared remote) and deploy from it.',
  messages: {
    notVersioned: 'the audited folder is not inside a git, Mercurial or Subversion work tree: there is no codebase to deploy from',
  },
  // The finding is about the whole repository: the root app carries it, member apps would only repeat it.
  appliesTo: (app) => (app.path === ROOT ? true : 'version control is judged once, on the repository root app'),
  check(context) {
    if (context.repo.vcs !== null) return;
    const file = context.app.manifest ?? context.files[0]?.path;
    if (file !== undefined) context.report({ messageId: 'notVersioned', file, line: 1 });
  },
});
