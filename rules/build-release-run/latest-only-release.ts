import { posix } from 'node:path';
import {
  asRecord,
  defineRule,
  IMAGE_VARIABLE,
  type ImageReference,
  imageLines,
  isCommandFile,
  isKubernetesManifest,
  parseImageReference,
  STACK_FILE,
  workloadImages,
  composeVariant,
  DEPLOYED_ENVIRONMENTS,
  isComposeFile,
  isDevelopmentFile,
  isProductionComposeFile,
  linesOf,
  parseShell,
  positionAt,
  programWords,
  scriptPosition,
  scriptsOf,
} from '../../src/rule-kit/index.js';
import type { PackageJson, RuleContext } from '../../src/types.js';
import { isNamedForApp, isUnpublishableOwnImage } from './_own-images.js';

type MessageId = 'pushed' | 'deployed' | 'publishedTags' | 'manifest';
type Context = RuleContext<MessageId>;

/**
 * Tag words that name no release: pushing `app:latest` (or `app:prod`) again replaces what was
 * there, so the tag cannot be pinned or rolled back to.
 */
const MOVING_WORDS = new Set([
  'latest', 'stable', 'current', 'edge', 'nightly', 'main', 'master', 'dev', 'develop', 'prod', 'production', 'staging',
  'release', 'canary', 'beta', 'alpha', 'next', 'live', 'before', 'after',
]);
/** A variable whose name says it may hold a whole reference, tag included (`$IMAGE`, `${TAG}`): undecidable. */
const REFERENCE_VARIABLE = /image|tag|version|ref|sha|digest|release/i;
const IMAGE_TOOLS = new Set(['docker', 'podman', 'buildah', 'nerdctl']);
/** Flags of `docker service create` that take a value, so the value is not taken for the image. */
const SERVICE_CREATE_VALUED = ['--name', '--replicas', '-p', '--publish', '-e', '--env', '--network', '--mode', '--mount', '--secret', '--label', '-l', '--constraint'];
/**
 * Stands in for the spaces inside a GitHub expression (`${{ env.IMAGE }}`) while a line is split
 * into words, so the expression stays one word; a zero-width space is no shell separator.
 */
const EXPRESSION_SPACE = '\u200b';
/** What may stand before a command on a line: Makefile recipe prefixes, YAML list dashes and `run:` keys, `sudo`. */
const LINE_PREFIX = /^(?:[@+-]+|-?run:|-?script:|sudo|[|>]-?)$/;
/** A script or CI file whose name says it releases: its `docker compose up` is a deploy, not a test run. */
const DEPLOY_NAME = /(?:^|[.\-_])(?:deploy|deployment|release|prod|production|publish|cd)(?:[.\-_]|$)/i;
/** Deploy steps that rewrite a manifest's image before applying it: its written tag is not what runs. */
const TAG_REWRITE = /set image|kustomize edit|\bsed\b|envsubst|\byq\b|skaffold|helm/;

/** One spelling per image name: `${X}` as `$X`, spaces inside `${{ }}` dropped, Docker Hub's implicit prefix removed. */
function imageKey(name: string): string {
  return name
    .replaceAll(EXPRESSION_SPACE, '')
    .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, '$$$1')
    .replace(/\{\{\s*([^}]*?)\s*\}\}/g, '{{$1}}')
    .replace(/^(?:docker\.io|index\.docker\.io)\/(?:library\/)?/, '')
    .toLowerCase();
}

/**
 * Whether the tag written cannot be told from the reference: the whole reference is a variable, or
 * its last segment is one that may carry a tag (`gcr.io/p/$IMAGE`).
 */
function isUndecidable(reference: string): boolean {
  if (reference.replace(IMAGE_VARIABLE, '').trim() === '') return true;
  const { name, tag } = parseImageReference(reference);
  const last = name.slice(name.lastIndexOf('/') + 1);
  return tag === undefined && last.replace(IMAGE_VARIABLE, '') === '' && REFERENCE_VARIABLE.test(last);
}

/** A registry on this machine (`localhost:5000/app`, a kind cluster's): a test run's image, not a release. */
function isLocalRegistry(name: string): boolean {
  return /^(?:localhost|127\.0\.0\.1|kind-registry)(?::\d+)?\//.test(name);
}

