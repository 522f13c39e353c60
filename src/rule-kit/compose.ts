/**
 * Compose files as rules see them: their services, what a service builds, the project files a
 * service bind-mounts, which base file a production override extends, and where a key sits in the text.
 */
import { posix } from 'node:path';
import { parse as parseYaml } from 'yaml';
import type { RuleContext } from '../types.js';
import { AUDITED_YAML } from '../parse/data.js';
import { defineAppFact } from '../facts/app-facts.js';
import { lineOfKeyPath, linesOf } from './text.js';
import { isRecord } from '../util/is-record.js';
import { composeVariant, isComposeFile } from '../repo/classify.js';
import { parseImageReference } from './images.js';

export { composeVariant, isComposeFile };

export type ComposeService = Record<string, unknown>;

/** The services of a parsed compose document by name; empty when it has none. */
export function composeServices(document: unknown): Map<string, ComposeService> {
  const services = isRecord(document) && isRecord(document.services) ? document.services : {};
  return new Map(Object.entries(services).filter((entry): entry is [string, ComposeService] => isRecord(entry[1])));
}

/** A template placeholder (`{{cookiecutter.port}}`, `{{ .Values.tag }}`) inside one line. */
const TEMPLATE_PLACEHOLDER = /\{\{[^{}\n]*\}\}/g;

/**
 * A compose file's document, a template's too: a cookiecutter, Jinja or Helm placeholder where YAML
 * expects a value (`- {{cookiecutter.port}}:80`) is no YAML, so the file as written does not parse.
 * Then each placeholder is read as a `$` variable of the same length (rules take a value holding `$`
 * as decided at deploy time) and the text is parsed again; undefined when it still fails.
 */
export function composeDocument(context: Pick<RuleContext, 'yaml' | 'text'>, path: string): unknown {
  const document = context.yaml(path);
  const text = document === undefined ? context.text(path) : undefined;
  if (text === undefined || !text.includes('{{')) return document;
  try {
    return parseYaml(text.replace(TEMPLATE_PLACEHOLDER, (placeholder) => `$${'_'.repeat(placeholder.length - 1)}`), AUDITED_YAML) as unknown;
  } catch {
    return undefined;
  }
}

/** The last element of an image's name: `shop` for `ghcr.io/acme/shop:1.2`, `postgres` for `postgres:16`. */
function repositoryOf(image: string): string {
  return parseImageReference(image).name.split('/').at(-1)?.toLowerCase() ?? '';
}

/** Whether an image is the app's own, named after it (`ghcr.io/acme/shop:1.2` for the `shop` package or `…/shop` Go module). */
function isAppImage(image: string, appName: string): boolean {
  return repositoryOf(image) === appName.split('/').at(-1)?.toLowerCase();
}

/**
 * Whether a service runs the app's own published image (`ghcr.io/acme/shop:1.2`, `acme/shop`) rather
 * than building it. A bare local name (`image: shop`, tagged by `make image`) is a developer's build.
 */
export function runsPublishedAppImage(service: ComposeService, appName: string): boolean {
  return !('build' in service) && typeof service.image === 'string' && service.image.includes('/') && isAppImage(service.image, appName);
}

/** Images of backing services and their local stand-ins, by repository name: what a developer runs beside the app. */
const BACKING_SERVICE_IMAGE =
  /^(?:postgres|postgis|redis|redis-stack|valkey|keydb|mysql|mariadb|mongo|rabbitmq|memcached|elasticsearch|opensearch|meilisearch|typesense|minio|mailhog|mailpit|maildev|mailcatcher|smtp4dev|localstack|nats|zookeeper|kafka|cp-kafka|redpanda|clickhouse-server|cassandra|couchdb|neo4j|adminer|pgadmin4|azurite|dynamodb-local|fake-gcs-server)$/i;

/**
 * A compose file whose every service pulls a backing service's image (`redis`, `postgres`,
 * `axllent/mailpit`): the stack a developer runs beside the app, not a deploy of it.
 */
export function isBackingServicesStack(document: unknown): boolean {
  const services = [...composeServices(document).values()];
  return (
    services.length > 0 &&
    services.every((service) => {
      const image = service.image;
      if ('build' in service || typeof image !== 'string') return false;
      return BACKING_SERVICE_IMAGE.test(repositoryOf(image));
    })
  );
}

const PRODUCTION_WORD = /(?:^|[.\-_])(?:prod|production|release|deploy|deployment|live)(?:[.\-_]|$)/i;

/** `docker-compose.prod.yml`, `compose.production.yaml`, `docker-compose-deploy.yml`: a file for production deploys. */
export function isProductionComposeFile(path: string): boolean {
  const variant = composeVariant(path);
  return variant !== undefined && PRODUCTION_WORD.test(variant);
}

const BASE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The base file an override beside it extends (`docker-compose.yml` for `docker-compose.prod.yml`), if it exists. */
export function composeBaseFile(path: string, exists: (path: string) => boolean): string | undefined {
  const folder = posix.dirname(path);
  return BASE_NAMES.map((name) => (folder === '.' ? name : `${folder}/${name}`)).find((candidate) => candidate !== path && exists(candidate));
}

