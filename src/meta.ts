/** Facts about twelve-audit itself: name, version, where its docs live. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root: found by walking up, since this runs both from src/ (tests) and dist/src/ (built). */
function packageRoot(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(directory, 'package.json'))) {
    const parent = dirname(directory);
    if (parent === directory) throw new Error('twelve-audit: package.json not found');
    directory = parent;
  }
  return directory;
}

export const PACKAGE_ROOT = packageRoot();

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as { version: string };

export const TOOL_NAME = 'twelve-audit';
export const TOOL_VERSION: string = manifest.version;
export const REPOSITORY_URL = 'https://github.com/twelve-audit/twelve-audit';

/** Repo-relative path of a rule's doc page; the one place that derives it from the id. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/v${TOOL_VERSION}/${ruleDocsPath(ruleId)}`;
}
