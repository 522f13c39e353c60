import {
  asRecord,
  defineRule,
  dockerSpan,
  type ImageLine,
  imageLines,
  isBackingServicesStack,
  isCommandFile,
  isComposeFile,
  isDevelopmentFile,
  isKubernetesManifest,
  isRegistryImage,
  locallyBuiltImages,
  parseImageReference,
  stagesOf,
  workloadImages,
} from '../../src/rule-kit/index.js';
import { composeDocument } from '../../src/rule-kit/compose.js';
import type { RuleContext } from '../../src/types.js';
import { isUnpublishableOwnImage } from './_own-images.js';

type MessageId = 'noTag' | 'floatingTag' | 'digestPin';

/** Tag words that move to a new release without the tag changing. */
const FLOATING_WORDS = new Set([
  'latest', 'lts', 'current', 'stable', 'mainline', 'edge', 'nightly', 'canary', 'beta', 'alpha', 'next', 'rolling',
  'sid', 'unstable', 'testing', 'main', 'master', 'dev', 'develop', 'release', 'rc', 'preview', 'insiders',
]);
/**
 * Release codenames name one major version (`debian:bookworm-slim` is as pinned as `node:20`):
 * Debian, Ubuntu and Node.js LTS lines.
 */
const CODENAMES = new Set([
  'jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'xenial', 'bionic', 'focal', 'jammy', 'noble',
  'argon', 'boron', 'carbon', 'dubnium', 'erbium', 'fermium', 'gallium', 'hydrogen', 'iron', 'jod',
]);

/**
 * Official images of a language runtime, whose tags lead with the runtime's version (`python:3.12-alpine`,
 * `node:20-bookworm`): a tag that names only the operating system (`python:alpine3.14`,
 * `node:bookworm-slim`, `golang:bookworm`) pins the OS and lets the runtime float.
 */
const RUNTIME_IMAGE = /^(?:(?:docker\.io\/)?(?:library\/)?)(?:node|python|pypy|golang|ruby|php|openjdk|eclipse-temurin|amazoncorretto|rust|elixir|erlang|perl|dart|swift|bun|denoland\/deno)$/;
const NODE_LTS_CODENAMES = /^(?:argon|boron|carbon|dubnium|erbium|fermium|gallium|hydrogen|iron|jod)(?:$|[-_.])/;
/** A full release version leading the tag: major, minor and patch (`0.18.4-beta`, `v1.2.3-rc.1`, `2.0.0-alpine3.19`). */
const FULL_VERSION = /^v?\d+\.\d+\.\d+(?:$|[-_.+])/;
/**
 * Pre-release stages: after a full version they name one pre-release of it (`0.18.4-beta`,
 * `1.2.3-rc.1`); alone or after a partial version (`beta`, `3.13-rc`) they follow the newest one.
 */
const PRE_RELEASE_STAGES = new Set(['alpha', 'beta', 'rc', 'preview']);

/**
 * An operating system release written into the image's name (`gcr.io/distroless/static-debian12`,
 * `ubi9/ubi-minimal`): the name pins the release, so a tag that only picks a variant (`nonroot`,
 * `debug`) moves no further than a major-only version tag would.
 */
const RELEASE_IN_NAME = /(?:^|[-_/])(?:debian|ubuntu|alpine|ubi|centos|rhel|fedora|rockylinux|almalinux|amazonlinux|el)\d+(?:\.\d+)?(?:$|[-_/])/;

/** Whether a tag names a release (`20.11-alpine`, `bookworm-slim`) rather than a moving target (`lts`, `alpine`). */
export function isFloatingTag(tag: string, name = ''): boolean {
  // MinIO's `RELEASE.2024-12-18T13-15-44Z`: the word, then the build's date and time.
  if (/^RELEASE\.\d{4}-\d{2}-\d{2}T/.test(tag)) return false;
  const words = tag.toLowerCase().split(/[-_.]/);
  const namesOneRelease = FULL_VERSION.test(tag);
  if (words.some((word) => FLOATING_WORDS.has(word) && !(namesOneRelease && PRE_RELEASE_STAGES.has(word)))) return true;
  if (RELEASE_IN_NAME.test(name.toLowerCase())) return false;
  if (RUNTIME_IMAGE.test(name) && !/^v?\d/.test(tag) && !NODE_LTS_CODENAMES.test(tag.toLowerCase())) return true;
  return !/\d/.test(tag) && !words.some((word) => CODENAMES.has(word));
}

type Verdict = { messageId: MessageId; tag: string } | undefined;

function judge(reference: string, requireDigest: boolean): Verdict {
  const image = parseImageReference(reference);
  if (image.digest) return undefined;
  if (image.tag === undefined) return { messageId: 'noTag', tag: 'latest' };
  if (isFloatingTag(image.tag, image.name)) return { messageId: 'floatingTag', tag: image.tag };
  return requireDigest ? { messageId: 'digestPin', tag: image.tag } : undefined;
}

/** A reference still holding `${VAR}` / `$VAR` is decided at deploy time; it cannot be judged here. */
function hasVariable(reference: string): boolean {
  return reference.includes('$') || reference.includes('{{');
}

