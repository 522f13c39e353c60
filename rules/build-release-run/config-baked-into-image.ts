import { posix } from 'node:path';
import type { Dockerfile, Flag, Instruction, Property } from 'dockerfile-ast';
import {
  DOTENV_PACKAGES,
  type BuildContext,
  buildContexts,
  copiesWholeContext,
  copyOperands,
  defineRule,
  dockerignoreExcludes,
  dockerSpan,
  type DockerStage,
  envEntries,
  type EnvEntry,
  isComposeFile,
  isDevelopmentFile,
  isEnvFile,
  isEnvTemplate,
  isEnvironmentVariableMap,
  isIniConfigPath,
  keywordDsnPassword,
  urlPasswordLiteral,
  linesOf,
  looksLikeSecret,
  nameWords,
  secretNameKind,
  shippedStages,
  stageLineage,
  stagesOf,
} from '../../src/rule-kit/index.js';
import type { RuleContext } from '../../src/types.js';

type MessageId =
  | 'secretValue'
  | 'secretArg'
  | 'secretEnv'
  | 'envFileCopied'
  | 'deployUrl'
  | 'deployHost'
  | 'buildArgEnv'
  | 'contextEnvFile'
  | 'contextConfigFile'
  | 'configFileCopied';
type Context = RuleContext<MessageId>;

/** Last name words of settings that point at a deployment's services. */
const ENDPOINT_WORDS = new Set(['url', 'uri', 'host', 'hostname', 'endpoint', 'dsn', 'addr', 'address', 'server', 'servers', 'brokers', 'domain']);
/** Name words of build-tool and base-image settings: where to download from, not what to talk to. */
const TOOL_WORDS = new Set([
  'registry', 'mirror', 'download', 'proxy', 'repo', 'repository', 'index', 'cdn', 'dist', 'npm', 'yarn', 'pnpm', 'pip',
  'gradle', 'maven', 'apt', 'apk', 'goproxy', 'puppeteer', 'playwright', 'chromedriver', 'sentry', 'home', 'path',
]);
/** Schemes of connection strings to backing services. */
const CONNECTION_SCHEMES = /^(?:postgres(?:ql)?|mysql|mariadb|mongodb(?:\+srv)?|redis|rediss|amqps?|kafka|nats|mssql|sqlserver|clickhouse|cassandra|memcached?):\/\//i;
const LOOPBACK = /^(?:localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|\[?::1?\]?|host\.docker\.internal)$/i;

/** Variables a frontend build inlines into public client code on purpose (`NEXT_PUBLIC_API_URL`). */
const PUBLIC_BUILD_VARIABLE = /^(?:NEXT_PUBLIC|NUXT_PUBLIC|VITE|REACT_APP|GATSBY|PUBLIC|EXPO_PUBLIC|STORYBOOK)_/;

/** The host of a URL value, when it has one. */
function urlHost(value: string): string | undefined {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#\s]*@)?(\[[^\]]+\]|[^:/?#\s]+)/i.exec(value.trim());
  return match?.[1];
}

/** Labels that name one environment of a deployment: `api.staging.acme.com`, `db-prod-1`. */
const ENVIRONMENT_LABEL = /(?:^|[.-])(?:prod|production|staging|stage|stg|preprod|uat|qa|dev|test|sandbox|int)(?:[.-]|\d|$)/i;
/** Private-network suffixes and the instance hosts of managed databases and caches. */
const INSTANCE_SUFFIX = /\.(?:internal|local|lan|corp|intranet|svc|consul|cluster\.local)$|\.(?:rds|cache)\.amazonaws\.com$|\.(?:database|redis\.cache)\.windows\.net$|\.database\.azure\.com$|\.mongodb\.net$/i;
const IP_ADDRESS = /^(?:\d{1,3}(?:\.\d{1,3}){3}|\[?[0-9a-f:]*:[0-9a-f:]+\]?)$/i;

/** A host name shape: labels of letters, digits and dashes, or an IP address. */
function isHostShaped(host: string): boolean {
  return IP_ADDRESS.test(host) || /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/i.test(host);
}

