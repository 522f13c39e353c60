import { posix } from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import {
  dockerSpan,
  defineRule,
  effectiveInstruction,
  instructionCommands,
  isDevelopmentFile,
  startedShellScript,
  shippedStages,
  stageLineage,
  stagesOf,
  targetStages,
  type DockerStage,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'noUser' | 'userNeverSwitched' | 'rootUser';
type Context = RuleContext<MessageId>;

/** Images of test runners and local mail catchers (`Dockerfile.playwright`, `maildev.Dockerfile`), not the app. */
const TEST_RUNNER_FILE = /(?:^|[.\-_])(?:playwright|cypress|puppeteer|selenium|jest|vitest|k6|maildev|mailhog|mailpit|mailcatcher)(?:[.\-_]|$)/i;
/**
 * Bases whose default user is not root: distroless and Chainguard `nonroot` variants, Bitnami
 * images, the `-unprivileged`/`rootless` builds of nginx and others.
 */
const NON_ROOT_BASE = /nonroot|(?:^|\/)chainguard\/|^cgr\.dev\/|(?:^|\/)bitnami\/|unprivileged|rootless/i;
/**
 * Official images of backing services and proxies that drop to their own user themselves: postgres
 * and redis re-exec under gosu, nginx and httpd keep only the master as root to bind port 80; and
 * LinuxServer.io's s6 base images, whose init runs each service as the `abc` user (PUID/PGID).
 */
const SELF_DROPPING_BASE =
  /^(?:docker\.io\/)?(?:library\/)?(?:postgres|postgis\/postgis|mysql|mariadb|mongo|redis|valkey\/valkey|rabbitmq|elasticsearch|memcached|cassandra|couchdb|influxdb|neo4j|zookeeper|nginx|httpd|haproxy|caddy|traefik)(?::|@|$)|^(?:lscr\.io|ghcr\.io)\/linuxserver\/baseimage-/i;
/** Tools that switch to another user before starting the app (`gosu app node server.js`). */
const PRIVILEGE_DROP = /\b(?:gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst\s+-u|setuidgid)\b/;
/** `adduser`/`useradd` (busybox, Debian, shadow) creating an account in a RUN. */
const CREATES_USER = new Set(['adduser', 'useradd']);

/** Root by name or id: `root`, `0`, `root:root`, `0:0`. */
function isRootUser(user: string): boolean {
  return /^(?:root|0)(?::.*)?$/.test(user.trim());
}

/** The last `USER` of the stage or the nearest stage it builds on. */
function effectiveUser(stage: DockerStage): Instruction | undefined {
  for (const member of stageLineage(stage)) {
    const user = member.instructions.filter((instruction) => instruction.getKeyword() === 'USER').at(-1);
    if (user) return user;
  }
  return undefined;
}

/** The registry image at the bottom of a stage's lineage (`FROM node:20` under `FROM base`). */
function baseImage(stage: DockerStage): string {
  return stageLineage(stage).at(-1)?.image ?? '';
}

/** The name of an account a RUN creates (`adduser --system api`), if any. */
function createdUser(stage: DockerStage): string | undefined {
  for (const member of stageLineage(stage)) {
    for (const instruction of member.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      for (const command of instructionCommands(instruction)) {
        if (!CREATES_USER.has(command.words[0] ?? '')) continue;
        const name = command.words.slice(1).filter((word) => !word.startsWith('-')).at(-1);
        if (name) return name;
      }
    }
  }
  return undefined;
}

/** Dockerfiles named for a base image (`Dockerfile.base`, `base.Dockerfile`): other Dockerfiles build FROM them. */
const BASE_IMAGE_FILE = /(?:^|[.\-_])base(?:[.\-_]|$)/i;

/**
 * A stage that runs nothing: a build-only artefact (`FROM scratch`, used with `docker build --output`)
 * or a base image that other Dockerfiles build FROM (`Dockerfile.base`), whose USER is theirs to set.
 */
function runsNothing(file: string, stage: DockerStage): boolean {
  const runs = effectiveInstruction(stage, 'CMD') ?? effectiveInstruction(stage, 'ENTRYPOINT');
  return runs === undefined && (baseImage(stage).toLowerCase() === 'scratch' || BASE_IMAGE_FILE.test(posix.basename(file)));
}

/** The image switches users itself: gosu/su-exec in the Dockerfile or in the entry script it runs. */
function dropsPrivileges(context: Context, stage: DockerStage): boolean {
  const lineage = stageLineage(stage);
  if (lineage.some((member) => member.instructions.some((instruction) => PRIVILEGE_DROP.test(instruction.getTextContent())))) return true;
  return (['ENTRYPOINT', 'CMD'] as const).some((keyword) => {
    const instruction = effectiveInstruction(stage, keyword);
    return (instruction ? instructionCommands(instruction) : []).some((command) => {
      const script = startedShellScript(context, command.words, 'dockerfile');
      return script !== undefined && PRIVILEGE_DROP.test(context.text(script.path) ?? '');
    });
  });
}

function checkStage(context: Context, file: string, stage: DockerStage): void {
  const user = effectiveUser(stage);
  if (user) {
    const name = user.getArgumentsContent() ?? '';
    if (!isRootUser(name) || dropsPrivileges(context, stage)) return;
    context.report({ messageId: 'rootUser', data: { user: name.trim() }, file, ...dockerSpan(user.getRange()), severity: 'note' });
    return;
  }
  const base = baseImage(stage);
  if (NON_ROOT_BASE.test(base) || SELF_DROPPING_BASE.test(base) || runsNothing(file, stage) || dropsPrivileges(context, stage)) return;
  const created = createdUser(stage);
  const at = { file, ...dockerSpan(stage.from.getRange()) };
  // Creating an account and never using it is a slip with a one-line fix, graver than never having tried.
  if (created) context.report({ messageId: 'userNeverSwitched', data: { user: created }, ...at });
  else context.report({ messageId: 'noUser', data: { file: posix.basename(file) }, ...at, severity: 'note' });
}

export const rootUser = defineRule<MessageId>({
  id: 'build-release-run/root-user',
  factor: 'build-release-run',
  defaultSeverity: 'warning',
  title: 'Container runs as root',
  description:
    'Finds runtime images (the final stage, or each runnable target) that never switch to a non-root USER, so the app runs as root in its container.',
  fix: 'Create or reuse an unprivileged account and end the runtime stage with USER (USER node, USER 10001); keep root for build stages only.',
  messages: {
    noUser: 'the runtime stage of {{file}} never sets USER, so the app runs as root: a compromised process owns the whole container',
    userNeverSwitched:
      'the image creates the account `{{user}}` but never switches to it with USER, so the app still runs as root',
    rootUser: 'the runtime stage ends with `USER {{user}}`, so the app runs as root: switch to an unprivileged account after the steps that need root',
  },
  triggers: ['FROM', 'from'],
  tags: ['security'],
  appliesTo: (app) =>
    app.kind !== 'service' && app.kind !== 'worker'
      ? `${app.kind === 'library' ? 'libraries' : 'CLIs'} do not run as long-lived container processes`
      : app.dockerfiles.length > 0
        ? true
        : 'no Dockerfile: no image is built',
  check(context) {
    const candidates = context.candidates((candidate) => context.app.dockerfiles.includes(candidate.path));
    for (const file of candidates) {
      if (isDevelopmentFile(file.path) || TEST_RUNNER_FILE.test(posix.basename(file.path))) continue;
      const dockerfile = context.dockerfile(file.path);
      if (!dockerfile) continue;
      const stages = stagesOf(dockerfile);
      const shipped = shippedStages(stages);
      for (const stage of targetStages(stages).filter((target) => shipped.has(target))) checkStage(context, file.path, stage);
    }
  },
});
