import { describe, expect, it } from 'vitest';
import { detectApps } from '../../src/repo/apps.js';
import { FileStore } from '../../src/repo/store.js';
import { walkRepo } from '../../src/repo/walk.js';
import { makeTree } from './tree.js';

function appsOf(tree: Record<string, string>) {
  const root = makeTree(tree);
  const { files } = walkRepo(root, { ignore: [], maxFileSize: 1024 * 1024 });
  return detectApps(files, new FileStore(root));
}

/** The facts these tests are about, one app at a time. */
function summary(tree: Record<string, string>) {
  return appsOf(tree).map(({ path, kind, kindReason, dependencies, devDependencies, entryPoints }) => ({
    path,
    kind,
    kindReason,
    dependencies,
    devDependencies,
    entryPoints,
  }));
}

describe('Python apps', () => {
  it('reads requirements files, runtime and development apart, and is a service with Flask', () => {
    expect(
      summary({
        'requirements.txt': '# web\nFlask==3.0.0\ngunicorn>=21  # server\n-r requirements/base.txt\n-e .\n',
        'requirements/base.txt': 'SQLAlchemy[asyncio]~=2.0\n',
        'requirements-dev.txt': 'pytest\nflask\n',
        'app.py': 'from flask import Flask\napp = Flask(__name__)\n',
      }),
    ).toEqual([
      {
        path: '.',
        kind: 'service',
        kindReason: 'depends on flask',
        dependencies: ['flask', 'gunicorn', 'sqlalchemy'],
        devDependencies: ['pytest'],
        entryPoints: ['app.py'],
      },
    ]);
  });

  it('reads poetry tables and finds Django entry points wherever the project keeps them', () => {
    expect(
      summary({
        'pyproject.toml': [
          '[tool.poetry]',
          'name = "blog"',
          '[tool.poetry.dependencies]',
          'python = "^3.12"',
          'Django = "^5.0"',
          'psycopg2-binary = { version = "^2.9" }',
          '[tool.poetry.group.dev.dependencies]',
          'pytest-django = "*"',
          '',
        ].join('\n'),
        'manage.py': "if __name__ == '__main__':\n    main()\n",
        'blog/wsgi.py': 'application = get_wsgi_application()\n',
        'blog/asgi.py': '',
        'blog/settings.py': 'DEBUG = True\n',
      }),
    ).toEqual([
      {
        path: '.',
        kind: 'service',
        kindReason: 'depends on django',
        dependencies: ['django', 'psycopg2-binary'],
        devDependencies: ['pytest-django'],
        entryPoints: ['blog/asgi.py', 'blog/wsgi.py', 'manage.py'],
      },
    ]);
  });

  it('reads PEP 621 dependencies and dependency groups, and the module a Dockerfile serves is an entry point', () => {
    expect(
      summary({
        'pyproject.toml': [
          '[project]',
          'name = "api"',
          'dependencies = [',
          '    "fastapi[standard]>=0.110",  # the framework',
          "    'sqlmodel',",
          ']',
          '[project.optional-dependencies]',
          's3 = ["django-storages[s3]==1.14.4"]',
          'test = [',
          '    "pytest-django",',
          ']',
          '[dependency-groups]',
          'dev = ["ruff", "mypy"]',
          '',
        ].join('\n'),
        'Dockerfile': 'FROM python:3.12\nCMD ["uvicorn", "service.main:app", "--host", "0.0.0.0"]\n',
        'service/main.py': 'app = FastAPI()\n',
      }),
    ).toEqual([
      {
        path: '.',
        kind: 'service',
        kindReason: 'depends on fastapi',
        dependencies: ['fastapi', 'sqlmodel'],
        devDependencies: ['django-storages', 'mypy', 'pytest-django', 'ruff'],
        entryPoints: ['service/main.py'],
      },
    ]);
  });

  it('is a service when its Dockerfile runs a Python server, with nothing declared', () => {
    const [app] = summary({ 'Dockerfile': 'FROM python:3.12\nCMD gunicorn --workers 2 shop.wsgi:application\n', 'shop/wsgi.py': '' });
    expect([app?.kind, app?.kindReason, app?.entryPoints]).toEqual(['service', 'Dockerfile runs gunicorn', ['shop/wsgi.py']]);
  });

  it('is a service when an entry point imports a web framework the manifests do not declare', () => {
    const [app] = summary({ 'requirements.txt': 'requests\n', 'main.py': 'import os\nfrom aiohttp import web\n' });
    expect([app?.kind, app?.kindReason]).toEqual(['service', 'main.py imports aiohttp.web']);
  });

  it('is a worker with Celery and no web framework (Pipfile), or when its Dockerfile runs a consumer', () => {
    const pipfile = summary({
      'Pipfile': '[packages]\ncelery = "*"\nredis = ">=5"\n\n[dev-packages]\n"pytest" = "*"\n',
      'tasks.py': '',
    });
    expect(pipfile).toEqual([
      { path: '.', kind: 'worker', kindReason: 'depends on celery and on no server framework', dependencies: ['celery', 'redis'], devDependencies: ['pytest'], entryPoints: [] },
    ]);
    const [command] = summary({ 'Dockerfile': 'FROM python\nCMD ["rq", "worker", "emails"]\n', 'jobs.py': '' });
    expect([command?.kind, command?.kindReason]).toEqual(['worker', 'Dockerfile runs rq and no server']);
  });

  it('is a cli when a script runs as a program, and a library otherwise (setup.py read, never run)', () => {
    const [script] = summary({ 'main.py': "def main(): pass\n\nif __name__ == '__main__':\n    main()\n", 'setup.py': "setup(install_requires=['click>=8', \"rich\"])\n" });
    expect([script?.kind, script?.kindReason, script?.dependencies]).toEqual(['cli', 'main.py runs as a Python program and no server framework', ['click', 'rich']]);
    const [library] = summary({ 'setup.cfg': '[metadata]\nname = tools\n[options]\ninstall_requires =\n    attrs\n    PyYAML>=6\n', 'tools/__init__.py': '' });
    expect([library?.kind, library?.dependencies]).toEqual(['library', ['attrs', 'pyyaml']]);
  });

  it('is a library when it packages a reusable app for the framework and has nothing that runs it', () => {
    const setup = "from setuptools import setup\nsetup(name='django-tickets', install_requires=['Django>=4.2'])\n";
    const [reusable] = summary({ 'setup.py': setup, 'tickets/__init__.py': '', 'tickets/models.py': 'from django.db import models\n', 'tests/manage.py': '' });
    expect(reusable?.kind).toBe('library');
    // the same package with a deploy of its own, or a project's manage.py, is a service
    const [deployed] = summary({ 'setup.py': setup, 'tickets/__init__.py': '', Dockerfile: 'FROM python:3.12\n' });
    expect([deployed?.kind, deployed?.kindReason]).toEqual(['service', 'depends on django']);
    const [project] = summary({ 'setup.py': setup, 'site/manage.py': '', 'tickets/__init__.py': '' });
    expect(project?.kind).toBe('service');
    const [unpackaged] = summary({ 'requirements.txt': 'django==5.0\n', 'tickets/views.py': '' });
    expect(unpackaged?.kind).toBe('service');
    // an installable application declares the command that runs it
    const application = '[build-system]\nrequires = ["setuptools"]\n[project]\nname = "reader"\ndependencies = ["flask>=3"]\n[project.scripts]\nreader = "reader:main"\n';
    const [installable] = summary({ 'pyproject.toml': application, 'reader/__init__.py': '' });
    expect([installable?.kind, installable?.kindReason]).toEqual(['service', 'depends on flask']);
  });
});