/**
 * A host that belongs to one deployment: an IP address, a private-network or managed-instance
 * name, or a name carrying an environment label. Public vendor hosts (`api.openai.com`,
 * `smtp.gmail.com`) are the same for every deploy; loopback and single labels (`db`, `redis`) are
 * the container itself or compose defaults.
 */
function isDeploymentHost(host: string): boolean {
  if (LOOPBACK.test(host) || !isHostShaped(host)) return false;
  return IP_ADDRESS.test(host) || INSTANCE_SUFFIX.test(host) || ENVIRONMENT_LABEL.test(host);
}

/** Any real host of a connection string: a database's host is always the deployment's. */
function isConnectionHost(host: string): boolean {
  return !LOOPBACK.test(host) && isHostShaped(host);
}

function isEndpointName(name: string): boolean {
  const words = nameWords(name);
  return ENDPOINT_WORDS.has(words.at(-1) ?? '') && !words.some((word) => TOOL_WORDS.has(word));
}

interface Site {
  file: string;
  line: number;
  column: number;
}

function valueSite(file: string, property: Property): Site {
  const range = property.getValueRange() ?? property.getNameRange();
  return { file, ...dockerSpan(range) };
}

/** A literal secret in an ENV or ARG default (config/hardcoded-credentials reports the same spot when it runs). */
function checkSecretValue(context: Context, file: string, property: Property): boolean {
  const value = property.getValue();
  if (value === null) return false;
  const match = looksLikeSecret(property.getName(), value);
  if (!match) return false;
  context.report({
    messageId: 'secretValue',
    data: { name: property.getName(), kind: match.kind },
    ...valueSite(file, property),
    secrets: [match.secret],
    ...(match.severity && { severity: match.severity }),
  });
  return true;
}

/** Deploy-specific endpoints in a runtime ENV: connection strings, service URLs and hosts. */
function checkDeployConfig(context: Context, file: string, property: Property): void {
  const value = property.getValue()?.trim();
  if (!value || value.includes('$')) return;
  const name = property.getName();
  const host = urlHost(value);
  const site = valueSite(file, property);
  if (host !== undefined) {
    const fixed = CONNECTION_SCHEMES.test(value) ? isConnectionHost(host) : isEndpointName(name) && isDeploymentHost(host);
    if (!fixed) return;
    context.report({ messageId: 'deployUrl', data: { name, host }, ...site, severity: 'warning' });
  } else if (isEndpointName(name) && !/[\s/]/.test(value) && isDeploymentHost(value)) {
    context.report({ messageId: 'deployHost', data: { name, host: value }, ...site, severity: 'warning' });
  }
}

