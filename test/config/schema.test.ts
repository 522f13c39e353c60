import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../src/config/schema.json' with { type: 'json' };
import { SCHEMA_URL } from '../../src/config/starter.js';
import { FACTOR_SLUGS } from '../../src/factors.js';

type Node = Record<string, unknown>;

/** Every `properties` entry of the schema, with its key path, for the hover-help check. */
function documentedProperties(node: Node, at: string): { at: string; node: Node }[] {
  const found: { at: string; node: Node }[] = [];
  const properties = (node['properties'] ?? {}) as Record<string, Node>;
  for (const [key, child] of Object.entries(properties)) {
    found.push({ at: `${at}.${key}`, node: child }, ...documentedProperties(child, `${at}.${key}`));
  }
  for (const key of ['items', 'additionalProperties']) {
    const child = node[key];
    if (typeof child === 'object' && child !== null) found.push(...documentedProperties(child as Node, `${at}.${key}`));
  }
  for (const branch of (node['anyOf'] ?? []) as Node[]) found.push(...documentedProperties(branch, `${at}.anyOf`));
  return found;
}

describe('config schema', () => {
  it('is a valid draft-07 schema that ajv compiles in strict mode', () => {
    const ajv = new Ajv({ strict: true, allowUnionTypes: true });
    expect(ajv.validateSchema(schema)).toBe(true);
    expect(() => ajv.compile(schema)).not.toThrow();
  });

  it('is published at the URL the starter config points editors to', () => {
    expect(schema.$id).toBe(SCHEMA_URL);
  });

  it('gives every property a description, for editor hover help', () => {
    const root = schema as unknown as Node;
    const definitions = root['definitions'] as Record<string, Node>;
    const undocumented = [
      ...documentedProperties(root, '(root)'),
      ...Object.entries(definitions).flatMap(([name, node]) => documentedProperties(node, `definitions.${name}`)),
    ].filter(({ node }) => {
      const target = typeof node['$ref'] === 'string' ? definitions[node['$ref'].split('/').pop()!]! : node;
      return typeof node['description'] !== 'string' && typeof target['description'] !== 'string';
    });
    expect(undocumented.map(({ at }) => at)).toEqual([]);
  });

  it('allows exactly the twelve factor slugs as weights', () => {
    expect(Object.keys(schema.properties.weights.properties)).toEqual(FACTOR_SLUGS);
  });
});
