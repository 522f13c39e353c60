/** A plain object (not null, not an array): the shape every parsed JSON/YAML mapping is checked for. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value as a mapping, or an empty one: for walking parsed documents whose shape is not known. */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}
