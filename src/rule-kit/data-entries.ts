/**
 * String values of a YAML or JSON document with the key path that holds them and where they start,
 * so a rule can judge `password: hunter22` by its key and point at the value. The engine's parse
 * (`ctx.yamlAll`) keeps no positions, hence this second, positional read of the same text.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseAllDocuments } from 'yaml';
import { AUDITED_YAML } from '../parse/data.js';

export interface DataEntry {
  /** Keys and sequence indexes from the document root to the value. */
  path: (string | number)[];
  /**
   * The name the value is held under: its key; for `NAME=value` items of a list (compose
   * `environment`), NAME; for `{ name: NAME, value: v }` pairs (Kubernetes `env`), NAME.
   */
  name: string;
  value: string;
  /** 1-based position of the value's first character (its opening quote when quoted). */
  line: number;
  column: number;
  /** Index of the YAML document the value is in (0 for JSON and single-document YAML). */
  document: number;
}

/** Every string scalar of the YAML/JSON `text`; [] when it does not parse. */
export function dataEntries(text: string): DataEntry[] {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { ...AUDITED_YAML, lineCounter });
  if (!Array.isArray(documents) || documents.some((document) => document.errors.length > 0)) return [];
  const entries: DataEntry[] = [];
  documents.forEach((document, index) => {
    collect(document.contents, [], '', (entry) => entries.push({ ...entry, document: index }), lineCounter);
  });
  return [...entries, ...entries.flatMap((entry) => embeddedEntries(entry, text))];
}

/**
 * The entries of a config file held as a block in another (`data: { config.yaml: | ... }` of a
 * Kubernetes ConfigMap, a Helm value), placed in the outer file: the block starts on the line after
 * its key, indented.
 */
function embeddedEntries(entry: DataEntry, text: string): DataEntry[] {
  if (!/\.(?:ya?ml|json)$/i.test(entry.name) || !entry.value.includes('\n')) return [];
  const firstLine = text.split('\n', entry.line + 1)[entry.line] ?? '';
  const indent = /^[ \t]*/.exec(firstLine)?.[0].length ?? 0;
  return dataEntries(entry.value).map((inner) => ({
    ...inner,
    path: [...entry.path, ...inner.path],
    line: entry.line + inner.line,
    column: inner.column + indent,
    document: entry.document,
  }));
}

type Emit = (entry: Omit<DataEntry, 'document'>) => void;

function collect(node: unknown, path: (string | number)[], name: string, emit: Emit, lines: LineCounter): void {
  if (isMap(node)) {
    const pairName = nameValuePairName(node);
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      const heldUnder = pairName !== undefined && key === 'value' ? pairName : key;
      collect(pair.value, [...path, key], heldUnder, emit, lines);
    }
  } else if (isSeq(node)) {
    node.items.forEach((item, index) => collect(item, [...path, index], name, emit, lines));
  } else if (isScalar(node) && typeof node.value === 'string' && node.range) {
    const { line, col } = lines.linePos(node.range[0]);
    const assignment = typeof path.at(-1) === 'number' ? /^([A-Za-z_][A-Za-z0-9_.-]*)=(.*)$/s.exec(node.value) : null;
    if (assignment) {
      // `- KEY=value`: the value starts after `KEY=` (and after the opening quote, if any).
      const quote = /^["']/.test(node.source ?? '') || node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE' ? 1 : 0;
      const valueColumn = col + quote + (assignment[1] ?? '').length + 1;
      emit({ path, name: assignment[1] ?? '', value: assignment[2] ?? '', line, column: valueColumn });
    } else {
      emit({ path, name, value: node.value, line, column: col });
    }
  }
}

/** `{ name: DB_PASSWORD, value: x }` (Kubernetes env, ECS) or `{ key: ..., value: ... }` (render.yaml). */
function nameValuePairName(map: { items: unknown[] }): string | undefined {
  let name: string | undefined;
  let hasValue = false;
  for (const pair of map.items) {
    if (!isPair(pair) || !isScalar(pair.key)) continue;
    if ((pair.key.value === 'name' || pair.key.value === 'key') && isScalar(pair.value) && typeof pair.value.value === 'string') {
      name = pair.value.value;
    }
    if (pair.key.value === 'value') hasValue = true;
  }
  return hasValue ? name : undefined;
}
