/**
 * What a package-manager command installs: the whole lockfile (and whether it is enforced) or named
 * packages (and which of them carry no version). Shared by the rules about unfrozen installs and
 * about unpinned packages, so both read `npm`, `yarn`, `pnpm`, `bun`, `pip`, `cargo` and `go` alike.
 */
import type { Instruction } from 'dockerfile-ast';
import { programWords, type ShellCommand } from './commands.js';
import { shellFormText } from './dockerfile.js';

export type PackageManager = 'npm' | 'yarn' | 'pnpm' | 'bun' | 'pip' | 'uv' | 'pipenv' | 'cargo' | 'go';

export type Install =
  /** Installs what the lockfile lists; `frozen` when the command fails instead of updating it. */
  | { kind: 'lockfile'; manager: 'npm' | 'yarn' | 'pnpm' | 'bun' | 'uv' | 'pipenv'; frozen: boolean }
  /** Installs named packages, globally or into the project; `unversioned` are those with no version written. */
  | { kind: 'packages'; manager: PackageManager; global: boolean; unversioned: string[] };

/** Flags that take a value, per program, so the value is not taken for a package or subcommand. */
const VALUED_FLAGS: Readonly<Record<PackageManager, RegExp>> = {
  npm: /^(?:--prefix|-C|--cwd|--registry|--cache|--workspace|-w|--location)$/,
  yarn: /^(?:--cwd|--registry|--cache-folder|--modules-folder|--network-timeout|--mutex)$/,
  pnpm: /^(?:-C|--dir|--filter|-F|--registry|--store-dir|--workspace-root)$/,
  bun: /^(?:--cwd|--registry|--cache-dir|--backend|-c|--config)$/,
  pip: /^(?:--target|-t|--index-url|-i|--extra-index-url|-c|--constraint|--platform|--python-version|--root|--find-links|-f|--prefix|--src)$/,
  uv: /^(?:--directory|--project|--python|-p|--index|--index-url|--extra|--group|--only-group|--no-install-package|--package|--cache-dir)$/,
  pipenv: /^(?:--python|--pypi-mirror|--categories)$/,
  cargo: /^(?:--root|--git|--branch|--rev|--tag|--path|--registry|--index|--bin|--features|-F|--target|-j|--jobs|--profile)$/,
  go: /^(?:-C|-tags|-ldflags|-gcflags|-mod|-modfile|-o)$/,
};
/**
 * The installer itself, which every Python image upgrades first; pinning it buys little. Tools that
 * resolve and install the app's dependencies (poetry, pipenv, uv) are not these: their version
 * decides what gets installed.
 */
const PIP_TOOLING = new Set(['pip', 'setuptools', 'wheel']);

function positionals(args: readonly string[], manager: PackageManager): string[] {
  const kept: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const arg = args[index]!;
    if (VALUED_FLAGS[manager].test(arg)) index += 1;
    else if (!arg.startsWith('-')) kept.push(arg);
  }
  return kept;
}

const has = (args: readonly string[], ...flags: string[]): boolean => args.some((arg) => flags.includes(arg.split('=')[0]!));

/** `pkg@1.2.3`, `@scope/pkg@^1`: a version is written; `pkg`, `pkg@latest`, `pkg@next` are not pins. */
function isVersionedPackage(spec: string): boolean {
  const at = spec.lastIndexOf('@');
  return at > 0 && /\d/.test(spec.slice(at + 1));
}

/** Package specs that are not registry names: paths, tarballs, URLs, shell variables. */
function isRegistryPackage(spec: string): boolean {
  return !/^(?:\.|\/|~|[a-z+]+:|.*\.tgz$|.*\.tar\.gz$)/i.test(spec) && !spec.includes('$');
}

function named(manager: PackageManager, specs: readonly string[], global: boolean): Install {
  return { kind: 'packages', manager, global, unversioned: specs.filter((spec) => isRegistryPackage(spec) && !isVersionedPackage(spec)) };
}

function npmInstall(args: readonly string[]): Install | undefined {
  const global = has(args, '-g', '--global') || args.includes('--location=global');
  const [subcommand, ...packages] = positionals(args, 'npm');
  if (!['install', 'i', 'isntall', 'add', 'in', 'ci', 'clean-install'].includes(subcommand ?? '')) return undefined;
  if (has(args, '--package-lock-only', '--dry-run')) return undefined;
  if (subcommand === 'ci' || subcommand === 'clean-install') return { kind: 'lockfile', manager: 'npm', frozen: true };
  return packages.length > 0 || global ? named('npm', packages, global) : { kind: 'lockfile', manager: 'npm', frozen: false };
}

/** Yarn 2+ reads `YARN_ENABLE_IMMUTABLE_INSTALLS` / `.yarnrc.yml` too: the caller says whether they enforce the lockfile. */
function yarnInstall(args: readonly string[], immutableByDefault: boolean): Install | undefined {
  const words = positionals(args, 'yarn');
  if (words[0] === 'global' && words[1] === 'add') return named('yarn', words.slice(2), true);
  if (words[0] === 'add') return named('yarn', words.slice(1), false);
  const focus = words[0] === 'workspaces' && words[1] === 'focus';
  if (words.length > 0 && words[0] !== 'install' && !focus) return undefined;
  // yarn 1's --pure-lockfile never writes yarn.lock; with --frozen-lockfile it also fails when it is stale.
  const frozen = has(args, '--frozen-lockfile', '--immutable', '--pure-lockfile') || (immutableByDefault && !has(args, '--no-immutable'));
  return { kind: 'lockfile', manager: 'yarn', frozen };
}