/** A tag that names one release: a commit, version, date or build number, or a value filled in per build. */
function isIdentifyingTag(tag: string): boolean {
  if (tag.replace(IMAGE_VARIABLE, '') !== tag) return true;
  const words = tag.toLowerCase().split(/[-_.+]/);
  return /\d/.test(tag) && !words.some((word) => MOVING_WORDS.has(word));
}

/** A reference pinned to one release: a digest, or an identifying tag. */
function isIdentifying(reference: ImageReference): boolean {
  return reference.digest !== undefined || (reference.tag !== undefined && isIdentifyingTag(reference.tag));
}

/** A reference that ships the moving `latest`: no tag at all, or `:latest` itself. */
function isLatest(reference: ImageReference): boolean {
  return reference.digest === undefined && (reference.tag === undefined || reference.tag.toLowerCase() === 'latest');
}

// ---------------------------------------------------------------------------------------------
// Commands: what a script, Makefile, package.json script or CI step tags, pushes and deploys.

type UseKind = 'tag' | 'push' | 'deploy' | 'cache';

interface ImageUse {
  kind: UseKind;
  reference: string;
  /** `docker push --all-tags`: every tag the same place gave the name. */
  allTags?: boolean;
  line: number;
  column: number;
}

interface CommandSite {
  words: string[];
  /** Where a word of the command sits in the file. */
  position(word: string): { line: number; column: number };
}

/** `--flag value` and `--flag=value` values of the named flags. */
function flagValues(words: readonly string[], names: readonly string[]): string[] {
  return words.flatMap((word, index) => {
    if (names.includes(word)) return words[index + 1] === undefined ? [] : [words[index + 1]!];
    const name = names.find((candidate) => candidate.startsWith('--') && word.startsWith(`${candidate}=`));
    return name ? [word.slice(name.length + 1)] : [];
  });
}

/** `-t x`, `--tag x`, `--tag=x`, `-tx` of an image build. */
function buildTags(words: readonly string[]): string[] {
  return [...flagValues(words, ['-t', '--tag']), ...words.filter((word) => /^-t[^-=]/.test(word)).map((word) => word.slice(2))];
}

/** `--cache-from app:latest` or `--cache-from type=registry,ref=app:latest`: an image kept as a build cache, not a release. */
function cacheSources(words: readonly string[]): string[] {
  return flagValues(words, ['--cache-from']).map((value) => /(?:^|,)ref=([^,]+)/.exec(value)?.[1] ?? value);
}

/** Words after the verb that are not flags (nor values of the valued flags given). */
function positionals(words: readonly string[], valued: readonly string[] = []): string[] {
  const kept: string[] = [];
  for (let index = 0; index < words.length; index += 1) {
    const word = words[index]!;
    if (valued.includes(word)) index += 1;
    else if (!word.startsWith('-')) kept.push(word);
  }
  return kept;
}

/** The images one command tags, pushes or deploys. */
function commandUses(words: readonly string[]): { kind: UseKind; reference: string; allTags?: boolean }[] {
  const [program = '', verb, next] = words;
  if (IMAGE_TOOLS.has(program)) {
    const grouped = verb === 'image' || verb === 'buildx';
    const action = grouped ? next : verb;
    const args = words.slice(grouped ? 3 : 2);
    if (action === 'build' || action === 'bud') {
      const pushes = args.includes('--push') || flagValues(args, ['--output', '-o']).some((output) => /type=registry|push=true/.test(output));
      return [
        ...buildTags(args).flatMap((reference) => [{ kind: 'tag' as const, reference }, ...(pushes ? [{ kind: 'push' as const, reference }] : [])]),
        ...cacheSources(args).map((reference) => ({ kind: 'cache' as const, reference })),
      ];
    }
    if (action === 'tag') return positionals(args).map((reference) => ({ kind: 'tag' as const, reference }));
    if (action === 'push') {
      const allTags = args.includes('-a') || args.includes('--all-tags');
      return positionals(args).slice(0, 1).map((reference) => ({ kind: 'push' as const, reference, ...(allTags ? { allTags } : {}) }));
    }
    if (action === 'service' && (next === 'update' || next === 'create')) {
      const created = next === 'create' ? positionals(words.slice(3), SERVICE_CREATE_VALUED).slice(0, 1) : [];
      return [...flagValues(words, ['--image']), ...created].map((reference) => ({ kind: 'deploy' as const, reference }));
    }
    return [];
  }
  // `gcloud builds submit --tag gcr.io/p/app`: Cloud Build builds and pushes the image.
  if (program === 'gcloud' && verb === 'builds' && next === 'submit') return flagValues(words, ['--tag', '-t']).map((reference) => ({ kind: 'push' as const, reference }));
  const deployImages =
    program === 'gcloud' ? flagValues(words, ['--image', '--image-url'])
    : program === 'kubectl' && verb === 'set' && next === 'image' ? positionals(words.slice(3)).slice(1).flatMap((word) => (word.includes('=') ? [word.slice(word.indexOf('=') + 1)] : []))
    : program === 'kubectl' && verb === 'run' ? flagValues(words, ['--image'])
    : program === 'az' ? flagValues(words, ['--image', '--docker-custom-image-name', '--container-image-name'])
    : program === 'fly' || program === 'flyctl' ? flagValues(words, ['--image', '-i'])
    : [];
  return deployImages.map((reference) => ({ kind: 'deploy' as const, reference }));
}

