/** An error that stops the whole run with one clear message and exit code 2 (bad usage, bad config, missing path). */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