function pnpmInstall(args: readonly string[]): Install | undefined {
  const global = has(args, '-g', '--global');
  const [subcommand, ...packages] = positionals(args, 'pnpm');
  if (subcommand === 'add') return named('pnpm', packages, global);
  if (subcommand !== 'install' && subcommand !== 'i') return undefined;
  if (global) return named('pnpm', packages, true);
  return { kind: 'lockfile', manager: 'pnpm', frozen: has(args, '--frozen-lockfile', '--lockfile-only') };
}

function bunInstall(args: readonly string[]): Install | undefined {
  const global = has(args, '-g', '--global');
  const [subcommand, ...packages] = positionals(args, 'bun');
  if (subcommand === 'add' || (global && (subcommand === 'install' || subcommand === 'i'))) return named('bun', packages, global);
  if (subcommand !== 'install' && subcommand !== 'i') return undefined;
  return { kind: 'lockfile', manager: 'bun', frozen: has(args, '--frozen-lockfile') };
}

function pipInstall(args: readonly string[]): Install | undefined {
  const [subcommand, ...specs] = positionals(args, 'pip');
  if (subcommand !== 'install' || has(args, '-r', '--requirement', '-e', '--editable', '--require-hashes')) return undefined;
  const unversioned = specs.filter((spec) => {
    const name = spec.split(/[[<>=!~;@ ]/)[0]?.toLowerCase() ?? '';
    return isRegistryPackage(spec) && /^[a-z0-9][\w.-]*$/i.test(name) && !/==|===|@\s*\S/.test(spec) && !PIP_TOOLING.has(name);
  });
  return { kind: 'packages', manager: 'pip', global: false, unversioned };
}

/**
 * `uv sync` installs uv.lock, but re-locks first when pyproject.toml has moved on, unless `--locked`
 * (fail instead) or `--frozen` (install the lockfile as it is), or `UV_LOCKED`/`UV_FROZEN` in the
 * image's environment, says otherwise.
 */
function uvSync(args: readonly string[], lockedByDefault: boolean): Install | undefined {
  if (positionals(args, 'uv')[0] !== 'sync') return undefined;
  return { kind: 'lockfile', manager: 'uv', frozen: lockedByDefault || has(args, '--locked', '--frozen') };
}

/** `pipenv install` re-locks a stale Pipfile.lock unless `--deploy` or `--ignore-pipfile`; `pipenv sync` installs the lockfile as it is. */
function pipenvInstall(args: readonly string[]): Install | undefined {
  const [subcommand, ...packages] = positionals(args, 'pipenv');
  if (subcommand === 'sync') return { kind: 'lockfile', manager: 'pipenv', frozen: true };
  if (subcommand !== 'install') return undefined;
  if (packages.length > 0) return named('pipenv', packages, false);
  return { kind: 'lockfile', manager: 'pipenv', frozen: has(args, '--deploy', '--ignore-pipfile') };
}

function cargoInstall(args: readonly string[]): Install | undefined {
  const [subcommand, ...crates] = positionals(args, 'cargo');
  if (subcommand !== 'install' || has(args, '--path', '--version', '--vers', '--rev', '--tag')) return undefined;
  return named('cargo', crates, true);
}

function goInstall(args: readonly string[]): Install | undefined {
  const [subcommand, ...modules] = positionals(args, 'go');
  if (subcommand !== 'install') return undefined;
  // `go install ./cmd/x` builds local code; `pkg@latest` (or no version outside a module) floats.
  const remote = modules.filter((spec) => !spec.startsWith('.') && spec.includes('/'));
  return { kind: 'packages', manager: 'go', global: true, unversioned: remote.filter((spec) => !/@v?\d/.test(spec)) };
}

/** What a command installs, launchers (`exec`, `env`) seen through; undefined when it installs nothing. */
export function installOf(command: ShellCommand, options: { yarnImmutableByDefault?: boolean; uvLockedByDefault?: boolean } = {}): Install | undefined {
  const [path, ...rest] = programWords(command.words);
  // `/root/.local/bin/uv sync`, `/usr/local/bin/npm install`: the program, wherever it is installed.
  let [program, args] = [path?.slice(path.lastIndexOf('/') + 1), rest];
  if ((program === 'python' || program === 'python3') && args[0] === '-m' && /^pip3?$/.test(args[1] ?? '')) [program, ...args] = args.slice(1);
  switch (program) {
    case 'npm':
      return npmInstall(args);
    case 'yarn':
      return yarnInstall(args, options.yarnImmutableByDefault ?? false);
    case 'pnpm':
      return pnpmInstall(args);
    case 'bun':
      return bunInstall(args);
    case 'pip':
    case 'pip3':
      return pipInstall(args);
    case 'uv':
      return uvSync(args, options.uvLockedByDefault ?? false);
    case 'pipenv':
      return pipenvInstall(args);
    case 'cargo':
      return cargoInstall(args);
    case 'go':
      return goInstall(args);
    default:
      return undefined;
  }
}

/** 1-based line and column of one command of a shell-form RUN (a continued RUN spans several lines). */
export function commandPosition(instruction: Instruction, command: ShellCommand): { line: number; column: number } {
  const start = instruction.getRange().start;
  const first = instruction.getArguments()[0]?.getRange().start;
  const text = shellFormText(instruction);
  if (!first || text === undefined) return { line: start.line + 1, column: start.character + 1 };
  const before = text.slice(0, command.offset);
  const newlines = before.match(/\n/g)?.length ?? 0;
  if (newlines === 0) return { line: first.line + 1, column: first.character + before.length + 1 };
  return { line: first.line + newlines + 1, column: before.length - before.lastIndexOf('\n') };
}
