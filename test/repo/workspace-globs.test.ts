import { describe, expect, it } from 'vitest';
import { workspaceMatcher } from '../../src/repo/workspace-globs.js';

describe('workspaceMatcher', () => {
  it.each([
    [['packages/*'], 'packages/a', true],
    [['packages/*'], 'packages/a/b', false],
    [['packages/*'], 'packages', false],
    [['./packages/*/'], 'packages/a', true],
    [['packages/**'], 'packages/a/b', true],
    [['**/pkg-*'], 'deep/er/pkg-x', true],
    [['**/pkg-*'], 'pkg-x', true],
    [['apps/web'], 'apps/web', true],
    [['apps/web'], 'apps/web2', false],
    [['apps/we?'], 'apps/web', true],
    [['{apps,services}/*'], 'services/billing', true],
    [['{apps,services}/*'], 'tools/x', false],
    [['packages/*.js'], 'packages/axjs', false],
    [['packages/*', '!packages/legacy'], 'packages/legacy', false],
    [['!packages/legacy', 'packages/*'], 'packages/legacy', false],
    [['!packages/legacy'], 'packages/other', false],
  ])('%j matches %s: %s', (globs, folder, expected) => {
    expect(workspaceMatcher(globs)(folder)).toBe(expected);
  });
});
