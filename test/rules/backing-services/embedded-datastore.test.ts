import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { embeddedDatastore } from '../../../rules/backing-services/embedded-datastore.js';
import { audit } from '../../../src/audit.js';

describeFixtures(embeddedDatastore);

describe('backing-services/embedded-datastore', () => {
  const fixture = (kind: string, name: string) => join(FIXTURES, 'backing-services/embedded-datastore', kind, name);

  it('names the file in the message', () => {
    const [first] = findingsOf(embeddedDatastore, fixture('fail', 'sqlite-drivers'));
    expect(first?.message).toBe('sqlite3 keeps data in a local file (./data/notes.db) that other processes and hosts cannot share; attach a database by URL instead');
  });

  it('is n/a for desktop apps and CLIs, with the reason', () => {
    const statusOf = (root: string) =>
      audit({ root, rules: [embeddedDatastore] }).report.apps[0]?.factors.flatMap((factor) => factor.rules).find((rule) => rule.ruleId === embeddedDatastore.id);
    expect(statusOf(fixture('pass', 'tests-and-electron'))).toMatchObject({ status: 'n/a', reason: expect.stringContaining('electron') });
    expect(statusOf(fixture('pass', 'cli-tool'))).toMatchObject({ status: 'n/a' });
    expect(statusOf(fixture('pass', 'memory-readonly-cache'))).toMatchObject({ status: 'pass' });
  });
});
