/**
 * What a secret looks like: a catalogue of well-known token formats, credentials inside URLs, and
 * secret-named keys with real-looking values. Shared by every rule that asks "is this a secret?"
 * (hard-coded credentials, committed .env files, config baked into images). Pure string logic.
 */
import type { Severity } from '../types.js';
import { isLoopbackHost } from './endpoints.js';
import { entropy, isPlaceholder, isUnusablePlaceholder } from './secrets.js';
import { nameWords } from '../util/name-words.js';

export interface SecretMatch {
  /** What it is, for messages: "Stripe live secret key", "password in connection string". */
  kind: string;
  /** The exact text to mask wherever it would be shown. */
  secret: string;
  /** Set when the format is a weaker case than the rule's severity (a test key, a browser key). */
  severity?: Severity;
}

interface TokenFormat {
  kind: string;
  /** Every match of `pattern` contains one of these (case-sensitive): a value holding none is not looked at further. */
  prefixes: readonly string[];
  pattern: RegExp;
  severity?: Severity;
  /** Extra test on the matched text, for formats whose prefix alone is too common. */
  accept?: (match: string) => boolean;
}

/** A PEM private-key header; the body and `-----END` are found by indexOf (see `privateKeyBlock`). */
const PEM_PRIVATE_KEY_HEADER = /-----BEGIN (?:[A-Z0-9]{1,20} ){0,4}PRIVATE KEY(?: BLOCK)?-----/g;
const PEM_END = '-----END';
/** The longest body a PEM block is looked for in (an RSA 4096 key with `\\n` escapes fits). */
const PEM_MAX_BODY = 8000;

/** Most specific first: `sk-ant-` before the generic OpenAI `sk-`. */
const TOKEN_FORMATS: readonly TokenFormat[] = [
  { kind: 'AWS access key ID', prefixes: ['AKIA', 'ASIA', 'ABIA', 'ACCA'], pattern: /\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b/ },
  { kind: 'GitHub token', prefixes: ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'github_pat_'], pattern: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{50,255})\b/ },
  { kind: 'GitLab token', prefixes: ['glpat-'], pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  // Slack's tokens carry a numeric id after the type (`xoxb-1234...-...`); `xoxb-test-token` is a name.
  { kind: 'Slack token', prefixes: ['xox'], pattern: /\bxox[abposre]-\d[A-Za-z0-9-]{9,}/ },
  { kind: 'Slack webhook URL', prefixes: ['https://hooks.slack.com/services/'], pattern: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{16,}/ },
  { kind: 'Stripe live secret key', prefixes: ['sk_live_'], pattern: /\bsk_live_[A-Za-z0-9]{20,}/ },
  { kind: 'Stripe live restricted key', prefixes: ['rk_live_'], pattern: /\brk_live_[A-Za-z0-9]{20,}/ },
  { kind: 'Stripe test secret key', prefixes: ['sk_test_'], pattern: /\bsk_test_[A-Za-z0-9]{20,}/, severity: 'note' },
  { kind: 'Anthropic API key', prefixes: ['sk-ant-'], pattern: /\bsk-ant-[A-Za-z0-9_-]{32,}/ },
  {
    kind: 'OpenAI API key',
    prefixes: ['sk-'],
    pattern: /\bsk-(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{48})\b/,
    // `sk-` also starts slugs and CSS classes: a key mixes cases and digits at random.
    accept: (match) => /\d/.test(match) && /[a-z]/.test(match) && /[A-Z]/.test(match) && entropy(match) >= 4,
  },
  // Browser keys (Firebase, Maps) ship to clients on purpose and are restricted by referrer.
  { kind: 'Google API key', prefixes: ['AIza'], pattern: /\bAIza[0-9A-Za-z_-]{35}(?![0-9A-Za-z_-])/, severity: 'warning' },
  { kind: 'SendGrid API key', prefixes: ['SG.'], pattern: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/ },
  { kind: 'Twilio API key', prefixes: ['SK'], pattern: /\bSK[0-9a-f]{32}\b/ },
  { kind: 'npm access token', prefixes: ['npm_'], pattern: /\bnpm_[A-Za-z0-9]{36}\b/ },
  { kind: 'JSON Web Token', prefixes: ['eyJ'], pattern: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}/, accept: isPrivateJwt },
];

/**
 * What a value holding a provider token of a kind other than `except` contains: one of these
 * strings (`knownTokenKind` finds no such token in a value without any).
 */
export function tokenPrefixes(except: readonly string[]): string[] {
  return TOKEN_FORMATS.filter((format) => !except.includes(format.kind)).flatMap((format) => format.prefixes);
}

/**
 * Supabase `anon` keys are public by design and `supabase-demo` keys are the documented local
 * defaults: neither grants anything a reader could not get anyway.
 */
function isPrivateJwt(token: string): boolean {
  const payload = token.split('.')[1] ?? '';
  let claims: unknown;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
  } catch {
    return false;
  }
  if (typeof claims !== 'object' || claims === null) return false;
  const { role, iss } = claims as { role?: unknown; iss?: unknown };
  return role !== 'anon' && iss !== 'supabase-demo';
}

/** A well-known token format inside `value` (AWS, GitHub, Stripe, PEM private keys, JWTs ...). */
export function knownTokenKind(value: string): SecretMatch | undefined {
  const pem = privateKeyBlock(value);
  if (pem) return pem;
  for (const format of TOKEN_FORMATS) {
    if (!format.prefixes.some((prefix) => value.includes(prefix))) continue;
    const match = format.pattern.exec(value)?.[0];
    if (match === undefined || isPlaceholderToken(match) || entropy(match) < 3) continue;
    if (format.accept && !format.accept(match)) continue;
    return { kind: format.kind, secret: match, ...(format.severity && { severity: format.severity }) };
  }
  return undefined;
}

