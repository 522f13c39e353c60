import { posix } from 'node:path';
import {
  isRecord,
  DEPENDENCY_SECTIONS,
  defineRule,
  forEachScriptFacts,
  isWorkTreeTop,
  jsonEntryPosition,
  leavesRoot,
  localDependencyPath,
  moduleReferences,
  parseJsonc,
  positionAt,
  referencesOf,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId = 'importOutside' | 'dependencyOutside' | 'tsconfigOutside';

/** tsconfig.json, tsconfig.build.json, jsconfig.json: where compilerOptions may point elsewhere. */
const TS_CONFIG = /(?:^|\/)[jt]sconfig(?:\.[^/]+)?\.json$/;

function checkImports(context: RuleContext<MessageId>): void {
  forEachScriptFacts(
    context,
    moduleReferences,
    (facts, file) => {
      const folder = posix.dirname(file.path);
      for (const reference of referencesOf(facts)) {
        if (!reference.specifier.startsWith('../') || !leavesRoot(folder, reference.specifier)) continue;
        context.report({ messageId: 'importOutside', data: { specifier: reference.specifier }, file: file.path, ...reference.span });
      }
    },
    ['source'],
  );
}

function checkManifest(context: RuleContext<MessageId>, manifest: string): void {
  const text = context.text(manifest);
  const packageJson = context.app.packageJson;
  if (text === undefined || !packageJson) return;
  const folder = posix.dirname(manifest);
  for (const section of DEPENDENCY_SECTIONS) {
    const entries = packageJson[section];
    if (typeof entries !== 'object' || entries === null) continue;
    for (const [name, range] of Object.entries(entries)) {
      const target = typeof range === 'string' ? localDependencyPath(range) : undefined;
      if (target === undefined || !leavesRoot(folder, target)) continue;
      const position = jsonEntryPosition(text, section, name) ?? { line: 1, column: 1 };
      context.report({ messageId: 'dependencyOutside', data: { name, range }, file: manifest, ...position });
    }
  }
}

/** `baseUrl`, `paths` targets and project `references` that leave the root, relative to the tsconfig's folder. */
function checkTsconfig(context: RuleContext<MessageId>, file: IndexedFile): void {
  const text = context.text(file.path);
  const config = text === undefined ? undefined : parseJsonc(file.path, text);
  if (text === undefined || !config) return;
  const folder = posix.dirname(file.path);
  const options = isRecord(config.compilerOptions) ? config.compilerOptions : {};
  const baseUrl = typeof options.baseUrl === 'string' ? options.baseUrl : undefined;
  const targets: { key: string; value: string }[] = [];
  if (baseUrl !== undefined && leavesRoot(folder, baseUrl)) targets.push({ key: 'baseUrl', value: baseUrl });
  const pathsBase = posix.join(folder, baseUrl ?? '.');
  if (isRecord(options.paths)) {
    for (const values of Object.values(options.paths)) {
      for (const value of Array.isArray(values) ? values : []) {
        if (typeof value === 'string' && leavesRoot(pathsBase, value)) targets.push({ key: 'paths', value });
      }
    }
  }
  for (const reference of Array.isArray(config.references) ? config.references : []) {
    const path = isRecord(reference) ? reference.path : undefined;
    if (typeof path === 'string' && leavesRoot(folder, path)) targets.push({ key: 'references', value: path });
  }
  for (const { key, value } of targets) {
    context.report({ messageId: 'tsconfigOutside', data: { key, target: value }, file: file.path, ...valuePosition(text, value) });
  }
}

/** Where a quoted value first appears in the text (tsconfig may hold comments, so no JSON key path). */
function valuePosition(text: string, value: string): { line: number; column: number } {
  const index = text.indexOf(JSON.stringify(value));
  return index === -1 ? { line: 1, column: 1 } : positionAt(text, index);
}


export const outOfRepoCode = defineRule<MessageId>({
  id: 'codebase/out-of-repo-code',
  factor: 'codebase',
  defaultSeverity: 'error',
  title: 'Code shared by path from outside the repository',
  description:
    'Finds relative imports, file:/link:/portal: dependencies and tsconfig baseUrl/paths/references that reach outside the repository root.',
  fix: 'Publish the shared code as a versioned package (or move it into this repository as a workspace) and depend on it by version.',
  messages: {
    importOutside: "import of '{{specifier}}' reaches outside the repository: shared code should come in as a versioned dependency",
    dependencyOutside: "dependency {{name}} ({{range}}) points outside the repository: publish it and depend on a version",
    tsconfigOutside: "tsconfig {{key}} '{{target}}' points outside the repository: the build depends on code this codebase does not contain",
  },
  triggers: ['../', '".."', 'file:', 'link:', 'portal:'],
  appliesTo: () => true,
  facts: [moduleReferences],
  check(context) {
    // Audited as a folder of a larger repository, a path leaving it may stay in the same codebase:
    // where that repository ends lies above the root, which is never read.
    if (context.repo.vcs !== null && !isWorkTreeTop(context.repo.root)) return;
    checkImports(context);
    if (context.app.manifest) checkManifest(context, context.app.manifest);
    for (const file of context.candidates((candidate) => TS_CONFIG.test(candidate.path) && candidate.role === 'config')) {
      checkTsconfig(context, file);
    }
  },
});
