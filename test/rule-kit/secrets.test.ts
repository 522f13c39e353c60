import { describe, expect, it } from 'vitest';
import { maskIn, maskSecret } from '../../src/engine/mask-secret.js';
import { formatMessage, redactSecretShapes } from '../../src/engine/format.js';

describe('maskSecret', () => {
  it('keeps a well-known prefix and two characters of a long secret', () => {
    expect(maskSecret('sk_live_51H8xKJL2eZvKYlo2C9dQ8rT3mN4pB7wX')).toBe('sk_live_51****');
    expect(maskSecret('hunter2')).toBe('****');
  });
});

describe('maskIn', () => {
  it('masks a long secret wherever it appears', () => {
    expect(maskIn('key=abcdef1234567890 and again abcdef1234567890', ['abcdef1234567890'])).toBe('key=ab**** and again ab****');
  });

  it('masks a short secret only where it stands as a value, so keys and prose stay readable', () => {
    expect(maskIn("session({ secret: 'secret' })", ['secret'])).toBe("session({ secret: '****' })");
    expect(maskIn('PASSWORD=admin # the admin password', ['admin'])).toBe('PASSWORD=**** # the admin password');
    expect(maskIn('postgres://app:pw123@db/app', ['pw123'])).toBe('postgres://app:****@db/app');
  });
});

describe('formatMessage', () => {
  it('fills placeholders and leaves unknown ones', () => {
    expect(formatMessage('{{kind}} hard-coded in "{{name}}" ({{missing}})', { kind: 'signing secret', name: 'secret' })).toBe(
      'signing secret hard-coded in "secret" ({{missing}})',
    );
  });
});

describe('redactSecretShapes', () => {
  it('masks URL passwords everywhere and every value of a .env file', () => {
    expect(redactSecretShapes("const url = 'redis://:s3cr3t@cache:6379';", 'src/a.js')).toBe("const url = 'redis://:****@cache:6379';");
    expect(redactSecretShapes('API_TOKEN=abc', '.env.production')).toBe('API_TOKEN=****');
    expect(redactSecretShapes('API_TOKEN=abc', 'config/settings.ini')).toBe('API_TOKEN=abc');
  });
});
