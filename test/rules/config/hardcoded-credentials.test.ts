import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { hardcodedCredentials } from '../../../rules/config/hardcoded-credentials.js';
import { knownTokenKind, looksLikeSecret, secretNameKind, urlCredential } from '../../../src/rule-kit/credentials.js';

describeFixtures(hardcodedCredentials);

/** Distinctive middles of the fixture secrets: none may survive masking. */
const SECRET_PARTS = ['tlPy2ZDB3znm1RcfQL6qRDym', 'Iz5fJbtfmGsZ6iQio9Zi0EaJHl50', 'Xk9#mP2qL7vR', 'Vq7xLm2pR9tKz4', 'keyboard cat', 'TWFZRmF3aHF4'];

describe('config/hardcoded-credentials masking', () => {
  const failCases = join(FIXTURES, hardcodedCredentials.id, 'fail');
  for (const name of readdirSync(failCases)) {
    it(`fail/${name} never shows a secret in clear`, () => {
      for (const finding of findingsOf(hardcodedCredentials, join(failCases, name))) {
        const shown = `${finding.message} ${finding.snippet ?? ''} ${JSON.stringify(finding.data ?? {})}`;
        for (const part of SECRET_PARTS) expect(shown).not.toContain(part);
        expect(shown).toContain('****');
      }
    });
  }
});

describe('credentials catalogue', () => {
  it('names well-known token formats and leaves their placeholders alone', () => {
    expect(knownTokenKind('sk_live_tlPy2ZDB3znm1RcfQL6qRDym')?.kind).toBe('Stripe live secret key');
    expect(knownTokenKind('sk_test_z8b8OI17bU47JX5KI3oLepjM')?.severity).toBe('note');
    expect(knownTokenKind('glpat-Ab3dE5gH7jK9mN1pQ3sT')?.kind).toBe('GitLab token');
    expect(knownTokenKind('sk_live_xxxxxxxxxxxxxxxxxxxxxxxx')).toBeUndefined();
    expect(knownTokenKind('AKIAIOSFODNN7EXAMPLE')).toBeUndefined();
    expect(knownTokenKind('-----BEGIN PRIVATE KEY-----')).toBeUndefined();
  });

  it('judges secret names by their last words', () => {
    expect(secretNameKind('DB_PASSWORD')).toBe('password');
    expect(secretNameKind('client_secret')).toBe('secret');
    expect(secretNameKind('x-api-key')).toBe('API key');
    expect(secretNameKind('passwordLabel')).toBeUndefined();
    expect(secretNameKind('tokenUrl')).toBeUndefined();
    expect(secretNameKind('csrfToken')).toBeUndefined();
    expect(secretNameKind('cacheKey')).toBeUndefined();
  });

  it('wants a real-looking value under a secret name', () => {
    expect(looksLikeSecret('password', 'Xk9#mP2qL7vR')?.kind).toBe('password');
    expect(looksLikeSecret('password', 'Enter your password')).toBeUndefined();
    expect(looksLikeSecret('apiKey', 'API_KEY')).toBeUndefined();
    expect(looksLikeSecret('token', '${API_TOKEN}')).toBeUndefined();
    expect(looksLikeSecret('secret', 'your-secret-here')).toBeUndefined();
    expect(looksLikeSecret('title', 'Xk9#mP2qL7vR')).toBeUndefined();
  });

  it('finds passwords in URLs but not defaults or references', () => {
    expect(urlCredential('amqp://app:Vq7xLm2pR9tKz4@mq.internal:5672')?.password).toBe('Vq7xLm2pR9tKz4');
    expect(urlCredential('postgres://postgres:postgres@localhost/app')).toBeUndefined();
    expect(urlCredential('postgres://app:${DB_PASSWORD}@db/app')).toBeUndefined();
    expect(urlCredential('https://user@example.com')).toBeUndefined();
  });
});
