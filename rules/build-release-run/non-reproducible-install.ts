import { posix } from 'node:path';
import {
  commandPosition,
  commandText,
  defineRule,
  installOf,
  instructionCommands,
  isDevelopmentFile,
  scriptProcessCommands,
  stagesOf,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId = 'npmInstall' | 'yarnInstall' | 'yarnFocus' | 'pnpmInstall' | 'bunInstall' | 'uvSync' | 'pipenvInstall' | 'pipBypassesLock';
type Context = RuleContext<MessageId>;

/** Lockfiles of the Python tools: `uv sync` and `pipenv install` can re-lock them, `pip install .` ignores them all. */
const PYTHON_LOCKFILE = /^(?:uv\.lock|Pipfile\.lock|poetry\.lock|pdm\.lock)$/;

/** The app's committed Python lockfile, if any. */
function pythonLockfile(context: Context): string | undefined {
  return context.files.find((file) => posix.dirname(file.path) === context.app.path && PYTHON_LOCKFILE.test(posix.basename(file.path)))?.path;
}

/**
 * `pip install .`, `pip install -e /src[database]`: pip installs the project itself, resolving the
 * ranges of its pyproject.toml afresh whatever lockfile sits beside it. Not `-r requirements.txt`
 * (pinned or not, that is dependencies/unpinned-versions' question) and not `--no-deps` (what the
 * project needs came from the lock in an earlier step).
 */
function installsProjectWithPip(words: readonly string[]): boolean {
  const program = words.map((word) => posix.basename(word));
  const pip = program.findIndex((word, index) => /^pip3?$/.test(word) || (/^python3?$/.test(word) && words[index + 1] === '-m' && words[index + 2] === 'pip'));
  if (pip === -1) return false;
  const rest = words.slice(pip + 1).filter((word) => word !== '-m' && word !== 'pip');
  if (rest[0] !== 'install' || rest.includes('--no-deps') || rest.includes('-r') || rest.includes('--requirement')) return false;
  // A folder or `.` (with extras), not prebuilt wheels or archives (`/wheels/*.whl`, built from the lock).
  return rest.slice(1).some((word) => /^(?:\.{1,2}|\.{0,2}\/\S*)$/.test(word) && !/\*|\.(?:whl|zip|tar\.gz)$/.test(word));
}

const MESSAGE_OF = { npm: 'npmInstall', yarn: 'yarnInstall', pnpm: 'pnpmInstall', bun: 'bunInstall', uv: 'uvSync', pipenv: 'pipenvInstall' } as const;

/**
 * Yarn 2+ refuses to touch the lockfile when `enableImmutableInstalls` is set in `.yarnrc.yml` or
 * `YARN_ENABLE_IMMUTABLE_INSTALLS` in the image's environment (outside CI it defaults to off).
 */
function yarnImmutable(context: Context, dockerfileText: string): boolean {
  const yarnrc = context.files.find((file) => posix.basename(file.path) === '.yarnrc.yml');
  const configured = yarnrc !== undefined && /^\s*enableImmutableInstalls\s*:\s*true\b/m.test(context.text(yarnrc.path) ?? '');
  return configured || /YARN_ENABLE_IMMUTABLE_INSTALLS[=\s]+["']?(?:true|1)\b/.test(dockerfileText);
}

function checkDockerfile(context: Context, path: string): void {
  const dockerfile = context.dockerfile(path);
  if (!dockerfile) return;
  const text = context.text(path) ?? '';
  const yarnImmutableByDefault = yarnImmutable(context, text);
  const uvLockedByDefault = /\bUV_(?:LOCKED|FROZEN)[=\s]+["']?(?:true|1)\b/.test(text);
  const lockfile = pythonLockfile(context);
  // Stages (by index) in which yarn.lock has been checked by a frozen `yarn install`, or that build on one that has.
  const yarnLockChecked = new Set<number>();
  for (const stage of stagesOf(dockerfile)) {
    if (stage.parent && yarnLockChecked.has(stage.parent.index)) yarnLockChecked.add(stage.index);
    for (const instruction of stage.instructions) {
      if (instruction.getKeyword() !== 'RUN') continue;
      for (const command of instructionCommands(instruction)) {
        if (lockfile !== undefined && installsProjectWithPip(command.words)) {
          context.report({ messageId: 'pipBypassesLock', data: { command: commandText(command.words), lockfile: posix.basename(lockfile) }, file: path, ...commandPosition(instruction, command) });
          continue;
        }
        const install = installOf(command, { yarnImmutableByDefault, uvLockedByDefault });
        if (install?.kind !== 'lockfile') continue;
        const focus = isYarnFocus(command.words);
        if (install.frozen) {
          if (install.manager === 'yarn' && !focus) yarnLockChecked.add(stage.index);
          continue;
        }
        // After a frozen install of the same manifests, focus resolves exactly the checked lockfile (and never writes it).
        if (focus && yarnLockChecked.has(stage.index)) continue;
        const messageId = focus ? 'yarnFocus' : MESSAGE_OF[install.manager];
        context.report({ messageId, data: { command: commandText(command.words) }, file: path, ...commandPosition(instruction, command) });
      }
    }
  }
}

/**
 * `yarn workspaces focus [--production] <workspace>` (yarn 2+): installs a subset of the workspaces
 * from yarn.lock but takes no `--immutable` flag, so nothing in the command itself fails on a stale lockfile.
 */
function isYarnFocus(words: readonly string[]): boolean {
  const at = words.indexOf('workspaces');
  return at > 0 && words[at + 1] === 'focus' && words.slice(0, at).some((word) => posix.basename(word) === 'yarn');
}

/** The package.json scripts a platform runs on deploy: Heroku's `heroku-postbuild`, else `build` (Heroku, Render, Railway). */
function deployBuildScript(scripts: Readonly<Record<string, string>>): string | undefined {
  return 'heroku-postbuild' in scripts ? 'heroku-postbuild' : 'build' in scripts ? 'build' : undefined;
}

/** For an app deployed without an image, the build the platform runs from package.json. */
function checkDeployBuildScripts(context: Context): void {
  const build = deployBuildScript(context.app.packageJson?.scripts ?? {});
  if (build === undefined || context.app.dockerfiles.length > 0) return;
  const reported = new Set<string>();
  for (const { command, file, line, column } of scriptProcessCommands(context, build)) {
    const install = installOf(command);
    // One finding per script: `npm install && npm install --prefix client` is one thing to fix.
    if (install?.kind !== 'lockfile' || install.frozen || reported.has(`${file}:${line}:${column}`)) continue;
    reported.add(`${file}:${line}:${column}`);
    context.report({ messageId: MESSAGE_OF[install.manager], data: { command: commandText(command.words) }, file, line, column });
  }
}

export const nonReproducibleInstall = defineRule<MessageId>({
  id: 'build-release-run/non-reproducible-install',
  factor: 'build-release-run',
  defaultSeverity: 'note',
  title: 'Install that ignores the lockfile',
  description:
    'Finds Dockerfile RUN steps, and the package.json build a platform runs on deploy for an app without a Dockerfile, that install dependencies without enforcing the committed lockfile (npm install, yarn without --frozen-lockfile/--immutable/--pure-lockfile, pnpm/bun without --frozen-lockfile, uv sync without --locked/--frozen, pipenv install without --deploy, pip installing the project itself beside a committed Python lockfile).',
  fix: 'Use npm ci, yarn install --frozen-lockfile (--immutable on yarn 2+), pnpm install --frozen-lockfile, bun install --frozen-lockfile, uv sync --locked, pipenv install --deploy (or pipenv sync).',
  messages: {
    npmInstall: '`{{command}}` may resolve versions other than package-lock.json: use `npm ci`, which installs exactly the lockfile',
    yarnInstall: '`{{command}}` does not fail when yarn.lock is out of date and may install other versions: add `--frozen-lockfile` (yarn 1) or `--immutable` (yarn 2+)',
    yarnFocus:
      '`{{command}}` takes no `--immutable` flag and does not fail when yarn.lock is out of date: run `yarn install --immutable` first (in this stage or one it builds on), or set `enableImmutableInstalls: true` in .yarnrc.yml',
    pnpmInstall: '`{{command}}` does not fail when pnpm-lock.yaml is out of date and may install other versions: add `--frozen-lockfile`',
    bunInstall: '`{{command}}` does not fail when the bun lockfile is out of date and may install other versions: add `--frozen-lockfile`',
    uvSync: '`{{command}}` re-locks when uv.lock is out of date with pyproject.toml and may install other versions: add `--locked` (or `--frozen`)',
    pipenvInstall: '`{{command}}` re-locks when Pipfile.lock is out of date and may install other versions: add `--deploy`, or use `pipenv sync`',
    pipBypassesLock:
      '`{{command}}` installs the project from the ranges of pyproject.toml, ignoring the committed {{lockfile}}: each build may get other versions; install from the lock (`uv sync --locked`, `poetry install`, or `pip install --no-deps` after `pip install -r` an exported lock)',
  },
  triggers: ['install', 'yarn', 'npm i', 'pnpm i', 'bun i', 'uv sync'],
  appliesTo: (app, repo) =>
    app.dockerfiles.length === 0 && deployBuildScript(app.packageJson?.scripts ?? {}) === undefined
      ? 'no Dockerfile or package.json build installs dependencies'
      : app.lockfiles.length === 0 && !repo.files.some((file) => posix.dirname(file.path) === app.path && PYTHON_LOCKFILE.test(posix.basename(file.path)))
        ? 'no lockfile to install from (dependencies/lockfile reports that)'
        : true,
  check(context) {
    // CI installs are left out: LABELLING.md judges what ships in the image, and CI sets CI=true, which
    // already makes pnpm and yarn 2+ refuse a stale lockfile.
    for (const file of context.candidates((candidate) => context.app.dockerfiles.includes(candidate.path) && !isDevelopmentFile(candidate.path))) {
      checkDockerfile(context, file.path);
    }
    checkDeployBuildScripts(context);
  },
});
