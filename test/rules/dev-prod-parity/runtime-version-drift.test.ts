import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { runtimeVersionDrift } from '../../../rules/dev-prod-parity/runtime-version-drift.js';
import { exactMajor, majorRange } from '../../../rules/dev-prod-parity/_node-versions.js';

describeFixtures(runtimeVersionDrift);

describe('dev-prod-parity/runtime-version-drift', () => {
  it('names both declarations and their versions', () => {
    const [nvmrc] = findingsOf(runtimeVersionDrift, join(FIXTURES, runtimeVersionDrift.id, 'fail', 'nvmrc-and-engines-behind-image'));
    expect(nvmrc?.data).toEqual({ source: '.nvmrc', version: 'v18.19.1', other: 'Dockerfile', otherVersion: '20 (node:20-alpine)' });
    expect(nvmrc?.message).toBe('Node v18.19.1 in .nvmrc is a different major version than Node 20 (node:20-alpine) in Dockerfile');
  });
});

describe('exactMajor', () => {
  it.each([
    ['v20.11.0', 20], ['20', 20], ['20.x', 20], ['18-alpine3.19', 18], ['20.12.2-bookworm-slim', 20], ['lts/iron', 20], ['hydrogen-slim', 18],
  ])('%s is Node %i', (text, major) => expect(exactMajor(text)).toBe(major));

  it.each(['lts/*', 'node', 'latest', 'current', 'alpine', '>=20', ''])('%s is no fixed major', (text) => expect(exactMajor(text)).toBeUndefined());
});

describe('majorRange', () => {
  const allowed = (range: string) => [14, 16, 18, 20, 21, 22].filter((major) => majorRange(range)?.(major));
  it.each([
    ['>=20', [20, 21, 22]],
    ['^20.11.0', [20]],
    ['20.x', [20]],
    ['>=18 <21', [18, 20]],
    ['>= 18.0.0 < 21.0.0', [18, 20]],
    ['18 || 20', [18, 20]],
    ['^18 || ^20 || >=22', [18, 20, 22]],
    ['16 - 20', [16, 18, 20]],
    ['>20', [21, 22]],
    ['>20.5', [20, 21, 22]],
    ['<20.5', [14, 16, 18, 20]],
    ['~16.14', [16]],
    ['*', [14, 16, 18, 20, 21, 22]],
  ])('%s allows %j', (range, majors) => expect(allowed(range)).toEqual(majors));

  it('gives up on what is not a range', () => {
    expect(majorRange('latest')).toBeUndefined();
    expect(majorRange('>=banana')).toBeUndefined();
  });
});
