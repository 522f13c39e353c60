import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { schemaSyncAtStartup } from '../../../rules/admin-processes/schema-sync-at-startup.js';

describeFixtures(schemaSyncAtStartup);

describe('admin-processes/schema-sync-at-startup', () => {
  const findings = (name: string) => findingsOf(schemaSyncAtStartup, join(FIXTURES, 'admin-processes/schema-sync-at-startup/fail', name));

  it('grades sync by what it does to the tables', () => {
    expect(findings('sequelize-sync').map((finding) => [finding.severity, finding.message])).toEqual([
      ['error', 'Sequelize sync({ force: true }), which drops and recreates every table at startup; manage the schema with migrations run as a one-off process'],
      ['warning', 'Sequelize sync({ alter: true }), which alters tables to match the models at startup; manage the schema with migrations run as a one-off process'],
    ]);
  });

  it('leaves start commands to admin-processes/migrations-in-web-entrypoint and env toggles to the operator', () => {
    expect(findings('typeorm-synchronize').map((finding) => `${finding.file}:${finding.line}`)).toEqual(['src/app.module.ts:11', 'src/data-source.ts:6']);
  });
});
