/**
 * What kind of process an app runs, with the evidence, so rules can tell "n/a" from "pass"
 * (a library is not failed for lacking a SIGTERM handler). Only runtime dependencies count:
 * express in devDependencies serves tests, not traffic.
 */
import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { formatKeyPath } from '../config/key-path.js';
import type { ConfiguredKinds } from '../config/types.js';
import { UsageError } from '../errors.js';
import type { AppFacts, AppKind } from '../types.js';
import { didYouMean } from '../util/suggest.js';
import { QUEUE_CONSUMERS, WEB_FRAMEWORKS } from '../knowledge/packages.js';
import { isRecord } from './manifest.js';
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
}

/** Strongest evidence first: a server beats a queue consumer beats a `bin`. */
export function appKind(evidence: KindEvidence, store: FileStore): { kind: AppKind; kindReason: string } {
  const server = evidence.dependencies.find((name) => SERVER_PACKAGES.has(name));
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

  const consumer = evidence.dependencies.find((name) => WORKER_PACKAGES.has(name));
  if (consumer) return { kind: 'worker', kindReason: `depends on ${consumer} and on no server framework` };
  // Heroku names process types freely (`worker`, `jobs`, `clock`); any but `release` is a worker.
  const worker = processes.find((name) => name !== 'release');
  if (worker) return { kind: 'worker', kindReason: `${evidence.procfile} declares a ${worker} process and no web process` };

  if (evidence.hasBin) return { kind: 'cli', kindReason: 'package.json declares bin and no server framework' };
  return { kind: 'library', kindReason: 'no server framework, queue consumer, exposed port, Procfile process or bin' };
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
    document = parseYaml(text);
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
