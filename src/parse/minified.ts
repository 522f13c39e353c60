/** A line this long, or this long on average, means a bundle or minified file, not source to audit. */
const MINIFIED_LINE_LENGTH = 5000;
const MINIFIED_AVERAGE_LINE_LENGTH = 300;

export function looksMinified(text: string): boolean {
  if (text.length < 2000) return false;
  const lines = text.split('\n');
  return text.length / lines.length > MINIFIED_AVERAGE_LINE_LENGTH || lines.some((line) => line.length > MINIFIED_LINE_LENGTH);
}