/** Commands that put a release in front of users: the same place deploying makes latest-only a real coupling. */
function deploys(words: readonly string[]): boolean {
  const [program = '', verb, next] = words;
  if (program === 'ssh' || program === 'kubectl' || program === 'helm') return true;
  if (program === 'gcloud') return words.includes('deploy') || (verb === 'run' && next === 'services');
  if (IMAGE_TOOLS.has(program)) return (verb === 'stack' && next === 'deploy') || (verb === 'service' && (next === 'update' || next === 'create'));
  if (program === 'heroku') return verb === 'container:release';
  if (program === 'fly' || program === 'flyctl') return verb === 'deploy';
  if (program === 'az') return verb === 'containerapp' || verb === 'webapp';
  if (program === 'aws') return verb === 'ecs' && next === 'update-service';
  return false;
}

/** The words of the command a line runs, the line's own prefixes (`- run:`, `@`, `sudo`) and launchers seen through. */
function commandWords(words: readonly string[]): string[] {
  const start = words.findIndex((word) => !LINE_PREFIX.test(word));
  return start === -1 ? [] : programWords(words.slice(start));
}

/**
 * The commands of a text read as lines (backslash continuations joined), each able to place its
 * words: shell scripts, Makefiles, CI files. A line is parsed on its own, so a stray quote in a YAML
 * value cannot swallow the rest of the file.
 */
function textCommands(text: string): CommandSite[] {
  const lines = linesOf(text);
  const sites: CommandSite[] = [];
  for (let index = 0; index < lines.length; index += 1) {
    const first = lines[index]!;
    let end = index;
    while (lines[end]!.text.endsWith('\\') && end + 1 < lines.length) end += 1;
    const logical = text
      .slice(first.offset, lines[end]!.offset + lines[end]!.text.length)
      .replace(/\$\{\{[^}]*\}\}/g, (expression) => expression.replace(/ /g, EXPRESSION_SPACE));
    for (const command of parseShell(logical)) {
      const words = commandWords(command.words);
      if (words.length === 0) continue;
      sites.push({
        words,
        position: (word) => {
          const found = logical.indexOf(word, command.offset);
          return positionAt(text, first.offset + (found === -1 ? command.offset : found));
        },
      });
    }
    index = end;
  }
  return sites;
}

/** The commands of each package.json script, placed at the script's name. */
function packageScriptCommands(text: string, packageJson: PackageJson | undefined): CommandSite[] {
  return Object.entries(scriptsOf(packageJson)).flatMap(([name, script]) => {
    const position = scriptPosition(text, name);
    return parseShell(script).map((command) => ({ words: commandWords(command.words), position: () => position }));
  });
}

function commandSites(context: Context, path: string): CommandSite[] {
  const text = context.text(path) ?? '';
  return posix.basename(path) === 'package.json' ? packageScriptCommands(text, context.json(path) as PackageJson | undefined) : textCommands(text);
}

interface Release {
  use: ImageUse;
  deploysHere: boolean;
}

