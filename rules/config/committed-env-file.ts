import { posix } from 'node:path';
import {
  defineRule,
  dependsOnAny,
  envEntries,
  envFileWords,
  environmentReads,
  forEachScript,
  inFolder,
  isEnvFile,
  isEnvTemplate,
  isPlatformVariable,
  looksLikeSecret,
  secretLines,
  unmistakableSecret,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'committedEnvFile' | 'secretInEnvFile' | 'secretInTemplate' | 'envNotIgnored';
type Context = RuleContext<MessageId>;

/** Packages that load `.env` files into the process. */
const DOTENV_PACKAGES = ['dotenv', 'dotenv-flow', 'dotenv-expand', 'dotenv-safe', '@dotenvx/dotenvx', 'env-cmd', 'dotenv-cli', '@nestjs/config'];
/** Env files for test runs and CI, committed on purpose with throwaway values. */
const TEST_ENVIRONMENTS = new Set(['test', 'testing', 'ci', 'e2e', 'spec']);

/** Reports one env file; true when it is a committed (non-template, non-test) env file with entries. */
function checkEnvFile(file: IndexedFile, context: Context): boolean {
  const entries = envEntries(context.text(file.path) ?? '');
  const name = posix.basename(file.path);
  const isTemplate = isEnvTemplate(file.path);
  const isTestOnly = file.role === 'test' || envFileWords(file.path).some((word) => TEST_ENVIRONMENTS.has(word));
  if (isTemplate || isTestOnly) {
    for (const entry of entries) {
      const secret = unmistakableSecret(entry.value);
      if (!secret) continue;
      context.report({
        messageId: 'secretInTemplate',
        data: { file: name, name: entry.name, kind: secret.kind },
        file: file.path,
        line: entry.line,
        column: entry.column,
        ...(isTestOnly && !isTemplate && { severity: 'note' as const }),
        secrets: secretLines(secret.secret),
      });
    }
    return false;
  }
  if (entries.length === 0) return false;
  const secrets = entries.flatMap((entry) => {
    const secret = looksLikeSecret(entry.name, entry.value);
    return secret ? [{ entry, secret }] : [];
  });
  context.report({
    messageId: 'committedEnvFile',
    data: { file: name, count: entries.length },
    file: file.path,
    line: 1,
    ...(secrets.length === 0 && { severity: 'warning' as const }),
  });
  for (const { entry, secret } of secrets) {
    context.report({
      messageId: 'secretInEnvFile',
      data: { file: name, name: entry.name, kind: secret.kind },
      file: file.path,
      line: entry.line,
      column: entry.column,
      ...(secret.severity && { severity: secret.severity }),
      secrets: secretLines(secret.secret),
    });
  }
  return true;
}

/** Whether the app loads `.env` files or reads its own variables (not just NODE_ENV or PORT), so an unignored `.env` is one `cp` away from a commit. */
function usesEnvFiles(context: Context, envFiles: readonly IndexedFile[]): boolean {
  if (envFiles.length > 0 || dependsOnAny(context.app, DOTENV_PACKAGES, true)) return true;
  if (Object.values(context.app.packageJson?.scripts ?? {}).some((script) => script.includes('--env-file'))) return true;
  let readsConfig = false;
  forEachScript(context, (sourceFile, file) => {
    readsConfig ||= /process\.env|import\.meta\.env/.test(context.text(file.path) ?? '') &&
      environmentReads(sourceFile, file.path).some((read) => !isPlatformVariable(read.name));
  });
  return readsConfig;
}

/** Where the missing ignore rule belongs: the app's own .gitignore, else its manifest, else its first env file. */
function ignoreFindingSite(context: Context, envFiles: readonly IndexedFile[]): string | undefined {
  const gitignore = inFolder(context.app.path, '.gitignore');
  if (context.file(gitignore)) return gitignore;
  return context.app.manifest ?? envFiles[0]?.path;
}

export const committedEnvFile = defineRule<MessageId>({
  id: 'config/committed-env-file',
  factor: 'config',
  defaultSeverity: 'error',
  title: 'Committed .env file',
  description:
    'Finds .env files in the repository (error when they hold secrets, warning otherwise), real secrets in .env templates, and .gitignore files that do not exclude .env.',
  fix: 'Remove the .env file from the repository (git rm --cached), rotate any secret it held, add .env to .gitignore and commit a .env.example with placeholders.',
  messages: {
    committedEnvFile: '{{file}} is committed with {{count}} variable(s); env files hold one deploy\'s config and belong outside the repository',
    secretInEnvFile: '{{kind}} in {{name}} is committed in {{file}}; rotate it and keep it out of the repository',
    secretInTemplate: '{{file}} documents {{name}} with what looks like a real {{kind}}; use a placeholder and rotate the value',
    envNotIgnored: '.gitignore does not exclude .env; add it so a local env file cannot be committed by accident',
  },
  tags: ['security'],
  appliesTo: () => true,
  check(context) {
    const envFiles = context.files.filter(
      (file) => isEnvFile(file.path) && file.role !== 'docs' && file.role !== 'vendored' && file.role !== 'generated',
    );
    const committed = envFiles.filter((file) => checkEnvFile(file, context));
    // A committed env file's finding already says to ignore it; a second one at the same place adds nothing.
    if (committed.length > 0 || context.repo.isGitIgnored(inFolder(context.app.path, '.env')) || !usesEnvFiles(context, envFiles)) return;
    const site = ignoreFindingSite(context, envFiles);
    if (site !== undefined) context.report({ messageId: 'envNotIgnored', file: site, line: 1, severity: 'note' });
  },
});
