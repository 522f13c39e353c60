/**
 * What makes an address deploy-specific: loopback and private-network hosts, cluster-internal
 * names, backing-service connection strings, and hosts named after an environment
 * (`api.staging.example.com`). Public `https://` URLs in general are not: they are the same in
 * every deploy. Pure string logic.
 */
import { isTranslationPath } from './translations.js';

export type EndpointKind = 'connectionString' | 'local' | 'privateNetwork' | 'internalHost' | 'environmentHost' | 'sandboxHost';

export interface Endpoint {
  kind: EndpointKind;
  /** For messages: "postgres connection string", "localhost address". */
  what: string;
}

/** Schemes of databases, caches and brokers: such a URL names one deploy's backing service whatever its host. */
const SERVICE_SCHEMES = new Set([
  'postgres', 'postgresql', 'mysql', 'mysql2', 'mariadb', 'mongodb', 'mongodb+srv', 'redis', 'rediss', 'amqp', 'amqps', 'nats', 'tls',
  'kafka', 'mssql', 'sqlserver', 'memcached', 'cassandra', 'neo4j', 'neo4j+s', 'bolt', 'clickhouse', 'couchdb', 'cockroachdb',
]);
/** Ports of backing services: `db:5432` is a compose service, `v:1234` is not an address at all. */
const SERVICE_PORTS = new Set([5432, 3306, 27017, 6379, 5672, 4222, 9092, 11211, 9200, 1433, 1521, 8529, 7687, 2181, 9042, 8086, 26257, 5984]);
const INTERNAL_SUFFIX = /\.(?:internal|local|localdomain|lan|corp|intranet|home\.arpa|svc|svc\.cluster\.local|cluster\.local)$/i;
/** Subdomain labels that name a deployment; `dev` only below another subdomain (`dev.azure.com` is public). */
const ENVIRONMENT_LABEL = /^(?:staging|stage|stg|preprod|pre-prod|uat|qa)$|^(?:staging|stg|uat|qa)-|-(?:staging|stg|uat|qa|dev)$/i;
/** Subdomain labels of a provider's test environment (`api.sandbox.paypal.com`, `sandbox-quickbooks.api.intuit.com`). */
const SANDBOX_LABEL = /^(?:sandbox|sandbox-.+|.+-sandbox)$/i;
/** Placeholder hosts of docs and templates. */
const PLACEHOLDER_HOST = /^(?:host|hostname|your[-_]?host|server|example\.(?:com|org|net)|.*\.example(?:\.com)?|<[^>]*>)$/i;

const URL_PATTERN = /^([a-z][a-z0-9+.-]*):\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^/:?#\s,]*)(?::([^/?#\s,]*))?/i;
const HOST_PORT = /^(\[[0-9a-f:]+\]|[a-z0-9.-]+):(\d{2,5})$/i;

/** A marker for an interpolated part of a template (`${port}`), so classification can see where holes are. */
export const HOLE = '\u0000';

