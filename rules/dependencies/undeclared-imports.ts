import { builtinModules } from 'node:module';
import { posix } from 'node:path';
import { Node, SyntaxKind, type SourceFile, type ts } from 'ts-morph';
import {
  isRecord,
  defineRule,
  findNodes,
  forEachScriptFacts,
  foldersAbove,
  imports,
  inFolder,
  isRequirementsFile,
  isRuntimeSource,
  isToolingPath,
  listFolder,
  lockfileInstalls,
  moduleReferences,
  normalisePythonName,
  packageNameOf,
  parseJsonc,
  parseRequirements,
  productionCommands,
  programWords,
  PYTHON_DISTRIBUTIONS_OF,
  PYTHON_INSTALLED_WITH,
  PYTHON_STDLIB,
  referencesOf,
  scriptFacts,
  stringValue,
  type ModuleReference,
  type SourceImport,
} from '../../src/rule-kit/index.js';
import type { IndexedFile, RuleContext } from '../../src/types.js';

type MessageId =
  | 'undeclared'
  | 'undeclaredTransitive'
  | 'devOnly'
  | 'undeclaredSource'
  | 'undeclaredTransitiveSource'
  | 'undeclaredDistribution'
  | 'installedTransitively'
  | 'uncheckedImports';

const BUILTINS = new Set([...builtinModules, 'bun']);
/**
 * Specifier shapes that name no npm package: tsconfig/bundler aliases by convention (`@/x`, `~/x`,
 * `~icons/x`), package.json `imports` (`#x`), SvelteKit and Vite virtual modules (`$app/x`, `$lib`),
 * webpack loader chains (`raw-loader!./x`). Protocols (`node:`, `virtual:`, `astro:`, `https:`) are
 * left out by `packageNameOf`.
 */
