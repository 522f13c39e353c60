/**
 * Which files run as the app. Build scripts, seeders and tool configs are source too, but they run
 * on a developer's machine or in CI, not as the deployed process: rules about the running process
 * (its disk, its port, its signals) leave them out.
 */
import { posix } from 'node:path';
import { isScriptPath } from '../parse/typescript.js';
import { binTargets } from '../repo/manifest.js';
import type { AppFacts, IndexedFile, RuleContext } from '../types.js';
import { expandShell, scriptsOf } from './commands.js';
import { productionCommands } from './process-commands.js';

const TOOLING_FOLDERS = new Set([
  'scripts', 'script', 'tools', 'tooling', 'build', 'migrations', 'seeds', 'seeders', 'seed', 'bench', 'benchmark', 'benchmarks',
  'codemod', 'codemods', 'dev',
]);
/**
 * Tool configs and task runners that the repo index may still call source (`webpack.dev.js`,
 * `gulpfile.js`), and scripts that fill a database by hand (`seed.ts`, `seeder.js`, `populatedb.js`).
 */
const TOOLING_NAME =
  /^(?:(?:gulpfile|gruntfile|jakefile|webpack|rollup|vite|esbuild|jest|vitest|karma|playwright|babel|postcss|tailwind)(?:[.-][\w.-]*)?|seed(?:er|s|ing)?(?:[-_.]?data)?|populate(?:[-_.]?(?:db|database|data))?|populatedb)\.[cm]?[jt]sx?$/i;

/** Storybook stories render in a developer's browser, never in the deployed process. */
const STORY_FILE = /\.(?:stories|story)\.[cm]?[jt]sx?$/;

/**
 * Scripts of tooling that never ships as the running app: build and task scripts, tool configs,
 * migrations and seeds (admin processes), codemods, stories, a `dev/` folder of developer tools, and
 * hidden folders (`.github/`, `.husky/`, `.storybook/`, `.tx/`: editor, CI and service tooling).
 */
export function isToolingPath(path: string): boolean {
  const segments = path.split('/');
  const name = segments.pop() ?? path;
  return segments.some((segment) => TOOLING_FOLDERS.has(segment) || segment.startsWith('.')) || TOOLING_NAME.test(name) || STORY_FILE.test(name);
}

/** A JS/TS source file the deployed process runs: role `source`, not tooling. */
export function isRuntimeScript(file: IndexedFile): boolean {
  return file.role === 'source' && isScriptPath(file.path) && !isToolingPath(file.path);
}

/**
 * The command-line tools a service or worker package also ships (`bin` targets that are neither
 * its `main` nor what `npm start` runs): a project generator in `bin/` is not the running app.
 */
export function bundledCliFiles(app: AppFacts): Set<string> {
  const pkg = app.packageJson;
  if (!pkg || app.kind === 'cli') return new Set();
  const start = typeof pkg.scripts?.start === 'string' ? pkg.scripts.start : '';
  const clean = (target: string) => posix.normalize(target);
  const main = typeof pkg.main === 'string' ? clean(pkg.main) : undefined;
  return new Set(
    binTargets(pkg)
      .map(clean)
      .filter((target) => target !== main && !start.includes(target))
      .map((target) => posix.join(app.path, target)),
  );
}

/** Package scripts that run the app itself rather than a task. */
const APP_SCRIPT = /^(?:start|dev|develop|serve|server|watch|debug|prod|production)(?:[:-].*)?$/;
const CODE_PATH = /^(?:\.\/)?[\w@.-]+(?:\/[\w@.-]+)*\.[cm]?[jt]sx?$/;

/**
 * Task scripts of the app and the folders that hold them: files that package scripts other than
 * the app's own (`"download-dist": "node extra/download-dist.js"`) run, which neither production
 * nor an entry point uses. A folder of such tasks (`extra/`, `ops/`) is tooling as a whole, unless
 * it is the app's root or `src/` or holds an entry point.
 */
export function taskScripts(context: RuleContext<string>): { files: Set<string>; folders: string[] } {
  const { app } = context;
  const resolve = (word: string) => posix.join(app.path, posix.normalize(word));
  const used = new Set([
    ...app.entryPoints,
    ...productionCommands(context).flatMap((entry) => entry.command.words.filter((word) => CODE_PATH.test(word)).map(resolve)),
  ]);
  const files = new Set<string>();
  for (const [name, script] of Object.entries(scriptsOf(app.packageJson))) {
    if (APP_SCRIPT.test(name)) continue;
    for (const command of expandShell(script)) {
      for (const word of command.words) if (CODE_PATH.test(word) && !used.has(resolve(word))) files.add(resolve(word));
    }
  }
  const shared = new Set([app.path, posix.join(app.path, 'src')]);
  const folders = [...new Set([...files].map((file) => posix.dirname(file)))].filter(
    (folder) => !shared.has(folder) && ![...used].some((path) => path.startsWith(`${folder}/`)),
  );
  return { files, folders };
}

/**
 * Folders inside the app with a package.json of their own that the repo index did not make an app
 * (no workspaces): a bundled frontend or tool, not code of the app's process.
 */
export function nestedPackageFolders(context: RuleContext<string>): string[] {
  const own = context.app.manifest;
  return context.files
    .filter((file) => posix.basename(file.path) === 'package.json' && file.path !== own && file.role !== 'test' && file.role !== 'docs')
    .map((file) => posix.dirname(file.path));
}

/** Which of the app's files are runtime scripts: not tests, tooling, task scripts, bundled CLIs or nested packages. */
export function runtimeScriptFilter(context: RuleContext<string>): (file: IndexedFile) => boolean {
  const cliFiles = bundledCliFiles(context.app);
  const tasks = taskScripts(context);
  const elsewhere = [...tasks.folders, ...nestedPackageFolders(context)];
  return (file) =>
    isRuntimeScript(file) && !cliFiles.has(file.path) && !tasks.files.has(file.path) && !elsewhere.some((folder) => file.path.startsWith(`${folder}/`));
}
