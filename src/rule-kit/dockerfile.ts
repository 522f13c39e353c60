/**
 * Dockerfile questions many rules ask, over dockerfile-ast: build stages and which one ships,
 * `FROM` images with ARG defaults resolved, exec form vs shell form, the commands of a RUN/CMD/
 * ENTRYPOINT, and the CMD/ENTRYPOINT the final image runs. Around the file: the build context it is
 * built from with its ignore file, and the images the repository builds itself.
 */
import { posix } from 'node:path';
import ignore from 'ignore';
import type { Dockerfile, Flag, From, Instruction, ModifiableInstruction } from 'dockerfile-ast';
import type { IndexedFile, PackageJson, RuleContext } from '../types.js';
import { commandFromWords, expandCommand, parseShell, programWords, scriptsOf, type ShellCommand } from './commands.js';
import { composeBuilds } from './compose.js';
import { inFolder } from './repo-files.js';
import type { Span } from './ast.js';

const EXEC_FORM_KEYWORDS = new Set(['RUN', 'CMD', 'ENTRYPOINT', 'SHELL']);

/** One build stage: its `FROM` and the instructions up to the next `FROM`. */
export interface DockerStage {
  /** 0-based position among the stages. */
  index: number;
  /** The `AS name`, lower-cased like Docker does; undefined when unnamed. */
  name?: string;
  from: From;
  /** The image reference with global ARG defaults substituted; undefined when a variable has no default. */
  image?: string;
  /** The earlier stage this one builds on (`FROM builder`), if any. */
  parent?: DockerStage;
  /**
   * The earlier stages a variable stage reference may name (`FROM builder-${TARGETARCH}` matching
   * `builder-amd64` and `builder-arm64`): each is a step on the way, not an image of its own.
   */
  variants?: DockerStage[];
  instructions: Instruction[];
}

/** 1-based span of a dockerfile-ast range (which is 0-based). */
export function dockerSpan(range: { start: { line: number; character: number }; end: { line: number; character: number } }): Span {
  return { line: range.start.line + 1, column: range.start.character + 1, endLine: range.end.line + 1, endColumn: range.end.character + 1 };
}

/** Global `ARG NAME=default` values declared before the first `FROM`. */
export function globalArgDefaults(dockerfile: Dockerfile): Map<string, string> {
  const defaults = new Map<string, string>();
  for (const arg of dockerfile.getInitialARGs()) {
    const property = arg.getProperty();
    const value = property?.getValue();
    if (property && value !== null && value !== undefined) defaults.set(property.getName(), value);
  }
  return defaults;
}

/**
 * Substitutes `$NAME`, `${NAME}`, `${NAME:-default}` from `values`; undefined when a variable
 * has neither a value nor an inline default.
 */
export function substituteArgs(text: string, values: ReadonlyMap<string, string>): string | undefined {
  let unresolved = false;
  const result = text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_match, braced: string | undefined, fallback: string | undefined, bare: string | undefined) => {
    const value = values.get((braced ?? bare)!) ?? fallback;
    if (value === undefined) unresolved = true;
    return value ?? '';
  });
  return unresolved ? undefined : result;
}

const VARIABLE_REFERENCE = /\$\{[^}]*\}|\$[A-Za-z_][A-Za-z0-9_]*/g;

/** The earlier stages whose names a FROM with a variable in it can spell (`base-${ARCH}`): a variable stands for any name characters. */
function stagesNamedLike(raw: string, stages: readonly DockerStage[]): DockerStage[] {
  if (!/\$/.test(raw)) return [];
  const parts = raw.toLowerCase().split(VARIABLE_REFERENCE).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  if (parts.join('') === '') return [];
  const pattern = new RegExp(`^${parts.join('[a-z0-9_.-]+')}$`);
  return stages.filter((stage) => stage.name !== undefined && pattern.test(stage.name));
}

