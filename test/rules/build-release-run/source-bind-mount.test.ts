import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sourceBindMount } from '../../../rules/build-release-run/source-bind-mount.js';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';

describeFixtures(sourceBindMount);

describe('build-release-run/source-bind-mount', () => {
  it('reports an inherited mount in the base file, naming the production override', () => {
    const [finding] = findingsOf(sourceBindMount, join(FIXTURES, sourceBindMount.id, 'fail', 'inherited-from-base'));
    expect(finding?.data).toEqual({ service: 'inventory', source: '.', target: '/srv/inventory', override: 'docker-compose.prod.yml' });
  });

  it('leaves development overrides and data or config mounts alone', () => {
    for (const name of ['mounts-only-in-development-override', 'data-folder-in-production']) {
      expect(findingsOf(sourceBindMount, join(FIXTURES, sourceBindMount.id, 'pass', name))).toEqual([]);
    }
  });
});
