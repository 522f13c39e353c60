import { posix } from 'node:path';
import {
  commandText,
  defineRule,
  dockerSpan,
  expandShell,
  instructionCommands,
  isDevelopmentFile,
  linesOf,
  programWords,
  stagesOf,
  type ShellCommand,
} from '../../src/rule-kit/index.js';
import type { RuleContext, Severity } from '../../src/types.js';

type MessageId = 'npmInstall' | 'yarnInstall' | 'pnpmInstall' | 'bunInstall' | 'pipUnpinned' | 'unversionedTool';
type Context = RuleContext<MessageId>;

interface Offence {
  messageId: MessageId;
  packages?: string;
  severity?: Severity;
}

/** Where the install runs: CI sets `CI=true`, which makes pnpm and yarn 2+ refuse to touch the lockfile. */
interface Setting {
  inCi: boolean;
  yarnBerry: boolean;
}

/** Flags that take a value, so the value is not taken for a package name. */
const VALUED_FLAGS = /^(?:--prefix|-C|--cwd|--registry|--cache|--workspace|-w|--filter|-F|--dir|--target|-t|--index-url|-i|--extra-index-url|-c|--constraint|--platform|--python-version|--root|--find-links|-f)$/;
/** Installer tooling that every Python image upgrades; pinning it buys little. */
const PIP_TOOLING = new Set(['pip', 'setuptools', 'wheel', 'pipenv', 'poetry', 'uv', 'virtualenv']);

function positionals(args: readonly string[]): string[] {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (VALUED_FLAGS.test(arg)) index += 1;
    else if (!arg.startsWith('-')) kept.push(arg);
  }
  return kept;
}

/** `pkg@1.2.3`, `@scope/pkg@^1`: a version is written; `pkg`, `pkg@latest`, `pkg@next` are not pins. */
function isVersionedPackage(spec: string): boolean {
  const at = spec.lastIndexOf('@');
  return at > 0 && /\d/.test(spec.slice(at + 1));
}

/** Package specs that are not registry names: paths, tarballs, git URLs. */
function isRegistryPackage(spec: string): boolean {
  return !/^(?:\.|\/|~|[a-z+]+:|.*\.tgz$|.*\.tar\.gz$)/i.test(spec) && !spec.includes('$');
}

function toolOffence(packages: readonly string[]): Offence | undefined {
  const unversioned = packages.filter((spec) => isRegistryPackage(spec) && !isVersionedPackage(spec));
  return unversioned.length > 0 ? { messageId: 'unversionedTool', packages: unversioned.join(' '), severity: 'note' } : undefined;
}

const has = (args: readonly string[], ...flags: string[]): boolean => args.some((arg) => flags.includes(arg.split('=')[0]!));

function npmOffence(args: readonly string[]): Offence | undefined {
  const [subcommand, ...packages] = positionals(args);
  if (!['install', 'i', 'isntall', 'add', 'in'].includes(subcommand ?? '')) return undefined;
  if (has(args, '--package-lock-only', '--dry-run')) return undefined;
  return packages.length > 0 ? toolOffence(packages) : { messageId: 'npmInstall' };
}

function yarnOffence(args: readonly string[], setting: Setting): Offence | undefined {
  const words = positionals(args);
  if (words[0] === 'global' && words[1] === 'add') return toolOffence(words.slice(2));
  if (words[0] === 'add' || words[0] === 'dlx') return words[0] === 'add' ? toolOffence(words.slice(1)) : undefined;
  if (words.length > 0 && words[0] !== 'install') return undefined;
  if (has(args, '--frozen-lockfile', '--immutable')) return undefined;
  return setting.inCi && setting.yarnBerry && !has(args, '--no-immutable') ? undefined : { messageId: 'yarnInstall' };
}

function pnpmOffence(args: readonly string[], setting: Setting): Offence | undefined {
  const [subcommand, ...packages] = positionals(args);
  if (subcommand === 'add') return toolOffence(packages.filter((spec) => spec !== '-g'));
  if (subcommand !== 'install' && subcommand !== 'i') return undefined;
  if (has(args, '--frozen-lockfile') || has(args, '--lockfile-only')) return undefined;
  if (has(args, '--no-frozen-lockfile')) return { messageId: 'pnpmInstall' };
  return { messageId: 'pnpmInstall', ...(setting.inCi && { severity: 'note' as const }) };
}

