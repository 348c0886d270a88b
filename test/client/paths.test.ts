import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { EnvFallback, SecretKeys } from '../../src/client/paths.js';
import { apiPath } from '../../src/client/mounts.js';

const segment = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => !s.includes('/') && s !== '.' && s !== '..');
const relPath = fc.array(segment, { minLength: 1, maxLength: 4 }).map((xs) => xs.join('/'));

describe('SecretKeys', () => {
  it('with the mount option, names one key whether or not the path starts with the mount', () => {
    fc.assert(
      fc.property(relPath, (rel) => {
        const keys = new SecretKeys('kgc');
        const expected = rel.startsWith('kgc/') ? rel : `kgc/${rel}`;
        expect(keys.key(rel)).toBe(expected);
        expect(keys.key('kgc/' + rel)).toBe(`kgc/${rel}`);
        expect(keys.key('/kgc/' + rel)).toBe(`kgc/${rel}`);
      }),
    );
  });

  it('without it, takes the path as the key (its mount comes from the server)', () => {
    fc.assert(
      fc.property(relPath, (rel) => {
        const keys = new SecretKeys(null);
        expect(keys.key(rel)).toBe(rel);
        expect(keys.key('//' + rel)).toBe(rel);
      }),
    );
  });

  it('refuses empty, `.` and `..` segments', () => {
    for (const mount of ['kgc', null]) {
      const keys = new SecretKeys(mount);
      for (const bad of ['', 'a//b', '../x', 'a/./b', 'a/']) expect(() => keys.key(bad)).toThrow(/invalid secret path/);
    }
  });
});

describe('apiPath', () => {
  it('puts data/ (or metadata/) after a v2 mount and decodes back to the key; v1 reads the key itself', () => {
    fc.assert(
      fc.property(relPath, (rel) => {
        const loc = { key: `team/kv/${rel}`, mount: 'team/kv/', version: 2 as const };
        const data = apiPath(loc);
        expect(data.startsWith('team/kv/data/')).toBe(true);
        expect(data.slice('team/kv/data/'.length).split('/').map(decodeURIComponent).join('/')).toBe(rel);
        expect(apiPath(loc, 'metadata')).toBe(data.replace('/data/', '/metadata/'));
        const v1 = apiPath({ ...loc, version: 1 });
        expect(v1.split('/').map(decodeURIComponent).join('/')).toBe(loc.key);
      }),
    );
  });
});

describe('EnvFallback', () => {
  it('returns only the fields whose variables are set, and nothing when none is', () => {
    const keys = new SecretKeys('kgc');
    const env: Record<string, string | undefined> = { API_KEY: 'k' };
    const fb = new EnvFallback(keys, { 'kgc/api-credentials': { api_key: 'API_KEY', client_id: 'CLIENT_ID' }, other: { x: 'X' } }, env);
    expect(fb.read('kgc/api-credentials')).toEqual({ api_key: 'k' });
    expect(fb.read('kgc/other')).toBeUndefined();
    expect(fb.read('kgc/unknown')).toBeUndefined();
    env.X = 'now set'; // read at the time of the fallback, not at construction
    expect(fb.read('kgc/other')).toEqual({ x: 'now set' });
  });
});
