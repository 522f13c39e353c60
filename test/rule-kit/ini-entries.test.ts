import { describe, expect, it } from 'vitest';
import { iniEntries } from '../../src/rule-kit/endpoints.js';

describe('iniEntries', () => {
  it('reads sections, keys, values and their positions, without trailing blanks or comments', () => {
    const text = ['[database]', 'Host = db.internal   ', 'Password = "s3cret" # quoted', 'Port = 5432 ; inline', 'Name=app'].join('\n');
    expect(iniEntries(text)).toEqual([
      { section: 'database', key: 'Host', value: 'db.internal', line: 2, column: 8 },
      { section: 'database', key: 'Password', value: 's3cret', line: 3, column: 13 },
      { section: 'database', key: 'Port', value: '5432', line: 4, column: 8 },
      { section: 'database', key: 'Name', value: 'app', line: 5, column: 6 },
    ]);
  });

  it('reads a 1 MiB line of blanks in linear time (a backtracking pattern would not finish within the test timeout)', () => {
    const hostile = `key = a${' '.repeat(1024 * 1024)}b`;
    expect(iniEntries(hostile)).toEqual([{ section: '', key: 'key', value: `a${' '.repeat(1024 * 1024)}b`, line: 1, column: 7 }]);
    const commented = `key = a${' \t'.repeat(512 * 1024)}`;
    expect(iniEntries(commented)[0]?.value).toBe('a');
  });
});
