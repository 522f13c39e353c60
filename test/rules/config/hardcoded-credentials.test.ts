import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { hardcodedCredentials, sampleLiteralSecrets } from '../../../rules/config/hardcoded-credentials.js';
import { extractFile } from '../../../src/facts/extract.js';
import {
  describeSecretValue,
  knownTokenKind,
  looksLikeSecret,
  tokenPrefixes,
  namedSecretLiteral,
  nameWords,
  queryPassword,
  secretNameKind,
  urlCredential,
} from '../../../src/rule-kit/credentials.js';
import { isLocalConfigScope } from '../../../src/rule-kit/source-literals.js';
import { isPlaceholder, isUnusablePlaceholder } from '../../../src/rule-kit/secrets.js';
import { maskIn } from '../../../src/engine/mask-secret.js';

describeFixtures(hardcodedCredentials);

/** Distinctive middles of the fixture secrets: none may survive masking. */
const SECRET_PARTS = [
  'tlPy2ZDB3znm1RcfQL6qRDym', 'Iz5fJbtfmGsZ6iQio9Zi0EaJHl50', 'Xk9#mP2qL7vR', 'Vq7xLm2pR9tKz4', 'keyboard cat', 'TWFZRmF3aHF4',
  '123456', 'my-app-secret-key', 'rootroot', 'opensesame7', 'hunter22', 's3cret-pass', 'mailbox-pass', 'gopher-signing-key',
  'hard-to-guess-phrase', 'flask-shop-signing-phrase', 'shop-db-pass', 'letmein9', 'replace-me-please', 'prod-db-pass', 'flask-fallback-phrase',
  'cookie_secret_key_here', 'crypto_key_here', 'please-replace',
  'pebble-garden', 'orchard-token', 'quartz-lake', 'harbor-lantern', 'violet-engine', 'mailbag-44', 'cobalt-river',
  'parcel-lantern-key', 'lantern-pass-9', 'hidden-marker', 'q8Zr4LmX2vPt7Kw9Nb3Yc6Hd', 'orchid-signing-phrase', 'orchid-db-pass',
];

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
    expect(secretNameKind('LICENSE_KEY_BASE64')).toBe('secret key');
    expect(secretNameKind('jwtSecretHex')).toBe('secret');
    expect(secretNameKind('existingSecret')).toBeUndefined();
    expect(secretNameKind('x-algolia-api-key')).toBeUndefined();
    expect(secretNameKind('searchApiKey')).toBeUndefined();
    expect(secretNameKind('ALGOLIA_ADMIN_API_KEY')).toBe('API key');
    expect(secretNameKind('client_secret')).toBe('secret');
    expect(secretNameKind('x-api-key')).toBe('API key');
    expect(secretNameKind('passwordLabel')).toBeUndefined();
    expect(secretNameKind('tokenUrl')).toBeUndefined();
    expect(secretNameKind('csrfToken')).toBeUndefined();
    expect(secretNameKind('cacheKey')).toBeUndefined();
    // an analytics client's bare WriteKey only sends events in; another vendor's write key still counts
    expect(secretNameKind('WriteKey')).toBeUndefined();
    expect(secretNameKind('segmentWriteKey')).toBeUndefined();
    expect(secretNameKind('ALGOLIA_WRITE_KEY')).toBe('secret key');
  });

  it('takes words with a few digits for readable, not random-looking', () => {
    expect(looksLikeSecret('POSTGRES_PASSWORD', 'devstorage123')).toBeUndefined();
    expect(namedSecretLiteral('POSTGRES_PASSWORD', 'devstorage123')?.kind).toBe('password');
    expect(looksLikeSecret('POSTGRES_PASSWORD', 'Qm7x-Rt0vz9KpL')?.kind).toBe('password');
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

describe('weak and readable secrets', () => {
  it('counts any working value under a password or secret name, however weak', () => {
    expect(namedSecretLiteral('PASSWORD', '123456')?.kind).toBe('password');
    expect(namedSecretLiteral('Password', 'rootroot')?.kind).toBe('password');
    expect(namedSecretLiteral('DB_PASSWORD', 'postgres')?.kind).toBe('password');
    expect(namedSecretLiteral('secret', 'my-app-secret-key')?.kind).toBe('secret');
    expect(namedSecretLiteral('sessionSecret', 'keyboard cat')?.kind).toBe('secret');
    expect(namedSecretLiteral('JwtSecret', '233')?.kind).toBe('secret');
  });

  it('leaves unusable placeholders, labels, field names and storage keys alone', () => {
    for (const value of ['', '<your-key>', 'changeme', 'change-this', 'xxx', 'your_secret_here', '${DB_PASSWORD}', '...']) {
      expect(namedSecretLiteral('password', value), value).toBeUndefined();
    }
    expect(namedSecretLiteral('password', 'Enter your password')).toBeUndefined();
    expect(namedSecretLiteral('password', 'Mot de passe')).toBeUndefined();
    expect(namedSecretLiteral('password', 'Passwort')).toBeUndefined();
    expect(namedSecretLiteral('password', 'newPassword')).toBeUndefined();
    expect(namedSecretLiteral('noMatchPassword', 'message.no-match-password')).toBeUndefined();
    expect(namedSecretLiteral('password', 'password')).toBeUndefined();
    expect(namedSecretLiteral('ACCESS_TOKEN', 'accessToken')).toBeUndefined();
    expect(namedSecretLiteral('authToken', 'auth_token')).toBeUndefined();
    expect(namedSecretLiteral('secure-random-password', '0.2.3')).toBeUndefined();
    expect(namedSecretLiteral('pwd', '.')).toBeUndefined();
    expect(namedSecretLiteral('password', '!')).toBeUndefined();
    expect(namedSecretLiteral('GOOGLE_DEFAULT_CLIENT_SECRET', 'no')).toBeUndefined();
    expect(namedSecretLiteral('JwtSecret', '42')?.kind).toBe('secret');
    expect(namedSecretLiteral('authMethodOneTimePassword', 'otp')).toBeUndefined();
    expect(namedSecretLiteral('adminPassword', 'ap-2024')?.kind).toBe('password');
  });

  it('tells unusable placeholders from weak values', () => {
    expect(isUnusablePlaceholder('changeme')).toBe(true);
    expect(isUnusablePlaceholder('<your-key>')).toBe(true);
    expect(isUnusablePlaceholder('your_secret_here')).toBe(true);
    expect(isUnusablePlaceholder('you-secret-key')).toBe(true);
    expect(isUnusablePlaceholder('youth-club-42')).toBe(false);
    expect(isUnusablePlaceholder('secret')).toBe(false);
    expect(isUnusablePlaceholder('123456')).toBe(false);
    expect(isUnusablePlaceholder('my-app-secret-key')).toBe(false);
  });

  it('finds passwords in URL query strings', () => {
    expect(queryPassword('mysql://db.internal/app?user=app&password=opensesame7')?.secret).toBe('opensesame7');
    expect(queryPassword('/login?password=')).toBeUndefined();
    expect(queryPassword('https://x.test/?password=${PASSWORD}')).toBeUndefined();
  });

  it('says what a value looks like without showing it', () => {
    expect(describeSecretValue('123456')).toBe('a 6-digit number');
    expect(describeSecretValue('rootroot')).toBe('an 8-character readable literal');
    expect(describeSecretValue('my-app-secret-key')).toBe('a 17-character readable literal');
    expect(describeSecretValue('keyboard cat')).toBe('a 2-word phrase of 12 characters');
    expect(describeSecretValue('8aa05cd613c298b69cd222259e9da5906a9e66db')).toBe('a 40-character random-looking string');
    expect(describeSecretValue('0123456789abcdef0123456789abcdef')).toBe('a 32-character counting sequence');
  });
});

describe('Python and Go settings for a local or test run', () => {
  it('knows which config classes configure a local or test run', () => {
    expect(['DevelopmentConfig', 'TestingConfig', 'LocalSettings', 'DevConfig'].every(isLocalConfigScope)).toBe(true);
    expect(['Config', 'ProductionConfig', 'Devices', 'Latest'].some(isLocalConfigScope)).toBe(false);
  });
});

/**
 * Crafted 1 MiB inputs for every content pattern of the credentials kit: each would backtrack
 * quadratically or exponentially in the old patterns (hours), so finishing within the test timeout
 * shows the scan is linear. No timing is asserted.
 */
describe('linear time on hostile input', () => {
  const MiB = 1 << 20;
  const fill = (unit: string) => unit.repeat(Math.ceil(MiB / unit.length));

  it('PEM private keys: an unterminated block of escaped newlines, and many headers', () => {
    expect(knownTokenKind(`-----BEGIN PRIVATE KEY-----${fill('\\n')}`)).toBeUndefined();
    expect(knownTokenKind(fill('-----BEGIN RSA PRIVATE KEY-----'))).toBeUndefined();
    expect(knownTokenKind(`${fill('-----BEGIN PRIVATE KEY-----')}-----END PRIVATE KEY-----`)).toBeUndefined();
  });

  it('URL passwords: long scheme-like runs and many separators', () => {
    expect(urlCredential(fill('a.'))).toBeUndefined();
    expect(urlCredential(fill('a+'))).toBeUndefined();
    expect(urlCredential(fill('a://b:'))).toBeUndefined();
    expect(queryPassword(fill('?password='))).toBeUndefined();
    expect(queryPassword(fill('&pass'))).toBeUndefined();
  });

  it('name words: a long run of capitals', () => {
    expect(nameWords(fill('A'))).toHaveLength(1);
    expect(secretNameKind(`${fill('AB')}Token`)).toBe('token');
  });

  it('placeholder words: unclosed template brackets', () => {
    for (const unit of ['<', '${', '{{', '%(']) expect(isPlaceholder(`${fill(unit)}z`)).toBe(false);
    expect(isUnusablePlaceholder(`${fill('<')}z`)).toBe(false);
    expect(describeSecretValue(`${fill('aB')}1!`)).toContain('character');
  });

  it('masking: a short secret after a long whitespace run', () => {
    expect(maskIn(`key:${' '.repeat(MiB)}ab`, ['ab']).endsWith('****')).toBe(true);
    expect(maskIn(fill('= ab '), ['ab'])).not.toContain('ab');
  });
});

describe('error messages under secret names', () => {
  it('are prose, not passphrases', () => {
    expect(namedSecretLiteral('ErrInvalidPassword', 'invalid password')).toBeUndefined();
    expect(namedSecretLiteral('WRONG_SECRET', 'wrong secret')).toBeUndefined();
    expect(namedSecretLiteral('sessionSecret', 'keyboard cat')).toBeDefined();
  });
});

describe('secrets written with escapes', () => {
  it('are read: a file whose raw text holds only `\\u` escapes is still a candidate', async () => {
    const { mkdtempSync, mkdirSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const root = mkdtempSync(join(tmpdir(), 'twelve-audit-escaped-'));
    mkdirSync(join(root, 'src'));
    writeFileSync(join(root, 'package.json'), '{ "name": "escaped", "version": "1.0.0" }');
    writeFileSync(join(root, 'src/pay.js'), 'const stripe = "\\u0073\\u006b\\u005f\\u006cive_Qm7Rt2Wx9Kp4Zn8Lb3Vc6Hs1";\nmodule.exports = stripe;\n');
    const findings = findingsOf(hardcodedCredentials, root);
    expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.messageId}`)).toEqual(['src/pay.js:1 secretLiteral']);
  });
});

describe('provider tokens by their prefixes', () => {
  /** One made-up token of each format, high in entropy: each must still be found once its prefix is looked for first. */
  const EXAMPLES: Record<string, string> = {
    'AWS access key ID': 'ASIAQ3RZ7XK2LMPW4NVB',
    'GitHub token': `gho_${'Qm7Rt2Wx9Kp4Zn8Lb3Vc6Hs1Jd5Fg0Ae4Tu7Yi'.slice(0, 36)}`,
    'GitLab token': 'glpat-Ab3dE5gH7jK9mN1pQ3sT',
    'Slack token': 'xoxb-4821937465-Qm7Rt2Wx9Kp4',
    'Slack webhook URL': 'https://hooks.slack.com/services/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',
    'Stripe live secret key': 'sk_live_tlPy2ZDB3znm1RcfQL6qRDym',
    'Stripe live restricted key': 'rk_live_tlPy2ZDB3znm1RcfQL6qRDym',
    'Stripe test secret key': 'sk_test_z8b8OI17bU47JX5KI3oLepjM',
    'Anthropic API key': 'sk-ant-Qm7Rt2Wx9Kp4Zn8Lb3Vc6Hs1Jd5Fg0Ae4T',
    'OpenAI API key': 'sk-Qm7Rt2Wx9Kp4Zn8Lb3Vc6Hs1Jd5Fg0Ae4Tu7Yi2Op9Lk3MxZ',
    'Google API key': 'AIzaSyQm7Rt2Wx9Kp4Zn8Lb3Vc6Hs1Jd5Fg0AeX',
    'SendGrid API key': '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',
    'Twilio API key': 'SK3f9a2c7e1b8d4f6a0c5e9b2d7f1a3c8e',
    'npm access token': 'npm_Qm7Rt2Wx9Kp4Zn8Lb3Vc6Hs1Jd5Fg0Ae4Tu7',
  };

  it('finds each format, and each holds one of the prefixes a test file is looked into for', () => {
    const prefixes = tokenPrefixes([]);
    for (const [kind, token] of Object.entries(EXAMPLES)) {
      expect(knownTokenKind(`token = ${token};`)?.kind, kind).toBe(kind);
      expect(prefixes.some((prefix) => token.includes(prefix)), kind).toBe(true);
    }
  });

  it('are the only literals a test file is parsed for: one without a prefix or an escape is not handed to the extractor', () => {
    const test = (text: string) => extractFile({ path: 'test/pay.test.js', language: 'javascript', role: 'test', text }, [sampleLiteralSecrets]);
    expect(test("const password = 'hunter22';\nfunction (\n")).toEqual({ ok: true, facts: {} });
    const found = test(`const stripe = '${EXAMPLES['Stripe live secret key']}';\n`);
    expect(found.ok && found.facts[sampleLiteralSecrets.name]).toEqual([
      { span: { line: 1, column: 16, endLine: 1, endColumn: 50 }, inSamples: { messageId: 'secretLiteral', match: expect.objectContaining({ kind: 'Stripe live secret key' }), name: 'stripe' } },
    ]);
    // Written with an escape, the token's prefix is not in the raw text: the backslash is.
    const escaped = test('const stripe = "\\u0073k_live_tlPy2ZDB3znm1RcfQL6qRDym";\n');
    expect(escaped.ok && escaped.facts[sampleLiteralSecrets.name]).toMatchObject([{ inSamples: { match: { kind: 'Stripe live secret key' } } }]);
  });
});