/** `ARG NPM_TOKEN` / `ENV NPM_TOKEN=$NPM_TOKEN`: a secret passed through the build lands in the image. */
function checkSecretName(context: Context, file: string, instruction: Instruction, property: Property): void {
  const kind = secretNameKind(property.getName());
  if (kind === undefined) return;
  const value = property.getValue();
  const keyword = instruction.getKeyword();
  if (keyword === 'ARG' && value === null) {
    context.report({ messageId: 'secretArg', data: { name: property.getName(), kind }, file, ...dockerSpan(property.getNameRange()) });
  } else if (keyword === 'ENV' && value !== null && /^\$\{?[A-Za-z_]/.test(value.trim())) {
    context.report({ messageId: 'secretEnv', data: { name: property.getName(), kind }, file, ...dockerSpan(property.getNameRange()) });
  }
}

function propertiesOf(instruction: Instruction): Property[] {
  const keyword = instruction.getKeyword();
  if (keyword === 'ENV') return (instruction as Instruction & { getProperties(): Property[] }).getProperties();
  if (keyword === 'ARG') return [(instruction as Instruction & { getProperty(): Property | null }).getProperty()].filter((property) => property !== null);
  return [];
}

/** A setting that is the same in every deploy: no secret, no connection string to a real host, no host of one deployment. */
function isRuntimeDefault(entry: EnvEntry): boolean {
  const value = entry.value.trim();
  if (looksLikeSecret(entry.name, value)) return false;
  const host = urlHost(value);
  if (host !== undefined) return CONNECTION_SCHEMES.test(value) ? !isConnectionHost(host) : !isDeploymentHost(host);
  return !isDeploymentHost(value);
}

/**
 * A named settings file (`healthcheck.env`, not `.env` or `.env.production`) that the build context
 * holds and whose every entry is a runtime default (`PROBE_HOST=localhost`, `PROBE_PORT=8080`): the
 * same in every deploy, like `ENV PORT=3000`.
 */
function holdsOnlyDefaults(context: Context, source: string, contexts: readonly BuildContext[]): boolean {
  const name = posix.basename(source);
  if (name === '.env' || name.startsWith('.env.')) return false;
  const texts = contexts.flatMap((build) => context.text(posix.normalize(posix.join(build.root, source))) ?? []);
  return texts.length > 0 && texts.every((text) => envEntries(text).every(isRuntimeDefault));
}

/** `COPY .env ./`, `ADD .env.production /app/`, `COPY .env.example .env`: an env file the app will load, baked into the image. */
function checkCopiedEnvFiles(context: Context, file: string, instruction: Instruction, contexts: readonly BuildContext[]): void {
  const operands = copyOperands(instruction);
  if (!operands || operands.fromStage) return;
  const intoEnvFile = !operands.destination.endsWith('/') && isEnvFile(operands.destination) && !isEnvTemplate(operands.destination);
  // `.env*` copies `.env` too; other globs are left alone. A template copied to `.env` becomes the live config.
  const envFile = operands.sources.find((source) => {
    const path = source.replace(/\*$/, '');
    return isEnvFile(path) && !path.includes('*') && (!isEnvTemplate(source) || intoEnvFile);
  });
  if (envFile === undefined || (!intoEnvFile && holdsOnlyDefaults(context, envFile, contexts))) return;
  const keyword = instruction.getKeyword();
  context.report({ messageId: 'envFileCopied', data: { source: posix.basename(envFile), keyword }, file, ...dockerSpan(instruction.getRange()), severity: 'warning' });
}

/** Settings that name the environment a build is for: baking one in makes the image per-environment. */
const ENVIRONMENT_NAME = /^(?:NODE_ENV|APP_ENV|APPLICATION_ENV|ENV|ENVIRONMENT|RAILS_ENV|RACK_ENV|FLASK_ENV|PYTHON_ENV|GO_ENV|DEPLOY_ENV|STAGE)$/i;
/** Build identity, tool settings and the listen port: per build by nature (`ENV APP_VERSION=$VERSION`) or the same in every deploy. */
const BUILD_IDENTITY_WORDS = new Set(['port', 'tz', 'timezone', 'version', 'commit', 'sha', 'revision', 'rev', 'build', 'release', 'git', 'tag', 'date', 'time', 'timestamp', 'uid', 'gid', 'user', 'group', 'arch', 'platform', 'target', 'frontend', 'debian', 'apt', 'lang', 'locale']);

/** ARG names a stage can see: global ones before the first FROM and those declared in it or the stages it builds on. */
function declaredArgs(dockerfile: Dockerfile, stage: DockerStage): Set<string> {
  const names = new Set(dockerfile.getInitialARGs().map((arg) => arg.getProperty()?.getName()).filter((name): name is string => name !== undefined));
  for (const member of stageLineage(stage)) {
    for (const instruction of member.instructions) for (const property of instruction.getKeyword() === 'ARG' ? propertiesOf(instruction) : []) names.add(property.getName());
  }
  return names;
}

/**
 * `ARG NODE_ENV` then `ENV NODE_ENV=$NODE_ENV` in the runtime image: the value is chosen per build,
 * which invites one image per environment instead of one build configured per deploy.
 */
function checkBuildArgEnv(context: Context, file: string, property: Property, args: Set<string>): void {
  const name = property.getName();
  const reference = /^\$\{?([A-Za-z_][A-Za-z0-9_]*)(?::?-[^}]*)?\}?$/.exec(property.getValue()?.trim() ?? '');
  if (!reference || !args.has(reference[1]!) || secretNameKind(name) !== undefined) return;
  const environment = ENVIRONMENT_NAME.test(name);
  if (!environment && nameWords(name).some((word) => BUILD_IDENTITY_WORDS.has(word) || TOOL_WORDS.has(word))) return;
  context.report({
    messageId: 'buildArgEnv',
    data: { name, arg: reference[1]! },
    file,
    ...dockerSpan(property.getNameRange()),
    severity: environment ? 'warning' : 'note',
  });
}

