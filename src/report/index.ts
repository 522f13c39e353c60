import { compactReporter } from './compact.js';
import type { FormatName } from './formats.js';
import { githubReporter } from './github.js';
import { gitlabReporter } from './gitlab.js';
import { htmlReporter } from './html.js';
import { jsonReporter } from './json.js';
import { junitReporter } from './junit.js';
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
  compact: compactReporter,
  github: githubReporter,
  gitlab: gitlabReporter,
  junit: junitReporter,
  html: htmlReporter,
};
