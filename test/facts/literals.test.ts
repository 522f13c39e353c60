import { beforeAll, describe, expect, it } from 'vitest';
import { literals, type BoundLiteral } from '../../src/facts/literals/index.js';
import { HOLE } from '../../src/facts/values.js';
import { loadTreeSitter } from '../../src/parse/tree-sitter.js';
import { factsOf, lines } from './tree-helpers.js';

beforeAll(() => loadTreeSitter());

/** `path.name = value @line:column binding`, with the call and the fallback when there are. */
function brief(found: BoundLiteral[]): string[] {
  return found.map((literal) => {
    const name = [...literal.path, literal.name ?? '_'].join('.');
    const call = literal.call ? ` in ${literal.call.callee}${literal.call.index === null ? '' : `#${literal.call.index}`}` : '';
    const type = literal.type ? ` of ${literal.type}` : '';
    const fallback = literal.fallbackOf ? ` fallback of ${literal.fallbackOf.variable}` : '';
    const value = JSON.stringify(literal.value.value).replaceAll('\\u0000', '<hole>');
    return `${name} = ${value} @${literal.span.line}:${literal.span.column} ${literal.binding}${type}${call}${fallback}`;
  });
}

describe('literals in Python', () => {
  it('marks the literals of an if __name__ == "__main__" block as run only by hand', () => {
    const source = lines(
      "SECRET_KEY = 'app-key'",
      "if __name__ == '__main__':",
      "    password = 'self-test-pin'",
      "    print(connect(password, host='localhost'))",
    );
    expect(factsOf(literals, 'python', source).map((literal) => [literal.value.value, literal.mainOnly ?? false])).toEqual([
      ['app-key', false],
      ['self-test-pin', true],
      ['localhost', true],
    ]);
  });

  it('binds assignment targets, class attributes, subscripts and attributes', () => {
    const source = lines(
      "SECRET_KEY = 'django-insecure-abc'",
      'DEBUG = True',
      "ALLOWED_HOSTS = ['example.com', 'localhost']",
      "app.config['SECRET_KEY'] = 'flask-secret'",
      'class ProdConfig(Config):',
      "    SQLALCHEMY_DATABASE_URI = 'postgresql://user:pw@db/app'",
      '    def __init__(self):',
      "        self.password = 'hunter2'",
      "host, port = 'db.internal', 5432",
    );
    expect(brief(factsOf(literals, 'python', source))).toEqual([
      'SECRET_KEY = "django-insecure-abc" @1:14 variable',
      'DEBUG = true @2:9 variable',
      'ALLOWED_HOSTS = "example.com" @3:18 variable',
      'ALLOWED_HOSTS = "localhost" @3:33 variable',
      'app.config.SECRET_KEY = "flask-secret" @4:28 variable',
      'ProdConfig.SQLALCHEMY_DATABASE_URI = "postgresql://user:pw@db/app" @6:31 variable',
      'self.password = "hunter2" @8:25 variable',
      'host = "db.internal" @9:14 variable',
      'port = 5432 @9:29 variable',
    ]);
  });

  it('binds dict keys with the path of keys around them, keyword and positional arguments, parameter defaults', () => {
    const source = lines(
      "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'PORT': 5432}}",
      "conn = psycopg2.connect(host='localhost', password='pw', options={'sslmode': 'disable'})",
      "handler = logging.FileHandler('app.log')",
      "def connect(user='admin', *args, timeout: int = 30): pass",
      "rows = query({'password': 'x'})",
    );
    expect(brief(factsOf(literals, 'python', source))).toEqual([
      'DATABASES.default.ENGINE = "django.db.backends.sqlite3" @1:36 key',
      'DATABASES.default.PORT = 5432 @1:74 key',
      'host = "localhost" @2:30 keyword in psycopg2.connect',
      'password = "pw" @2:52 keyword in psycopg2.connect',
      'options.sslmode = "disable" @2:78 key in psycopg2.connect',
      '_ = "app.log" @3:31 argument in logging.FileHandler#0',
      'connect.user = "admin" @4:18 parameter',
      'connect.timeout = 30 @4:49 parameter',
      'password = "x" @5:27 key in query#0',
    ]);
  });

  it('says which variable a fallback stands for, and leaves out the variable names read', () => {
    const source = lines(
      'import os',
      'from decouple import config',
      "SECRET = os.environ.get('SECRET', 'dev-secret')",
      "TOKEN = os.getenv('TOKEN') or 'tok'",
      "DEBUG = config('DEBUG', default=True, cast=bool)",
      "URL = f'redis://{os.environ[\"REDIS_HOST\"]}:6379'",
    );
    expect(brief(factsOf(literals, 'python', source))).toEqual([
      '_ = "dev-secret" @3:35 argument in os.environ.get#1 fallback of SECRET',
      'TOKEN = "tok" @4:31 variable fallback of TOKEN',
      'default = true @5:33 keyword in config fallback of DEBUG',
      `URL = "redis://${'<hole>'}:6379" @6:7 variable`,
    ]);
  });

  it('keeps unbound strings only when they start with a URL scheme', () => {
    const source = lines(
      'def cache_url():',
      "    return 'redis://cache:6379/0'",
      "if mode == 'production':",
      "    print('starting')",
      '"""Docs: https://example.com are here."""',
    );
    expect(brief(factsOf(literals, 'python', source))).toEqual([
      '_ = "redis://cache:6379/0" @2:12 none',
      '_ = "starting" @4:11 argument in print#0',
    ]);
  });

  it('decodes escapes, raw strings, implicit concatenation and f-string holes', () => {
    const source = lines("A = 'tab\\there'", "B = r'C:\\new'", "C = 'post' 'gres'", "D = f'{{x}}{y}'", "E = 'host:' + port");
    const values = factsOf(literals, 'python', source).map((literal) => literal.value);
    expect(values).toEqual([
      { kind: 'string', value: 'tab\there' },
      { kind: 'string', value: 'C:\\new' },
      { kind: 'string', value: 'postgres' },
      { kind: 'template', value: `{x}${HOLE}` },
      { kind: 'template', value: `host:${HOLE}` },
    ]);
  });

  it('finds nothing in comments', () => {
    expect(factsOf(literals, 'python', lines("# SECRET_KEY = 'in-a-comment'", 'x = y'))).toEqual([]);
  });
});

