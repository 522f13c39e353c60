import { SyntaxKind, ts } from 'ts-morph';
import {
  isEnvironmentCondition,
  type FileExtractor,
  type GeneratedSecret,
  defineRule,
  forEachRuntimeScriptFacts,
  forEachRuntimeSourceFacts,
  isSigningSecretName,
  isLocalSettingsPath,
  isStartupFunctionName,
  rawText,
  sourceGeneratedSecrets,
  unwrapRaw,
} from '../../src/rule-kit/index.js';

type MessageId = 'generated' | 'fallback' | 'persisted';

/** Calls that make up a random value; a holder's name says whether it is a secret. */
const RANDOM_CALLEES = new Set(['randomBytes', 'randomUUID', 'v4', 'uuidv4', 'uuid', 'nanoid', 'cryptoRandomString', 'generateSecret']);
/** Calls that make key material whatever holds it: key pairs and symmetric keys. */
const KEY_CALLEES = new Set(['generateKeyPair', 'generateKeyPairSync', 'generateKey', 'generateKeySync', 'generateVAPIDKeys']);
const TRIGGERS = ['randomBytes', 'randomUUID', 'uuid', 'nanoid', 'Math.random', 'cryptoRandomString', 'generateSecret', 'generateKey', 'generateVAPIDKeys'];
const SOURCE_TRIGGERS = ['urandom', 'token_hex', 'token_urlsafe', 'token_bytes', 'uuid4', 'get_random_', 'generate_key', 'GenerateRandomKey', 'rand.Read', 'GenerateKey'];