/**
 * A PEM private key with a body: the bare `-----BEGIN ... PRIVATE KEY-----` marker is only a format check.
 * Linear: each header is found once, and the next `-----END` is looked up again only once the
 * headers have passed it (a pattern such as `BEGIN...((?:\\n|[\s\S])*?)END` backtracks
 * exponentially on `\\n` runs with no END).
 */
function privateKeyBlock(value: string): SecretMatch | undefined {
  // Asked of every literal: most hold no header at all, and need no regex of their own.
  if (!value.includes('PRIVATE KEY')) return undefined;
  const headers = new RegExp(PEM_PRIVATE_KEY_HEADER.source, 'g');
  let end = -1;
  for (let header = headers.exec(value); header; header = headers.exec(value)) {
    const bodyStart = header.index + header[0].length;
    if (end < bodyStart) end = value.indexOf(PEM_END, bodyStart);
    if (end < 0) return undefined;
    if (end - bodyStart > PEM_MAX_BODY) continue;
    // A passphrase-encrypted key (`BEGIN ENCRYPTED PRIVATE KEY`, `Proc-Type: 4,ENCRYPTED`) is useless without its passphrase.
    if (header[0].includes('ENCRYPTED') || value.slice(bodyStart, end).includes('ENCRYPTED')) continue;
    const body = value.slice(bodyStart, end).replace(/\\[nr]|\s/g, '');
    if (!/[A-Za-z0-9+/]{40}/.test(body) || isPlaceholderToken(body)) continue;
    return { kind: 'private key', secret: value.slice(header.index, end + PEM_END.length) };
  }
  return undefined;
}

/** A token-shaped placeholder: `sk_live_xxxxxxxx`, `ghp_...`, `AKIAIOSFODNN7EXAMPLE`. */
function isPlaceholderToken(match: string): boolean {
  return isPlaceholder(match) || /x{4,}|X{4,}|\*{3,}|\.{3}|0{8,}|(?:1234567|abcdefg)/i.test(match);
}

/** The lines of a secret long enough to be worth masking one by one (a PEM block spans many lines). */
export function secretLines(secret: string): string[] {
  const lines = secret.split(/\\n|\r?\n/).map((line) => line.trim());
  return [secret, ...lines.filter((line) => line.length >= 16 && line !== secret)];
}

// ---------------------------------------------------------------------------------------------
// Credentials in URLs

export interface UrlCredential {
  scheme: string;
  user: string;
  password: string;
  host: string;
}

/** Characters that end a URL's authority (`user:password@host`) as the credential check reads it. */
const AUTHORITY_END = /[\s/?#'"`]/;
const SCHEME_CHAR = /[a-z0-9+.-]/i;
/** Longest scheme looked for before `://` (`postgresql+asyncpg` is 18). */
const MAX_SCHEME = 32;

/**
 * The first `scheme://user:password@host` in `value`, split. Walks the `://` occurrences with indexOf:
 * a single pattern (`\b[a-z][a-z0-9+.-]*:\/\/...`) rescans from every word boundary of a long
 * `a.a.a.a` run, quadratic on 1 MiB.
 */
function urlWithPassword(value: string): { scheme: string; user: string; password: string; host: string } | undefined {
  for (let separator = value.indexOf('://'); separator >= 0; separator = value.indexOf('://', separator + 3)) {
    let start = separator;
    while (start > 0 && separator - start < MAX_SCHEME && SCHEME_CHAR.test(value.charAt(start - 1))) start -= 1;
    while (start < separator && !/[a-z]/i.test(value.charAt(start))) start += 1;
    if (start === separator || (start > 0 && /\w/.test(value.charAt(start - 1)))) continue;
    const authorityStart = separator + 3;
    let authorityEnd = authorityStart;
    while (authorityEnd < value.length && !AUTHORITY_END.test(value.charAt(authorityEnd))) authorityEnd += 1;
    const authority = value.slice(authorityStart, authorityEnd);
    const at = authority.indexOf('@');
    const colon = authority.indexOf(':');
    if (at < 0 || colon < 0 || colon > at) continue;
    const password = authority.slice(colon + 1, at);
    const host = /^[^:,]+/.exec(authority.slice(at + 1))?.[0] ?? '';
    if (password === '' || host === '') continue;
    return { scheme: value.slice(start, separator), user: authority.slice(0, colon), password, host };
  }
  return undefined;
}

/**
 * Default passwords of local images and tutorials (`postgres:postgres@`, `guest:guest@`): whoever
 * reads them learns nothing, and the URL itself is hardcoded-endpoints' finding.
 */
const DEFAULT_PASSWORDS = new Set([
  'postgres', 'postgresql', 'mysql', 'mariadb', 'root', 'admin', 'guest', 'password', 'pass', 'passwd', 'secret', 'user',
  'test', 'dev', 'docker', 'mongo', 'mongodb', 'redis', 'rabbitmq', 'example', 'default', 'sa', 'prisma', 'keycloak',
  'minio', 'minioadmin', 'changeme', 'letmein',
]);

/**
 * A password slot holding a reference or a format, not a password: `${DB_PASSWORD}`, `%s`, `{{pass}}`,
 * and a Python format field filled in at run time (`f'postgresql://user:{password}@db'`).
 */
function isPasswordReference(password: string): boolean {
  return /^[$%:]|\$\{|\{\{|%[sd(]|^\{[A-Za-z_][\w.]*\}$/.test(password);
}

/** The throwaway password of a local image or tutorial: a default word, the user name again, a short number. */
function isDefaultPassword({ user, password }: { user: string; password: string }): boolean {
  const decoded = safeDecode(password);
  return DEFAULT_PASSWORDS.has(decoded.toLowerCase()) || decoded === user || /^\d{1,8}$/.test(decoded);
}

/** `scheme://user:password@host` with a real-looking password, not `${DB_PASSWORD}` or `postgres:postgres`. */
export function urlCredential(value: string): UrlCredential | undefined {
  const match = urlWithPassword(value);
  if (!match || isPasswordReference(match.password) || isPlaceholderSecret(safeDecode(match.password)) || isDefaultPassword(match)) return undefined;
  const { scheme, user, password, host } = match;
  return { scheme: scheme.toLowerCase(), user, password, host };
}

/** The kinds of a password written into an address: whatever holds it, its shape says it is one. */
export const CONNECTION_STRING_PASSWORD = 'password in connection string';
export const URL_QUERY_PASSWORD = 'password in a URL query';

/**
 * A password written into a connection URL the app itself uses, however weak (`postgres:postgres@db`):
 * in its runtime code or config that is the database's password (LABELLING.md: a weak secret is the
 * guessable kind), unless it is a reference, a placeholder that cannot work, or a default password
 * of a database on the developer's own machine (`postgres:postgres@localhost`).
 */
export function urlPasswordLiteral(value: string): SecretMatch | undefined {
  const found = urlWithPassword(value);
  if (!found || isPasswordReference(found.password) || isPlaceholderSecret(safeDecode(found.password))) return undefined;
  if (isLoopbackHost(found.host) && isDefaultPassword(found)) return undefined;
  return { kind: CONNECTION_STRING_PASSWORD, secret: found.password };
}

/** `host=db user=app password=s3cret dbname=app`: the libpq keyword/value DSN (also Go's pq and pgx). */
const KEYWORD_DSN_PASSWORD = /(?:^|\s)password=(?:'((?:[^'\\]|\\.)*)'|([^\s']+))/i;
const KEYWORD_DSN_FIELD = /(?:^|\s)(?:host|hostaddr|user|dbname)=/i;

