import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeFixtures, findingsOf } from '../../helpers/rule-fixtures.js';
import { FIXTURES } from '../../helpers/paths.js';
import { localFilesystemState } from '../../../rules/processes/local-filesystem-state.js';

describeFixtures(localFilesystemState);

const fixture = (path: string) => join(FIXTURES, 'processes/local-filesystem-state', path);

describe('processes/local-filesystem-state', () => {
  it('shows the path as the code fixes it, dynamic parts as *', () => {
    const findings = findingsOf(localFilesystemState, fixture('fail/fs-writes'));
    expect(findings.map((finding) => finding.data?.path)).toEqual(['../build/export/*.csv', 'exports/*.csv', 'reports/summary.csv', 'state/*.json', 'public/avatars/*.png']);
  });

  it('names the upload library and folder', () => {
    const findings = findingsOf(localFilesystemState, fixture('fail/upload-folders'));
    expect(findings.map((finding) => `${finding.data?.library} ${finding.data?.path}`)).toEqual([
      'multer uploads/',
      'multer public/uploads',
      'formidable uploads',
      'express-fileupload avatars/*',
    ]);
  });
});
