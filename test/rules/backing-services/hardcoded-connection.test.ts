import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { hardcodedConnection } from '../../../rules/backing-services/hardcoded-connection.js';

describeFixtures(hardcodedConnection);

describe('backing-services/hardcoded-connection', () => {
  const root = join(FIXTURES, 'backing-services/hardcoded-connection/fail/caches-queues-mail');

  it('never shows the password of a connection string in clear', () => {
    const finding = findingsOf(hardcodedConnection, root).find((candidate) => candidate.line === 12);
    expect(finding?.message).toBe('amqplib connects to a connection string for rabbit.internal written in the code; read it from the environment');
    expect(finding?.snippet).toMatch(/amqp:\/\/guest:\S*\*\*\*\*@rabbit\.internal/);
    expect(JSON.stringify(finding)).not.toContain('s3cr3t-Rabbit');
  });

  it('masks literal passwords given as options', () => {
    const findings = findingsOf(hardcodedConnection, join(FIXTURES, 'backing-services/hardcoded-connection/fail/typeorm-prisma-consts'));
    expect(JSON.stringify(findings)).not.toContain('Tr0ub4dor');
  });

  it('masks the password of a Python fallback URL', () => {
    const findings = findingsOf(hardcodedConnection, join(FIXTURES, 'backing-services/hardcoded-connection/fail/python-fallbacks'));
    expect(findings.find((finding) => finding.line === 11)?.snippet).toContain('mq.prod.internal');
    expect(JSON.stringify(findings)).not.toContain('s3cret-Queue');
  });

  it('turns fallbacks off with flagFallbacks: false, keeping literals', () => {
    const findings = findingsOf(hardcodedConnection, join(FIXTURES, 'backing-services/hardcoded-connection/pass/fallbacks-turned-off'));
    expect(findings).toEqual([]);
  });
});