/** The build stages in order, each linked to the earlier stage it builds on. */
export function stagesOf(dockerfile: Dockerfile): DockerStage[] {
  const args = globalArgDefaults(dockerfile);
  const stages: DockerStage[] = [];
  let current: DockerStage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    if (instruction.getKeyword() === 'FROM') {
      const from = instruction as From;
      const raw = from.getImage() ?? '';
      const image = substituteArgs(raw, args);
      const parent = image === undefined ? undefined : stages.find((stage) => stage.name === image.toLowerCase());
      const variants = parent ? [] : stagesNamedLike(raw, stages);
      current = {
        index: stages.length,
        ...(from.getBuildStage() ? { name: from.getBuildStage()!.toLowerCase() } : {}),
        from,
        ...(image !== undefined ? { image } : {}),
        ...(parent ? { parent } : {}),
        ...(variants.length > 0 ? { variants } : {}),
        instructions: [],
      };
      stages.push(current);
    } else {
      current?.instructions.push(instruction);
    }
  }
  return stages;
}

/** The stage `docker build` ships without `--target`: the last one. */
export function finalStage(dockerfile: Dockerfile): DockerStage | undefined {
  return stagesOf(dockerfile).at(-1);
}

/** Whether the instruction is written in exec (JSON array) form: `CMD ["node", "server.js"]`. */
export function isExecForm(instruction: Instruction): boolean {
  return execFormWords(instruction) !== undefined;
}

/**
 * The words of an exec-form RUN/CMD/ENTRYPOINT, or undefined in shell form. Like Docker, text that
 * is not a valid JSON array of strings is shell form. (Parsed here: dockerfile-ast's JSON strings
 * drop the spaces inside them.)
 */
