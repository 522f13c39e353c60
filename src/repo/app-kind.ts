/**
 * What kind of process an app runs, with the evidence, so rules can tell "n/a" from "pass"
 * (a library is not failed for lacking a SIGTERM handler). Only runtime dependencies count:
 * express in devDependencies serves tests, not traffic.
 */
import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { AUDITED_YAML } from '../parse/data.js';
import { formatKeyPath } from '../config/key-path.js';
import type { ConfiguredKinds } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { AppFacts, AppKind } from '../types.js';
import { didYouMean } from '../util/suggest.js';
import { QUEUE_CONSUMERS, WEB_FRAMEWORKS } from '../knowledge/packages.js';
import { GO_QUEUE_CONSUMERS, GO_WEB_FRAMEWORKS, goModuleBase, PYTHON_QUEUE_CONSUMERS, PYTHON_WEB_FRAMEWORKS } from '../knowledge/python-go-packages.js';
import { pythonServerIn, pythonWorkerIn, type ProcessCommand } from './commands.js';
import { isRecord } from '../util/is-record.js';
import type { FileStore } from './store.js';

const SERVER_PACKAGES = new Set<string>(WEB_FRAMEWORKS);
const WORKER_PACKAGES = new Set<string>(QUEUE_CONSUMERS);

export interface KindEvidence {
  /** Runtime dependency names (dependencies + optional + peer). */
  dependencies: readonly string[];
  hasBin: boolean;
  procfile?: string;
  dockerfiles: readonly string[];
  composeFiles: readonly string[];
  /** Dependencies the app's Python manifests declare (normalised names). */
  pythonDependencies?: readonly string[];
  /** It packages code for other projects to import, declaring no commands to run (`isImportablePythonPackage`). */
  importablePythonPackage?: boolean;
  /** Modules its go.mod requires. */
  goDependencies?: readonly string[];
  /** What its Procfile and Dockerfiles run. */
  commands?: readonly ProcessCommand[];
  /** Its entry points: read for a Python framework import, a Go main package, a `__main__` guard. */
  entryPoints?: readonly string[];
  /** Its Go source files, tests aside: `ListenAndServe` in any of them serves requests. */
  goSources?: readonly string[];
}

/** Strongest evidence first: a server beats a queue consumer beats a `bin`. */
export function appKind(evidence: KindEvidence, store: FileStore): { kind: AppKind; kindReason: string } {
  const server =
    evidence.dependencies.find((name) => SERVER_PACKAGES.has(name)) ??
    (isReusablePythonApp(evidence) ? undefined : firstKnown(evidence.pythonDependencies, PYTHON_WEB_FRAMEWORKS, (name) => name)) ??
    firstKnown(evidence.goDependencies, GO_WEB_FRAMEWORKS, goModuleBase);
  if (server) return { kind: 'service', kindReason: `depends on ${server}` };

  const processes = evidence.procfile ? procfileProcesses(store.text(evidence.procfile) ?? '') : [];
  if (processes.includes('web')) return { kind: 'service', kindReason: `${evidence.procfile} declares a web process` };

  for (const dockerfile of evidence.dockerfiles) {
    const port = exposedPort(store.text(dockerfile) ?? '');
    if (port) return { kind: 'service', kindReason: `${dockerfile} exposes port ${port}` };
  }
  for (const composeFile of evidence.composeFiles) {
    const service = publishingBuiltService(store.text(composeFile) ?? '');
    if (service) return { kind: 'service', kindReason: `${composeFile} builds service "${service}" and publishes its ports` };
  }

  const commands = evidence.commands ?? [];
  for (const { file, command } of commands) {
    const runner = pythonServerIn(command);
    if (runner) return { kind: 'service', kindReason: `${file} runs ${runner}` };
  }
  const sourceServer = serverInSource(evidence, store);
  if (sourceServer) return { kind: 'service', kindReason: sourceServer };

  const consumer =
    evidence.dependencies.find((name) => WORKER_PACKAGES.has(name)) ??
    firstKnown(evidence.pythonDependencies, PYTHON_QUEUE_CONSUMERS, (name) => name) ??
    firstKnown(evidence.goDependencies, GO_QUEUE_CONSUMERS, goModuleBase);
  if (consumer) return { kind: 'worker', kindReason: `depends on ${consumer} and on no server framework` };
  // Heroku names process types freely (`worker`, `jobs`, `clock`); any but `release` is a worker.
  const worker = processes.find((name) => name !== 'release');
  if (worker) return { kind: 'worker', kindReason: `${evidence.procfile} declares a ${worker} process and no web process` };
  for (const { file, command } of commands) {
    const consumerCommand = pythonWorkerIn(command);
    if (consumerCommand) return { kind: 'worker', kindReason: `${file} runs ${consumerCommand} and no server` };
  }

  if (evidence.hasBin) return { kind: 'cli', kindReason: 'package.json declares bin and no server framework' };
  const program = mainProgram(evidence.entryPoints ?? [], store);
  if (program) return { kind: 'cli', kindReason: `${program} and no server framework` };
  return { kind: 'library', kindReason: 'no server framework, queue consumer, exposed port, Procfile process or bin' };
}

