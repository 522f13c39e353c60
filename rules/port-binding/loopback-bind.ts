import { posix } from 'node:path';
import {
  defineRule,
  dockerSpan,
  effectiveInstruction,
  finalStage,
  forEachRuntimeScriptFacts,
  forEachRuntimeSourceFacts,
  instructionCommands,
  isDevelopmentFile,
  listenSiteFacts,
  runByPythonServer,
  sourceListenSites,
  type DockerStage,
  type ListenSiteFacts,
  type Span,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'loopbackHost' | 'fastifyDefaultHost' | 'exposeMismatch';

const LOOPBACK = /^(?:localhost|ip6-localhost|127(?:\.\d{1,3}){3}|::1|\[::1\]|0:0:0:0:0:0:0:1)$/i;
/** Commands that start a JavaScript runtime: the final stage runs this app, not an nginx in front of it. */
const NODE_PROGRAMS = /^(?:node|nodejs|npm|npx|yarn|pnpm|bun|tsx|ts-node|pm2|pm2-runtime|nodemon)$/;
const NODE_IMAGE = /(?:^|\/)(?:node|nodejs\d*[\w-]*|bun)(?::|@|$)|\bnode\b/i;

interface BoundPort {
  port: number;
  file: string;
  line: number;
}

export const loopbackBind = defineRule<MessageId>({
  id: 'port-binding/loopback-bind',
  factor: 'port-binding',
  defaultSeverity: 'warning',
  title: 'Server bound to loopback only',
  description: 'Finds services that bind 127.0.0.1/localhost (unreachable from outside their container; in JS/TS, Python and Go), Fastify left on its localhost default in a Docker image, and Dockerfile EXPOSE ports the code never binds.',
  fix: "Bind all interfaces ('0.0.0.0' or HOST from the environment) and EXPOSE the port the code binds.",
  messages: {
    loopbackHost: 'server binds only to {{host}}: nothing outside its container or host can reach it',
    fastifyDefaultHost: "Fastify listens on localhost when no host is given; in a container pass host: '0.0.0.0' (or read HOST from the environment)",
    exposeMismatch: '{{dockerfile}} exposes port {{exposed}} but the code binds port {{bound}} ({{where}})',
  },
  triggers: ['listen', 'serve', 'Server'],
  appliesTo: (app) => {
    if (app.kind !== 'service') return `only services bind a port (this app is a ${app.kind})`;
    // On a VM behind a reverse proxy, binding loopback is the safe choice: judge only deployed-as-a-process apps.
    const deployed = app.dockerfiles.length > 0 || app.composeFiles.length > 0 || app.procfile !== undefined;
    return deployed ? true : 'no Dockerfile, compose file or Procfile: a loopback bind may sit behind a local reverse proxy';
  },
  languages: ['javascript', 'typescript', 'python', 'go'],
  facts: [listenSiteFacts, sourceListenSites],
  check(context) {
    const dockerised = productionDockerfiles(context).length > 0;
    const sites: { site: ListenSiteFacts; file: string }[] = [];
    forEachRuntimeScriptFacts(context, listenSiteFacts, (found, file) => {
      for (const site of found) {
        sites.push({ site, file: file.path });
        checkHost(site, file.path, dockerised, context);
      }
    });
    checkExposedPorts(sites, context);
    // A Python app that gunicorn or uvicorn serves binds what the command says, whatever `app.run(...)` passes.
    const pythonServed = runByPythonServer(context);
    forEachRuntimeSourceFacts(context, sourceListenSites, (found, file) => {
      if (file.language === 'python' && pythonServed) return;
      for (const { host } of found) {
        if (host && LOOPBACK.test(host.host)) context.report({ messageId: 'loopbackHost', data: { host: host.host }, file: file.path, ...host.span });
      }
    });
  },
});

function checkHost(site: ListenSiteFacts, file: string, dockerised: boolean, context: RuleContext<MessageId>): void {
  const { hostLiteral } = site;
  if (hostLiteral && LOOPBACK.test(hostLiteral.host)) {
    context.report({ messageId: 'loopbackHost', data: { host: hostLiteral.host }, file, ...hostLiteral.span });
  } else if (site.server === 'fastify' && site.hostOmitted && dockerised) {
    context.report({ messageId: 'fastifyDefaultHost', file, ...site.span, severity: 'note' });
  }
}

/**
 * EXPOSE that names none of the ports the code binds. Judged only when every binding of the app
 * is a literal port (an env-driven port may well be set to the exposed one) and the final stage
 * runs Node (a final nginx stage exposes its own port).
 */
function checkExposedPorts(sites: readonly { site: ListenSiteFacts; file: string }[], context: RuleContext<MessageId>): void {
  const bound: BoundPort[] = [];
  for (const { site, file } of sites) {
    const { portLiteral } = site;
    if (portLiteral?.port === undefined || portLiteral.port === 0) return;
    bound.push({ port: portLiteral.port, file, line: portLiteral.span.line });
  }
  const [first] = bound;
  if (!first) return;
  const boundPorts = new Set(bound.map((entry) => entry.port));
  for (const path of productionDockerfiles(context)) {
    const dockerfile = context.dockerfile(path);
    const stage = dockerfile && finalStage(dockerfile);
    if (!stage || !runsNode(stage)) continue;
    const exposed = exposedPorts(stage);
    const [firstExposed] = exposed ?? [];
    if (!exposed || !firstExposed || exposed.some((entry) => boundPorts.has(entry.port))) continue;
    context.report({
      messageId: 'exposeMismatch',
      data: {
        dockerfile: posix.basename(path),
        exposed: exposed.map((entry) => entry.port).join(', '),
        bound: [...boundPorts].join(', '),
        where: `${first.file}:${first.line}`,
      },
      file: path,
      ...firstExposed.span,
    });
  }
}

function productionDockerfiles(context: RuleContext<MessageId>): string[] {
  return context.app.dockerfiles.filter((path) => !isDevelopmentFile(path));
}

function runsNode(stage: DockerStage): boolean {
  if (NODE_IMAGE.test(stage.image ?? '')) return true;
  const start = [effectiveInstruction(stage, 'ENTRYPOINT'), effectiveInstruction(stage, 'CMD')];
  return start.some(
    (instruction) => instruction !== undefined && instructionCommands(instruction).some((command) => NODE_PROGRAMS.test(posix.basename(command.words[0] ?? ''))),
  );
}

/**
 * The ports a stage (and the stages it builds on) exposes; undefined when any is not a plain
 * number (`EXPOSE $PORT`, a range): then the image's port is configurable and nothing is judged.
 */
function exposedPorts(stage: DockerStage): { port: number; span: Span }[] | undefined {
  const ports: { port: number; span: Span }[] = [];
  for (let current: DockerStage | undefined = stage; current; current = current.parent) {
    for (const instruction of current.instructions) {
      if (instruction.getKeyword() !== 'EXPOSE') continue;
      for (const argument of instruction.getArguments()) {
        const match = /^(\d{1,5})(?:\/(?:tcp|udp))?$/i.exec(argument.getValue());
        if (!match) return undefined;
        ports.push({ port: Number(match[1]), span: dockerSpan(argument.getRange()) });
      }
    }
  }
  return ports;
}
