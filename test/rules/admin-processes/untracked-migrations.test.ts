import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { untrackedMigrations } from '../../../rules/admin-processes/untracked-migrations.js';
import { audit } from '../../../src/audit.js';

describeFixtures(untrackedMigrations);

describe('admin-processes/untracked-migrations', () => {
  const fixture = (kind: string, name: string) => join(FIXTURES, 'admin-processes/untracked-migrations', kind, name);

  it('points at the ORM rather than the driver', () => {
    const [finding] = findingsOf(untrackedMigrations, fixture('fail', 'sync-commented-out'));
    expect(finding?.message).toContain('the app uses sequelize but');
  });

  it('is n/a without a relational database client, with the reason', () => {
    const result = audit({ root: fixture('pass', 'no-sql-client'), rules: [untrackedMigrations] })
      .report.apps[0]?.factors.flatMap((factor) => factor.rules).find((rule) => rule.ruleId === untrackedMigrations.id);
    expect(result).toMatchObject({ status: 'n/a', reason: 'the app depends on no relational database client' });
  });
});