/** Methods that only re-encode their receiver: `randomBytes(32).toString('hex')`, `keyPair.privateKey.export(...)`. */
const ENCODING_METHODS = new Set(['toString', 'slice', 'substring', 'substr', 'replace', 'replaceAll', 'toUpperCase', 'toLowerCase', 'export', 'join']);
/** Calls that only re-encode their first argument: `String(uuid())`, `Buffer.from(randomBytes(32))`, jose's `exportJWK(privateKey)`. */
const ENCODING_FUNCTIONS = new Set(['String', 'from', 'exportJWK', 'exportPKCS8', 'encode']);
/** Parameters of a function that serves a request, a socket message or a job: what it makes is not the process's. */
const REQUEST_PARAMETERS = new Set(['req', 'request', 'res', 'response', 'ctx', 'reply', 'event', 'socket']);
const ROUTE_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'all', 'route', 'handle', 'on', 'once', 'subscribe', 'process']);
const ENV_READ = /\b(?:process\.env|import\.meta\.env|Bun\.env|Deno\.env)\b|\bconfig(?:Service)?\.get\(/;
const ENV_VARIABLE = /\b(?:process|Bun)\.env\.(\w+)|\benv\[['"`](\w+)['"`]\]|\.get\(\s*['"`](\w+)['"`]/;
/** How far a value is looked into: deep enough for `process.env.S || crypto.randomBytes(32).toString('hex').slice(0, 32)`. */
const MAX_VALUE_SEARCH = 24;

interface Generated {
  call: ts.CallExpression;
  generator: string;
  key: boolean;
  fallbackFor?: string;
}

/** `crypto.randomBytes` -> random, `generateKeyPair` -> key, `Math.random` -> random; undefined for other calls. */
function generatorOf(call: ts.CallExpression, file: ts.SourceFile): Omit<Generated, 'fallbackFor'> | undefined {
  const callee = unwrapRaw(call.expression);
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
  if (name === undefined) return undefined;
  const generator = rawText(callee, file);
  if (KEY_CALLEES.has(name)) return { call, generator, key: true };
  if (RANDOM_CALLEES.has(name) || generator === 'Math.random') return { call, generator, key: false };
  return undefined;
}

function envVariableIn(text: string): string {
  const match = ENV_VARIABLE.exec(text);
  return match?.[1] ?? match?.[2] ?? match?.[3] ?? '';
}

/**
 * The generating call a value comes from, through `await`, encoders, `||`/`??` fallbacks, conditionals,
 * arrays and templates; 'development' when a development condition chooses it; 'public' for a key
 * pair's public half.
 */
function generatedIn(value: ts.Node, file: ts.SourceFile): Generated | 'development' | 'public' | undefined {
  const pending: { node: ts.Node; fallbackFor?: string }[] = [{ node: value }];
  for (let seen = 0; seen < MAX_VALUE_SEARCH; seen++) {
    const next = pending.shift();
    if (next === undefined) return undefined;
    const node = unwrapRaw(next.node);
    const carry = next.fallbackFor === undefined ? {} : { fallbackFor: next.fallbackFor };
    const follow = (...nodes: ts.Node[]) => pending.push(...nodes.map((child) => ({ node: child, ...carry })));
    if (ts.isAwaitExpression(node)) follow(node.expression);
    else if (ts.isCallExpression(node)) {
      const generated = generatorOf(node, file);
      if (generated) return { ...generated, ...carry };
      const callee = unwrapRaw(node.expression);
      if (ts.isPropertyAccessExpression(callee) && ENCODING_METHODS.has(callee.name.text)) follow(callee.expression);
      const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
      const [first] = node.arguments;
      if (ENCODING_FUNCTIONS.has(name) && first) follow(first);
    } else if (ts.isPropertyAccessExpression(node)) {
      if (node.name.text === 'publicKey') return 'public';
      if (node.name.text === 'privateKey') follow(node.expression);
    } else if (ts.isBinaryExpression(node)) {
      const operator = node.operatorToken.kind;
      if (operator === SyntaxKind.BarBarToken || operator === SyntaxKind.QuestionQuestionToken) {
        const left = rawText(node.left, file);
        pending.push({ node: node.right, fallbackFor: ENV_READ.test(left) ? envVariableIn(left) : (next.fallbackFor ?? '') });
      } else if (operator === SyntaxKind.PlusToken) follow(node.left, node.right);
    } else if (ts.isConditionalExpression(node)) {
      const condition = rawText(node.condition, file);
      if (isEnvironmentCondition(condition)) return 'development';
      const fallback = ENV_READ.test(condition) ? { fallbackFor: envVariableIn(condition) } : carry;
      pending.push({ node: node.whenTrue, ...fallback }, { node: node.whenFalse, ...fallback });
    } else if (ts.isArrayLiteralExpression(node)) follow(...node.elements);
    else if (ts.isTemplateExpression(node)) follow(...node.templateSpans.map((span) => span.expression));
  }
  return undefined;
}

/** What a declaration, property or assignment holds its value under, and the value; undefined for other nodes. */
function holderOf(node: ts.Node, file: ts.SourceFile): { names: string[]; written: string; value: ts.Node; assignedLater?: boolean; fallbackFor?: string } | undefined {
  if (ts.isVariableDeclaration(node) && node.initializer) {
    if (ts.isIdentifier(node.name)) return { names: [node.name.text], written: node.name.text, value: node.initializer };
    if (ts.isObjectBindingPattern(node.name)) {
      const names = node.name.elements.map((element) => rawText(element.propertyName ?? element.name, file));
      return { names, written: rawText(node.name, file), value: node.initializer };
    }
    return undefined;
  }
  if ((ts.isPropertyAssignment(node) || ts.isPropertyDeclaration(node)) && node.initializer) {
    const name = node.name;
    if (!ts.isIdentifier(name) && !ts.isStringLiteral(name) && !ts.isPrivateIdentifier(name)) return undefined;
    return { names: [name.text], written: name.text, value: node.initializer };
  }
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind;
    const fallback = operator === SyntaxKind.BarBarEqualsToken || operator === SyntaxKind.QuestionQuestionEqualsToken;
    if (operator !== SyntaxKind.EqualsToken && !fallback) return undefined;
    const target = unwrapRaw(node.left);
    const name = ts.isIdentifier(target)
      ? target.text
      : ts.isPropertyAccessExpression(target)
        ? target.name.text
        : ts.isElementAccessExpression(target) && ts.isStringLiteralLike(target.argumentExpression)
          ? target.argumentExpression.text
          : undefined;
    if (name === undefined) return undefined;
    const written = rawText(target, file);
    return {
      names: [name],
      written,
      value: node.right,
      assignedLater: ts.isIdentifier(target),
      ...(fallback && { fallbackFor: ENV_READ.test(written) ? envVariableIn(written) : '' }),
    };
  }
  return undefined;
}

function functionName(fn: ts.SignatureDeclaration): string {
  if (fn.name !== undefined && (ts.isIdentifier(fn.name) || ts.isStringLiteral(fn.name))) return fn.name.text;
  const parent = fn.parent;
  if ((ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent)) && ts.isIdentifier(parent.name)) return parent.name.text;
  if (ts.isBinaryExpression(parent) && ts.isPropertyAccessExpression(parent.left)) return parent.left.name.text;
  return '';
}

