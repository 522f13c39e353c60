import { beforeAll, describe, expect, it } from 'vitest';
import { envReads, type EnvRead } from '../../src/facts/env-reads/index.js';
import { loadTreeSitter } from '../../src/parse/tree-sitter.js';
import { factsOf, lines } from './tree-helpers.js';

beforeAll(() => loadTreeSitter());

/** name@line:column via callee, `= fallback@line` when there is one, `!` when required. */
function brief(reads: EnvRead[]): string[] {
  return reads.map((read) => {
    const fallback = read.fallback ? ` = ${JSON.stringify(read.fallback.value?.value ?? null)}@${read.fallback.span.line}:${read.fallback.span.column}` : '';
    return `${read.name}@${read.span.line}:${read.span.column} ${read.via} ${read.callee}${read.required ? ' !' : ''}${fallback}`;
  });
}

describe('env-reads in Python', () => {
  it('reads os.environ and os.getenv with their fallbacks', () => {
    const source = lines(
      'import os',
      "SECRET_KEY = os.environ.get('SECRET_KEY', 'dev-key')",
      "API_KEY = os.getenv('API_KEY') or 'changeme'",
      "DATABASE_URL = os.environ['DATABASE_URL']",
      "PORT = int(os.getenv('PORT', 5000))",
      "os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'site.settings')",
      'name = os.getenv(prefix + "_TOKEN")',
    );
    expect(brief(factsOf(envReads, 'python', source))).toEqual([
      'SECRET_KEY@2:14 get os.environ.get = "dev-key"@2:43',
      'API_KEY@3:11 get os.getenv = "changeme"@3:35',
      'DATABASE_URL@4:16 index os.environ[] !',
      'PORT@5:12 get os.getenv = 5000@5:30',
      'DJANGO_SETTINGS_MODULE@6:1 default os.environ.setdefault = "site.settings"@6:49',
      'null@7:8 get os.getenv',
    ]);
  });

  it('follows imported names: from os import environ, getenv as ge', () => {
    const source = lines('from os import environ, getenv as ge', "A = environ.get('A')", "B = ge('B', 'b')", "C = environ['C']");
    expect(brief(factsOf(envReads, 'python', source))).toEqual([
      'A@2:5 get environ.get',
      'B@3:5 get ge = "b"@3:13',
      'C@4:5 index environ[] !',
    ]);
  });

  it('reads python-decouple, django-environ and pydantic settings', () => {
    const source = lines(
      'from decouple import config',
      'import environ',
      'from pydantic_settings import BaseSettings',
      "env = environ.Env(DEBUG=(bool, False))",
      "SECRET_KEY = config('SECRET_KEY', default='insecure', cast=str)",
      "EMAIL_HOST = config('EMAIL_HOST')",
      "DATABASES = {'default': env.db('DATABASE_URL', default='sqlite:///db.sqlite3')}",
      "ALLOWED = env('ALLOWED_HOSTS')",
      'class Settings(BaseSettings):',
      "    database_url: str = 'postgresql://localhost/app'",
      '    secret: str',
    );
    expect(brief(factsOf(envReads, 'python', source))).toEqual([
      'DEBUG@4:19 default environ.Env = false@4:32',
      'SECRET_KEY@5:14 settings config = "insecure"@5:43',
      'EMAIL_HOST@6:14 settings config !',
      'DATABASE_URL@7:25 settings env.db = "sqlite:///db.sqlite3"@7:56',
      'ALLOWED_HOSTS@8:11 settings env !',
      'DATABASE_URL@10:5 settings BaseSettings = "postgresql://localhost/app"@10:25',
      'SECRET@11:5 settings BaseSettings !',
    ]);
  });

  it('reads the django-environ object a settings module imports from another', () => {
    const source = lines('from .base import env', "DEBUG = env.bool('DJANGO_DEBUG', False)", "CACHE = env('REDIS_URL', default='redis://redis:6379/0')");
    expect(brief(factsOf(envReads, 'python', source))).toEqual([
      'DJANGO_DEBUG@2:9 settings env.bool = false@2:34',
      'REDIS_URL@3:9 settings env = "redis://redis:6379/0"@3:34',
    ]);
  });

  it('turns calls of a wrapper defined in the file into reads of the variable they name', () => {
    const source = lines(
      'import os',
      "TIMEOUT = env_or('TIMEOUT', '30')",
      'def env_or(name, default=None):',
      '    return os.environ.get(name, default)',
    );
    expect(brief(factsOf(envReads, 'python', source))).toEqual([
      'TIMEOUT@2:11 settings env_or = "30"@2:29',
      'null@4:12 get os.environ.get = null@4:33',
    ]);
  });

  it('finds nothing in comments, strings and look-alikes', () => {
    const source = lines(
      'import os',
      "# os.getenv('IN_COMMENT', 'x')",
      "doc = \"os.environ['IN_STRING']\"",
      "settings.get('NOT_ENV', 'x')",
      "config('NOT_DECOUPLE')",
      "cache.get('KEY')",
    );
    expect(factsOf(envReads, 'python', source)).toEqual([]);
  });
});

