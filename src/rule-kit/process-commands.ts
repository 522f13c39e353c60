/**
 * What an app runs in production, gathered from every place that says so: Procfile process types
 * other than `release`, the final stage's CMD/ENTRYPOINT of each Dockerfile, compose
 * `command:`/`entrypoint:`, and the package.json `start` script (with `prestart` and the scripts it
 * calls) when it is what runs.
 * Files named for development (`Dockerfile.dev`, `docker-compose.override.yml`) are left out, and so
 * are Dockerfiles only development containers build (see `developmentImages`).
 */
import { posix } from 'node:path';
import type { IndexedFile, RuleContext } from '../types.js';
import {
  commandFromWords,
  expandCommand,
  expandShell,
  isShellProgram,
  parseProcfile,
  programWords,
  scriptCommands,
  scriptInvocation,
  scriptPosition,
  scriptsOf,
  type ShellCommand,
} from './commands.js';
import { dockerSpan, effectiveInstruction, finalStage, instructionCommands } from './dockerfile.js';
import { composeBuilds, composeKeyPosition, composeServices, isComposeFile, mountsBuildContext, projectMounts } from './compose.js';
import { positionAt } from './text.js';
import { isDevelopmentOnly } from '../repo/classify.js';
import { defineAppFact } from '../facts/app-facts.js';

export type ProcessSource = 'script' | 'procfile' | 'dockerfile' | 'compose';

/** One simple command the app runs in production, with where it is written. */
export interface ProcessCommand {
  source: ProcessSource;
  /** Where it comes from, for messages: `scripts.start`, `Procfile web`, `Dockerfile CMD`, `compose service api`. */
  origin: string;
  /** The compose service that runs it, for a compose command. */
  service?: string;
  command: ShellCommand;
  /** The commands that led here, outermost first: `npm start` in a CMD, then `npm run build` for `tsc`. */
  via: ShellCommand[];
  file: string;
  line: number;
  column: number;
}

/**
 * `Dockerfile.dev`, `dev.Dockerfile`, `docker-compose.override.yml`, `compose.test.yaml`,
 * `.gitpod.Dockerfile`, `maildev.Dockerfile`, anything under `.devcontainer/`: developer
 * environments, not what production runs (the repo index's classification decides).
 */
export function isDevelopmentFile(path: string): boolean {
  return isDevelopmentOnly(path);
}

/** Package scripts named for development or maintenance (`dev`, `test:e2e`, `pm2:logs`): not how the app is deployed. */
const NON_PRODUCTION_SCRIPT = /(?:^|[:._-])(?:dev|develop|development|debug|test|tests|e2e|watch|local|stop|kill|delete|logs?|monit|status|list)(?:$|[:._-])/i;

export function isNonProductionScript(name: string): boolean {
  return NON_PRODUCTION_SCRIPT.test(name);
}

/** `pm2 start` and the subcommands that (re)start apps in pm2's own daemon; `--no-daemon` keeps pm2 in the foreground. */
const PM2_DAEMON_SUBCOMMAND = /^(?:start|restart|reload|startOrRestart|startOrReload|startOrGracefulReload|resurrect)$/;

export function isPm2DaemonStart(words: readonly string[]): boolean {
  const [program, subcommand] = programWords(words);
  return program === 'pm2' && PM2_DAEMON_SUBCOMMAND.test(subcommand ?? '') && !words.includes('--no-daemon');
}

/**
 * Every production command of the app, each location reported once. The `start` script counts on
 * its own only when no Procfile process or Dockerfile CMD/ENTRYPOINT says what runs (then platforms
 * such as Heroku run `npm start`); otherwise it counts when those run it.
 */
export function productionCommands(context: RuleContext<string>): ProcessCommand[] {
  return [...context.appFact(PRODUCTION_COMMANDS)];
}

const PRODUCTION_ENTRIES = defineAppFact('production-entries', productionEntries);

