/**
 * What the config rules ask of Python and Go source as its per-file facts describe it (the facts
 * themselves are exported by python-go-facts.ts): the text of a bound literal, whether it configures
 * a developer's machine or a test run, and a walk over the files with their facts.
 */
import type { FileExtractor } from '../facts/types.js';
import type { BoundLiteral } from '../facts/literals/index.js';
import { HOLE, type LiteralValue } from '../facts/values.js';
import type { IndexedFile, RuleContext } from '../types.js';
import { defineAppFact } from '../facts/app-facts.js';

/**
 * A string literal's text; a template's interpolated parts are written `${…}`, which every
 * placeholder, secret and endpoint check already reads as "not literal". Undefined for other values.
 */
export function stringOf(value: LiteralValue): string | undefined {
  if (value.kind === 'string') return value.value;
  return value.kind === 'template' ? value.value.replaceAll(HOLE, '${…}') : undefined;
}

const LOCAL_ENVIRONMENT = '(dev|development|local|test|testing|ci|e2e)';
const SETTINGS_MODULE = '\\.(?:py|[cm]?[jt]s)$';
const LOCAL_SETTINGS: readonly RegExp[] = [
  new RegExp(`^(.*(?:^|/)(?:settings|config|configs|conf|env|envs|environments)/(?:[^/]+/)*)${LOCAL_ENVIRONMENT}(?:/(?:__init__|index))?${SETTINGS_MODULE}`),
  new RegExp(`^(.*?)${LOCAL_ENVIRONMENT}_settings\\.py$`),
  new RegExp(`^(.*?)(?:settings|config)[._-]${LOCAL_ENVIRONMENT}${SETTINGS_MODULE}`),
];
const SCRIPT = /\.(?:py|[cm]?[jt]s)$/;

/** The folder a settings module sits in and the environment its name gives, if it is named for one. */
function settingsEnvironment(path: string): { folder: string; environment: string } | undefined {
  for (const pattern of LOCAL_SETTINGS) {
    const match = pattern.exec(path);
    if (match) return { folder: match[1] ?? '', environment: match[2] ?? '' };
  }
  return undefined;
}

/**
 * A development settings module counts as a developer's only when another settings module sits
 * beside it (`production.js`, `base.py`, `config.js`): the only module an app has is what every
 * deploy runs, whatever its name (`config/development/__init__.py` loaded by the app's one factory).
 * Test and local modules never reach a deploy.
 */
const LOCAL_SETTINGS_FILES = defineAppFact('local-settings-files', (context) => {
  const paths = context.repo.files.map((file) => file.path);
  const local = new Set<string>();
  for (const path of paths) {
    const found = settingsEnvironment(path);
    if (found === undefined) continue;
    const own = path.slice(found.folder.length).split('/')[0] ?? '';
    const sibling = paths.some((other) => {
      if (!other.startsWith(found.folder) || !SCRIPT.test(other)) return false;
      const entry = other.slice(found.folder.length).split('/')[0] ?? '';
      return entry !== own && !/^(?:__init__|index)\./.test(entry);
    });
    if (!/^dev/.test(found.environment) || sibling) local.add(path);
  }
  return local;
});

/**
 * Settings modules for a developer's machine or a test run, in any language: `settings/local.py`,
 * `test_settings.py`, `config/env/development.js` beside `config/env/production.js`, `config/test.ts`,
 * `config.dev.js` beside `config.js`. What they hold never reaches a deploy.
 */
export function isLocalSettingsPath(context: RuleContext<string>, path: string): boolean {
  return context.appFact(LOCAL_SETTINGS_FILES).has(path);
}

/** A config class for a developer's machine or a test run: `DevelopmentConfig`, `TestingSettings`, `LocalConfig`. */
export function isLocalConfigScope(scope: string): boolean {
  return /(?:Dev|Development|Test|Testing|Local)(?:Config|Settings|Configuration)?$|^(?:Dev|Development|Test|Testing|Local)[A-Z]/.test(scope);
}

/** A config block for a developer's machine or a test run: `development`, `test`, `local` keys of a knexfile or sequelize config. */
export function isLocalBlockName(name: string): boolean {
  return /^["'`]?(?:development|dev|local|test|testing|ci|e2e)["'`]?$/i.test(name);
}

/**
 * A literal of settings for a developer's machine or a test run: in a local settings module, a
 * development config class (`class DevelopmentConfig: SECRET_KEY = 'dev'`) or a development block
 * (`DATABASES = {'development': {...}}`).
 */
export function isLocalLiteral(context: RuleContext<string>, literal: BoundLiteral, path: string): boolean {
  return isLocalSettingsPath(context, path) || literal.path.some((segment) => isLocalConfigScope(segment) || isLocalBlockName(segment));
}

/**
 * Calls `visit` with what `extractor` found in each Python and Go file of the app that passes
 * `filter` (default: role `source`) and holds one of the rule's triggers. Files that could not be
 * analysed (the engine has recorded why) are skipped.
 */
export function forEachSourceFacts<T>(
  context: RuleContext<string>,
  extractor: FileExtractor<T | undefined>,
  visit: (facts: T, file: IndexedFile) => void,
  filter: (file: IndexedFile) => boolean = (file) => file.role === 'source',
): void {
  for (const file of context.candidates((candidate) => (candidate.language === 'python' || candidate.language === 'go') && filter(candidate))) {
    const facts = context.facts(file.path, extractor);
    if (facts !== undefined) visit(facts, file);
  }
}

