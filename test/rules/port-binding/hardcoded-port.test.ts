import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { hardcodedPort } from '../../../rules/port-binding/hardcoded-port.js';

describeFixtures(hardcodedPort);

describe('port-binding/hardcoded-port', () => {
  it('names the port in the message and points at the literal, not the listen call', () => {
    const [finding] = findingsOf(hardcodedPort, join(FIXTURES, 'port-binding/hardcoded-port/fail/express-literal'));
    expect(finding?.message).toBe('server binds the hard-coded port 3000 instead of reading PORT from the environment');
    expect(finding?.snippet).toContain('app.listen(3000');
  });

  it('is n/a for libraries', () => {
    const root = join(FIXTURES, 'port-binding/hardcoded-port/pass/library');
    expect(findingsOf(hardcodedPort, root)).toEqual([]);
  });
});
