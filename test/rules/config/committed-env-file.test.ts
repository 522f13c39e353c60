import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { committedEnvFile } from '../../../rules/config/committed-env-file.js';
import { envEntries, isEnvFile, isEnvTemplate } from '../../../src/rule-kit/env-files.js';

describeFixtures(committedEnvFile);

describe('env files', () => {
  it('tells env files from templates', () => {
    expect(isEnvFile('.env')).toBe(true);
    expect(isEnvFile('api/.env.production')).toBe(true);
    expect(isEnvFile('deploy/production.env')).toBe(true);
    expect(isEnvFile('.envrc')).toBe(false);
    expect(isEnvTemplate('.env.example')).toBe(true);
    expect(isEnvTemplate('.env.local.sample')).toBe(true);
    expect(isEnvTemplate('example.env')).toBe(true);
    expect(isEnvTemplate('.env.production')).toBe(false);
  });

  it('reads entries with export, quotes, inline comments and multi-line values', () => {
    const text = 'export A=1 # one\nB="two words"\n# C=3\nKEY="-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----"\nD=\n';
    expect(envEntries(text).map(({ name, value, line, column }) => [name, value, line, column])).toEqual([
      ['A', '1', 1, 10],
      ['B', 'two words', 2, 4],
      ['KEY', '-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----', 4, 6],
      ['D', '', 7, 3],
    ]);
  });
});
