import { posix } from 'node:path';
import {
  defineRule,
  dockerSpan,
  filesNamedNearApp,
  finalStage,
  linesOf,
  parseImageReference,
  valueSpan,
  type DockerStage,
  type Span,
} from '../../src/rule-kit/index.js';
import type { AppFacts, RuleContext } from '../../src/types.js';
import { exactMajor, majorRange, type MajorRange } from './_node-versions.js';

type MessageId = 'majorMismatch' | 'rangeExcludes' | 'notInMatrix';

/**
 * What one file says about the Node version. `rank` orders declarations by how close they are to
 * what production runs: the image that ships first, then version-manager files, volta, engines, CI.
 */
interface Declaration {
  /** How the message names it: `Dockerfile`, `.nvmrc`, `package.json engines.node`, `.github/workflows/ci.yml`. */
  source: string;
  file: string;
  span: Span;
  rank: number;
  /** As written: `20-alpine`, `>=18 <21`, `18, 20`. */
  written: string;
  version: { kind: 'exact'; major: number } | { kind: 'range'; allows: MajorRange } | { kind: 'matrix'; majors: number[] };
  /** Whether the declaration belongs to this app, so a finding about it belongs here (shared root files belong to the root app). */
  owned: boolean;
}

const RANK = { image: 0, versionFile: 1, otherImage: 1, volta: 2, engines: 3, ci: 4 } as const;
/** Words in CI job ids and names whose Node is a tool's, not the app's. */
const TOOLING_JOB_WORDS = new Set(['lint', 'linting', 'eslint', 'prettier', 'format', 'formatting', 'codeql', 'doc', 'docs', 'documentation', 'website', 'site', 'release', 'publish', 'changeset', 'changesets', 'storybook', 'chromatic', 'label', 'labeler', 'stale', 'pages', 'docusaurus', 'vitepress', 'mkdocs']);
const PRIMARY_DOCKERFILE = /^(?:Dockerfile|Containerfile)(?:\.(?:prod|production))?$/i;

/** `owned` defaults to whether the file lies in the app's folder. */
type DeclarationInput = Omit<Declaration, 'owned' | 'span'> & { span: Span | undefined; owned?: boolean };

function isOwnedPath(app: AppFacts, path: string): boolean {
  return app.path === '.' || path.startsWith(`${app.path}/`);
}

// ---------------------------------------------------------------------------------------------
// Dockerfiles

/** The major of a Node image reference: `node:20-alpine`, `docker.io/library/node:20`, `gcr.io/distroless/nodejs20-debian12`. */
function nodeImageMajor(image: string): number | undefined {
  const { name, tag = '' } = parseImageReference(image);
  const distroless = /(?:^|\/)nodejs(\d+)(?:-[a-z0-9]+)?$/.exec(name);
  if (distroless) return Number(distroless[1]);
  return posix.basename(name) === 'node' ? exactMajor(tag) : undefined;
}

/** The stage the final stage builds on at the bottom of its `FROM <stage>` chain: where the base image is named. */
function baseStage(stage: DockerStage): DockerStage {
  let current = stage;
  while (current.parent) current = current.parent;
  return current;
}

function dockerfileDeclarations(context: RuleContext<MessageId>): DeclarationInput[] {
  const dockerfiles = [...context.app.dockerfiles].sort((a, b) => shippingOrder(a) - shippingOrder(b) || a.localeCompare(b));
  return dockerfiles.flatMap((path, index) => {
    const dockerfile = context.dockerfile(path);
    const stage = dockerfile && finalStage(dockerfile);
    const base = stage && baseStage(stage);
    const major = base?.image === undefined ? undefined : nodeImageMajor(base.image);
    const range = base?.from.getImageRange();
    if (!base || major === undefined || !range) return [];
    const rank = index === 0 && isShippingDockerfile(path) ? RANK.image : RANK.otherImage;
    // The image reference alone reads oddly after "Node" in a message: `20 (node:20-alpine)`.
    const written = `${major} (${base.image ?? ''})`;
    return [{ source: path, file: path, span: dockerSpan(range), rank, written, version: { kind: 'exact', major } }];
  });
}

