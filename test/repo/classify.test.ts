import { describe, expect, it } from 'vitest';
import { composeVariant, isComposeFile, isDevelopmentOnly, isUnshippedGoBuild, languageOf, roleOf } from '../../src/repo/classify.js';

describe('languageOf', () => {
  it.each([
    ['src/a.ts', 'typescript'],
    ['src/a.tsx', 'typescript'],
    ['src/a.mts', 'typescript'],
    ['src/a.cts', 'typescript'],
    ['src/a.js', 'javascript'],
    ['src/a.jsx', 'javascript'],
    ['src/a.mjs', 'javascript'],
    ['src/a.cjs', 'javascript'],
    // express-generator's extensionless start script
    ['bin/www', 'javascript'],
    ['api/bin/www', 'javascript'],
    ['www', 'other'],
    ['bin/www-data', 'other'],
    ['public/www', 'other'],
    ['package.json', 'json'],
    ['tsconfig.jsonc', 'json'],
    ['.github/workflows/ci.yml', 'yaml'],
    ['pnpm-workspace.yaml', 'yaml'],
    ['pyproject.toml', 'toml'],
    ['Dockerfile', 'dockerfile'],
    ['docker/Dockerfile.prod', 'dockerfile'],
    ['Dockerfile-arm', 'dockerfile'],
    ['Dockerfile_build', 'dockerfile'],
    ['api.dockerfile', 'dockerfile'],
    ['Containerfile', 'dockerfile'],
    ['Dockerfile.dockerignore', 'other'],
    ['scripts/run.sh', 'shell'],
    ['scripts/run.bash', 'shell'],
    ['scripts/run.zsh', 'shell'],
    ['.env', 'env'],
    ['.env.example', 'env'],
    ['config/production.env', 'env'],
    ['app/main.py', 'python'],
    ['cmd/main.go', 'go'],
    ['lib/app.rb', 'ruby'],
    ['README.md', 'markdown'],
    ['docs/page.mdx', 'markdown'],
    ['prisma/schema.prisma', 'prisma'],
    ['Procfile', 'text'],
    ['Procfile.dev', 'text'],
    ['requirements.txt', 'text'],
    ['Makefile', 'other'],
    ['.gitignore', 'other'],
    ['logo.png', 'binary'],
    ['fonts/inter.woff2', 'binary'],
    ['LICENSE', 'other'],
  ] as const)('%s -> %s', (path, language) => {
    expect(languageOf(path)).toBe(language);
  });
});

