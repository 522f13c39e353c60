import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { inAppLogShipping } from '../../../rules/logs/in-app-log-shipping.js';

describeFixtures(inAppLogShipping);

const fixture = (name: string) => join(FIXTURES, 'logs/in-app-log-shipping/fail', name);

describe('logs/in-app-log-shipping', () => {
  it('names the library and the destination', () => {
    const messages = findingsOf(inAppLogShipping, fixture('winston-vendor-transports')).map((finding) => finding.message);
    expect(messages.slice(0, 3)).toEqual([
      'winston-cloudwatch ships logs to CloudWatch Logs from inside the app instead of writing them to stdout',
      'winston.transports.Loggly ships logs to Loggly from inside the app instead of writing them to stdout',
      'winston Http transport ships logs to http-intake.logs.datadoghq.com from inside the app instead of writing them to stdout',
    ]);
  });

  it('masks API keys passed inline in the snippet', () => {
    const findings = [
      ...findingsOf(inAppLogShipping, fixture('winston-vendor-transports')),
      ...findingsOf(inAppLogShipping, fixture('pino-targets-and-bunyan-streams')),
    ];
    const snippets = findings.map((finding) => finding.snippet ?? '').join('\n');
    expect(snippets).not.toContain('f3a9c2d1-7b6e-4c1a-9d2f-8e7a6b5c4d3e');
    expect(snippets).not.toContain('tok_9f8e7d6c5b4a3f2e1d0c');
    expect(snippets).toContain("token: 'f3****'");
  });
});