/** What a service's `build:` builds: the Dockerfile and the build context, repo-relative. */
export interface ComposeBuild {
  context: string;
  dockerfile: string;
}

/** A repo-relative path from a folder and a relative path; undefined when it leaves the repository. */
function repoPath(folder: string, relative: string): string | undefined {
  const path = posix.normalize(posix.join(folder, relative)).replace(/\/$/, '');
  return path === '..' || path.startsWith('../') ? undefined : path;
}

/**
 * `build: ./api` or `build: { context, dockerfile }`: the context relative to the compose file (`.`
 * by default), the Dockerfile relative to the context (`Dockerfile` by default). Undefined without
 * `build:`, for remote or interpolated contexts, absolute paths and `dockerfile_inline`.
 */
export function composeBuild(service: ComposeService, composeFile: string): ComposeBuild | undefined {
  const build = typeof service.build === 'string' ? { context: service.build } : isRecord(service.build) ? service.build : undefined;
  if (!build || build.dockerfile_inline !== undefined) return undefined;
  const context = build.context ?? '.';
  const dockerfile = build.dockerfile ?? 'Dockerfile';
  const isLocal = (path: unknown): path is string => typeof path === 'string' && !path.includes('$') && !path.includes('://') && !path.startsWith('git@') && !posix.isAbsolute(path);
  if (!isLocal(context) || !isLocal(dockerfile)) return undefined;
  const contextPath = repoPath(posix.dirname(composeFile), context);
  const dockerfilePath = contextPath === undefined ? undefined : repoPath(contextPath, dockerfile);
  return contextPath === undefined || dockerfilePath === undefined ? undefined : { context: contextPath, dockerfile: dockerfilePath };
}

/** A compose service that builds an image, with the file it is declared in. */
export interface ComposeBuildService {
  composeFile: string;
  name: string;
  service: ComposeService;
  build: ComposeBuild;
}

const COMPOSE_BUILDS = defineAppFact('compose-builds', (context): ComposeBuildService[] =>
  context.repo.files
    .filter((file) => (file.role === 'config' || file.role === 'source') && isComposeFile(file.path))
    .flatMap((file) =>
      [...composeServices(context.yaml(file.path))].flatMap(([name, service]) => {
        const build = composeBuild(service, file.path);
        return build ? [{ composeFile: file.path, name, service, build }] : [];
      }),
    ),
);

/**
 * Every compose service of the repository that builds an image, development files included: a
 * workspace member's Dockerfile is often built by the root's compose file.
 */
export function composeBuilds(context: RuleContext<string>): ComposeBuildService[] {
  return context.appFact(COMPOSE_BUILDS);
}

/** A bind mount of a path of the project (`.:/app`, `./src:/srv/src`, `{ type: bind, source: ./src }`). */
export interface ProjectMount {
  /** The source as written. */
  source: string;
  /** The source relative to the repository root, normalised (`.` for the root). */
  path: string;
  target: string;
}

/** The service's bind mounts of relative project paths; named volumes and absolute host paths are left out. */
export function projectMounts(service: ComposeService, composeFile: string): ProjectMount[] {
  const volumes = Array.isArray(service.volumes) ? service.volumes : [];
  return volumes.flatMap((volume): ProjectMount[] => {
    const [source, target] =
      typeof volume === 'string' ? volume.split(':') : isRecord(volume) && volume.type !== 'volume' ? [volume.source, volume.target] : [];
    if (typeof source !== 'string' || typeof target !== 'string' || !/^\.{1,2}(?:\/|$)/.test(source)) return [];
    return [{ source, path: posix.normalize(posix.join(posix.dirname(composeFile), source)).replace(/\/$/, ''), target }];
  });
}

/**
 * Whether a mount puts project code over what the image was built from: the build context itself or
 * a folder above it, or a folder inside the context holding source files (`./src:/app/src`).
 */
export function mountsBuildContext(mount: ProjectMount, build: ComposeBuild, sourceFiles: readonly string[]): boolean {
  const within = (path: string, folder: string): boolean => folder === '.' || path === folder || path.startsWith(`${folder}/`);
  if (within(build.context, mount.path)) return true;
  return within(mount.path, build.context) && sourceFiles.some((path) => path.startsWith(`${mount.path}/`));
}

/** Line and column of the last key of a YAML key path, found textually. */
export function composeKeyPosition(text: string, path: readonly string[]): { line: number; column: number } {
  const line = lineOfKeyPath(text, path);
  const column = (text.split('\n')[line - 1] ?? '').indexOf(path.at(-1) ?? '') + 1;
  return { line, column: Math.max(column, 1) };
}

/** Line and column of a volume entry of a service: the first line after its `volumes:` key that holds the source. */
export function composeVolumePosition(text: string, service: string, source: string): { line: number; column: number } {
  const volumes = composeKeyPosition(text, ['services', service, 'volumes']);
  const entry = linesOf(text).find((line) => line.line > volumes.line && (line.text.includes(`${source}:`) || new RegExp(`source:\\s*["']?${source.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?\\s*$`).test(line.text)));
  return entry ? { line: entry.line, column: entry.text.indexOf(source) + 1 } : volumes;
}