describe('roleOf', () => {
  it.each([
    // vendored wins over everything
    ['vendor/lib/a.js', 'vendored'],
    ['third_party/x/test/a.test.js', 'vendored'],
    ['third-party/README.md', 'vendored'],
    ['bower_components/jquery/jquery.min.js', 'vendored'],
    // browser libraries copied into a served folder
    ['public/libs/chart/chart.js', 'vendored'],
    ['public/vendor/bootstrap/js/bootstrap.js', 'vendored'],
    ['static/js/lib/jquery.js', 'vendored'],
    ['app/static/lib/moment.js', 'vendored'],
    ['assets/plugins/select2/select2.js', 'vendored'],
    ['app/static/app/vendors/turf/area/index.js', 'vendored'],
    // generated
    ['public/app.min.js', 'generated'],
    ['public/app.bundle.js', 'generated'],
    ['types/index.d.ts', 'generated'],
    ['src/api.generated.ts', 'generated'],
    ['src/__generated__/schema.ts', 'generated'],
    ['public/app.js.map', 'generated'],
    ['test/types.d.ts', 'generated'],
    // test: folders and names, and test wins over config and docs
    ['test/a.ts', 'test'],
    ['tests/a.py', 'test'],
    ['src/__tests__/a.tsx', 'test'],
    ['spec/a_spec.rb', 'test'],
    ['e2e/login.ts', 'test'],
    ['cypress/support/commands.js', 'test'],
    ['src/__mocks__/fs.ts', 'test'],
    ['src/__snapshots__/a.test.ts.snap', 'test'],
    ['fixtures/app/Dockerfile', 'test'],
    ['__fixtures__/a.json', 'test'],
    ['pkg/testdata/input.txt', 'test'],
    ['src/a.test.ts', 'test'],
    ['src/a.spec.js', 'test'],
    ['pkg/server_test.go', 'test'],
    ['app/test_models.py', 'test'],
    ['jest.setup.ts', 'test'],
    ['src/setupTests.ts', 'test'],
    ['test/README.md', 'test'],
    ['test/jest.config.js', 'test'],
    ['docs/examples/test/a.ts', 'test'],
    ['api/tests.py', 'test'],
    ['api/services/api_tests.py', 'test'],
    ['app/views_tests.py', 'test'],
    ['conftest.py', 'test'],
    ['scripts/test-environments/oidc/compose.yml', 'test'],
    ['integration_tests/a.go', 'test'],
    ['testing/config.mysql.yml', 'test'],
    ['app/testing/helpers.py', 'test'],
    ['frontend/app/__stubs__/jwt.ts', 'test'],
    ['e2e-utils/login.ts', 'test'],
    ['app/static/app/unittests/format.js', 'test'],
    ['netbox/netbox/configuration_testing.py', 'test'],
    // a package's test-support module (pyramid.testing, flask.testing): helpers its tests and plugins' tests import
    ['blog/core/testing.py', 'test'],
    ['blog/core/retesting.py', 'source'],
    ['netbox/netbox/configuration_example.py', 'docs'],
    ['config.sample.yml', 'docs'],
    ['app/settings/local.py.sample', 'docs'],
    ['config/config.json.example', 'docs'],
    ['src/pretalx.example.cfg', 'docs'],
    ['.env.example', 'config'],
    ['src/load_sample.py', 'source'],
    ['packages/trpc/testUtils.ts', 'test'],
    ['src/test-helpers.js', 'test'],
    ['app/test_utils.py', 'test'],
    ['src/testimonials.ts', 'source'],
    ['src/contest.ts', 'source'],
    ['test-core-ci.ini', 'test'],
    ['client/.snapshots/TestHandler-create.json', 'test'],
    ['cmd/stub/rsa.key', 'test'],
    ['ckan/config/test.ini', 'test'],
    ['config/settings.test.yml', 'test'],
    ['config/production.ini', 'config'],
    ['config/latest.json', 'config'],
    ['src/integrationtests/api.ts', 'test'],
    // docs
    ['docs/guide.ts', 'docs'],
    ['doc/a.txt', 'docs'],
    ['documentation/docusaurus.config.js', 'docs'],
    ['examples/app/Dockerfile', 'docs'],
    ['example/index.js', 'docs'],
    ['samples/a.js', 'docs'],
    ['README.md', 'docs'],
    ['packages/a/CHANGELOG.md', 'docs'],
    ['LICENSE', 'docs'],
    // config
    ['package.json', 'config'],
    ['package-lock.json', 'config'],
    ['yarn.lock', 'config'],
    ['pnpm-lock.yaml', 'config'],
    ['bun.lockb', 'config'],
    ['docker-compose.yml', 'config'],
    ['Dockerfile', 'config'],
    ['.env', 'config'],
    ['Procfile', 'config'],
    ['vitest.config.ts', 'config'],
    ['next.config.mjs', 'config'],
    ['.eslintrc', 'config'],
    ['.eslintrc.cjs', 'config'],
    ['.npmrc', 'config'],
    ['.gitignore', 'config'],
    ['.nvmrc', 'config'],
    ['Jenkinsfile', 'config'],
    ['Makefile', 'config'],
    ['go.mod', 'config'],
    ['requirements-dev.txt', 'config'],
    ['pyproject.toml', 'config'],
    // source
    ['src/index.ts', 'source'],
    ['src/config.ts', 'source'],
    ['src/testing-utils.ts', 'source'],
    ['src/latest.ts', 'source'],
    ['contest/entries.py', 'source'],
    ['testimonials/page.ts', 'source'],
    ['bin/cli.js', 'source'],
    ['main.go', 'source'],
    ['prisma/schema.prisma', 'source'],
    ['scripts/deploy.sh', 'source'],
    // a served folder alone, or a lib folder outside one, is the app's own code
    ['public/js/main.js', 'source'],
    ['src/lib/db.ts', 'source'],
    ['lib/static.js', 'source'],
    // scripts a CI job runs to set up a test run, and the settings module of test runs
    ['db/create_ci_test_db.py', 'test'],
    ['scripts/ci-e2e-seed.sh', 'test'],
    ['scripts/smoketest_configuration.py', 'test'],
    ['src/hardware/raid-setup.vm.test.disabled.ts', 'test'],
    ['src/disabled.ts', 'source'],
    ['config/env/test.js', 'test'],
    ['src/config/testing.ts', 'test'],
    // ... but not the CI pipeline itself, a script for CI alone, or a test.js outside a config folder
    ['.github/workflows/ci-e2e.yml', 'config'],
    ['scripts/ci_deploy.py', 'source'],
    ['src/routes/test.js', 'source'],
    ['config/env/production.js', 'source'],
    // Postman material under a test folder is test, like any fixture
    ['test/postman/api.postman_collection.json', 'test'],
    ['tests/postman/local.postman_environment.json', 'test'],
    // mocks, integration-test suites, test setup and credentials modules, developer task runners
    ['backend/src/database/mock/provider.ts', 'test'],
    ['internal/rest/mocks/article_service.go', 'test'],
    ['internal/suites/OIDC/configuration.yml', 'test'],
    ['internal/suites/const.go', 'test'],
    ['apps/web/vitestSetup.ts', 'test'],
    ['jest-setup.js', 'test'],
    ['packages/db/src/testCredentials.ts', 'test'],
    ['noxfile.py', 'test'],
    ['fabfile.py', 'test'],
    ['src/mockingbird.ts', 'source'],
    ['app/tasks.py', 'source'],
    // a developer environment's folder at the top, but not a development folder deeper down
    ['development/nautobot_config.py', 'test'],
    ['development/kubernetes/dev-env-configmap.yaml', 'test'],
    ['docker/development/Dockerfile', 'config'],
    ['config/development/__init__.py', 'source'],
    ['app/settings/development.py', 'source'],
    // load-test suites drive traffic at a deploy: test material, whatever tool they are for
    ['.artillery/config/prod.mjs', 'test'],
    ['perf/k6/scenarios/login.js', 'test'],
    ['locust/locustfile.py', 'test'],
    ['loadtests/config.yml', 'test'],
    ['src/loadtest.ts', 'source'],
    // hidden and tool-ignored example folders are examples too
    ['.examples/compose-postgres/compose.yaml', 'docs'],
    ['backend/_examples/plugin/main.go', 'docs'],
    ['_example/main.go', 'docs'],
    ['src/_internal/main.go', 'source'],
  ] as const)('%s -> %s', (path, role) => {
    expect(roleOf(path)).toBe(role);
  });
});

