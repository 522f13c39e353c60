/**
 * Which files run as the app. Build scripts, seeders and tool configs are source too, but they run
 * on a developer's machine or in CI, not as the deployed process: rules about the running process
 * (its disk, its port, its signals) leave them out.
 */
import type { SourceFile } from 'ts-morph';
import { isScriptPath } from '../parse/typescript.js';
import type { IndexedFile, RuleContext } from '../types.js';

const TOOLING_FOLDERS = new Set([
  'scripts', 'script', 'tools', 'tooling', 'build', 'migrations', 'seeds', 'seeders', 'seed', 'bench', 'benchmark', 'benchmarks',
  'codemod', 'codemods', '.storybook', '.github', '.husky', '.vscode', '.config',
]);
/** Tool configs and task runners that the repo index may still call source (`webpack.dev.js`, `gulpfile.js`). */
const TOOLING_NAME = /^(?:gulpfile|gruntfile|jakefile|webpack|rollup|vite|esbuild|jest|vitest|karma|playwright|babel|postcss|tailwind)(?:[.-][\w.-]*)?\.[cm]?[jt]sx?$/i;

/** Storybook stories render in a developer's browser, never in the deployed process. */
const STORY_FILE = /\.(?:stories|story)\.[cm]?[jt]sx?$/;

/**
 * Scripts of tooling that never ships as the running app: build and task scripts, tool configs,
 * migrations and seeds (admin processes), codemods, stories, editor and CI folders.
 */
export function isToolingPath(path: string): boolean {
  const segments = path.split('/');
  const name = segments.pop() ?? path;
  return segments.some((segment) => TOOLING_FOLDERS.has(segment)) || TOOLING_NAME.test(name) || STORY_FILE.test(name);
}

/** A JS/TS source file the deployed process runs: role `source`, not tooling. */
export function isRuntimeScript(file: IndexedFile): boolean {
  return file.role === 'source' && isScriptPath(file.path) && !isToolingPath(file.path);
}

/** Like `forEachScript`, over the app's runtime scripts that contain one of the rule's triggers. */
export function forEachRuntimeScript(context: RuleContext<string>, visit: (sourceFile: SourceFile, file: IndexedFile) => void): void {
  for (const file of context.candidates(isRuntimeScript)) {
    const sourceFile = context.ts(file.path);
    if (sourceFile) visit(sourceFile, file);
  }
}
