import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { unpinnedVersions, unpinnedVerdict } from '../../../rules/dependencies/unpinned-versions.js';

describeFixtures(unpinnedVersions);

describe('unpinnedVerdict', () => {
  it.each(['^1.2.3', '~1.2.3', '1.2.3', '1.x', '>=1.2.3 <2.0.0', '1.0.0 - 2.0.0', 'workspace:^', 'npm:pkg@^1.0.0', 'github:a/b#v1.0.0', 'a/b#0123abc'])(
    'lets %s through',
    (range) => expect(unpinnedVerdict(range)).toBeUndefined(),
  );

  it.each([
    ['*', 'openRange'],
    ['', 'openRange'],
    ['>1', 'openRange'],
    ['^1.0.0 || >= 2', 'openRange'],
    ['npm:pkg', 'openRange'],
    ['canary', 'movingTag'],
    ['a/b#develop', 'gitUnpinned'],
    ['git://example.com/x.git', 'gitUnpinned'],
    ['https://example.com/download/pkg.tgz', 'urlUnpinned'],
  ])('flags %j as %s', (range, messageId) => expect(unpinnedVerdict(range)?.messageId).toBe(messageId));
});