/**
 * The images one file pushes or deploys only as `latest`: nothing in the same file tags the same
 * name with a commit, version or build number, and the name is not a build cache (`--cache-from`).
 * A push is left alone when another script or workflow of the repository releases the same image
 * under a unique tag (`latest` is then the newest of identified releases); a deploy by `latest` is
 * not. Each name is reported once, at its first push or deploy.
 */
function latestOnlyReleases(sites: readonly CommandSite[], identified: ReadonlySet<string>): Release[] {
  const uses: ImageUse[] = sites.flatMap((site) =>
    commandUses(site.words)
      .filter((use) => !isUndecidable(use.reference) && !isLocalRegistry(use.reference))
      .map((use) => ({ ...use, ...site.position(use.reference) })),
  );
  const deploysHere = sites.some((site) => deploys(site.words));
  const byName = new Map<string, ImageUse[]>();
  for (const use of uses) {
    const key = imageKey(parseImageReference(use.reference).name);
    byName.set(key, [...(byName.get(key) ?? []), use]);
  }
  return [...byName].flatMap(([name, named]) => {
    const released = named.filter((use) => use.kind === 'push' || use.kind === 'deploy');
    const first = identified.has(name) ? released.find((use) => use.kind === 'deploy') : released[0];
    if (!first || named.some((use) => use.kind === 'cache')) return [];
    if (named.some((use) => use.kind !== 'cache' && isIdentifying(parseImageReference(use.reference)))) return [];
    if (released.some((use) => use.allTags) && named.every((use) => use.kind !== 'tag')) return [];
    if (!released.some((use) => use.allTags || isLatest(parseImageReference(use.reference)))) return [];
    return [{ use: first, deploysHere: deploysHere || first.kind === 'deploy' }];
  });
}

// ---------------------------------------------------------------------------------------------
// GitHub workflow steps that publish images: docker/build-push-action `tags:`, docker/metadata-action
// (or a reusable docker-build workflow) tag rules.

interface WorkflowCall {
  uses: string;
  inputs: Record<string, unknown>;
  job: string;
  /** The key path of the `with:` block, for placing its lines. */
  path: string[];
}

/** Every job-level (reusable workflow) and step-level `uses:` of a workflow with its `with:` inputs. */
function workflowCalls(document: unknown): WorkflowCall[] {
  return Object.entries(asRecord(asRecord(document).jobs)).flatMap(([job, value]) => {
    const definition = asRecord(value);
    const own = typeof definition.uses === 'string' ? [{ uses: definition.uses, inputs: asRecord(definition.with), job, path: ['jobs', job, 'with'] }] : [];
    const steps = Array.isArray(definition.steps) ? definition.steps : [];
    const called = steps.flatMap((step) => {
      const { uses, with: inputs } = asRecord(step);
      return typeof uses === 'string' ? [{ uses, inputs: asRecord(inputs), job, path: ['jobs', job, 'steps', 'with'] }] : [];
    });
    return [...own, ...called];
  });
}

const isImagePublisher = (uses: string): boolean => /docker|image|container/i.test(uses);
const TAG_INPUT = /^(?:tags|tag-rules|tag_rules)$/;

/** The lines of a block-scalar or one-line input value, in the text, from the input's key on. */
function inputLines(text: string, key: string, after: number): { line: number; text: string }[] {
  const lines = linesOf(text);
  const start = lines.findIndex((line) => line.line > after && new RegExp(`^\\s*${key}\\s*:`).test(line.text));
  if (start === -1) return [];
  const indent = /^\s*/.exec(lines[start]!.text)![0].length;
  const block = [lines[start]!];
  for (const line of lines.slice(start + 1)) {
    if (line.text.trim() !== '' && /^\s*/.exec(line.text)![0].length <= indent) break;
    block.push(line);
  }
  return block;
}

/**
 * docker/metadata-action tag rules that identify a release: `type=sha`, `type=semver`,
 * `type=pep440`, `type=match`, `type=ref,event=tag`, or a `type=raw` value that is filled in per
 * build or is a version.
 */
function isIdentifyingRule(rule: string): boolean {
  const fields = new Map(rule.split(',').map((field) => field.trim().split('=', 2) as [string, string?]).map(([key, value]) => [key, value ?? ''] as const));
  const type = fields.get('type') ?? 'raw';
  if (['sha', 'semver', 'pep440', 'match'].includes(type)) return true;
  if (type === 'ref') return fields.get('event') === 'tag';
  if (type === 'schedule') return (fields.get('pattern') ?? '').includes('date');
  if (type === 'raw') return isIdentifyingTag(fields.get('value') ?? '');
  return false;
}

