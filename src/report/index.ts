import type { FormatName } from './formats.js';
import { jsonReporter } from './json.js';
import { markdownReporter } from './markdown.js';
import { sarifReporter } from './sarif.js';
import { textReporter } from './text.js';
import type { Reporter } from './types.js';

export { FORMAT_NAMES } from './formats.js';

/** Every output format by name; a new format is one more entry here and one in formats.ts. */
export const REPORTERS: Readonly<Record<string, Reporter>> & Readonly<Record<FormatName, Reporter>> = {
  text: textReporter,
  json: jsonReporter,
  sarif: sarifReporter,
  markdown: markdownReporter,
};
