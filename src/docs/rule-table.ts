import { FACTORS } from '../factors.js';
import type { Rule } from '../types.js';

/** docs/rules/README.md: every rule by factor, generated from rule metadata (`npm run docs:rules`). */
export function ruleTable(rules: readonly Rule[]): string {
  const lines = [
    '# Rules',
    '',
    '<!-- Generated from the rules\' metadata by `npm run docs:rules`; a test fails when it is out of date. -->',
    '',
    `twelve-audit has ${rules.length} rules. Each page says why the rule matters, shows bad and good`,
    'examples, how to fix what it finds, what it deliberately does not flag, and its options.',
    'Turn a rule off or change its severity in `.twelve-audit.yml` (`rules: { <id>: off }`) or with `--rule <id>=off`.',
  ];
  for (const factor of FACTORS) {
    const ofFactor = rules.filter((rule) => rule.factor === factor.slug);
    lines.push('', `## ${factor.number}. ${factor.title}`, '');
    if (ofFactor.length === 0) {
      lines.push('No rules yet.');
      continue;
    }
    lines.push('| rule | severity | applies to | finds |', '| --- | --- | --- | --- |');
    for (const rule of ofFactor) {
      const name = rule.id.slice(rule.id.indexOf('/') + 1);
      lines.push(`| [\`${rule.id}\`](${factor.slug}/${name}.md) | ${rule.defaultSeverity} | ${appliesTo(rule)} | ${rule.description.replace(/\|/g, '\\|')} |`);
    }
  }
  return `${lines.join('\n')}\n`;
}

const KIND_LABELS = { service: 'services', worker: 'workers', cli: 'CLIs', library: 'libraries' } as const;

/** Which app kinds a rule applies to, read off its `appliesTo` with a minimal app of each kind. */
function appliesTo(rule: Rule): string {
  const kinds = (['service', 'worker', 'cli', 'library'] as const).filter((kind) => {
    try {
      return rule.appliesTo(
        { name: 'x', path: '.', kind, kindReason: '', dependencies: [], devDependencies: [], lockfiles: [], dockerfiles: [], composeFiles: [], ciFiles: [], entryPoints: [], isWorkspaceRoot: false, manifest: 'package.json', packageJson: {} },
        { root: '/', vcs: 'git', isGitIgnored: () => false, files: [] },
      ) === true;
    } catch {
      return false;
    }
  });
  if (kinds.length === 4) return 'all apps';
  return kinds.length === 0 ? 'when its inputs exist' : kinds.map((kind) => KIND_LABELS[kind]).join(', ');
}
