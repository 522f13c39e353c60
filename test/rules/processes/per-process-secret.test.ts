import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { isSigningSecretName, isStartupFunctionName } from '../../../src/rule-kit/index.js';
import { perProcessSecret } from '../../../rules/processes/per-process-secret.js';

const CASES = join(FIXTURES, 'processes/per-process-secret');

describeFixtures(perProcessSecret);

describe('processes/per-process-secret', () => {
  it('names the holder, the generator and the variable a random fallback stands in for', () => {
    const findings = findingsOf(perProcessSecret, join(CASES, 'fail/js-startup-secrets'));
    expect(findings.map(({ file, line, messageId, data }) => ({ file, line, messageId, data }))).toEqual([
      { file: 'src/auth/oidc.ts', line: 8, messageId: 'generated', data: { holder: 'privateKey', generator: 'generateKeyPair' } },
      { file: 'src/auth/tokens.ts', line: 4, messageId: 'generated', data: { holder: 'jwtSecret', generator: 'randomUUID' } },
      { file: 'src/auth/tokens.ts', line: 9, messageId: 'generated', data: { holder: 'refreshSecret', generator: 'randomBytes' } },
      { file: 'src/koa.js', line: 5, messageId: 'generated', data: { holder: 'app.keys', generator: 'uuidv4' } },
      { file: 'src/push.js', line: 13, messageId: 'persisted', data: { holder: 'this.vapidKeys', generator: 'webPush.generateVAPIDKeys' } },
      { file: 'src/server.js', line: 9, messageId: 'fallback', data: { holder: 'SESSION_SECRET', generator: 'crypto.randomBytes', setting: 'SESSION_SECRET' } },
      { file: 'src/server.js', line: 13, messageId: 'generated', data: { holder: 'keys', generator: 'crypto.randomBytes' } },
      { file: 'src/server.js', line: 16, messageId: 'generated', data: { holder: 'csrfSecret', generator: 'Math.random' } },
    ]);
  });

  it('reads Django and Flask settings, app factories and gorilla cookie stores', () => {
    const python = findingsOf(perProcessSecret, join(CASES, 'fail/python-settings'));
    expect(python.map(({ file, line, data }) => `${file}:${line} ${String(data?.holder)} ${String(data?.setting ?? '')}`)).toEqual([
      'mysite/settings.py:9 SECRET_KEY DJANGO_SECRET_KEY',
      'mysite/settings.py:11 SIMPLE_JWT_SIGNING_KEY ',
      'webapp/__init__.py:8 SECRET_KEY FLASK_SECRET_KEY',
      'webapp/__init__.py:15 app.secret_key ',
      'webapp/__init__.py:16 app.config["JWT_SECRET_KEY"] ',
    ]);
    const go = findingsOf(perProcessSecret, join(CASES, 'fail/go-cookie-store'));
    expect(go.map(({ line, data }) => `${line} ${String(data?.holder)}`)).toEqual(['13 hashKey', '18 jwtSecret', '24 the key given to sessions.NewCookieStore']);
  });

  it('takes signing-key names, not credentials handed out', () => {
    for (const name of ['SESSION_SECRET', 'jwtSecret', 'secret', 'SECRET_KEY', 'secret_key', 'signingKey', 'privateKey', 'cookieKeys', 'hashKey', 'jwks']) {
      expect(isSigningSecretName(name), name).toBe(true);
    }
    for (const name of ['clientSecret', 'otpSecret', 'apiKey', 'token', 'resetToken', 'publicKey', 'cacheKey', 'keys', 'secretName', 'password']) {
      expect(isSigningSecretName(name), name).toBe(false);
    }
  });

  it('knows startup functions by name', () => {
    for (const name of ['main', 'init', 'bootstrap', 'createApp', 'create_app', 'expressCreateServer', 'setupServer']) expect(isStartupFunctionName(name), name).toBe(true);
    for (const name of ['started', 'generate', 'createUser', 'initials', 'makeClientCertificate']) expect(isStartupFunctionName(name), name).toBe(false);
  });
});