/** `localhost`, `*.localhost`, `127.x.x.x`, `::1`, and `localhost.localdomain` (the loopback's conventional full name in /etc/hosts). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare.endsWith('.localhost') || bare === 'localhost.localdomain' || /^127\.\d+\.\d+\.\d+$/.test(bare) || bare === '::1';
}

export function isPrivateAddress(host: string): boolean {
  const octets = /^(\d{1,3})\.(\d{1,3})\.\d{1,3}\.\d{1,3}$/.exec(host);
  if (!octets) return false;
  const [first, second] = [Number(octets[1]), Number(octets[2])];
  return first === 10 || (first === 172 && second >= 16 && second <= 31) || (first === 192 && second === 168);
}

function isEnvironmentHost(host: string): boolean {
  const labels = host.toLowerCase().split('.');
  if (labels.length < 3) return false;
  const subdomains = labels.slice(0, -2);
  return subdomains.some((label) => ENVIRONMENT_LABEL.test(label) || (label === 'dev' && subdomains.length > 1));
}

/** How a host (with or without a port) is deploy-specific, if it is. Wildcard binds (`0.0.0.0`) are port-binding's. */
function hostKind(host: string, hasPort: boolean, port: number | undefined): Endpoint | undefined {
  if (host === '' || host.includes(HOLE) || PLACEHOLDER_HOST.test(host) || host === '0.0.0.0' || host === '[::]') return undefined;
  if (isLoopbackHost(host)) return { kind: 'local', what: 'localhost address' };
  if (isPrivateAddress(host)) return { kind: 'privateNetwork', what: 'private network address' };
  if (INTERNAL_SUFFIX.test(host)) return { kind: 'internalHost', what: 'internal host name' };
  const singleLabel = /^[a-z][a-z0-9_-]*$/i.test(host);
  if (singleLabel && hasPort && port !== undefined && SERVICE_PORTS.has(port)) return { kind: 'internalHost', what: 'internal host name' };
  if (isEnvironmentHost(host)) return { kind: 'environmentHost', what: 'environment-specific host' };
  if (isSandboxHost(host)) return { kind: 'sandboxHost', what: "provider's sandbox host" };
  return undefined;
}

/** A provider's sandbox: the live deploy talks to another host, so the choice is per deploy. */
function isSandboxHost(host: string): boolean {
  const labels = host.toLowerCase().split('.');
  return labels.length >= 3 && labels.slice(0, -2).some((label) => SANDBOX_LABEL.test(label));
}

/**
 * How `value` is a deploy-specific endpoint: a URL or `host:port`, or (when `hostKey` says the
 * value is held under a host-like name) a bare host. Prose (anything with whitespace) is not.
 * Interpolated parts must be marked with HOLE.
 */
export function classifyEndpoint(value: string, hostKey = false): Endpoint | undefined {
  const text = value.trim();
  if (text === '' || /\s/.test(text)) return undefined;
  const url = URL_PATTERN.exec(text);
  if (url) {
    const [, scheme = '', host = '', portText] = url;
    if (SERVICE_SCHEMES.has(scheme.toLowerCase())) {
      if (host === '' || host.includes(HOLE) || PLACEHOLDER_HOST.test(host)) return undefined;
      return { kind: 'connectionString', what: `${scheme.toLowerCase().replace(/\+srv$/, '')} connection string` };
    }
    const port = portText === undefined || portText.includes(HOLE) ? undefined : Number(portText);
    return hostKind(host, portText !== undefined, port);
  }
  const hostPort = HOST_PORT.exec(text.replace(new RegExp(`:${HOLE}$`), ':0000'));
  if (hostPort) {
    const port = Number(hostPort[2]);
    return hostKind(hostPort[1] ?? '', true, port === 0 ? undefined : port);
  }
  if (hostKey && /^[a-z0-9.-]+$/i.test(text)) {
    const kind = hostKind(text, false, undefined);
    return kind && kind.kind !== 'environmentHost' ? kind : undefined;
  }
  return undefined;
}

/** Keys whose string value is an address: `host`, `baseURL`, `apiEndpoint`, `redisHost`. */
export function isHostKey(name: string): boolean {
  return (
    /^(?:host|hostname|server|address|addr|endpoint|url|uri|origin|domain|target|proxy|brokers?|nodes?|servers?)$/i.test(name) ||
    /[a-z_](?:Host|Hostname|Url|URL|Uri|URI|Endpoint|Address|Origin|HOST|URL|_host|_url)$/.test(name)
  );
}

