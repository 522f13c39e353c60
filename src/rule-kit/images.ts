/**
 * Container image references as rules meet them: their parts, the `image:` lines of YAML files, and
 * the images Kubernetes workloads run (not under kustomize, which rewrites them).
 */
import { posix } from 'node:path';
import type { RuleContext } from '../types.js';
import { asRecord, isRecord } from '../util/is-record.js';
import { isComposeFile } from '../repo/classify.js';
import { linesOf } from './text.js';

/** A variable a shell, Make, Compose or GitHub expression fills in: `$X`, `${X}`, `$(cmd)`, `${{ expr }}`, `{{.Tag}}`. */
export const IMAGE_VARIABLE = /\$\{\{[^}]*\}\}|\{\{[^}]*\}\}|\$\{[^}]*\}|\$\([^)]*\)|\$\$?[A-Za-z_][A-Za-z0-9_]*|`[^`]*`/g;

export interface ImageReference {
  name: string;
  tag?: string;
  digest?: string;
}

/** `registry:5000/org/name:tag@sha256:...` split into name, tag and digest; colons inside variables are not separators. */
export function parseImageReference(reference: string): ImageReference {
  const masked = reference.replace(IMAGE_VARIABLE, (variable) => 'v'.repeat(variable.length));
  const at = masked.indexOf('@');
  const withoutDigest = at === -1 ? masked : masked.slice(0, at);
  const colon = withoutDigest.indexOf(':', withoutDigest.lastIndexOf('/') + 1);
  const end = colon === -1 ? withoutDigest.length : colon;
  const tag = colon === -1 ? undefined : reference.slice(colon + 1, withoutDigest.length);
  return { name: reference.slice(0, end), ...(tag ? { tag } : {}), ...(at === -1 ? {} : { digest: reference.slice(at + 1) }) };
}

/** One `image:` line of a YAML text, with the column of its value. */
export interface ImageLine {
  line: number;
  column: number;
  value: string;
}

/** The `image:` lines of a YAML text, in order, so each image can be placed on its own line. */
export function imageLines(text: string): ImageLine[] {
  return linesOf(text).flatMap((line) => {
    const match = /^(\s*(?:-\s+)?image\s*:\s*)(["']?)([^"'\s#]+)\2/.exec(line.text);
    return match ? [{ line: line.line, column: (match[1]?.length ?? 0) + 1, value: match[3] ?? '' }] : [];
  });
}

const KUBERNETES_WORKLOADS = new Set(['Pod', 'Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job', 'CronJob', 'ReplicationController']);

/** The pod spec of a workload: Pod `spec`, CronJob `spec.jobTemplate.spec.template.spec`, others `spec.template.spec`. */
function podSpec(document: Record<string, unknown>): Record<string, unknown> {
  const spec = asRecord(document.spec);
  if (document.kind === 'Pod') return spec;
  if (document.kind === 'CronJob') return asRecord(asRecord(asRecord(asRecord(spec.jobTemplate).spec).template).spec);
  return asRecord(asRecord(spec.template).spec);
}

/** Container images of Kubernetes workloads (and Knative / Cloud Run services), with where each is named. */
export function workloadImages(documents: readonly unknown[]): { image: string; where: string }[] {
  return documents.filter(isRecord).flatMap((document) => {
    const knative = document.kind === 'Service' && String(document.apiVersion ?? '').startsWith('serving.knative.dev');
    if (typeof document.kind !== 'string' || (!KUBERNETES_WORKLOADS.has(document.kind) && !knative)) return [];
    const spec = podSpec(document);
    const containers = [...(Array.isArray(spec.initContainers) ? spec.initContainers : []), ...(Array.isArray(spec.containers) ? spec.containers : [])];
    return containers.flatMap((container) => {
      const { image, name } = asRecord(container);
      return typeof image === 'string' ? [{ image, where: `${document.kind} container ${String(name ?? '')}`.trim() }] : [];
    });
  });
}

const KUSTOMIZATION = /(?:^|\/)(?:kustomization\.ya?ml|Kustomization)$/;

/**
 * Whether a kustomization rewrites images: `images:` (newTag/newName), or `replacements:` whose
 * targets write a container's `image` field (the tag copied from a ConfigMap's version key).
 */
function setsImages(context: RuleContext<string>, path: string): boolean {
  const text = context.text(path) ?? '';
  if (/^images\s*:/m.test(text)) return true;
  if (!/^replacements\s*:/m.test(text)) return false;
  const replacements = asRecord(context.yaml(path)).replacements;
  return (Array.isArray(replacements) ? replacements : []).some((replacement) => {
    const targets = asRecord(replacement).targets;
    return (Array.isArray(targets) ? targets : []).some((target) => {
      const fieldPaths = asRecord(target).fieldPaths;
      return Array.isArray(fieldPaths) && fieldPaths.some((field) => typeof field === 'string' && /(?:^|\.)image$/.test(field));
    });
  });
}

/**
 * Kustomize sets the images of the manifests under it (`images:`, or `replacements:` into an image
 * field): their written tags are not what runs. A kustomization that only lists resources leaves
 * them as written, so this holds only when some kustomization of the repository (this folder's, or an
 * overlay's built on it) sets images.
 */
function underKustomize(context: RuleContext<string>, path: string): boolean {
  for (let folder = posix.dirname(path); ; folder = posix.dirname(folder)) {
    if (['kustomization.yaml', 'kustomization.yml', 'Kustomization'].some((name) => context.file(posix.join(folder, name)))) {
      return context.repo.files.some((file) => KUSTOMIZATION.test(file.path) && setsImages(context, file.path));
    }
    if (folder === '.' || folder === '/') return false;
  }
}

/** Swarm stack files: a deployment by nature (`docker stack deploy -c docker-stack.yml`). */
export const STACK_FILE = /^(?:docker-)?stack(?:[.-][^/]*)?\.ya?ml$/i;

/**
 * A YAML file that looks like Kubernetes workloads whose written images are what runs: not a CI,
 * compose or stack file, not a Helm template (`{{ }}` is not YAML), not under kustomize.
 */
export function isKubernetesManifest(context: RuleContext<string>, path: string): boolean {
  if (!/\.ya?ml$/.test(path) || context.app.ciFiles.includes(path) || isComposeFile(path) || STACK_FILE.test(posix.basename(path))) return false;
  const text = context.text(path) ?? '';
  return /^kind:\s*\w+/m.test(text) && /^\s*(?:-\s+)?image\s*:/m.test(text) && !text.includes('{{') && !underKustomize(context, path);
}
