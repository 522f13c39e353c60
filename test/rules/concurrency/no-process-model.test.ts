import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { noProcessModel } from '../../../rules/concurrency/no-process-model.js';

describeFixtures(noProcessModel);

describe('concurrency/no-process-model', () => {
  it('reports once per app, naming it', () => {
    const findings = findingsOf(noProcessModel, join(FIXTURES, 'concurrency/no-process-model/fail/workspace-member'));
    expect(findings.map((finding) => [finding.app, finding.message])).toEqual([
      [
        'api',
        'no process types are declared for api: add a Procfile, Dockerfile, compose service, Kubernetes manifest or platform config saying how each process (web, worker, clock) runs',
      ],
    ]);
  });
});
