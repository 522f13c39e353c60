/**
 * Whole config classes chosen per environment in Python source, the Flask and Django way:
 * `CONFIG = DevConfig if get_debug_flag() else ProdConfig`, and a dict mapping environment names to
 * classes (`config = {'development': DevelopmentConfig, 'production': ProductionConfig}`) that a
 * factory indexes by a variable.
 */
import type { FileExtractor, FileInput, Span, SyntaxExtraction, TreeNode } from '../facts/types.js';

export type ConfigClassChoice =
  /** `A if condition else B` with two config classes of different environments. */
  | { kind: 'byCondition'; classes: string[]; condition: string; span: Span }
  /** A dict whose keys name environments (a deployed one among them) and whose values are classes. */
  | { kind: 'byName'; environments: string[]; span: Span };

/** `DevConfig`, `ProductionSettings`, `config.TestingConfig`: the last name of a class reference. */
const CONFIG_CLASS = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)*([A-Z][A-Za-z0-9_]*(?:Config|Settings|Configuration))$/;
const ENVIRONMENT_NAMES = new Set(['production', 'prod', 'staging', 'stage', 'development', 'dev', 'develop', 'test', 'testing', 'qa', 'uat', 'preprod', 'local', 'default', 'heroku', 'docker', 'unix']);
const DEPLOYED_ENVIRONMENTS = new Set(['production', 'prod', 'staging', 'stage', 'qa', 'uat', 'preprod', 'heroku']);

function configClass(node: TreeNode | null): string | undefined {
  if (node?.type !== 'identifier' && node?.type !== 'attribute') return undefined;
  return CONFIG_CLASS.exec(node.text)?.[1];
}

function stringKey(node: TreeNode | null): string | undefined {
  if (node?.type !== 'string') return undefined;
  const content = node.namedChildren.filter((child) => child?.type === 'string_content');
  return content.length === 1 && node.namedChildren.every((child) => child?.type !== 'interpolation') ? content[0]?.text : undefined;
}

function span(file: FileInput, node: TreeNode): Span {
  return file.span(node.startIndex, node.endIndex);
}

const pythonConfigClassChoices: SyntaxExtraction<string, TreeNode, ConfigClassChoice[]> = {
  kinds: ['conditional_expression', 'dictionary'],
  create(file) {
    const found: ConfigClassChoice[] = [];
    return {
      visit(node) {
        if (node.type === 'conditional_expression') {
          const [chosen, condition, otherwise] = node.namedChildren;
          const classes = [configClass(chosen ?? null), configClass(otherwise ?? null)];
          if (classes[0] === undefined || classes[1] === undefined || classes[0] === classes[1] || !condition) return;
          // `TestingConfig if testing else Config`: test-harness wiring, not a deploy's choice (LABELLING.md).
          if (classes.some((name) => /^Test/.test(name!))) return;
          found.push({ kind: 'byCondition', classes: classes as string[], condition: condition.text.replace(/\s+/g, ' ').slice(0, 80), span: span(file, node) });
          return;
        }
        const pairs = node.namedChildren.filter((child): child is TreeNode => child?.type === 'pair');
        const environments = pairs.map((pair) => stringKey(pair.childForFieldName('key'))?.toLowerCase());
        const allClasses = pairs.length >= 2 && pairs.every((pair) => configClass(pair.childForFieldName('value')) !== undefined);
        if (!allClasses || !environments.every((name) => name !== undefined && ENVIRONMENT_NAMES.has(name))) return;
        if (!environments.some((name) => DEPLOYED_ENVIRONMENTS.has(name!))) return;
        found.push({ kind: 'byName', environments: environments as string[], span: span(file, node) });
      },
      result: () => found,
    };
  },
};

/** Per file: the places a Python module picks a whole config class per environment. */
export const configClassChoices: FileExtractor<ConfigClassChoice[]> = {
  name: 'config-class-choices',
  version: 1,
  module: import.meta.url,
  python: pythonConfigClassChoices,
};
