import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { audit } from '../../../src/audit.js';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { latestOnlyRelease } from '../../../rules/build-release-run/latest-only-release.js';
import { unpinnedBaseImage } from '../../../rules/build-release-run/unpinned-base-image.js';

describeFixtures(latestOnlyRelease);

const fixture = (kind: 'fail' | 'pass', name: string): string => join(FIXTURES, latestOnlyRelease.id, kind, name);

describe('build-release-run/latest-only-release', () => {
  it('names the image and the tag it ships, GitHub expressions read back as written', () => {
    const messages = findingsOf(latestOnlyRelease, fixture('fail', 'release-scripts')).map((finding) => finding.message);
    expect(messages).toContain(
      '`registry.example.com/$TEAM/shop-worker:latest` is pushed only as `latest`: no commit, version or build tag identifies the release, so a deploy cannot pin it or roll back to it',
    );
    expect(messages).toContain(
      '`acme/shop-api` is pushed only as `latest (no tag)`: no commit, version or build tag identifies the release, so a deploy cannot pin it or roll back to it',
    );
  });

  it('lists the fixed tags a metadata-action rule set gives', () => {
    const finding = findingsOf(latestOnlyRelease, fixture('fail', 'published-and-deployed')).find((candidate) => candidate.line === 24);
    expect(finding?.message).toContain('`ledger/worker` is published only with the fixed tags latest, pr-<number>');
  });

  it('takes over unpinned-base-image\'s finding on a published image of the repository (one location, one finding)', () => {
    const { report } = audit({ root: fixture('fail', 'published-and-deployed'), rules: [unpinnedBaseImage, latestOnlyRelease] });
    const atPullFile = report.findings.filter((finding) => finding.file === 'compose.pull.yml');
    expect(atPullFile.map((finding) => `${finding.ruleId}:${finding.line}`)).toEqual(['build-release-run/latest-only-release:4']);
  });

  it('leaves third-party images to unpinned-base-image', () => {
    const { report } = audit({ root: fixture('pass', 'not-a-release'), rules: [unpinnedBaseImage, latestOnlyRelease] });
    expect(report.findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.line}`)).toEqual([
      'build-release-run/unpinned-base-image k8s/billing.yaml:18',
    ]);
  });
});
