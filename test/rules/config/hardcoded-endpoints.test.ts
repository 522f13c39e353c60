import { describe, expect, it } from 'vitest';
import { describeFixtures } from '../../helpers/rule-fixtures.js';
import { hardcodedEndpoints } from '../../../rules/config/hardcoded-endpoints.js';
import { classifyEndpoint, HOLE } from '../../../src/rule-kit/endpoints.js';

describeFixtures(hardcodedEndpoints);

describe('classifyEndpoint', () => {
  it('knows deploy-specific addresses', () => {
    expect(classifyEndpoint('http://localhost:3000')?.kind).toBe('local');
    expect(classifyEndpoint('172.20.0.5:5432')?.kind).toBe('privateNetwork');
    expect(classifyEndpoint('172.32.0.5:5432')).toBeUndefined();
    expect(classifyEndpoint('db:5432')?.kind).toBe('internalHost');
    expect(classifyEndpoint('http://payments.internal/v1')?.kind).toBe('internalHost');
    expect(classifyEndpoint('mongodb+srv://cluster0.abc.mongodb.net/app')?.what).toBe('mongodb connection string');
    expect(classifyEndpoint(`http://localhost:${HOLE}`)?.kind).toBe('local');
  });

  it('leaves public, placeholder, prose and bind addresses alone', () => {
    expect(classifyEndpoint('https://api.github.com')).toBeUndefined();
    expect(classifyEndpoint('postgres://user:pass@host:5432/db')).toBeUndefined();
    expect(classifyEndpoint(`http://${HOLE}:3000`)).toBeUndefined();
    expect(classifyEndpoint('open http://localhost:3000 in a browser')).toBeUndefined();
    expect(classifyEndpoint('0.0.0.0:8080')).toBeUndefined();
    expect(classifyEndpoint('localhost')).toBeUndefined();
    expect(classifyEndpoint('localhost', true)?.kind).toBe('local');
    expect(classifyEndpoint('app:1234')).toBeUndefined();
  });
});
