/**
 * What a file is (language) and what it is for (role), from its repo-relative POSIX path alone.
 * Pure: no disk access, so the same path always classifies the same way.
 */
import { isNodeScriptPath } from '../parse/typescript.js';
import type { FileRole, Language } from '../types.js';

const LANGUAGE_BY_EXTENSION: Readonly<Record<string, Language>> = {
  ts: 'typescript',
  tsx: 'typescript',
  mts: 'typescript',
  cts: 'typescript',
  js: 'javascript',
  jsx: 'javascript',
  mjs: 'javascript',
  cjs: 'javascript',
  json: 'json',
  jsonc: 'json',
  yml: 'yaml',
  yaml: 'yaml',
  toml: 'toml',
  dockerfile: 'dockerfile',
  sh: 'shell',
  bash: 'shell',
  zsh: 'shell',
  // `production.env` style files hold the same KEY=value pairs as `.env`.
  env: 'env',
  py: 'python',
  go: 'go',
  rb: 'ruby',
  md: 'markdown',
  mdx: 'markdown',
  prisma: 'prisma',
  txt: 'text',
  ...Object.fromEntries(
    // Images, fonts, archives, media, documents and compiled objects: never text a rule could read.
    ('png jpg jpeg gif webp bmp ico icns tif tiff psd avif heic woff woff2 ttf otf eot zip gz tgz bz2 xz 7z rar jar war ' +
      'mp3 mp4 m4a wav ogg webm mov avi mkv flac pdf doc docx xls xlsx ppt pptx exe dll so dylib o a class wasm node pyc bin dat db sqlite sqlite3')
      .split(' ')
      .map((extension) => [extension, 'binary']),
  ),
};

/** `Procfile`, and per-environment variants such as `Procfile.dev`. */
const PROCFILE = /^procfile(\..+)?$/i;

export function languageOf(path: string): Language {
  const name = baseName(path);
  // `Dockerfile.dockerignore` is BuildKit's per-Dockerfile ignore file, not a Dockerfile.
  if (/^(dockerfile|containerfile)([.\-_].+)?$/i.test(name) && !name.endsWith('.dockerignore')) return 'dockerfile';
  if (name === '.env' || name.startsWith('.env.')) return 'env';
  if (PROCFILE.test(name)) return 'text';
  if (isNodeScriptPath(path)) return 'javascript';
  return LANGUAGE_BY_EXTENSION[extensionOf(name)] ?? 'other';
}

const VENDORED_DIRS = new Set(['vendor', 'vendors', 'third_party', 'third-party', 'bower_components']);
/** Folders served to browsers as they are: a library copied under one of them is vendored. */
const STATIC_DIRS = new Set(['public', 'static', 'assets', 'www', 'wwwroot', 'htdocs', 'webroot']);
/** `public/libs/`, `static/js/lib/`, `assets/plugins/`: where copied browser libraries live. */
const BROWSER_LIBRARY_DIRS = new Set(['lib', 'libs', 'plugins', 'external', 'externals']);
const GENERATED_DIRS = new Set(['__generated__']);
const TEST_DIRS = new Set([
  'test',
  'tests',
  'testing',
  '__tests__',
  'spec',
  'e2e',
  'cypress',
  '__mocks__',
  '__stubs__',
  '__snapshots__',
  '.snapshots',
  'stub',
  'stubs',
  'fixtures',
  '__fixtures__',
  'testdata',
  // Mock implementations (`src/database/mock/`, mockery's `mocks/` packages) stand in for real ones in tests.
  'mock',
  'mocks',
  // Integration-test suites: the configs, keys and harness code of end-to-end runs.
  'suites',
]);
/**
 * Test-support packages by Go's naming convention (`httptest`, `apitest`, `dbtest`, `testutil`):
 * helpers only tests import, never the running binary. Words that merely end in "test" are not.
 */
const GO_TEST_PACKAGE = /^(?:[a-z0-9]+test|testutils?|testhelpers?|testing)$/;
const NOT_TEST_PACKAGE = new Set(['latest', 'contest', 'attest', 'protest', 'detest', 'greatest', 'fastest', 'smallest', 'largest', 'biggest', 'shortest', 'longest', 'newest', 'oldest']);

/**
 * `tests/`, and folders named for a kind of test material: `test-environments/`, `integration_tests/`,
 * `e2e-utils/`, `unittests/`.
 */