/**
 * A reusable app published for other projects to install (a Django app, a Flask extension): it
 * depends on the framework but has nothing that runs it here, no entry point (`manage.py`,
 * `wsgi.py`, `app.py`), Dockerfile, compose file or Procfile. Such a package is a library.
 */
function isReusablePythonApp(evidence: KindEvidence): boolean {
  if (evidence.importablePythonPackage !== true || evidence.procfile !== undefined || evidence.dockerfiles.length > 0 || evidence.composeFiles.length > 0) return false;
  return !(evidence.entryPoints ?? []).some((path) => path.endsWith('.py'));
}

/**
 * The dependency that is the first of `known` (lists run from the framework to the servers that host
 * it, so a gin app that also uses beego's validation is named for gin), as the manifest writes it.
 */
function firstKnown(dependencies: readonly string[] | undefined, known: readonly string[], key: (name: string) => string): string | undefined {
  if (dependencies === undefined || dependencies.length === 0) return undefined;
  const byKey = new Map(dependencies.map((name) => [key(name), name]));
  for (const name of known) {
    const declared = byKey.get(name);
    if (declared !== undefined) return declared;
  }
  return undefined;
}

const PYTHON_FRAMEWORK_IMPORT =
  /^[ \t]*(?:from|import)[ \t]+(flask|django|fastapi|starlette|sanic|tornado|quart|falcon|bottle|pyramid|litestar)\b|^[ \t]*(?:from[ \t]+aiohttp[ \t]+import[^\n]*\b(web)\b|(?:from|import)[ \t]+aiohttp\.(web)\b)/m;
const GO_LISTEN = /\b(ListenAndServe(?:TLS)?|http\.Serve)[ \t]*\(/;

/** A web framework imported by a Python entry point, or an HTTP server started in the Go source. */
function serverInSource(evidence: KindEvidence, store: FileStore): string | undefined {
  for (const path of (evidence.entryPoints ?? []).filter((entry) => entry.endsWith('.py'))) {
    const match = PYTHON_FRAMEWORK_IMPORT.exec(store.text(path) ?? '');
    if (match) return `${path} imports ${match[1] ?? 'aiohttp.web'}`;
  }
  for (const path of evidence.goSources ?? []) {
    const call = goCode(store.text(path) ?? '').find((line) => GO_LISTEN.test(line));
    if (call) return `${path} calls ${GO_LISTEN.exec(call)![1]}`;
  }
  return undefined;
}

/** Lines of Go code with their `//` comments and the lines of `/* ... *\/` blocks left out. */
function goCode(text: string): string[] {
  const lines: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (inBlock) {
      inBlock = !line.includes('*/');
      continue;
    }
    const trimmed = line.trimStart();
    if (trimmed.startsWith('/*')) {
      inBlock = !trimmed.includes('*/');
      continue;
    }
    const comment = line.indexOf('//');
    lines.push(comment === -1 ? line : line.slice(0, comment));
  }
  return lines;
}

