import { posix } from 'node:path';
import { Node, SyntaxKind, ts, type ObjectLiteralExpression } from 'ts-morph';
import {
  clientCallReader,
  constInitializer,
  defineRule,
  forEachScriptFacts,
  importBindings,
  isStaticAssetPath,
  inSampleScope,
  isToolingPath,
  isTranslationPath,
  isPlaceholder,
  objectLiteral,
  optionsObject,
  prismaDatasources,
  propertyValue,
  isKnownLibrary,
  scopedConstInitializer,
  spanOf,
  envFallbackReader,
  envFallbackVariable,
  calls,
  enclosingFunction,
  envReads,
  forEachSourceFacts,
  isLocalLiteral,
  isLocalSettingsPath,
  isRuntimeSource,
  literalFallbacks,
  literals,
  pythonChainedFallbacks,
  sourceFunctions,
  type BoundLiteral,
  type LiteralFallback,
  type SourceCall,
  stringValue,
  unwrap,
  type ClientCall,
  type ClientShape,
  type FileExtractor,
  type Span,
  LITERAL_KINDS,
  wrapped,
  defaultOf,
  HOLE,
  boundModuleCandidates,
  rawDottedRoot,
  unwrapRaw,
  envEntries,
  iniEntries,
  isBackingServiceSetting,
  isIniConfigPath,
  isUnderNonProductionKey,
  numberValue,
  dataEntries,
  isComposeFile,
  isDevelopmentFile,
  nameWords,
} from '../../src/rule-kit/index.js';
import { isDeployedEnvironmentEnvFile, isEnvFile } from '../../src/rule-kit/env-files.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId =
  | 'hardcodedUrl'
  | 'hardcodedHost'
  | 'remoteFallback'
  | 'fallback'
  | 'bucketFallback'
  | 'hardcodedCredential'
  | 'hardcodedPort'
  | 'settingsHost'
  | 'configFile'
  | 'exampleFallback'
  | 'deployedEnvFile'
  | 'textLiteral'
  | 'configDefault'
  | 'prismaUrl';

/**
 * What a positional argument of a client call carries: `target` a connection URL, a bare host or
 * an options object; `url` a connection URL or an options object (a bare string there is a
 * database or user name); `password` a password.
 */
type Argument = 'target' | 'url' | 'password';

/** The clients of backing services and where their connection settings go. */
const CLIENTS: readonly ClientShape<Argument>[] = [
  { client: 'pg', modules: ['pg'], members: ['Pool', 'Client', 'native.Pool', 'native.Client'], args: ['url'] },
  { client: 'pg-pool', modules: ['pg-pool'], members: [''], args: ['url'] },
  { client: 'postgres', modules: ['postgres'], members: [''], args: ['url', 'url'] },
  { client: 'Neon', modules: ['@neondatabase/serverless'], members: ['neon', 'Pool', 'Client'], args: ['url'] },
  {
    client: 'MySQL',
    modules: ['mysql', 'mysql2', 'mysql2/promise', 'mariadb', 'mariadb/callback'],
    members: ['createConnection', 'createPool', 'createPoolCluster'],
    args: ['url'],
  },
  { client: 'mssql', modules: ['mssql'], members: ['connect', 'ConnectionPool'], args: ['url'] },
  { client: 'mongoose', modules: ['mongoose'], members: ['connect', 'createConnection'], args: ['url', 'url'] },
  { client: 'MongoClient', modules: ['mongodb'], members: ['MongoClient', 'MongoClient.connect'], args: ['url'] },
  { client: 'MongooseModule', modules: ['@nestjs/mongoose'], members: ['MongooseModule.forRoot'], args: ['url'] },
  { client: 'redis', modules: ['redis', '@redis/client'], members: ['createClient', 'createCluster'], args: ['target', 'target'] },
  { client: 'ioredis', modules: ['ioredis'], members: ['', 'default', 'Redis', 'Cluster', 'Redis.Cluster'], args: ['target', 'target', 'target'] },
  { client: 'Upstash Redis', modules: ['@upstash/redis'], members: ['Redis'], args: ['url'] },
  { client: 'Sequelize', modules: ['sequelize', 'sequelize-typescript'], members: ['', 'Sequelize'], args: ['url', 'url', 'password', 'url'] },
  { client: 'SequelizeModule', modules: ['@nestjs/sequelize'], members: ['SequelizeModule.forRoot'], args: ['url'] },
  { client: 'knex', modules: ['knex'], members: ['', 'default', 'knex'], args: ['url'] },
  { client: 'TypeORM', modules: ['typeorm'], members: ['DataSource', 'createConnection', 'createConnections'], args: ['url'] },
  { client: 'TypeOrmModule', modules: ['@nestjs/typeorm'], members: ['TypeOrmModule.forRoot', 'TypeOrmModule.forRootAsync'], args: ['url'] },
  { client: 'MikroORM', modules: ['@mikro-orm/*'], members: ['MikroORM.init'], args: ['url'] },
  { client: 'drizzle', modules: ['drizzle-orm/*'], members: ['drizzle'], args: ['url'] },
  { client: 'PrismaClient', modules: ['@prisma/client'], members: ['PrismaClient'], args: ['url'] },
  { client: 'nodemailer', modules: ['nodemailer'], members: ['createTransport'], args: ['target'] },
  { client: 'amqplib', modules: ['amqplib', 'amqplib/callback_api', 'amqp-connection-manager'], members: ['connect'], args: ['target'] },
  { client: 'kafkajs', modules: ['kafkajs'], members: ['Kafka'], args: ['url'] },
  { client: 'AWS SDK', modules: ['@aws-sdk/client-*', 'aws-sdk', 'aws-sdk/clients/*'], members: ['*'], args: ['url'] },
  {
    client: 'Elasticsearch',
    modules: ['@elastic/elasticsearch', '@opensearch-project/opensearch', 'elasticsearch'],
    members: ['Client'],
    args: ['url'],
  },
  { client: 'MinIO', modules: ['minio'], members: ['Client'], args: ['url'] },
  { client: 'NATS', modules: ['nats'], members: ['connect'], args: ['url'] },
  { client: 'Cassandra', modules: ['cassandra-driver'], members: ['Client'], args: ['url'] },
  { client: 'Neo4j', modules: ['neo4j-driver'], members: ['driver'], args: ['url'] },
  { client: 'BullMQ', modules: ['bullmq'], members: ['Queue', 'Worker', 'QueueEvents', 'FlowProducer'], args: [undefined, 'url'] },
  { client: 'Bull', modules: ['bull'], members: ['', 'default'], args: [undefined, 'url', 'url'] },
  { client: 'Meilisearch', modules: ['meilisearch'], members: ['MeiliSearch', 'Meilisearch'], args: ['url'] },
  { client: 'Typesense', modules: ['typesense'], members: ['Client', 'default.Client'], args: ['url'] },
];

/** Option keys whose string value is a connection URL (a scheme-less value there is a file name or a label). */
const URL_KEYS = new Set(['url', 'uri', 'connectionString', 'connectionUri', 'clientUrl', 'datasourceUrl', 'connection']);
/** Option keys whose values are URLs or bare `host[:port]` entries. */
const ADDRESS_KEYS = new Set(['host', 'hostname', 'server', 'endPoint', 'endpoint', 'node', 'nodes', 'servers', 'brokers', 'contactPoints']);
const PASSWORD_KEYS = new Set(['password', 'pass', 'secretAccessKey', 'secretKey']);

