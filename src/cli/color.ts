/**
 * Colours on a TTY unless refused: --no-color, NO_COLOR (any value) or FORCE_COLOR=0|false turn them
 * off; --color or another FORCE_COLOR turn them on anywhere (a CI log that renders them).
 */
export function useColor(flag: boolean | undefined, stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv): boolean {
  if (flag === false) return false;
  if (flag === true) return true;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force === '0' || force === 'false') return false;
  if (force !== undefined) return true;
  return stream.isTTY === true && env.TERM !== 'dumb';
}
