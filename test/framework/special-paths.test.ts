// Special paths of a backend (vault/router.go RootPath, LoginPath, isValidUnauthenticatedPath):
// prefix and exact root entries with the longest winning, unauthenticated wildcards, and the
// wildcard forms Vault refuses.
import { describe, expect, it } from 'vitest';
import { SpecialPaths, invalidUnauthenticatedPath } from '../../src/framework/special-paths.js';

describe('root (sudo) paths', () => {
  const sp = new SpecialPaths({ root: ['auth/*', 'remount', 'audit', 'audit/*', 'leases/lookup/*'] });
  it('matches prefix entries as prefixes and exact entries only exactly', () => {
    expect(sp.isRoot('auth/userpass')).toBe(true);
    expect(sp.isRoot('remount')).toBe(true);
    expect(sp.isRoot('remount/status/x')).toBe(false);
    expect(sp.isRoot('audit')).toBe(true);
    expect(sp.isRoot('audit/file')).toBe(true);
    expect(sp.isRoot('mounts')).toBe(false);
  });
  it('lets the longest matching entry decide', () => {
    const s = new SpecialPaths({ root: ['a*', 'ab'] });
    expect(s.isRoot('ab')).toBe(true);
    expect(s.isRoot('abc')).toBe(false); // 'ab' is the longest prefix entry and it is exact
    expect(s.isRoot('ax')).toBe(true);
  });
});

describe('unauthenticated (login) paths', () => {
  it('matches prefix, exact and + wildcard entries', () => {
    const sp = new SpecialPaths({ unauthenticated: ['login/*', 'login', 'role/+/secret-id', 'x/+/y*'] });
    expect(sp.isUnauthenticated('login/alice')).toBe(true);
    expect(sp.isUnauthenticated('login')).toBe(true);
    expect(sp.isUnauthenticated('role/web/secret-id')).toBe(true);
    expect(sp.isUnauthenticated('role/web/other')).toBe(false);
    expect(sp.isUnauthenticated('role/a/b/secret-id')).toBe(false);
    expect(sp.isUnauthenticated('x/1/yes/more')).toBe(true);
    expect(sp.isUnauthenticated('users/alice')).toBe(false);
  });
  it('refuses the wildcard forms Vault refuses, with its words', () => {
    expect(invalidUnauthenticatedPath('a/**')).toBe('path "a/**": invalid use of wildcards (multiple \'*\' is forbidden)');
    expect(invalidUnauthenticatedPath('a/+*')).toBe('path "a/+*": invalid use of wildcards (\'+*\' is forbidden)');
    expect(invalidUnauthenticatedPath('a/*/b')).toBe('path "a/*/b": invalid use of wildcards (\'*\' is only allowed at the end of a path)');
    expect(invalidUnauthenticatedPath('a+/b')).toBe('path "a+/b": invalid use of wildcards (\'+\' is not allowed next to a non-slash)');
    expect(invalidUnauthenticatedPath('login/*')).toBeUndefined();
    expect(() => new SpecialPaths({ unauthenticated: ['a/**'] })).toThrow(/multiple/);
  });
});
