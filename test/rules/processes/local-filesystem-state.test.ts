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
    expect(findings.map((finding) => finding.data?.path).sort()).toEqual(['../build/export/*.csv', 'exports/*.csv', 'public/avatars/*.png', 'reports/summary.csv', 'state/*.json']);
  });

  it('names the upload library and folder', () => {
    const findings = findingsOf(localFilesystemState, fixture('fail/upload-folders'));
    expect(findings.map((finding) => `${finding.data?.library} ${finding.data?.path}`).sort()).toEqual([
      'express-fileupload avatars/*',
      'formidable uploads',
      'multer public/uploads',
      'multer uploads/',
    ]);
  });

  it('reports a Python store named by an attribute set once where it is set, with its path as far as the code fixes it', () => {
    const findings = findingsOf(localFilesystemState, fixture('fail/python-flask-uploads-and-json-store')).filter((finding) => finding.file === 'app/pending.py');
    expect(findings.map((finding) => `${finding.line} ${finding.messageId} ${finding.data?.path}`)).toEqual(['11 jsonDatabase */pending.json']);
  });

  it('reports a file that writes its store from many places once, at its first write of each kind', () => {
    const findings = findingsOf(localFilesystemState, fixture('fail/store-written-from-many-places'));
    expect(findings.map((finding) => `${finding.file}:${finding.line} ${finding.messageId}`)).toEqual(['src/store.js:5 fileWrite']);
  });
});
