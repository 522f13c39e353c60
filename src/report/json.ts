import type { Reporter } from './types.js';

/** The Report object itself, as described by docs/report.schema.json. */
export const jsonReporter: Reporter = (report) => `${JSON.stringify(report, null, 2)}\n`;