describe('Go apps', () => {
  it('reads go.mod, direct requirements only, and is a service with gin', () => {
    expect(
      summary({
        'go.mod': [
          'module github.com/example/shop',
          'go 1.22',
          'require github.com/gin-gonic/gin v1.10.0',
          'require (',
          '\tgorm.io/gorm v1.25.0 // database',
          '\tgithub.com/bytedance/sonic v1.11.6 // indirect',
          ')',
          '',
        ].join('\n'),
        'main.go': 'package main\n\nfunc main() {}\n',
      }),
    ).toEqual([
      {
        path: '.',
        kind: 'service',
        kindReason: 'depends on github.com/gin-gonic/gin',
        dependencies: ['github.com/gin-gonic/gin', 'gorm.io/gorm'],
        devDependencies: [],
        entryPoints: ['main.go'],
      },
    ]);
  });

  it('is a service when its code calls net/http ListenAndServe, and cmd/*/main.go are entry points', () => {
    expect(
      summary({
        'go.mod': 'module example.com/api\n\ngo 1.22\n',
        'cmd/api/main.go': 'package main\n\nfunc main() { server.Start() }\n',
        'internal/server/server.go': 'package server\n\nfunc Start() {\n\t// not http.Serve(l, nil)\n\thttp.ListenAndServe(":8080", mux)\n}\n',
        'internal/server/server_test.go': 'package server\n',
      }),
    ).toEqual([
      {
        path: '.',
        kind: 'service',
        kindReason: 'internal/server/server.go calls ListenAndServe',
        dependencies: [],
        devDependencies: [],
        entryPoints: ['cmd/api/main.go'],
      },
    ]);
  });

  it('is a cli with a main package that serves nothing (a server in a comment does not count), a worker with a queue', () => {
    const [tool] = summary({
      'go.mod': 'module example.com/tool\n',
      'main.go': '// Package main prints.\n/*\nhttp.ListenAndServe(":80", nil)\n*/\npackage main\n\nfunc main() {}\n',
    });
    expect([tool?.kind, tool?.kindReason]).toEqual(['cli', 'main.go is a Go main package and no server framework']);
    const [worker] = summary({ 'go.mod': 'module example.com/jobs\n\nrequire github.com/hibiken/asynq v0.24.1\n', 'worker.go': 'package main\n' });
    expect([worker?.kind, worker?.kindReason]).toEqual(['worker', 'depends on github.com/hibiken/asynq and on no server framework']);
  });
});

