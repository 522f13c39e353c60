/** Text a user or a repository typed, shown back in a message: long enough to recognise, never whole pages of it. */
export const MAX_ECHO = 80;

export function cutEcho(text: string, max = MAX_ECHO): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}
