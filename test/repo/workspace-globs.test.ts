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

describe('workspaceMatcher on hostile globs', () => {
  it('an unbalanced brace neither throws nor matches what it does not name', () => {
    expect(() => workspaceMatcher(['{apps,services/*', 'packages/*'])).not.toThrow();
    const matches = workspaceMatcher(['{apps,services/*', 'packages/*']);
    expect(matches('packages/a')).toBe(true);
    expect(matches('services/billing')).toBe(false);
  });

  it.each([['../../**'], ['../*'], ['/etc/*'], ['packages/../../*'], ['C:/Users/*']])('%s names nothing (folders outside the root)', (glob) => {
    const matches = workspaceMatcher([glob]);
    for (const folder of ['packages/a', 'etc/passwd', 'a', 'Users/me']) expect(matches(folder)).toBe(false);
  });
});