describe('apps of several languages', () => {
  it('makes an app of each folder with a manifest of its own: a Python backend beside a JavaScript frontend', () => {
    expect(
      summary({
        'README.md': '# shop\n',
        'frontend/package.json': JSON.stringify({ name: 'web', dependencies: { react: '^18' } }),
        'frontend/src/index.js': '',
        'backend/pyproject.toml': '[project]\nname = "api"\ndependencies = ["fastapi"]\n',
        'backend/app/main.py': '',
        'backend/requirements/prod.txt': 'uvicorn\n',
        'services/billing/go.mod': 'module example.com/billing\n\nrequire github.com/labstack/echo/v4 v4.11.0\n',
        'services/billing/main.go': 'package main\n',
      }),
    ).toEqual([
      { path: 'backend', kind: 'service', kindReason: 'depends on fastapi', dependencies: ['fastapi', 'uvicorn'], devDependencies: [], entryPoints: [] },
      { path: 'frontend', kind: 'library', kindReason: 'no server framework, queue consumer, exposed port, Procfile process or bin', dependencies: ['react'], devDependencies: [], entryPoints: ['frontend/src/index.js'] },
      {
        path: 'services/billing',
        kind: 'service',
        kindReason: 'depends on github.com/labstack/echo/v4',
        dependencies: ['github.com/labstack/echo/v4'],
        devDependencies: [],
        entryPoints: ['services/billing/main.go'],
      },
    ]);
  });

  it('makes no app of a module that is only named setup.py, and one of a setuptools script', () => {
    const apps = appsOf({
      'requirements.txt': 'django\n',
      'config/settings/toolbar/setup.py': 'def show_toolbar():\n    return True\n',
      'plugins/audit/setup.py': 'from setuptools import setup\nsetup(name="audit", install_requires=["requests"])\n',
    });
    expect(apps.map((app) => [app.path, app.kind, app.dependencies])).toEqual([
      ['.', 'service', ['django']],
      ['plugins/audit', 'library', ['requests']],
    ]);
  });

  it('keeps a Go module inside a workspace member part of that member, and adds one outside the members', () => {
    const apps = appsOf({
      'package.json': JSON.stringify({ private: true, workspaces: ['packages/*'] }),
      'packages/ui/package.json': JSON.stringify({ name: 'ui' }),
      'packages/ui/tools/go.mod': 'module example.com/ui-tools\n',
      'api/go.mod': 'module example.com/api\n\nrequire github.com/go-chi/chi/v5 v5.0.12\n',
      'api/main.go': 'package main\n',
    });
    expect(apps.map((app) => [app.path, app.kind])).toEqual([
      ['api', 'service'],
      ['packages/ui', 'library'],
    ]);
  });
});

describe('Python and Go app names', () => {
  it('come from the project, not from the folder the checkout happens to be in', () => {
    const names = (tree: Record<string, string>) => appsOf(tree).map(({ path, name }) => `${path} ${name}`);
    expect(names({ 'pyproject.toml': '[build-system]\nrequires = ["hatchling"]\n\n[project]\nname = "ledger"  # the distribution\n', 'app.py': 'print(1)\n' })).toEqual(['. ledger']);
    expect(names({ 'pyproject.toml': '[tool.poetry]\nname = "billing-api"\n', 'main.py': 'print(1)\n' })).toEqual(['. billing-api']);
    expect(names({ 'setup.cfg': '[metadata]\nname = orders\n', 'main.py': 'print(1)\n' })).toEqual(['. orders']);
    expect(names({ 'go.mod': 'module github.com/acme/shop/v2\n\ngo 1.22\n', 'main.go': 'package main\n' })).toEqual(['. shop']);
    const unnamed = names({ 'requirements.txt': 'flask\n', 'app.py': 'print(1)\n' });
    expect(unnamed).toHaveLength(1);
    expect(unnamed[0]).not.toBe('. ');
  });
});
