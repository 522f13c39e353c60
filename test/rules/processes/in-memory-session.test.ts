import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { inMemorySession } from '../../../rules/processes/in-memory-session.js';

describeFixtures(inMemorySession);

describe('processes/in-memory-session', () => {
  it('names the library and the in-memory store class', () => {
    const findings = findingsOf(inMemorySession, join(FIXTURES, 'processes/in-memory-session/fail/explicit-memory-stores'));
    expect(findings.map((finding) => finding.data)).toEqual([
      { library: '@fastify/session' },
      { library: 'express-session', store: 'session.MemoryStore' },
      { library: 'express-session', store: 'MemoryStore' },
    ]);
  });
});
