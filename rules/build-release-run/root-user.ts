import { posix } from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import {
  dockerSpan,
  defineRule,
  effectiveInstruction,
  instructionCommands,
  isDevelopmentFile,
  isShellProgram,
  programWords,
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
/**
 * AWS Lambda's base images (`public.ecr.aws/lambda/python:3.12`, `amazon/aws-lambda-nodejs`): Lambda
 * runs the function under its own unprivileged sandbox user whatever the image's USER says.
 */
const LAMBDA_BASE = /^(?:public\.ecr\.aws\/lambda\/|(?:docker\.io\/)?amazon\/aws-lambda-)/i;
/** Tools that switch to another user before starting the app (`gosu app node server.js`). */
const PRIVILEGE_DROP = /\b(?:gosu|su-exec|setpriv|runuser|s6-setuidgid|chpst\s+-u|setuidgid)\b/;
/** `adduser`/`useradd` (busybox, Debian, shadow) creating an account in a RUN. */
const CREATES_USER = new Set(['adduser', 'useradd']);

/** Root by name or id: `root`, `0`, `root:root`, `0:0`. */
function isRootUser(user: string): boolean {
  return /^(?:root|0)(?::.*)?$/.test(user.trim());
}

/**
 * The last `USER` of the stage or the nearest stage it builds on. Under `FROM runtime-${TARGETARCH}`
 * the per-architecture stages it may name decide, when every one sets a USER (a root one first).
 */
function effectiveUser(stage: DockerStage): Instruction | undefined {
  const lineage = stageLineage(stage);
  for (const member of lineage) {
    const user = member.instructions.filter((instruction) => instruction.getKeyword() === 'USER').at(-1);
    if (user) return user;
  }
  const inherited = (lineage.at(-1)?.variants ?? []).map(effectiveUser);
  if (inherited.length === 0 || inherited.some((user) => user === undefined)) return undefined;
  return inherited.find((user) => isRootUser(user?.getArgumentsContent() ?? '')) ?? inherited[0];
}

/** The registry image at the bottom of a stage's lineage (`FROM node:20` under `FROM base`, or under `FROM base-${ARCH}`). */
function baseImage(stage: DockerStage): string {
  const bottom = stageLineage(stage).at(-1);
  const variant = bottom?.variants?.[0];
  return variant ? baseImage(variant) : (bottom?.image ?? '');
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

/**
 * A header that says the image is not for production: "for development purposes only", "only for
 * local development", "not intended for production", "do not use in production", or a line opening
 * with "Development only" / "(this image is) dev-only". Mentions such as "dev-only packages" elsewhere
 * in a line say nothing about the image.
 */
const DEVELOPMENT_ONLY_HEADER = [
  /\bfor\s+(?:local\s+)?(?:development|dev|testing)(?:\s+(?:purposes|use|usage|environments?))?\s+only\b/i,
  /\b(?:only|solely|just)\s+(?:meant\s+|intended\s+)?for\s+(?:local\s+)?(?:development|dev)\b/i,
  /\bnot\s+(?:meant\s+|intended\s+|suitable\s+|ready\s+|designed\s+|to\s+be\s+used\s+)?for\s+(?:use\s+in\s+)?production\b/i,
  /\b(?:do\s+not|don'?t|never)\s+use\s+(?:[\w-]+\s+){0,3}?(?:in|for)\s+production\b/i,
  /^(?:(?:this\s+)?(?:docker\s*file|image|container)\s+(?:is\s+)?)?(?:development|dev)[\s-]only\b/i,
];

/** Whether the comment lines opening a Dockerfile, before its first instruction, mark it as development-only. */
function markedDevelopmentOnly(text: string): boolean {
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (trimmed === '') continue;
    if (!trimmed.startsWith('#')) return false;
    const comment = trimmed.replace(/^#+\s*(?:note:?\s*)?/i, '');
    if (DEVELOPMENT_ONLY_HEADER.some((pattern) => pattern.test(comment))) return true;
  }
  return false;
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

/** Segments two paths share at their end: `app/docker/start.sh` and `docker/start.sh` share 2. */
function sharedTail(a: string, b: string): number {
  const left = a.split('/').reverse();
  const right = b.split('/').reverse();
  let count = 0;
  while (count < left.length && count < right.length && left[count] === right[count]) count += 1;
  return count;
}

/**
 * The repository paths an in-image path means: COPY puts a folder anywhere (`COPY docker ./docker`
 * under `WORKDIR /app/srv` makes `/app/srv/docker/start.sh`), so the paths sharing the longest tail
 * with it, when that tail holds more than the last name or only one path has that name.
 */
function pathsAt(imagePath: string, paths: readonly string[]): string[] {
  const wanted = posix.normalize(imagePath).replace(/^\/+|\/+$/g, '');
  const scored = paths.map((path) => ({ path, tail: sharedTail(path, wanted) }));
  const best = Math.max(0, ...scored.map(({ tail }) => tail));
  const found = scored.filter(({ tail }) => tail === best && best > 0).map(({ path }) => path);
  return best > 1 || found.length === 1 ? found : [];
}

/** Supervisors that start every service folder under a scan directory (`s6-svscan /etc/services`), each through its `run` script. */
const SERVICE_SCANNERS = new Set(['s6-svscan', 'runsvdir']);

/**
 * The scripts a CMD/ENTRYPOINT command starts: the shell script it runs (found by name or, when
 * several share the name, by the longest matching path), or the `run` scripts of the service
 * folders a supervisor scans.
 */
function startedScripts(context: Context, words: readonly string[]): string[] {
  const script = startedShellScript(context, words, 'dockerfile');
  if (script) return [script.path];
  const [program, ...args] = programWords(words);
  const target = program?.endsWith('.sh') ? program : isShellProgram(program) ? args.find((word) => !word.startsWith('-')) : undefined;
  const files = context.repo.files.filter((file) => file.role === 'source' || file.role === 'config');
  if (target?.endsWith('.sh')) return pathsAt(target, files.filter((file) => file.language === 'shell').map((file) => file.path)).slice(0, 1);
  const scanned = SERVICE_SCANNERS.has(posix.basename(program ?? '')) ? args.find((word) => !word.startsWith('-')) : undefined;
  if (!scanned) return [];
  const runScripts = files.filter((file) => posix.basename(file.path) === 'run').map((file) => file.path);
  const folders = new Set(pathsAt(scanned, [...new Set(runScripts.map((path) => posix.dirname(posix.dirname(path))))]));
  return runScripts.filter((path) => folders.has(posix.dirname(posix.dirname(path))));
}

/** The image switches users itself: gosu/su-exec in the Dockerfile, in the entry script it runs or in the supervised services' run scripts. */
function dropsPrivileges(context: Context, stage: DockerStage): boolean {
  const lineage = stageLineage(stage);
  if (lineage.some((member) => member.instructions.some((instruction) => PRIVILEGE_DROP.test(instruction.getTextContent())))) return true;
  return (['ENTRYPOINT', 'CMD'] as const).some((keyword) => {
    const instruction = effectiveInstruction(stage, keyword);
    return (instruction ? instructionCommands(instruction) : []).some((command) =>
      startedScripts(context, command.words).some((script) => PRIVILEGE_DROP.test(context.text(script) ?? '')),
    );
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
  if (NON_ROOT_BASE.test(base) || SELF_DROPPING_BASE.test(base) || LAMBDA_BASE.test(base) || runsNothing(file, stage) || dropsPrivileges(context, stage)) return;
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
      if (isDevelopmentFile(file.path) || TEST_RUNNER_FILE.test(posix.basename(file.path)) || markedDevelopmentOnly(context.text(file.path) ?? '')) continue;
      const dockerfile = context.dockerfile(file.path);
      if (!dockerfile) continue;
      const stages = stagesOf(dockerfile);
      const shipped = shippedStages(stages);
      for (const stage of targetStages(stages).filter((target) => shipped.has(target))) checkStage(context, file.path, stage);
    }
  },
});
