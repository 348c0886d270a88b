import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { addPrefixToKVPath, pathClean, pathJoin, sanitizePath } from '../../src/cli/kv-common.js';
import { parseVersions } from '../../src/cli/kv-versions.js';

const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
const segments = fc.array(segment, { minLength: 1, maxLength: 4 });

describe('kv path building', () => {
  it('inserts the API prefix between mount and secret path', () => {
    expect(addPrefixToKVPath('kgc/api-credentials', 'kgc/', 'data')).toBe('kgc/data/api-credentials');
    expect(addPrefixToKVPath('kgc', 'kgc/', 'metadata')).toBe('kgc/metadata');
    expect(addPrefixToKVPath('kgc/', 'kgc/', 'metadata')).toBe('kgc/metadata');
    expect(addPrefixToKVPath('a/b/c', 'a/b/', 'destroy')).toBe('a/b/destroy/c');
  });

  it('gives mount/prefix/path for every mount and path', () => {
    fc.assert(fc.property(segments, segments, fc.constantFrom('data', 'metadata', 'delete', 'undelete', 'destroy'), (mount, path, prefix) => {
      const m = mount.join('/');
      expect(addPrefixToKVPath(`${m}/${path.join('/')}`, `${m}/`, prefix)).toBe(`${m}/${prefix}/${path.join('/')}`);
    }), { numRuns: 300 });
  });

  it('joins and cleans like Go path.Join', () => {
    expect(pathJoin('kgc/', 'api-credentials')).toBe('kgc/api-credentials');
    expect(pathJoin('', 'x')).toBe('x');
    expect(pathJoin('', '')).toBe('');
    expect(pathJoin('a//b/', './c/', '../d')).toBe('a/b/d');
    expect(pathClean('/../a')).toBe('/a');
    expect(pathClean('../a')).toBe('../a');
  });

  it('is idempotent when cleaning', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom('a', 'b', '.', '..', '', 'c/d'), { maxLength: 8 }), (parts) => {
      const once = pathClean(parts.join('/'));
      expect(pathClean(once)).toBe(once);
    }), { numRuns: 300 });
  });

  it('trims surrounding whitespace and slashes', () => {
    expect(sanitizePath('  //kgc/api-credentials// ')).toBe('kgc/api-credentials');
  });

  it('splits -versions values on commas, dropping blanks', () => {
    expect(parseVersions(['1, 2', '3', ',4,'])).toEqual(['1', '2', '3', '4']);
  });
});
