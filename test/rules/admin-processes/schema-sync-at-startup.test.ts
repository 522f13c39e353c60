import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { schemaSyncAtStartup } from '../../../rules/admin-processes/schema-sync-at-startup.js';

describeFixtures(schemaSyncAtStartup);

describe('admin-processes/schema-sync-at-startup', () => {
  it('reports a chain at the repository script that migrates, else where it starts, and says what it runs', () => {
    const messages = (name: string) =>
      findingsOf(schemaSyncAtStartup, join(FIXTURES, 'admin-processes/schema-sync-at-startup/fail', name)).map((finding) => finding.message);
    expect(messages('start-script')).toEqual([
      'the package.json script "start" runs `knex migrate:latest` each time the app starts (through `npm run migrate`); run it once per release (release phase, job or init container)',
      'the package.json script "prestart" runs `prisma migrate deploy` each time the app starts (through `node scripts/check-db.js`); run it once per release (release phase, job or init container)',
    ]);
    expect(messages('procfile-and-dockerfile')).toEqual([
      'the Dockerfile CMD runs `prisma migrate deploy` each time the app starts (through `npm run start:prod`); run it once per release (release phase, job or init container)',
      'the Procfile web runs `sequelize-cli db:migrate` each time the app starts; run it once per release (release phase, job or init container)',
      'the Dockerfile ENTRYPOINT runs `typeorm migration:run -d dist/data-source.js` each time the app starts (through `./scripts/docker-entrypoint.sh`); run it once per release (release phase, job or init container)',
    ]);
  });
});
