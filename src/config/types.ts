import type { AppKind, FactorSlug, Severity, SeverityOrOff } from '../types.js';

export type FailOn = Severity | 'none';

export interface RuleConfig {
  severity?: SeverityOrOff;
  options?: Record<string, unknown>;
  /** Globs (repo-relative) where this rule is not reported. */
  ignore?: string[];
}

export interface Override {
  /** Globs (repo-relative) the override applies to. */
  files: string[];
  rules: Record<string, SeverityOrOff>;
}

/** The config's settings of one app, keyed by its name or path. */
export interface AppSettings {
  /** Overrides the kind twelve-audit guesses. */
  kind?: AppKind;
}

/** The configuration after parsing, validation and merging over defaults. */
export interface ResolvedConfig {
  /** Absolute path of the config file that was loaded, if any. */
  source?: string;
  rules: Record<string, RuleConfig>;
  /** Extra globs to leave out of the audit, on top of .gitignore and the default ignores. */
  ignore: string[];
  minScore?: number;
  failOn: FailOn;
  /** Relative weight per factor; a factor not listed weighs 1. */
  weights: Partial<Record<FactorSlug, number>>;
  overrides: Override[];
  baseline?: string;
  /** Files larger than this many bytes are skipped (and reported as skipped). */
  maxFileSize: number;
  /** Inline suppressions must carry a `-- reason`. */
  requireSuppressionReason: boolean;
  /** Keep results and per-file facts between runs (`--cache`). */
  cache: boolean;
  /** Settings per app name or path (`apps:`); absent when the config has none. */
  apps?: Record<string, AppSettings>;
}

export const DEFAULT_CONFIG: ResolvedConfig = {
  rules: {},
  ignore: [],
  failOn: 'error',
  weights: {},
  overrides: [],
  maxFileSize: 1024 * 1024,
  requireSuppressionReason: true,
  cache: false,
};

/** The config's `apps` entries that set a kind, and where they were read. */
export interface ConfiguredKinds {
  /** Kind per app name or path, as the config wrote them. */
  kinds: Readonly<Record<string, AppKind>>;
  /** The config file's name, for the reason (`set in .twelve-audit.yml`). */
  source: string;
  /** The audited root relative to the config file's folder ('' when the config lies in it): paths may be written from there. */
  rootFromConfig: string;
}
