import { visibleLines } from './util/visible-text.js';

/**
 * An error that stops the whole run with one clear message and exit code 2 (bad usage, bad config,
 * missing path). Its message may quote the repository (a config key, a rule id): every control and
 * bidi character in it is shown as an escape, so printing it cannot drive the terminal.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';

  constructor(message: string) {
    super(visibleLines(message));
  }
}