const TEST_DIR_NAME = /^(?:tests?|e2e)[-_]|[-_](?:tests?|e2e)$|^(?:unit|integration|functional|acceptance)tests?$/;

/**
 * Load-test suites (`.artillery/`, `k6/`, `locust/`, `loadtests/`, `load-testing/`): scenarios and
 * per-target configs of a tool that drives traffic at a deploy, never part of the app it tests.
 */
const LOAD_TEST_DIR = /^[._]?(?:artillery|k6|locust|gatling|jmeter|load[-_]?test(?:s|ing)?|stress[-_]?tests?)$/i;

function isTestDir(dir: string): boolean {
  return TEST_DIRS.has(dir) || TEST_DIR_NAME.test(dir) || LOAD_TEST_DIR.test(dir);
}

/**
 * A `development/` folder at the top of the repository holds a developer environment (its settings
 * module, env files, local Kubernetes manifests, a realm export for a local login container). Deeper
 * down it may be what production builds (`docker/development/` beside the release's Dockerfiles) or
 * a settings package's only config (`config/development/`): those are judged by name elsewhere.
 */
function isDevelopmentEnvironmentDir(dirs: readonly string[]): boolean {
  return dirs[0] === 'development';
}

function isGoTestPackage(dirs: readonly string[], name: string): boolean {
  const folder = dirs.at(-1);
  return name.endsWith('.go') && folder !== undefined && GO_TEST_PACKAGE.test(folder) && !NOT_TEST_PACKAGE.has(folder);
}

const DOCS_DIRS = new Set(['docs', 'doc', 'documentation', 'examples', 'example', 'samples', 'sample']);

/** `examples/`, and the hidden `.examples/` or Go's tool-ignored `_examples/`. */
function isDocsDir(dir: string): boolean {
  return DOCS_DIRS.has(dir.replace(/^[._]/, ''));
}

const GENERATED_NAME = /\.(min|bundle)\.[cm]?js$|\.min\.css$|\.d\.[cm]?ts$|\.generated\.|\.map$/;
const TEST_NAME =
  /\.(test|spec)\.[^.]+$|_test\.go$|^test_.+\.py$|_tests?\.py$|(?:^|_)testing\.py$|^tests?\.py$|^conftest\.py$|^(?:jest|vitest)[.-]?[Ss]etup\.[^.]+$|^setupTests\.[^.]+$|^(?:noxfile|fabfile)\.py$/;
/**
 * Helpers only tests import (`testUtils.ts`, `test-helpers.js`, `test_utils.py`, `testSetup.ts`), and the
 * config files of test runs (`test.ini`, `test-core-ci.ini`, `settings.test.yml`).
 */
const TEST_SUPPORT_NAME =
  /^tests?[-_]?(?:utils?|helpers?|setup|fixtures?|support|factories|credentials)\.[^.]+$|^(?:tests?|testing)(?:[-_.][\w.-]*)?\.(?:ini|cfg|conf|toml|ya?ml|json|properties)$|[-_.](?:tests?|testing)\.(?:ini|cfg|conf|toml|ya?ml|json|properties)$/i;
/** The settings module of test runs in a config folder: `config/env/test.js`, `config/testing.ts`. */
const TEST_SETTINGS_MODULE = /^(?:test|testing)\.[cm]?[jt]s$/;
const SETTINGS_DIRS = new Set(['config', 'configs', 'conf', 'env', 'envs', 'environments', 'settings']);
/**
 * Scripts a CI job runs to set up a test run (`create_ci_test_db.py`, `ci-e2e-setup.sh`) and those of
 * a smoke test (`smoketest_configuration.py`). Scripts only: a workflow named `ci-tests.yml` is the
 * pipeline itself.
 */
function isCiTestScript(name: string): boolean {
  if (!/\.(?:py|sh|bash|[cm]?[jt]s)$/.test(name)) return false;
  const words = name.toLowerCase().split(/[-_.]/);
  if (words.includes('smoketest')) return true;
  return words.includes('ci') && words.some((word) => word === 'test' || word === 'tests' || word === 'e2e');
}

/** A test file switched off by a suffix: `storage.vm.test.disabled.ts`, `api.spec.skip.js`. */
const DISABLED_TEST_NAME = /\.(?:test|spec)\.(?:disabled|skip|skipped|off|old)\.[^.]+$/;

