import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { inProcessScheduler } from '../../../rules/concurrency/in-process-scheduler.js';

describeFixtures(inProcessScheduler);

describe('concurrency/in-process-scheduler', () => {
  it('names the library and the interval', () => {
    const findings = findingsOf(inProcessScheduler, join(FIXTURES, 'concurrency/in-process-scheduler/fail/cron-imported-by-server'));
    expect(findings.map((finding) => finding.message)).toEqual([
      'startCleanup() starts a recurring job of src/jobs/cleanup.ts (node-cron) inside the web process; run them as their own clock/worker process type',
      'setInterval every 15 min runs a recurring job inside the web process; run it as its own clock/worker process type',
    ]);
  });
});

describe('concurrency/in-process-scheduler in Python and Go', () => {
  it('names the Python and Go libraries', () => {
    const messages = (name: string) =>
      findingsOf(inProcessScheduler, join(FIXTURES, 'concurrency/in-process-scheduler/fail', name)).map((finding) => finding.message.split(' schedules')[0]);
    expect(messages('python-fastapi-background-and-schedule')).toEqual(['the schedule package', 'APScheduler']);
    expect(messages('python-flask-apscheduler-factory')).toEqual(['Flask-APScheduler']);
    expect(messages('go-gin-robfig-cron')).toEqual(['robfig/cron']);
    expect(messages('go-gocron-server-field')).toEqual(['gocron']);
  });
});
