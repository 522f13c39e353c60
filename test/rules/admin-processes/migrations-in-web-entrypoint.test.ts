import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationsInWebEntrypoint } from '../../../rules/admin-processes/migrations-in-web-entrypoint.js';
import { schemaSyncAtStartup } from '../../../rules/admin-processes/schema-sync-at-startup.js';
import { audit } from '../../../src/audit.js';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';

describeFixtures(migrationsInWebEntrypoint);

describe('admin-processes/migrations-in-web-entrypoint', () => {
  it('names the migration and the app command that follows it', () => {
    const [finding] = findingsOf(migrationsInWebEntrypoint, join(FIXTURES, migrationsInWebEntrypoint.id, 'fail', 'entry-script-retry-loop'));
    expect(finding?.message).toContain('`alembic upgrade head`');
    expect(finding?.message).toContain('`gunicorn -b 0.0.0.0:8000 ledger:app`');
  });

  it('keeps one finding where schema-sync-at-startup reports the same migration runner of the server entry', () => {
    const { report } = audit({ root: join(FIXTURES, schemaSyncAtStartup.id, 'fail', 'migrations-in-entry'), rules: [migrationsInWebEntrypoint, schemaSyncAtStartup] });
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      'admin-processes/migrations-in-web-entrypoint src/index.ts:5',
      'admin-processes/schema-sync-at-startup src/index.ts:6',
    ]);
  });

  it('names the flag with which the server is started migrating', () => {
    const [finding] = findingsOf(migrationsInWebEntrypoint, join(FIXTURES, migrationsInWebEntrypoint.id, 'fail', 'server-auto-migrate-flag'));
    expect(finding?.message).toContain('Dockerfile CMD starts the app with `-automigrate` (`serve -automigrate -listen :8080`)');
  });

  it('leaves release phases, one-off migration services and development compose files alone', () => {
    for (const name of ['release-phase', 'one-off-compose-service', 'development-compose', 'script-run-by-ci-only']) {
      expect(findingsOf(migrationsInWebEntrypoint, join(FIXTURES, migrationsInWebEntrypoint.id, 'pass', name))).toEqual([]);
    }
  });
});

describe('admin-processes/migrations-in-web-entrypoint hand-over', () => {
  it('says an entry script that ends in exec "$@" starts the CMD after migrating', () => {
    const [finding] = findingsOf(migrationsInWebEntrypoint, join(FIXTURES, migrationsInWebEntrypoint.id, 'fail', 'entrypoint-then-cmd'));
    expect(finding?.message).toContain('runs `prisma migrate deploy` before starting the app (`the CMD, through exec "$@"`)');
  });
});
