/**
 * Which environment variables code reads, by literal name, and which of them the platform sets
 * (so no app has to declare them).
 */
import { Node, ts, type SourceFile } from 'ts-morph';
import { envVariableName, findNodes, locate, unwrap } from './ast.js';

export interface EnvRead {
  name: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export const VARIABLE_NAME = /^[A-Z][A-Z0-9_]*[A-Z0-9]$/;
/** Set by the OS, the shell, npm, CI or the platform; nobody documents them per app. */
const PLATFORM_VARIABLES = new Set([
  'NODE_ENV', 'PORT', 'HOME', 'PATH', 'PWD', 'USER', 'USERNAME', 'SHELL', 'TERM', 'LANG', 'LANGUAGE', 'TZ', 'TMPDIR', 'TEMP', 'TMP',
  'HOSTNAME', 'CI', 'DEBUG', 'NODE_OPTIONS', 'NODE_DEBUG', 'NODE_TLS_REJECT_UNAUTHORIZED', 'NODE_EXTRA_CA_CERTS', 'FORCE_COLOR',
  'NO_COLOR', 'COLUMNS', 'INIT_CWD', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'COMSPEC', 'EDITOR', 'VISUAL', 'JEST_WORKER_ID',
  'VITEST', 'VERCEL', 'NETLIFY', 'RENDER', 'DYNO', 'K_SERVICE', 'K_REVISION', 'K_CONFIGURATION', 'AWS_REGION',
  'AWS_DEFAULT_REGION', 'AWS_EXECUTION_ENV', 'LAMBDA_TASK_ROOT', 'XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME',
  'HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'OSTYPE', 'NODE_APP_INSTANCE', 'PUBLIC_URL', 'MODE', 'DEV', 'PROD', 'SSR', 'BASE_URL', 'NEXT_RUNTIME', 'NEXT_PHASE',
]);
const PLATFORM_PREFIXES = /^(?:npm_|NPM_CONFIG_|GITHUB_|RUNNER_|GITLAB_|CI_|CIRCLE_|TRAVIS_|BUILDKITE_|VERCEL_|NETLIFY_|RENDER_|HEROKU_|FLY_|RAILWAY_|AWS_LAMBDA_|KUBERNETES_|LC_|XDG_|ELECTRON_)/;

export function isPlatformVariable(name: string): boolean {
  return PLATFORM_VARIABLES.has(name) || PLATFORM_PREFIXES.test(name);
}

/** Every literal-named environment read of a file, in source order: `process.env.X`, `['X']`, `env('X')`, `const { X } = process.env`. */
export function environmentReads(sourceFile: SourceFile, file: string): EnvRead[] {
  const reads: EnvRead[] = [];
  const add = (name: string, node: Node) => {
    if (VARIABLE_NAME.test(name)) reads.push({ name, file, ...locate(node) });
  };
  for (const node of findNodes(sourceFile, mayReadEnv)) {
    if (Node.isObjectBindingPattern(node)) {
      const declaration = node.getParent();
      if (!Node.isVariableDeclaration(declaration) || !isProcessEnv(declaration.getInitializer())) continue;
      for (const element of node.getElements()) add((element.getPropertyNameNode() ?? element.getNameNode()).getText(), element);
    } else {
      const name = envVariableName(node);
      if (name !== undefined) add(name, node);
    }
  }
  return reads;
}

/**
 * Raw prefilter for env reads, so only candidates get wrapped: `<x>.env.X` / `env.X` / `env['X']`
 * member accesses, every call (helpers such as `env('X')`), and destructuring patterns.
 */
function mayReadEnv(node: ts.Node): boolean {
  if (ts.isCallExpression(node) || ts.isObjectBindingPattern(node)) return true;
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return false;
  const object = node.expression;
  const name = ts.isIdentifier(object) ? object.text : ts.isPropertyAccessExpression(object) ? object.name.text : '';
  return name === 'env' || name === 'ENV';
}

/** `process.env`, `import.meta.env` or `Bun.env` itself. */
export function isProcessEnv(node: Node | undefined): boolean {
  if (!node) return false;
  const text = unwrap(node).getText();
  return text === 'process.env' || text === 'import.meta.env' || text === 'Bun.env';
}
