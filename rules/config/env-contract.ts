import { Node, SyntaxKind, type SourceFile } from 'ts-morph';
import {
  defineRule,
  envEntries,
  environmentReads,
  filesNamedNearApp,
  forEachScript,
  ignoredEnvTemplateNames,
  isEnvFile,
  isEnvTemplateFile,
  isPlatformVariable,
  isProcessEnv,
  linesOf,
  unwrap,
  type EnvRead,
  nodesOfKinds,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'undeclaredVariable';
type Context = RuleContext<MessageId>;

// ---------------------------------------------------------------------------------------------
// What the code reads

/**
 * Names declared by an environment schema in code: `cleanEnv(process.env, { A: str() })` (envalid),
 * `z.object({ A: z.string() }).parse(process.env)` (zod). They document the contract as well as a
 * template does, and fail at startup when a variable is missing.
 */
function schemaNames(sourceFile: SourceFile): string[] {
  const names: string[] = [];
  for (const node of nodesOfKinds(sourceFile, [SyntaxKind.CallExpression])) {
    if (!node.getArguments().some((argument) => isProcessEnv(argument))) continue;
    const objects = [...node.getArguments()];
    const callee = node.getExpression();
    if (Node.isPropertyAccessExpression(callee) && /^(?:safe)?[pP]arse$/.test(callee.getName())) {
      const schema = unwrap(callee.getExpression());
      if (Node.isCallExpression(schema)) objects.push(...schema.getArguments());
    }
    for (const object of objects) {
      if (!Node.isObjectLiteralExpression(object)) continue;
      for (const property of object.getProperties()) {
        if (Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) names.push(property.getName());
      }
    }
  }
  return names;
}

/** Prisma `env("DATABASE_URL")` reads, located in schema.prisma. */
function prismaReads(text: string, file: string): EnvRead[] {
  return linesOf(text).flatMap(({ line, text: content }) =>
    [...content.replace(/\/\/.*$/, '').matchAll(/\benv\(\s*"([A-Z][A-Z0-9_]*)"\s*\)/g)].map((match) => ({
      name: match[1] ?? '',
      file,
      line,
      column: (match.index ?? 0) + 1,
      endLine: line,
      endColumn: (match.index ?? 0) + match[0].length + 1,
    })),
  );
}

// ---------------------------------------------------------------------------------------------
// What the repository declares

/** Upper-case keys (`KEY:`, `KEY=`, `"KEY":`, `- KEY=v`) and `name:`/`key:` values of YAML, JSON and TOML. */
function declaredInData(text: string): string[] {
  const names: string[] = [];
  for (const { text: line } of linesOf(text)) {
    const content = line.replace(/^\s*#.*$/, '');
    for (const match of content.matchAll(/(?:^\s*(?:-\s*)?|[{,]\s*)["']?([A-Z][A-Z0-9_]*)["']?\s*[:=]/g)) names.push(match[1] ?? '');
    for (const match of content.matchAll(/\b["']?(?:name|key)["']?\s*[:=]\s*["']?([A-Z][A-Z0-9_]*)\b/g)) names.push(match[1] ?? '');
  }
  return names;
}

function declaredInDockerfile(path: string, context: Context): string[] {
  const dockerfile = context.dockerfile(path);
  if (!dockerfile) return [];
  return [
    ...dockerfile.getENVs().flatMap((instruction) => instruction.getProperties().map((property) => property.getName())),
    ...dockerfile.getARGs().flatMap((instruction) => instruction.getProperty()?.getName() ?? []),
  ];
}

/** Build-tool scripts read the build machine's environment, not the app's. */
const TASK_RUNNER_FILE = /(?:^|\/)(?:Gruntfile|gulpfile|Jakefile)\.[cm]?[jt]s$/i;
const DATA_LANGUAGES = new Set(['yaml', 'json', 'toml']);
const NOT_DECLARATIONS = /(?:^|\/)(?:package-lock\.json|npm-shrinkwrap\.json|pnpm-lock\.yaml|tsconfig[^/]*\.json)$/;
/** Files above a workspace member that commonly declare its variables. */
const SHARED_DECLARATION_FILE = /^(?:\.?env[._-].+|\.env|[^/]*\.env|(?:docker-)?compose[^/]*\.ya?ml|app\.json|render\.ya?ml|fly\.toml)$/;

/** Every variable name the app's files (and shared files above it) declare. */
function declaredNames(context: Context, files: readonly IndexedFile[]): Set<string> {
  const declared = new Set<string>();
  const addAll = (names: readonly string[]) => names.forEach((name) => declared.add(name));
  for (const file of files) {
    if (file.role === 'vendored' || file.role === 'generated') continue;
    if (isEnvFile(file.path) || isEnvTemplateFile(file.path)) addAll(envEntries(context.text(file.path) ?? '').map((entry) => entry.name));
    else if (file.language === 'dockerfile') addAll(declaredInDockerfile(file.path, context));
    else if (DATA_LANGUAGES.has(file.language) && file.size < 512 * 1024 && !NOT_DECLARATIONS.test(file.path)) {
      addAll(declaredInData(context.text(file.path) ?? ''));
    }
  }
  addAll(ignoredEnvTemplateNames(context));
  for (const path of filesNamedNearApp(context, (name) => SHARED_DECLARATION_FILE.test(name))) {
    if (files.some((file) => file.path === path)) continue;
    const text = context.text(path) ?? '';
    addAll(isEnvFile(path) || isEnvTemplateFile(path) ? envEntries(text).map((entry) => entry.name) : declaredInData(text));
  }
  return declared;
}

export const envContract = defineRule<MessageId>({
  id: 'config/env-contract',
  factor: 'config',
  defaultSeverity: 'note',
  title: 'Environment variables read but declared nowhere',
  description:
    'Lists environment variables the code reads (process.env, import.meta.env, env() helpers, Prisma env()) that no .env template, Dockerfile, compose file, manifest or schema declares.',
  fix: 'Declare each variable the app reads, e.g. in .env.example (with a placeholder) and in the deploy manifests.',
  messages: {
    undeclaredVariable:
      '{{name}} is read here but declared nowhere in the repository (.env.example, Dockerfile, compose, manifests); declare it so each deploy knows to set it',
  },
  triggers: ['env'],
  appliesTo: (app) => (app.kind === 'library' ? 'libraries take configuration from the app that uses them' : true),
  check(context) {
    const reads: EnvRead[] = [];
    const schema: string[] = [];
    forEachScript(context, (sourceFile, file) => {
      if (TASK_RUNNER_FILE.test(file.path)) return;
      reads.push(...environmentReads(sourceFile, file.path));
      schema.push(...schemaNames(sourceFile));
    });
    for (const file of context.candidates((candidate) => candidate.language === 'prisma' && candidate.role !== 'test')) {
      reads.push(...prismaReads(context.text(file.path) ?? '', file.path));
    }
    const wanted = reads.filter((read) => !isPlatformVariable(read.name));
    if (wanted.length === 0) return;
    const declared = declaredNames(context, context.files);
    schema.forEach((name) => declared.add(name));
    const reported = new Set<string>();
    for (const read of wanted) {
      if (declared.has(read.name) || reported.has(read.name)) continue;
      reported.add(read.name);
      const { name, ...site } = read;
      context.report({ messageId: 'undeclaredVariable', data: { name }, ...site });
    }
  },
});