export function execFormWords(instruction: Instruction): string[] | undefined {
  if (!EXEC_FORM_KEYWORDS.has(instruction.getKeyword())) return undefined;
  const raw = instruction.getRawArgumentsContent()?.replace(/\\\r?\n/g, '').trim();
  if (!raw?.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(raw);
    return Array.isArray(parsed) && parsed.every((word) => typeof word === 'string') ? (parsed as string[]) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shell text of a shell-form RUN/CMD/ENTRYPOINT (dockerfile-ast leaves flags such as
 * `--mount=...` out), line continuations kept for the shell parser. Undefined in exec form.
 */
export function shellFormText(instruction: Instruction): string | undefined {
  if (execFormWords(instruction) !== undefined) return undefined;
  return instruction.getRawArgumentsContent() ?? undefined;
}

/**
 * The simple commands of a RUN/CMD/ENTRYPOINT: exec form as one command (`["sh", "-c", "a && b"]`
 * expanded), shell form split at `&&`, `;`, `|`. Heredoc bodies are not read.
 */
export function instructionCommands(instruction: Instruction): ShellCommand[] {
  const words = execFormWords(instruction);
  if (words !== undefined) return words.length === 0 ? [] : expandCommand(commandFromWords(words));
  return parseShell(shellFormText(instruction) ?? '').flatMap(expandCommand);
}

/** The CMD or ENTRYPOINT a stage ends up with, inherited from the stage it builds on when it has none. */
export function effectiveInstruction(stage: DockerStage, keyword: 'CMD' | 'ENTRYPOINT'): Instruction | undefined {
  for (let current: DockerStage | undefined = stage; current; current = current.parent) {
    const own = current.instructions.filter((instruction) => instruction.getKeyword() === keyword).at(-1);
    if (own) return own;
  }
  return undefined;
}

/** `scratch` and references to earlier stages are not images pulled from a registry. */
export function isRegistryImage(stage: DockerStage): boolean {
  return stage.parent === undefined && stage.image?.toLowerCase() !== 'scratch';
}

/** A stage and the earlier stages it builds on, nearest first: what ends up in its image. */
export function stageLineage(stage: DockerStage): DockerStage[] {
  const lineage: DockerStage[] = [];
  for (let current: DockerStage | undefined = stage; current; current = current.parent) lineage.push(current);
  return lineage;
}

/**
 * Stages no later stage builds on (`FROM x`, or `FROM x-${ARCH}` for each stage it may name) or copies
 * from (`COPY --from=x`): the possible build targets.
 */
export function targetStages(stages: readonly DockerStage[]): DockerStage[] {
  const used = new Set<DockerStage>();
  for (const stage of stages) {
    if (stage.parent) used.add(stage.parent);
    for (const variant of stage.variants ?? []) used.add(variant);
    for (const instruction of stage.instructions) {
      const from = (instruction as Partial<ModifiableInstruction>).getFlags?.().find((flag) => flag.getName() === 'from')?.getValue();
      const source = from == null ? undefined : stages.find((candidate) => candidate.name === from.toLowerCase() || String(candidate.index) === from);
      if (source) used.add(source);
    }
  }
  return stages.filter((stage) => !used.has(stage));
}

const RUNTIME_KEYWORDS = new Set(['CMD', 'ENTRYPOINT', 'EXPOSE', 'HEALTHCHECK']);
/** Targets named for a developer's machine or a test run (`FROM base AS dev`, `AS test`): never shipped. */
const DEVELOPMENT_STAGE = /^(?:dev|devel|develop|development|debug|local|test|tests|testing|ci|e2e)$/;

/**
 * The stages whose content ends up in a shipped image. With one target that is the last stage and
 * what it builds on. A multi-target Dockerfile (`docker build --target`) ships each target that sets
 * how it runs (CMD, ENTRYPOINT, EXPOSE, HEALTHCHECK); helper targets (an artifact uploader, a test
 * runner) and targets named for development or tests are left out. Falls back to the last stage when
 * no other target says how it runs.
 */
export function shippedStages(stages: readonly DockerStage[]): Set<DockerStage> {
  const last = stages.at(-1);
  const targets = targetStages(stages);
  const runnable = targets.filter(
    (stage) =>
      !DEVELOPMENT_STAGE.test(stage.name ?? '') &&
      stageLineage(stage).some((member) => member.instructions.some((instruction) => RUNTIME_KEYWORDS.has(instruction.getKeyword()))),
  );
  const chosen = targets.length <= 1 || runnable.length === 0 ? (last ? [last] : []) : runnable;
  return new Set(chosen.flatMap(stageLineage));
}

/** The source and destination words of a COPY/ADD (flags and JSON-array punctuation dropped); undefined for other instructions. */
export function copyOperands(instruction: Instruction): { sources: string[]; destination: string; fromStage: boolean } | undefined {
  const keyword = instruction.getKeyword();
  if (keyword !== 'COPY' && keyword !== 'ADD') return undefined;
  const fromStage = (instruction as Instruction & { getFlags(): Flag[] }).getFlags().some((flag) => flag.getName() === 'from');
  const words = instruction
    .getArguments()
    .map((argument) => argument.getValue().replace(/^["[,]+|["\],]+$/g, ''))
    .filter((word) => word !== '' && !word.startsWith('--'));
  if (words.length < 2) return undefined;
  return { sources: words.slice(0, -1), destination: words.at(-1)!, fromStage };
}

/** `COPY . .`, `ADD ./ /app`, `COPY * ./`: the whole build context goes into the image. */
export function copiesWholeContext(sources: readonly string[]): boolean {
  return sources.some((source) => /^(?:\.|\.\/|\*|\.\/\*)$/.test(source));
}

/**
 * Whether a `.dockerignore` text keeps a context-relative path out of the build context. Docker
 * anchors patterns at the context root; gitignore matching (any depth) is close enough here, as it
 * only errs towards "excluded".
 */
export function dockerignoreExcludes(dockerignore: string | undefined, path: string): boolean {
  if (dockerignore === undefined) return false;
  const patterns = dockerignore.split(/\r?\n/).map((line) => line.trim().replace(/^(!?)\/+/, '$1')).filter((line) => line !== '' && !line.startsWith('#'));
  return ignore().add(patterns).ignores(path);
}

/** The folder a Dockerfile is built from and the ignore file Docker applies to it. */
export interface BuildContext {
  /** Repo-relative folder, `.` for the root. */
  root: string;
  /** The ignore file that applies, repo-relative; undefined when there is none. */
  ignoreFile?: string;
}

/**
 * The build contexts of a Dockerfile: those compose services give it (`build: { context, dockerfile }`,
 * `build: ./api`), else its own folder. The ignore file is `<Dockerfile>.dockerignore` beside the
 * Dockerfile when it exists (BuildKit reads it first), else the context's `.dockerignore`.
 */
export function buildContexts(context: RuleContext<string>, dockerfile: string): BuildContext[] {
  const declared = composeBuilds(context).filter((entry) => entry.build.dockerfile === dockerfile).map((entry) => entry.build.context);
  const roots = declared.length > 0 ? [...new Set(declared)] : [posix.dirname(dockerfile)];
  const exists = (path: string): boolean => context.text(path) !== undefined;
  return roots.map((root) => {
    const ignoreFile = [`${dockerfile}.dockerignore`, inFolder(root, '.dockerignore')].find(exists);
    return ignoreFile === undefined ? { root } : { root, ignoreFile };
  });
}

const IMAGE_BUILDERS = new Set(['docker', 'podman', 'buildah']);
/** What may stand before a command on a line: Makefile recipe prefixes, YAML list dashes and `run:` keys, `sudo`, variable assignments. */
const LINE_PREFIX = /^(?:[@+-]+|-?run:|script:|sudo|[A-Za-z_][A-Za-z0-9_]*=.*)$/;
const TAG_FLAG = /^(?:-t|--tag)(?:=(.*))?$/;

/** Whether the words are an image build: `docker build`, `docker buildx build`, `docker image build`, `podman build`, `buildah bud`. */
function isImageBuild(words: readonly string[]): boolean {
  const [program, verb, next] = words;
  if (!IMAGE_BUILDERS.has(program ?? '')) return false;
  return verb === 'build' || verb === 'bud' || ((verb === 'buildx' || verb === 'image') && next === 'build');
}

/**
 * The images a line of a Makefile, script or CI file builds and names: `docker build -t api:1 .`,
 * `docker buildx build --tag=api`, `podman build -t api`, `buildah bud -t api`. Comments, echoed
 * text and names still holding a variable are left out.
 */
export function builtImageTags(line: string): string[] {
  return parseShell(line).flatMap((command) => {
    const start = command.words.findIndex((word) => !LINE_PREFIX.test(word));
    const words = programWords(command.words.slice(Math.max(start, 0)));
    if (!isImageBuild(words)) return [];
    return words.flatMap((word, index) => {
      const flag = TAG_FLAG.exec(word);
      const tag = flag ? (flag[1] ?? words[index + 1]) : /^-t[^-]/.test(word) ? word.slice(2) : undefined;
      return tag && !/[$`{}]/.test(tag) ? [tag] : [];
    });
  });
}

/** `tags:` of a `docker/build-push-action` step in a GitHub workflow document. */
function buildPushActionTags(document: unknown): string[] {
  const record = (value: unknown): Record<string, unknown> => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {});
  return Object.values(record(record(document).jobs)).flatMap((job) => {
    const steps = record(job).steps;
    return (Array.isArray(steps) ? steps : []).flatMap((step) => {
      const { uses, with: inputs } = record(step);
      const tags = record(inputs).tags;
      if (typeof uses !== 'string' || !uses.startsWith('docker/build-push-action') || typeof tags !== 'string') return [];
      return tags.split(/[\s,]+/).filter((tag) => tag !== '' && !/[$`{}]/.test(tag));
    });
  });
}

