import type { FailOn } from '../config/types.js';
import type { Report } from '../types.js';

export interface ReporterOptions {
  color: boolean;
  /** Show only findings at or above `failOn`; the text report shows only what to fix first. */
  quiet: boolean;
  /** The text report shows every factor of every app, not one row per app, in a monorepo. */
  verbose?: boolean;
  failOn: FailOn;
  minScore?: number;
  /** SARIF `automationDetails.id` category (`--category`); default `twelve-audit`. */
  category?: string;
  /**
   * Where Markdown file links point: a URL prefix to which the path from the repository top is
   * appended (e.g. `https://github.com/o/r/blob/<sha>/`); relative links when unset.
   */
  linkBase?: string;
}

/** A reporter is a pure function from the report to the text it prints or writes. */
export type Reporter = (report: Report, options: ReporterOptions) => string;