/** The tag a metadata-action rule gives, for messages: `latest`, `pr-<number>`, `<branch>`. */
function ruleTag(rule: string): string {
  const value = /(?:^|,)\s*value=([^,]+)/.exec(rule)?.[1];
  if (value !== undefined) return value;
  const event = /(?:^|,)\s*event=(\w+)/.exec(rule)?.[1];
  return event === 'pr' ? 'pr-<number>' : event === 'branch' ? '<branch>' : (/type=(\w+)/.exec(rule)?.[1] ?? rule);
}

interface PublishedTags {
  line: number;
  column: number;
  image: string;
  tags: string;
}

/** Whether a build-push-action step pushes: `push: true`, an expression, or v1's default. */
function pushes(inputs: Record<string, unknown>): boolean {
  if (inputs.push === undefined) return inputs.repository !== undefined;
  return inputs.push === true || (typeof inputs.push === 'string' && inputs.push !== 'false');
}

/**
 * The references of a `tags:` value, newline- or comma-separated, each GitHub expression kept whole.
 * A reference that is one variable says nothing about its tag and is left out, unless it is only an
 * image name (metadata-action `images: ${{ env.IMAGE }}`, whose tags its rules give).
 */
function splitReferences(value: string, namesOnly = false): string[] {
  return value
    .replace(/\$\{\{[^}]*\}\}/g, (expression) => expression.replace(/\s+/g, ''))
    .split(/[\s,]+/)
    .filter((reference) => reference !== '' && (namesOnly || !isUndecidable(reference)));
}

const isBuildPush = (call: WorkflowCall): boolean => call.uses.startsWith('docker/build-push-action');

/** The tag rules of a metadata-action (or a reusable docker build's `tag-rules:`); undefined when it gives plain references. */
function tagRules(call: WorkflowCall): string[] | undefined {
  const key = Object.keys(call.inputs).find((input) => TAG_INPUT.test(input));
  const value = key === undefined ? undefined : call.inputs[key];
  if (isBuildPush(call) || (typeof value === 'string' && !/\btype=/.test(value))) return undefined;
  return typeof value === 'string' ? value.split('\n').map((rule) => rule.trim()).filter((rule) => rule !== '') : [];
}

/** The image names a publishing call names: build-push-action `tags:` (v1 `repository:`), else `images:` / `image-names:`. */
function calledImages(call: WorkflowCall): ImageReference[] {
  const keys = isBuildPush(call) ? ['tags', 'repository'] : ['images', 'image-names', 'image_names'];
  return keys.flatMap((key) => {
    const value = call.inputs[key];
    return typeof value === 'string' ? splitReferences(value, !isBuildPush(call)).filter((reference) => !reference.includes('=')).map(parseImageReference) : [];
  });
}

/**
 * Whether a call publishes an image under a unique tag: a build-push-action tag that identifies a
 * release (or v1's `tag_with_sha` / `tag_with_ref`), or metadata tag rules that do (its defaults,
 * with no rules written, include `type=ref,event=tag`).
 */
function publishesIdentified(call: WorkflowCall, reference: ImageReference): boolean {
  if (isBuildPush(call)) return isIdentifying(reference) || call.inputs.tag_with_sha === true || call.inputs.tag_with_ref === true;
  const rules = tagRules(call);
  return rules !== undefined && (rules.length === 0 || rules.some(isIdentifyingRule));
}

/**
 * What a workflow publishes only as `latest`: a build-push-action whose `tags:` name an image only
 * as `latest`, or tag rules (`tags:` of metadata-action, `tag-rules:` of a reusable docker build)
 * that give only fixed tags, `latest` among them. Tags filled in by an expression are not judged,
 * nor images another workflow or script releases under a unique tag.
 */
