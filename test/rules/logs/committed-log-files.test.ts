import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { committedLogFiles, isLogFileName } from '../../../rules/logs/committed-log-files.js';

describeFixtures(committedLogFiles);

describe('logs/committed-log-files', () => {
  it('never echoes log contents in the snippet', () => {
    const [finding] = findingsOf(committedLogFiles, join(FIXTURES, 'logs/committed-log-files/fail/app-and-crash-logs'));
    expect(finding?.file).toBe('logs/app.log');
    expect(finding?.snippet).toBeUndefined();
    expect(finding?.message).toBe('log file logs/app.log is committed to the repository; logs are a runtime event stream, not source');
  });

  it.each([
    ['app.log', true],
    ['logs/app.log.3', true],
    ['logs/app.log.2.gz', true],
    ['npm-debug.log.1234567', true],
    ['pnpm-debug.log', true],
    ['src/log.ts', false],
    ['src/logger.log.ts', false],
    ['catalog', false],
    ['dialog.json', false],
    ['changelog', false],
  ])('%s is a log file name: %s', (path, expected) => {
    expect(isLogFileName(path)).toBe(expected);
  });
});