const TASK_FILE = /^(?:GNUmakefile|[Mm]akefile|[Jj]ustfile|Taskfile\.ya?ml)$/;

/** A file that runs commands: package.json (its scripts), a Makefile or task file, a shell script, a CI file. */
export function isCommandFile(context: RuleContext<string>, file: IndexedFile): boolean {
  const name = posix.basename(file.path);
  return name === 'package.json' || TASK_FILE.test(name) || file.language === 'shell' || context.app.ciFiles.includes(file.path);
}

/**
 * The image references the repository builds itself, as tagged by its Makefiles, task files, shell
 * scripts, package.json scripts and CI files: its own images, not ones pulled from a registry.
 */
export function locallyBuiltImages(context: RuleContext<string>): Set<string> {
  const files = context.repo.files.filter((file) => file.role === 'config' || file.role === 'source');
  const scriptTexts = files.filter((file) => isCommandFile(context, file)).flatMap((file) => {
    if (posix.basename(file.path) === 'package.json') return Object.values(scriptsOf(context.json(file.path) as PackageJson | undefined));
    return [context.text(file.path) ?? ''];
  });
  const fromCommands = scriptTexts.flatMap((text) => text.replace(/\\\r?\n[ \t]*/g, ' ').split(/\r?\n/).flatMap(builtImageTags));
  const fromActions = context.app.ciFiles.filter((path) => /\.ya?ml$/.test(path)).flatMap((path) => buildPushActionTags(context.yaml(path)));
  return new Set([...fromCommands, ...fromActions]);
}
