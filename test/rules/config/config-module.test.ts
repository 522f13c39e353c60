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

/**
 * Hostile modules: many exports of one object, a long `||` chain of literals, a huge object, a Go
 * file loading the same committed file thousands of times. Quadratic work on these would take far
 * beyond the test timeout; no timing is asserted.
 */
describe('linear time on hostile config modules', () => {
  it('finishes on large crafted inputs for both config rules', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { hardcodedCredentials } = await import('../../../rules/config/hardcoded-credentials.js');
    const root = mkdtempSync(join(tmpdir(), 'twelve-audit-hostile-config-'));
    const write = (path: string, text: string) => {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    const count = 20_000;
    write('package.json', '{ "name": "hostile", "version": "1.0.0" }');
    write('config.js', `const c = { host: 'db.internal', password: 'hunter22' };\n${'module.exports = c;\n'.repeat(count)}`);
    write('src/chain.js', `const s = process.env.JWT_SECRET${" || 'a'".repeat(count)};\n`);
    write('src/big.js', `module.exports = { email: 'e', ${Array.from({ length: count }, (_, i) => `k${i}: 'v'`).join(', ')} };\n`);
    write('go.mod', 'module example.test/hostile\n');
    write('conf/app.ini', '[database]\nHost = db.internal\nPassword = hunter22\n');
    write('main.go', `package main\n\nfunc main() {\n${'\tini.Load("conf/app.ini")\n'.repeat(count)}}\n`);
    const modules = findingsOf(configModule, root);
    expect(modules.filter((finding) => finding.file === 'config.js')).toHaveLength(1);
    expect(modules.filter((finding) => finding.file === 'main.go')).toHaveLength(1);
    const credentials = findingsOf(hardcodedCredentials, root);
    expect(credentials.some((finding) => finding.file === 'config.js')).toBe(true);
  }, 120_000);
});