/** A function that serves a request: it takes `req`/`ctx`/... or is given to `router.get(...)`, `socket.on(...)`. */
function isHandler(fn: ts.SignatureDeclaration): boolean {
  if (fn.parameters.some((parameter) => ts.isIdentifier(parameter.name) && REQUEST_PARAMETERS.has(parameter.name.text))) return true;
  const call = fn.parent;
  if (!ts.isCallExpression(call) || !call.arguments.includes(fn as ts.Expression)) return false;
  const callee = unwrapRaw(call.expression);
  return ts.isPropertyAccessExpression(callee) && ROUTE_METHODS.has(callee.name.text);
}

type Place = 'module' | 'startup' | 'function' | 'handler' | 'development';

/** Where a holder runs: at module load, in a startup function, in another function, in a request handler, or under a development condition. */
function placeOf(holder: ts.Node, file: ts.SourceFile): { place: Place; scope: ts.Node } {
  let place: Place = 'module';
  let scope: ts.Node = file;
  for (let current: ts.Node = holder, parent = holder.parent; parent !== undefined; current = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && current !== parent.expression && isEnvironmentCondition(rawText(parent.expression, file))) return { place: 'development', scope };
    if (ts.isClassDeclaration(parent) && isEnvironmentCondition(parent.name?.text ?? '')) return { place: 'development', scope };
    if (!ts.isFunctionLike(parent)) continue;
    if (isHandler(parent)) return { place: 'handler', scope };
    if (place === 'module') scope = parent;
    if (isStartupFunctionName(functionName(parent))) place = 'startup';
    else if (place === 'module') place = 'function';
  }
  return { place, scope };
}

/** Top-level `let`/`var` names: a value assigned to one from a function outlives the call and serves the whole process. */
function moduleVariables(file: ts.SourceFile): Set<string> {
  const names = new Set<string>();
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const declaration of statement.declarationList.declarations) if (ts.isIdentifier(declaration.name)) names.add(declaration.name.text);
  }
  return names;
}

/** Where in `text` a call of `call` passes `name` on: `console.log(secret)`, `fs.writeFileSync(file, JSON.stringify(this.keys))`. */
function passedOn(text: string, call: RegExp, name: string): number | undefined {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`${call.source}\\([^;]*\\b${escaped}\\b`).exec(text)?.index;
}

