import {
  composeBaseFile,
  composeServices,
  composeVolumePosition,
  defineRule,
  isDevelopmentFile,
  isProductionComposeFile,
  projectMounts,
  type ComposeService,
  type ProjectMount,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'ownMount' | 'inheritedMount';
type Context = RuleContext<MessageId>;

/** Whether a mounted project path holds the app's code: the repository or app root, or a folder with source files. */
function isSourceTree(context: Context, mount: ProjectMount): boolean {
  if (mount.path === '.' || mount.path.startsWith('..') || mount.path === context.app.path) return true;
  return context.files.some((file) => file.role === 'source' && file.path.startsWith(`${mount.path}/`));
}

function sourceMounts(context: Context, service: ComposeService | undefined, file: string): ProjectMount[] {
  return service ? projectMounts(service, file).filter((mount) => isSourceTree(context, mount)) : [];
}

/** Container paths the service mounts anything on (`data:/srv`, `{ target: /srv }`). */
function volumeTargets(service: ComposeService): Set<string> {
  const volumes: unknown[] = Array.isArray(service.volumes) ? service.volumes : [];
  return new Set(
    volumes.map((volume) =>
      typeof volume === 'string' ? volume.split(':')[1] : typeof volume === 'object' && volume !== null ? (volume as { target?: unknown }).target : undefined,
    ).filter((target): target is string => typeof target === 'string'),
  );
}

function report(context: Context, messageId: MessageId, file: string, service: string, mount: ProjectMount, override: string): void {
  const position = composeVolumePosition(context.text(file) ?? '', service, mount.source);
  context.report({ messageId, data: { service, source: mount.source, target: mount.target, override }, file, ...position });
}

/**
 * A production compose file (`docker-compose.prod.yml`) and the base file it extends: the bind
 * mounts of the source tree the production stack ends up with, its own and inherited ones alike
 * (compose merges `volumes` by target, so an override only drops a base mount by remounting its target).
 */
function checkProductionFile(context: Context, file: string): void {
  const base = composeBaseFile(file, (candidate) => context.app.composeFiles.includes(candidate));
  const baseServices = base ? composeServices(context.yaml(base)) : new Map<string, ComposeService>();
  for (const [name, service] of composeServices(context.yaml(file))) {
    const own = sourceMounts(context, service, file);
    for (const mount of own) report(context, 'ownMount', file, name, mount, file);
    const remounted = volumeTargets(service);
    for (const mount of sourceMounts(context, baseServices.get(name), base ?? file)) {
      if (!remounted.has(mount.target)) report(context, 'inheritedMount', base!, name, mount, file);
    }
  }
}

export const sourceBindMount = defineRule<MessageId>({
  id: 'build-release-run/source-bind-mount',
  factor: 'build-release-run',
  defaultSeverity: 'warning',
  title: 'Production compose mounts the source tree over the image',
  description:
    'Finds production compose files (docker-compose.prod.yml, compose.production.yaml, ...) whose services bind-mount the working tree over the image, directly or inherited from the base file they extend.',
  fix: 'Keep source bind mounts in a development override (compose.override.yml, docker-compose.dev.yml) and run the built image unchanged in production.',
  messages: {
    ownMount:
      'the production compose file mounts `{{source}}` over `{{target}}` in service {{service}}: the container runs whatever is in the host\'s working copy, not the released image',
    inheritedMount:
      'service {{service}} bind-mounts `{{source}}` over `{{target}}` here, and {{override}} (a production override) inherits the mount: production runs the host\'s working copy, not the released image',
  },
  appliesTo: (app) => (app.composeFiles.some(isProductionComposeFile) ? true : 'no production compose file'),
  check(context) {
    for (const file of context.app.composeFiles) {
      if (isProductionComposeFile(file) && !isDevelopmentFile(file)) checkProductionFile(context, file);
    }
  },
});
