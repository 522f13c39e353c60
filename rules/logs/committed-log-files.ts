import { posix } from 'node:path';
import { defineRule, onlyTestsName } from '../../src/rule-kit/index.js';
import type { IndexedFile } from '../../src/types.js';

type MessageId = 'logFile' | 'emptyLogFile';

/**
 * Names log writers give their output: `app.log`, rotated `app.log.1` / `app.log.2.gz`, and the
 * package managers' crash logs (`npm-debug.log.123`, `yarn-error.log`, `lerna-debug.log`).
 */
const LOG_FILE_NAME = /\.log(?:\.\d+)?(?:\.gz)?$|^(?:npm|yarn|pnpm|lerna)-(?:debug|error)\.log(?:\.\w+)*$/i;

/** Test data, docs and vendored copies keep sample logs on purpose (parser fixtures, tutorial output). */
const AUDITED_ROLES = new Set<IndexedFile['role']>(['source', 'config', 'generated']);

export function isLogFileName(path: string): boolean {
  return LOG_FILE_NAME.test(posix.basename(path));
}

export const committedLogFiles = defineRule<MessageId>({
  id: 'logs/committed-log-files',
  factor: 'logs',
  defaultSeverity: 'warning',
  title: 'Log files committed to the repository',
  description: 'Finds *.log files (rotated logs, npm-debug.log, yarn-error.log) that are part of the repository instead of ignored.',
  fix: 'Delete the log file from the repository (git rm --cached) and add *.log to .gitignore; logs belong to the runtime stream.',
  messages: {
    logFile: 'log file {{file}} is committed to the repository; logs are a runtime event stream, not source',
    emptyLogFile: 'empty log file {{file}} is committed, likely as a placeholder for a file logger',
  },
  appliesTo: () => true,
  check(context) {
    for (const file of context.files) {
      // A log file only tests name (an empty target the logging tests write into, a sample a parser test reads) is their fixture.
      if (!AUDITED_ROLES.has(file.role) || !isLogFileName(file.path) || onlyTestsName(context, file.path)) continue;
      context.report({
        messageId: file.size === 0 ? 'emptyLogFile' : 'logFile',
        data: { file: file.path },
        file: file.path,
        line: 1,
        ...(file.size === 0 && { severity: 'note' as const }),
        // Log lines can hold tokens or personal data: the finding must not echo one.
        snippet: false,
      });
    }
  },
});
