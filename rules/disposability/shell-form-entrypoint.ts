import type { Instruction } from 'dockerfile-ast';
import {
  commandText,
  defineRule,
  dockerSpan,
  effectiveInstruction,
  execFormWords,
  finalStage,
  instructionCommands,
  isDevelopmentFile,
  programWords,
  scriptInvocation,
  shellFormText,
  shellScriptOf,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'shellForm' | 'packageManager';

/** Init processes that forward signals to their child and reap zombies. */
const INITS = /(?:^|\/)(?:tini|tini-static|dumb-init|catatonit|s6-svscan|init)$/;

/** `CMD exec node server.js` / `CMD cd /app && exec node x`: the shell replaces itself with the app. */
function execsLastCommand(instruction: Instruction): boolean {
  const last = instructionCommands(instruction).at(-1);
  return last?.words[0] === 'exec' && last.terminator === '';
}

function startsWithInit(words: readonly string[] | undefined): boolean {
  return words !== undefined && INITS.test(words[0] ?? '');
}

/** The package manager a CMD/ENTRYPOINT runs as its process (`npm start`, `yarn run serve`), if any. */
function packageManagerProcess(instruction: Instruction): string | undefined {
  const commands = instructionCommands(instruction);
  const last = commands.at(-1);
  if (!last) return undefined;
  const words = programWords(last.words);
  const process = startsWithInit(words) ? programWords(words.slice(words.indexOf('--') + 1 || 1)) : words;
  return scriptInvocation(process) !== undefined ? commandText(process) : undefined;
}

/** Shell form, or exec form that only starts a shell (`["sh", "-c", "node x"]`): /bin/sh is the process. */
function runsUnderShell(instruction: Instruction): boolean {
  const words = execFormWords(instruction);
  return words === undefined || shellScriptOf(words) !== undefined;
}

function shellText(instruction: Instruction): string {
  const words = execFormWords(instruction);
  return commandText([(words ? shellScriptOf(words) : shellFormText(instruction))?.trim() ?? '']);
}

/** What is wrong with the process an instruction starts, if anything. */
function problemOf(instruction: Instruction): { messageId: MessageId; command: string } | undefined {
  const npm = packageManagerProcess(instruction);
  if (npm) return { messageId: 'packageManager', command: npm };
  if (runsUnderShell(instruction) && !execsLastCommand(instruction)) return { messageId: 'shellForm', command: shellText(instruction) };
  return undefined;
}

function checkDockerfile(context: RuleContext<MessageId>, path: string): void {
  const dockerfile = context.dockerfile(path);
  const stage = dockerfile && finalStage(dockerfile);
  if (!stage) return;
  const entrypoint = effectiveInstruction(stage, 'ENTRYPOINT');
  // An init (tini, dumb-init) as PID 1 forwards signals and reaps children, whatever it starts.
  if (entrypoint && startsWithInit(execFormWords(entrypoint))) return;
  // A shell-form ENTRYPOINT ignores CMD; an exec-form one receives CMD as arguments.
  const cmd = entrypoint && runsUnderShell(entrypoint) ? undefined : effectiveInstruction(stage, 'CMD');
  for (const instruction of [entrypoint, cmd]) {
    const problem = instruction && problemOf(instruction);
    if (!instruction || !problem) continue;
    context.report({
      messageId: problem.messageId,
      data: { keyword: instruction.getKeyword(), command: problem.command },
      file: path,
      ...dockerSpan(instruction.getRange()),
    });
    return;
  }
}

export const shellFormEntrypoint = defineRule<MessageId>({
  id: 'disposability/shell-form-entrypoint',
  factor: 'disposability',
  defaultSeverity: 'warning',
  title: 'Container process does not receive SIGTERM',
  description:
    'Finds final-stage Dockerfile CMD/ENTRYPOINT in shell form (PID 1 is /bin/sh) or running npm/yarn/pnpm start, so SIGTERM may not reach the app.',
  fix: 'Use exec form and run node directly: CMD ["node", "dist/server.js"] (add tini or `docker run --init` for an init process).',
  messages: {
    shellForm:
      '{{keyword}} `{{command}}` is in shell form: PID 1 is /bin/sh -c, which does not forward SIGTERM, so the app is killed after the stop timeout instead of shutting down gracefully',
    packageManager:
      '{{keyword}} runs the app through `{{command}}`: npm/yarn/pnpm add a process that does not reliably forward SIGTERM; run node directly in exec form',
  },
  triggers: ['CMD', 'ENTRYPOINT', 'cmd', 'entrypoint'],
  appliesTo: (app) =>
    app.kind === 'library' || app.kind === 'cli'
      ? `${app.kind === 'cli' ? 'CLIs' : 'libraries'} are not long-running processes stopped by signals`
      : app.dockerfiles.length > 0
        ? true
        : 'no Dockerfile: the platform starts the process',
  check(context) {
    for (const file of context.candidates((candidate) => context.app.dockerfiles.includes(candidate.path))) {
      if (!isDevelopmentFile(file.path)) checkDockerfile(context, file.path);
    }
  },
});
