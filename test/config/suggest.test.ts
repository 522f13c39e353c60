import { describe, expect, it } from 'vitest';
import { damerauLevenshtein, didYouMean, suggest } from '../../src/util/suggest.js';

describe('damerauLevenshtein', () => {
  it.each([
    ['', '', 0],
    ['abc', '', 3],
    ['', 'abc', 3],
    ['kitten', 'sitting', 3],
    ['logs', 'logz', 1],
    ['failOn', 'faliOn', 1], // one transposition, not two substitutions
    ['ca', 'abc', 3],
  ])('%j -> %j is %i', (a, b, distance) => {
    expect(damerauLevenshtein(a, b)).toBe(distance);
    expect(damerauLevenshtein(b, a)).toBe(distance);
  });
});

describe('suggest', () => {
  const keys = ['rules', 'ignore', 'minScore', 'failOn', 'weights', 'overrides', 'baseline', 'maxFileSize'];
  const rules = ['config/hardcoded-credentials', 'config/env-file-committed', 'logs/file-transport'];

  it('finds the closest candidate within the threshold', () => {
    expect(suggest('minscore', keys)).toBe('minScore');
    expect(suggest('wieghts', keys)).toBe('weights');
    expect(suggest('rule', keys)).toBe('rules');
    expect(suggest('logs/file-transprot', rules)).toBe('logs/file-transport');
  });

  it('suggests nothing when every candidate is far', () => {
    expect(suggest('colour', keys)).toBeUndefined();
    expect(suggest('made/up', rules)).toBeUndefined();
    expect(suggest('anything', [])).toBeUndefined();
  });

  it('allows a distance of at least 2 for short inputs', () => {
    expect(suggest('lgo', ['logs'])).toBe('logs');
    expect(suggest('ab', ['logs'])).toBeUndefined();
  });

  it('matches a bare rule name, even misspelt, against the part after the slash', () => {
    expect(suggest('hardcoded-credentials', rules)).toBe('config/hardcoded-credentials');
    expect(suggest('hardcoded-credential', rules)).toBe('config/hardcoded-credentials');
  });

  it('falls back to a candidate that starts or ends with the input', () => {
    expect(suggest('maxFile', keys)).toBe('maxFileSize');
    expect(suggest('transport', rules)).toBe('logs/file-transport');
    expect(suggest('config/hardcoded-credentials-v2', rules)).toBe('config/hardcoded-credentials');
  });

  it('does not treat a very short input as contained', () => {
    expect(suggest('s', ['logs'])).toBeUndefined();
  });

  it('formats a did-you-mean suffix', () => {
    expect(didYouMean('minscore', keys)).toBe(' (did you mean "minScore"?)');
    expect(didYouMean('colour', keys)).toBe('');
  });
});