function latestOnlyTagInputs(text: string, document: unknown, identified: ReadonlySet<string>): PublishedTags[] {
  const calls = workflowCalls(document).filter((call) => isImagePublisher(call.uses));
  const jobPushes = (job: string): boolean => calls.some((call) => call.job === job && isBuildPush(call) && pushes(call.inputs));
  const elsewhere = (reference: ImageReference): boolean => identified.has(imageKey(reference.name));
  let searchedTo = 0;
  return calls.flatMap((call): PublishedTags[] => {
    const key = Object.keys(call.inputs).find((input) => TAG_INPUT.test(input));
    if (key === undefined || typeof call.inputs[key] !== 'string') return [];
    const lines = inputLines(text, key, searchedTo);
    searchedTo = lines[0]?.line ?? searchedTo;
    const at = (pattern: RegExp): { line: number; column: number } => {
      const line = lines.find((candidate) => pattern.test(candidate.text)) ?? lines[0];
      return { line: line?.line ?? 1, column: Math.max((line?.text.search(pattern) ?? 0) + 1, 1) };
    };
    const images = calledImages(call);
    const rules = tagRules(call);
    if (rules !== undefined) {
      const latest = rules.some((rule) => /(?:^|,)\s*value=latest\s*(?:,|$)/.test(rule));
      const publishes = call.uses.startsWith('docker/metadata-action') ? jobPushes(call.job) : true;
      if (!latest || !publishes || rules.some(isIdentifyingRule) || (images.length > 0 && images.every(elsewhere))) return [];
      return [{ ...at(/value=latest/), image: images[0]?.name ?? 'the image', tags: rules.map(ruleTag).join(', ') }];
    }
    if (!isBuildPush(call) || !pushes(call.inputs)) return [];
    const names = [...new Set(images.map((reference) => reference.name))].filter((name) => !isLocalRegistry(name));
    return names.flatMap((name) => {
      const tagsOfName = images.filter((reference) => reference.name === name);
      if (!tagsOfName.some(isLatest) || tagsOfName.some((reference) => publishesIdentified(call, reference) || elsewhere(reference))) return [];
      const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return [{ ...at(new RegExp(`${escaped}(?::latest)?(?![\\w:./-])`)), image: name, tags: tagsOfName.map((reference) => reference.tag ?? 'latest').join(', ') }];
    });
  });
}

/** What the repository's scripts and workflows do with its images, by name. */
interface RepositoryImages {
  /** Names its scripts push or its workflows publish: its releases. */
  published: Set<string>;
  /** Names some script or workflow tags with a commit, version or build number. */
  identified: Set<string>;
}

/**
 * The images the repository releases, and those it releases under a unique tag somewhere. An image
 * only built locally (`docker build -t app .` then `docker compose up`) is run where it was built,
 * not released, so a compose file naming it is no deploy. Names still holding a variable cannot be
 * matched across files and are left out.
 */
