import { posix } from 'node:path';
import type { Instruction } from 'dockerfile-ast';
import {
  commandText,
  composeBaseFile,
  composeKeyPosition,
  composeServices,
  defineRule,
  isProductionComposeFile,
  projectMounts,
  dockerSpan,
  effectiveInstruction,
  execFormWords,
  finalStage,
  instructionCommands,
  isDevelopmentFile,
  parseShell,
  positionAt,
  programWords,
  pythonServerIn,
  pythonTargets,
  referencedProgramFile,
  startedShellScript,
  scriptInvocation,
  shellFormText,
  shellScriptOf,
  type ShellCommand,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'shellForm' | 'packageManager' | 'scriptNoExec' | 'scriptDropsCmd' | 'scriptPackageManager' | 'composePackageManager' | 'composeShell';

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

/**
 * dumb-init (unless `--single-child`) and `tini -g` signal the child's whole process group: the app
 * under npm or yarn gets SIGTERM too. Plain tini signals its child alone.
 */
function signalsProcessGroup(words: readonly string[] | undefined): boolean {
  const [init = '', ...flags] = words ?? [];
  const options = flags.slice(0, flags.indexOf('--') === -1 ? flags.length : flags.indexOf('--'));
  if (/(?:^|\/)dumb-init$/.test(init)) return !options.some((flag) => flag === '--single-child' || flag === '-c');
  return /(?:^|\/)tini(?:-static)?$/.test(init) && options.some((flag) => /^-[a-zA-Z]*g/.test(flag));
}

/** The package manager a CMD/ENTRYPOINT runs as its process (`npm start`, `yarn run serve`), if any. */
function packageManagerProcess(instruction: Instruction): string | undefined {
  return packageManagerOf(instructionCommands(instruction).at(-1));
}

/** The package-manager command (`yarn start`) a command runs as the process, init prefix (`tini --`) seen through. */
function packageManagerOf(last: ShellCommand | undefined): string | undefined {
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

/** The command as written, exec form or shell form. */
function writtenCommand(instruction: Instruction): string {
  return commandText(execFormWords(instruction) ?? [shellFormText(instruction)?.trim() ?? '']);
}

/** A shell with no command (`bash`, `/bin/sh -l`): what a base image offers for interactive use. */
const BARE_SHELL = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|ash|dash|zsh)(?:\s+-[a-z]+)*$/;

/**
 * `CMD /bin/bash` or `CMD ["bash"]`: the image runs no app, only a shell for whoever starts it
 * interactively (a base image others build FROM, each setting its own CMD). No server to stop.
 */
function startsOnlyAShell(instruction: Instruction): boolean {
  return BARE_SHELL.test(writtenCommand(instruction).trim());
}

/** What is wrong with the process an instruction starts, if anything. */
function problemOf(instruction: Instruction): { messageId: MessageId; command: string } | undefined {
  const npm = packageManagerProcess(instruction);
  if (npm) return { messageId: 'packageManager', command: npm };
  if (startsOnlyAShell(instruction)) return undefined;
  if (runsUnderShell(instruction) && !execsLastCommand(instruction)) return { messageId: 'shellForm', command: shellText(instruction) };
  return undefined;
}

/** Shell keywords that open or close a block: a line holding only these is not the command that runs. */
const SHELL_KEYWORDS = new Set(['if', 'then', 'else', 'elif', 'fi', 'while', 'until', 'for', 'do', 'done', 'case', 'esac', '{', '}', '!']);

/** Package scripts for development (`dev`, `start:dev`, `watch`, `debug`, `test`). */
const DEVELOPMENT_SCRIPT = /(?:^|[:._-])(?:dev|develop|development|watch|debug|test|tests|e2e)(?:$|[:._-])/i;

/** Last commands that are not the app: a script ending in `exit $status` or `wait` is not running it in the foreground. */
const NOT_THE_APP = new Set(['exit', 'return', 'wait', 'echo', 'printf', 'true', 'false', 'sleep', 'set', 'export', 'shift', 'test', '[', '[[']);

/** The words without leading shell keywords (`then node server.js` -> `node server.js`). */
function withoutKeywords(words: readonly string[]): string[] {
  let start = 0;
  while (start < words.length && SHELL_KEYWORDS.has(words[start]!)) start += 1;
  return words.slice(start);
}

/**
 * The entry script an instruction starts (`ENTRYPOINT ["./boot.sh"]`): its last command must replace
 * the shell with `exec`, or the shell stays PID 1 and the app never sees SIGTERM. A script that
 * traps signals itself, or ends with `exec "$@"` (handing over to CMD), is fine.
 */
type ScriptCommand = ReturnType<typeof parseShell>[number];

/** How an entry script was judged: none started, judged, or one that drops the CMD it is handed. */
type EntryScript = 'none' | 'judged' | 'dropsCmd';

/** The words of the instruction's command that starts the script, and the arguments after the script's path. */
function scriptArguments(instruction: Instruction, scriptPath: string): string[] {
  for (const command of instructionCommands(instruction)) {
    const at = command.words.findIndex((word) => word.endsWith(posix.basename(scriptPath)));
    if (at !== -1) return command.words.slice(at + 1);
  }
  return [];
}

/** `case "$1" in`: a script that dispatches on its first argument. */
function isFirstArgumentCase(command: ScriptCommand): boolean {
  return command.words[0] === 'case' && /^"?\$(?:1|\{1\})"?$/.test(command.words[1] ?? '') && command.words[2] === 'in';
}

/** The patterns of a `pattern)` / `a|b)` line of a case statement at this command, if it is one. */
function casePatterns(text: string, command: ScriptCommand): string[] | undefined {
  const match = /^\(?\s*([^\s()|;]+(?:\s*\|\s*[^\s()|;]+)*)\s*\)/.exec(text.slice(command.offset));
  return match?.[1]?.split('|').map((pattern) => pattern.trim().replace(/^["']|["']$/g, ''));
}

/**
 * The commands a script dispatching on its first argument runs for `first` (`case "$1" in start) npm
 * start ;; *) exec "$@" ;; esac` with CMD ["start"]): what comes before the case, then the branch
 * whose pattern names it (else the `*` branch). Undefined when the script has no such case or no
 * branch matches.
 */
function caseBranch(text: string, commands: readonly ScriptCommand[], first: string | undefined): ScriptCommand[] | undefined {
  const start = commands.findIndex(isFirstArgumentCase);
  if (start === -1 || first === undefined) return undefined;
  const branches: { patterns: string[]; commands: ScriptCommand[] }[] = [];
  for (const command of commands.slice(start + 1)) {
    if (command.words[0] === 'esac') break;
    const patterns = casePatterns(text, command);
    if (patterns) branches.push({ patterns, commands: [] });
    else branches.at(-1)?.commands.push(command);
  }
  const branch = branches.find(({ patterns }) => patterns.includes(first)) ?? branches.find(({ patterns }) => patterns.includes('*'));
  return branch && [...commands.slice(0, start), ...branch.commands];
}

/** The command that runs as the app: the first of the pipeline the last command ends (`npm start | cat` -> `npm start`). */
function appCommand(commands: readonly ScriptCommand[]): ScriptCommand | undefined {
  let index = commands.length - 1;
  while (index > 0 && commands[index - 1]!.terminator === '|') index -= 1;
  return commands[index];
}

/** A script that reads its arguments (`"$@"`, `$1`, `shift`) may run the CMD it is handed. */
const READS_ARGUMENTS = /\$(?:[@*1-9]|\{[@*1-9]|#)|\bshift\b/;

/**
 * The entry script an instruction starts (`ENTRYPOINT ["./boot.sh"]`): its last command must replace
 * the shell with `exec`, or the shell stays PID 1 and the app never sees SIGTERM. A script that
 * traps signals itself, or ends with `exec "$@"` (handing over to CMD), is fine. A script that
 * dispatches on its first argument (`case "$1" in`) is judged by the branch the CMD picks. An
 * ENTRYPOINT script that neither execs nor reads its arguments, and ends in no command of the app
 * (`dockerize -wait ...; echo ready`), drops the CMD it is handed: `dropsCmd`.
 */
function checkEntryScript(context: RuleContext<MessageId>, instruction: Instruction, cmd: readonly string[] | undefined): EntryScript {
  const script = instructionCommands(instruction)
    .map((command) => startedShellScript(context, command.words, 'dockerfile'))
    .find((found) => found !== undefined);
  const text = script && context.text(script.path);
  if (!script || text === undefined) return 'none';
  const parsed = parseShell(text);
  // A script that traps signals forwards them itself.
  if (parsed.some((command) => withoutKeywords(command.words)[0] === 'trap')) return 'judged';
  const args = [...scriptArguments(instruction, script.path), ...(cmd ?? [])];
  const commands = (caseBranch(text, parsed, args[0]) ?? parsed)
    .map((command) => ({ ...command, words: withoutKeywords(command.words) }))
    .filter((command) => command.words.length > 0);
  const last = appCommand(commands);
  if (!last || commands.at(-1)!.terminator === '&') return 'judged';
  const data = { script: posix.basename(script.path), command: commandText(programWords(last.words)) };
  const at = { file: script.path, ...positionAt(text, last.offset) };
  const npm = packageManagerOf(last);
  const execs = commands.some((command) => command.words[0] === 'exec');
  if (npm) context.report({ messageId: 'scriptPackageManager', data: { ...data, command: npm }, ...at });
  // One that execs somewhere (a branch, `exec "$@"`) hands over; one ending in `exit`/`wait` is not running the app itself.
  else if (!execs && !NOT_THE_APP.has(programWords(last.words)[0] ?? '')) {
    context.report({ messageId: 'scriptNoExec', data, ...at });
  } else if (!execs && cmd !== undefined && instruction.getKeyword() === 'ENTRYPOINT' && !READS_ARGUMENTS.test(text)) return 'dropsCmd';
  return 'judged';
}

function checkDockerfile(context: RuleContext<MessageId>, path: string): void {
  const dockerfile = context.dockerfile(path);
  const stage = dockerfile && finalStage(dockerfile);
  if (!stage) return;
  const entrypoint = effectiveInstruction(stage, 'ENTRYPOINT');
  if (entrypoint && startsWithInit(execFormWords(entrypoint))) {
    // An init (tini, dumb-init) as PID 1 reaps children and hands SIGTERM to the process it starts,
    // a shell included; but npm and yarn started there are still in the way of the app, unless the
    // init signals their whole process group.
    if (signalsProcessGroup(execFormWords(entrypoint))) return;
    const cmd = effectiveInstruction(stage, 'CMD');
    for (const instruction of [entrypoint, cmd]) {
      const command = instruction && packageManagerProcess(instruction);
      if (!instruction || !command) continue;
      context.report({ messageId: 'packageManager', data: { keyword: instruction.getKeyword(), command }, file: path, ...dockerSpan(instruction.getRange()) });
      return;
    }
    return;
  }
  // A shell-form ENTRYPOINT ignores CMD; an exec-form one receives CMD as arguments.
  const cmd = entrypoint && runsUnderShell(entrypoint) ? undefined : effectiveInstruction(stage, 'CMD');
  const cmdWords = cmd && execFormWords(cmd);
  for (const instruction of [entrypoint, cmd]) {
    if (!instruction) continue;
    const problem = problemOf(instruction);
    if (problem) {
      context.report({
        messageId: problem.messageId,
        data: { keyword: instruction.getKeyword(), command: problem.command },
        file: path,
        ...dockerSpan(instruction.getRange()),
      });
      return;
    }
    const script = checkEntryScript(context, instruction, instruction === entrypoint ? cmdWords : undefined);
    if (script === 'dropsCmd' && cmd) {
      // The CMD is still the process the image is meant to run: judged next, as if the script handed over.
      const data = { command: writtenCommand(instruction), cmd: writtenCommand(cmd) };
      context.report({ messageId: 'scriptDropsCmd', data, file: path, ...dockerSpan(instruction.getRange()) });
      continue;
    }
    if (script === 'judged' && !handsOverToCmd(context, instruction)) return;
  }
}

/** An entry script ending in `exec "$@"` runs the CMD next: that is the process to check then. */
function handsOverToCmd(context: RuleContext<MessageId>, instruction: Instruction): boolean {
  if (instruction.getKeyword() !== 'ENTRYPOINT') return false;
  const script = instructionCommands(instruction)
    .map((command) => startedShellScript(context, command.words, 'dockerfile'))
    .find((found) => found !== undefined);
  const last = parseShell((script && context.text(script.path)) ?? '').at(-1);
  return last !== undefined && last.words[0] === 'exec' && /^\$[@*]$/.test(last.words[1] ?? '');
}

/**
 * Whether a compose service's `sh -c` script runs the repository's own code: a server on one of its
 * modules (`uvicorn main:app`, `gunicorn shop.wsgi`) or an interpreter on one of its files (`node
 * dist/server.js`, `python run.py`). Then the service is the app, whichever image it names (one the
 * deploy builds and tags outside the repository: `image: shop-api:latest`), not a backing service.
 */
function runsRepositoryCode(context: RuleContext<MessageId>, script: string): boolean {
  const paths = new Set(context.files.map((file) => file.path));
  const inApp = (target: string) => posix.normalize(context.app.path === '.' ? target : `${context.app.path}/${target}`);
  return parseShell(script).some(({ words }) => {
    const line = words.join(' ');
    if (referencedProgramFile(words, context.files) !== undefined) return true;
    return pythonServerIn(line) !== undefined && pythonTargets(line).some((target) => paths.has(inApp(target)));
  });
}

/**
 * Production compose commands: a package manager as the process (`command: yarn start`), or an
 * `sh -c` line whose last command does not `exec`. Services of the base file and of an override
 * for the same name are one service; backing services (no `build:` anywhere, and a script that runs
 * none of the repository's code) are left alone for `sh -c`.
 */
function checkCompose(context: RuleContext<MessageId>, path: string): void {
  const text = context.text(path) ?? '';
  const base = composeBaseFile(path, (candidate) => context.app.composeFiles.includes(candidate));
  const baseServices = base ? composeServices(context.yaml(base)) : new Map<string, Record<string, unknown>>();
  for (const [name, service] of composeServices(context.yaml(path))) {
    // Mounting the source over the image is a development setup, unless the file is named for production.
    if (projectMounts(service, path).length > 0 && !isProductionComposeFile(path)) continue;
    const builds = service.build !== undefined || baseServices.get(name)?.build !== undefined;
    for (const key of ['entrypoint', 'command'] as const) {
      const value = service[key];
      const words = typeof value === 'string' ? parseShell(value).at(-1)?.words : Array.isArray(value) ? value.map(String) : undefined;
      if (!words || words.length === 0) continue;
      const at = { file: path, ...composeKeyPosition(text, ['services', name, key]) };
      const npm = packageManagerOf({ words, assignments: {}, terminator: '', offset: 0 });
      // `command: npm run dev` makes the file a development setup whatever its name: not a production process.
      if (npm && DEVELOPMENT_SCRIPT.test(scriptInvocation(programWords(words)) ?? '')) continue;
      const script = shellScriptOf(programWords(words));
      const lastInShell = script === undefined ? undefined : parseShell(script).at(-1);
      if (npm) context.report({ messageId: 'composePackageManager', data: { service: name, command: npm }, ...at });
      else if (lastInShell && lastInShell.words[0] !== 'exec' && (builds || runsRepositoryCode(context, script!))) {
        context.report({ messageId: 'composeShell', data: { service: name, command: commandText([script!.trim()]) }, ...at });
      } else continue;
      break;
    }
  }
}

export const shellFormEntrypoint = defineRule<MessageId>({
  id: 'disposability/shell-form-entrypoint',
  factor: 'disposability',
  defaultSeverity: 'note',
  title: 'Container process does not receive SIGTERM',
  description:
    'Finds container processes SIGTERM may not reach: final-stage Dockerfile CMD/ENTRYPOINT in shell form or through npm/yarn/pnpm, entry scripts that do not exec the app, and production compose commands through a package manager.',
  fix: 'Use exec form and run node directly: CMD ["node", "dist/server.js"] (add tini or `docker run --init` for an init process).',
  messages: {
    shellForm:
      '{{keyword}} `{{command}}` is in shell form: PID 1 is /bin/sh -c, which does not forward SIGTERM, so the app is killed after the stop timeout instead of shutting down gracefully',
    packageManager:
      '{{keyword}} runs the app through `{{command}}`: npm/yarn/pnpm add a process that does not reliably forward SIGTERM; run node directly in exec form',
    scriptNoExec:
      'the entry script {{script}} starts `{{command}}` without exec: the shell stays PID 1 and does not forward SIGTERM to the app; write `exec {{command}}`',
    scriptDropsCmd:
      'ENTRYPOINT `{{command}}` runs a script that neither execs nor reads its arguments: the CMD (`{{cmd}}`) is handed to it and dropped, and no process of the app is PID 1 to receive SIGTERM; end the script with `exec "$@"`',
    scriptPackageManager:
      'the entry script {{script}} runs the app through `{{command}}`: npm/yarn/pnpm add a process that does not reliably forward SIGTERM; exec node directly',
    composePackageManager:
      'compose service {{service}} runs the app through `{{command}}`: npm/yarn/pnpm add a process that does not reliably forward SIGTERM; run node directly',
    composeShell:
      'compose service {{service}} runs `{{command}}` under sh -c without exec: the shell is PID 1 and does not forward SIGTERM; end with `exec` the app',
  },
  triggers: ['CMD', 'ENTRYPOINT', 'cmd', 'entrypoint', 'command'],
  appliesTo: (app) =>
    app.kind === 'library' || app.kind === 'cli'
      ? `${app.kind === 'cli' ? 'CLIs' : 'libraries'} are not long-running processes stopped by signals`
      : app.dockerfiles.length > 0 || app.composeFiles.length > 0
        ? true
        : 'no Dockerfile or compose file: the platform starts the process',
  check(context) {
    for (const file of context.candidates((candidate) => context.app.dockerfiles.includes(candidate.path))) {
      if (!isDevelopmentFile(file.path)) checkDockerfile(context, file.path);
    }
    for (const file of context.candidates((candidate) => context.app.composeFiles.includes(candidate.path))) {
      if (!isDevelopmentFile(file.path)) checkCompose(context, file.path);
    }
  },
});
