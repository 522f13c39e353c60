/**
 * The config stage: find the config file, parse it, validate it, merge it over the defaults.
 * Every problem is a UsageError naming the file, so the run stops before anything is audited.
 */
import path from 'node:path';
import { UsageError } from '../errors.js';
import { discoverConfigFile } from './discover.js';
import { readRegularText } from '../util/safe-fs.js';
import { parseConfigText } from './parse.js';
import { pathFromConfig } from './paths.js';
import { DEFAULT_CONFIG, type ConfiguredKinds, type ResolvedConfig, type RuleConfig } from './types.js';
import type { SchemaRule } from './schema.js';
import { validateConfig, type ConfigFile } from './validate.js';

export { applyRuleFlags } from './rule-flags.js';
export { CONFIG_FILE_NAMES, discoverConfigFile, findConfigFile } from './discover.js';
export { starterConfig } from './starter.js';

/** A config file is a few KB; this bounds the time and memory a hostile one can cost before it is refused. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

export interface LoadConfigOptions {
  /** The audited root, where the config file is looked for (then the folders above it, up to the repository top). */
  root: string;
  /** An explicit config file (`--config`), relative to the working directory. */
  configPath?: string;
  knownRuleIds: readonly string[];
  /** The rules with their default options: an option a rule does not take is an error (else any option passes). */
  rules?: readonly SchemaRule[];
}

export function loadConfig(options: LoadConfigOptions): ResolvedConfig {
  const file = options.configPath === undefined ? discoverConfigFile(options.root) : path.resolve(options.configPath);
  if (file === undefined) return structuredClone(DEFAULT_CONFIG);
  const shownAs = options.configPath ?? displayPath(file);

  // The file found in the repository is the repository's: a symlink there could lead anywhere. One the user named is followed.
  const text = readConfigText(file, shownAs, options.configPath !== undefined);
  const parsed = parseConfigText(text, file.endsWith('.json') ? 'json' : 'yaml');
  if (!parsed.ok) throw invalidConfig(shownAs, parsed.problems);
  if (parsed.value === undefined) return { ...structuredClone(DEFAULT_CONFIG), source: file };

  const validated = validateConfig(parsed.value, options.knownRuleIds, options.rules);
  if (!validated.ok) throw invalidConfig(shownAs, validated.problems);
  const config = mergeOverDefaults(validated.value, file);
  if (config.baseline !== undefined) pathFromConfig(options.root, config.baseline, 'baseline');
  return config;
}

function readConfigText(file: string, shownAs: string, userNamed: boolean): string {
  const read = readRegularText(file, { maxBytes: MAX_CONFIG_BYTES, followSymlink: userNamed });
  if (read.ok) return read.text;
  switch (read.problem) {
    case 'missing':
      throw new UsageError(`Config file not found: ${shownAs}`);
    case 'symlink':
      throw new UsageError(`Cannot read config file ${shownAs}: it is a symbolic link, which is not followed (pass it with --config to use it)`);
    case 'too large':
      throw new UsageError(`Cannot read config file ${shownAs}: it is over ${MAX_CONFIG_BYTES} bytes`);
    case 'not a regular file':
      throw new UsageError(`Cannot read config file ${shownAs}: it is not a regular file`);
    default:
      throw new UsageError(`Cannot read config file ${shownAs}: ${read.code ?? 'unknown error'}`);
  }
}

function invalidConfig(shownAs: string, problems: readonly string[]): UsageError {
  return new UsageError(`Invalid config ${shownAs}:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
}

/** Relative to the working directory when the file lies under it, else absolute. */
function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

function mergeOverDefaults(file: ConfigFile, source: string): ResolvedConfig {
  const config: ResolvedConfig = { ...structuredClone(DEFAULT_CONFIG), source };
  if (file.rules) config.rules = normaliseRules(file.rules);
  if (file.ignore) config.ignore = file.ignore;
  if (file.minScore !== undefined) config.minScore = file.minScore;
  if (file.failOn !== undefined) config.failOn = file.failOn;
  if (file.weights) config.weights = file.weights;
  if (file.overrides) config.overrides = file.overrides;
  if (file.baseline !== undefined) config.baseline = file.baseline;
  if (file.maxFileSize !== undefined) config.maxFileSize = file.maxFileSize;
  if (file.requireSuppressionReason !== undefined) config.requireSuppressionReason = file.requireSuppressionReason;
  if (file.cache !== undefined) config.cache = file.cache;
  if (file.apps) config.apps = file.apps;
  return config;
}

/** `id: warning` is shorthand for `id: { severity: warning }`. */
function normaliseRules(rules: NonNullable<ConfigFile['rules']>): Record<string, RuleConfig> {
  return Object.fromEntries(
    Object.entries(rules).map(([id, setting]) => [id, typeof setting === 'string' ? { severity: setting } : setting]),
  );
}

/** The kinds the config's `apps` sets, for app detection; undefined when it sets none. */
export function configuredKinds(config: ResolvedConfig, root: string): ConfiguredKinds | undefined {
  const kinds = Object.fromEntries(Object.entries(config.apps ?? {}).flatMap(([key, settings]) => (settings.kind === undefined ? [] : [[key, settings.kind]])));
  if (Object.keys(kinds).length === 0 || config.source === undefined) return undefined;
  const rootFromConfig = path.relative(path.dirname(config.source), path.resolve(root)).split(path.sep).join('/');
  const source = rootFromConfig === '' ? path.basename(config.source) : path.relative(path.resolve(root), config.source).split(path.sep).join('/');
  return { kinds, source, rootFromConfig };
}
