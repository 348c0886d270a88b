import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { EnvFallback, SecretPaths } from '../../src/client/paths.js';

const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/') && s !== '.' && s !== '..');
const relPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((xs) => xs.join('/'));

describe('SecretPaths', () => {
  it('names one key whether or not the path starts with the mount', () => {
    fc.assert(
      fc.property(relPath, (rel) => {
        const paths = new SecretPaths('kgc');
        const expected = rel.startsWith('kgc/') ? rel.slice(4) : rel;
        expect(paths.relative(rel)).toBe(expected);
        expect(paths.relative('kgc/' + rel)).toBe(rel);
        expect(paths.relative('/kgc/' + rel)).toBe(rel);
      }),
    );
  });

  it('builds data and metadata API paths that decode back to the key', () => {
    fc.assert(
      fc.property(relPath, (rel) => {
        const paths = new SecretPaths('team/kv');
        const data = paths.data(rel);
        expect(data.startsWith('team/kv/data/')).toBe(true);
        expect(data.slice('team/kv/data/'.length).split('/').map(decodeURIComponent).join('/')).toBe(rel);
        expect(paths.metadata(rel)).toBe(data.replace('/data/', '/metadata/'));
      }),
    );
  });
});

describe('EnvFallback', () => {
  it('returns only the fields whose variables are set, and nothing when none is', () => {
    const paths = new SecretPaths('kgc');
    const env: Record<string, string | undefined> = { API_KEY: 'k' };
    const fb = new EnvFallback(paths, { 'kgc/api-credentials': { api_key: 'API_KEY', client_id: 'CLIENT_ID' }, other: { x: 'X' } }, env);
    expect(fb.read('api-credentials')).toEqual({ api_key: 'k' });
    expect(fb.read('other')).toBeUndefined();
    expect(fb.read('unknown')).toBeUndefined();
    env.X = 'now set'; // read at the time of the fallback, not at construction
    expect(fb.read('other')).toEqual({ x: 'now set' });
  });
});
