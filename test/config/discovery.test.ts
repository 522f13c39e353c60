/** Config discovery: the nearest config from the audited folder up to the top of its git repository. */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { discoverConfigFile, loadConfig } from '../../src/config/load.js';
import { runCli } from '../helpers/cli.js';
import { KNOWN_RULES, tempRoot } from './helpers.js';

/** outer/.twelve-audit.yml, outer/repo/.git, outer/repo/.twelve-audit.yml, outer/repo/apps/api, outer/repo/apps/web/.twelve-audit.json */
function layout(): { outer: string; repo: string; api: string; web: string } {
  const outer = tempRoot();
  const repo = path.join(outer, 'repo');
  const api = path.join(repo, 'apps', 'api');
  const web = path.join(repo, 'apps', 'web');
  for (const folder of [path.join(repo, '.git'), api, web]) mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(outer, '.twelve-audit.yml'), 'failOn: note\n');
  writeFileSync(path.join(repo, '.twelve-audit.yml'), 'failOn: warning\n');
  writeFileSync(path.join(web, '.twelve-audit.json'), '{ "failOn": "none" }\n');
  return { outer, repo, api, web };
}

describe('config discovery', () => {
  it("applies the repository's root config when one app is audited", () => {
    const { repo, api } = layout();
    expect(discoverConfigFile(api)).toBe(path.join(repo, '.twelve-audit.yml'));
    expect(loadConfig({ root: api, knownRuleIds: KNOWN_RULES }).failOn).toBe('warning');
  });

  it('prefers the nearest config', () => {
    const { web } = layout();
    expect(discoverConfigFile(web)).toBe(path.join(web, '.twelve-audit.json'));
  });

  it('stops at the top of the repository', () => {
    const { repo, outer } = layout();
    writeFileSync(path.join(repo, '.twelve-audit.yml'), '');
    const withoutRootConfig = path.join(repo, 'apps', 'api');
    expect(discoverConfigFile(withoutRootConfig)).toBe(path.join(repo, '.twelve-audit.yml'));
    // Above the repository's top, outer/.twelve-audit.yml is never read.
    const bare = path.join(outer, 'repo2');
    mkdirSync(path.join(bare, '.git'), { recursive: true });
    mkdirSync(path.join(bare, 'app'));
    expect(discoverConfigFile(path.join(bare, 'app'))).toBeUndefined();
  });

  it('looks only at the audited folder outside a repository', () => {
    const root = tempRoot();
    writeFileSync(path.join(root, '.twelve-audit.yml'), 'failOn: note\n');
    mkdirSync(path.join(root, 'app'));
    expect(discoverConfigFile(path.join(root, 'app'))).toBeUndefined();
  });

  it('is what the CLI uses: --print-config names the config it found', () => {
    const { repo, api } = layout();
    const result = runCli([api, '--print-config']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ failOn: 'warning', source: path.join(repo, '.twelve-audit.yml') });
  });
});
