import { posix } from 'node:path';
import {
  PYTHON_LOCKFILES,
  defineRule,
  indexedReader,
  isRequirementsFile,
  jsonEntryPosition,
  parseRequirements,
  requirementsClosure,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext, Severity } from '../../src/types.js';

type MessageId = 'openRange' | 'movingTag' | 'gitUnpinned' | 'urlUnpinned' | 'requirementUnversioned' | 'requirementLowerBound';

/** Sections checked, with the severity their findings get (undefined: the configured one). */
const SECTIONS: readonly { section: string; severity?: Severity }[] = [
  { section: 'dependencies' },
  { section: 'optionalDependencies' },
  { section: 'devDependencies', severity: 'note' },
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
  if (/^https?:\/\//i.test(value)) {
    return /\d+\.\d+|[0-9a-f]{7,40}/i.test(value.replace(/^https?:\/\/[^/]+/i, '')) ? undefined : { messageId: 'urlUnpinned' };
  }
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

function checkPackageJson(context: RuleContext<MessageId>): void {
  const { manifest, packageJson } = context.app;
  const text = manifest === undefined ? undefined : context.text(manifest);
  if (manifest === undefined || text === undefined || !packageJson) return;
  for (const { section, severity } of SECTIONS) {
    const entries = packageJson[section];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [name, range] of Object.entries(entries)) {
      if (typeof range !== 'string') continue;
      const verdict = unpinnedVerdict(range);
      if (!verdict) continue;
      const position = jsonEntryPosition(text, section, name) ?? { line: 1, column: 1 };
      context.report({
        messageId: verdict.messageId,
        data: { name, range, why: verdict.why ?? '', section },
        file: manifest,
        ...position,
        ...(severity && { severity }),
      });
    }
  }
}

/** `requirements-dev.txt`, `requirements/test.txt`: tooling environments, reported as notes. */
function isDevRequirements(path: string): boolean {
  const stem = posix.basename(path, '.txt').replace(/^requirements/i, '');
  return /(?:^|[-_.])(?:dev|develop|development|test|tests|testing|lint|docs|ci|local)(?:$|[-_.])/i.test(stem);
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
  const pinned = filesOfPinnedEnvironments(context, requirementFiles);
  for (const path of [...pinned].sort()) {
    const dev = isDevRequirements(path);
    for (const requirement of parseRequirements(context.text(path) ?? '')) {
      if (requirement.kind !== 'unversioned' && requirement.kind !== 'lowerBound') continue;
      const lowerBound = requirement.kind === 'lowerBound';
      context.report({
        messageId: lowerBound ? 'requirementLowerBound' : 'requirementUnversioned',
        data: { name: requirement.name, file: path },
        file: path,
        line: requirement.line,
        column: requirement.column,
        ...((lowerBound || dev) && { severity: 'note' as const }),
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
    'Finds package.json dependencies declared as *, latest, a dist-tag, an empty or open-ended range, or a git/URL source without a commit, and unpinned lines in otherwise pinned requirements files.',
  fix: 'Declare a bounded range (^1.4.2) or an exact version, pin git sources to a commit or tag, and pin every line of a requirements lock.',
  messages: {
    openRange: '{{name}} is declared as "{{range}}" in {{section}} ({{why}}): a fresh install may pull any future major version',
    movingTag: '{{name}} follows the dist-tag "{{range}}" in {{section}}: the version it installs changes whenever the tag moves',
    gitUnpinned: '{{name}} comes from {{range}} with {{why}}: its code changes whenever the branch moves',
    urlUnpinned: '{{name}} is downloaded from {{range}}, a URL that names no version: its content can change under the same address',
    requirementUnversioned: '{{name}} has no version in {{file}}, which pins other packages: each install may pick a different release',
    requirementLowerBound: '{{name}} has only a lower bound in {{file}}, which pins other packages: each install may pick a newer release',
  },
  appliesTo: () => true,
  check(context) {
    checkPackageJson(context);
    checkRequirements(context);
  },
});