/** Config files an app reads at run time: INI-like anywhere, YAML/JSON in config folders or named for config. */
const CONFIG_FILE = /\.(?:ini|cfg|conf|toml|properties)$|(?:^|\/)(?:conf|config|configs|settings)\/[^/]+\.(?:ya?ml|json)$|(?:^|\/)(?:config|settings|application|app|secrets|credentials)(?:[.-][\w-]+)?\.(?:ya?ml|json)$/i;
/** A config file the app reads at run time: not a tool's or a manifest's INI-like settings (`pyproject.toml`'s pytest env, `setup.cfg`). */
function isAppConfigFile(relative: string): boolean {
  return CONFIG_FILE.test(relative) && !isComposeFile(relative) && (!/\.(?:ini|cfg|properties|toml)$/i.test(relative) || isIniConfigPath(relative));
}
const PLACEHOLDER = /^(?:\$|<|\{|%|changeme|change-me|xxx|your[_-]|null|none|true|false|~|example)/i;

/** An environment variable's name (`JWT_TOKEN`): what a key maps to in an env-mapping file, not a value. */
const VARIABLE_NAME = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/**
 * The first key holding a credential literal in a config file's text: a credential-named key with a
 * value (`Password = rootroot`), or a connection string or keyword DSN with a password in it
 * (`dsn: host=db user=app password=...`). None in node-config's map of keys to variable names.
 */
function credentialKey(path: string, text: string): string | undefined {
  if (isEnvironmentVariableMap(path)) return undefined;
  for (const line of linesOf(text)) {
    const match = /^\s*["']?([A-Za-z_][\w.-]*)["']?\s*[:=]\s*["']?([^"'\s#;,]+)/.exec(line.text);
    if (match && secretNameKind(match[1]!.split('.').at(-1)!) !== undefined && !PLACEHOLDER.test(match[2]!) && !VARIABLE_NAME.test(match[2]!)) return match[1];
    if (match && (keywordDsnPassword(line.text) ?? urlPasswordLiteral(line.text)) !== undefined) return match[1];
  }
  return undefined;
}

/**
 * `COPY . .` into the runtime image: what the build context holds ships with it. A `.env` the app
 * loads (it uses dotenv, or documents one with a template) unless the ignore file keeps it out, and
 * committed config files holding credentials. Each context the Dockerfile is built from is judged;
 * the first that lets something through is reported.
 */
function checkCopiedContext(context: Context, file: string, instruction: Instruction, contexts: readonly BuildContext[]): void {
  const operands = copyOperands(instruction);
  if (!operands || operands.fromStage || !copiesWholeContext(operands.sources)) return;
  const at = { file, ...dockerSpan(instruction.getRange()) };
  const keyword = instruction.getKeyword();
  const config = contexts.map((build) => copiedConfigFile(context, build)).find((path) => path !== undefined);
  if (config) context.report({ messageId: 'contextConfigFile', data: { keyword, source: config }, ...at, severity: 'warning' });
  if (contexts.some((build) => shipsLocalEnvFile(context, build))) context.report({ messageId: 'contextEnvFile', data: { keyword }, ...at, severity: 'note' });
}

/** A path relative to the build context, or undefined outside it. */
function inContext(build: BuildContext, path: string): string | undefined {
  return build.root === '.' ? path : path.startsWith(`${build.root}/`) ? path.slice(build.root.length + 1) : undefined;
}

/** The context-relative path of a committed config file with credentials that the ignore file lets through. */
function copiedConfigFile(context: Context, build: BuildContext): string | undefined {
  const ignoreText = build.ignoreFile === undefined ? undefined : context.text(build.ignoreFile);
  const config = context.files.find((candidate) => {
    const relative = inContext(build, candidate.path);
    if (relative === undefined || candidate.role !== 'config' || !isAppConfigFile(relative)) return false;
    return !dockerignoreExcludes(ignoreText, relative) && credentialKey(relative, context.text(candidate.path) ?? '') !== undefined;
  });
  return config && inContext(build, config.path);
}

/** The stage a `COPY --from=<name>` reads from, when it names a stage of this Dockerfile. */
function sourceStage(instruction: Instruction, stages: readonly DockerStage[]): DockerStage | undefined {
  const from = (instruction as Instruction & { getFlags(): Flag[] }).getFlags().find((flag) => flag.getName() === 'from')?.getValue();
  if (from === undefined || from === null) return undefined;
  return stages.find((stage) => stage.name === from.toLowerCase() || String(stage.index) === from);
}

/** An image path as an absolute, normalised one, relative paths resolved against the WORKDIR. */
function absolute(workdir: string, path: string): string {
  return posix.normalize(path.startsWith('/') ? path : posix.join(workdir, path)).replace(/(.)\/$/, '$1');
}

/** A context-relative source as the build context names it: `./cmd/app/` is `cmd/app`, `.` is ''. */
function contextPath(source: string): string {
  const normalized = posix.normalize(source).replace(/^\.\/?|\/$/g, '');
  return normalized === '.' ? '' : normalized;
}

/**
 * Where in the build context a file of `stage` at the image path `path` came from: through the
 * `COPY <context source> <destination>` instructions of the stage and those it builds on (`COPY .
 * /app` then `/app/cmd/api/config.yml` is `cmd/api/config.yml`). Context-relative; [] when no copy
 * from the context put it there.
 */
function contextOrigins(stage: DockerStage, path: string): string[] {
  const origins: string[] = [];
  let workdir = '/';
  for (const member of stageLineage(stage).reverse()) {
    for (const instruction of member.instructions) {
      const keyword = instruction.getKeyword();
      if (keyword === 'WORKDIR') workdir = absolute(workdir, instruction.getArgumentsContent() ?? '/');
      const operands = copyOperands(instruction);
      if (!operands || operands.fromStage) continue;
      const destination = absolute(workdir, operands.destination);
      for (const source of operands.sources.filter((candidate) => !candidate.includes('*'))) {
        const from = contextPath(source);
        if (path === destination || path === posix.join(destination, posix.basename(from))) origins.push(from);
        if (path.startsWith(`${destination}/`)) origins.push(posix.join(from, path.slice(destination.length + 1)));
      }
    }
  }
  return origins;
}

/**
 * `COPY cmd/api/config.yml /` or `COPY --from=builder /app/cmd/api/config.yml /` into a shipped
 * stage: a committed config file with credentials, copied by name (or in a folder copied by name),
 * ships with the image. The whole context (`COPY . .`) is `checkCopiedContext`'s.
 */
function checkCopiedConfigFiles(context: Context, file: string, instruction: Instruction, stages: readonly DockerStage[], contexts: readonly BuildContext[]): void {
  const operands = copyOperands(instruction);
  if (!operands || copiesWholeContext(operands.sources)) return;
  const from = operands.fromStage ? sourceStage(instruction, stages) : undefined;
  if (operands.fromStage && from === undefined) return;
  const origins = operands.sources
    .filter((source) => !source.includes('*') && !/^[a-z][a-z0-9+.-]*:\/\//i.test(source))
    .flatMap((source) => (from ? contextOrigins(from, absolute('/', source)) : [contextPath(source)]))
    .filter((origin) => origin !== '');
  for (const build of contexts) {
    const ignoreText = build.ignoreFile === undefined ? undefined : context.text(build.ignoreFile);
    for (const origin of origins) {
      const copied = posix.normalize(build.root === '.' ? origin : posix.join(build.root, origin));
      const config = context.files.find((candidate) => {
        const relative = inContext(build, candidate.path);
        if (relative === undefined || (candidate.path !== copied && !candidate.path.startsWith(`${copied}/`))) return false;
        if (candidate.role !== 'config' || !isAppConfigFile(relative) || dockerignoreExcludes(ignoreText, relative)) return false;
        return credentialKey(relative, context.text(candidate.path) ?? '') !== undefined;
      });
      if (config === undefined) continue;
      const key = credentialKey(config.path, context.text(config.path) ?? '') ?? '';
      context.report({ messageId: 'configFileCopied', data: { keyword: instruction.getKeyword(), source: inContext(build, config.path) ?? config.path, key }, file, ...dockerSpan(instruction.getRange()), severity: 'warning' });
      return;
    }
  }
}

/** Whether the app loads a `.env` and the context's ignore file does not keep one out. */
function shipsLocalEnvFile(context: Context, build: BuildContext): boolean {
  const loadsEnvFile =
    DOTENV_PACKAGES.some((name) => context.app.dependencies.includes(name)) ||
    context.files.some((candidate) => isEnvFile(candidate.path) && posix.dirname(candidate.path) === build.root);
  return loadsEnvFile && !dockerignoreExcludes(build.ignoreFile === undefined ? undefined : context.text(build.ignoreFile), '.env');
}

function checkDockerfile(context: Context, file: string, dockerfile: Dockerfile): void {
  const stages = stagesOf(dockerfile);
  const shipped = shippedStages(stages);
  const isDevelopment = isDevelopmentFile(file);
  const contexts = buildContexts(context, file);
  for (const stage of stages) {
    const isShipped = shipped.has(stage);
    const args = declaredArgs(dockerfile, stage);
    for (const instruction of stage.instructions) {
      if (!isDevelopment && isShipped) {
        checkCopiedEnvFiles(context, file, instruction, contexts);
        checkCopiedContext(context, file, instruction, contexts);
        checkCopiedConfigFiles(context, file, instruction, stages, contexts);
      }
      for (const property of propertiesOf(instruction)) {
        if (checkSecretValue(context, file, property) || !isShipped || PUBLIC_BUILD_VARIABLE.test(property.getName())) continue;
        checkSecretName(context, file, instruction, property);
        if (instruction.getKeyword() === 'ENV' && !isDevelopment) {
          checkDeployConfig(context, file, property);
          checkBuildArgEnv(context, file, property, args);
        }
      }
    }
  }
}

export const configBakedIntoImage = defineRule<MessageId>({
  id: 'build-release-run/config-baked-into-image',
  factor: 'build-release-run',
  defaultSeverity: 'error',
  title: 'Config or secrets baked into the image',
  description:
    'Finds deploy-specific config and secrets fixed at image build time: secret ARGs and ENVs, literal secrets, copied .env files, and ENV service URLs or hosts.',
  fix: 'Build one image for every deploy and pass config as environment variables at run time; give build-time secrets with RUN --mount=type=secret.',
  messages: {
    secretValue: '{{name}} holds a literal secret ({{kind}}) in the image: anyone who can pull the image can read it',
    secretArg:
      'build argument {{name}} ({{kind}}) passes a secret into the build: its value persists in the image history (`docker history`); use RUN --mount=type=secret instead',
    secretEnv: 'ENV {{name}} ({{kind}}) copies a secret into the image environment, where every container and `docker inspect` sees it',
    envFileCopied: '{{keyword}} copies {{source}} into the image: config and secrets then ship with the build instead of the deploy',
    deployUrl: 'ENV {{name}} fixes the address of a deployment ({{host}}) in the image: one image cannot then run in staging and production',
    deployHost: 'ENV {{name}} fixes a deployment host ({{host}}) in the image: one image cannot then run in staging and production',
    buildArgEnv:
      'ENV {{name}} takes its value from build argument {{arg}}: the setting is fixed per build, so each environment needs its own image; set it when the container runs instead',
    contextEnvFile:
      '{{keyword}} copies the whole build context and .dockerignore does not exclude .env: a developer\'s local .env (which the app loads) ends up in the image',
    configFileCopied:
      '{{keyword}} copies the committed config file {{source}}, which holds a credential ({{key}}), into the image: config and secrets ship with the build; read them from the environment at run time',
    contextConfigFile:
      '{{keyword}} copies the whole build context, including the committed config file {{source}} with credentials: config and secrets ship with the image; exclude it in .dockerignore and read settings from the environment',
  },
  triggers: ['ENV', 'ARG', 'COPY', 'ADD', 'env', 'arg', 'copy', 'add'],
  tags: ['security'],
  appliesTo: (app) => (app.dockerfiles.length > 0 ? true : 'no Dockerfile: no image is built'),
  check(context) {
    for (const file of context.candidates((candidate) => context.app.dockerfiles.includes(candidate.path))) {
      const dockerfile = context.dockerfile(file.path);
      if (dockerfile) checkDockerfile(context, file.path, dockerfile);
    }
  },
});
