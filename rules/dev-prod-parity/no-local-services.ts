import { posix } from 'node:path';
import {
  isBackingServicesStack,
  isComposeFile,
  BACKING_SERVICE_CLIENTS,
  defineRule,
  jsonEntryPosition,
  filesNamedNearApp,
  foldersAbove,
  isDevelopmentFile,
  linesOf,
  listFolder,
  parseImageReference,
  serviceKindOf,
  prismaDatasources,
} from '../../src/rule-kit/index.js';
import type { AppFacts, IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'noLocalServices' | 'untaggedDevImage';

/** Clients of services that only exist hosted (or are attached by account, like mail): nothing to run locally. */
const HOSTED_ONLY = /^(?:@aws-sdk\/|aws-sdk$|@google-cloud\/|@azure\/|@neondatabase\/serverless$|@upstash\/|nodemailer$|sqs-consumer$|minio$)/;
/** ORMs and query builders reach a database through a driver package, which is what tells the kind (sqlite3 needs no server). */
const DRIVER_PICKS_THE_DATABASE = new Set(['sequelize', 'knex', 'typeorm', 'drizzle-orm', 'kysely', 'objection', 'bookshelf', '@mikro-orm/core']);
const PRISMA = new Set(['@prisma/client', 'prisma']);

/** Tools that bring backing services up next to the code. */
const LOCAL_STACK_FILES = new Set([
  'Tiltfile', 'skaffold.yaml', 'skaffold.yml', 'devbox.json', 'flake.nix', 'process-compose.yaml', 'process-compose.yml',
  'devspace.yaml', 'devspace.yml', 'okteto.yml', 'okteto.yaml', '.devcontainer.json',
  // Cloud dev environments: their image and start tasks usually run the services (Gitpod's workspace-mongodb, `mongod` tasks).
  '.gitpod.yml', '.gitpod.yaml',
]);
const LOCAL_STACK_FOLDERS = ['.devcontainer/', 'supabase/'];
/** Dependencies that start real or emulated services for tests: a local way to run them, if only for tests. */
const LOCAL_SERVICE_PACKAGES = /^(?:testcontainers|@testcontainers\/.+|mongodb-memory-server(?:-core)?|redis-memory-server|pg-mem|@shelf\/jest-mongodb)$/;
const STARTS_CONTAINERS = /\b(?:docker(?:-compose|\s+compose|\s+run|\s+container\s+run)|podman(?:-compose|\s+compose|\s+run)|supabase\s+start)\b/;

/** Whether `name` is a runtime dependency that needs a server someone has to run. */
function needsNetworkService(name: string): boolean {
  if (HOSTED_ONLY.test(name) || DRIVER_PICKS_THE_DATABASE.has(name) || PRISMA.has(name)) return false;
  const kind = serviceKindOf(name);
  return kind !== undefined && !kind.embedded;
}

/** The `provider` of the Prisma datasource, from any `.prisma` schema of the app. */
function prismaProvider(context: RuleContext<MessageId>): string | undefined {
  for (const file of context.files) {
    if ((file.role !== 'source' && file.role !== 'config') || !file.path.endsWith('.prisma')) continue;
    for (const datasource of prismaDatasources(context.text(file.path) ?? '')) {
      const provider = datasource.settings.get('provider')?.value;
      if (provider) return provider;
    }
  }
  return undefined;
}

/** Runtime dependencies that need a network service, each with the kind of service it needs. */
function serviceDependencies(context: RuleContext<MessageId>): { name: string; label: string }[] {
  const found: { name: string; label: string }[] = [];
  for (const name of context.app.dependencies) {
    if (BACKING_SERVICE_CLIENTS.includes(name) && needsNetworkService(name)) {
      found.push({ name, label: serviceKindOf(name)?.label ?? 'a backing service' });
    }
  }
  const prisma = context.app.dependencies.find((name) => PRISMA.has(name));
  const provider = prisma === undefined ? undefined : serviceKindOf(prismaProvider(context) ?? '');
  if (prisma !== undefined && provider && !provider.embedded) found.push({ name: prisma, label: provider.label });
  return found;
}

function isLocalStackPath(path: string): boolean {
  const name = posix.basename(path);
  return isComposeFile(path) || LOCAL_STACK_FILES.has(name) || LOCAL_STACK_FOLDERS.some((folder) => `/${path}`.includes(`/${folder}`));
}

/** Compose files, dev containers and the like in the app, in any role but vendored (a test compose file counts). */
function hasLocalStackInApp(files: readonly IndexedFile[]): boolean {
  return files.some((file) => file.role !== 'vendored' && isLocalStackPath(file.path));
}

function hasLocalStackAbove(context: RuleContext<MessageId>): boolean {
  return foldersAbove(context.app.path).some((folder) => listFolder(context, folder).some(isLocalStackPath));
}

function hasLocalServicePackage(app: AppFacts): boolean {
  return [...app.dependencies, ...app.devDependencies].some((name) => LOCAL_SERVICE_PACKAGES.test(name));
}

/** package.json scripts (the app's and those above it), Makefiles and shell scripts that start containers. */
function hasContainerScripts(context: RuleContext<MessageId>): boolean {
  const manifests = filesNamedNearApp(context, (name) => name === 'package.json');
  const scriptsStartContainers = manifests.some((path) => {
    const scripts = (context.json(path) as { scripts?: unknown } | undefined)?.scripts;
    return typeof scripts === 'object' && scripts !== null && Object.values(scripts).some((script) => typeof script === 'string' && STARTS_CONTAINERS.test(script));
  });
  if (scriptsStartContainers) return true;
  const makefiles = filesNamedNearApp(context, (name) => /^(?:Makefile|justfile|Justfile|Taskfile\.ya?ml)$/.test(name));
  const shellScripts = context.files.filter((file) => file.language === 'shell' && file.role !== 'vendored').map((file) => file.path);
  return [...makefiles, ...shellScripts].some((path) => STARTS_CONTAINERS.test(context.text(path) ?? ''));
}

function hasLocalWay(context: RuleContext<MessageId>): boolean {
  return (
    hasLocalStackInApp(context.files) || hasLocalServicePackage(context.app) || hasLocalStackAbove(context) || hasContainerScripts(context)
  );
}

/** Where the manifest declares a runtime dependency. */
function dependencyPosition(text: string, name: string): { line: number; column: number } | undefined {
  for (const section of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    const position = jsonEntryPosition(text, section, name);
    if (position) return position;
  }
  return undefined;
}

/** `mailpit`, `axllent/mailpit:latest`: an image that follows whatever is newest; digests and real tags pin. */
function floatingTagOf(reference: string): string | undefined {
  const { tag, digest } = parseImageReference(reference);
  if (digest !== undefined || reference.includes('$')) return undefined;
  if (tag === undefined) return 'no tag';
  return tag === 'latest' ? 'latest' : undefined;
}

/** A word of a folder or file name marking a test run's harness: `docker-testing/`, `compose.e2e.yml`, `ci/docker-compose.yml`. */
const TEST_HARNESS_WORD = /^(?:test|tests|testing|e2e|integration|ci)$/i;

/**
 * A compose file that only a test run brings up (by its folders' or its own name): the database a
 * suite runs against and its wait-for helper are test settings, which LABELLING.md leaves out.
 */
function isTestHarness(path: string): boolean {
  return path.split('/').some((part) => part.replace(/\.ya?ml$/i, '').split(/[.\-_]/).some((word) => TEST_HARNESS_WORD.test(word)));
}

/**
 * Images of development compose files (`docker-compose.override.yml`, `compose.dev.yaml`, or a
 * `docker-compose.yml` that only runs backing services beside the app) pulled without a tag: the local
 * backing services drift from the versions production runs (LABELLING.md: low). Compose files that
 * deploy the app are build-release-run/unpinned-base-image's.
 */
function checkDevelopmentImages(context: RuleContext<MessageId>): void {
  for (const path of context.app.composeFiles) {
    const document = context.yaml(path) as { services?: Record<string, { image?: unknown; build?: unknown }> } | undefined;
    if ((!isDevelopmentFile(path) && !isBackingServicesStack(document)) || isTestHarness(path)) continue;
    const lines = linesOf(context.text(path) ?? '');
    for (const [service, definition] of Object.entries(document?.services ?? {})) {
      const image = typeof definition?.image === 'string' ? definition.image : undefined;
      const tag = image === undefined || definition.build !== undefined ? undefined : floatingTagOf(image);
      if (image === undefined || tag === undefined) continue;
      const line = lines.find((candidate) => new RegExp(`^\\s*image\\s*:\\s*["']?${image.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}["']?\\s*(?:#.*)?$`).test(candidate.text));
      context.report({
        messageId: 'untaggedDevImage',
        data: { service, image, tag },
        file: path,
        line: line?.line ?? 1,
        column: line ? line.text.indexOf('image') + 1 : 1,
      });
    }
  }
}

export const noLocalServices = defineRule<MessageId>({
  id: 'dev-prod-parity/no-local-services',
  factor: 'dev-prod-parity',
  defaultSeverity: 'note',
  title: 'No local way to run backing services',
  description:
    'Finds development compose files that pull backing-service images without a tag; with the requireLocalStack option, also services and workers that depend on a database, cache or queue but give developers no compose file, dev container or similar to run it locally.',
  fix: 'Pin the local backing-service images to the versions production runs; add a docker-compose.yml (or a dev container) that starts them.',
  defaultOptions: { requireLocalStack: false },
  messages: {
    untaggedDevImage: 'the local {{service}} service pulls `{{image}}` ({{tag}}): developers get whatever version is newest, not the one production runs; pin a version tag',
    noLocalServices:
      '{{dependency}} needs {{service}}, but the repository gives no local way to run it (no compose file, dev container, Tiltfile, devbox or testcontainers)',
  },
  appliesTo: (app) => {
    if (app.kind !== 'service' && app.kind !== 'worker') return 'only services and workers attach backing services';
    return true;
  },
  check(context) {
    checkDevelopmentImages(context);
    // LABELLING.md does not count a repository without a compose file as a violation: that part is opt-in.
    if (context.options.requireLocalStack !== true) return;
    const manifest = context.app.manifest;
    const text = manifest === undefined ? undefined : context.text(manifest);
    if (manifest === undefined || text === undefined) return;
    const dependencies = serviceDependencies(context);
    if (dependencies.length === 0 || hasLocalWay(context)) return;
    const located = dependencies
      .map((dependency) => ({ dependency, position: dependencyPosition(text, dependency.name) ?? { line: 1, column: 1 } }))
      .sort((a, b) => a.position.line - b.position.line);
    const first = located[0];
    if (!first) return;
    context.report({
      messageId: 'noLocalServices',
      data: { dependency: first.dependency.name, service: first.dependency.label },
      file: manifest,
      ...first.position,
    });
  },
});
