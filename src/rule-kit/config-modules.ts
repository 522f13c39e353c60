/**
 * Source modules that hold settings by their path: `config.js`, `db.config.js`, `keys.js`, any module
 * of a `config/` folder, Python `settings.py` and `settings/` modules, Go `config.go`. A literal there
 * is configuration, wherever it sits in the module; tools' own config files (`vite.config.ts`) are not.
 */
import { posix } from 'node:path';

/** Module names that hold settings: `config.js`, `keys.js`, `db.config.js`, `config.default.js`, `settings.ts`, `knexfile.js`. */
const CONFIG_MODULE_NAME =
  /^(?:[\w-]+\.)?(?:config|configs|configuration|settings|keys|secrets|credentials|knexfile|ormconfig)(?:\.[\w-]+)?\.(?:[cm]?js|tsx?|[cm]ts)$/i;
/** Inside a config folder, every module is one (`config/default.js`, `config/database.js`). */
const CONFIG_FOLDER = /(?:^|\/)(?:config|configs|conf|settings)\/[^/]+$/i;
/**
 * Tools' own config files (`vite.config.ts`, `jest.config.js`, `config/webpack.config.js`): they
 * configure a build or a test run, not a deploy.
 */
const TOOL_CONFIG =
  /^(?:vite|vitest|next|nuxt|eslint|jest|tailwind|webpack|rollup|babel|postcss|prettier|metro|playwright|cypress|karma|svelte|astro|remix|tsup|esbuild|drizzle|prisma|stylelint|commitlint|lint-staged|release|expo|app|capacitor|ionic|quasar|vue|angular|storybook|turbo|nodemon|ecosystem|openapi-ts|i18n|next-i18next|sentry\.[\w-]+|wdio|nightwatch|tsconfig|typedoc|docusaurus|gatsby|craco|snowpack|parcel|lerna|nx|husky|renovate|changeset|knip|size-limit|vercel|netlify|wrangler|serverless|sst|electron-builder|electron\.vite|uno|windi|panda|mdx|contentlayer|velite|tamagui|graphql|codegen|apollo|relay|orval)\.config(?:\.[\w-]+)*\.(?:[cm]?js|tsx?|[cm]ts)$/i;
const PYTHON_CONFIG_NAME = /(?:^|\/)(?:settings|config|configs)\.py$/;
const PYTHON_SETTINGS_FOLDER = /(?:^|\/)(?:settings|config)\/[^/]+\.py$/;
/** Settings modules of Python and Go by name, prefixed or not: `db_settings.py`, `prod_config.py`, `config.go`. */
const PYTHON_GO_SETTINGS_NAME = /(?:^|\/)(?:\w+_)?(?:config|configs|configuration|settings|conf)\.(?:py|go)$/;

/** A JS/TS module holding settings (`config.js`, `config/database.ts`), not a tool's own config. */
export function isScriptConfigModulePath(path: string): boolean {
  const name = posix.basename(path);
  if (TOOL_CONFIG.test(name)) return false;
  return CONFIG_MODULE_NAME.test(name) || CONFIG_FOLDER.test(path);
}

/** A Python settings module: `settings.py`, `config.py`, any module of a `settings/` or `config/` folder. */
export function isPythonSettingsPath(path: string): boolean {
  return PYTHON_CONFIG_NAME.test(path) || PYTHON_SETTINGS_FOLDER.test(path);
}

/**
 * A settings module of any analysed language, for telling whether a literal is configuration: wider
 * than `isPythonSettingsPath` (the config-module rule's candidates), as prefixed names (`db_settings.py`)
 * count too.
 */
export function isConfigModulePath(path: string): boolean {
  if (path.endsWith('.py') || path.endsWith('.go')) return PYTHON_GO_SETTINGS_NAME.test(path) || CONFIG_FOLDER.test(path);
  return isScriptConfigModulePath(path);
}
