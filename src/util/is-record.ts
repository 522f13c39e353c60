/** A plain object (not null, not an array): the shape every parsed JSON/YAML mapping is checked for. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
