import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { loopbackBind } from '../../../rules/port-binding/loopback-bind.js';

describeFixtures(loopbackBind);

describe('port-binding/loopback-bind', () => {
  it('says which ports disagree and where the code binds', () => {
    const [finding] = findingsOf(loopbackBind, join(FIXTURES, 'port-binding/loopback-bind/fail/expose-mismatch'));
    expect(finding?.message).toBe('Dockerfile exposes port 3000 but the code binds port 8080 (src/index.js:7)');
  });

  it('names the loopback host it found', () => {
    const findings = findingsOf(loopbackBind, join(FIXTURES, 'port-binding/loopback-bind/fail/loopback-literal'));
    expect(findings.map((finding) => finding.data?.host)).toEqual(['::1', 'localhost']);
  });
});
