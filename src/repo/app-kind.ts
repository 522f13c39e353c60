/**
 * What kind of process an app runs, with the evidence, so rules can tell "n/a" from "pass"
 * (a library is not failed for lacking a SIGTERM handler). Only runtime dependencies count:
 * express in devDependencies serves tests, not traffic.
 */
import { parse as parseYaml } from 'yaml';
import type { AppKind } from '../types.js';
import { QUEUE_CONSUMERS, WEB_FRAMEWORKS } from '../rule-kit/packages.js';
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
