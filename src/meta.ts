/** Facts about twelve-audit itself: name, version, where its code and docs live, all from package.json. */
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

interface Manifest {
  version: string;
  repository: { url: string };
}

const manifest = JSON.parse(readFileSync(join(PACKAGE_ROOT, 'package.json'), 'utf8')) as Manifest;

/** `git+https://github.com/o/r.git` -> `https://github.com/o/r`. */
export function repositoryWebUrl(gitUrl: string): string {
  return gitUrl.replace(/^git\+/, '').replace(/\.git$/, '');
}

/** A release has a tag `v<version>` and is on npm; a prerelease (`0.1.0-dev`) has neither. */
export function isRelease(version: string): boolean {
  return !version.includes('-');
}

/** The git ref that links to this version's files point at: its release tag, or `main` before the release. */
export function sourceRef(version: string): string {
  return isRelease(version) ? `v${version}` : 'main';
}

export const TOOL_NAME = 'twelve-audit';
export const TOOL_VERSION: string = manifest.version;
export const REPOSITORY_URL = repositoryWebUrl(manifest.repository.url);
export const SOURCE_REF = sourceRef(TOOL_VERSION);

/** URL of a file of twelve-audit's own repository, at this version. */
export function sourceUrl(path: string): string {
  return `${REPOSITORY_URL}/blob/${SOURCE_REF}/${path}`;
}

/** Repo-relative path of a rule's doc page; the one place that derives it from the id. */
export function ruleDocsPath(ruleId: string): string {
  return `docs/rules/${ruleId}.md`;
}

export function ruleDocsUrl(ruleId: string): string {
  return sourceUrl(ruleDocsPath(ruleId));
}

/** URL of a file of twelve-audit's own repository as served raw (for editors fetching a schema). */
export function rawSourceUrl(path: string): string {
  return `${REPOSITORY_URL.replace(/^https:\/\/github\.com\//, 'https://raw.githubusercontent.com/')}/${SOURCE_REF}/${path}`;
}

/** The config schema's URL: the published file of this version, or the main branch's before a release. */
export const SCHEMA_URL = isRelease(TOOL_VERSION)
  ? `https://unpkg.com/${TOOL_NAME}@${TOOL_VERSION}/src/config/schema.json`
  : rawSourceUrl('src/config/schema.json');

/** The ref a workflow's `uses: owner/twelve-audit@REF` names: the major version's moving tag, or main before a release. */
export const ACTION_REF = isRelease(TOOL_VERSION) ? `v${TOOL_VERSION.split('.')[0]}` : 'main';