const MAX_DEPTH = 5;

/** A string a setting certainly holds at some point, `${...}` parts replaced by HOLE. */
interface Candidate {
  node: Node;
  value: string;
  /** The literal is a default used when something else (usually the environment) is unset. */
  isDefault: boolean;
}

/** Literal strings an expression may evaluate to, followed through same-file consts, `||`/`??` and `?:`. */
function candidatesOf(node: Node | undefined, depth = 0): Candidate[] {
  if (!node || depth > MAX_DEPTH) return [];
  const expression = unwrap(node);
  if (Node.isStringLiteral(expression) || Node.isNoSubstitutionTemplateLiteral(expression)) {
    return [{ node: expression, value: expression.getLiteralValue(), isDefault: defaultOf(expression) !== undefined }];
  }
  if (Node.isTemplateExpression(expression) || isConcatenation(expression)) {
    return [{ node: expression, value: withHoles(expression), isDefault: defaultOf(expression) !== undefined }];
  }
  if (Node.isBinaryExpression(expression)) {
    const operator = expression.getOperatorToken().getKind();
    const isDefaulting = operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken;
    return isDefaulting ? candidatesOf(expression.getRight(), depth + 1) : [];
  }
  if (Node.isConditionalExpression(expression)) {
    return [...candidatesOf(expression.getWhenTrue(), depth + 1), ...candidatesOf(expression.getWhenFalse(), depth + 1)];
  }
  if (Node.isIdentifier(expression)) {
    return candidatesOf(constInitializer(expression) ?? scopedConstInitializer(expression) ?? unchangedVariableInitializer(expression), depth + 1);
  }
  return [];
}

/**
 * The initializer of a `var`/`let` declared once in the file and never assigned again (older code
 * writes `var url = 'mongodb://...'`): as good as a const.
 */
function unchangedVariableInitializer(identifier: Node): Node | undefined {
  const name = identifier.getText();
  const sourceFile = identifier.getSourceFile();
  const declarations = sourceFile.getVariableDeclarations().filter((declaration) => declaration.getName() === name);
  const [declaration] = declarations;
  if (declarations.length !== 1 || !declaration) return undefined;
  const reassigned = sourceFile.getDescendantsOfKind(SyntaxKind.BinaryExpression).some((binary) => {
    const isAssignment = binary.getOperatorToken().getKind() === SyntaxKind.EqualsToken;
    return isAssignment && unwrap(binary.getLeft()).getText() === name;
  });
  return reassigned ? undefined : declaration.getInitializer();
}

function isConcatenation(node: Node): boolean {
  return Node.isBinaryExpression(node) && node.getOperatorToken().getKind() === SyntaxKind.PlusToken;
}

/** The text of a template or `+` concatenation with every non-literal part replaced by HOLE. */
function withHoles(node: Node): string {
  const expression = unwrap(node);
  const literal = stringValue(expression);
  if (literal !== undefined) return literal;
  if (Node.isTemplateExpression(expression)) {
    return expression.getHead().getLiteralText() + expression.getTemplateSpans().map((span) => HOLE + span.getLiteral().getLiteralText()).join('');
  }
  if (isConcatenation(expression) && Node.isBinaryExpression(expression)) return withHoles(expression.getLeft()) + withHoles(expression.getRight());
  return HOLE;
}

/** The hosts and password a connection setting names; hosts that are not literal are left out. */
interface Endpoint {
  hosts: string[];
  password?: string;
  isUrl: boolean;
}

