import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { parseShell } from '../../../src/rule-kit/index.js';
import { backgroundedCommands, daemonizing } from '../../../rules/concurrency/daemonizing.js';

describeFixtures(daemonizing);

const backgrounded = (line: string) => backgroundedCommands(parseShell(line)).map((command) => command.words.join(' '));

describe('concurrency/daemonizing', () => {
  it.each([
    ['node a.js &', ['node a.js']],
    ['nohup node a.js > /dev/null 2>&1 &', ['nohup node a.js > /dev/null 2>']],
    ['node worker.js & node server.js', ['node worker.js']],
    ['node a.js > out.log 2>&1', []],
    ['node a.js &> out.log', []],
    ['node a.js & wait', []],
    ['tsc && node a.js', []],
  ])('backgrounded commands of %j', (line, expected) => {
    expect(backgrounded(line)).toEqual(expected);
  });

  it('says where the command is written and what it runs', () => {
    const findings = findingsOf(daemonizing, join(FIXTURES, 'concurrency/daemonizing/fail/background-in-cmd-and-procfile'));
    expect(findings.map((finding) => finding.message)).toEqual([
      'Dockerfile CMD runs `node worker.js` in the background with `&`; run each process in the foreground under the platform',
      'Procfile web runs `nohup node server.js` in the background with `&`; run each process in the foreground under the platform',
    ]);
  });
});
