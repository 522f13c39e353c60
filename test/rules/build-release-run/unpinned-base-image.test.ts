import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../../src/audit.js';
import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { isFloatingTag, unpinnedBaseImage } from '../../../rules/build-release-run/unpinned-base-image.js';
import { parseImageReference } from '../../../src/rule-kit/images.js';

describeFixtures(unpinnedBaseImage);

describe('build-release-run/unpinned-base-image', () => {
  it('splits registry ports, tags and digests', () => {
    expect(parseImageReference('localhost:5000/acme/api')).toEqual({ name: 'localhost:5000/acme/api' });
    expect(parseImageReference('node:20@sha256:abc')).toEqual({ name: 'node', tag: '20', digest: 'sha256:abc' });
    // A variable's own colon (`${REGISTRY:-ghcr.io}`) separates nothing.
    expect(parseImageReference('${REGISTRY:-ghcr.io}/acme/api:${TAG}')).toEqual({ name: '${REGISTRY:-ghcr.io}/acme/api', tag: '${TAG}' });
  });

  it('tells floating tags from release tags', () => {
    expect(['latest', 'lts', 'lts-alpine', 'alpine', 'slim', 'current-slim', 'stable-alpine', 'sid'].every((tag) => isFloatingTag(tag))).toBe(true);
    expect(['20', '20.11-alpine', 'bookworm-slim', 'iron', '3.12-slim-bookworm', 'alpine3.19', 'RELEASE.2024-12-18T13-15-44Z'].some((tag) => isFloatingTag(tag))).toBe(false);
  });

  it('takes a pre-release stage after a full version for one release, and alone or after a partial version for a moving one', () => {
    expect(['0.18.4-beta', 'v0.19.3-beta', '1.2.3-rc.1', '2.0.0-alpine3.19', '4.0.0-preview2', '3-alpine'].some((tag) => isFloatingTag(tag))).toBe(false);
    expect(['beta', 'rc', 'edge', 'lts-alpine', '3.14-rc-slim', '20-beta', '1.2.3-nightly', '1.2.3-latest'].every((tag) => isFloatingTag(tag))).toBe(true);
  });

  it('holds a language runtime image to a runtime version, not only an operating system one', () => {
    expect(['alpine3.14', 'slim-bookworm', 'bookworm'].every((tag) => isFloatingTag(tag, 'python'))).toBe(true);
    expect(isFloatingTag('bookworm-slim', 'node')).toBe(true);
    expect(['3.12-alpine3.19', '20-bookworm', 'iron-alpine', 'v1.2'].some((tag) => isFloatingTag(tag, 'node'))).toBe(false);
    expect(isFloatingTag('alpine3.19', 'alpine')).toBe(false);
    expect(isFloatingTag('bookworm-slim', 'debian')).toBe(false);
  });

  it('suggests a digest for tag-only pins as a note when requireDigest is on', () => {
    const root = join(FIXTURES, unpinnedBaseImage.id, 'pass', 'pinned-and-stages');
    const configPath = join(mkdtempSync(join(tmpdir(), 'twelve-audit-')), 'config.yml');
    writeFileSync(configPath, `rules:\n  ${unpinnedBaseImage.id}:\n    options: { requireDigest: true }\n`);
    const { report } = audit({ root, rules: [unpinnedBaseImage], configPath });
    const findings = report.findings.filter((finding) => finding.ruleId === unpinnedBaseImage.id);
    expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.messageId} ${finding.severity}`)).toEqual([
      'Dockerfile:2 digestPin note',
      'Dockerfile:6 digestPin note',
      'Dockerfile:9 digestPin note',
      'docker-compose.yml:3 digestPin note',
      'docker-compose.yml:5 digestPin note',
    ]);
  });
});