const FILE_WRITE = /\b(?:writeFileSync|writeFile|outputFileSync|outputFile|writeJsonSync|writeJson)/;
const PRINT = /\b(?:console\.(?:log|info)|process\.stdout\.write)/;
/** What a file that serves or sets up an app says: a file with none of it that prints a secret is a generator script. */
const SERVES = /\b(?:listen|use|register|createServer|express|Koa|fastify)\s*\(/;

export const generatedSecrets: FileExtractor<GeneratedSecret[] | undefined> = {
  name: 'processes/per-process-secret',
  version: 3,
  module: import.meta.url,
  roles: ['source', 'config'],
  typescript: {
    kinds: [SyntaxKind.VariableDeclaration, SyntaxKind.PropertyAssignment, SyntaxKind.PropertyDeclaration, SyntaxKind.BinaryExpression],
    create(input) {
      const wanted = TRIGGERS.some((trigger) => input.text.includes(trigger));
      const keyMaterial = wanted && /generateKey|generateVAPIDKeys/.test(input.text);
      const found: GeneratedSecret[] = [];
      let outliving: Set<string> | undefined;
      let sourceFile: ts.SourceFile | undefined;
      return {
        visit(node) {
          if (!wanted) return;
          const file = (sourceFile ??= node.getSourceFile());
          const holder = holderOf(node, file);
          if (holder === undefined) return;
          const named = holder.names.some(isSigningSecretName) || (holder.names.includes('keys') && ts.isArrayLiteralExpression(unwrapRaw(holder.value)));
          if (!named && !keyMaterial) return;
          const generated = generatedIn(holder.value, file);
          if (generated === undefined || generated === 'development' || generated === 'public') return;
          if (!named && (!generated.key || holder.names.every((name) => /^public/i.test(name)))) return;
          const { place, scope } = placeOf(node, file);
          if (place === 'handler' || place === 'development') return;
          const fallbackFor = holder.fallbackFor ?? generated.fallbackFor;
          outliving ??= moduleVariables(file);
          const keptByProcess = holder.assignedLater === true && place === 'function' && outliving.has(holder.names[0] ?? '');
          if (place === 'function' && fallbackFor === undefined && !keptByProcess) return;
          const name = holder.names.find(isSigningSecretName) ?? holder.names.find((candidate) => !/^public/i.test(candidate)) ?? holder.names[0] ?? '';
          const scopeText = rawText(scope, file);
          if (passedOn(scopeText, PRINT, name) !== undefined && !SERVES.test(file.text)) return;
          // Kept in a local file, the key is this instance's state: the finding is where it is written.
          const writtenAt = passedOn(scopeText, FILE_WRITE, name);
          const writeStart = writtenAt === undefined ? undefined : scope.getStart(file) + writtenAt;
          found.push({
            span: writeStart === undefined ? input.span(generated.call.getStart(file), generated.call.getEnd()) : input.span(writeStart, writeStart),
            holder: holder.names.length === 1 ? holder.written : name,
            generator: generated.generator,
            ...(fallbackFor !== undefined && { fallbackFor }),
            ...(writeStart !== undefined && { persisted: true }),
          });
        },
        result: () => (wanted ? found : undefined),
      };
    },
  },
  ...sourceGeneratedSecrets,
};

export const perProcessSecret = defineRule<MessageId>({
  id: 'processes/per-process-secret',
  factor: 'processes',
  defaultSeverity: 'warning',
  title: 'Signing secret generated by each process',
  description:
    'Finds session, cookie and token signing secrets (and signing key pairs) that the process generates at random when it starts or when their variable is unset, instead of reading them from the environment: crypto.randomBytes, uuid, nanoid and generateKeyPair in JS/TS, os.urandom, secrets.token_* and get_random_secret_key in Python, securecookie.GenerateRandomKey and crypto/rand in Go.',
  fix: 'Read the secret from the environment (SESSION_SECRET, SECRET_KEY, a key file path) and refuse to start when it is unset; generate it once, outside the app, and give every instance the same value.',
  messages: {
    generated:
      '{{holder}} is made up by the process itself ({{generator}}): every instance and every restart signs with a different key, so sessions, cookies and tokens break behind a load balancer and after each deploy. Read it from the environment and fail when it is unset',
    fallback:
      '{{holder}} falls back to a value generated by {{generator}} when {{setting}} is unset: every instance and every restart then signs with a different key, so sessions, cookies and tokens break behind a load balancer and after each deploy. Fail when it is unset instead',
    persisted:
      '{{holder}}, generated by {{generator}} on first start, is kept in a file on this instance: another instance makes a key of its own, and a new container starts from none. Supply it as config',
  },
  triggers: [...TRIGGERS, ...SOURCE_TRIGGERS],
  languages: ['javascript', 'typescript', 'python', 'go'],
  appliesTo: (app) =>
    app.kind === 'service' || app.kind === 'worker' ? true : `only a running service or worker signs with a key of its own (this app is a ${app.kind})`,
  facts: [generatedSecrets],
  check(context) {
    const report = ({ span, holder, generator, fallbackFor, persisted }: GeneratedSecret, file: string) => {
      // Settings of a developer's machine or a test run (`settings/local.py`, `config/development.js`) never reach a deploy.
      if (isLocalSettingsPath(context, file)) return;
      if (persisted) return context.report({ messageId: 'persisted', data: { holder, generator }, file, ...span, severity: 'note' });
      if (fallbackFor !== undefined) return context.report({ messageId: 'fallback', data: { holder, generator, setting: fallbackFor || 'its setting' }, file, ...span });
      context.report({ messageId: 'generated', data: { holder, generator }, file, ...span });
    };
    forEachRuntimeScriptFacts(context, generatedSecrets, (secrets, file) => secrets.forEach((secret) => report(secret, file.path)));
    forEachRuntimeSourceFacts(context, generatedSecrets, (secrets, file) => secrets.forEach((secret) => report(secret, file.path)));
  },
});
