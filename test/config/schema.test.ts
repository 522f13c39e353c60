import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import schema from '../../src/config/schema.json' with { type: 'json' };
import { SCHEMA_URL } from '../../src/config/starter.js';
import { FACTOR_SLUGS } from '../../src/factors.js';
import { builtInSchema } from '../../src/config/schema.js';
import { loadConfig } from '../../src/config/load.js';
import { TOOL_CHECK_IDS, TOOL_CHECKS } from '../../src/tool-checks.js';
import { RULES } from '../../rules/index.js';
import { rootWith } from './helpers.js';

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

  it('is current with the rules: ids, titles and options (regenerate with `npm run docs:schema`)', () => {
    expect(schema).toEqual(builtInSchema(RULES));
  });

  it('lists every rule id as an enum, for completion, and a property per rule', () => {
    const ids = [...RULES.map((rule) => rule.id), ...TOOL_CHECK_IDS];
    expect(schema.definitions.ruleId.enum).toEqual(ids);
    expect(Object.keys(schema.properties.rules.properties)).toEqual(ids);
  });
});

describe('config validated against the rules of the run', () => {
  const rules = [...RULES, ...TOOL_CHECKS];
  const knownRuleIds = rules.map((rule) => rule.id);
  const loadError = (text: string): string => {
    const root = rootWith({ '.twelve-audit.yml': text });
    try {
      loadConfig({ root, knownRuleIds, rules });
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('expected the config to be rejected');
  };

  it('names the key path of a mistyped option, with the option it was meant to be', () => {
    const message = loadError('rules:\n  config/hardcoded-endpoints:\n    options: { flagFallback: true }\n');
    expect(message).toContain('rules["config/hardcoded-endpoints"].options.flagFallback: unknown key (did you mean "flagFallbacks"?)');
  });

  it('checks an option\'s type from its default', () => {
    const message = loadError('rules:\n  build-release-run/unpinned-base-image: { options: { requireDigest: yes } }\n');
    expect(message).toContain('rules["build-release-run/unpinned-base-image"].options.requireDigest: must be true or false (got "yes")');
  });

  it('refuses options for a rule that takes none', () => {
    const message = loadError('rules:\n  logs/file-transport: { options: { allow: [audit.log] } }\n');
    expect(message).toContain('rules["logs/file-transport"].options.allow: unknown key (the rule takes no options)');
  });

  it('suggests the rule id a typo was meant to be, once', () => {
    const message = loadError('rules:\n  config/hardcoded-endpoint: off\n');
    expect(message.split('\n').slice(1)).toEqual(['  - rules["config/hardcoded-endpoint"]: unknown rule (did you mean "config/hardcoded-endpoints"?)']);
  });

  it('accepts every rule\'s default options and an app kind', () => {
    const lines = RULES.filter((rule) => rule.defaultOptions).map((rule) => `  ${rule.id}: { options: ${JSON.stringify(rule.defaultOptions)} }`);
    const root = rootWith({ '.twelve-audit.yml': ['rules:', ...lines, 'apps:', '  frontend: { kind: service }'].join('\n') });
    expect(loadConfig({ root, knownRuleIds, rules }).apps).toEqual({ frontend: { kind: 'service' } });
  });

  it('refuses an unknown app kind with the kinds there are', () => {
    expect(loadError('apps:\n  frontend: { kind: servce }\n')).toContain('apps.frontend.kind: must be one of service, worker, cli, library (got "servce"; did you mean "service"?)');
  });
});
