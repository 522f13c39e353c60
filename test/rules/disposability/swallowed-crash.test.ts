import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { swallowedCrash } from '../../../rules/disposability/swallowed-crash.js';

describeFixtures(swallowedCrash);

describe('disposability/swallowed-crash', () => {
  it('names the event whose handler swallows the crash', () => {
    const findings = findingsOf(swallowedCrash, join(FIXTURES, 'disposability/swallowed-crash/fail/log-only'));
    expect(findings.map((finding) => finding.data?.event)).toEqual(['uncaughtException', 'unhandledRejection', 'unhandledRejection', 'uncaughtException']);
    expect(findings[0]?.message).toBe("'uncaughtException' handler neither exits nor rethrows: the process keeps running in an unknown state after a crash");
  });
});
