import { posix } from 'node:path';
import {
  commandText,
  defineRule,
  linesOf,
  productionCommands,
  programWords,
  pythonServerIn,
  referencedProgramFile,
  scriptInvocation,
  scriptsOf,
  type ProcessCommand,
  type ShellCommand,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'install' | 'build' | 'devRunner' | 'devServer' | 'devDependency';

const BUILD_SCRIPT = /^(?:build|compile|bundle|transpile|tsc)(?:[:\-_].*)?$/;
const DEV_SCRIPT = /(?:^|[:\-_])(?:dev|develop|watch)(?:$|[:\-_])/;
/** Programs that only ever compile or bundle (stylesheet compilers included). */
const BUILDERS = new Set([
  'tsc', 'rollup', 'esbuild', 'tsup', 'swc', 'ncc', 'microbundle', 'unbuild', 'tsc-alias', 'sass', 'node-sass', 'lessc',
  'stylus', 'postcss', 'tailwindcss',
]);
/** Programs that only ever run code in development mode (transpile on the fly, restart on change). */
const DEV_RUNNERS = new Set(['ts-node', 'ts-node-dev', 'tsnd', 'tsx', 'nodemon', 'babel-node', 'node-dev', 'webpack-dev-server', 'esno', 'vite-node']);
/** Framework CLIs: which subcommands build and which start a development server. */
const FRAMEWORK_COMMANDS: Record<string, { build: string[]; dev: string[] }> = {
  next: { build: ['build'], dev: ['dev'] },
  nuxt: { build: ['build', 'generate'], dev: ['dev'] },
  nuxi: { build: ['build', 'generate'], dev: ['dev'] },
  nest: { build: ['build'], dev: [] },
  ng: { build: ['build'], dev: ['serve'] },
  'react-scripts': { build: ['build'], dev: ['start'] },
  remix: { build: ['build'], dev: ['dev'] },
  astro: { build: ['build'], dev: ['dev'] },
  gatsby: { build: ['build'], dev: ['develop'] },
  webpack: { build: ['', 'build'], dev: ['serve'] },
  vite: { build: ['build'], dev: ['', 'dev', 'serve'] },
  parcel: { build: ['build'], dev: ['', 'serve', 'watch'] },
};
/** `node -r ts-node/register`, `node --import tsx`: transpiling at startup. */
const RUNTIME_TRANSPILERS = /^(?:ts-node|tsx|@babel\/register|babel-register|esbuild-register|@swc-node\/register|@swc\/register|@esbuild-kit\/)/;
const PRELOAD_FLAGS = new Set(['-r', '--require', '--loader', '--experimental-loader', '--import']);

/** `require('ts-node/register')` / `import '@babel/register'` at the top of the file production starts. */
const TRANSPILER_HOOK = /^\s*(?:require\s*\(\s*|import\s+)['"]((?:ts-node|@babel|babel|esbuild|@swc-node|@swc|tsx)[\w./-]*register[\w./-]*|tsx\/cjs|tsx\/esm)['"]/;

/**
 * The entry file a production command starts (`node index.js`) registering a transpiler as it loads
 * (`require('ts-node/register'); require('./src/main')`): the app compiles its sources at every start.
 */
function transpilerHooks(context: RuleContext<MessageId>, commands: readonly ProcessCommand[]): { entry: ProcessCommand; file: string; line: number; hook: string }[] {
  const found = new Map<string, { entry: ProcessCommand; file: string; line: number; hook: string }>();
  for (const entry of commands) {
    const program = referencedProgramFile(entry.command.words, context.files);
    const text = program && !found.has(program.path) ? context.text(program.path) : undefined;
    if (!program || text === undefined) continue;
    for (const { line, text: content } of linesOf(text)) {
      const hook = TRANSPILER_HOOK.exec(content)?.[1];
      if (hook) {
        found.set(program.path, { entry, file: program.path, line, hook });
        break;
      }
    }
  }
  return [...found.values()];
}

function positionals(args: readonly string[]): string[] {
  return args.filter((arg) => !arg.startsWith('-'));
}

function installKind(manager: string, args: readonly string[]): MessageId | undefined {
  const [subcommand] = positionals(args);
  if (manager === 'yarn') return subcommand === undefined || subcommand === 'install' || subcommand === 'add' ? 'install' : undefined;
  const installs = manager === 'npm' ? ['install', 'i', 'ci', 'add', 'isntall'] : ['install', 'i', 'add'];
  return subcommand !== undefined && installs.includes(subcommand) ? 'install' : undefined;
}

function nodeKind(args: readonly string[]): MessageId | undefined {
  for (let index = 0; index < args.length; index += 1) {
    const [flag, inline] = (args[index] ?? '').split('=', 2) as [string, string | undefined];
    if (flag === '--watch' || flag === '--watch-path') return 'devRunner';
    if (PRELOAD_FLAGS.has(flag) && RUNTIME_TRANSPILERS.test(inline ?? args[index + 1] ?? '')) return 'devRunner';
    if (!flag.startsWith('-')) return undefined;
  }
  return undefined;
}

/** Python framework commands that compile assets or message catalogues (`pybabel compile`, `manage.py collectstatic`). */
function pythonBuildStep(name: string, args: readonly string[]): boolean {
  const words = positionals(args);
  if (name === 'pybabel') return words[0] === 'compile';
  // Flask CLI groups such as `flask translate compile` or `flask assets build`.
  if (name === 'flask') return words.length >= 2 && (words.at(-1) === 'compile' || words.at(-1) === 'build');
  const manage = words.findIndex((word) => posix.basename(word) === 'manage.py' || word === 'django-admin');
  return (name === 'django-admin' || (manage !== -1 && /^python/.test(name))) &&
    ['collectstatic', 'compilemessages', 'compress'].includes(name === 'django-admin' ? (words[0] ?? '') : (words[manage + 1] ?? ''));
}

/**
 * A Python web server run the development way: restarting on file changes (`uvicorn --reload`,
 * `gunicorn --reload`), or a framework's development server (`flask run`, `manage.py runserver`,
 * `fastapi dev`), which their documentation says not to run in production.
 */
function isPythonDevServer(program: readonly string[]): boolean {
  const line = program.join(' ');
  const server = pythonServerIn(line);
  if (server === undefined) return false;
  if (server === 'flask' || server === 'manage.py' || /\bfastapi\s+dev\b/.test(line)) return true;
  return program.some((word) => word === '--reload' || word.startsWith('--reload='));
}

/** A compose service named for a development environment (`app_dev`, `web-local`): a reloading server is its point. */
const DEVELOPMENT_SERVICE = /(?:^|[-_.])(?:dev|develop|development|local|debug)(?:[-_.]|$)/i;

/** What a production command does wrong, if anything. */
function offenceOf(words: readonly string[], scripts: Readonly<Record<string, string>>): MessageId | undefined {
  const program = programWords(words);
  const [name, ...args] = program;
  if (name === undefined) return undefined;
  if (pythonBuildStep(name, args)) return 'build';
  if (isPythonDevServer(program)) return 'devServer';
  if (name === 'npm' || name === 'yarn' || name === 'pnpm' || name === 'bun') {
    const script = scriptInvocation(program, scripts);
    if (script !== undefined) return BUILD_SCRIPT.test(script) ? 'build' : DEV_SCRIPT.test(script) ? 'devRunner' : undefined;
    return installKind(name, args);
  }
  if (name === 'node') return nodeKind(args);
  if (BUILDERS.has(name)) return args.some((arg) => /^(?:--noEmit|--version|-v|--help|-h)$/.test(arg)) ? undefined : 'build';
  if (DEV_RUNNERS.has(name)) return 'devRunner';
  if (name === 'babel') return args.some((arg) => /^(?:-d|--out-dir|-o|--out-file)$/.test(arg)) ? 'build' : undefined;
  if (name === 'nest' && positionals(args)[0] === 'start') return args.some((arg) => arg === '--watch' || arg === '-w') ? 'devRunner' : undefined;
  const framework = FRAMEWORK_COMMANDS[name];
  if (!framework) return undefined;
  const subcommand = positionals(args)[0] ?? '';
  if (framework.build.includes(subcommand)) return 'build';
  return framework.dev.includes(subcommand) ? 'devRunner' : undefined;
}

/** The nps script a command runs: `nps serve`, or `npm start serve` when the start script is `nps`. */
function npsTarget(words: readonly string[], scripts: Readonly<Record<string, string>>): string | undefined {
  const program = programWords(words);
  if (program[0] === 'nps') return positionals(program.slice(1))[0] ?? 'default';
  if (scriptInvocation(program, scripts) !== 'start' || !/^nps(?:\s|$)/.test(scripts.start ?? '')) return undefined;
  return positionals(program.slice(1)).filter((word) => word !== 'start' && word !== 'run')[0];
}

/** The text of a script's entry in package-scripts.js/.yml: from its key to the next key at the same depth. */
function npsScriptText(context: RuleContext<MessageId>, name: string): string | undefined {
  const file = context.files.find((candidate) => /^package-scripts\.(?:[cm]?js|ya?ml)$/.test(posix.relative(context.app.path, candidate.path)));
  const lines = file ? linesOf(context.text(file.path) ?? '') : [];
  const start = lines.findIndex((line) => new RegExp(`^\\s*['"]?${name.replace(/[^\w-]/g, '')}['"]?\\s*:`).test(line.text));
  if (start === -1) return undefined;
  const indent = /^\s*/.exec(lines[start]!.text)![0].length;
  const end = lines.findIndex((line, index) => index > start && /^\s*['"]?[\w-]+['"]?\s*:/.test(line.text) && /^\s*/.exec(line.text)![0].length <= indent);
  return lines.slice(start, end === -1 ? undefined : end).map((line) => line.text).join('\n');
}

/** `npm start serve` through nps into a script that runs nodemon or ts-node. */
function npsOffence(context: RuleContext<MessageId>, words: readonly string[], scripts: Readonly<Record<string, string>>): MessageId | undefined {
  const target = npsTarget(words, scripts);
  const text = target === undefined ? undefined : npsScriptText(context, target);
  return text !== undefined && [...DEV_RUNNERS].some((runner) => new RegExp(`(?:^|['"\\s])${runner}(?:\\s|['"]|$)`, 'm').test(text)) ? 'devRunner' : undefined;
}

/** The packages only `devDependencies` declares: a production install (`npm ci --omit=dev`) leaves them out. */
function devOnlyPackages(context: RuleContext<MessageId>): Set<string> {
  const manifest = context.app.packageJson;
  const production = new Set(Object.keys(manifest?.dependencies ?? {}));
  return new Set(Object.keys(manifest?.devDependencies ?? {}).filter((name) => !production.has(name)));
}

/** Task runners dispatch to other scripts, each judged where it is written; running one is no step of its own. */
const TASK_RUNNERS = new Set(['turbo', 'nx', 'lerna', 'npm-run-all', 'npm-run-all2', 'concurrently', 'wireit', 'ultra-runner']);

/** The devDependency a command runs, by its program's name (`apidoc`, `./node_modules/.bin/open-cli`). */
function devDependencyRun(words: readonly string[], devOnly: ReadonlySet<string>): string | undefined {
  const [program] = programWords(words);
  const name = program === undefined ? undefined : posix.basename(program);
  return name !== undefined && devOnly.has(name) && !TASK_RUNNERS.has(name) ? name : undefined;
}

/**
 * Where a finding belongs: a `prestart`/`poststart` hook (or a hook of a script they run) that pulls
 * the command into the start, when one does, since the script it names is fine on its own; else where
 * the command is written.
 */
function hookThatRuns(entry: ProcessCommand, located: ReadonlyMap<ShellCommand, ProcessCommand>): ProcessCommand {
  for (const outer of entry.via) {
    const caller = located.get(outer);
    if (caller && /^scripts\.(?:pre|post)/.test(caller.origin)) return caller;
  }
  return entry;
}

/** `scripts.serve (run by `npm run serve`)`: where the command is written and what reaches it. */
function originOf(entry: ProcessCommand): string {
  const caller = entry.via.at(-1);
  return caller ? `${entry.origin} (run by \`${commandText(caller.words)}\`)` : entry.origin;
}

export const buildAtRuntime = defineRule<MessageId>({
  id: 'build-release-run/build-at-runtime',
  factor: 'build-release-run',
  defaultSeverity: 'warning',
  title: 'Build or install at runtime',
  description:
    'Finds production start commands (start/prestart scripts, Procfile, final-stage CMD/ENTRYPOINT, compose command) that install dependencies, compile, bundle, run development tools or run a package only devDependencies declare.',
  fix: 'Install and build in the build stage (a Dockerfile build stage, the CI build) and start only the compiled output with node.',
  messages: {
    install: '{{origin}} installs dependencies when the app starts (`{{command}}`): install once at build time so every release runs the same code',
    build: '{{origin}} builds when the app starts (`{{command}}`): build once at build time and start the output',
    devRunner: '{{origin}} runs a development tool in production (`{{command}}`): compile ahead of time and start the output with node',
    devServer:
      '{{origin}} runs a development server in production (`{{command}}`): it reloads whenever files change, or is not built for real traffic; start the release under a production server (gunicorn, uvicorn without --reload)',
    devDependency:
      '{{origin}} runs {{package}}, a devDependency, every time the app starts (`{{command}}`): a build or development step at start, which also fails where only production dependencies are installed; run it at build time or leave it out of the start',
  },
  // Reads fixed files (package.json, Procfile, Dockerfiles, compose files) where the offending tool may
  // sit behind `npm start`, so no text prefilter applies.
  appliesTo: (app) => (app.kind === 'library' ? 'libraries are not started as processes' : true),
  check(context) {
    const scripts = scriptsOf(context.app.packageJson);
    const commands = productionCommands(context);
    const devOnly = devOnlyPackages(context);
    const located = new Map<ShellCommand, ProcessCommand>();
    for (const entry of commands) if (!located.has(entry.command)) located.set(entry.command, entry);
    const offending = new Map<ProcessCommand, { messageId: MessageId; package?: string }>();
    for (const entry of commands) {
      const offence = offenceOf(entry.command.words, scripts) ?? npsOffence(context, entry.command.words, scripts);
      const devDependency = offence ? undefined : devDependencyRun(entry.command.words, devOnly);
      if (offence === 'devServer' && DEVELOPMENT_SERVICE.test(entry.service ?? '')) continue;
      if (offence) offending.set(entry, { messageId: offence });
      else if (devDependency) offending.set(entry, { messageId: 'devDependency', package: devDependency });
    }
    for (const { entry, file, line, hook } of transpilerHooks(context, commands)) {
      if (offending.has(entry)) continue;
      context.report({ messageId: 'devRunner', data: { origin: `${file}, which ${originOf(entry)} starts,`, command: `require('${hook}')` }, file, line, column: 1 });
    }
    // One finding per location, and none for what an already-reported `npm run build` runs.
    const offendingCommands = new Set<ShellCommand>([...offending.keys()].map((entry) => entry.command));
    const reported = new Set<string>();
    for (const [entry, { messageId, package: devDependency }] of offending) {
      const site = messageId === 'devDependency' ? hookThatRuns(entry, located) : entry;
      const key = `${site.file}:${site.line}:${site.column}`;
      if (reported.has(key) || entry.via.some((outer) => offendingCommands.has(outer))) continue;
      reported.add(key);
      context.report({
        messageId,
        data: { origin: originOf(site), command: commandText(entry.command.words), ...(devDependency && { package: devDependency }) },
        file: site.file,
        line: site.line,
        column: site.column,
        // A compile step at start is reproducible, only slow and wasteful: low. Installing or running dev tools is not.
        ...(messageId === 'build' ? { severity: 'note' as const } : {}),
      });
    }
  },
});
