import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, lineAndColumn } from '../../src/parse/json-syntax.js';

describe('findJsonSyntaxError', () => {
  it.each([
    '{}',
    '[]',
    '{"a": [1, -2.5e3, true, false, null, "x\\"\\u00e9\\n"], "b": {}}',
    ' \n 42 \n',
  ])('accepts valid JSON %j', (text) => {
    expect(() => JSON.parse(text)).not.toThrow();
    expect(findJsonSyntaxError(text)).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 8, 'trailing comma is not allowed in JSON'],
    ['[1, 2,]', 6, 'trailing comma is not allowed in JSON'],
    ['{"a": 1', 7, "expected ',' or '}' after the value"],
    ['{"a": 1 "b": 2}', 8, "expected ',' or '}' after the value"],
    ['[1 2]', 3, "expected ',' or ']' after the value"],
    ['{a: 1}', 1, 'expected a double-quoted key'],
    ['{"a" 1}', 5, "expected ':' after the key"],
    ["{'a': 1}", 1, 'expected a double-quoted key'],
    ["[ 'a' ]", 2, 'strings must use double quotes in JSON'],
    ['{"a": "b\n"}', 6, 'unterminated string'],
    ['{"a": "\\x"}', 7, 'invalid escape sequence'],
    ['{"a": 01}', 7, "expected ',' or '}' after the value"],
    ['{"a": -}', 6, 'invalid number'],
    ['{"a": }', 6, "expected a value, got '}'"],
    ['{"a": undefined}', 6, "expected a value, got 'undefined'"],
    ['// comment\n{}', 0, 'comments are not allowed in JSON'],
    ['{} {}', 3, 'unexpected content after the JSON value'],
    ['', 0, 'unexpected end of file, expected a value'],
  ])('finds the error in %j', (text, offset, reason) => {
    expect(() => JSON.parse(text)).toThrow();
    expect(findJsonSyntaxError(text)).toEqual({ offset, reason });
  });
});

describe('lineAndColumn', () => {
  it('counts 1-based lines and columns', () => {
    const text = 'ab\ncd\n\nef';
    expect(lineAndColumn(text, 0)).toEqual({ line: 1, column: 1 });
    expect(lineAndColumn(text, 2)).toEqual({ line: 1, column: 3 });
    expect(lineAndColumn(text, 3)).toEqual({ line: 2, column: 1 });
    expect(lineAndColumn(text, 8)).toEqual({ line: 4, column: 2 });
  });
});