/** The host of an `http(s)://` URL, when it is literal (no HOLE), and the path after it. */
export function webUrlParts(value: string): { host: string; path: string } | undefined {
  const match = /^https?:\/\/(?:[^@/\s]*@)?(\[[^\]]*\]|[^/:?#\s]+)(?::[^/?#\s]*)?([^\s]*)$/i.exec(value.trim());
  if (!match || (match[1] ?? '').includes(HOLE)) return undefined;
  return { host: match[1] ?? '', path: match[2] ?? '' };
}

/** One `key = value` setting of an INI-style config file (`app.ini`, `settings.cfg`, `.properties`, TOML). */
export interface IniEntry {
  /** The `[section]` it is in, '' before the first. */
  section: string;
  key: string;
  /** Unquoted value. */
  value: string;
  /** 1-based position of the value. */
  line: number;
  column: number;
}

/** Settings of an INI-style file; comments (`#`, `;`) and blank or malformed lines are left out. */
export function iniEntries(text: string): IniEntry[] {
  const entries: IniEntry[] = [];
  let section = '';
  text.split(/\r?\n/).forEach((raw, index) => {
    const header = /^\s*\[+\s*([^\]]*?)\s*\]+\s*(?:[#;].*)?$/.exec(raw);
    if (header) {
      section = header[1] ?? '';
      return;
    }
    // Trailing blanks and comments are cut in code: a lazy `(.*?)\s*$` or `\s+[#;].*$` rescans every
    // run of blanks from each position, quadratic on a long line of spaces.
    const setting = /^(\s*)([A-Za-z_][\w.-]*)\s*=\s*(.*)$/.exec(raw);
    if (!setting) return;
    const written = (setting[3] ?? '').trimEnd();
    const quoted = /^(["'])(.*)\1(?:\s*#.*)?$/.exec(written);
    const value = quoted ? (quoted[2] ?? '') : withoutTrailingComment(written);
    const offset = raw.indexOf(written, (setting[1] ?? '').length + (setting[2] ?? '').length) + (quoted ? 1 : 0);
    entries.push({ section, key: setting[2] ?? '', value, line: index + 1, column: offset + 1 });
  });
  return entries;
}

/** `host = db # primary` -> `host = db`: a comment starts at `#` or `;` after a blank. */
function withoutTrailingComment(value: string): string {
  const comment = /[ \t][#;]/.exec(value);
  return comment ? value.slice(0, comment.index).trimEnd() : value;
}

/** Config files in INI-like formats that an app reads at run time; tool settings (`setup.cfg`, `tox.ini`, `pyproject.toml`) are not. */
export function isIniConfigPath(path: string): boolean {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (!/\.(?:ini|cfg|properties|toml)$/.test(name) || isTranslationPath(path)) return false;
  return !/^(?:setup\.cfg|tox\.ini|pytest\.ini|mypy\.ini|\.flake8|pyproject\.toml|cargo\.toml|netlify\.toml|fly\.toml|wrangler\.toml|vercel\.toml|\.?pylintrc|pylintrc\.toml|ruff\.toml|\.ruff\.toml|rustfmt\.toml|alembic\.ini|uwsgi\.ini|supervisord\.conf|gunicorn\.conf\.py|\.editorconfig|codecov\.toml|\.coveragerc|bandit\.toml|taplo\.toml|samconfig\.toml)$/.test(name);
}

/** Words that name a database, cache, queue, search engine or mail relay in a setting's name or section. */
const BACKING_SERVICE_WORD =
  /(?:^|[^a-z])(?:db|database|databases|datasource|sql|mysql|mariadb|postgres|postgresql|pg|mongo|mongodb|redis|cache|memcached?|queue|amqp|rabbitmq|rabbit|kafka|nats|broker|elastic|elasticsearch|opensearch|meili|meilisearch|search|smtp|mail|email|mailer)(?:$|[^a-z])/i;

/** Whether `key` (in `[section]`) configures a backing service: `[database] Host`, `[redis] Host`, `DB_HOST`, `smtp.host`. */
export function isBackingServiceSetting(section: string, key: string): boolean {
  const words = (text: string) => text.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return BACKING_SERVICE_WORD.test(words(section)) || BACKING_SERVICE_WORD.test(words(key));
}