/** An entry point that is a program: a Go `package main`, a Python `__main__.py` or `if __name__ == '__main__':` script. */
function mainProgram(entryPoints: readonly string[], store: FileStore): string | undefined {
  for (const path of entryPoints) {
    if (path.endsWith('.go') && /^package[ \t]+main\b/m.test(store.text(path) ?? '')) return `${path} is a Go main package`;
    if (path.endsWith('/__main__.py') || path === '__main__.py') return `${path} runs as a Python program`;
    if (path.endsWith('.py') && /^if[ \t]+__name__[ \t]*==[ \t]*['"]__main__['"]/m.test(store.text(path) ?? '')) return `${path} runs as a Python program`;
  }
  return undefined;
}

/** Process type names of a Procfile (`web: node server.js` -> `web`). */
function procfileProcesses(text: string): string[] {
  return [...text.matchAll(/^([A-Za-z0-9_-]+)\s*:/gm)].map((match) => match[1] ?? '');
}

/** The first port of the first `EXPOSE` instruction (case-insensitive, like Docker). */
function exposedPort(text: string): string | undefined {
  return /^\s*EXPOSE\s+(\S+)/im.exec(text)?.[1];
}

/**
 * A compose service built from source that publishes ports is this app serving traffic; one that
 * only pulls an image (postgres for tests) says nothing about the app.
 */
function publishingBuiltService(text: string): string | undefined {
  let document: unknown;
  try {
    document = parseYaml(text, AUDITED_YAML);
  } catch {
    // A broken compose file is the engine's to report; here it is merely no evidence.
    return undefined;
  }
  if (!isRecord(document) || !isRecord(document.services)) return undefined;
  for (const [name, service] of Object.entries(document.services)) {
    if (isRecord(service) && service.build !== undefined && (service.ports !== undefined || service.expose !== undefined)) return name;
  }
  return undefined;
}


/**
 * Apps with the kind the config sets for them, guessed kind kept in the reason. A key that names no
 * app is an error when the config lies in the audited folder; a config found above it (a monorepo's
 * root config while one app is audited) names apps that are not audited, so its other keys are left.
 */
export function withConfiguredKinds(apps: readonly AppFacts[], configured: ConfiguredKinds | undefined): AppFacts[] {
  if (configured === undefined) return [...apps];
  const entries = Object.entries(configured.kinds);
  const matches = (key: string, app: AppFacts): boolean => {
    const path = normalisedPath(key);
    return key === app.name || path === app.path || path === posix.join(configured.rootFromConfig || '.', app.path);
  };
  if (configured.rootFromConfig === '') {
    const unmatched = entries.filter(([key]) => !apps.some((app) => matches(key, app)));
    if (unmatched.length > 0) {
      const candidates = [...new Set(apps.flatMap((app) => [app.name, app.path]))];
      const problems = unmatched.map(([key]) => `  - ${formatKeyPath(['apps', key])}: no app has this name or path${didYouMean(key, candidates)}`);
      throw new UsageError(`Invalid config ${configured.source}:\n${problems.join('\n')}\n  (apps: ${apps.map((app) => `${app.name} at ${app.path}`).join(', ')})`);
    }
  }
  return apps.map((app) => {
    const kind = entries.find(([key]) => matches(key, app))?.[1];
    if (kind === undefined) return app;
    const guessed = kind === app.kind ? `also the guess: ${app.kindReason}` : `guessed ${app.kind}: ${app.kindReason}`;
    return { ...app, kind, kindReason: `set in ${configured.source} (${guessed})` };
  });
}

function normalisedPath(key: string): string {
  const path = posix.normalize(key.replace(/\\/g, '/')).replace(/\/+$/, '');
  return path === '' ? '.' : path;
}
