import { describe, expect, it } from 'vitest';
import { FileMasks, MaskedTexts, SecretMask } from '../../src/engine/mask.js';

describe('SecretMask', () => {
  it('masks long secrets everywhere and short ones where they stand as a value, longest first', () => {
    const mask = new SecretMask(['sk_live_4eC39HqLyjWDarjtT1zdp7dc', 'sk_live_4eC39', 'admin']);
    expect(mask.mask('key = "sk_live_4eC39HqLyjWDarjtT1zdp7dc" // sk_live_4eC39HqLyjWDarjtT1zdp7dc')).toBe('key = "sk_live_4e****" // sk_live_4e****');
    expect(mask.mask('PASSWORD=admin # the admin password')).toBe('PASSWORD=**** # the admin password');
  });

  it('finds a secret written with escapes and masks the characters it was written with', () => {
    const mask = new SecretMask(['sk_live_4eC39HqLyjWDarjtT1zdp7dc']);
    expect(mask.mask('const k = "\\u0073k_live_4eC39HqLyjWDarjtT1zdp7dc";')).toBe('const k = "sk_live_4e****";');
    expect(mask.mask('const k = "\\x73\\u{6b}_live_4eC39HqLyjWDarjtT1zdp7\\u0064c";')).toBe('const k = "sk_live_4e****";');
  });

  it('keeps the line breaks of a multi-line secret, so line numbers do not move', () => {
    const mask = new SecretMask(['-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----']);
    const text = 'const key = `-----BEGIN KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END KEY-----`;\nnext();';
    expect(mask.mask(text)).toBe('const key = `--****\n\n`;\nnext();');
  });

  it('masks a file with 20,000 secrets sharing a prefix, line by line, in one pass per line', () => {
    // Masking each line with every secret of the file (sorted per line) is 20,000 × 20,000 scans: hours.
    const secrets = Array.from({ length: 20_000 }, (_, index) => `sk_live_${String(index).padStart(24, '0')}`);
    const mask = new FileMasks(new Map([['config/keys.yml', new Set(secrets)]])).of('config/keys.yml');
    const masked = secrets.map((secret, index) => mask.mask(`key${index}: "${secret}"`));
    expect(masked[19_999]).toBe('key19999: "sk_live_00****"');
    expect(masked.some((line) => line.includes('0000000'))).toBe(false);
  });
});

describe('MaskedTexts', () => {
  it('masks a file\'s secrets and its secret shapes, keeping its lines', () => {
    const texts = new MaskedTexts(new FileMasks(new Map([['.env', new Set(['hunter22'])]])), () => 'A=hunter22\r\nURL=redis://:s3cr3t@cache\r\n# comment\n');
    expect(texts.text('.env')).toBe('A=****\r\nURL=****\r\n# comment\n');
    expect(texts.message('.env', 'password hunter22 in "redis://:s3cr3t@cache"')).toBe('password hunter22 in "redis://:****@cache"');
  });
});
