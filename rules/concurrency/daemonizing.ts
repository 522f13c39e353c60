import { posix } from 'node:path';
import { Node, SyntaxKind, type SourceFile, type ts } from 'ts-morph';
import type { FileExtractor, Span } from '../../src/rule-kit/index.js';
import { wrapped } from '../../src/rule-kit/index.js';
import {
  cachedImportBindings,
  calleeName,
  commandText,
  defineRule,
  forEachRuntimeScriptFacts,
  isModule,
  isNonProductionScript,
  isPm2DaemonStart,
  linesOf,
  objectLiteral,
  parseShell,
  positionAt,
  productionCommands,
  programWords,
  propertyValue,
  rawDottedRoot,
  requiredModule,
  scriptProcessCommands,
  startedShellScript,
  scriptsOf,
  spanOf,
  startupSequences,
  stringValue,
  unwrap,
  unwrapRaw,
  type ProcessCommand,
  type ShellCommand,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'processManager' | 'foregroundManager' | 'background' | 'selfDaemonize' | 'daemonPackage';

/** Packages that fork the process into the background and detach it from its parent. */
const DAEMON_PACKAGES = ['daemon', 'daemonize2', 'daemonize-process'];

/**
 * `pm2 start` (unless `--no-daemon`) and `forever start` hand the app to a daemon of their own.
 * `pm2-runtime` / `pm2-docker` run in the foreground for containers and are fine.
 */
function processManagerCall(words: readonly string[]): boolean {
  const [program, subcommand] = programWords(words);
  return isPm2DaemonStart(words) || (program === 'forever' && (subcommand === 'start' || subcommand === 'restart'));
}

/** `pm2-runtime`, `pm2-docker`, `pm2 start --no-daemon`: a process manager kept in the foreground. */
function foregroundManagerCall(words: readonly string[]): boolean {
  const [program, subcommand] = programWords(words);
  if (program === 'pm2-runtime' || program === 'pm2-docker') return true;
  return program === 'pm2' && subcommand === 'start' && words.includes('--no-daemon');
}

/**
 * pm2 in the foreground inside a container: signals do reach it, but it restarts crashed processes
 * behind the orchestrator's back and adds a supervisor the platform already is. Low, by LABELLING.md.
 */
function checkContainerManagers(context: RuleContext<MessageId>): void {
  const reported = new Set<string>();
  for (const steps of startupSequences(context)) {
    for (const step of steps) {
      const key = `${step.file}:${step.line}`;
      if ((step.source !== 'dockerfile' && step.source !== 'compose') || !foregroundManagerCall(step.command.words) || reported.has(key)) continue;
      reported.add(key);
      const data = { origin: step.origin, command: describeCommand(step.command.words) };
      context.report({ messageId: 'foregroundManager', data, file: step.file, line: step.line, column: step.column, severity: 'note' });
    }
  }
}

/** Makefile targets named for running the app (`start`, `prod`, `deploy`), not for development or maintenance. */
const MAKE_TARGET = /^([A-Za-z0-9_.\-]+)\s*:(?!=)/;

/** `pm2 start` / `forever start` in the recipe of a Makefile target that starts the app in production. */
function checkMakefiles(context: RuleContext<MessageId>): void {
  for (const file of context.files.filter((candidate) => /^(?:GNUmakefile|[Mm]akefile)$/.test(posix.basename(candidate.path)) && candidate.role !== 'vendored')) {
    const text = context.text(file.path) ?? '';
    let target: string | undefined;
    for (const line of linesOf(text)) {
      const header = MAKE_TARGET.exec(line.text);
      if (header) target = header[1];
      if (!line.text.startsWith('\t') || target === undefined || isNonProductionScript(target)) continue;
      const severity = PRODUCTION_START.test(target) ? {} : { severity: 'warning' as const };
      for (const command of parseShell(line.text.replace(/^\t[@\-+]*/, ''))) {
        if (!processManagerCall(command.words)) continue;
        const data = { origin: `${posix.basename(file.path)} target ${target}`, command: describeCommand(command.words) };
        context.report({ messageId: 'processManager', data, file: file.path, line: line.line, column: 2, ...severity });
      }
    }
  }
}

/**
 * The lexer of commands.ts splits the redirections `2>&1` and `&>file` at their `&`; a command
 * that ends in `>` (or is followed by one starting with `>`) is such a split, not a background job.
 */
function isSplitRedirection(command: ShellCommand, next: ShellCommand | undefined): boolean {
  return command.terminator === '&' && next !== undefined && (/[<>]$/.test(command.words.at(-1) ?? '') || /^>/.test(next.words[0] ?? ''));
}

/**
 * Commands of one shell text run in the background with `&`. A later `wait` means the shell stays
 * in the foreground supervising them (the signal-forwarding idiom `node app & wait $!`): not flagged.
 */
export function backgroundedCommands(commands: readonly ShellCommand[]): ShellCommand[] {
  const backgrounded: ShellCommand[] = [];
  for (let index = 0; index < commands.length; index += 1) {
    const owner = commands[index]!;
    while (isSplitRedirection(commands[index]!, commands[index + 1])) index += 1;
    const waits = commands.slice(index + 1).some((later) => later.words[0] === 'wait');
    if (commands[index]!.terminator === '&' && !waits) backgrounded.push(owner);
  }
  return backgrounded;
}

/** The words of a command without its redirections (`> /dev/null`, `2>`, `>>out.log`), for messages. */
function describeCommand(words: readonly string[]): string {
  const kept: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (/^\d*[<>]+$/.test(word)) index += 1;
    else if (!/^\d*[<>]/.test(word)) kept.push(word);
  }
  return commandText(programWords(kept));
}