function isTestName(dirs: readonly string[], name: string): boolean {
  if (TEST_NAME.test(name) || TEST_SUPPORT_NAME.test(name) || DISABLED_TEST_NAME.test(name) || isCiTestScript(name)) return true;
  return TEST_SETTINGS_MODULE.test(name) && SETTINGS_DIRS.has(dirs.at(-1) ?? '');
}

/**
 * Config templates an operator copies and edits: `configuration_example.py`, `config.sample.yml`,
 * `settings.py.sample`, `config.json.example`, `pretalx.example.cfg`. Env templates (`.env.example`)
 * keep their own handling.
 */
const EXAMPLE_CONFIG_NAME =
  /^(?!\.env)(?:[\w.-]*(?:config|configuration|settings|values|credentials|secrets|local|database)[\w.-]*[._-](?:example|sample)(?:\.[a-z0-9]+)?|[\w.-]+[._-](?:example|sample)\.(?:cfg|ini|toml|conf|properties))$/i;
const DOCS_NAME = /\.(md|mdx|rst|adoc)$|^(readme|license|licence|copying|changelog|authors|contributing)(\.txt)?$/i;

const LOCKFILES = new Set([
  'package-lock.json',
  'npm-shrinkwrap.json',
  'yarn.lock',
  'pnpm-lock.yaml',
  'bun.lock',
  'bun.lockb',
  'Gemfile.lock',
  'poetry.lock',
  'Pipfile.lock',
  'go.sum',
  'Cargo.lock',
  'composer.lock',
  'uv.lock',
  'pdm.lock',
]);

/** Lockfiles of every ecosystem; their presence matters even when they are too big to read. */
export function isLockfile(path: string): boolean {
  return LOCKFILES.has(path.slice(path.lastIndexOf('/') + 1));
}
/** Manifests and build/CI descriptors that have no telling extension. */
const CONFIG_NAMES = new Set(['Jenkinsfile', 'Makefile', 'Gemfile', 'Pipfile', 'go.mod']);
const CONFIG_LANGUAGES = new Set<Language>(['json', 'yaml', 'toml', 'env', 'dockerfile']);
/** `vite.config.ts`, `.eslintrc`, `.eslintrc.cjs`, `requirements-dev.txt`, `setup.cfg`, `app.ini`. */
const CONFIG_NAME = /\.config\.[^.]+$|^\.[^.]+rc(\.[^.]+)?$|^requirements.*\.txt$|\.(cfg|ini|conf)$/;

/**
 * Precedence, first match wins, and why:
 * 1. vendored  — not our code at all, whatever it is (its tests and docs included).
 * 2. generated — not hand-written, so findings in it cannot be fixed where they are reported.
 * 3. test      — test material is not shipped: `fixtures/x/Dockerfile`, `test/README.md` and
 *                `test/jest.config.js` are test, not config or docs. A test folder wins over a docs
 *                folder too (`docs/examples/test/x.ts` is test).
 * 4. docs      — docs folders and prose (`examples/app/Dockerfile` documents, it does not deploy).
 * 5. config    — data and tool configuration (lockfiles included: written by tools, but they are the
 *                dependency config rules inspect).
 * 6. source    — everything else.
 */
/** Build tags of binaries that never ship: code generators (`ignore`), tool pins, test and debug builds. */
const NOT_SHIPPED_TAG = /^(?:ignore|tools|generate|gen|e2e\w*|\w*test\w*|integration|mock\w*|examples?|debug|dev)$/i;

/**
 * A Go file whose build constraint keeps it out of the production binary (`//go:build ignore` above a
 * code generator, `//go:build e2etest` above a fixture seeder): its head, up to the package clause,
 * holds a constraint that needs such a tag (a conjunction with no negation). It is test material.
 */
export function isUnshippedGoBuild(head: string): boolean {
  for (const line of head.split('\n')) {
    const text = line.trim();
    if (text.startsWith('package ')) return false;
    // `//go:build a && b`; the old `// +build a,b` (a space there means "or").
    const modern = /^\/\/go:build\s+(.+)$/.exec(text)?.[1];
    const legacy = /^\/\/\s*\+build\s+(\S+)$/.exec(text)?.[1];
    const tags = modern !== undefined && !/\|\||!/.test(modern) ? modern.split(/[\s&()]+/) : legacy !== undefined && !legacy.includes('!') ? legacy.split(',') : [];
    if (tags.some((tag) => NOT_SHIPPED_TAG.test(tag))) return true;
  }
  return false;
}