/** `Dockerfile`, `Containerfile`, `Dockerfile.prod`: what ships, unlike variants such as `Dockerfile.dev`. */
function isShippingDockerfile(path: string): boolean {
  return PRIMARY_DOCKERFILE.test(posix.basename(path));
}

/** Shipping Dockerfiles first, the shallowest first; variants after them. */
function shippingOrder(path: string): number {
  return isShippingDockerfile(path) ? path.split('/').length : Number.MAX_SAFE_INTEGER;
}

// ---------------------------------------------------------------------------------------------
// Version-manager files

/** `.nvmrc` / `.node-version`: the first line that is not a comment. */
function versionFileDeclaration(context: RuleContext<MessageId>, name: string): DeclarationInput[] {
  const [path] = filesNamedNearApp(context, (candidate) => candidate === name);
  const text = path === undefined ? undefined : context.text(path);
  if (path === undefined || text === undefined) return [];
  const line = linesOf(text).find((candidate) => candidate.text.trim() !== '' && !candidate.text.trim().startsWith('#'));
  const written = line?.text.trim() ?? '';
  const major = exactMajor(written);
  if (!line || major === undefined) return [];
  const column = line.text.indexOf(written) + 1;
  return [{ source: path, file: path, span: spanOnLine(line.line, column, written), rank: RANK.versionFile, written, version: { kind: 'exact', major } }];
}