/** Script and Makefile target names that say they start the app in production (`start:prod`, `serve`, `deploy`). */
const PRODUCTION_START = /^(?:start|serve|prod|production|deploy|launch|run|up)(?:$|[:._-])|[:._-](?:prod|production)$/i;

/** Consecutive commands written in the same place (one CMD, one script, one Procfile line), in order. */
function groupByPlace(commands: readonly ProcessCommand[]): ProcessCommand[][] {
  const groups: ProcessCommand[][] = [];
  let key = '';
  for (const entry of commands) {
    const place = `${entry.file}:${entry.line}:${entry.column}:${entry.origin}`;
    if (place !== key || groups.length === 0) groups.push([]);
    groups.at(-1)!.push(entry);
    key = place;
  }
  return groups;
}

/** Production commands of the start script, Procfile, Dockerfiles and compose, plus other non-development scripts. */
function commandsToAudit(context: RuleContext<MessageId>): ProcessCommand[] {
  const fromScripts = Object.keys(scriptsOf(context.app.packageJson))
    .filter((name) => name !== 'start' && !isNonProductionScript(name))
    .flatMap((name) =>
      scriptProcessCommands(context, name)
        .filter((entry) => processManagerCall(entry.command.words))
        .map((entry) => ({ ...entry, alternative: !PRODUCTION_START.test(name) })),
    );
  const seen = new Set<string>();
  return [...productionCommands(context), ...fromScripts].filter((entry) => {
    const key = `${entry.file}:${entry.line}:${entry.column}:${entry.command.offset}:${entry.command.words.join(' ')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function checkCommands(context: RuleContext<MessageId>): void {
  const scripts = new Map<string, IndexedFile>();
  for (const group of groupByPlace(commandsToAudit(context))) {
    const background = new Set(backgroundedCommands(group.map((entry) => entry.command)));
    for (const entry of group) {
      const at = { file: entry.file, line: entry.line, column: entry.column };
      const data = { origin: entry.origin, command: describeCommand(entry.command.words) };
      // pm2 start in a script nothing runs in production and not named for it (`"pm2": "pm2 start"`) may be an alternative: medium.
      const alternative = 'alternative' in entry && entry.alternative === true;
      if (processManagerCall(entry.command.words)) context.report({ messageId: 'processManager', data, ...at, ...(alternative ? { severity: 'warning' as const } : {}) });
      else if (background.has(entry.command)) context.report({ messageId: 'background', data, ...at, severity: 'warning' });
      const script = startedShellScript(context, entry.command.words, entry.source);
      if (script) scripts.set(script.path, script);
    }
  }
  for (const script of scripts.values()) checkShellScript(context, script.path);
}

/** An entry script the image or Procfile runs: its own `pm2 start` and `node server.js &` lines. */
function checkShellScript(context: RuleContext<MessageId>, path: string): void {
  const text = context.text(path);
  if (text === undefined) return;
  const commands = parseShell(text);
  const background = new Set(backgroundedCommands(commands));
  for (const command of commands) {
    const data = { origin: posix.basename(path), command: describeCommand(command.words) };
    const at = { file: path, ...positionAt(text, command.offset) };
    if (processManagerCall(command.words)) context.report({ messageId: 'processManager', data, ...at });
    else if (background.has(command)) context.report({ messageId: 'background', data, ...at, severity: 'warning' });
  }
}

/** `spawn(process.execPath, [...], { detached: true })` / `fork(file, [], { detached: true })` later `unref()`ed. */
function isDetachedSelfSpawn(call: Node, bindings: Map<string, string>): boolean {
  if (!Node.isCallExpression(call)) return false;
  const name = calleeName(call) ?? '';
  const method = name.slice(name.lastIndexOf('.') + 1);
  if (method !== 'spawn' && method !== 'fork') return false;
  if (!isModule(bindings.get(name.split('.')[0] ?? '') ?? '', 'child_process')) return false;
  const [command, ...rest] = call.getArguments();
  const options = rest.map((argument) => objectLiteral(argument)).find((object) => object !== undefined);
  const detached = options && propertyValue(options, 'detached');
  if (!detached || unwrap(detached).getText() !== 'true') return false;
  const runsNode = method === 'fork' || isNodeBinary(command);
  return runsNode && isUnrefed(call);
}

function isNodeBinary(node: Node | undefined): boolean {
  if (!node) return false;
  const text = unwrap(node).getText();
  return /^process\.(?:execPath|argv0|argv\[0\])$/.test(text) || stringValue(node) === 'node';
}

/** `spawn(...).unref()`, or `const child = spawn(...)` with `child.unref()` in the same file. */
function isUnrefed(call: Node): boolean {
  const parent = call.getParent();
  if (Node.isPropertyAccessExpression(parent) && parent.getName() === 'unref') return true;
  const declaration = Node.isVariableDeclaration(parent) ? parent : undefined;
  const variable = declaration?.getName();
  return variable !== undefined && new RegExp(`\\b${variable}\\s*\\.\\s*unref\\s*\\(`).test(call.getSourceFile().getFullText());
}

/** `require('daemon')()`, `daemon()`, `daemonize2.setup({...})`: the call that detaches. */
function daemonPackageCall(call: Node, bindings: Map<string, string>): string | undefined {
  if (!Node.isCallExpression(call)) return undefined;
  const callee = unwrap(call.getExpression());
  const inline = Node.isCallExpression(callee) ? requiredModule(callee) : undefined;
  const bound = bindings.get((calleeName(call) ?? '').split('.')[0] ?? '');
  const module = inline ?? bound;
  return DAEMON_PACKAGES.find((name) => module !== undefined && isModule(module, name));
}

const TRIGGERS = ['detached', 'daemon'];

/** A call of the code that puts the app in the background: a detached self-spawn, or a daemon package's (`module`). */
type DaemonizingCall = { span: Span } & ({ messageId: 'selfDaemonize' } | { messageId: 'daemonPackage'; module: string });

/** The calls of each JS/TS file holding a trigger that daemonize the app, in source order. */
export const daemonizingCalls: FileExtractor<DaemonizingCall[]> = {
  name: 'concurrency/daemonizing',
  version: 1,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.CallExpression],
    create(file) {
      const calls: DaemonizingCall[] = [];
      const wanted = TRIGGERS.some((trigger) => file.text.includes(trigger));
      let imports: { bindings: Map<string, string>; roots: Set<string> } | undefined;
      return {
        visit(node) {
          if (!wanted) return;
          imports ??= daemonizingImports(wrapped<SourceFile>(node.getSourceFile()));
          if (!mayDaemonize(node as ts.CallExpression, imports.roots)) return;
          const call = wrapped(node);
          if (isDetachedSelfSpawn(call, imports.bindings)) {
            calls.push({ messageId: 'selfDaemonize', span: spanOf(call, file) });
            return;
          }
          const module = daemonPackageCall(call, imports.bindings);
          if (module) calls.push({ messageId: 'daemonPackage', module, span: spanOf(call, file) });
        },
        result: () => calls,
      };
    },
  },
};

/** A file's import bindings, and the names bound to child_process or a daemon package. */
function daemonizingImports(sourceFile: SourceFile): { bindings: Map<string, string>; roots: Set<string> } {
  const bindings = cachedImportBindings(sourceFile);
  const roots = new Set(
    [...bindings].filter(([, module]) => isModule(module, 'child_process') || DAEMON_PACKAGES.some((name) => isModule(module, name))).map(([name]) => name),
  );
  return { bindings, roots };
}

/** Only calls rooted at a child_process or daemon-package binding, and calls of a call (`require('daemon')()`), get wrapped. */
function mayDaemonize(call: ts.CallExpression, roots: ReadonlySet<string>): boolean {
  return unwrapRaw(call.expression).kind === SyntaxKind.CallExpression || (roots.size > 0 && roots.has(rawDottedRoot(call.expression) ?? ''));
}

export const daemonizing = defineRule<MessageId>({
  id: 'concurrency/daemonizing',
  factor: 'concurrency',
  // pm2/forever in daemon mode as the production start is high (LABELLING.md); the other forms are lowered per finding.
  defaultSeverity: 'error',
  title: 'App daemonizes or manages its own processes',
  description:
    'Finds apps that put themselves in the background: pm2/forever start, `&` or nohup in start commands and entry scripts, detached self-respawn, daemon packages.',
  fix: 'Run the app in the foreground (node, pm2-runtime) and let the platform (Docker, Kubernetes, systemd, Heroku) supervise and scale it.',
  messages: {
    processManager: '{{origin}} runs `{{command}}`, which hands the app to a background process manager instead of running it in the foreground',
    foregroundManager:
      '{{origin}} runs the app under `{{command}}` inside a container: pm2 restarts crashes behind the orchestrator\'s back and adds a supervisor the platform already provides; run node directly',
    background: '{{origin}} runs `{{command}}` in the background with `&`; run each process in the foreground under the platform',
    selfDaemonize: 'the app respawns itself as a detached background process (detached spawn + unref) instead of running in the foreground',
    daemonPackage: '{{module}} turns the app into a background daemon instead of running it in the foreground',
  },
  triggers: TRIGGERS,
  appliesTo: (app) =>
    app.kind === 'service' || app.kind === 'worker' ? true : `${app.kind === 'library' ? 'libraries' : 'CLIs'} do not run as long-lived processes`,
  facts: [daemonizingCalls],
  check(context) {
    checkCommands(context);
    checkContainerManagers(context);
    checkMakefiles(context);
    forEachRuntimeScriptFacts(context, daemonizingCalls, (calls, file) => {
      for (const { span, ...call } of calls) {
        const data = call.messageId === 'daemonPackage' ? { data: { module: call.module } } : {};
        context.report({ messageId: call.messageId, ...data, file: file.path, ...span, severity: 'warning' });
      }
    });
  },
});