describe('literals in Go', () => {
  it('binds constants, variables, struct fields, map keys and call arguments', () => {
    const source = lines(
      'package main',
      'const jwtSecret = "s3cr3t"',
      'var (',
      '\tdbHost, dbPort = "localhost", 5432',
      ')',
      'func main() {',
      '\tsrv := &http.Server{Addr: ":8080", ReadTimeout: 10}',
      '\tcfg.Password = "pw"',
      '\tlabels := map[string]string{"password": "x"}',
      '\tr.Run(":8000")',
      '\thosts := []string{"a.example.com", "b.example.com"}',
      '}',
    );
    expect(brief(factsOf(literals, 'go', source))).toEqual([
      'jwtSecret = "s3cr3t" @2:19 constant',
      'dbHost = "localhost" @4:19 variable',
      'dbPort = 5432 @4:32 variable',
      'srv.Addr = ":8080" @7:28 field of http.Server',
      'srv.ReadTimeout = 10 @7:50 field of http.Server',
      'cfg.Password = "pw" @8:17 variable',
      'labels.password = "x" @9:42 key',
      '_ = ":8000" @10:8 argument in r.Run#0',
      'hosts = "a.example.com" @11:20 variable',
      'hosts = "b.example.com" @11:37 variable',
    ]);
  });

  it('looks through a conversion of a literal, the usual way a signing key is written', () => {
    const source = lines('package main', 'var jwtKey = []byte("k3y-material")', 'func sign(t *jwt.Token) { t.SignedString([]byte("inline-key")) }');
    expect(brief(factsOf(literals, 'go', source))).toEqual([
      'jwtKey = "k3y-material" @2:21 variable',
      '_ = "inline-key" @3:49 argument in t.SignedString#0',
    ]);
  });

  it('says which variable a fallback stands for: emptiness tests, viper defaults, wrappers', () => {
    const source = lines(
      'package main',
      'import ("os"; "github.com/spf13/viper")',
      'func getenv(key, def string) string { if v := os.Getenv(key); v != "" { return v }; return def }',
      'func main() {',
      '\tsecret := os.Getenv("SECRET")',
      '\tif secret == "" {',
      '\t\tsecret = "changeme"',
      '\t}',
      '\tviper.SetDefault("db.password", "root")',
      '\tdsn := getenv("DSN", "postgres://localhost/app")',
      '}',
    );
    expect(brief(factsOf(literals, 'go', source))).toEqual([
      'secret = "changeme" @7:12 variable fallback of SECRET',
      '_ = "root" @9:34 argument in viper.SetDefault#1 fallback of db.password',
      '_ = "postgres://localhost/app" @10:23 argument in getenv#1 fallback of DSN',
    ]);
  });

  it('keeps unbound strings only when they start with a URL scheme, and finds nothing in comments', () => {
    const source = lines(
      'package main',
      '// const password = "in-a-comment"',
      'func url() string { return "nats://queue:4222" }',
      'func ok(s string) bool { return s == "yes" }',
    );
    expect(brief(factsOf(literals, 'go', source))).toEqual(['_ = "nats://queue:4222" @3:28 none']);
  });

  it('decodes escapes and raw strings, octal numbers and concatenations', () => {
    const source = lines('package main', 'const a = "tab\\there"', 'const b = `raw\\n`', 'const mode = 0644', 'var addr = ":" + port');
    expect(factsOf(literals, 'go', source).map((literal) => literal.value)).toEqual([
      { kind: 'string', value: 'tab\there' },
      { kind: 'string', value: 'raw\\n' },
      { kind: 'number', value: 0o644 },
      { kind: 'template', value: `:${HOLE}` },
    ]);
  });
});