describe('isDevelopmentOnly', () => {
  it.each([
    ['Dockerfile.dev', true],
    ['docker/dev.Dockerfile', true],
    ['.gitpod.Dockerfile', true],
    ['maildev.Dockerfile', true],
    ['frontend/Dockerfile.playwright', true],
    ['.devcontainer/Dockerfile', true],
    ['.devcontainer/devcontainer.json', true],
    ['docker-compose.override.yml', true],
    ['compose.test.yaml', true],
    ['docker-compose.integration.yml', true],
    ['Dockerfile.integration', true],
    ['Dockerfile', false],
    ['Dockerfile.alpine', false],
    ['Dockerfile.prod', false],
    ['api.dockerfile', false],
    ['docker-compose.yml', false],
    ['compose.prod.yaml', false],
    ['quickstart-postgres.yml', true],
    ['docker-compose.quickstart.yml', true],
    ['Procfile.dev', true],
    ['devtools/Dockerfile', false],
    // compose files in a folder named for development or a test run
    ['docker/regtest/docker-compose.yml', true],
    ['dev/docker-compose.yml', true],
    ['docker-compose.regtest.yml', true],
    ['deploy/docker-compose.yml', false],
    // ... but no other file there: a Dockerfile there may still be what production builds
    ['docker/dev/Dockerfile', false],
    ['dev/config.toml', false],
    ['src/integration/stripe.ts', false],
  ] as const)('%s -> %s', (path, expected) => {
    expect(isDevelopmentOnly(path)).toBe(expected);
  });
});

describe('isComposeFile', () => {
  it('knows compose files by every spelling of their name, and what the name adds', () => {
    for (const path of ['compose.yaml', 'docker-compose.yml', 'deploy/docker_compose.yaml', 'podman-compose.yml', 'docker-compose.prod.yml', 'compose_test.yml']) {
      expect(isComposeFile(path)).toBe(true);
    }
    for (const path of ['composer.json', 'docker-compose.md', 'compose.ts', 'my-compose.yml']) expect(isComposeFile(path)).toBe(false);
    expect(composeVariant('zarf/compose/docker_compose.yaml')).toBe('');
    expect(composeVariant('docker-compose.override.yml')).toBe('.override');
    expect(isDevelopmentOnly('docker_compose_dev.yml')).toBe(true);
  });
});

describe('roleOf (Go test-support packages)', () => {
  it('takes httptest-style packages for test code, and words that only end in "test" for source', () => {
    expect(roleOf('app/sdk/apitest/keystore.go')).toBe('test');
    expect(roleOf('business/sdk/dbtest/dbtest.go')).toBe('test');
    expect(roleOf('internal/testutil/db.go')).toBe('test');
    expect(roleOf('internal/latest/release.go')).toBe('source');
    expect(roleOf('internal/contest/score.go')).toBe('source');
    expect(roleOf('web/apitest/helpers.ts')).toBe('source');
  });
});

describe('Go build constraints', () => {
  it('keeps files built only for generators, tools, tests and debug builds out of the shipped binary', () => {
    expect(isUnshippedGoBuild('//go:build ignore\n\npackage main\n')).toBe(true);
    expect(isUnshippedGoBuild('// Copyright\n\n//go:build e2etest\n\npackage service\n')).toBe(true);
    expect(isUnshippedGoBuild('//go:build linux && integration\n\npackage store\n')).toBe(true);
    expect(isUnshippedGoBuild('// +build tools\n\npackage tools\n')).toBe(true);
  });

  it('leaves platform constraints, negations and alternatives in the binary', () => {
    expect(isUnshippedGoBuild('//go:build linux\n\npackage main\n')).toBe(false);
    expect(isUnshippedGoBuild('//go:build !e2etest\n\npackage service\n')).toBe(false);
    expect(isUnshippedGoBuild('//go:build dev || linux\n\npackage main\n')).toBe(false);
    expect(isUnshippedGoBuild('// +build linux darwin\n\npackage main\n')).toBe(false);
    expect(isUnshippedGoBuild('package main\n\n//go:build ignore\n')).toBe(false);
  });
});

