import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { schemaSyncAtStartup } from '../../../rules/admin-processes/schema-sync-at-startup.js';

describeFixtures(schemaSyncAtStartup);

describe('admin-processes/schema-sync-at-startup', () => {
  it('says which start command runs the migration and how it is reached', () => {
    const findings = findingsOf(schemaSyncAtStartup, join(FIXTURES, 'admin-processes/schema-sync-at-startup/fail/start-commands'));
    expect(findings.map((finding) => finding.message)).toEqual([
      'the Procfile web runs `sequelize-cli db:migrate` each time the app starts; run it once per release (release phase, job or init container)',
      'the package.json script "migrate" runs `knex migrate:latest` each time the app starts (through `npm run migrate`); run it once per release (release phase, job or init container)',
      'the package.json script "start:prod" runs `prisma migrate deploy` each time the app starts (through `npm run start:prod`); run it once per release (release phase, job or init container)',
      'the docker-entrypoint.sh (run by the Dockerfile ENTRYPOINT) runs `typeorm migration:run -d dist/data-source.js` each time the app starts; run it once per release (release phase, job or init container)',
    ]);
  });
});