type Reporter = (path: string, reference: string, where: string, position: { line: number; column: number }) => void;

function reportYamlImages(context: RuleContext<MessageId>, path: string, images: { image: string; where: string }[], report: Reporter): void {
  const lines = imageLines(context.text(path) ?? '');
  const used = new Set<ImageLine>();
  for (const { image, where } of images) {
    const line = lines.find((candidate) => !used.has(candidate) && candidate.value === image);
    if (line) used.add(line);
    report(path, image, where, line ?? { line: 1, column: 1 });
  }
}

/** Bake files: HCL (`docker-bake.hcl`, any `*.hcl` with a `target` block) and JSON (`docker-bake.json`). */
const BAKE_FILE = /(?:\.hcl|(?:^|\/)docker-bake(?:\.override)?\.json)$/;
/** `contexts = { base = "target:base", "alpine:3" = "docker-image://…" }` in a bake target. */
const BAKE_CONTEXTS = /\bcontexts\s*=\s*\{([^}]*)\}/g;
const BAKE_CONTEXT_KEY = /(?:^|[\s,{])"?([\w./:@-]+)"?\s*=/g;
/** `--build-context base=../base`, and the lines of build-push-action's `build-contexts:` (`base=docker-image://…`). */
const CLI_BUILD_CONTEXT = /--build-context[=\s]+["']?([\w./:@-]+)=/g;
const ACTION_BUILD_CONTEXTS = /^([ \t]*)build-contexts\s*:\s*[|>]-?\s*\n((?:\1[ \t]+\S.*\n?)+)/gm;

/**
 * Names the build supplies as named contexts (buildx bake `contexts`, compose `additional_contexts`,
 * `docker build --build-context`, build-push-action `build-contexts`): a `FROM base` naming one is
 * the repository's own build output or a source fixed where the context is declared, never a
 * registry pull, so its missing tag says nothing.
 */
function namedBuildContexts(context: RuleContext<MessageId>, commandTexts: () => string[]): Set<string> {
  const names = new Set<string>();
  const add = (name: string): void => void names.add(name.toLowerCase());
  for (const file of context.repo.files) {
    if (file.role === 'vendored') continue;
    if (BAKE_FILE.test(file.path)) {
      const text = context.text(file.path) ?? '';
      if (file.path.endsWith('.json')) {
        for (const target of Object.values(asRecord(asRecord(context.json(file.path)).target))) Object.keys(asRecord(asRecord(target).contexts)).forEach(add);
      } else {
        for (const [, body = ''] of text.matchAll(BAKE_CONTEXTS)) for (const [, key = ''] of body.matchAll(BAKE_CONTEXT_KEY)) add(key);
      }
    } else if (isComposeFile(file.path) || context.app.composeFiles.includes(file.path)) {
      for (const service of Object.values(asRecord(asRecord(context.yaml(file.path)).services))) {
        const contexts = asRecord(asRecord(service).build).additional_contexts;
        if (Array.isArray(contexts)) contexts.forEach((entry) => typeof entry === 'string' && entry.includes('=') && add(entry.slice(0, entry.indexOf('='))));
        else Object.keys(asRecord(contexts)).forEach(add);
      }
    }
  }
  for (const text of commandTexts()) {
    for (const [, name = ''] of text.matchAll(CLI_BUILD_CONTEXT)) add(name);
    for (const [, , body = ''] of text.matchAll(ACTION_BUILD_CONTEXTS)) for (const line of body.split('\n')) if (line.includes('=')) add(line.trim().replace(/^-\s*/, '').split('=')[0] ?? '');
  }
  return names;
}

function checkDockerfile(context: RuleContext<MessageId>, path: string, report: Reporter, namedContexts: () => Set<string>): void {
  const dockerfile = context.dockerfile(path);
  if (!dockerfile) return;
  for (const stage of stagesOf(dockerfile)) {
    if (!isRegistryImage(stage) || !stage.image) continue;
    if (namedContexts().has(stage.image.toLowerCase())) continue;
    const range = stage.from.getImageRange();
    const position = range ? dockerSpan(range) : dockerSpan(stage.from.getRange());
    report(path, stage.image, 'FROM', position);
  }
}

/**
 * Compose services that pull an image: those without `build:`, and those with one whose image a
 * registry holds (`isPublished`), since compose tries the registry first and builds only when no
 * registry has the image, unless `pull_policy` says build or never.
 */
function composeImages(document: unknown, isPublished: (image: string) => boolean, buildsOwnImages: boolean): { image: string; where: string }[] {
  return Object.entries(asRecord(asRecord(document).services)).flatMap(([name, service]) => {
    const { image, build, pull_policy: pullPolicy } = asRecord(service);
    if (typeof image !== 'string') return [];
    if (build !== undefined && (pullPolicy === 'build' || pullPolicy === 'never' || !isPublished(image))) return [];
    // `image: shop-api:latest` with no build: the app's image built by hand from the repository's Dockerfile
    // (no registry holds a name outside the official images without a namespace); latest-only-release judges it.
    if (build === undefined && buildsOwnImages && isUnpublishableOwnImage(image)) return [];
    return [{ image, where: `service ${name}` }];
  });
}

/**
 * Whether a registry holds an image, as far as the repository shows: its scripts or CI name that
 * very reference (an untagged name standing for `latest`) when they push, tag, cache or pull it. A
 * bare name (`shop`, `backend:latest`) never is: Docker Hub's official namespace holds no app of
 * the repository's, so compose builds it.
 */
function isPublishedReference(commandTexts: readonly string[], image: string): boolean {
  const { name, tag = 'latest' } = parseImageReference(image);
  const path = name.replace(/^(?:index\.)?docker\.io\//, '');
  if (!path.includes('/')) return false;
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const written = new RegExp(`(?<![\\w./-])(?:(?:index\\.)?docker\\.io/)?${escape(path)}(?::${escape(tag)})${tag === 'latest' ? '?' : ''}(?![\\w.:/-])`);
  return commandTexts.some((text) => written.test(text));
}

/**
 * An image the pipeline builds and deploys itself: its name appears in a CI file or skaffold.yaml,
 * whose deploy step (`kubectl set image`, Azure/k8s-deploy `images:`, skaffold) writes the tag.
 */
function isSetAtDeploy(context: RuleContext<MessageId>, image: string): boolean {
  const name = parseImageReference(image).name;
  const deployFiles = [...context.app.ciFiles, ...context.files.map((file) => file.path).filter((path) => /(?:^|\/)skaffold\.ya?ml$/.test(path))];
  return deployFiles.some((path) => context.text(path)?.includes(name) ?? false);
}

export const unpinnedBaseImage = defineRule<MessageId>({
  id: 'build-release-run/unpinned-base-image',
  factor: 'build-release-run',
  // A reproducibility risk, usually harmless (LABELLING.md's low): a note, as reviewers weigh it.
  defaultSeverity: 'note',
  title: 'Unpinned base image',
  description:
    'Finds Dockerfile FROM, compose image: and Kubernetes container images without a tag or with a floating tag (latest, lts, alpine, stable).',
  fix: 'Pin a version tag (node:20.11-alpine) or, for byte-identical builds, a digest (node:20.11-alpine@sha256:...).',
  messages: {
    noTag: '{{where}} image `{{image}}` has no tag and pulls `latest`: each build may get a different base',
    floatingTag: '{{where}} image `{{image}}` uses the floating tag `{{tag}}`: each build may get a different base',
    digestPin: '{{where}} image `{{image}}` is pinned by tag only: pin a digest (`@sha256:...`) so rebuilds are byte-identical',
  },
  triggers: ['FROM', 'from', 'image:'],
  defaultOptions: { requireDigest: false },
  appliesTo: (app) =>
    app.dockerfiles.length > 0 || app.composeFiles.length > 0 ? true : 'no Dockerfile or compose file: no images are built or pulled',
  check(context) {
    const requireDigest = context.options.requireDigest === true;
    // `docker build -t api` in a Makefile, script or CI file: `api` is the repository's own image, never pulled.
    const ownImages = new Set([...locallyBuiltImages(context)].map((reference) => parseImageReference(reference).name));
    let texts: string[] | undefined;
    const commandTexts = (): string[] =>
      (texts ??= context.repo.files.filter((file) => (file.role === 'config' || file.role === 'source') && isCommandFile(context, file)).map((file) => context.text(file.path) ?? ''));
    const buildsOwnImages = context.repo.files.some((file) => file.language === 'dockerfile' && file.role === 'config');
    let contexts: Set<string> | undefined;
    const namedContexts = (): Set<string> => (contexts ??= namedBuildContexts(context, commandTexts));
    const report: Reporter = (path, image, where, position) => {
      const verdict = hasVariable(image) || ownImages.has(parseImageReference(image).name) ? undefined : judge(image, requireDigest);
      if (!verdict) return;
      context.report({
        messageId: verdict.messageId,
        data: { image, tag: verdict.tag, where },
        file: path,
        line: position.line,
        column: position.column,
      });
    };
    for (const file of context.candidates((candidate) => (candidate.role === 'config' || candidate.role === 'source') && !isDevelopmentFile(candidate.path))) {
      if (context.app.dockerfiles.includes(file.path)) checkDockerfile(context, file.path, report, namedContexts);
      // podman-compose.yml is a compose file the repository indexer does not list among composeFiles.
      else if (context.app.composeFiles.includes(file.path) || isComposeFile(file.path)) {
        // A stack of backing services only is a developer's: dev-prod-parity/no-local-services judges its tags.
        const document = composeDocument(context, file.path);
        if (!isBackingServicesStack(document)) {
          const images = composeImages(document, (image) => isPublishedReference(commandTexts(), image), buildsOwnImages);
          reportYamlImages(context, file.path, images, report);
        }
      }
      else if (isKubernetesManifest(context, file.path)) {
        const images = workloadImages(context.yamlAll(file.path)).filter(({ image }) => !isSetAtDeploy(context, image));
        reportYamlImages(context, file.path, images, report);
      }
    }
  },
});
