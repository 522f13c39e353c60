/**
 * Every rule page's examples do what the page says: its "Bad" example, pasted into a small service,
 * produces a finding of the rule, and its "Good" example produces none. Each fenced block of the
 * section is a file, named by an HTML comment `<!-- example-file: docker-compose.yml -->` just above
 * the fence, else by a first line that names it (`# .nvmrc`), else by the fence language
 * (js -> src/server.js, dockerfile -> Dockerfile, ...); packages the code imports become dependencies
 * of the service. The service is a git work tree, unless the section says
 * `<!-- example-without-version-control -->`.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { RULES } from '../../rules/index.js';
import { audit } from '../../src/audit.js';
import { PROJECT_ROOT } from '../helpers/paths.js';

interface Example {
  file: string;
  code: string;
}

const WITHOUT_VCS = '<!-- example-without-version-control -->';
/** Examples of a section written without the `.git` folder (the section's marker). */
const withoutVcs = new WeakSet<readonly Example[]>();

const DEFAULT_FILE: Record<string, string> = {
  js: 'src/server.js',
  ts: 'src/server.ts',
  dockerfile: 'Dockerfile',
  json: 'package.json',
  yaml: 'docker-compose.yml',
  sh: 'scripts/start.sh',
  prisma: 'prisma/schema.prisma',
};

/** A first line that names the file: `# .env.production (committed)`, `// package.json`, `# docker-compose.override.yml`. */
const NAMING_COMMENT = /^(?:#|\/\/)\s*([\w./-]+\.[\w-]+|\.[\w.-]+|Dockerfile[\w.-]*|Procfile[\w.-]*)(?:\s.*)?$/;

/** Every fenced block of a `## heading` section that names a file, merged into one example (later blocks of the same file replace earlier ones). */
function example(page: string, heading: string): Example[] | undefined {
  const section = page.split(/^## /m).find((part) => part.startsWith(`${heading}\n`));
  if (!section) return undefined;
  const files = new Map<string, string>();
  for (const match of section.matchAll(/(?:<!-- example-file: (\S+) -->\n)?```(\w*)\n([\s\S]*?)```/g)) {
    const code = match[3] ?? '';
    const named = NAMING_COMMENT.exec(code.split('\n')[0] ?? '')?.[1];
    const file = match[1] ?? named ?? DEFAULT_FILE[match[2] ?? ''];
    if (file !== undefined) files.set(file, code);
  }
  if (files.size === 0) return undefined;
  const examples = [...files].map(([file, code]) => ({ file, code }));
  if (section.includes(WITHOUT_VCS)) withoutVcs.add(examples);
  return examples;
}

/** Bare package names the code imports or requires. */
function importedPackages(code: string): string[] {
  const names = [...code.matchAll(/(?:from\s+|require\(\s*|import\s+)['"]([^'"./][^'"]*)['"]/g)].map((match) => match[1] as string);
  return [...new Set(names.filter((name) => !name.startsWith('node:')).map((name) => (name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : (name.split('/')[0] as string))))];
}

/** A small express service (manifest, lockfile, start script), with the example's files written into it. */
function serviceWith(examples: readonly Example[]): string {
  const root = mkdtempSync(join(tmpdir(), 'twelve-audit-example-'));
  if (!withoutVcs.has(examples)) mkdirSync(join(root, '.git'));
  const imported = examples.flatMap((example) => importedPackages(example.code));
  const dependencies = Object.fromEntries(['express', ...imported].map((name) => [name, '1.0.0']));
  const files: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'example-service', version: '1.0.0', private: true, main: 'src/server.js', scripts: { start: 'node src/server.js' }, dependencies }, null, 2),
    'package-lock.json': JSON.stringify({ name: 'example-service', lockfileVersion: 3, packages: {} }),
  };
  for (const name of Object.keys(dependencies)) files[`node_modules/${name}/package.json`] = JSON.stringify({ name, version: '1.0.0' });
  for (const example of examples) {
    files[example.file] = example.file === 'package.json' ? mergedManifest(files['package.json'] as string, example.code) : example.code;
  }
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  return root;
}

/** A package.json example is a fragment of the service's manifest: merged over it. */
function mergedManifest(base: string, fragment: string): string {
  try {
    return JSON.stringify({ ...JSON.parse(base), ...JSON.parse(fragment) }, null, 2);
  } catch {
    return fragment;
  }
}

function findingsOf(ruleId: string, examples: readonly Example[]): string[] {
  const rule = RULES.find((candidate) => candidate.id === ruleId);
  const { report } = audit({ root: serviceWith(examples), rules: rule ? [rule] : [] });
  return report.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => `${finding.file}:${finding.line} ${finding.message}`);
}

const PAGES = RULES.map((rule) => ({ id: rule.id, page: readFileSync(join(PROJECT_ROOT, 'docs', 'rules', `${rule.id}.md`), 'utf8') }));

/** Whether the page's Bad example is found and its Good example is not; the first reason it is not. */
function check(id: string, page: string): string | undefined {
  const bad = example(page, 'Bad');
  const good = example(page, 'Good');
  if (!bad) return 'no Bad example in a file-named fence';
  if (!good) return 'no Good example in a file-named fence';
  if (findingsOf(id, bad).length === 0) return 'the Bad example is not found';
  const goodFindings = findingsOf(id, good);
  return goodFindings.length > 0 ? `the Good example is found: ${goodFindings.join('; ')}` : undefined;
}

describe('rule pages: the examples do what they say', () => {
  for (const { id, page } of PAGES) {
    it(`${id}: Bad is found, Good is not`, () => {
      expect(check(id, page)).toBeUndefined();
    });
  }
});