describe('env-reads in Go', () => {
  it('reads os.Getenv and os.LookupEnv, with the fallback an emptiness test assigns', () => {
    const source = lines(
      'package main',
      'import "os"',
      'func main() {',
      '\tport := os.Getenv("PORT")',
      '\tif port == "" {',
      '\t\tport = "8080"',
      '\t}',
      '\tif secret, ok := os.LookupEnv("JWT_SECRET"); !ok {',
      '\t\tsecret = "dev-secret"',
      '\t}',
      '\thost := os.Getenv("DB_HOST")',
      '}',
    );
    expect(brief(factsOf(envReads, 'go', source))).toEqual([
      'PORT@4:10 get os.Getenv = "8080"@6:10',
      'JWT_SECRET@8:19 lookup os.LookupEnv = "dev-secret"@9:12',
      'DB_HOST@11:10 get os.Getenv',
    ]);
  });

  it('reads viper, with SetDefault as the default of a key, and instances from viper.New()', () => {
    const source = lines(
      'package config',
      'import "github.com/spf13/viper"',
      'func Load() {',
      '\tviper.SetDefault("server.port", 8080)',
      '\tv := viper.New()',
      '\tname := v.GetString("db.name")',
      '\tc.GetString("not-viper")',
      '}',
    );
    expect(brief(factsOf(envReads, 'go', source))).toEqual([
      'server.port@4:2 default viper.SetDefault = 8080@4:34',
      'db.name@6:10 settings v.GetString',
    ]);
  });

  it('reads struct tags of caarlos0/env and envconfig, and wrappers defined in the file', () => {
    const source = lines(
      'package config',
      'import "os"',
      'type Config struct {',
      '\tPort   string `env:"PORT" envDefault:"3000"`',
      '\tSecret string `envconfig:"SECRET" required:"true"`',
      '\tName   string `json:"name"`',
      '}',
      'func getEnv(key, fallback string) string {',
      '\tif value, ok := os.LookupEnv(key); ok {',
      '\t\treturn value',
      '\t}',
      '\treturn fallback',
      '}',
      'var dsn = getEnv("DATABASE_URL", "postgres://localhost/dev")',
    );
    expect(brief(factsOf(envReads, 'go', source))).toEqual([
      'PORT@4:16 settings tag env = "3000"@4:40',
      'SECRET@5:16 settings tag envconfig !',
      'null@9:18 lookup os.LookupEnv',
      'DATABASE_URL@14:11 settings getEnv = "postgres://localhost/dev"@14:34',
    ]);
  });

  it('finds nothing in comments, strings and look-alikes', () => {
    const source = lines(
      'package main',
      '// os.Getenv("IN_COMMENT")',
      'var doc = "os.Getenv(\\"IN_STRING\\")"',
      'func f() { cfg.Getenv("NOT_OS"); c.GetString("gin-context") }',
    );
    expect(factsOf(envReads, 'go', source)).toEqual([]);
  });
});