/**
 * The password of a keyword/value DSN, judged as a URL's is by `urlPasswordLiteral`: however weak,
 * unless it is a reference (`password=%s`), a placeholder that cannot work, or a default password of
 * a database on the developer's own machine (`host=localhost user=postgres password=postgres`).
 */
export function keywordDsnPassword(value: string): SecretMatch | undefined {
  if (!KEYWORD_DSN_FIELD.test(value)) return undefined;
  const match = KEYWORD_DSN_PASSWORD.exec(value);
  const password = match?.[1] ?? match?.[2];
  if (password === undefined || isPasswordReference(password) || isUnusablePlaceholder(password)) return undefined;
  const host = /(?:^|\s)host(?:addr)?=([^\s]+)/i.exec(value)?.[1] ?? 'localhost';
  const user = /(?:^|\s)user=([^\s]+)/i.exec(value)?.[1] ?? '';
  if (host.split(',').every(isLoopbackHost) && isDefaultPassword({ user, password })) return undefined;
  return { kind: CONNECTION_STRING_PASSWORD, secret: password };
}

/**
 * The password of the first `scheme://user:password@host` in `value`, whatever it is (`postgres`,
 * the user name again); undefined when there is none or it is a reference (`${DB_PASSWORD}`).
 */
export function anyUrlPassword(value: string): string | undefined {
  const password = urlWithPassword(value)?.password;
  return password === undefined || isPasswordReference(password) ? undefined : password;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

// ---------------------------------------------------------------------------------------------
// Secret-named keys and variables

export { nameWords };

/** Words that make a `...key` a secret: `apiKey`, `SECRET_KEY`, `signingKey`; not `cacheKey`, `primaryKey`. */
const SECRET_KEY_QUALIFIERS = new Set([
  'api', 'access', 'secret', 'private', 'signing', 'sign', 'encryption', 'encrypt', 'master', 'client', 'auth', 'session',
  'jwt', 'hmac', 'cookie', 'cipher', 'crypto', 'subscription', 'license', 'service', 'admin', 'write', 'app',
]);
/** Tokens that are not credentials: pagination cursors, CSRF form fields, cancellation handles. */
const NON_SECRET_TOKEN_QUALIFIERS = new Set(['csrf', 'xsrf', 'cancel', 'cancellation', 'next', 'page', 'continuation', 'sync', 'max', 'min', 'lexer', 'parser', 'design', 'color']);
const PASSWORD_HOLDERS = new Set(['user', 'db', 'database', 'smtp', 'mail', 'email', 'admin', 'root', 'basic', 'auth', 'proxy', 'redis']);

/** One word naming whose password it is: `DBPASS`, `SMTPPASSWORD`, `dbpwd`. */
const COMPOUND_PASSWORD = /^(?:db|database|smtp|mail|email|redis|root|admin|user|ldap|mysql|pg|postgres|mongo|amqp|rabbit|broker|proxy|ftp|sftp|ssh)(?:pass|passwd|password|pwd)$/;

const ENCODING_WORDS = new Set(['base64', 'b64', 'hex', 'encoded', 'raw']);

/** Words that say a credential fails: names holding them name an error about the credential. */
const FAILURE_WORDS = new Set(['invalid', 'incorrect', 'wrong', 'err', 'error', 'errors', 'missing', 'mismatch', 'mismatched']);

/**
 * A search-only key (`x-algolia-api-key`, `ALGOLIA_SEARCH_KEY`, `searchApiKey`): public by design, sent
 * by every browser that searches; an Algolia admin or write key is not.
 */
function isPublicSearchKeyName(words: readonly string[]): boolean {
  if (words.includes('admin') || words.includes('write')) return false;
  const key = words.at(-1) === 'key' || words.at(-1) === 'apikey';
  return key && (words.includes('algolia') || words.includes('search'));
}

/**
 * Product-analytics vendors whose write keys only send events in (`RUDDER_WRITE_KEY`, `segmentWriteKey`):
 * shipped to every client. A bare `WriteKey` is the field those vendors' clients take (`analytics.Config{WriteKey: ...}`);
 * another vendor's write key (`ALGOLIA_WRITE_KEY`) still counts.
 */
const ANALYTICS_VENDORS = new Set(['rudder', 'rudderstack', 'segment', 'mixpanel', 'amplitude', 'posthog', 'heap']);

function isAnalyticsWriteKeyName(words: readonly string[]): boolean {
  return words.at(-1) === 'key' && words.at(-2) === 'write' && (words.length === 2 || words.some((word) => ANALYTICS_VENDORS.has(word)));
}

/**
 * What kind of secret a key or variable name announces, judged by its last words (so
 * `passwordLabel`, `tokenUrl` and `secretName` are not secrets): 'password', 'secret', 'token',
 * 'API key', 'private key', 'credentials', 'authorization'; undefined for other names.
 */
export function secretNameKind(name: string): string | undefined {
  // A computed key (`[Brand.OnePassword]: '1Password'`) names a value of another table, not a
  // setting; a path (`'users/update-password': 'is-authenticated'`) names a route or a policy;
  // Drone and Woodpecker's `from_secret: docker_token` names the CI secret to read.
  if (name.startsWith('[') || name.includes('/') || /^from_?secret$/i.test(name)) return undefined;
  const words = nameWords(name);
  // Helm's `existingSecret: app-credentials` names a Kubernetes Secret object to read, not its content.
  if (words[0] === 'existing') return undefined;
  // A name that says the credential fails (`InvalidLowercasePassword = "lowercase"`, `ErrWrongPassword`,
  // `MISSING_TOKEN`) holds an error code or message about one, never a working credential.
  if (words.slice(0, -1).some((word) => FAILURE_WORDS.has(word))) return undefined;
  // How the secret is written down says nothing of what it is: `LICENSE_KEY_BASE64`, `jwtSecretHex`.
  while (words.length > 1 && ENCODING_WORDS.has(words.at(-1)!)) words.pop();
  if (isPublicSearchKeyName(words) || isAnalyticsWriteKeyName(words)) return undefined;
  const last = words.at(-1);
  const previous = words.at(-2);
  if (last === undefined) return undefined;
  if (['password', 'passwd', 'pwd', 'passphrase'].includes(last) || COMPOUND_PASSWORD.test(last)) return 'password';
  if (last === 'pass' && (words.length === 1 || PASSWORD_HOLDERS.has(previous ?? ''))) return 'password';
  if (last === 'secret' || last === 'secretkey' || name.toLowerCase() === 'secretorkey') return 'secret';
  if (last === 'token' || last === 'authtoken' || last === 'accesstoken') {
    return NON_SECRET_TOKEN_QUALIFIERS.has(previous ?? '') ? undefined : 'token';
  }
  if (last === 'apikey') return 'API key';
  if (last === 'key' && previous !== undefined && SECRET_KEY_QUALIFIERS.has(previous)) {
    if (previous === 'private') return 'private key';
    return previous === 'api' ? 'API key' : 'secret key';
  }
  if (last === 'credentials' || last === 'credential' || last === 'creds') return 'credentials';
  if (last === 'auth' && words.length <= 2) return 'credentials';
  if (last === 'authorization') return 'authorization header';
  return undefined;
}

/** `Bearer abc`, `Basic abc`, `token abc`: the credential is what follows the scheme. */
function withoutAuthScheme(value: string): string {
  return value.replace(/^(?:Bearer|Basic|Token|Bot|ApiKey)\s+/i, '');
}

const PLACEHOLDER_EXTRAS = [
  /x{4,}|\*{3,}|\.{3}|…|_{4,}/i,
  /^[A-Z]+(?:_[A-Z]+)+$/, // a slot named in capitals: 'STRONG_DB_PASSWORD', 'YOUR_API_KEY'
  /^(?:abc|123|qwerty|1q2w|asdf|password|passw0rd|p@ssw0rd|secret|letmein|admin|welcome)[\w!@#$.-]{0,6}$/i,
  /(?:^|[-_.])(?:test|testing|dummy|demo|mock|local|dev|sample|default|my)(?=$|[-_.\d])/i,
  /^(?:none|nil|n\/a|tbd|empty|unset|required|optional|secret|hidden|masked)$/i,
];

/** `isPlaceholder` plus the shapes secrets take in tutorials: `xxxx`, `...`, `abc123`, `my-secret`, `dev-token`. */
export function isPlaceholderSecret(value: string): boolean {
  return isPlaceholder(value) || PLACEHOLDER_EXTRAS.some((pattern) => pattern.test(value.trim()));
}

/**
 * Flags, nulls, bare punctuation and values that say they are wrong, which sign or log in nobody:
 * `false`, `no`, `disabled`, Django's unusable-password marker `'!'`, the working directory `'.'`
 * under a `pwd` parameter, the `'incorrect'` secret a smoke test sends to see it refused, and the
 * `'LDAP'` / `'OIDC'` that marks an account whose password lives with another sign-in service, and
 * a setup's status words: `'skipped'` for a provider left unconfigured, `'unknown'` in the token
 * field of a stand-in user that carries none, `'not-required'` for a
 * keyless server, `'(configured)'` shown in place of a key.
 */
const NOT_A_WORKING_VALUE =
  /^(?:true|false|null|nil|none|undefined|yes|no|on|off|enabled?|disabled?|skipped|unknown|not[-_ ]?(?:required|needed|set|configured)|incorrect|wrong|invalid|ldap|oidc|sso|saml|oauth2?|[^A-Za-z0-9]+|\([A-Za-z][A-Za-z -]*\))$/i;

/** An Azure Resource Manager template expression, resolved at deploy time: `[parameters('apiSecret')]`. */
const ARM_EXPRESSION = /^\[[a-z]+\(.*\]$/i;

/**
 * Keys made to be published: Stripe's publishable keys, PostHog's project keys (write-only ingestion,
 * sent by every browser), Mapbox's public tokens. Whoever reads them can do nothing a visitor cannot.
 */
const PUBLISHABLE_KEY = /^(?:pk_(?:live|test)_|phc_|pk\.eyJ)[A-Za-z0-9_.-]+$/;

export function isNotAWorkingValue(value: string): boolean {
  return NOT_A_WORKING_VALUE.test(value.trim());
}

/** Values that name or describe something rather than being a secret. */
const NOT_A_SECRET_SHAPES: readonly RegExp[] = [
  /\s/, // prose: 'Enter your password', 'Mot de passe'
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/, // an environment variable name: 'DB_PASSWORD'
  /^[a-z]+(?:[-_.:/][a-z]+)*$/i, // words and keys: 'access_token', 'x-api-key', 'auth.password.label'
  /^[a-z]+(?:[A-Z][a-z]+)+$/, // camelCase identifiers: 'accessToken'
  /^[A-Z][a-z]+(?:[A-Z][a-z]+)*$/, // PascalCase words: 'Passwort'
  /^(?:--|@)[a-z]+(?:[-_.][a-z]+)*$/i, // a CSS custom property or a highlighter state under `token`: '--card', '@rematch'
  /^[a-z][a-z0-9+.-]*:\/\//i, // URLs (their credentials are judged apart)
  /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/, // paths
  /\.(?:pem|key|crt|cer|p12|pfx|json|ya?ml|txt|env|js|ts|html?)$/i, // file names
  /\$\{|\$\(|\{\{|%[sd(]|^\$[A-Za-z_]|process\.env/, // interpolation and references: '${DB_PASS}', '$(DB_PASS)'
  ARM_EXPRESSION,
  // a type a code generator writes under `token`: 'map[string]interface{}', 'serde_json::Value', 'Vec<String>'
  /^(?=.*(?:\{\}|\[\]|::|[A-Za-z]\[[A-Za-z]+\]|[A-Za-z]<[A-Za-z]))[[\]{}<>:,*& ]*(?:[A-Za-z]+(?:_[A-Za-z]+)*\d*[[\]{}<>:,*& ]+)*(?:[A-Za-z]+(?:_[A-Za-z]+)*\d*)?$/,
  /[^\x20-\x7e]/, // non-ASCII text: a translated label ('Contraseña')
  /^\$(?:2[abxy]?|argon2[a-z]*|scrypt|pbkdf2)[$-]/, // password hashes, not passwords
  NOT_A_WORKING_VALUE,
  PUBLISHABLE_KEY,
];

/**
 * Base64 of a readable placeholder: `ZXhhbXBsZS1hcHAtc2VjcmV0` is "example-app-secret", the sample
 * client secret of a docs or development config, encoded because the format wants bytes.
 */
function encodesPlaceholder(value: string): boolean {
  if (value.length < 12 || !/^[A-Za-z0-9+/]+={0,2}$/.test(value) || value.length % 4 !== 0) return false;
  const decoded = Buffer.from(value, 'base64').toString('latin1');
  return /^[\x20-\x7e]+$/.test(decoded) && isPlaceholderSecret(decoded);
}

/** A value that could be a real secret: long enough, varied enough, and not a name, path or placeholder. */
export function looksLikeSecretValue(value: string): boolean {
  const trimmed = withoutAuthScheme(value.trim());
  if (trimmed.length < 8 || trimmed.length > 1000) return false;
  if (NOT_A_SECRET_SHAPES.some((shape) => shape.test(trimmed)) || isPlaceholderSecret(trimmed) || encodesPlaceholder(trimmed)) return false;
  // Words with a few digits (`devstorage123`, `postgres2024`) are readable: weak where a secret is
  // expected (namedSecretLiteral), throwaway in a developer's compose file, never random-looking.
  if (READABLE_WORDS.test(trimmed)) return false;
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((pattern) => pattern.test(trimmed)).length;
  if (classes >= 2) return entropy(trimmed) >= 2.5;
  // One character class: only long random-looking runs (a lowercase or numeric API key).
  return trimmed.length >= 16 && entropy(trimmed) >= 3.5;
}

/**
 * A secret whatever it is held under: a known token format or a password inside a URL. For text
 * full of fake samples (tests, `.env.example`), where a random-looking value proves nothing.
 */
export function unmistakableSecret(value: string): SecretMatch | undefined {
  const token = knownTokenKind(value);
  if (token) return token;
  const credential = urlCredential(value);
  return credential ? { kind: CONNECTION_STRING_PASSWORD, secret: credential.password } : undefined;
}

/**
 * Whether `value`, held under `name` (a key, variable or property; '' when unnamed), looks like a
 * real secret: a known token format anywhere, a password inside a URL, or a secret-named key with a
 * real-looking value. Returns what kind it is and the text to mask.
 */
export function looksLikeSecret(name: string, value: string): SecretMatch | undefined {
  return unmistakableSecret(value) ?? realLookingNamedSecret(name, value);
}

/** The secret-named half of `looksLikeSecret`: a secret name holding a real-looking value. */
function realLookingNamedSecret(name: string, value: string): SecretMatch | undefined {
  const kind = name === '' ? undefined : secretNameKind(name);
  if (kind === undefined || !looksLikeSecretValue(value)) return undefined;
  const secret = withoutAuthScheme(value.trim());
  if (namesItsHolder(name, secret, true)) return undefined;
  return { kind, secret };
}

function normalised(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]/g, '');
}

/** What a name adds to the thing it names: `JWTSecretKey` holds the key `'JWTSecret'` is stored under. */
const KEY_NAME_SUFFIX = /^(?:key|name|field|id|header|param|prop|property|label|attr|attribute)$/;

/**
 * The value is its holder's name with a key-name suffix (`JWTSecretKey = "JWTSecret"`,
 * `passwordField = 'password'`): the key a secret is stored or looked up under, not the secret. With
 * `orSame`, the holder's very name too (`JWT_SECRET = 'JWT_SECRET'`) — but a readable value equal to a
 * bare secret name (`password: 'password'`) is a guessable password, not a key.
 */
function namesItsHolder(name: string, value: string, orSame = false): boolean {
  const holder = normalised(name);
  const named = normalised(value);
  if (named.length === 0 || !holder.startsWith(named)) return false;
  const suffix = holder.slice(named.length);
  return (orSame && suffix === '') || KEY_NAME_SUFFIX.test(suffix);
}

/**
 * The value is the initials of its holder's last words: `authMethodOneTimePassword = "otp"`, a
 * protocol's name for the method (an `amr` claim), not a password.
 */
function abbreviatesItsHolder(name: string, value: string): boolean {
  const words = nameWords(name);
  const initials = words.map((word) => word[0] ?? '').join('');
  return value.length >= 2 && /^[a-z]+$/i.test(value) && initials.endsWith(value.toLowerCase()) && value.length <= words.length;
}

/** Words of names whose values name a way of signing in: `LoginMethodKeyAndPassword`, `authSchemePassword`. */
const METHOD_WORDS = new Set(['method', 'methods', 'mechanism', 'mechanisms', 'scheme', 'schemes']);

/**
 * An authentication method's name under a name that says so: `LoginMethodKeyAndPassword =
 * "publickey+password"`, `SSHLoginMethodPassword = "password-over-SSH"`: a label (for a metric, a
 * protocol or a setting), not a password. It names the credential it is about.
 */
function namesAMethod(name: string, value: string): boolean {
  return nameWords(name).some((word) => METHOD_WORDS.has(word)) && /^[A-Za-z][\w+.-]*$/.test(value) && /pass|pwd|secret|token|key/i.test(value);
}

/** Words of names that hold the name of a thing, not its value: `FieldSigningKey`, `resourcePassword`, `flagClientSecret`. */
const TAG_HOLDER_WORDS = new Set(['field', 'column', 'col', 'type', 'kind', 'resource', 'attr', 'attribute', 'prop', 'property', 'param', 'var', 'table', 'collection', 'enum', 'event', 'tag', 'flag', 'option', 'arg']);

/**
 * The value names its holder's subject in lower case (`FieldSigningKey = "signing_key"`, a column;
 * `resourcePassword = "passwords"`, a Kubernetes resource): the tag of a field or type, not a secret.
 */
function isTagOfItsHolder(name: string, value: string): boolean {
  if (!/^[a-z][a-z0-9_.-]*$/.test(value)) return false;
  const words = nameWords(name);
  if (!words.some((word) => TAG_HOLDER_WORDS.has(word))) return false;
  return nameWords(value).every((word) => words.includes(word) || (word.endsWith('s') && words.includes(word.slice(0, -1))));
}

// ---------------------------------------------------------------------------------------------
// Weak and readable secrets

/**
 * Secret kinds whose readable values are still secrets. A readable value under a `token`, `apiKey`
 * or `auth` name is far more often a storage key, a header or a cookie name (`'auth_token'`).
 */
const READABLE_SECRET_KINDS = new Set(['password', 'secret', 'secret key', 'private key']);


/** A version or version range: `0.2.3`, `^1.4.0`, `~2.0.0-beta.1`. */
const VERSION = /^(?:[~^=v]|[<>]=?)?\d+(?:\.\d+){1,3}(?:[-+][\w.]+)?$/;

/** Values that name, reference or describe something, whatever name holds them. */
const NOT_A_READABLE_SECRET: readonly RegExp[] = [
  /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/, // an environment variable name: 'DB_PASSWORD'
  /^[a-z][a-z0-9+.-]*:\/\//i, // URLs (their credentials are judged apart)
  /^(?:\.{0,2}\/|~\/|[A-Za-z]:\\)/, // paths
  /\.(?:pem|key|crt|cer|p12|pfx|json|ya?ml|txt|env|js|ts|html?)$/i, // file names
  /^[a-z][a-z0-9_-]*(?:[.:/][a-z][a-z0-9_-]*)+$/, // property paths and translation keys: 'auth.password.label', 'admin:password', 'account/edit'
  /process\.env|^\$[A-Za-z_(]|%[sd]|\{[a-z_][a-z0-9_]*\}/, // references and format strings: '$DB_PASS', '$(DB_PASS)', '{base}auth/'
  ARM_EXPRESSION,
  /^\$(?:2[abxy]?|argon2[a-z]*|scrypt|pbkdf2)[$-]/, // password hashes, not passwords
  VERSION, // a package's version: `"secure-random-password": "0.2.3"`
  /^[A-Z][a-z]+$/, // one capitalised word: a label ('Passwort')
  /[^\x20-\x7e]/, // non-ASCII text: a translated label
  PUBLISHABLE_KEY,
  /^[\s\S]$/, // one character: a flag's '0' or '1' (`ENABLE_EMAIL_PASSWORD`), never a credential
  /^#\//, // a JSON pointer: an OpenAPI mapping's '#/components/schemas/password'
  /^#[A-Za-z]\w*(?:-\w+)+$/, // an element id: the '#s3-secret-key' input a form reads the secret from
  /^_+[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/, // a form field or cookie name: '_form_token', '__session_key'
  /^[a-z]{2,8}_$/, // the prefix of generated tokens: 'sk_', 'fbocs_'
];

/** A sentence or label: several words, or capitalised words, of letters only (`Enter your password`, `Mot de passe`). */
function isProse(value: string): boolean {
  // Messages quote the names they are about: `'"DATA_ENCRYPTION_KEY" is not present in .env file'`.
  if (!/\s/.test(value) || !/^["'`]?[A-Za-z][\w ,.:;!?'"`()/-]*$/.test(value)) return false;
  const words = value.toLowerCase().split(/\s+/);
  return words.length >= 3 || /^[A-Z]/.test(value) || words.some((word) => MESSAGE_WORDS.has(word.replace(/[^a-z]/g, '')));
}

/** Words of error messages and labels: `'invalid password'`, `'wrong secret'`, `'new password'`. */
const MESSAGE_WORDS = new Set([
  'password', 'passwords', 'secret', 'token', 'key', 'invalid', 'wrong', 'incorrect', 'required', 'missing', 'expired', 'your',
  'the', 'is', 'not', 'must', 'please', 'enter', 'new', 'old', 'current', 'confirm', 'reset', 'forgot', 'change', 'error', 'failed',
  'mismatch', 'match', 'empty', 'too', 'short', 'long', 'weak',
]);

/** Form field names, autocomplete tokens and message keys: `'newPassword'`, `'current-password'`, `'message.no-match-password'`. */
function isPasswordFieldName(value: string): boolean {
  return /^[A-Za-z][\w.-]*$/.test(value) && nameWords(value).some((word) => ['password', 'passwd', 'pwd'].includes(word));
}

/**
 * Whether `value`, held under `name`, works as a (possibly weak) secret: anything but an unusable
 * placeholder, a reference, a name, a label, a path or the key's own name.
 */
export function isReadableSecretValue(value: string, name = '', prose: ProseReading = 'label'): boolean {
  const trimmed = value.trim();
  const sentence = isProse(trimmed);
  if (trimmed.length === 0 || trimmed.length > 1000) return false;
  // A fill-in instruction written as a sentence ("REPLACE IT WITH YOUR OWN SECRET") still signs as written.
  if (isUnusablePlaceholder(trimmed) && !(prose === 'value' && sentence)) return false;
  if (name !== '' && normalised(trimmed) === normalised(name)) return false;
  if (isNotAWorkingValue(trimmed) || isPasswordFieldName(trimmed) || encodesPlaceholder(trimmed)) return false;
  return !NOT_A_READABLE_SECRET.some((shape) => shape.test(trimmed)) && (prose === 'value' || !sentence);
}

/**
 * What a sentence under a secret name is: in code a label or message (`password: 'Enter your
 * password'`); in a committed JSON or YAML config the app reads, the value itself (`"secret": "THIS
 * IS USED TO SIGN JWT TOKENS, REPLACE IT"` signs tokens as written).
 */
export type ProseReading = 'label' | 'value';

/** Name words of keys the app signs or encrypts with itself (`SECRET_KEY`, `cookieSecret`, `JWT_SECRET`, `cryptoKey`). */
const SELF_CHECKED_WORDS = new Set(['session', 'cookie', 'jwt', 'signing', 'encryption', 'crypto', 'cipher', 'hmac', 'csrf', 'app']);

/**
 * A fill-in placeholder under the name of a key the app checks itself: `cookieSecret:
 * 'session_cookie_secret_key_here'`, `SECRET_KEY = 'PLEASE_REPLACE_ME'`. Unlike a provider's API key
 * or client secret, which the provider rejects, such a placeholder works: every deploy that forgets
 * to replace it signs with the same public key. LABELLING.md exempts only placeholders that cannot
 * work or that the app refuses at startup; whether it refuses is for the caller to ask.
 */
export function workingPlaceholderSecret(name: string, value: string): SecretMatch | undefined {
  const trimmed = value.trim();
  const kind = secretNameKind(name);
  if ((kind !== 'secret' && kind !== 'secret key') || !isUnusablePlaceholder(trimmed)) return undefined;
  // A phrase someone would type, not an empty slot, a template or a row of x's.
  if (!/^[A-Za-z][\w.-]{5,}$/.test(trimmed) || /^(.)\1+$/.test(trimmed) || /x{3,}/i.test(trimmed)) return undefined;
  const words = nameWords(name);
  const selfChecked = words[0] === 'secret' || words.some((word) => SELF_CHECKED_WORDS.has(word));
  return selfChecked ? { kind, secret: trimmed } : undefined;
}

/**
 * A literal held under a secret name, judged as LABELLING.md does: a weak or readable value
 * (`123456`, `rootroot`, `my-app-secret-key`, `keyboard cat`) is a secret in that position, the
 * guessable kind; only unusable placeholders, references, names, labels and paths are not. Token,
 * API-key and credential names still want a real-looking value (see READABLE_SECRET_KINDS).
 */
export function namedSecretLiteral(name: string, value: string, prose: ProseReading = 'label'): SecretMatch | undefined {
  const unmistakable = unmistakableSecret(value);
  if (unmistakable) return unmistakable;
  if (!isReadableSecretValue(withoutAuthScheme(value.trim()), name, prose) || namesAMethod(name, value.trim())) return undefined;
  const strict = realLookingNamedSecret(name, value);
  if (strict) return strict;
  const kind = name === '' ? undefined : secretNameKind(name);
  if (kind === undefined || !READABLE_SECRET_KINDS.has(kind) || isLookupKeyName(name, value.trim()) || namesItsHolder(name, value.trim()) || abbreviatesItsHolder(name, value.trim()) || isTagOfItsHolder(name, value.trim())) return undefined;
  return { kind, secret: value.trim() };
}

/** Qualifiers of a `...Key` that is as often a lookup key (a storage, context or cookie key) as a secret. */
const LOOKUP_KEY_QUALIFIERS = new Set(['session', 'cookie', 'auth', 'app', 'client', 'service', 'admin', 'access', 'write', 'license', 'subscription']);

/**
 * `sessionKey = 'auth_session'`, `reloadSessionKey = 'chunkReload'`: under such a name, a readable
 * value shaped like an identifier is the key something is stored under, not a signing key, unless it
 * says it is one (`'my-session-secret'`).
 */
function isLookupKeyName(name: string, value: string): boolean {
  const words = nameWords(name);
  if (words.at(-1) !== 'key' || !LOOKUP_KEY_QUALIFIERS.has(words.at(-2) ?? '')) return false;
  // A cookie or storage key may start with an underscore (`_logto`, `__session`).
  return /^_{0,2}[a-z][a-z0-9]*(?:[-_.:][a-z0-9]+)*$/i.test(value) && !/secret|pass|pwd|private/i.test(value);
}

const QUERY_PASSWORD = /[?&;](?:password|passwd|pwd|pass|secret|client_secret)=([^&#\s'"`;]*)/gi;

/** A password in a URL's query string: `mysql://db/app?user=app&password=hunter22`. */
export function queryPassword(value: string): SecretMatch | undefined {
  const pattern = new RegExp(QUERY_PASSWORD.source, 'gi');
  for (let match = pattern.exec(value); match; match = pattern.exec(value)) {
    const password = safeDecode(match[1] ?? '');
    if (isReadableSecretValue(password) && !/^[{[]|\$/.test(password)) return { kind: URL_QUERY_PASSWORD, secret: match[1] ?? '' };
    if (match[0].length === 0) pattern.lastIndex += 1;
  }
  return undefined;
}

/**
 * What a value looks like, for a message that must not show it: "a 6-digit number", "a 12-character
 * readable literal", "a 2-word phrase", "a 40-character random-looking string". Lets the reader tell
 * a real secret from a product name the rule mistook for one.
 */
export function describeSecretValue(value: string): string {
  const trimmed = value.trim();
  const length = [...trimmed].length;
  const sized = `${/^(?:8|11$|18$)/.test(String(length)) ? 'an' : 'a'} ${length}`;
  if (trimmed.startsWith('-----BEGIN')) return `a PEM block of ${length} characters`;
  if (/^\d+$/.test(trimmed)) return `${sized}-digit number`;
  if (/\s/.test(trimmed)) return `a ${trimmed.split(/\s+/).length}-word phrase of ${length} characters`;
  if (READABLE_WORDS.test(trimmed)) return `${sized}-character readable literal`;
  if (isCountingSequence(trimmed)) return `${sized}-character counting sequence`;
  return `${sized}-character ${length >= 8 && entropy(trimmed) >= 3 ? 'random-looking string' : 'literal'}`;
}

/** Digits and letters counted in order, again and again: `0123456789abcdef0123...`, a dummy key of a developer's setup. */
function isCountingSequence(value: string): boolean {
  const lower = value.toLowerCase();
  if (lower.length < 8 || !/^[0-9a-z]+$/.test(lower)) return false;
  const order = (char: string) => '0123456789abcdefghijklmnopqrstuvwxyz'.indexOf(char);
  let steps = 0;
  for (let index = 1; index < lower.length; index += 1) {
    const step = order(lower[index]!) - order(lower[index - 1]!);
    if (step === 1 || order(lower[index]!) === 0) steps += 1;
  }
  return steps === lower.length - 1;
}

/** Words, maybe joined by separators or camelCase, maybe ending in digits: `rootroot`, `my-app-secret`, `superSecret1`. */
const READABLE_WORDS = /^[A-Za-z][a-z]+(?:[-_.][A-Za-z][a-z]*|[A-Z][a-z]+)*[-_.]?\d{0,4}[!?.]?$/;
