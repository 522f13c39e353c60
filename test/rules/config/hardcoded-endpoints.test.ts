import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { hardcodedEndpoints } from '../../../rules/config/hardcoded-endpoints.js';
import { classifyEndpoint, HOLE, iniEntries, isBackingServiceSetting, isIniConfigPath } from '../../../src/rule-kit/endpoints.js';

describeFixtures(hardcodedEndpoints);

describe('classifyEndpoint', () => {
  it('knows deploy-specific addresses', () => {
    expect(classifyEndpoint('http://localhost:3000')?.kind).toBe('local');
    expect(classifyEndpoint('172.20.0.5:5432')?.kind).toBe('privateNetwork');
    expect(classifyEndpoint('172.32.0.5:5432')).toBeUndefined();
    expect(classifyEndpoint('db:5432')?.kind).toBe('internalHost');
    expect(classifyEndpoint('http://payments.internal/v1')?.kind).toBe('internalHost');
    expect(classifyEndpoint('mongodb+srv://cluster0.abc.mongodb.net/app')?.what).toBe('mongodb connection string');
    expect(classifyEndpoint(`http://localhost:${HOLE}`)?.kind).toBe('local');
    expect(classifyEndpoint('https://api.sandbox.paymentco.com/v1/token')?.kind).toBe('sandboxHost');
    expect(classifyEndpoint('https://sandbox-books.api.vendor.com')?.kind).toBe('sandboxHost');
  });

  it('does not take a sandbox word in a path or a two-label domain for a sandbox host', () => {
    expect(classifyEndpoint('https://docs.vendor.com/sandbox/accounts')).toBeUndefined();
    expect(classifyEndpoint('https://sandbox.io/play')).toBeUndefined();
  });

  it('leaves public, placeholder, prose and bind addresses alone', () => {
    expect(classifyEndpoint('https://api.github.com')).toBeUndefined();
    expect(classifyEndpoint('postgres://user:pass@host:5432/db')).toBeUndefined();
    expect(classifyEndpoint(`http://${HOLE}:3000`)).toBeUndefined();
    expect(classifyEndpoint('open http://localhost:3000 in a browser')).toBeUndefined();
    expect(classifyEndpoint('0.0.0.0:8080')).toBeUndefined();
    expect(classifyEndpoint('localhost')).toBeUndefined();
    expect(classifyEndpoint('localhost', true)?.kind).toBe('local');
    expect(classifyEndpoint('app:1234')).toBeUndefined();
  });
});

describe('iniEntries', () => {
  it('reads sections, keys and unquoted values with their positions, skipping comments', () => {
    const entries = iniEntries('; top\n[database]\nHost = 127.0.0.1:3306\n# note\nName = "blog" # inline\n');
    expect(entries).toEqual([
      { section: 'database', key: 'Host', value: '127.0.0.1:3306', line: 3, column: 8 },
      { section: 'database', key: 'Name', value: 'blog', line: 5, column: 9 },
    ]);
  });

  it('knows backing-service settings and runtime config files', () => {
    expect(isBackingServiceSetting('redis', 'Host')).toBe(true);
    expect(isBackingServiceSetting('app', 'DB_HOST')).toBe(true);
    expect(isBackingServiceSetting('app', 'smtpHost')).toBe(true);
    expect(isBackingServiceSetting('app', 'PrefixUrl')).toBe(false);
    expect(isIniConfigPath('conf/app.ini')).toBe(true);
    expect(isIniConfigPath('setup.cfg')).toBe(false);
    expect(isIniConfigPath('pyproject.toml')).toBe(false);
  });
});
