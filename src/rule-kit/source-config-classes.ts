/**
 * Whole config classes chosen per environment in Python source, the Flask and Django way:
 * `CONFIG = DevConfig if get_debug_flag() else ProdConfig`, and a dict mapping environment names to
 * classes (`config = {'development': DevelopmentConfig, 'production': ProductionConfig}`) that a
 * factory indexes by a variable.
 */
import type { FileExtractor, FileInput, Span, SyntaxExtraction, TreeNode } from '../facts/types.js';
import { plainString } from '../facts/syntax/python.js';
import { DEPLOYED_ENVIRONMENTS, ENVIRONMENT_NAMES } from './environment-names.js';

export type ConfigClassChoice =
  /** `A if condition else B` with two config classes of different environments. */
  | { kind: 'byCondition'; classes: string[]; condition: string; span: Span }
  /** A dict whose keys name environments (a deployed one among them) and whose values are classes. */
  | { kind: 'byName'; environments: string[]; span: Span };

/** `DevConfig`, `ProductionSettings`, `config.TestingConfig`: the last name of a class reference. */
const CONFIG_CLASS = /^(?:[A-Za-z_][A-Za-z0-9_]*\.)*([A-Z][A-Za-z0-9_]*(?:Config|Settings|Configuration))$/;
/** Keys of Flask-style config dicts besides environment names: the fallback class and deploy targets. */
const CONFIG_DICT_KEYS = new Set([...ENVIRONMENT_NAMES, 'default', 'heroku', 'docker', 'unix']);
const DEPLOYED_KEYS = new Set([...DEPLOYED_ENVIRONMENTS, 'heroku']);

function configClass(node: TreeNode | null): string | undefined {
  if (node?.type !== 'identifier' && node?.type !== 'attribute') return undefined;
  return CONFIG_CLASS.exec(node.text)?.[1];
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
        const environments = pairs.map((pair) => {
          const key = pair.childForFieldName('key');
          return key === null ? undefined : plainString(key)?.toLowerCase();
        });
        const allClasses = pairs.length >= 2 && pairs.every((pair) => configClass(pair.childForFieldName('value')) !== undefined);
        if (!allClasses || !environments.every((name) => name !== undefined && CONFIG_DICT_KEYS.has(name))) return;
        if (!environments.some((name) => DEPLOYED_KEYS.has(name!))) return;
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