const PRODUCTION_COMMANDS = defineAppFact('production-commands', (context) => {
  const seen = new Set<string>();
  return context.appFact(PRODUCTION_ENTRIES).filter((entry) => {
    const key = `${entry.file}:${entry.line}:${entry.column}:${entry.command.words.join(' ')}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
});

/**
 * Every production command in the order each process runs them, a location reached twice listed
 * twice: each top-level command (`via` empty) followed by what it runs.
 */
function productionEntries(context: RuleContext<string>): ProcessCommand[] {
  const declared = [...procfileCommands(context), ...dockerfileCommands(context)];
  return [...(declared.length === 0 ? scriptProcessCommands(context, 'start') : []), ...declared, ...composeCommands(context)];
}

/** One command of a process's startup, located where it is written. */
export interface StartupStep {
  command: ShellCommand;
  /** What starts the process this step belongs to: a Dockerfile or compose file means it runs in a container. */
  source: ProcessSource;
  /** Where it is written, for messages: `Procfile web`, `scripts.start`, `boot.sh`. */
  origin: string;
  file: string;
  line: number;
  column: number;
}

/**
 * Each production process (a Procfile type, a Dockerfile CMD or ENTRYPOINT, a compose command, the
 * start script) as the commands it runs, in order: the package scripts it invokes and the shell
 * scripts it starts (`./boot.sh`) expanded in place. Commands of one line (`a && b`) form one process.
 */
export function startupSequences(context: RuleContext<string>): StartupStep[][] {
  const sequences: StartupStep[][] = [];
  let place: string | undefined;
  let source: ProcessSource = 'script';
  for (const entry of context.appFact(PRODUCTION_ENTRIES)) {
    const key = `${entry.file}:${entry.line}:${entry.column}:${entry.origin}`;
    if (entry.via.length === 0 && key !== place) {
      sequences.push([]);
      place = key;
      source = entry.source;
    }
    sequences.at(-1)?.push({ command: entry.command, source, origin: entry.origin, file: entry.file, line: entry.line, column: entry.column });
    sequences.at(-1)?.push(...shellScriptSteps(context, entry.command.words, source));
  }
  return sequences;
}

/**
 * The program files the production processes run (`node artifacts/reset-db.js && npm start` in a
 * compose command, `python scripts/seed.py` in an entrypoint script): code every deploy runs,
 * whatever its name says.
 */
const DEPLOY_RUN_PROGRAMS = defineAppFact('deploy-run-programs', (context) => {
  const programs = new Set<string>();
  for (const step of startupSequences(context).flat()) {
    for (const command of expandCommand(step.command)) {
      const program = referencedProgramFile(command.words, context.files);
      if (program) programs.add(program.path);
    }
  }
  return programs;
});

export function programsRunByDeploy(context: RuleContext<string>): ReadonlySet<string> {
  return context.appFact(DEPLOY_RUN_PROGRAMS);
}

/** How deep scripts starting scripts are followed (`entrypoint.sh` -> `./startup_checks.sh` -> ...). */
const MAX_SCRIPT_DEPTH = 3;

/**
 * The commands of the shell script a command starts, if it starts one of the app's scripts, each
 * followed by the commands of a script it starts in turn (`./startup_checks.sh && exec ./webserver.sh`).
 */
function shellScriptSteps(context: RuleContext<string>, words: readonly string[], source: ProcessSource, seen: ReadonlySet<string> = new Set()): StartupStep[] {
  const script = startedShellScript(context, words, source);
  const text = script && context.text(script.path);
  if (!script || text === undefined || seen.has(script.path) || seen.size >= MAX_SCRIPT_DEPTH) return [];
  const within = new Set([...seen, script.path]);
  return expandShell(text).flatMap((command) => [
    { command, source, origin: posix.basename(script.path), file: script.path, ...positionAt(text, command.offset) },
    ...shellScriptSteps(context, command.words, source, within),
  ]);
}

/** The commands `npm run <script>` executes in this app, located at their script's key in package.json. */
export function scriptProcessCommands(context: RuleContext<string>, script: string, via: ShellCommand[] = []): ProcessCommand[] {
  const manifest = context.app.manifest;
  const text = manifest ? context.text(manifest) : undefined;
  if (!manifest || text === undefined) return [];
  return scriptCommands(scriptsOf(context.app.packageJson), script).map(({ script: name, command, via: inner }) => ({
    source: 'script',
    origin: `scripts.${name}`,
    command,
    via: [...via, ...inner],
    file: manifest,
    ...scriptPosition(text, name),
  }));
}

/** The commands plus, for `npm start`-like ones, the scripts they run. */
function withScripts(context: RuleContext<string>, entries: ProcessCommand[]): ProcessCommand[] {
  const scripts = scriptsOf(context.app.packageJson);
  return entries.flatMap((entry) => {
    const invoked = scriptInvocation(entry.command.words, scripts);
    return invoked === undefined ? [entry] : [entry, ...scriptProcessCommands(context, invoked, [entry.command])];
  });
}

function procfileCommands(context: RuleContext<string>): ProcessCommand[] {
  const procfile = context.app.procfile;
  const text = procfile ? context.text(procfile) : undefined;
  if (!procfile || text === undefined) return [];
  const entries = parseProcfile(text)
    .filter((entry) => entry.type !== 'release')
    .flatMap((entry) =>
      expandShell(entry.command).map((command): ProcessCommand => ({
        source: 'procfile',
        origin: `Procfile ${entry.type}`,
        command,
        via: [],
        file: procfile,
        line: entry.line,
        column: entry.column,
      })),
    );
  return withScripts(context, entries);
}

const DEFAULT_DOCKERFILE = /^(?:Dockerfile|Containerfile)$/i;

/** Whether a file other than a compose file names the Dockerfile: `docker build -f` in CI or a Makefile, fly.toml, heroku.yml. */
function isNamedOutsideCompose(context: RuleContext<string>, dockerfile: string): boolean {
  const names = [dockerfile, posix.relative(context.app.path, dockerfile)];
  return context.repo.files.some(
    (file) =>
      (file.role === 'config' || file.language === 'shell') &&
      file.path !== dockerfile &&
      !isComposeFile(file.path) &&
      names.some((name) => context.text(file.path)?.includes(name)),
  );
}

/**
 * Dockerfiles of the app that only development containers build, so their CMD is not what production
 * runs: every compose service building one bind-mounts its build context (or source inside it) over
 * the image, nothing but compose files names it, it is not the app folder's own `Dockerfile` (what
 * platforms build by default), and the app declares its production process elsewhere: a Procfile
 * process, or a Dockerfile that is not such a development image. A Dockerfile that also serves
 * production fails one of these, and stays.
 */
const DEVELOPMENT_IMAGES = defineAppFact('development-images', (context): Set<string> => {
  const sourceFiles = context.repo.files.filter((file) => file.role === 'source').map((file) => file.path);
  const builds = composeBuilds(context);
  const candidates = context.app.dockerfiles.filter((path) => {
    if (isDevelopmentFile(path) || (posix.dirname(path) === context.app.path && DEFAULT_DOCKERFILE.test(posix.basename(path)))) return false;
    const builtBy = builds.filter((entry) => entry.build.dockerfile === path);
    return (
      builtBy.length > 0 &&
      builtBy.every((entry) => projectMounts(entry.service, entry.composeFile).some((mount) => mountsBuildContext(mount, entry.build, sourceFiles))) &&
      !isNamedOutsideCompose(context, path)
    );
  });
  const procfile = context.app.procfile && context.text(context.app.procfile);
  const declaredElsewhere =
    (procfile !== undefined && parseProcfile(procfile).some((entry) => entry.type !== 'release')) ||
    context.app.dockerfiles.some((path) => !isDevelopmentFile(path) && !candidates.includes(path));
  return new Set(declaredElsewhere ? candidates : []);
});

function dockerfileCommands(context: RuleContext<string>): ProcessCommand[] {
  const developmentImages = context.appFact(DEVELOPMENT_IMAGES);
  const entries = context.app.dockerfiles
    .filter((path) => !isDevelopmentFile(path) && !developmentImages.has(path))
    .flatMap((path) => {
      const dockerfile = context.dockerfile(path);
      const stage = dockerfile && finalStage(dockerfile);
      if (!stage) return [];
      return (['ENTRYPOINT', 'CMD'] as const).flatMap((keyword) => {
        const instruction = effectiveInstruction(stage, keyword);
        if (!instruction) return [];
        const { line, column } = dockerSpan(instruction.getRange());
        return instructionCommands(instruction).map((command): ProcessCommand => ({
          source: 'dockerfile',
          origin: `${posix.basename(path)} ${keyword}`,
          command,
          via: [],
          file: path,
          line,
          column,
        }));
      });
    });
  return withScripts(context, entries);
}

function composeValueCommands(value: unknown): ShellCommand[] {
  if (typeof value === 'string') return expandShell(value);
  if (Array.isArray(value) && value.every((word) => typeof word === 'string')) {
    return value.length === 0 ? [] : expandCommand(commandFromWords(value as string[]));
  }
  return [];
}

function composeCommands(context: RuleContext<string>): ProcessCommand[] {
  const entries = context.app.composeFiles
    .filter((path) => !isDevelopmentFile(path))
    .flatMap((path) => {
      const text = context.text(path) ?? '';
      return [...composeServices(context.yaml(path))].flatMap(([name, service]) => {
        // A service that bind-mounts the source folder (`.:/app`) is a development setup by construction.
        if (projectMounts(service, path).length > 0) return [];
        return (['entrypoint', 'command'] as const).flatMap((key) =>
          composeValueCommands(service[key]).map((command): ProcessCommand => ({
            source: 'compose',
            origin: `compose service ${name}`,
            service: name,
            command,
            via: [],
            file: path,
            ...composeKeyPosition(text, ['services', name, key]),
          })),
        );
      });
    });
  return withScripts(context, entries);
}

/**
 * The shell script a command runs (`./docker-entrypoint.sh`, `sh scripts/start.sh`), found among
 * `files`; undefined when none or several files could be meant.
 */
export function referencedShellScript(words: readonly string[], files: readonly IndexedFile[]): IndexedFile | undefined {
  const [program, ...args] = programWords(words);
  const target = program?.endsWith('.sh') ? program : isShellProgram(program) ? args.find((word) => !word.startsWith('-')) : undefined;
  return target?.endsWith('.sh') ? fileNamed(target, files, (file) => file.language === 'shell') : undefined;
}

/**
 * The shell script a process command starts: one of the app's own, or for a container (Dockerfile,
 * compose) one anywhere in the repository, since an image's build context may reach above the app (a
 * workspace member's Dockerfile copying `scripts/boot.sh` from the repository root).
 */
export function startedShellScript(context: RuleContext<string>, words: readonly string[], source: ProcessSource): IndexedFile | undefined {
  const own = referencedShellScript(words, context.files);
  return own || (source !== 'dockerfile' && source !== 'compose') ? own : referencedShellScript(words, context.repo.files);
}

const INTERPRETERS = new Set(['node', 'nodejs', 'tsx', 'ts-node', 'bun', 'deno', 'python', 'python3']);
const PROGRAM_FILE = /\.(?:[cm]?[jt]s|py)$/;

/** The program file an interpreter runs (`node scripts/check-db.js`, `python app/prestart.py`), found among `files`. */
export function referencedProgramFile(words: readonly string[], files: readonly IndexedFile[]): IndexedFile | undefined {
  const [program, ...args] = programWords(words);
  if (!INTERPRETERS.has(posix.basename(program ?? ''))) return undefined;
  const target = args.find((word) => !word.startsWith('-') && word !== 'run');
  return target && PROGRAM_FILE.test(target) ? fileNamed(target, files, (file) => file.role === 'source') : undefined;
}

/** The one source or config file a path in a command means: COPY may put it anywhere, so the longest path suffix wins, else a unique name. */
function fileNamed(target: string, files: readonly IndexedFile[], accept: (file: IndexedFile) => boolean): IndexedFile | undefined {
  const wanted = posix.normalize(target).replace(/^(?:\.\/|\/)+/, '');
  const candidates = files.filter((file) => accept(file) && (file.role === 'source' || file.role === 'config'));
  const exact = candidates.filter((file) => file.path === wanted || file.path.endsWith(`/${wanted}`));
  const named = candidates.filter((file) => posix.basename(file.path) === posix.basename(wanted));
  const found = exact.length > 0 ? exact : named;
  return found.length === 1 ? found[0] : undefined;
}