/** `.tool-versions` (asdf, mise): `nodejs 20.11.0` or `node 20.11.0`; the first version listed is the one used. */
function toolVersionsDeclaration(context: RuleContext<MessageId>): DeclarationInput[] {
  const [path] = filesNamedNearApp(context, (candidate) => candidate === '.tool-versions');
  const text = path === undefined ? undefined : context.text(path);
  if (path === undefined || text === undefined) return [];
  for (const line of linesOf(text)) {
    const match = /^(\s*node(?:js)?\s+)(\S+)/.exec(line.text.replace(/#.*$/, ''));
    const written = match?.[2];
    const major = written === undefined ? undefined : exactMajor(written);
    if (match && written !== undefined && major !== undefined) {
      return [{ source: path, file: path, span: spanOnLine(line.line, (match[1] ?? '').length + 1, written), rank: RANK.versionFile, written, version: { kind: 'exact', major } }];
    }
  }
  return [];
}

function spanOnLine(line: number, column: number, written: string): Span {
  return { line, column, endLine: line, endColumn: column + written.length };
}

// ---------------------------------------------------------------------------------------------
// package.json

function manifestDeclarations(context: RuleContext<MessageId>): DeclarationInput[] {
  const manifest = context.app.manifest;
  const text = manifest === undefined ? undefined : context.text(manifest);
  const packageJson = context.app.packageJson;
  if (manifest === undefined || text === undefined || !packageJson) return [];
  const declarations: DeclarationInput[] = [];
  const volta = (packageJson.volta as { node?: unknown } | undefined)?.node;
  const voltaMajor = typeof volta === 'string' ? exactMajor(volta) : undefined;
  if (typeof volta === 'string' && voltaMajor !== undefined) {
    declarations.push({
      source: `${manifest} volta.node`, file: manifest, span: valueSpan(text, ['volta', 'node']), rank: RANK.volta, written: volta, version: { kind: 'exact', major: voltaMajor },
    });
  }
  const engines = packageJson.engines?.node;
  const allows = typeof engines === 'string' ? majorRange(engines) : undefined;
  if (typeof engines === 'string' && allows) {
    declarations.push({
      source: `${manifest} engines.node`, file: manifest, span: valueSpan(text, ['engines', 'node']), rank: RANK.engines, written: engines, version: { kind: 'range', allows },
    });
  }
  return declarations;
}

// ---------------------------------------------------------------------------------------------
// CI

type YamlMap = Record<string, unknown>;

function isMap(value: unknown): value is YamlMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A job that lints, documents or publishes, by its id and name or its workflow's (`docs-deploy.yml`, "Deploy to GitHub Pages"). */
function isToolingJob(id: string, job: YamlMap, workflow: string): boolean {
  const words = `${id} ${typeof job.name === 'string' ? job.name : ''} ${workflow}`.toLowerCase().split(/[^a-z0-9]+/);
  return words.some((word) => TOOLING_JOB_WORDS.has(word));
}

/** A global tool install (`npm install -g pkg`, `yarn global add pkg`, `pnpm add -g pkg`): it brings a tool, not the project's code. */
const GLOBAL_INSTALL = /\b(?:(?:npm|pnpm|bun)\s+(?:i|install|add)\b[^\n;&|]*?\s(?:-g|--global)\b|yarn\s+global\s+add\b)[^\n;&|]*/g;
/** A command that runs the project through Node: its package manager, `node`, `npx`. */
const PROJECT_NODE_COMMAND = /(?:^|[\s;&|(`])(?:npm|npx|pnpm|pnpx|yarn|bun|bunx|node|corepack)(?=\s|$)/m;
/** Actions that install or run the project's packages (pnpm/action-setup, bahmutov/npm-install, cypress-io/github-action). */
const PROJECT_NODE_ACTION = /pnpm|yarn|npm|bun|cypress|playwright/i;

/**
 * A job whose Node only runs tools it installs globally (`npm install -g @scope/cli`, then the tool)
 * and never installs, builds, tests or runs the project: its version is the tool's business.
 */
function runsOnlyGlobalTools(steps: readonly unknown[]): boolean {
  const runs = steps.map((step) => (isMap(step) && typeof step.run === 'string' ? step.run : ''));
  if (!runs.some((run) => new RegExp(GLOBAL_INSTALL.source).test(run))) return false;
  const actions = steps.map((step) => (isMap(step) && typeof step.uses === 'string' ? step.uses : '')).filter((uses) => uses !== '' && !uses.startsWith('actions/setup-node'));
  return !actions.some((uses) => PROJECT_NODE_ACTION.test(uses)) && !runs.some((run) => PROJECT_NODE_COMMAND.test(run.replace(GLOBAL_INSTALL, '')));
}

/** Folders a job works in: `defaults.run.working-directory`, step `working-directory`, and `cd <a>/<b>` in `run:` scripts; empty for the root. */
function jobFolders(job: YamlMap, steps: unknown[]): string[] {
  const defaults = isMap(job.defaults) && isMap(job.defaults.run) ? job.defaults.run['working-directory'] : undefined;
  const workingDirectories = [defaults, ...steps.map((step) => (isMap(step) ? step['working-directory'] : undefined))];
  const folders = [...workingDirectories.filter((folder): folder is string => typeof folder === 'string'), ...steps.flatMap(packageFoldersEntered)];
  return folders
    .filter((folder) => !folder.includes('${{'))
    .map((folder) => posix.normalize(folder).replace(/\/+$/, ''))
    .filter((folder) => folder !== '.' && folder !== '');
}

/**
 * `cd packages/agent` in a `run:` script: the job builds that package. Only nested paths count, so
 * `cd dist` or `cd artifacts` in a packaging step does not move a job away from the root.
 */
function packageFoldersEntered(step: unknown): string[] {
  const script = isMap(step) && typeof step.run === 'string' ? step.run : '';
  return [...script.matchAll(/(?:^|[;&|(]|\n)\s*cd\s+["']?([\w.@-]+(?:\/[\w.@-]+)+)\/?["']?/g)]
    .map((match) => match[1] ?? '')
    .filter((folder) => !folder.split('/').includes('..'));
}

/** Targets of package-scoped commands in `run:` scripts: `pnpm --filter api`, `npm --prefix apps/web`, `pnpm --dir ${{ env.APP }}`. */
function packageTargets(steps: unknown[]): string[] {
  const scripts = steps.map((step) => (isMap(step) && typeof step.run === 'string' ? step.run : ''));
  return scripts.flatMap((script) => [...script.matchAll(/(?:--filter|--dir|--prefix|--workspace|-F|-C)[=\s]+["']?([^\s"']+)/g)].map((match) => match[1] ?? ''));
}

/**
 * How a job's Node relates to this app: the root app owns the jobs working at the root; a member
 * owns the jobs working in its folder or running commands aimed at it, and shares the root's
 * untargeted jobs (they build and test the whole workspace), which are reported at the member's
 * own declaration; jobs aimed elsewhere are not its.
 */
function jobRelation(app: AppFacts, folders: readonly string[], targets: readonly string[]): 'owned' | 'shared' | undefined {
  if (folders.length > 0) {
    if (app.path === '.') return undefined;
    return folders.some((folder) => folder === app.path || folder.startsWith(`${app.path}/`)) ? 'owned' : undefined;
  }
  if (app.path === '.') return 'owned';
  if (targets.length === 0) return 'shared';
  return targets.some((target) => target.includes(app.path) || target === app.name) ? 'owned' : undefined;
}

/** `${{ matrix.node }}` -> the values of `strategy.matrix.node` (and its `include` entries); undefined when not all are plain versions. */
function matrixMajors(job: YamlMap, key: string): { majors: number[]; written: string } | undefined {
  const matrix = isMap(job.strategy) ? job.strategy.matrix : undefined;
  if (!isMap(matrix)) return undefined;
  const listed = Array.isArray(matrix[key]) ? (matrix[key] as unknown[]) : [];
  const included = Array.isArray(matrix.include) ? matrix.include.map((entry) => (isMap(entry) ? entry[key] : undefined)).filter((value) => value !== undefined) : [];
  const values = [...listed, ...included];
  const majors = values.map((value) => (typeof value === 'string' || typeof value === 'number' ? exactMajor(String(value)) : undefined));
  if (values.length === 0 || majors.some((major) => major === undefined)) return undefined;
  return { majors: majors as number[], written: values.map(String).join(', ') };
}

function githubDeclarations(context: RuleContext<MessageId>, path: string): DeclarationInput[] {
  const workflow = context.yaml(path);
  const text = context.text(path);
  if (!isMap(workflow) || !isMap(workflow.jobs) || text === undefined) return [];
  const declarations: DeclarationInput[] = [];
  const workflowName = `${posix.basename(path).replace(/\.ya?ml$/, '')} ${typeof workflow.name === 'string' ? workflow.name : ''}`;
  for (const [id, job] of Object.entries(workflow.jobs)) {
    if (!isMap(job) || !Array.isArray(job.steps) || isToolingJob(id, job, workflowName) || runsOnlyGlobalTools(job.steps)) continue;
    const steps: unknown[] = job.steps;
    const relation = jobRelation(context.app, jobFolders(job, steps), packageTargets(steps));
    if (relation === undefined) continue;
    const owned = relation === 'owned';
    steps.forEach((step, index) => {
      if (!isMap(step) || typeof step.uses !== 'string' || !step.uses.startsWith('actions/setup-node') || !isMap(step.with)) return;
      const value = step.with['node-version'];
      if (typeof value !== 'string' && typeof value !== 'number') return;
      const matrixKey = /^\$\{\{\s*matrix\.([\w-]+)\s*\}\}$/.exec(String(value).trim())?.[1];
      if (matrixKey !== undefined) {
        const matrix = matrixMajors(job, matrixKey);
        if (!matrix) return;
        const span = valueSpan(text, ['jobs', id, 'strategy', 'matrix', matrixKey]) ?? valueSpan(text, ['jobs', id, 'strategy', 'matrix']);
        declarations.push({ source: path, file: path, span, rank: RANK.ci, written: matrix.written, version: { kind: 'matrix', majors: matrix.majors }, owned });
        return;
      }
      const major = exactMajor(String(value));
      if (major === undefined) return;
      const span = valueSpan(text, ['jobs', id, 'steps', index, 'with', 'node-version']);
      declarations.push({ source: path, file: path, span, rank: RANK.ci, written: String(value), version: { kind: 'exact', major }, owned });
    });
  }
  return declarations;
}

/** `.gitlab-ci.yml` `image: node:NN` at the top, under `default:` and per job; jobs run at the root, so members share them (see `jobRelation`). */
function gitlabDeclarations(context: RuleContext<MessageId>, path: string): DeclarationInput[] {
  const pipeline = context.yaml(path);
  const text = context.text(path);
  if (!isMap(pipeline) || text === undefined) return [];
  const places: (readonly string[])[] = [['image'], ['default', 'image']];
  for (const [id, job] of Object.entries(pipeline)) {
    if (isMap(job) && job.image !== undefined && !id.startsWith('.') && !isToolingJob(id, job, '')) places.push([id, 'image']);
  }
  return places.flatMap((place) => {
    let node: unknown = pipeline;
    for (const key of place) node = isMap(node) ? node[key] : undefined;
    const keyPath = isMap(node) ? [...place, 'name'] : place;
    const image = isMap(node) ? node.name : node;
    const major = typeof image === 'string' ? nodeImageMajor(image) : undefined;
    if (typeof image !== 'string' || major === undefined) return [];
    const owned = context.app.path === '.';
    return [{ source: path, file: path, span: valueSpan(text, keyPath), rank: RANK.ci, written: `${major} (${image})`, version: { kind: 'exact' as const, major }, owned }];
  });
}

function ciDeclarations(context: RuleContext<MessageId>): DeclarationInput[] {
  return context.app.ciFiles.flatMap((path) => {
    if (/^\.github\/workflows\/[^/]+\.ya?ml$/.test(path)) return githubDeclarations(context, path);
    if (path === '.gitlab-ci.yml') return gitlabDeclarations(context, path);
    return [];
  });
}

// ---------------------------------------------------------------------------------------------
// Comparison

function declarationsOf(context: RuleContext<MessageId>): Declaration[] {
  const inputs = [
    ...dockerfileDeclarations(context),
    ...versionFileDeclaration(context, '.nvmrc'),
    ...versionFileDeclaration(context, '.node-version'),
    ...toolVersionsDeclaration(context),
    ...manifestDeclarations(context),
    ...ciDeclarations(context),
  ];
  const located = inputs.flatMap(({ span, ...input }) => (span ? [{ ...input, span }] : []));
  return located
    .map((declaration) => ({ ...declaration, owned: declaration.owned ?? isOwnedPath(context.app, declaration.file) }))
    .sort((a, b) => a.rank - b.rank);
}

/** A version a developer's tools pick (`.nvmrc`, `.node-version`, `.tool-versions`, volta). */
function isDeveloperPin(declaration: Declaration): boolean {
  return declaration.rank === RANK.volta || (declaration.rank === RANK.versionFile && !isImage(declaration));
}

function isImage(declaration: Declaration): boolean {
  return declaration.rank === RANK.image || (declaration.rank === RANK.otherImage && declaration.source === declaration.file && /(?:^|\/)(?:Dockerfile|Containerfile)|\.dockerfile$/i.test(declaration.file));
}

/**
 * Where a disagreement is reported: against a developer's pin, at every image that runs another major
 * (the shipped runtime is what drifted from what the code is developed on); otherwise at the
 * declaration that differs from the reference, when this app owns it.
 */
function anchors(declarations: readonly Declaration[], reference: Declaration, other: Declaration): Declaration[] {
  if (isDeveloperPin(other) && isImage(reference)) return declarations.filter((candidate) => isImage(candidate) && candidate.owned && !agree(candidate, other));
  const at = other.owned ? other : reference.owned ? reference : undefined;
  return at ? [at] : [];
}

/** Whether two declarations can describe the same Node major. */
function agree(reference: Declaration, other: Declaration): boolean {
  const ref = reference.version;
  const version = other.version;
  if (ref.kind === 'matrix') return true;
  const allowedByReference = (major: number) => (ref.kind === 'exact' ? ref.major === major : ref.allows(major));
  if (version.kind === 'exact') return allowedByReference(version.major);
  if (version.kind === 'matrix') return version.majors.some(allowedByReference);
  return ref.kind === 'exact' ? version.allows(ref.major) : true;
}

interface Disagreement {
  messageId: MessageId;
  data: Record<string, string>;
}

function describeDisagreement(reference: Declaration, other: Declaration): Disagreement {
  if (other.version.kind === 'matrix') {
    return { messageId: 'notInMatrix', data: { source: other.source, versions: other.written, other: reference.source, otherVersion: reference.written } };
  }
  const range = other.version.kind === 'range' ? other : reference.version.kind === 'range' ? reference : undefined;
  if (range) {
    const exact = range === other ? reference : other;
    return { messageId: 'rangeExcludes', data: { rangeSource: range.source, range: range.written, versionSource: exact.source, version: exact.written } };
  }
  return { messageId: 'majorMismatch', data: { source: other.source, version: other.written, other: reference.source, otherVersion: reference.written } };
}

const NODE_LANGUAGES = new Set<string>(['javascript', 'typescript']);
const SERVER_LANGUAGES = new Set<string>(['go', 'python', 'ruby']);

/**
 * Whether Node is the app's own runtime: an image runs it, or the app's source is mostly JavaScript or
 * TypeScript. In a Go or Python service, `.nvmrc`, engines and CI's setup-node serve tooling (a
 * front-end build, test helpers, repository housekeeping), not what production runs.
 */
function runsOnNode(context: RuleContext<MessageId>, declarations: readonly Declaration[]): boolean {
  if (declarations.some((declaration) => isImage(declaration) && declaration.owned)) return true;
  const sources = context.files.filter((file) => file.role === 'source');
  const node = sources.filter((file) => NODE_LANGUAGES.has(file.language)).length;
  return sources.filter((file) => SERVER_LANGUAGES.has(file.language)).length <= node;
}

export const runtimeVersionDrift = defineRule<MessageId>({
  id: 'dev-prod-parity/runtime-version-drift',
  factor: 'dev-prod-parity',
  defaultSeverity: 'note',
  title: 'Node version differs between environments',
  description: 'Finds Node.js major versions that disagree between the Dockerfile, .nvmrc/.node-version/.tool-versions, volta, engines and CI.',
  fix: 'Declare one Node major everywhere: make .nvmrc, volta, engines and CI follow the version the production image runs.',
  messages: {
    majorMismatch: 'Node {{version}} in {{source}} is a different major version than Node {{otherVersion}} in {{other}}',
    rangeExcludes: 'the Node range "{{range}}" in {{rangeSource}} excludes Node {{version}} in {{versionSource}}',
    notInMatrix: 'the Node versions {{versions}} tested in {{source}} leave out Node {{otherVersion}} from {{other}}',
  },
  appliesTo: (app) => (app.manifest || app.dockerfiles.length > 0 ? true : 'no package.json or Dockerfile declares a Node runtime'),
  check(context) {
    const declarations = declarationsOf(context);
    const reference = declarations.find((declaration) => declaration.version.kind !== 'matrix');
    if (!reference || !runsOnNode(context, declarations)) return;
    // A workflow whose jobs test several versions tests the production image's major when any one job does.
    const testedBy = new Set(
      isImage(reference) ? declarations.filter((declaration) => declaration.rank === RANK.ci && agree(reference, declaration)).map((declaration) => declaration.file) : [],
    );
    const reported = new Set<string>();
    for (const other of declarations) {
      if (other === reference || agree(reference, other)) continue;
      // CI jobs that differ among themselves test several versions on purpose; only a production-side reference settles it.
      if (other.rank === RANK.ci && (reference.rank === RANK.ci || testedBy.has(other.file))) continue;
      // A shared root file is reported by the root app; a member reports the conflict at its own declaration.
      for (const at of anchors(declarations, reference, other)) {
        const key = `${at.file}:${at.span.line}:${at.span.column}`;
        if (reported.has(key)) continue;
        reported.add(key);
        const image = at === other || at === reference ? reference : at;
        context.report({ ...describeDisagreement(image, other), file: at.file, ...at.span });
      }
    }
  },
});
