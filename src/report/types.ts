import type { FailOn } from '../config/types.js';
import type { Report } from '../types.js';

export interface ReporterOptions {
  color: boolean;
  /** Show only findings at or above `failOn`. */
  quiet: boolean;
  failOn: FailOn;
  minScore?: number;
}

/** A reporter is a pure function from the report to the text it prints or writes. */
export type Reporter = (report: Report, options: ReporterOptions) => string;