function repositoryImages(context: Context): RepositoryImages {
  const files = context.repo.files.filter((file) => (file.role === 'config' || file.role === 'source') && isCommandFile(context, file));
  const uses = files
    .flatMap((file) => commandSites(context, file.path).flatMap((site) => commandUses(site.words)))
    .filter((use) => use.kind !== 'cache' && !isUndecidable(use.reference))
    .map((use) => ({ kind: use.kind, reference: parseImageReference(use.reference) }));
  const calls = context.app.ciFiles
    .filter((path) => /\.ya?ml$/.test(path))
    .flatMap((path) => workflowCalls(context.yaml(path)))
    .filter((call) => isImagePublisher(call.uses))
    .flatMap((call) => calledImages(call).map((reference) => ({ reference, identified: publishesIdentified(call, reference) })));
  const names = (references: ImageReference[], spelled = false): Set<string> =>
    new Set(references.map((reference) => imageKey(reference.name)).filter((name) => spelled || !/[$`{}]/.test(name)));
  return {
    published: names([...uses.filter((use) => use.kind === 'push').map((use) => use.reference), ...calls.map((call) => call.reference)]),
    // A name spelled by the same variable in two workflows (`${{ env.IMAGE_REPOSITORY }}` in the rolling
    // and the release workflow) is taken for the same image: that only spares the rolling one a finding.
    identified: new Set([
      ...names(uses.filter((use) => isIdentifying(use.reference)).map((use) => use.reference)),
      ...names(calls.filter((call) => call.identified).map((call) => call.reference), true),
    ]),
  };
}

// ---------------------------------------------------------------------------------------------
// Deploy manifests that run the repository's own image by `latest`.

/** The `image:` line of a YAML text holding `image` from line `from` on (where unpinned-base-image places it too). */
function imagePosition(text: string, image: string, from: number): { line: number; column: number } | undefined {
  return imageLines(text).find((line) => line.line >= from && line.value === image);
}

/** Whether a deploy step rewrites the image's tag before applying the manifest (`kubectl set image`, `sed`, skaffold). */
function isTagSetAtDeploy(context: Context, name: string): boolean {
  return context.repo.files
    .filter((file) => isCommandFile(context, file) || /(?:^|\/)skaffold\.ya?ml$/.test(file.path))
    .some((file) => {
      const text = context.text(file.path) ?? '';
      return TAG_REWRITE.test(text) && text.toLowerCase().includes(name);
    });
}

/**
 * Compose files a deploy script or workflow brings up: `docker compose -f a.yml -f b.yml up` in a
 * file whose name says it deploys or releases (`deploy.sh`, `.github/workflows/deploy.yml`), or the
 * default compose file there when no `-f` is given.
 */
function deployedComposeFiles(context: Context): Set<string> {
  const files = context.repo.files.filter((file) => (file.role === 'config' || file.role === 'source') && isCommandFile(context, file) && DEPLOY_NAME.test(posix.basename(file.path).replace(/\.[^.]+$/, '')));
  return new Set(
    files.flatMap((file) =>
      commandSites(context, file.path).flatMap((site) => {
        const [program, verb] = site.words;
        const args = program === 'docker' && verb === 'compose' ? site.words.slice(2) : program === 'docker-compose' ? site.words.slice(1) : undefined;
        if (args === undefined || !positionals(args, ['-f', '--file', '-p', '--project-name', '--env-file']).includes('up')) return [];
        const named = flagValues(args, ['-f', '--file']);
        return named.length > 0 ? named.map((path) => posix.normalize(path.replace(/^\.\//, ''))) : ['compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];
      }),
    ),
  );
}

interface ManifestImage {
  image: string;
  where: string;
}

/**
 * The own images a compose file or Swarm stack runs by `latest`: published images of services
 * without `build:` (they pull a release), and images of services with `build:` when the file is what
 * production brings up.
 */
function composeReleaseImages(context: Context, path: string, published: ReadonlySet<string>, deployed: ReadonlySet<string>): ManifestImage[] {
  const services = asRecord(asRecord(context.yaml(path)).services);
  const isDeployed = STACK_FILE.test(posix.basename(path)) || isProductionComposeFile(path) || deployed.has(path);
  const buildsOwnImages = context.repo.files.some((file) => file.language === 'dockerfile' && file.role === 'config');
  return Object.entries(services).flatMap(([name, value]) => {
    const { image, build } = asRecord(value);
    if (typeof image !== 'string' || (build !== undefined && !isDeployed)) return [];
    // `image: shop-prod:latest` with no build, in a file a deployed environment runs: the app's image built by
    // hand on the server from the repository's Dockerfile (no registry holds such a name), run by `latest`.
    const builtByHand = build === undefined && buildsOwnImages && isUnpublishableOwnImage(image) && (isDeployed || isDeployedEnvironmentFile(path));
    const isOwn = build !== undefined || builtByHand || published.has(imageKey(parseImageReference(image).name));
    return isOwn ? [{ image, where: `service ${name}` }] : [];
  });
}

/** `docker-compose.staging.yml`, `compose.uat.yaml`: a compose file named for a deployed environment other than production. */
function isDeployedEnvironmentFile(path: string): boolean {
  const variant = composeVariant(path);
  return variant !== undefined && variant.toLowerCase().split(/[.\-_]/).some((word) => DEPLOYED_ENVIRONMENTS.has(word));
}

function reportScriptReleases(context: Context, path: string, images: RepositoryImages): void {
  for (const { use, deploysHere } of latestOnlyReleases(commandSites(context, path), images.identified)) {
    context.report({
      messageId: use.kind === 'deploy' ? 'deployed' : 'pushed',
      data: { image: use.reference.replaceAll(EXPRESSION_SPACE, ' '), tag: parseImageReference(use.reference).tag ?? 'latest (no tag)' },
      file: path,
      line: use.line,
      column: use.column,
      ...(deploysHere ? {} : { severity: 'note' as const }),
    });
  }
}

function reportPublishedTags(context: Context, path: string, images: RepositoryImages): void {
  for (const { image, tags, line, column } of latestOnlyTagInputs(context.text(path) ?? '', context.yaml(path), images.identified)) {
    context.report({ messageId: 'publishedTags', data: { image, tags }, file: path, line, column, severity: 'note' });
  }
}

function reportManifests(context: Context, paths: readonly string[], { published }: RepositoryImages): void {
  if (paths.length === 0) return;
  const deployed = deployedComposeFiles(context);
  // An image named for the app (`…/orders-api:latest` in the orders app's manifests) is its release, whatever
  // pushes it (Pulumi, Terraform, a pipeline outside the repository).
  const appNames = [context.app.name, posix.basename(context.repo.root)];
  const isReleased = (image: string): boolean => {
    const name = imageKey(parseImageReference(image).name);
    return (published.has(name) || isNamedForApp(image, appNames)) && !isTagSetAtDeploy(context, name);
  };
  for (const path of paths) {
    const images =
      isComposeFile(path) || STACK_FILE.test(posix.basename(path)) ? composeReleaseImages(context, path, published, deployed)
      : isKubernetesManifest(context, path) ? workloadImages(context.yamlAll(path)).filter(({ image }) => isReleased(image))
      : [];
    const text = context.text(path) ?? '';
    let from = 1;
    for (const { image, where } of images) {
      if (isUndecidable(image) || /[$`]|\{\{/.test(image) || !isLatest(parseImageReference(image))) continue;
      const position = imagePosition(text, image, from) ?? { line: 1, column: 1 };
      from = position.line + 1;
      context.report({ messageId: 'manifest', data: { image, where }, file: path, ...position, severity: 'note' });
    }
  }
}

export const latestOnlyRelease = defineRule<MessageId>({
  id: 'build-release-run/latest-only-release',
  factor: 'build-release-run',
  // Medium where the same place deploys the release; every other finding is reported low (note).
  defaultSeverity: 'warning',
  title: 'Latest-only release',
  description:
    'Finds scripts, Makefiles and CI steps that push or deploy the app\'s image only as `latest` (or with no tag), and deploy manifests that run the repository\'s own image by `latest`.',
  fix: 'Tag every release with something unique (the commit SHA, a version or build number: `-t app:$GITHUB_SHA`), push that tag, and deploy by it; `latest` may be pushed in addition.',
  messages: {
    pushed: '`{{image}}` is pushed only as `{{tag}}`: no commit, version or build tag identifies the release, so a deploy cannot pin it or roll back to it',
    deployed: '`{{image}}` is deployed by `{{tag}}`: no commit, version or build tag identifies the release, so it cannot be pinned or rolled back',
    publishedTags: '`{{image}}` is published only with the fixed tags {{tags}}: no commit, version or build tag identifies the release, so a deploy cannot pin it or roll back to it',
    manifest: '{{where}} runs the repository\'s own image `{{image}}` by `latest`: the deploy cannot name the release it runs, nor roll back to one',
  },
  triggers: ['docker', 'podman', 'buildah', 'nerdctl', 'gcloud', 'kubectl', 'flyctl', 'fly deploy', 'az ', 'image:', 'tags:', 'tag-rules:'],
  supersedes: ['build-release-run/unpinned-base-image'],
  appliesTo: (app) =>
    app.dockerfiles.length > 0 || app.composeFiles.length > 0 || app.ciFiles.length > 0
      ? true
      : 'no Dockerfile, compose file or CI pipeline: the app ships no container image',
  check(context) {
    const candidates = context.candidates((file) => (file.role === 'config' || file.role === 'source') && !isDevelopmentFile(file.path));
    if (candidates.length === 0) return;
    const images = repositoryImages(context);
    for (const file of candidates.filter((candidate) => isCommandFile(context, candidate))) {
      reportScriptReleases(context, file.path, images);
      if (context.app.ciFiles.includes(file.path) && /\.ya?ml$/.test(file.path)) reportPublishedTags(context, file.path, images);
    }
    const manifests = candidates.filter((file) => !isCommandFile(context, file) && /\.ya?ml$/.test(file.path));
    reportManifests(context, manifests.map((file) => file.path), images);
  },
});
