import { maskIn } from '../rule-kit/secrets.js';

/** Fills `{{name}}` placeholders from `data`, masking any secret that ends up in the text. */
export function formatMessage(
  template: string,
  data: Record<string, string | number> | undefined,
  secrets: readonly string[],
): string {
  const filled = template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) =>
    data && name in data ? String(data[name]) : whole,
  );
  return maskIn(filled, secrets);
}

const MAX_SNIPPET = 160;

/** The trimmed source line of a finding, secrets masked, shortened around the column when long. */
export function snippetOf(text: string | undefined, line: number, column: number, secrets: readonly string[]): string | undefined {
  if (text === undefined) return undefined;
  const source = text.split('\n')[line - 1]?.replace(/\r$/, '');
  if (source === undefined) return undefined;
  const masked = maskIn(source, secrets);
  const trimmed = masked.trim();
  if (trimmed.length === 0) return undefined;
  if (trimmed.length <= MAX_SNIPPET) return trimmed;
  const start = Math.max(0, Math.min(column - 1 - (masked.length - masked.trimStart().length) - 40, trimmed.length - MAX_SNIPPET));
  return `${start > 0 ? '…' : ''}${trimmed.slice(start, start + MAX_SNIPPET)}…`;
}
