import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { configModule } from '../../../rules/config/config-module.js';

describeFixtures(configModule);

describe('config/config-module messages', () => {
  const findings = findingsOf(configModule, join(FIXTURES, configModule.id, 'fail', 'exported-objects'));

  it('name what kind of values the module holds and under which keys, never the values', () => {
    const dbConfig = findings.find((finding) => finding.file === 'app/config/db.config.js');
    expect(dbConfig?.message).toBe(
      'this config module holds a host, a user name, a password, a database name and a database dialect (HOST, USER, PASSWORD, DB, dialect) as literals and reads no environment variable, so every deploy needs a code change; read them from the environment',
    );
    const shown = JSON.stringify(findings.map((finding) => [finding.message, finding.snippet]));
    expect(shown).not.toContain('library-pass');
    expect(shown).not.toContain('library-signing-phrase');
  });

  it('anchors at the export statement', () => {
    expect(findings.map((finding) => `${finding.file}:${finding.line}`)).toEqual([
      'app/config/auth.config.js:1',
      'app/config/db.config.js:1',
      'config/production.js:2',
      'src/config/keys.ts:6',
      'src/settings.ts:1',
    ]);
  });
});