const NOT_A_PACKAGE = /^(?:@\/|~|#|\$)|!/;
/** Build tools that bundle what the source imports: then devDependencies ship inside the bundle. */
const BUNDLERS = new Set([
  'vite', 'webpack', 'rollup', 'esbuild', 'parcel', 'tsup', 'tsdown', 'rolldown', '@vercel/ncc', 'microbundle', 'unbuild',
  'next', 'nuxt', '@sveltejs/kit', 'astro', 'react-scripts', '@angular/cli', '@angular-devkit/build-angular', '@vue/cli-service',
  'gatsby', '@remix-run/dev', '@react-router/dev', 'electron-builder', '@electron-forge/cli', 'expo', 'react-native', '@rspack/core',
  '@rspack/cli', '@rsbuild/core', 'browserify', 'snowpack', 'vinxi', 'wxt', 'plasmo', '@docusaurus/core', 'vitepress', 'vuepress',
  'pkg', '@yao-pkg/pkg', 'nexe', 'bun-types', '@farmfe/core', '@builder.io/qwik', 'ncc',
]);
/** Modules a framework or host provides without the app declaring them, keyed by what provides them. */
const PROVIDED_BY: Readonly<Record<string, readonly string[]>> = {
  next: ['server-only', 'client-only', 'styled-jsx'],
  nuxt: ['vue', 'vue-router', 'h3', 'ofetch', 'nitropack', '@unhead/vue'],
  electron: ['electron'],
};
/** Bundler config files whose `alias` entries make bare specifiers local. */
const BUNDLER_CONFIG =
  /(?:^|\/)(?:vite|vitest|rollup|nuxt|svelte|astro|next|craco|quasar|vue|rsbuild|rspack|babel)\.config\.[cm]?[jt]s$|webpack[^/]*\.[cm]?[jt]s$|(?:^|\/)\.babelrc(?:\.[cm]?js)?$/;
/** `import 'unfonts.css'`, `import 'virtual-icons.svg'`: plugin-provided modules far more often than packages. */
const ASSET_NAME = /\.(?:css|scss|sass|less|styl|svg|png|jpe?g|gif|webp|html|md|wasm)$/i;
const TS_CONFIG = /(?:^|\/)[jt]sconfig(?:\.[^/]+)?\.json$/;

interface Manifest {
  path: string;
  name?: string;
  runtime: Set<string>;
  dev: Set<string>;
}

/** What the app declares and which bare specifiers are its own code. */
interface Declarations {
  /** package.json files by folder ('.' for the root), read once. */
  manifests: Map<string, Manifest | undefined>;
  /** Exact alias names and prefixes ending in '/'. */
  aliases: Set<string>;
  /** Folders whose entries can be imported by bare name (baseUrl, `*` paths, the app root and its src/). */
  localRoots: Set<string>;
  /** Repo-relative paths of the app's folders and of its files, with and without their extension. */
  entries: Set<string>;
  /** A Meteor app (`.meteor/` at the app's root or above): its build tool resolves `meteor/<package>` from `.meteor/packages`. */
  meteor: boolean;
  /** The app is a private workspace member that only devDependencies reach (`isDevOnlyWorkspaceMember`). */
  devOnlyMember: boolean;
  /** By package.json path: whether its devDependencies are installed wherever its files run (`devDependenciesInstalledFor`). */
  devInstalled: Map<string, boolean>;
  /** The app's production start runs a devDependency, so its devDependencies are installed where it runs. */
  startNeedsDevDependencies: boolean;
}

/**
 * A Meteor package's `package.js` (`Package.describe({...})`): its `Npm.depends({ name: 'version' })`
 * names the npm packages Meteor installs for the package's own files. Read as text, never run: only
 * quoted or bare keys of a literal object count.
 */
function readMeteorPackage(context: RuleContext<MessageId>, path: string): Manifest | undefined {
  const text = context.text(path) ?? '';
  if (!/\bPackage\.describe\s*\(/.test(text)) return undefined;
  const runtime = new Set<string>();
  for (const [, body = ''] of text.matchAll(/\bNpm\.depends\s*\(\s*\{([^}]*)\}/g)) {
    for (const [, quoted, bare] of body.matchAll(/(?:^|[,{\s])(?:["']([^"'\s]+)["']|([A-Za-z_$][\w$-]*))\s*:/g)) runtime.add((quoted ?? bare)!);
  }
  return { path, runtime, dev: new Set() };
}

/**
 * Whether a package (the app, or a package.json folder inside it) is a private workspace member that
 * the repository's other packages reach only as a devDependency, directly or through members reached
 * only that way themselves (a lint plugin behind a shared ESLint config, a test-helper package): a
 * production install of any app never holds its code, so its own devDependencies are where its imports
 * belong. A member nothing depends on may be deployed on its own: not this.
 */
function isDevOnlyWorkspaceMember(context: RuleContext<MessageId>, manifestPath: string | undefined): boolean {
  const own = manifestPath === undefined ? undefined : context.json(manifestPath);
  if (manifestPath === undefined || manifestPath === 'package.json' || !isRecord(own) || own.private !== true || typeof own.name !== 'string') return false;
  const manifests = context.repo.files
    .filter((file) => posix.basename(file.path) === 'package.json')
    .flatMap((file) => readManifest(context, file.path) ?? []);
  const reachedOnlyByDev = (name: string, seen: ReadonlySet<string>): boolean => {
    const dependents = manifests.filter((manifest) => manifest.name !== name && (manifest.runtime.has(name) || manifest.dev.has(name)));
    return (
      dependents.length > 0 &&
      dependents.every((manifest) => {
        if (!manifest.runtime.has(name)) return true;
        const next = manifest.name;
        // A package that ships it at run time must itself be dev-only; a cycle or a nameless root proves nothing.
        return next !== undefined && !seen.has(next) && isPrivate(context, manifest.path) && reachedOnlyByDev(next, new Set([...seen, next]));
      })
    );
  };
  return reachedOnlyByDev(own.name, new Set([own.name]));
}

/** Whether another package of the repository lists it among its runtime dependencies, so a production install of that one holds its code. */
function shippedByAnother(context: RuleContext<MessageId>, manifest: Manifest): boolean {
  const { name } = manifest;
  if (name === undefined) return false;
  return context.repo.files.some((file) => posix.basename(file.path) === 'package.json' && file.path !== manifest.path && (readManifest(context, file.path)?.runtime.has(name) ?? false));
}

/**
 * Whether the package.json nearest to an importing file leaves its devDependencies out of no install:
 * it declares no runtime dependency at all while the file imports packages (a developer's importer
 * tool run with ts-node) and no other package ships it, so an install that omits devDependencies
 * would break every import at once, and is not how it is run; or it is a dev-only workspace member (`isDevOnlyWorkspaceMember`), such as
 * a shared ESLint config folder inside a larger app.
 */
function devDependenciesInstalledFor(context: RuleContext<MessageId>, declarations: Declarations, manifest: Manifest | undefined): boolean {
  if (manifest === undefined) return false;
  let known = declarations.devInstalled.get(manifest.path);
  if (known === undefined) {
    known = (manifest.runtime.size === 0 && manifest.dev.size > 0 && !shippedByAnother(context, manifest)) || isDevOnlyWorkspaceMember(context, manifest.path);
    declarations.devInstalled.set(manifest.path, known);
  }
  return known;
}

function isPrivate(context: RuleContext<MessageId>, path: string): boolean {
  const json = context.json(path);
  return isRecord(json) && json.private === true;
}

function readManifest(context: RuleContext<MessageId>, path: string): Manifest | undefined {
  const json = context.json(path);
  if (typeof json !== 'object' || json === null) return undefined;
  const record = json as Record<string, unknown>;
  const keys = (...sections: string[]) =>
    new Set(sections.flatMap((section) => (isRecord(record[section]) ? Object.keys(record[section] as object) : [])));
  return {
    path,
    ...(typeof record.name === 'string' ? { name: record.name } : {}),
    runtime: keys('dependencies', 'optionalDependencies', 'peerDependencies', 'bundleDependencies', 'bundledDependencies'),
    dev: keys('devDependencies'),
  };
}


/** The package.json files Node would look through from `folder` up: inside the app from the index, above it from disk. */
function manifestsFor(context: RuleContext<MessageId>, declarations: Declarations, folder: string): Manifest[] {
  const folders = [folder, ...foldersAbove(folder)];
  return folders.flatMap((candidate) => {
    if (!declarations.manifests.has(candidate)) {
      const insideApp = context.app.path === '.' || candidate === context.app.path || candidate.startsWith(`${context.app.path}/`);
      const exists = (path: string) => (insideApp ? context.file(path) !== undefined : listFolder(context, candidate).includes(path));
      const path = inFolder(candidate, 'package.json');
      const meteorPackage = inFolder(candidate, 'package.js');
      declarations.manifests.set(
        candidate,
        exists(path) ? readManifest(context, path) : declarations.meteor && exists(meteorPackage) ? readMeteorPackage(context, meteorPackage) : undefined,
      );
    }
    const manifest = declarations.manifests.get(candidate);
    return manifest ? [manifest] : [];
  });
}

// ---------------------------------------------------------------------------------------------
// Local code reached by bare specifiers

/** tsconfig/jsconfig `paths` keys become aliases; `baseUrl` and `*` targets become local roots. Follows `extends` inside the root. */
function addTsconfigAliases(context: RuleContext<MessageId>, path: string, declarations: Declarations, seen = new Set<string>()): void {
  if (seen.has(path)) return;
  seen.add(path);
  const text = context.text(path);
  const config = text === undefined ? undefined : parseJsonc(path, text);
  if (!config) return;
  const folder = posix.dirname(path);
  const options = isRecord(config.compilerOptions) ? config.compilerOptions : {};
  const baseUrl = typeof options.baseUrl === 'string' ? posix.join(folder, options.baseUrl) : undefined;
  if (baseUrl !== undefined) declarations.localRoots.add(baseUrl);
  for (const [key, targets] of Object.entries(isRecord(options.paths) ? options.paths : {})) {
    if (key === '*') {
      for (const target of Array.isArray(targets) ? targets : []) {
        if (typeof target === 'string') declarations.localRoots.add(posix.join(baseUrl ?? folder, target.replace(/\/?\*$/, '')));
      }
    } else {
      declarations.aliases.add(key.endsWith('*') ? key.slice(0, -1) : key);
    }
  }
  const parents = typeof config.extends === 'string' ? [config.extends] : Array.isArray(config.extends) ? config.extends : [];
  for (const parent of parents) {
    if (typeof parent !== 'string' || !parent.startsWith('.')) continue;
    const resolved = posix.normalize(posix.join(folder, parent.endsWith('.json') ? parent : `${parent}.json`));
    if (!resolved.startsWith('../') && (context.file(resolved) || listFolder(context, posix.dirname(resolved)).includes(resolved))) {
      addTsconfigAliases(context, resolved, declarations, seen);
    }
  }
}

/** Each bundler config's alias names. */
export const bundlerAliases = scriptFacts({
  name: 'dependencies/undeclared-imports',
  version: 2,
  module: import.meta.url,
  paths: (path) => BUNDLER_CONFIG.test(path),
  extract: aliasNames,
});

/** Keys of `alias: { x: ... }` objects and `find` values of `alias: [{ find: 'x' }]` arrays in a bundler config. */
function aliasNames(sourceFile: SourceFile): string[] {
  const names: string[] = [];
  for (const node of findNodes(sourceFile, isAliasAssignment)) {
    if (!Node.isPropertyAssignment(node) || !/^['"]?alias(?:es)?['"]?$/.test(node.getName())) continue;
    const value = node.getInitializer();
    if (Node.isObjectLiteralExpression(value)) {
      for (const property of value.getProperties()) {
        if (Node.isPropertyAssignment(property) || Node.isShorthandPropertyAssignment(property)) names.push(property.getName().replace(/^['"]|['"]$/g, ''));
      }
    } else if (Node.isArrayLiteralExpression(value)) {
      for (const element of value.getElements()) {
        const find = Node.isObjectLiteralExpression(element) ? element.getProperty('find') : undefined;
        const found = Node.isPropertyAssignment(find) ? stringValue(find.getInitializer()) : undefined;
        if (found !== undefined) names.push(found);
      }
    }
  }
  return names;
}

/** A raw `alias:` / `aliases:` property assignment, quoted or not. */
function isAliasAssignment(node: ts.Node): boolean {
  if (node.kind !== SyntaxKind.PropertyAssignment) return false;
  const name = (node as ts.PropertyAssignment).name;
  return (name.kind === SyntaxKind.Identifier || name.kind === SyntaxKind.StringLiteral) && (name.text === 'alias' || name.text === 'aliases');
}

/** Alias names from JSON: `.babelrc` module-resolver `alias`, package.json `_moduleAliases` (module-alias). */
function jsonAliases(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(jsonAliases);
  if (!isRecord(value)) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    (key === 'alias' || key === '_moduleAliases') && isRecord(inner) ? Object.keys(inner) : jsonAliases(inner),
  );
}

function addAlias(declarations: Declarations, alias: string): void {
  if (alias === '' || alias.startsWith('.')) return;
  declarations.aliases.add(alias.replace(/\$$/, ''));
  declarations.aliases.add(`${alias.replace(/\/$/, '')}/`);
}

/** Pages and server templates that may carry a browser import map. */
const PAGE_OR_TEMPLATE = /\.(?:html?|jinja2?|j2|njk|hbs|ejs|erb|twig|liquid|tmpl|gohtml)$/i;
const IMPORT_MAP_SCRIPT = /<script\b[^>]*\btype\s*=\s*["']?importmap\b[^>]*>([\s\S]*?)<\/script>/gi;

/**
 * The bare specifiers a `<script type="importmap">` maps to files the page serves: browser modules
 * that import `@turf/helpers` get it from there, not from node_modules. Keys are read without parsing
 * the JSON, which server templates fill with their own tags (`{% static '...' %}`).
 */
function importMapSpecifiers(text: string): string[] {
  if (!text.includes('importmap')) return [];
  return [...text.matchAll(IMPORT_MAP_SCRIPT)].flatMap(([, body = '']) =>
    [...body.matchAll(/"([^"\s]+)"\s*:/g)].map(([, key = '']) => key).filter((key) => key !== 'imports' && key !== 'scopes' && key !== 'integrity'),
  );
}

function collectDeclarations(context: RuleContext<MessageId>): Declarations {
  const appRoot = context.app.path;
  const meteor = [appRoot, ...foldersAbove(appRoot)].some((folder) => listFolder(context, folder).includes(inFolder(folder, '.meteor/')));
  const declarations: Declarations = { manifests: new Map(), aliases: new Set(), localRoots: new Set(), entries: new Set(), meteor, devOnlyMember: isDevOnlyWorkspaceMember(context, context.app.manifest), devInstalled: new Map(), startNeedsDevDependencies: startNeedsDevDependencies(context) };
  declarations.localRoots.add(appRoot);
  declarations.localRoots.add(inFolder(appRoot, 'src'));
  // `NODE_PATH=./` (or webpack's `resolve.modules`) makes the repository's top folders importable from
  // any app: `shared/statsd` from `api/` is the repository's own code.
  declarations.localRoots.add('.');
  for (const file of context.repo.files) {
    const slash = file.path.indexOf('/');
    if (slash > 0) declarations.entries.add(file.path.slice(0, slash));
  }
  for (const file of context.files) {
    if (TS_CONFIG.test(file.path)) addTsconfigAliases(context, file.path, declarations);
    else if (BUNDLER_CONFIG.test(file.path) && file.path.endsWith('rc')) {
      // .babelrc is JSON5 in practice: read leniently, a comment must not become a parse error.
      jsonAliases(parseJsonc(file.path, context.text(file.path) ?? '')).forEach((alias) => addAlias(declarations, alias));
    } else if (BUNDLER_CONFIG.test(file.path)) {
      context.facts(file.path, bundlerAliases)?.forEach((alias) => addAlias(declarations, alias));
    } else if (PAGE_OR_TEMPLATE.test(file.path)) {
      importMapSpecifiers(context.text(file.path) ?? '').forEach((specifier) => addAlias(declarations, specifier));
    }
  }
  if (context.app.packageJson) jsonAliases({ _moduleAliases: context.app.packageJson._moduleAliases, babel: context.app.packageJson.babel }).forEach((alias) => addAlias(declarations, alias));
  for (const file of context.files) {
    // Named with its extension too: `require('config.json')` from the root NODE_PATH (rootpath, app-module-path) points at it.
    declarations.entries.add(file.path);
    declarations.entries.add(file.path.replace(/\.(?:[cm]?[jt]sx?|json|vue|svelte)$/, ''));
    for (let folder = posix.dirname(file.path); folder !== '.' && !declarations.entries.has(folder); folder = posix.dirname(folder)) {
      declarations.entries.add(folder);
    }
  }
  return declarations;
}

/**
 * An alias, or a bare specifier whose first segment is an entry of a local root: the app's root and
 * `src/`, a tsconfig `baseUrl` or `*` target, or the folder (and `src/`) of a package.json on the way up.
 */
function isLocalCode(specifier: string, declarations: Declarations, manifests: readonly Manifest[]): boolean {
  if ([...declarations.aliases].some((alias) => (alias.endsWith('/') ? specifier.startsWith(alias) : specifier === alias))) return true;
  const first = specifier.split('/')[0] ?? '';
  const manifestRoots = manifests.flatMap((manifest) => {
    const folder = posix.dirname(manifest.path);
    return [folder, inFolder(folder, 'src')];
  });
  return [...declarations.localRoots, ...manifestRoots].some((root) => declarations.entries.has(inFolder(root, first)));
}

// ---------------------------------------------------------------------------------------------

/**
 * Tool configs, tooling scripts, anything in a dot-folder (`.install-scripts/`), and files that only
 * package.json scripts other than start run (`"copy-static-assets": "ts-node copyStaticAssets.ts"`).
 */
function isTooling(file: IndexedFile, scriptOnly: ReadonlySet<string>): boolean {
  return (
    file.role === 'config' ||
    isToolingPath(file.path) ||
    scriptOnly.has(file.path) ||
    file.path.split('/').slice(0, -1).some((folder) => folder.startsWith('.'))
  );
}

/** Repo-relative files named by package.json scripts other than start/serve, and not entry points. */
function filesRunOnlyByScripts(context: RuleContext<MessageId>): Set<string> {
  const { app } = context;
  const scripts = Object.entries(app.packageJson?.scripts ?? {}).filter(([name]) => !/^(?:pre|post)?(?:start|serve|prod)/.test(name));
  const words = new Set(scripts.flatMap(([, script]) => (typeof script === 'string' ? script.split(/[\s"'=]+/) : [])).map((word) => posix.normalize(word)));
  const entryPoints = new Set(app.entryPoints);
  const named = context.files
    .filter((file) => !entryPoints.has(file.path))
    .map((file) => file.path)
    .filter((path) => {
      const relative = app.path === '.' ? path : path.slice(app.path.length + 1);
      return words.has(relative) || words.has(relative.replace(/\.[cm]?[jt]s$/, ''));
    });
  // A dedicated folder of such a script (`rsn/rsn.ts` and its `rsn/util.ts`) is tooling as a whole.
  const shared = new Set([app.path, inFolder(app.path, 'src'), ...app.entryPoints.map((path) => posix.dirname(path))]);
  const folders = new Set(named.map((path) => posix.dirname(path)).filter((folder) => !shared.has(folder)));
  return new Set([...named, ...context.files.map((file) => file.path).filter((path) => folders.has(posix.dirname(path)))]);
}

/**
 * Whether a declared package is named as a companion of `name`: it extends the name
 * (`react-router-dom` for `react-router`, `redux-toolkit` for `redux`), or shares its npm scope
 * (`@material-ui/lab` for `@material-ui/core`): packages of one family depend on or peer with each
 * other, so one declared usually brings the rest.
 */
function companionOfDeclared(name: string, manifests: readonly Manifest[]): boolean {
  const scope = name.startsWith('@') ? name.slice(0, name.indexOf('/') + 1) : undefined;
  return manifests.some((manifest) =>
    [...manifest.runtime, ...manifest.dev].some((declared) =>
      scope !== undefined && scope !== '' ? declared.startsWith(scope) : declared.startsWith(`${name}-`),
    ),
  );
}

/** Executables whose package has another name: a start that runs them needs that package installed. */
const PACKAGE_OF_EXECUTABLE: Readonly<Record<string, string>> = {
  tsc: 'typescript', swc: '@swc/cli', babel: '@babel/cli', 'babel-node': '@babel/node', nest: '@nestjs/cli', ng: '@angular/cli',
};

/**
 * Whether the app's production start (start scripts, Dockerfile CMD, Procfile, compose command, and
 * the scripts they run) runs a package only devDependencies declare (`npm run build && cross-env
 * NODE_ENV=production node dist/server.js`, with `swc` and `cross-env` dev-only): the app cannot
 * start without its devDependencies, so wherever it runs they are installed, and a runtime import of
 * one resolves. build-release-run/build-at-runtime reports that start.
 */
function startNeedsDevDependencies(context: RuleContext<MessageId>): boolean {
  const manifest = context.app.packageJson;
  const production = new Set(Object.keys(manifest?.dependencies ?? {}));
  const devOnly = new Set(Object.keys(manifest?.devDependencies ?? {}).filter((name) => !production.has(name)));
  if (devOnly.size === 0) return false;
  return productionCommands(context).some(({ command }) =>
    [command.words[0], programWords(command.words)[0]].some((word) => {
      const program = word === undefined ? undefined : posix.basename(word);
      return program !== undefined && (devOnly.has(program) || devOnly.has(PACKAGE_OF_EXECUTABLE[program] ?? ''));
    }),
  );
}

function providedByFramework(name: string, declared: (name: string) => boolean): boolean {
  return Object.entries(PROVIDED_BY).some(([provider, modules]) => modules.includes(name) && declared(provider));
}

function checkReference(
  context: RuleContext<MessageId>,
  file: IndexedFile,
  reference: ModuleReference,
  manifests: readonly Manifest[],
  declarations: Declarations,
  scriptOnly: ReadonlySet<string>,
): void {
  const { specifier } = reference;
  // Tool configs, build and one-off scripts never run in the deployed process.
  if (isTooling(file, scriptOnly)) return;
  const name = packageNameOf(specifier);
  // Type-only imports are erased before anything runs: a missing package breaks the type check, never a deploy.
  if (name === undefined || reference.guarded || reference.typeOnly || NOT_A_PACKAGE.test(specifier)) return;
  if (BUILTINS.has(name) || BUILTINS.has(specifier)) return;
  // `meteor/mongo`, `meteor/ostrio:files`: Meteor packages, which Meteor's build tool links, not npm.
  if (declarations.meteor && specifier.startsWith('meteor/')) return;
  if (ASSET_NAME.test(name) || manifests.some((manifest) => manifest.name === name) || isLocalCode(specifier, declarations, manifests)) return;
  const inRuntime = (candidate: string) => manifests.some((manifest) => manifest.runtime.has(candidate));
  const inDev = (candidate: string) => manifests.some((manifest) => manifest.dev.has(candidate));
  const declaredAnywhere = (candidate: string) => inRuntime(candidate) || inDev(candidate);
  if (inRuntime(name) || providedByFramework(name, declaredAnywhere)) return;
  const manifest = manifests[0]?.path ?? context.app.manifest ?? 'package.json';
  const at = { file: file.path, ...reference.span, data: { name, manifest } };
  if (inDev(name)) {
    if (![...BUNDLERS].some(declaredAnywhere) && !declarations.devOnlyMember && !declarations.startNeedsDevDependencies && !devDependenciesInstalledFor(context, declarations, manifests[0])) context.report({ messageId: 'devOnly', ...at });
    return;
  }
  // With no lockfile, nothing shows what the declared packages install: a companion of one of them
  // (`react-router` beside `react-router-dom`, `@material-ui/core` beside `@material-ui/lab`) most
  // likely comes with it. Undecidable, so not reported; dependencies/lockfile reports the missing lockfile.
  if (context.app.lockfiles.length === 0 && companionOfDeclared(name, manifests)) return;
  // Installed (and pinned) by the lockfile as another package's dependency, it resolves the same way in
  // every deploy of the build and breaks only when a dependency update drops it: by LABELLING.md's
  // question no finding, unless asked for. Pinned by nothing, it resolves only by accident.
  if (!lockfileInstalls(context, name)) context.report({ messageId: 'undeclared', ...at });
  else if (context.options.reportTransitive === true) context.report({ messageId: 'undeclaredTransitive', ...at, severity: 'note' });
}

// ---------------------------------------------------------------------------------------------
// Python and Go

const PYTHON_MANIFEST = /(?:^|\/)(?:requirements[^/]*\.txt|requirements\/[^/]+\.txt|pyproject\.toml|Pipfile|setup\.py|setup\.cfg)$/;
/** Lockfiles that list every installed distribution, transitive ones included, by `name = "x"` entries. */
const NAMED_ENTRY_LOCKFILES = new Set(['poetry.lock', 'uv.lock', 'pdm.lock', 'pylock.toml']);
/** Requirements files that pip-tools or uv compiled: the whole install, one pinned line each. */
const COMPILED_REQUIREMENTS = /^#.*\b(?:pip-compile|uv pip compile)\b|^\s+#\s+via\b/m;
/**
 * What pip leaves out of `pip freeze` and pip-compile out of its output unless told otherwise: the
 * installer's own toolchain, present wherever a requirements file was frozen or compiled.
 */
const INSTALLER_TOOLCHAIN = ['pip', 'setuptools', 'wheel', 'distribute'];
/** How many of what its distributions install (by the knowledge tables) a frozen requirements file lists at least. */
const FROZEN_TRANSITIVES = 3;
/** How many names of one kind the note lists before it only counts the rest. */
const LISTED_NAMES = 6;

/** Import names of distributions the knowledge tables describe: an import by one of these names has a known source. */
const KNOWN_IMPORT_NAMES = new Set([...Object.keys(PYTHON_INSTALLED_WITH), ...Object.values(PYTHON_INSTALLED_WITH).flat()]);

/** What the app declares and what is known to be installed with it, as its Python imports are judged. */
interface PythonDeclarations {
  /** The manifest named in messages and carrying the app's note. */
  manifest: string;
  /** Normalised distributions the app declares (run and dev: a dev-only one still pins the name). */
  declared: Set<string>;
  /** The declared distributions and everything the knowledge tables say they install, each with the declared one that brings it. */
  installed: Map<string, string>;
  /** Declared distributions whose installs are not known (not in the tables, or asked for with extras). */
  opaque: string[];
  /** Every distribution the app's lockfile or compiled requirements hold; undefined when it has none. */
  locked?: Set<string>;
  /** The lockfile, for messages. */
  lockfile?: string;
  /** Top-level names of the repository's own Python modules and packages. */
  local: Set<string>;
}

/** Declared distributions asked for with extras (`celery[redis]`, `fastapi = {extras = ["all"]}`), which install more than the tables say. */
function distributionsWithExtras(text: string): string[] {
  const bracketed = [...text.matchAll(/([A-Za-z0-9][\w.-]*)\s*\[[\w\s,.-]+\]/g)].map((match) => match[1]!);
  const tables = [...text.matchAll(/^\s*["']?([A-Za-z0-9][\w.-]*)["']?\s*=\s*\{[^}\n]*\bextras\b/gm)].map((match) => match[1]!);
  return [...bracketed, ...tables].map(normalisePythonName);
}

/** Every distribution the knowledge tables say `declared` installs, the declared ones included, each with the declared one that brings it. */
function installClosure(declared: Iterable<string>): Map<string, string> {
  const installed = new Map<string, string>();
  const pending = [...declared].sort().reverse().map((name) => [name, name] as const);
  for (let item = pending.pop(); item !== undefined; item = pending.pop()) {
    const [name, by] = item;
    if (installed.has(name)) continue;
    installed.set(name, by);
    pending.push(...(PYTHON_INSTALLED_WITH[name] ?? []).map((dependency) => [dependency, by] as const));
  }
  return installed;
}

/**
 * `pip freeze` output kept as the app's `requirements.txt`: every requirement pinned exactly, and it
 * lists the distributions its own ones install (at least three of them, and half of all the knowledge
 * tables know of), so it is the whole environment, transitive dependencies included: a lock in effect.
 * A hand-written file that pins only what the app imports lists none of those.
 */
function isFrozenRequirements(path: string, requirements: ReturnType<typeof parseRequirements>): boolean {
  if (posix.basename(path) !== 'requirements.txt') return false;
  const entries = requirements.filter((requirement) => requirement.kind !== 'other');
  if (entries.length === 0 || entries.some((requirement) => requirement.kind !== 'pinned')) return false;
  const listed = new Set(entries.map((requirement) => normalisePythonName(requirement.name)));
  const installs = new Set([...listed].flatMap((name) => PYTHON_INSTALLED_WITH[name] ?? []));
  const present = [...installs].filter((name) => listed.has(name)).length;
  return present >= FROZEN_TRANSITIVES && present * 2 >= installs.size;
}

/** The distributions one lockfile holds, or undefined when the file is no lockfile this rule reads. */
function lockedDistributions(path: string, text: string): string[] | undefined {
  const name = posix.basename(path);
  if (name === 'Pipfile.lock') {
    const json = parseJsonc(path, text);
    return json === undefined ? undefined : ['default', 'develop'].flatMap((section) => (isRecord(json[section]) ? Object.keys(json[section] as object) : []));
  }
  if (NAMED_ENTRY_LOCKFILES.has(name)) return [...text.matchAll(/^name\s*=\s*"([^"]+)"/gm)].map((match) => match[1]!);
  if (name !== 'requirements.lock' && !isRequirementsFile(path)) return undefined;
  const requirements = parseRequirements(text);
  if (name === 'requirements.lock' || COMPILED_REQUIREMENTS.test(text) || isFrozenRequirements(path, requirements)) {
    const listed = requirements.filter((requirement) => requirement.kind !== 'include' && requirement.kind !== 'other').map((requirement) => requirement.name);
    return [...listed, ...INSTALLER_TOOLCHAIN];
  }
  return undefined;
}

/** The app's lockfile (in its folder or, for workspaces, a folder above) and what it holds. */
function pythonLock(context: RuleContext<MessageId>): { lockfile: string; locked: Set<string> } | undefined {
  const folders = new Set([context.app.path, ...foldersAbove(context.app.path)]);
  for (const file of context.repo.files) {
    if (!folders.has(posix.dirname(file.path))) continue;
    const text = context.text(file.path);
    const locked = text === undefined ? undefined : lockedDistributions(file.path, text);
    if (locked !== undefined) return { lockfile: file.path, locked: new Set(locked.map(normalisePythonName)) };
  }
  return undefined;
}

function pythonDeclarations(context: RuleContext<MessageId>): PythonDeclarations | undefined {
  const manifests = context.files.filter((file) => PYTHON_MANIFEST.test(file.path)).map((file) => file.path);
  // An app with a package.json too (front-end assets beside a Django site) lists npm packages among its
  // dependencies: they provide no Python module.
  const npm = new Set(Object.keys({ ...context.app.packageJson?.dependencies, ...context.app.packageJson?.devDependencies }));
  const declared = new Set([...context.app.dependencies, ...context.app.devDependencies].filter((name) => !npm.has(name)).map(normalisePythonName));
  // Messages name a manifest with a line that declares a runtime distribution, requirements files first
  // (a pyproject.toml beside them may hold tool settings only).
  const runtime = new Set(context.app.dependencies.filter((name) => !npm.has(name)).map(normalisePythonName));
  const declares = (path: string) =>
    (context.text(path) ?? '').split('\n').some((line) => runtime.has(normalisePythonName(/^\s*["']?([A-Za-z0-9][\w.-]*)/.exec(line)?.[1] ?? '')));
  const ordered = [...manifests.filter(isRequirementsFile), ...manifests.filter((path) => !isRequirementsFile(path))];
  const manifest = ordered.find(declares) ?? manifests[0];
  if (manifest === undefined) return undefined;
  const extras = new Set(manifests.flatMap((path) => distributionsWithExtras(context.text(path) ?? '')));
  const local = new Set<string>();
  for (const file of context.repo.files) {
    if (file.language !== 'python') continue;
    for (const segment of file.path.split('/').slice(0, -1)) local.add(segment);
    local.add(posix.basename(file.path, '.py'));
  }
  const lock = pythonLock(context);
  return {
    manifest,
    declared,
    installed: installClosure(declared),
    opaque: [...declared].filter((name) => extras.has(name) || PYTHON_INSTALLED_WITH[name] === undefined).sort(),
    ...(lock && { locked: lock.locked, lockfile: lock.lockfile }),
    local,
  };
}

/** Names a distribution may be imported by besides its own: `python-jose` as jose, `psycopg2-binary` as psycopg2. */
function strippedDistribution(name: string): string {
  return name.replace(/^(?:python-|py-|django-|flask-)/, '').replace(/-(?:python|binary|py)$/, '');
}

/**
 * A module-level Python import no declared distribution provides. Decided only where the files show
 * the answer: the distributions that provide the name are known (the tables, or the name itself for
 * a distribution they describe), and either the lockfile holds none of them, or there is no lockfile
 * and every declared distribution's installs are known without one. Returns the name when only a
 * lockfile could settle it (a declared distribution with unknown requirements may install it).
 * Imports inside a function, a `try` or an `if` are optional or lazy more often than not: not judged.
 */
function checkPythonImport(context: RuleContext<MessageId>, file: IndexedFile, found: SourceImport, declarations: PythonDeclarations): string | undefined {
  const top = found.module.split('.')[0] ?? '';
  if (found.module.startsWith('.') || found.span.column !== 1 || top === '' || PYTHON_STDLIB.has(top) || declarations.local.has(top)) return undefined;
  const own = normalisePythonName(top);
  const mapped = PYTHON_DISTRIBUTIONS_OF[top];
  const providers = mapped !== undefined && mapped.length > 0 ? mapped : [own];
  const provides = (distributions: ReadonlySet<string>) =>
    providers.some((name) => distributions.has(name)) || [...distributions].some((name) => strippedDistribution(name) === own);
  if (provides(declarations.declared)) return undefined;
  const known = (mapped !== undefined && mapped.length > 0) || KNOWN_IMPORT_NAMES.has(own);
  if (declarations.locked !== undefined) {
    // An import no known distribution provides is most often a declared one's under another name
    // (`rudder_analytics` from rudder-sdk-python): not decidable, so not reported.
    if (provides(declarations.locked) || !known) return undefined;
  } else {
    const installedBy = providers.map((name) => declarations.installed.get(name)).find((by) => by !== undefined);
    if (installedBy !== undefined) {
      // Installed by a declared distribution, pinned by nothing: it stays only while that one requires
      // it. Like a JS or Go transitive import, that is no finding unless asked for.
      if (context.options.reportTransitive === true) {
        context.report({ messageId: 'installedTransitively', data: { name: top, manifest: declarations.manifest, by: installedBy }, file: file.path, ...found.span, severity: 'note' });
      }
      return undefined;
    }
    if (!known) return undefined;
    if (declarations.opaque.length > 0) return top;
  }
  const checkedAgainst = declarations.lockfile ?? declarations.manifest;
  context.report({ messageId: 'undeclaredDistribution', data: { name: top, distribution: providers.join(' or '), manifest: checkedAgainst }, file: file.path, ...found.span });
  return undefined;
}

/** `a, b, c` and how many more. */
function listed(names: readonly string[]): string {
  const shown = names.slice(0, LISTED_NAMES).join(', ');
  return names.length > LISTED_NAMES ? `${shown} and ${names.length - LISTED_NAMES} more` : shown;
}

/** The imports no file settles, in one note for the app at its manifest: which, and the lockfile that would make them checkable. */
function reportUnchecked(context: RuleContext<MessageId>, unchecked: readonly string[], declarations: PythonDeclarations): void {
  const unlocked = [...new Set(unchecked)].sort();
  if (unlocked.length === 0) return;
  const reasons = `${listed(unlocked)} may be installed by ${listed(declarations.opaque)}, and no lockfile shows what is (commit one: uv lock, poetry lock, pipenv lock or pip-compile)`;
  context.report({
    messageId: 'uncheckedImports',
    data: { count: unlocked.length, manifest: declarations.manifest, reasons },
    file: declarations.manifest,
    line: 1,
    severity: 'note',
  });
}

/** A go.mod (or go.work): its module path, and the modules it requires (direct and indirect) or replaces. */
interface GoModule {
  path: string;
  module?: string;
  provides: string[];
}

/** go.mod's `module` path and the modules of its `require` (direct and indirect) and `replace` directives; go.work's `replace` too. */
function goModFile(path: string, text: string): GoModule {
  const provides: string[] = [];
  let block: string | undefined;
  let module: string | undefined;
  for (const line of text.split('\n')) {
    const content = line.replace(/\/\/.*$/, '').trim();
    if (block !== undefined) {
      if (content.startsWith(')')) block = undefined;
      else if (content !== '' && block !== 'use') provides.push(content.split(/\s+/)[0]!);
      continue;
    }
    const directive = /^(module|require|replace|use)\s+(\(|\S+)/.exec(content);
    if (directive?.[1] === 'module') module = directive[2]!.replace(/^"|"$/g, '');
    else if (directive?.[2] === '(') block = directive[1];
    else if (directive && directive[1] !== 'use') provides.push(directive[2]!);
  }
  return { path, ...(module !== undefined ? { module } : {}), provides };
}

/** The modules a go.sum or vendor/modules.txt names: what the build list holds, or what is vendored. */
function listedModules(text: string, vendored: boolean): string[] {
  const pattern = vendored ? /^# (\S+) /gm : /^(\S+) \S+ /gm;
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

/** Whether Go import path `path` lies in module `module`. */
function inModule(path: string, module: string): boolean {
  return path === module || path.startsWith(`${module}/`);
}

/** What the repository's Go modules declare and hold. */
interface GoDeclarations {
  /** go.mod files by folder. */
  modules: Map<string, GoModule>;
  /** Module paths of the repository's own modules, and what a go.work replaces. */
  workspace: string[];
}

function goDeclarations(context: RuleContext<MessageId>): GoDeclarations {
  const modules = new Map<string, GoModule>();
  const workspace: string[] = [];
  for (const file of context.repo.files) {
    const name = posix.basename(file.path);
    if (name !== 'go.mod' && name !== 'go.work') continue;
    const read = goModFile(file.path, context.text(file.path) ?? '');
    if (name === 'go.work') workspace.push(...read.provides);
    else modules.set(posix.dirname(file.path), read);
    if (read.module !== undefined) workspace.push(read.module);
  }
  return { modules, workspace };
}

/** What `go build` skips: files under `testdata/` or a `_` or `.` folder, and files constrained to the `ignore` tag. */
function goBuildIgnores(file: IndexedFile, text: string): boolean {
  if (file.path.split('/').slice(0, -1).some((folder) => folder === 'testdata' || folder.startsWith('_') || folder.startsWith('.'))) return true;
  const header = text.slice(0, Math.max(0, text.search(/^package\s/m)));
  return /^\/\/(?:go:build|\s*\+build)\s+ignore\b/m.test(header);
}

/**
 * A Go import outside the standard library (its first element has a dot) that no module of the build
 * list can provide: `go build` refuses it. Provided are the repository's own modules, what the go.mod
 * governing the file requires (indirect included) or replaces, what a go.work replaces, and what its
 * vendor/modules.txt holds. A module only go.sum names is a dependency's dependency: it builds the same
 * way every time, so it is reported only when asked for. Without a go.mod (GOPATH-era code) nothing is judged.
 */
function checkGoImport(context: RuleContext<MessageId>, file: IndexedFile, found: SourceImport, declarations: GoDeclarations): void {
  const path = found.module;
  if (!(path.split('/')[0] ?? '').includes('.')) return;
  const folder = [posix.dirname(file.path), ...foldersAbove(posix.dirname(file.path))].find((candidate) => declarations.modules.has(candidate));
  const governing = folder === undefined ? undefined : declarations.modules.get(folder);
  if (governing === undefined || folder === undefined) return;
  const provided = [...declarations.workspace, ...governing.provides, ...listedModules(context.text(inFolder(folder, 'vendor/modules.txt')) ?? '', true)];
  if (provided.some((module) => inModule(path, module))) return;
  const at = { data: { name: path, manifest: governing.path }, file: file.path, ...found.span };
  if (!listedModules(context.text(inFolder(folder, 'go.sum')) ?? '', false).some((module) => inModule(path, module))) context.report({ messageId: 'undeclaredSource', ...at });
  else if (context.options.reportTransitive === true) context.report({ messageId: 'undeclaredTransitiveSource', ...at, severity: 'note' });
}

function checkPythonGo(context: RuleContext<MessageId>): void {
  const sources = context.files.filter(isRuntimeSource);
  if (sources.length === 0) return;
  const python = sources.some((file) => file.language === 'python') ? pythonDeclarations(context) : undefined;
  const go = sources.some((file) => file.language === 'go') ? goDeclarations(context) : undefined;
  const unchecked: string[] = [];
  for (const file of sources) {
    if (file.language === 'go' && go && goBuildIgnores(file, context.text(file.path) ?? '')) continue;
    // setup.py runs where the package is built, with what the build backend brings (setuptools), not in the app's install.
    if (file.language === 'python' && posix.basename(file.path) === 'setup.py') continue;
    const seen = new Set<string>();
    for (const found of context.facts(file.path, imports) ?? []) {
      // One finding per top-level module in a file: the first import of it is the one to fix.
      const key = file.language === 'go' ? found.module : (found.module.split('.')[0] ?? '');
      if (seen.has(key)) continue;
      seen.add(key);
      if (file.language === 'go' && go) checkGoImport(context, file, found, go);
      else if (file.language === 'python' && python) {
        const open = checkPythonImport(context, file, found, python);
        if (open) unchecked.push(open);
      }
    }
  }
  if (python) reportUnchecked(context, unchecked, python);
}

export const undeclaredImports = defineRule<MessageId>({
  id: 'dependencies/undeclared-imports',
  languages: ['javascript', 'typescript', 'python', 'go'],
  factor: 'dependencies',
  defaultSeverity: 'warning',
  title: 'Imports of undeclared packages',
  description:
    'Finds bare imports and requires of packages that no package.json from the file up to the workspace root declares, and runtime imports declared only as devDependencies; Go imports no module of the build list provides; Python module-level imports of a known distribution that nothing declared or locked installs, with one note per app for the imports only a lockfile could settle.',
  fix: 'Add the package to dependencies (npm install <name>), or to devDependencies when only tooling, tests or types use it.',
  messages: {
    undeclared: "'{{name}}' is imported but not declared in {{manifest}} (or a package.json above it): it only resolves where something else installed it",
    undeclaredTransitive:
      "'{{name}}' is imported but not declared in {{manifest}} (or a package.json above it): it is installed only as another package's dependency and disappears when that package drops it",
    devOnly: "'{{name}}' is imported by runtime code but declared only in devDependencies of {{manifest}}: production installs (npm ci --omit=dev) leave it out",
    undeclaredSource: "'{{name}}' is imported but no module {{manifest}} requires or replaces provides it: go build refuses it until go.mod requires its module",
    undeclaredTransitiveSource:
      "'{{name}}' is imported but {{manifest}} does not require its module: only go.sum names it, as another module's dependency, and it disappears when that module drops it",
    undeclaredDistribution:
      "'{{name}}' is imported but {{manifest}} neither declares nor installs {{distribution}}, which provides it: it only resolves where something else installed it",
    installedTransitively:
      "'{{name}}' is imported but {{manifest}} does not declare it: only {{by}} installs it, and with no lockfile nothing pins it; declare it",
    uncheckedImports: '{{count}} module-level import(s) cannot be checked against {{manifest}}: {{reasons}}',
  },
  defaultOptions: { reportTransitive: false },
  triggers: ['import', 'require'],
  appliesTo: (app) => (app.manifest || app.dependencies.length > 0 ? true : 'no manifest declares the dependencies of this app'),
  facts: [moduleReferences, bundlerAliases, imports],
  check(context) {
    if (context.app.manifest) checkScripts(context);
    checkPythonGo(context);
  },
});

/** Require hooks that compile TypeScript or modern JS on the fly when Node loads a file. */
const SOURCE_REGISTER_HOOK = /^(?:ts-node\/register(?:\/.*)?|@babel\/register|esbuild-register(?:\/.*)?|@swc\/register|@swc-node\/register|tsx\/cjs)$/;

/**
 * The last line of a UMD wrapper at the top of a file (`(function (root, factory) { if (typeof define
 * === 'function' && define.amd) ... module.exports = factory(require('jquery')) ... })(this, ...)`),
 * 0 when there is none. The wrapper's requires name the bundle's peers, which whoever loads the
 * bundle provides (a page's script tags, AMD, or the host app's own dependencies): not this file's to declare.
 */
function umdWrapperEnd(text: string): number {
  const head = text.slice(0, UMD_HEAD_CHARS);
  const amd = head.search(/\bdefine\.amd\b/);
  if (amd === -1 || !/\bfactory\b|typeof\s+exports\b/.test(head)) return 0;
  const close = /^\s*\}\s*\)?\s*\(/m.exec(head.slice(amd));
  if (!close) return 0;
  return head.slice(0, amd + close.index).split('\n').length;
}

/** How far into a file a UMD wrapper may end. */
const UMD_HEAD_CHARS = 4000;

/** JS/TS: each runtime file's bare imports against the package.json files above it. */
function checkScripts(context: RuleContext<MessageId>): void {
  const declarations = collectDeclarations(context);
  const scriptOnly = filesRunOnlyByScripts(context);
  forEachScriptFacts(
    context,
    moduleReferences,
    (facts, file) => {
      const manifests = manifestsFor(context, declarations, posix.dirname(file.path));
      const references = referencesOf(facts);
      // `require('ts-node/register')`: a launcher that compiles on the fly, a developer's way in; production starts the build.
      if (references.some((reference) => SOURCE_REGISTER_HOOK.test(reference.specifier))) return;
      const wrapperEnd = umdWrapperEnd(context.text(file.path) ?? '');
      const seen = new Set<string>();
      for (const reference of references) {
        if (reference.span.line <= wrapperEnd) continue;
        // One finding per package in a file: the first runtime import of it is the one to fix.
        const key = `${packageNameOf(reference.specifier)}:${reference.typeOnly}`;
        if (seen.has(key)) continue;
        seen.add(key);
        checkReference(context, file, reference, manifests, declarations, scriptOnly);
      }
    },
    ['source', 'config'],
  );
}