const URL_PATTERN = /^([a-z][a-z0-9+.-]*):\/\/(?:([^@/?#]*)@)?([^/?#]*)/i;
const HOST_PATTERN = /^(?:\[[0-9a-f:.]+\]|[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?)(?::\d+)?$/i;

function endpointOf(value: string, bareHostAllowed: boolean): Endpoint | undefined {
  const url = URL_PATTERN.exec(value);
  if (url) {
    const userInfo = url[2];
    const separator = userInfo?.indexOf(':') ?? -1;
    const password = userInfo !== undefined && separator !== -1 ? safeDecode(userInfo.slice(separator + 1)) : undefined;
    const hosts = (url[3] ?? '').split(',').map(stripPort).filter((host) => host !== '' && !host.includes(HOLE));
    return { hosts, ...(password && !password.includes(HOLE) ? { password } : {}), isUrl: true };
  }
  if (bareHostAllowed && HOST_PATTERN.test(value)) return { hosts: [stripPort(value)], isUrl: false };
  return undefined;
}

function stripPort(address: string): string {
  const trimmed = address.trim();
  if (trimmed.startsWith('[')) return trimmed.slice(1, trimmed.indexOf(']'));
  return trimmed.replace(/:\d*$/, '');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

const LOOPBACK = /^(?:localhost|.+\.localhost|127(?:\.\d{1,3}){3}|0\.0\.0\.0|::1?|host\.docker\.internal)$/i;
/** A single-label name such as `db` or `redis`: a docker-compose service, a development default. */
const SERVICE_NAME = /^[a-z][a-z0-9_-]*$/i;

/** What to report for one literal, or nothing. */
interface Verdict {
  messageId: MessageId;
  data: Record<string, string>;
  severity?: 'warning' | 'note';
  secrets: string[];
}

function judgeEndpoint(endpoint: Endpoint, isDefault: boolean, client: string): Verdict | undefined {
  const hosts = endpoint.hosts.filter((host) => !isPlaceholder(host));
  const remote = hosts.find((host) => !LOOPBACK.test(host) && !(isDefault && SERVICE_NAME.test(host)));
  const password = endpoint.password !== undefined && !isPlaceholder(endpoint.password) ? endpoint.password : undefined;
  const secrets = password ? [password] : [];
  const literalKind: MessageId = endpoint.isUrl ? 'hardcodedUrl' : 'hardcodedHost';
  // A fallback that names a real host is medium (LABELLING.md): it quietly reaches that host.
  if (remote !== undefined) return isDefault ? { messageId: 'remoteFallback', data: { client, host: remote }, severity: 'warning', secrets } : { messageId: literalKind, data: { client, host: remote }, secrets };
  if (password) return { messageId: 'hardcodedCredential', data: { client, property: 'password in the connection string' }, severity: 'warning', secrets };
  const [local] = hosts;
  if (local === undefined) return undefined;
  if (isDefault) return { messageId: 'fallback', data: { client, host: local }, severity: 'note', secrets };
  return { messageId: literalKind, data: { client, host: local }, severity: 'warning', secrets };
}

function judgePassword(value: string, client: string, property: string): Verdict | undefined {
  if (value.includes(HOLE) || isPlaceholder(value)) return undefined;
  return { messageId: 'hardcodedCredential', data: { client, property }, severity: 'warning', secrets: [value] };
}

const FALLBACKS = new Set<MessageId>(['fallback', 'remoteFallback', 'bucketFallback', 'exampleFallback', 'configDefault']);

/** A verdict on a literal of a script, where it is, and its start offset (a literal is reported once, however many checks meet it). */
interface LiteralVerdict extends Verdict {
  start: number;
  span: Span;
}

/** The verdicts of one script, in the order its checks meet the literals. */
class Verdicts {
  readonly found: { node: Node; verdict: Verdict }[] = [];

  add(node: Node, verdict: Verdict | undefined): void {
    if (verdict) this.found.push({ node, verdict });
  }
}

/** One script's verdicts as findings: each literal once, the first verdict on it winning, fallbacks unless turned off. */
function reportScript(context: RuleContext<MessageId>, path: string, verdicts: readonly LiteralVerdict[]): void {
  const flagFallbacks = context.options.flagFallbacks !== false;
  const reported = new Set<number>();
  for (const { start, span, messageId, data, severity, secrets } of verdicts) {
    if (reported.has(start)) continue;
    if (FALLBACKS.has(messageId) && !flagFallbacks) continue;
    reported.add(start);
    context.report({
      messageId,
      data,
      file: path,
      ...span,
      ...(severity ? { severity } : {}),
      ...(secrets.length > 0 ? { secrets } : {}),
    });
  }
}

/**
 * Checks one value: a string setting, an options object, or a list of either. `declared`: the names
 * the file declares variables of; a name none declares stands for no literal and no object here.
 */
function checkValue(node: Node | undefined, kind: Argument, client: string, verdicts: Verdicts, declared: ReadonlySet<string>, depth = 0): void {
  if (!node || depth > MAX_DEPTH) return;
  const expression = unwrap(node);
  if (Node.isIdentifier(expression) && !declared.has(expression.getText())) return;
  if (Node.isArrayLiteralExpression(expression)) {
    for (const element of expression.getElements()) checkValue(element, kind, client, verdicts, declared, depth + 1);
    return;
  }
  const options = depth === 0 ? optionsObject(expression) : objectLiteral(expression);
  if (options) {
    checkOptions(options, client, verdicts, declared, depth + 1);
    return;
  }
  for (const candidate of candidatesOf(expression)) {
    const verdict =
      kind === 'password'
        ? judgePassword(candidate.value, client, 'password')
        : judgeIfEndpoint(candidate, kind === 'target', client);
    verdicts.add(candidate.node, verdict);
  }
}

function judgeIfEndpoint(candidate: Candidate, bareHostAllowed: boolean, client: string): Verdict | undefined {
  const endpoint = endpointOf(candidate.value, bareHostAllowed);
  return endpoint && judgeEndpoint(endpoint, candidate.isDefault, client);
}

/** `port: 465` beside a host from the environment: the host moves per deploy but the port cannot. */
function checkPort(options: ObjectLiteralExpression, client: string, verdicts: Verdicts): void {
  const port = propertyValue(options, 'port');
  const host = ['host', 'hostname', 'server'].map((key) => propertyValue(options, key)).find((value) => value !== undefined);
  const portNumber = port && numberValue(unwrap(port));
  if (!port || portNumber === undefined || !host || candidatesOf(host).length > 0) return;
  verdicts.add(unwrap(port), { messageId: 'hardcodedPort', data: { client, port: String(portNumber) }, severity: 'note', secrets: [] });
}

function checkOptions(options: Node, client: string, verdicts: Verdicts, declared: ReadonlySet<string>, depth: number): void {
  if (!Node.isObjectLiteralExpression(options)) return;
  checkPort(options, client, verdicts);
  for (const property of options.getProperties()) {
    // `{ host }` names a variable: followed when it is a same-file const.
    if (!Node.isPropertyAssignment(property) && !Node.isShorthandPropertyAssignment(property)) continue;
    const key = property.getName().replace(/^['"]|['"]$/g, '');
    const value = Node.isPropertyAssignment(property) ? property.getInitializer() : property.getNameNode();
    if (PASSWORD_KEYS.has(key)) checkValue(value, 'password', client, verdicts, declared, depth);
    else if (ADDRESS_KEYS.has(key)) checkValue(value, 'target', client, verdicts, declared, depth);
    else if (URL_KEYS.has(key)) checkValue(value, 'url', client, verdicts, declared, depth);
    else if (value && (objectLiteral(value) || Node.isArrayLiteralExpression(unwrap(value)))) {
      // Nested settings: `socket: { host }`, `auth: { pass }`, `replication: { master: { host } }`.
      checkValue(value, 'url', client, verdicts, declared, depth);
    }
  }
}

function checkClientCall({ shape, call }: ClientCall<ClientShape<Argument>>, verdicts: Verdicts, declared: ReadonlySet<string>): void {
  call.getArguments().forEach((argument, index) => {
    const kind = shape.args[index];
    if (kind) checkValue(argument, kind, shape.client, verdicts, declared);
  });
}

/** Names of settings that hold a backing service's address: `REDIS_URL`, `MEILI_HOST`, `dbHost`, `smtp_server`. */
const ADDRESS_NAME = /(?:host|hostname|url|uri|dsn|addr|address|server|servers|endpoint|brokers|nodes)$/i;
/** What may follow `bucket` in the name of a variable that still names the bucket: `S3_BUCKET_NAME`, `UPLOADS_BUCKET_URL`. */
const BUCKET_PARTS = new Set(['name', 'names', 'id', 'arn', 'url', 'uri', 'host', 'hostname', 'endpoint']);

/**
 * Whether a variable names a bucket (`UPLOADS_BUCKET`, `s3BucketName`, `AWS_STORAGE_BUCKETNAME`), not
 * another part of its address (`BUCKET_PROTOCOL || 'https'`, `BUCKET_REGION`, `BUCKET_PATH_PREFIX`).
 */
function namesABucket(variable: string): boolean {
  const words = nameWords(variable);
  let at = -1;
  words.forEach((word, index) => {
    if (/bucket(?:name)?$/.test(word)) at = index;
  });
  return at >= 0 && words.slice(at + 1).every((word) => BUCKET_PARTS.has(word));
}

const SERVICE_SCHEME = /^(?:postgres|postgresql|mysql|mysql2|mariadb|mongodb|mongodb\+srv|redis|rediss|amqp|amqps|nats|kafka|mssql|sqlserver|memcached|cassandra|neo4j|bolt|clickhouse|couchdb|cockroachdb):\/\//i;

/**
 * Fallbacks of environment reads that name a backing service, wherever they are used:
 * `process.env.MONGO_URL || 'mongodb://localhost/app'` in a config module, `S3_BUCKET ?? 'acme-prod-uploads'`.
 */
function checkFallback(node: Node, verdicts: Verdicts): void {
  const value = withHoles(node);
  const variable = envFallbackVariable(node) ?? 'the variable';
  if (namesABucket(variable) && !isPlaceholder(value) && !value.includes(HOLE)) {
    verdicts.add(node, { messageId: 'bucketFallback', data: { variable, bucket: value }, severity: 'warning', secrets: [] });
    return;
  }
  const isAddress = SERVICE_SCHEME.test(value) || (isBackingServiceSetting('', variable) && ADDRESS_NAME.test(variable));
  const endpoint = isAddress ? endpointOf(value, !SERVICE_SCHEME.test(value)) : undefined;
  verdicts.add(node, endpoint && judgeEndpoint(endpoint, true, variable));
}

/**
 * Keys beside a `host` that make an object a connection's settings (`{ HOST, USER, PASSWORD, DB, dialect }`,
 * `{ host, port, secure, auth }`): one that says where or what the service is, and one that says who connects.
 */
const SERVICE_KEYS = /^(?:dialect|database|db|dbname|db_name|driver|port|secure|replicaset)$/i;
const ACCOUNT_KEYS = /^(?:user|username|password|pass|auth|database|db|dbname|db_name)$/i;
const SETTINGS_HOST_KEYS = /^(?:host|hostname|server|db_?host)$/i;

/** The unquoted names of an object literal's properties ('' for spreads and methods); `file` spares a walk up to it per name. */
function propertyNames(object: ts.ObjectLiteralExpression, file: ts.SourceFile): string[] {
  return object.properties.map((property) => (ts.isPropertyAssignment(property) || ts.isShorthandPropertyAssignment(property) ? property.name.getText(file).replace(/^['"]|['"]$/g, '') : ''));
}

function isSettingsObject(object: ts.ObjectLiteralExpression, file: ts.SourceFile): boolean {
  const names = propertyNames(object, file);
  return names.some((name) => SERVICE_KEYS.test(name)) && names.some((name) => ACCOUNT_KEYS.test(name)) && !hasWordPort(object, file);
}

/**
 * `port: 'public'`: a port that is a word, not a number, says the object maps each connection
 * field to something else (a sensitivity class, a form label, a type), so `host: 'public'` beside it
 * names no host.
 */
function hasWordPort(object: ts.ObjectLiteralExpression, file: ts.SourceFile): boolean {
  return object.properties.some((property) => {
    if (!ts.isPropertyAssignment(property) || property.name.getText(file).replace(/^['"]|['"]$/g, '').toLowerCase() !== 'port') return false;
    const value = property.initializer;
    return (ts.isStringLiteral(value) || ts.isNoSubstitutionTemplateLiteral(value)) && /^[a-z]/i.test(value.text);
  });
}

/** Connection settings kept in a plain object (a config module, a knexfile entry) rather than passed to a client here. */
function checkSettingsObject(object: ObjectLiteralExpression, verdicts: Verdicts): void {
  const names = propertyNames(object.compilerNode, object.getSourceFile().compilerNode);
  const dialect = ['dialect', 'client', 'type', 'driver'].map((key) => stringValue(propertyValue(object, key))).find((value) => value !== undefined);
  for (const property of object.getProperties()) {
    if (!Node.isPropertyAssignment(property) || !SETTINGS_HOST_KEYS.test(property.getName().replace(/^['"]|['"]$/g, ''))) continue;
    // Only a literal written here: a const is reported where it is declared, a fallback by checkFallback.
    const value = unwrap(property.getInitializer() ?? property);
    const host = Node.isStringLiteral(value) || Node.isNoSubstitutionTemplateLiteral(value) ? value.getLiteralValue() : undefined;
    if (host === undefined || isUnderNonProductionKey(value)) continue;
    const client = dialect ?? (names.some((name) => /^(?:auth|secure)$/i.test(name)) ? 'mail' : 'connection');
    const verdict = judgeIfEndpoint({ node: value, value: host, isDefault: false }, true, client);
    verdicts.add(value, verdict && { ...verdict, messageId: verdict.messageId === 'hardcodedHost' ? 'settingsHost' : verdict.messageId, data: { ...verdict.data, setting: property.getName() } });
  }
}

/** `process.loadEnvFile('.env.example')`, `dotenv.config({ path: '.env.sample' })`: the template becomes the config. */
const LOADS_TEMPLATE = /(?:loadEnvFile|config)\s*\(\s*(?:\{[^}]*?path\s*:\s*)?(?:[\w.]+\s*\(\s*[^)]*?,\s*)?['"`]([^'"`]*\.env\.(?:example|sample|template|dist|defaults))['"`]/;

/** Backing-service addresses in the env templates the app loads at startup (file name -> the script loading it): their values become fallbacks. */
function checkLoadedTemplates(context: RuleContext<MessageId>, loaded: ReadonlyMap<string, string>): void {
  for (const [name, loader] of loaded) {
    const template = context.files.find((file) => file.path === (context.app.path === '.' ? name : `${context.app.path}/${name}`));
    const text = template && context.text(template.path);
    if (!template || text === undefined) continue;
    for (const entry of envEntries(text)) {
      const isAddress = SERVICE_SCHEME.test(entry.value) || (isBackingServiceSetting('', entry.name) && ADDRESS_NAME.test(entry.name));
      const endpoint = isAddress ? endpointOf(entry.value, !SERVICE_SCHEME.test(entry.value)) : undefined;
      const host = endpoint?.hosts.find((candidate) => !isPlaceholder(candidate));
      if (host === undefined || context.options.flagFallbacks === false) continue;
      context.report({
        messageId: 'exampleFallback',
        data: { variable: entry.name, host, template: template.path, loader },
        file: template.path,
        line: entry.line,
        column: entry.column,
        severity: 'note',
        ...(endpoint?.password ? { secrets: [endpoint.password] } : {}),
      });
    }
  }
}

/**
 * Backing-service addresses in a committed env file named for a deployed environment
 * (`.env.production`, `.env.production.local`): the values a deploy runs with unless its real
 * environment overrides them, as an env template the app loads would be. Judged as defaults: a
 * compose service name (`DB_HOST=db`) is wiring, loopback is a low finding, a real host a medium one.
 * A password in the address is config/hardcoded-credentials' (via config/committed-env-file).
 */
function checkDeployedEnvFiles(context: RuleContext<MessageId>): void {
  if (context.options.flagFallbacks === false) return;
  const envFiles = context.files.filter((file) => isEnvFile(file.path) && (file.role === 'config' || file.role === 'source') && isDeployedEnvironmentEnvFile(file.path, file.role));
  for (const file of envFiles) {
    for (const entry of envEntries(context.text(file.path) ?? '')) {
      const isConnectionString = SERVICE_SCHEME.test(entry.value);
      const isAddress = isConnectionString || (isBackingServiceSetting('', entry.name) && ADDRESS_NAME.test(entry.name));
      const endpoint = isAddress ? endpointOf(entry.value, !isConnectionString) : undefined;
      const hosts = endpoint?.hosts.filter((candidate) => LOOPBACK.test(candidate) || !SERVICE_NAME.test(candidate)) ?? [];
      const verdict = endpoint && judgeEndpoint({ hosts, isUrl: endpoint.isUrl }, true, entry.name);
      const host = verdict?.data.host;
      if (!verdict || host === undefined) continue;
      context.report({
        messageId: 'deployedEnvFile',
        data: { file: file.path.replace(/^.*\//, ''), variable: entry.name, host },
        file: file.path,
        line: entry.line,
        column: entry.column,
        severity: verdict.severity ?? 'warning',
      });
    }
  }
}

/** `[database] Host = 127.0.0.1:3306` in a committed `app.ini`; also any connection string in such a file. */
function checkConfigFile(text: string, path: string, context: RuleContext<MessageId>): void {
  for (const entry of iniEntries(text)) {
    const isConnectionString = SERVICE_SCHEME.test(entry.value);
    const isAddress = isConnectionString || (isBackingServiceSetting(entry.section, entry.key) && ADDRESS_NAME.test(entry.key));
    const endpoint = isAddress ? endpointOf(entry.value, !isConnectionString) : undefined;
    const verdict = endpoint && judgeEndpoint(endpoint, false, entry.section || entry.key);
    if (!verdict || verdict.messageId === 'hardcodedCredential') continue;
    context.report({
      messageId: 'configFile',
      data: { host: verdict.data.host ?? '', key: entry.section === '' ? entry.key : `${entry.section}.${entry.key}` },
      file: path,
      line: entry.line,
      column: entry.column,
      severity: 'warning',
      ...(verdict.secrets.length > 0 ? { secrets: verdict.secrets } : {}),
    });
  }
}

/** Languages whose code names the config files it loads. */
const PROGRAM_LANGUAGES = new Set(['go', 'python', 'javascript', 'typescript']);
/** A quoted YAML file name in code: `cleanenv.ReadConfig(dir+"/config.yml", cfg)`, `open('settings.yaml')`. */
const QUOTED_YAML_NAME = /["'`]([^"'`\s]*\.ya?ml)["'`]/g;
/** viper's `SetConfigName("config")` (the extension is found on disk). */
const CONFIG_NAME_CALL = /SetConfigName\(\s*"([^"\s]+)"/g;
/** Folders of developers' and CI settings, and deploy manifests: not what the app reads at startup. */
const NOT_APP_CONFIG = /(?:^|\/)(?:dev|devel|development|\.devcontainer|\.github|\.circleci|\.gitlab|k8s|kubernetes|helm|charts|deploy|deployments|manifests|gitops)\//i;
const MAX_LOADED_CONFIG_SIZE = 256 * 1024;
/** Keys whose value may be a bare `host[:port]`; a `*_url`/`*_uri`/`*_dsn` wants a scheme or a DSN. */
const BARE_HOST_KEY = /(?:host|hostname|addr|address|server|servers|endpoint|brokers|nodes)$/i;

/**
 * The app's committed YAML config files that its code loads by name (a Go service's
 * `cleanenv.ReadConfig(dir+"/config.yml")` or viper `SetConfigName("config")`, a Python
 * `yaml.safe_load(open("config.yaml"))`): what they hold is what the process runs with, whatever the
 * environment overrides. Files of a developer's environment, compose files and manifests are left out.
 */
function loadedYamlConfigs(context: RuleContext<MessageId>): IndexedFile[] {
  const configs = context.files.filter(
    (file) =>
      file.role === 'config' &&
      file.language === 'yaml' &&
      file.size <= MAX_LOADED_CONFIG_SIZE &&
      !isComposeFile(file.path) &&
      !isDevelopmentFile(file.path) &&
      !NOT_APP_CONFIG.test(file.path),
  );
  if (configs.length === 0) return [];
  const names = new Set<string>();
  for (const file of context.files) {
    if (file.role !== 'source' || !PROGRAM_LANGUAGES.has(file.language)) continue;
    const text = context.text(file.path) ?? '';
    if (!/\.ya?ml|SetConfigName/.test(text)) continue;
    for (const [, name = ''] of text.matchAll(QUOTED_YAML_NAME)) names.add(posix.basename(name));
    for (const [, name = ''] of text.matchAll(CONFIG_NAME_CALL)) for (const extension of ['.yml', '.yaml']) names.add(`${posix.basename(name)}${extension}`);
  }
  return configs.filter((file) => names.has(posix.basename(file.path)));
}

/**
 * `postgres: { dsn_url: host=127.0.0.1 user=app password=... }`, `rabbitmq: { url: amqp://guest:guest@localhost }`
 * in a YAML config file the app loads: a backing service's address fixed in committed config. A
 * loopback host with no credentials is a note (what runs when nothing overrides it); a real host or
 * credentials, a warning.
 */
function checkLoadedYaml(text: string, path: string, context: RuleContext<MessageId>): void {
  for (const entry of dataEntries(text)) {
    const section = entry.path.slice(0, -1).filter((segment) => typeof segment === 'string').join('.');
    const isConnectionString = SERVICE_SCHEME.test(entry.value);
    const isAddress = isConnectionString || (isBackingServiceSetting(section, entry.name) && ADDRESS_NAME.test(entry.name));
    // A bare `host:port` only under a host-like key: `db-uri: app.db` names a SQLite file.
    const bareHostAllowed = !isConnectionString && BARE_HOST_KEY.test(entry.name);
    const endpoint = isAddress && !WILDCARD_BIND.test(entry.value) ? sourceEndpoint(entry.value, bareHostAllowed) : undefined;
    const hosts = endpoint?.hosts.filter((host) => host !== '' && !isPlaceholder(host)) ?? [];
    const host = hosts.find((candidate) => !LOOPBACK.test(candidate)) ?? hosts[0];
    if (endpoint === undefined || host === undefined) continue;
    const password = endpoint.password ?? keywordPassword(entry.value);
    const serious = !LOOPBACK.test(host) || (password !== undefined && !isPlaceholder(password));
    context.report({
      messageId: 'configFile',
      data: { host, key: section === '' ? entry.name : `${section}.${entry.name}` },
      file: path,
      line: entry.line,
      column: entry.column,
      severity: serious ? 'warning' : 'note',
      ...(password !== undefined ? { secrets: [password] } : {}),
    });
  }
}

/** The password of a libpq keyword/value DSN (`host=db user=app password=...`), if it names one. */
function keywordPassword(value: string): string | undefined {
  return /(?:^|\s)(?:host|user|dbname)=/.test(value) ? /(?:^|\s)password=([^\s]+)/.exec(value)?.[1] : undefined;
}

/** What a fallback without a literal host reaches: `sqlite:///app.db` a file, `redis://` the client's default. */
function fallbackTarget(value: string, endpoint: Endpoint | undefined): string | undefined {
  if (/^sqlite:/i.test(value)) return 'a SQLite file';
  const host = endpoint?.hosts.find((candidate) => !isPlaceholder(candidate));
  if (host !== undefined) return host;
  return SERVICE_SCHEME.test(value) ? "the client's local default" : undefined;
}


/** `user:pass@tcp(127.0.0.1:3306)/db`, the go-sql-driver DSN. */
const MYSQL_DSN = /@tcp\(([^)]+)\)/;
/** `host=localhost user=app dbname=app`, the libpq key-value DSN. */
const KEY_VALUE_DSN = /(?:^|\s)host=([^\s]+)/;
/** Calls whose string arguments are text for a human: a log line, an error, a printed hint. */
const TEXT_CALL = /(?:^|\.)(?:Print\w*|Fatal\w*|Panic\w*|Errorf|New|Error|Warn\w*|Info\w*|Debug\w*|print|warning|info|debug|error|exception)$/;
/** Go struct fields and dict or map keys naming a backing service's address: `Addr: "localhost:6379"`, `'HOST': 'db'`. */
const ADDRESS_FIELDS = new Set(['Addr', 'Addrs', 'Address', 'Host', 'HOST', 'host']);
/** Python client calls whose `host=` keyword is a backing service's address: `psycopg2.connect(host=...)`, `redis.Redis(host=...)`. */
const CLIENT_CALL = /(?:^|\.)(?:connect|Redis|StrictRedis|MongoClient|Elasticsearch|SMTP|SMTP_SSL|Connection|ConnectionPool|create_pool|Minio)$/;
/** Env-reading helpers of other packages, given the variable then its default: `utils.GetEnv("DB_HOST", "localhost")`. */
const ENV_HELPER = /(?:^|\.)(?:getEnv\w*|GetEnv\w*|envOr\w*|EnvOr\w*)$/;
/** Files worth reading for address fields: they name a backing service. */
const NAMES_SERVICE = /redis|sql|mongo|amqp|DATABASES|ENGINE|gorm|nats|kafka|memcache|smtp/i;

/** The host a Go or Python literal connects to, if it is a connection string or DSN of a backing service. */
function sourceEndpoint(value: string, bareHostAllowed: boolean): Endpoint | undefined {
  if (/[%{]/.test(value)) return undefined;
  if (SERVICE_SCHEME.test(value)) return endpointOf(value, false);
  const mysql = MYSQL_DSN.exec(value);
  if (mysql) return { hosts: [stripPort(mysql[1] ?? '')], isUrl: true };
  const keyValue = /\b(?:dbname|user)=/.test(value) ? KEY_VALUE_DSN.exec(value) : null;
  if (keyValue) return { hosts: [keyValue[1] ?? ''], isUrl: true };
  return bareHostAllowed ? endpointOf(value, true) : undefined;
}

/** `getEnv("X", "d")` of a helper from another package: its string default, with the variable. */
function helperFallbacks(calls: readonly SourceCall[]): LiteralFallback[] {
  return calls.flatMap(({ callee, arguments: args }) => {
    const [name, fallback] = args;
    const isHelper = callee !== null && ENV_HELPER.test(callee) && name?.kind === 'string' && fallback?.kind === 'string';
    return isHelper && typeof fallback.value === 'string' ? [{ variable: String(name.value), value: fallback.value, span: fallback.span }] : [];
  });
}

/**
 * Defaults of environment reads that name a backing service, in Python and Go: `os.environ.get('DATABASE_URL')
 * or 'sqlite:///...'`, `os.getenv('REDIS_HOST', 'localhost')`, `getEnv("QUEUE_ADDR", "localhost:6379")`.
 */
function checkSourceFallbacks(context: RuleContext<MessageId>, path: string, fallbacks: readonly LiteralFallback[]): void {
  for (const { variable, value, span } of fallbacks) {
    const name = variable ?? 'the variable';
    const hasScheme = SERVICE_SCHEME.test(value) || /^sqlite:/i.test(value);
    if (!hasScheme && !(value !== '' && isBackingServiceSetting('', name) && ADDRESS_NAME.test(name))) continue;
    const endpoint = SERVICE_SCHEME.test(value) ? endpointOf(value, false) : sourceEndpoint(value, !hasScheme);
    const target = fallbackTarget(value, endpoint);
    if (target === undefined) continue;
    const verdict = endpoint && judgeEndpoint(endpoint, true, name);
    const secrets = verdict?.secrets ?? [];
    context.report({
      messageId: verdict?.messageId === 'remoteFallback' ? 'remoteFallback' : 'fallback',
      data: { client: name, host: target },
      file: path,
      line: span.line,
      column: span.column,
      severity: verdict?.messageId === 'remoteFallback' || secrets.length > 0 ? 'warning' : 'note',
      ...(secrets.length > 0 ? { secrets } : {}),
    });
  }
}

const WILDCARD_BIND = /^(?:0\.0\.0\.0|\[?::\]?)(?::\d+)?$/;

/**
 * A holder of the built-in defaults a config file or flags are merged over (`var DefaultStorageConfig
 * = Storage{...}`, `DEFAULTS = {...}`): what it names is used when the setting is missing, a fallback.
 * Not Django's `'default'` database alias, which is the database itself.
 */
const DEFAULTS_HOLDER = /^(?:default|Default|DEFAULT)_?[A-Za-z]/;

/**
 * `"host": "server.host"`, a table of renamed setting keys: the value ends in the key it stands
 * beside, a key path, not a host.
 */
function isKeyPath(name: string | null, value: string): boolean {
  return name !== null && value.toLowerCase().endsWith(`.${name.toLowerCase()}`);
}

/**
 * `url.URL{Scheme: "otpauth", Host: "totp"}`: the host part of a URL whose literal scheme is not a
 * backing service's (an authenticator URI, a web link) connects to nothing.
 */
function isHostOfOtherScheme(literal: BoundLiteral, bound: readonly BoundLiteral[]): boolean {
  if (literal.name !== 'Host' || literal.type === undefined || !/(?:^|\.)URL$/.test(literal.type)) return false;
  const scheme = bound.find(
    (other) => other.name === 'Scheme' && other.type === literal.type && other.value.kind === 'string' && other.path.join('.') === literal.path.join('.') && Math.abs(other.span.line - literal.span.line) <= 3,
  );
  return scheme !== undefined && !SERVICE_SCHEME.test(`${String(scheme.value.value)}://`);
}

/**
 * Connection strings, DSNs and address fields written in Go and Python source:
 * `sql.Open("mysql", "root:pw@tcp(127.0.0.1:3306)/app")`, `redis.Options{Addr: "localhost:6379"}`,
 * `SQLALCHEMY_DATABASE_URI = 'postgresql://...'`, Django `'HOST': 'db.internal'`. Fallbacks are
 * `checkSourceFallbacks`'; text for humans, test helpers and developer settings are left alone.
 */
function checkSourceLiterals(context: RuleContext<MessageId>, file: IndexedFile, bound: readonly BoundLiteral[], fallbackAt: ReadonlySet<string>): void {
  const namesService = NAMES_SERVICE.test(context.text(file.path) ?? '');
  const functions = context.facts(file.path, sourceFunctions) ?? [];
  for (const literal of bound) {
    const { value, span, binding, name, call } = literal;
    if (value.kind !== 'string' || value.value === '' || literal.fallbackOf || fallbackAt.has(`${span.line}:${span.column}`)) continue;
    if (TEXT_CALL.test(call?.callee ?? '') || /test/i.test(enclosingFunction(functions, span)?.name ?? '') || isLocalLiteral(context, literal, file.path)) continue;
    // `Address: "0.0.0.0"` is where the app's own server listens: no client connects to a wildcard address.
    if (WILDCARD_BIND.test(value.value) || isKeyPath(name, value.value) || isHostOfOtherScheme(literal, bound)) continue;
    const isClientKeyword = binding === 'keyword' && CLIENT_CALL.test(call?.callee ?? '');
    const isAddressField = namesService && (binding === 'field' || binding === 'key' || isClientKeyword) && ADDRESS_FIELDS.has(name ?? '');
    const endpoint = sourceEndpoint(value.value, isAddressField);
    const defaults = literal.path.find((segment) => DEFAULTS_HOLDER.test(segment));
    const verdict = endpoint && judgeEndpoint(endpoint, defaults !== undefined, file.language === 'go' ? 'Go code' : 'Python code');
    if (!verdict) continue;
    if (defaults !== undefined && verdict.data.host !== undefined) {
      if (context.options.flagFallbacks === false) continue;
      const severity = verdict.messageId === 'remoteFallback' || verdict.secrets.length > 0 ? 'warning' : 'note';
      context.report({ messageId: 'configDefault', data: { holder: defaults, host: verdict.data.host }, file: file.path, line: span.line, column: span.column, severity, ...(verdict.secrets.length > 0 ? { secrets: verdict.secrets } : {}) });
      continue;
    }
    context.report({
      messageId: verdict.messageId === 'hardcodedCredential' || verdict.data.host === undefined ? verdict.messageId : 'textLiteral',
      data: verdict.data,
      file: file.path,
      line: span.line,
      column: span.column,
      ...(verdict.severity ? { severity: verdict.severity } : {}),
      ...(verdict.secrets.length > 0 ? { secrets: verdict.secrets } : {}),
    });
  }
}

/** Python and Go source that runs as the process: its fallbacks, then its literals. */
function checkSources(context: RuleContext<MessageId>): void {
  forEachSourceFacts(
    context,
    literals,
    (bound, file) => {
      const fileCalls = context.facts(file.path, calls) ?? [];
      const fallbacks = literalFallbacks(context.facts(file.path, envReads) ?? [], context.facts(file.path, pythonChainedFallbacks) ?? [], fileCalls);
      const fallbackAt = new Set(fallbacks.map(({ span }) => `${span.line}:${span.column}`));
      const fromHelpers = helperFallbacks(fileCalls).filter(({ span }) => !fallbackAt.has(`${span.line}:${span.column}`));
      for (const { span } of fromHelpers) fallbackAt.add(`${span.line}:${span.column}`);
      // A fallback in settings for a developer's machine or a test run (`class TestingConfig`) is theirs to choose.
      const localAt = new Set(bound.filter((literal) => isLocalLiteral(context, literal, file.path)).map(({ span }) => `${span.line}:${span.column}`));
      const deployed = [...fallbacks, ...fromHelpers].filter(({ span }) => !localAt.has(`${span.line}:${span.column}`));
      if (context.options.flagFallbacks !== false) checkSourceFallbacks(context, file.path, deployed);
      checkSourceLiterals(context, file, bound, fallbackAt);
    },
    isRuntimeSource,
  );
}

const PRISMA_URL_SETTINGS = ['url', 'directUrl', 'shadowDatabaseUrl'];

function checkPrismaSchema(text: string, path: string, context: RuleContext<MessageId>): void {
  for (const datasource of prismaDatasources(text)) {
    for (const setting of PRISMA_URL_SETTINGS) {
      const found = datasource.settings.get(setting);
      const endpoint = found?.value === undefined ? undefined : endpointOf(found.value, false);
      const verdict = endpoint && judgeEndpoint(endpoint, false, 'Prisma');
      if (!found || !verdict) continue;
      const host = verdict.data.host;
      context.report({
        messageId: host === undefined ? verdict.messageId : 'prismaUrl',
        data: { ...verdict.data, datasource: datasource.name, setting },
        file: path,
        line: found.line,
        column: found.column,
        ...(verdict.severity ? { severity: verdict.severity } : {}),
        ...(verdict.secrets.length > 0 ? { secrets: verdict.secrets } : {}),
      });
    }
  }
}

const TRIGGERS = [
  'env', 'host', 'HOST', 'Host', 'meili', 'typesense', 'pg', 'postgres', 'neon', 'mysql', 'mariadb', 'mssql', 'mongo', 'redis', 'sequelize', 'knex', 'typeorm', 'mikro-orm',
  'drizzle', 'prisma', 'nodemailer', 'amqp', 'kafkajs', 'aws-sdk', 'elastic', 'opensearch', 'minio', 'nats',
  'cassandra', 'neo4j', 'bull', 'datasource',
];

/** What one script says about connections: verdicts on its literals, and the env template it loads, if any. */
interface ScriptConnections {
  verdicts: LiteralVerdict[];
  /** The path of an env template the script loads at startup (`.env.example`). */
  loadedTemplate?: string;
}

/**
 * Which calls of a file may create a client of CLIENTS, read raw as a superset of what
 * `clientCallReader` finds, so that the others are never wrapped. Never the call of a decorator
 * (`@Property()`): it makes a decorator, not a client. Every other call when a module is named only
 * at run time (inline, or `require(NAME)`), or one is bound any member of which is a client (the AWS
 * SDK). Otherwise, with only import declarations binding modules: a call of a name imported as a
 * client member (`import { Pool } from 'pg'`, a default or namespace import of a module that is one),
 * or of a member access ending in a client member's last name whose root is imported from a client
 * module (`new pg.Pool`, `MikroORM.init`); or anything a top-level variable may alias (`const { Pool } = pg`).
 */
function clientCallFilter(file: ts.SourceFile): (call: ts.Node) => boolean {
  const bound = boundModuleCandidates(file);
  if (bound === undefined || INLINE_MODULE.test(file.text) || bound.some((specifier) => shapesOf(specifier, ANY_MEMBER_CLIENTS).length > 0)) {
    return (call) => !isDecoratorCall(call);
  }
  const imports = clientImports(file);
  if (imports.size === 0) return () => false;
  const aliases = topLevelVariableNames(file);
  return (call) => {
    if (isDecoratorCall(call)) return false;
    let callee = unwrapRaw((call as ts.CallExpression | ts.NewExpression).expression);
    if (ts.isAwaitExpression(callee)) callee = unwrapRaw(callee.expression);
    if (ts.isIdentifier(callee)) {
      const imported = imports.get(callee.text);
      return aliases.has(callee.text) || (imported !== undefined && imported.shapes.some(({ members }) => members.includes(imported.path)));
    }
    if (!ts.isPropertyAccessExpression(callee)) return true;
    const root = rawDottedRoot(callee);
    return CLIENT_MEMBER_NAMES.has(callee.name.text) && (root === undefined || aliases.has(root) || imports.has(root));
  };
}

function isDecoratorCall(call: ts.Node): boolean {
  return call.parent.kind === SyntaxKind.Decorator;
}

const INLINE_MODULE = /\brequire\b|\bimport\s*\(/;
const ANY_MEMBER_CLIENTS = CLIENTS.filter(({ members }) => members.includes('*'));
/** The last name of each client member path: `Pool` of `native.Pool`, `init` of `MikroORM.init`. */
const CLIENT_MEMBER_NAMES = new Set(CLIENTS.flatMap(({ members }) => members.map((member) => member.slice(member.lastIndexOf('.') + 1))));

function shapesOf(specifier: string, shapes: readonly ClientShape<Argument>[]): ClientShape<Argument>[] {
  return shapes.filter(({ modules }) => modules.some((pattern) => (pattern.endsWith('*') ? specifier.startsWith(pattern.slice(0, -1)) : specifier === pattern)));
}

/** A local name a top-level import of a client module binds: the member path it stands for (`''` the module), and that module's client shapes. */
interface ClientImport {
  path: string;
  shapes: ClientShape<Argument>[];
}

function clientImports(file: ts.SourceFile): Map<string, ClientImport> {
  const imports = new Map<string, ClientImport>();
  for (const [local, { specifier, imported }] of importBindings(file)) {
    const shapes = shapesOf(specifier, CLIENTS);
    if (shapes.length > 0) imports.set(local, { path: imported === 'default' || imported === '*' ? '' : imported, shapes });
  }
  return imports;
}

/** Every name a top-level variable declaration binds, destructured ones included. */
function topLevelVariableNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  const add = (name: ts.BindingName): void => {
    if (ts.isIdentifier(name)) names.add(name.text);
    else for (const element of name.elements) if (!ts.isOmittedExpression(element)) add(element.name);
  };
  for (const statement of file.statements) {
    if (ts.isVariableStatement(statement)) for (const declaration of statement.declarationList.declarations) add(declaration.name);
  }
  return names;
}

/**
 * Each JS/TS file holding a trigger: client calls, settings objects and env fallbacks judged in one
 * walk, each node kind read by its own check; only the nodes a cheap raw test lets through get wrapped.
 * Client calls are judged at the end of the walk, when every variable the file declares is known.
 */
export const scriptConnections: FileExtractor<ScriptConnections | undefined> = {
  name: 'backing-services/hardcoded-connection',
  version: 6,
  module: import.meta.url,
  roles: ['source', 'config'],
  triggers: TRIGGERS,
  typescript: {
    kinds: [SyntaxKind.CallExpression, SyntaxKind.NewExpression, SyntaxKind.ObjectLiteralExpression, SyntaxKind.VariableDeclaration, ...LITERAL_KINDS],
    create(file) {
      const mayBeClientCalls: ts.Node[] = [];
      const declared = new Set<string>();
      const clientCall = clientCallReader(CLIENTS);
      const envFallback = envFallbackReader();
      // Read at the first node: the raw source file, and which of its calls may create a client.
      let sourceFile: ts.SourceFile | undefined;
      let mayCreateClient: (call: ts.Node) => boolean = () => false;
      // Each check's verdicts in source order; the order of the checks decides which verdict on a literal is reported.
      const [fromClients, fromSettings, fromFallbacks] = [new Verdicts(), new Verdicts(), new Verdicts()];
      return {
        visit(node) {
          if (sourceFile === undefined) {
            sourceFile = node.getSourceFile();
            mayCreateClient = clientCallFilter(sourceFile);
          }
          if (node.kind === SyntaxKind.VariableDeclaration) {
            const { name } = node as ts.VariableDeclaration;
            if (ts.isIdentifier(name)) declared.add(name.text);
          } else if (node.kind === SyntaxKind.CallExpression || node.kind === SyntaxKind.NewExpression) {
            if (mayCreateClient(node)) mayBeClientCalls.push(node);
          } else if (node.kind === SyntaxKind.ObjectLiteralExpression) {
            if (isSettingsObject(node as ts.ObjectLiteralExpression, sourceFile)) checkSettingsObject(wrapped<ObjectLiteralExpression>(node), fromSettings);
          } else {
            const fallback = envFallback(node);
            if (fallback) checkFallback(fallback, fromFallbacks);
          }
        },
        result() {
          for (const node of mayBeClientCalls) {
            const call = clientCall(node);
            if (call) checkClientCall(call, fromClients, declared);
          }
          const loadedTemplate = LOADS_TEMPLATE.exec(file.text)?.[1];
          return {
            // Connections made in code named for tests or demos (`getTestTransportOptions()`) are a stand-in's.
            verdicts: [fromClients, fromSettings, fromFallbacks].flatMap(({ found }) =>
              found.filter(({ node }) => !inSampleScope(node)).map(({ node, verdict }) => ({ ...verdict, start: node.getStart(), span: spanOf(node, file) })),
            ),
            ...(loadedTemplate !== undefined && { loadedTemplate }),
          };
        },
      };
    },
  },
};

export const hardcodedConnection = defineRule<MessageId>({
  id: 'backing-services/hardcoded-connection',
  factor: 'backing-services',
  defaultSeverity: 'error',
  title: 'Backing service connection written in code',
  description:
    'Finds database, cache, queue, mail and storage clients constructed with literal hosts, connection strings or passwords instead of config.',
  fix: 'Read the connection string (or host and credentials) from the environment, e.g. new Pool({ connectionString: process.env.DATABASE_URL }).',
  messages: {
    hardcodedUrl: '{{client}} connects to a connection string for {{host}} written in the code; read it from the environment',
    hardcodedHost: '{{client}} connects to host {{host}} written in the code; read it from the environment',
    remoteFallback: '{{client}} falls back to {{host}} when the environment does not set it; fail fast instead of reaching a real host',
    fallback: '{{client}} falls back to {{host}} when the environment does not set it: a deploy that forgets the variable silently connects there instead of failing',
    bucketFallback: '{{variable}} falls back to the bucket "{{bucket}}" when unset: a deploy that forgets it writes into that bucket',
    hardcodedPort: '{{client}} port {{port}} is written in the code while the host comes from config; read the port (or a URL) from the environment too',
    settingsHost: '{{client}} settings name host {{host}} in the code ({{setting}}); read it from the environment',
    configFile: '{{key}} names host {{host}} in committed config; read it from the environment so each deploy attaches its own',
    textLiteral: 'a connection to {{host}} is written in the code; read the connection string from the environment',
    configDefault:
      '{{holder}} gives {{host}} as the built-in default: a deploy whose config leaves the setting out silently connects there instead of failing (unless the app refuses to start without it)',
    exampleFallback: '{{template}} is loaded at startup ({{loader}}), so {{variable}} falls back to {{host}} when the environment does not set it',
    deployedEnvFile:
      '{{file}} is committed as a deployed environment\'s config and points {{variable}} at {{host}}: a deploy whose environment does not set it connects there; set it per deploy instead',
    hardcodedCredential: '{{client}} is given a {{property}} written in the code; read it from the environment',
    prismaUrl: 'Prisma datasource "{{datasource}}" has a {{setting}} for {{host}} written in the schema; use env("DATABASE_URL")',
  },
  defaultOptions: { flagFallbacks: true },
  triggers: TRIGGERS,
  supersedes: ['config/hardcoded-endpoints'],
  tags: ['security'],
  appliesTo: (app) => (isKnownLibrary(app) ? 'libraries receive their connections from the app that uses them' : true),
  facts: [scriptConnections, literals, envReads, calls, pythonChainedFallbacks, sourceFunctions],
  check(context) {
    const loadedTemplates = new Map<string, string>();
    forEachScriptFacts(
      context,
      scriptConnections,
      (facts, file) => {
        if (isStaticAssetPath(file.path) || isToolingPath(file.path) || isTranslationPath(file.path) || isLocalSettingsPath(context, file.path)) return;
        if (facts.loadedTemplate !== undefined) loadedTemplates.set(facts.loadedTemplate.replace(/^.*\//, ''), file.path);
        reportScript(context, file.path, facts.verdicts);
      },
      ['source', 'config'],
    );
    checkLoadedTemplates(context, loadedTemplates);
    checkDeployedEnvFiles(context);
    checkSources(context);
    for (const file of context.candidates((candidate) => (candidate.role === 'config' || candidate.role === 'source') && isIniConfigPath(candidate.path))) {
      const text = context.text(file.path);
      if (text !== undefined) checkConfigFile(text, file.path, context);
    }
    for (const file of loadedYamlConfigs(context)) {
      const text = context.text(file.path);
      if (text !== undefined) checkLoadedYaml(text, file.path, context);
    }
    for (const file of context.candidates((candidate) => candidate.path.endsWith('.prisma') && candidate.role !== 'test' && candidate.role !== 'docs')) {
      const text = context.text(file.path);
      if (text !== undefined) checkPrismaSchema(text, file.path, context);
    }
  },
});
