import { posix } from 'node:path';
import {
  PYTHON_LOCKFILES,
  commandPosition,
  commandText,
  defineRule,
  programWords,
  type ShellCommand,
  indexedReader,
  installOf,
  instructionCommands,
  isDevelopmentFile,
  isRequirementsFile,
  jsonEntryPositions,
  localPackageNames,
  parseRequirements,
  requirementsClosure,
  stagesOf,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId =
  | 'openRange'
  | 'movingTag'
  | 'gitUnpinned'
  | 'urlUnpinned'
  | 'requirementUnversioned'
  | 'requirementLowerBound'
  | 'imageToolUnversioned'
  | 'imagePackageUnversioned'
  | 'installerUnversioned';

/** Sections checked; devDependencies never reach a production image, so theirs are notes. */
const SECTIONS: readonly { section: string; dev?: boolean }[] = [
  { section: 'dependencies' },
  { section: 'optionalDependencies' },
  { section: 'devDependencies', dev: true },
  // npm `overrides` and yarn `resolutions` replace a transitive package wherever it appears.
  { section: 'overrides' },
  { section: 'resolutions' },
];

const NOT_SHIPPED: ReadonlySet<IndexedFile['role']> = new Set(['test', 'docs', 'vendored', 'generated']);
/** Protocols whose target is fixed by the repository or the package manager's own catalogue. */
const LOCAL_PROTOCOL = /^(?:workspace|catalog|file|link|portal|patch|exec):/;
const GIT_SOURCE = /^(?:git\+[a-z]+:|git:|github:|gitlab:|bitbucket:|gist:)|^[\w.-]+\/[\w.-]+(?:#.*)?$|\.git(?:#.*)?$/i;
const COMMIT_SHA = /^[0-9a-f]{7,40}$/i;

interface Verdict {
  messageId: 'openRange' | 'movingTag' | 'gitUnpinned' | 'urlUnpinned';
  why?: string;
}

/** Why a package.json range lets versions drift, or undefined when it is bounded or pinned. */
export function unpinnedVerdict(range: string): Verdict | undefined {
  const value = range.trim();
  if (LOCAL_PROTOCOL.test(value)) return undefined;
  if (value.startsWith('npm:') || value.startsWith('jsr:')) {
    const at = value.lastIndexOf('@');
    return at > value.indexOf(':') + 1 ? unpinnedVerdict(value.slice(at + 1)) : { messageId: 'openRange', why: 'an alias without a version' };
  }
  if (GIT_SOURCE.test(value)) return gitVerdict(value);
  if (/^https?:\/\//i.test(value)) return urlNamesRelease(value) ? undefined : { messageId: 'urlUnpinned' };
  if (value === '' || value === '*' || /^[xX]$/.test(value)) return { messageId: 'openRange', why: value === '' ? 'an empty range' : 'any version' };
  if (/^[a-z][a-z._-]*$/i.test(value)) return { messageId: 'movingTag', why: value };
  const open = value.split('||').map((set) => set.trim()).find(isOpenEnded);
  return open === undefined ? undefined : { messageId: 'openRange', why: `no upper bound in "${open}"` };
}

/** `>=1.2`, `>1`, `>= 1.0.0` with no `<` or `<=` alongside: every future major satisfies it. */
function isOpenEnded(comparatorSet: string): boolean {
  if (comparatorSet === '*' || /^[xX]$/.test(comparatorSet)) return true;
  return /(^|\s)>=?\s*\d/.test(comparatorSet) && !/(^|\s)<=?\s*\d/.test(comparatorSet) && !/\s-\s/.test(comparatorSet);
}

/** A git source pins when its `#` names a commit, a version-like tag or a `semver:` range; a branch moves. */
function gitVerdict(value: string): Verdict | undefined {
  const hash = value.indexOf('#');
  const reference = hash === -1 ? '' : value.slice(hash + 1);
  if (reference === '') return { messageId: 'gitUnpinned', why: 'no commit or tag' };
  if (COMMIT_SHA.test(reference) || reference.startsWith('semver:') || /\d/.test(reference)) return undefined;
  return { messageId: 'gitUnpinned', why: `branch "${reference}"` };
}

/**
 * Semver ranges (open-ended ones included) are fine when a committed lockfile governs the install
 * (LABELLING.md); what the lockfile cannot hold still is: `*`, a dist-tag, a git branch, a URL.
 */
function lockfileHolds(verdict: Verdict, range: string): boolean {
  return verdict.messageId === 'openRange' && range.trim() !== '' && range.trim() !== '*' && !/^[xX]$/.test(range.trim()) && !range.startsWith('npm:');
}

function checkPackageJson(context: RuleContext<MessageId>): void {
  const { manifest, packageJson } = context.app;
  const text = manifest === undefined ? undefined : context.text(manifest);
  if (manifest === undefined || text === undefined || !packageJson) return;
  const locked = context.app.lockfiles.length > 0;
  let local: Set<string> | undefined;
  // One scan of the text for every entry's position: one per entry from the top is quadratic.
  let positions: ReturnType<typeof jsonEntryPositions> | undefined;
  for (const { section, dev } of SECTIONS) {
    const entries = packageJson[section];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [name, range] of Object.entries(entries)) {
      if (typeof range !== 'string') continue;
      const verdict = unpinnedVerdict(range);
      if (!verdict || (locked && lockfileHolds(verdict, range))) continue;
      // A workspace member named by "*" resolves to the local folder, not to the registry.
      local ??= localPackageNames(context);
      if (verdict.messageId === 'openRange' && local.has(name)) continue;
      positions ??= jsonEntryPositions(text);
      const position = positions.get(section)?.get(name) ?? { line: 1, column: 1 };
      context.report({
        messageId: verdict.messageId,
        data: { name, range, why: verdict.why ?? '', section },
        file: manifest,
        ...position,
        ...((dev || locked) && { severity: 'note' as const }),
      });
    }
  }
}

const DOWNLOADERS = new Set(['curl', 'wget']);
const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash']);
/** A branch in a raw-file URL: `raw.githubusercontent.com/tj/n/master/bin/n`. */
const URL_BRANCH = /\/(?:master|main|HEAD|latest)\//;

/**
 * A tool installed from a script piped to a shell whose URL names no version (`curl -LsSf
 * https://astral.sh/uv/install.sh | sh`, `curl -sL https://deb.nodesource.com/setup_lts.x | bash -`),
 * or a file fetched from a branch (`curl -L https://raw.githubusercontent.com/tj/n/master/bin/n -o n`):
 * each build gets whatever is newest.
 */
function fetchesUnversioned(command: ShellCommand, next: ShellCommand | undefined): boolean {
  const [program, ...args] = programWords(command.words);
  const url = DOWNLOADERS.has(posix.basename(program ?? '')) ? args.find((arg) => /^https?:\/\/[^/]/.test(arg)) : undefined;
  if (url === undefined) return false;
  const piped = command.terminator === '|' && SHELLS.has(posix.basename(programWords(next?.words ?? [])[0] ?? ''));
  return piped ? !urlNamesRelease(url) : URL_BRANCH.test(url);
}

/**
 * Whether the path of a URL names one release: a version (`/0.5.4/`, `pkg-1.2.3.tgz`, a major line
 * `setup_20.x`) or a commit hash.
 */
function urlNamesRelease(url: string): boolean {
  return /\d+\.(?:\d+|x)|[0-9a-f]{7,40}/i.test(url.replace(/^https?:\/\/[^/]+/i, ''));
}

/**
 * Packages a production Dockerfile installs by name outside the lockfile: global tools (`npm i -g pnpm`,
 * `cargo install x`), `pnpm add x` / `npm install x` into the image, `pip install x` beside a pinned
 * requirements file. Each build may ship a different release.
 */
function checkDockerfiles(context: RuleContext<MessageId>): void {
  for (const path of context.app.dockerfiles) {
    const dockerfile = isDevelopmentFile(path) ? undefined : context.dockerfile(path);
    if (!dockerfile) continue;
    for (const instruction of stagesOf(dockerfile).flatMap((stage) => stage.instructions)) {
      if (instruction.getKeyword() !== 'RUN') continue;
      const commands = instructionCommands(instruction);
      commands.forEach((command, index) => {
        if (!fetchesUnversioned(command, commands[index + 1])) return;
        context.report({
          messageId: 'installerUnversioned',
          data: { command: commandText(command.words) },
          file: path,
          ...commandPosition(instruction, command),
          severity: 'note',
        });
      });
      for (const command of commands) {
        const install = installOf(command);
        if (install?.kind !== 'packages' || install.unversioned.length === 0) continue;
        context.report({
          messageId: install.global ? 'imageToolUnversioned' : 'imagePackageUnversioned',
          data: { command: commandText(command.words), packages: install.unversioned.join(' ') },
          file: path,
          ...commandPosition(instruction, command),
          severity: 'note',
        });
      }
    }
  }
}

/**
 * `requirements-dev.txt`, `requirements/test.txt`, `requirements/readthedocs.txt`: tooling environments
 * no deploy installs (LABELLING.md judges the files the deploy path installs), so not reported.
 */
function isDevRequirements(path: string): boolean {
  const stem = posix.basename(path, '.txt').replace(/^requirements/i, '');
  return /(?:^|[-_.])(?:dev|devel|develop|development|test|tests|testing|lint|linting|docs?|readthedocs|ci|local|tox|typing|mypy|coverage|bench|benchmarks?)(?:$|[-_.])/i.test(stem);
}

/**
 * Requirement files that belong to a pinned environment (one whose closure pins something) with no
 * Python lockfile beside them. A closure that pins nothing is `dependencies/lockfile`'s finding; one
 * that includes a constraints file (`-c`) may pin the bare names there.
 */
function filesOfPinnedEnvironments(context: RuleContext<MessageId>, requirementFiles: readonly IndexedFile[]): Set<string> {
  const read = indexedReader(context);
  const files = new Set<string>();
  for (const file of requirementFiles) {
    const folder = posix.dirname(file.path);
    if (PYTHON_LOCKFILES.some((name) => context.file(folder === '.' ? name : `${folder}/${name}`))) continue;
    const closure = requirementsClosure(file.path, read);
    if (closure.pins && !closure.constrained) for (const path of closure.files) files.add(path);
  }
  return files;
}

function checkRequirements(context: RuleContext<MessageId>): void {
  const requirementFiles = context.files.filter((file) => isRequirementsFile(file.path) && !NOT_SHIPPED.has(file.role));
  checkGitRequirements(context, new Set(requirementFiles.map((file) => file.path).filter((path) => !isDevRequirements(path))));
  const pinned = filesOfPinnedEnvironments(context, requirementFiles);
  for (const path of [...pinned].sort()) {
    if (isDevRequirements(path)) continue;
    for (const requirement of parseRequirements(context.text(path) ?? '')) {
      if (requirement.kind !== 'unversioned' && requirement.kind !== 'lowerBound') continue;
      const lowerBound = requirement.kind === 'lowerBound';
      context.report({
        messageId: lowerBound ? 'requirementLowerBound' : 'requirementUnversioned',
        data: { name: requirement.name, file: path },
        file: path,
        line: requirement.line,
        column: requirement.column,
        ...(lowerBound && { severity: 'note' as const }),
      });
    }
  }
}

/** A pip VCS requirement: `git+https://host/owner/repo.git@ref#egg=x`, or `name @ git+https://...`. */
const VCS_REQUIREMENT = /^(?:([A-Za-z0-9][\w.-]*)\s*@\s*)?(git\+[a-z]+:\/\/\S+)/i;

/**
 * Whether a CI workflow installs the requirements file (`pip install -r docs/requirements.txt` in a
 * release job): a docs or tooling file is on a release path then, whatever its name says.
 */
function installedByCi(context: RuleContext<MessageId>, path: string): boolean {
  const escaped = path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const install = new RegExp(`(?:-r|--requirement)[\\s=]+(?:\\./)?${escaped}(?![\\w./-])`);
  return context.app.ciFiles.some((ci) => install.test(context.text(ci) ?? ''));
}

/**
 * Git requirements with no commit or tag after the repository (`git+https://github.com/o/tool.git`,
 * or `@main`): pip installs whatever the branch holds, as a package.json git source without a ref.
 * Judged in the requirements files the rule reads for pins and in any a CI workflow installs.
 */
function checkGitRequirements(context: RuleContext<MessageId>, judged: ReadonlySet<string>): void {
  for (const file of context.files.filter((candidate) => isRequirementsFile(candidate.path))) {
    if (!judged.has(file.path) && !installedByCi(context, file.path)) continue;
    for (const requirement of parseRequirements(context.text(file.path) ?? '')) {
      const match = requirement.kind === 'other' ? VCS_REQUIREMENT.exec(requirement.name) : null;
      if (!match) continue;
      // The path past the host (`git@github.com` is a user, not a ref): `/owner/repo.git@v1.2`.
      const path = match[2]!.replace(/#.*$/, '').replace(/^git\+[a-z]+:\/\/[^/]*/i, '');
      const at = path.lastIndexOf('@');
      const verdict = gitVerdict(at === -1 ? path : `${path.slice(0, at)}#${path.slice(at + 1)}`);
      if (!verdict) continue;
      const name = match[1] ?? (path.slice(0, at === -1 ? undefined : at).replace(/\.git$/, '').split('/').at(-1) || match[2]!);
      context.report({
        messageId: 'gitUnpinned',
        data: { name, range: match[2]!, why: verdict.why ?? '' },
        file: file.path,
        line: requirement.line,
        column: requirement.column,
        severity: 'note',
      });
    }
  }
}

export const unpinnedVersions = defineRule<MessageId>({
  id: 'dependencies/unpinned-versions',
  factor: 'dependencies',
  defaultSeverity: 'warning',
  title: 'Dependency versions left open',
  description:
    'Finds package.json dependencies and overrides declared as *, latest, a dist-tag, a git/URL source without a commit (or an open-ended range with no lockfile), unpinned lines in otherwise pinned requirements files, packages a Dockerfile installs by name without a version, and install scripts it fetches from an unversioned address.',
  fix: 'Declare a bounded range (^1.4.2) or an exact version, pin git sources to a commit or tag, and pin every line of a requirements lock.',
  messages: {
    openRange: '{{name}} is declared as "{{range}}" in {{section}} ({{why}}): a fresh install may pull any future major version',
    movingTag: '{{name}} follows the dist-tag "{{range}}" in {{section}}: the version it installs changes whenever the tag moves',
    gitUnpinned: '{{name}} comes from {{range}} with {{why}}: its code changes whenever the branch moves',
    urlUnpinned: '{{name}} is downloaded from {{range}}, a URL that names no version: its content can change under the same address',
    requirementUnversioned: '{{name}} has no version in {{file}}, which pins other packages: each install may pick a different release',
    requirementLowerBound: '{{name}} has only a lower bound in {{file}}, which pins other packages: each install may pick a newer release',
    imageToolUnversioned: '`{{command}}` installs {{packages}} into the image at whatever version is newest: pin a version (`name@x.y.z`)',
    imagePackageUnversioned: '`{{command}}` adds {{packages}} to the image without a version, outside the lockfile: pin it or declare it in the manifest',
    installerUnversioned: '`{{command}}` downloads from an address that names no version (no release in the URL, or a branch): each build installs whatever is newest there; use a versioned URL or a pinned package',
  },
  appliesTo: () => true,
  check(context) {
    checkPackageJson(context);
    checkRequirements(context);
    checkDockerfiles(context);
  },
});