function bunOffence(args: readonly string[]): Offence | undefined {
  const [subcommand, ...packages] = positionals(args);
  if (subcommand === 'add') return toolOffence(packages);
  if (subcommand !== 'install' && subcommand !== 'i') return undefined;
  return has(args, '--frozen-lockfile') ? undefined : { messageId: 'bunInstall' };
}

function pipOffence(args: readonly string[]): Offence | undefined {
  const [subcommand, ...specs] = positionals(args);
  if (subcommand !== 'install' || has(args, '-r', '--requirement', '-e', '--editable', '--require-hashes')) return undefined;
  const unpinned = specs.filter((spec) => {
    const name = spec.split(/[[<>=!~;@ ]/)[0]?.toLowerCase() ?? '';
    return isRegistryPackage(spec) && /^[a-z0-9][\w.-]*$/i.test(name) && !/==|===|@\s*\S/.test(spec) && !PIP_TOOLING.has(name);
  });
  return unpinned.length > 0 ? { messageId: 'pipUnpinned', packages: unpinned.join(' ') } : undefined;
}

/** What a command installs without pinning, if anything. */
function offenceOf(command: ShellCommand, setting: Setting): Offence | undefined {
  let [program, ...args] = programWords(command.words);
  if ((program === 'python' || program === 'python3') && args[0] === '-m' && /^pip3?$/.test(args[1] ?? '')) [program, ...args] = args.slice(1);
  const isGlobal = has(args, '-g', '--global', '--location');
  switch (program) {
    case 'npm':
      return isGlobal ? toolOffence(positionals(args).slice(1)) : npmOffence(args);
    case 'yarn':
      return yarnOffence(args, setting);
    case 'pnpm':
      return isGlobal ? toolOffence(positionals(args).slice(1)) : pnpmOffence(args, setting);
    case 'bun':
      return isGlobal ? toolOffence(positionals(args).slice(1)) : bunOffence(args);
    case 'pip':
    case 'pip3':
      return pipOffence(args);
    default:
      return undefined;
  }
}

/** Lockfile-based installs only make sense with a lockfile; without one that is the dependencies factor's finding. */
function needsLockfile(offence: Offence, context: Context): boolean {
  return offence.messageId === 'pipUnpinned' || offence.messageId === 'unversionedTool' || context.app.lockfiles.length > 0;
}

function report(context: Context, command: ShellCommand, offence: Offence, where: { file: string; line: number; column: number }): void {
  context.report({
    messageId: offence.messageId,
    data: { command: commandText(command.words), packages: offence.packages ?? '' },
    ...where,
    ...(offence.severity && { severity: offence.severity }),
  });
}

function yarnBerry(context: Context): boolean {
  const manager = context.app.packageJson?.packageManager;
  return (typeof manager === 'string' && /^yarn@[2-9]/.test(manager)) || context.files.some((file) => posix.basename(file.path) === '.yarnrc.yml');
}

function checkDockerfile(context: Context, path: string, setting: Setting): void {
  const dockerfile = context.dockerfile(path);
  if (!dockerfile) return;
  for (const instruction of stagesOf(dockerfile).flatMap((stage) => stage.instructions)) {
    if (instruction.getKeyword() !== 'RUN') continue;
    for (const command of instructionCommands(instruction)) {
      const offence = offenceOf(command, setting);
      if (offence && needsLockfile(offence, context)) {
        report(context, command, offence, { file: path, ...dockerSpan(instruction.getRange()) });
        break;
      }
    }
  }
}

/** Keys under which CI systems hold shell commands (GitHub/CircleCI `run`, GitLab `script`, Travis `install`, Drone `commands`). */
const CI_COMMAND_KEYS = new Set(['run', 'command', 'commands', 'script', 'before_script', 'after_script', 'install', 'before_install']);

/** Every command string of a CI document, in document order. */
function ciCommandStrings(node: unknown, underCommandKey = false): string[] {
  if (typeof node === 'string') return underCommandKey ? [node] : [];
  if (Array.isArray(node)) return node.flatMap((item) => ciCommandStrings(item, underCommandKey));
  if (typeof node !== 'object' || node === null) return [];
  // `with:` holds action inputs (actions/github-script's `script:` is JavaScript), not shell.
  return Object.entries(node)
    .filter(([key]) => key !== 'with')
    .flatMap(([key, value]) => ciCommandStrings(value, CI_COMMAND_KEYS.has(key) || (underCommandKey && key === 'command')));
}

function checkCiFile(context: Context, path: string, setting: Setting): void {
  const lines = linesOf(context.text(path) ?? '');
  let cursor = 0;
  for (const script of context.yamlAll(path).flatMap((document) => ciCommandStrings(document))) {
    const firstLine = script.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
    const found = lines.findIndex((line, index) => index >= cursor && firstLine !== '' && line.text.includes(firstLine));
    if (found === -1) continue;
    cursor = found + 1;
    const leading = script.length - script.trimStart().length;
    for (const command of expandShell(script)) {
      const offence = offenceOf(command, setting);
      if (!offence || !needsLockfile(offence, context)) continue;
      // A block scalar keeps its lines, so the command sits as many lines below the first as it has newlines before it.
      const line = found + 1 + (script.slice(leading, command.offset).match(/\n/g)?.length ?? 0);
      const text = lines[line - 1]?.text ?? '';
      const column = Math.max(text.indexOf(command.words[0] ?? ''), 0) + 1;
      report(context, command, offence, { file: path, line, column });
    }
  }
}

export const nonReproducibleInstall = defineRule<MessageId>({
  id: 'build-release-run/non-reproducible-install',
  factor: 'build-release-run',
  defaultSeverity: 'warning',
  title: 'Install that ignores the lockfile',
  description:
    'Finds Dockerfile RUN and CI steps that install dependencies without enforcing the lockfile (npm install, yarn without --frozen-lockfile/--immutable, pnpm/bun without --frozen-lockfile) or install unpinned packages.',
  fix: 'Use npm ci, yarn install --frozen-lockfile (--immutable on yarn 2+), pnpm install --frozen-lockfile, bun install --frozen-lockfile; pin tool and pip versions.',
  messages: {
    npmInstall: '`{{command}}` may resolve versions other than package-lock.json: use `npm ci`, which installs exactly the lockfile',
    yarnInstall: '`{{command}}` does not fail when yarn.lock is out of date and may install other versions: add `--frozen-lockfile` (yarn 1) or `--immutable` (yarn 2+)',
    pnpmInstall: '`{{command}}` does not fail when pnpm-lock.yaml is out of date and may install other versions: add `--frozen-lockfile`',
    bunInstall: '`{{command}}` does not fail when the bun lockfile is out of date and may install other versions: add `--frozen-lockfile`',
    pipUnpinned: '`{{command}}` installs {{packages}} without a pinned version: pin `name==x.y.z` or install from a pinned requirements file',
    unversionedTool: '`{{command}}` installs {{packages}} at whatever version is newest: pin a version (`name@x.y.z`)',
  },
  triggers: ['install', 'yarn', 'npm i', 'pnpm i', 'bun i', ' add '],
  appliesTo: (app) =>
    app.dockerfiles.length > 0 || app.ciFiles.length > 0 ? true : 'no Dockerfile or CI configuration installs dependencies',
  check(context) {
    const berry = yarnBerry(context);
    for (const file of context.candidates((candidate) => candidate.role === 'config' || candidate.role === 'source')) {
      if (context.app.dockerfiles.includes(file.path) && !isDevelopmentFile(file.path)) {
        checkDockerfile(context, file.path, { inCi: false, yarnBerry: berry });
      } else if (context.app.ciFiles.includes(file.path) && /\.ya?ml$/.test(file.path)) {
        checkCiFile(context, file.path, { inCi: true, yarnBerry: berry });
      }
    }
  },
});