export function roleOf(path: string): FileRole {
  const dirs = path.split('/');
  const name = dirs.pop() ?? path;
  if (dirs.some((dir) => VENDORED_DIRS.has(dir)) || isBrowserLibrary(dirs)) return 'vendored';
  if (dirs.some((dir) => GENERATED_DIRS.has(dir)) || GENERATED_NAME.test(name)) return 'generated';
  if (dirs.some(isTestDir) || isTestName(dirs, name) || isGoTestPackage(dirs, name) || isDevelopmentEnvironmentDir(dirs)) return 'test';
  if (dirs.some(isDocsDir) || DOCS_NAME.test(name) || EXAMPLE_CONFIG_NAME.test(name)) return 'docs';
  if (isConfigName(name)) return 'config';
  return 'source';
}

function isBrowserLibrary(dirs: readonly string[]): boolean {
  const served = dirs.findIndex((dir) => STATIC_DIRS.has(dir));
  return served !== -1 && dirs.slice(served + 1).some((dir) => BROWSER_LIBRARY_DIRS.has(dir));
}

/** Name words of developer environments: `Dockerfile.dev`, `compose.override.yml`, `.gitpod.Dockerfile`. */
const DEVELOPMENT_WORD = /(?:^|[.\-_])(?:dev|develop|development|local|override|debug|test|tests|testing|e2e|integration|regtest|ci|gitpod|devcontainer|quickstart)(?:[.\-_]|$)/i;
/** Images of local stand-ins and test runners (`maildev.Dockerfile`, `Dockerfile.playwright`). */
const DEVELOPMENT_TOOL = /(?:^|[.\-_])(?:maildev|mailhog|mailpit|mailcatcher|smtp4dev|adminer|pgadmin|localstack|playwright|cypress|storybook)(?:[.\-_]|$)/i;

/**
 * Deploy descriptors and env files for a developer's machine or a test run, never what production
 * runs: anything under `.devcontainer/`, files named for development (`Dockerfile.dev`,
 * `dev.Dockerfile`, `.gitpod.Dockerfile`, `maildev.Dockerfile`, `docker-compose.override.yml`,
 * `compose.test.yaml`, `Procfile.dev`), and compose files in a folder named so
 * (`dev/docker-compose.yml`, `docker/regtest/docker-compose.yml`: a regression-test network). A
 * Dockerfile in such a folder may still be what production builds (process-commands weighs that).
 * Judged by name alone: call it on descriptors, not on source.
 */
export function isDevelopmentOnly(path: string): boolean {
  const dirs = path.split('/');
  const name = dirs.pop() ?? path;
  if (dirs.includes('.devcontainer')) return true;
  const variant = composeVariant(path);
  if (variant !== undefined && DEVELOPMENT_WORD.test(dirs.at(-1) ?? '')) return true;
  const rest = variant ?? name.replace(/^(?:dockerfile|containerfile)/i, '');
  return DEVELOPMENT_WORD.test(rest) || DEVELOPMENT_TOOL.test(rest);
}

const COMPOSE_NAME = /^(?:docker[-_]|podman[-_])?compose((?:[.\-_][^/]*)?)\.ya?ml$/i;

/**
 * What a compose file's name adds to `compose`: `.prod` for `docker-compose.prod.yml`, `` for
 * `compose.yaml`, `_test` for `docker_compose_test.yml`; undefined when the file is no compose file.
 */
export function composeVariant(path: string): string | undefined {
  return COMPOSE_NAME.exec(path.slice(path.lastIndexOf('/') + 1))?.[1];
}

/** `docker-compose.yml`, `compose.prod.yaml`, `podman-compose.yml`, `docker_compose.yaml`. */
export function isComposeFile(path: string): boolean {
  return composeVariant(path) !== undefined;
}

function isConfigName(name: string): boolean {
  if (LOCKFILES.has(name) || CONFIG_NAMES.has(name) || CONFIG_NAME.test(name)) return true;
  const language = languageOf(name);
  if (CONFIG_LANGUAGES.has(language) || PROCFILE.test(name)) return true;
  // `.gitignore`, `.dockerignore`, `.editorconfig`, `.node-version`, `.tool-versions`: dotfiles
  // without a code extension configure tools.
  return name.startsWith('.') && language === 'other';
}

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Lower-cased extension without the dot; '' when the name has none (a leading dot does not count). */
function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}
