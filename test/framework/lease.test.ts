import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  calculateTtl, checkLoginPolicies, humanDuration, resolveTokenType, sanitizePolicies,
  type LoginTtlInput,
} from '../../src/framework/lease.js';
import { goStringCompare as compareGoStrings } from '../../src/go/strings.js';
import { VaultError } from '../../src/errors/vault-error.js';

const H = 3600;
const SYS = 768 * H;
const base: LoginTtlInput = {
  requestedTtl: 0, period: 0, explicitMaxTtl: 0, roleMaxTtl: 0,
  mountDefaultTtl: 0, mountMaxTtl: 0, systemDefaultTtl: SYS, systemMaxTtl: SYS,
};
const login = (o: Partial<LoginTtlInput>) => calculateTtl({ ...base, ...o });

describe('humanDuration prints Go durations without trailing zero units', () => {
  it.each([
    [2764800, '768h'], [5400, '1h30m'], [45, '45s'], [0, '0s'], [1800, '30m'], [3605, '1h5s'], [3661, '1h1m1s'], [H, '1h'],
  ])('%i seconds → %s', (s, text) => {
    expect(humanDuration(s)).toBe(text);
  });
});

describe('calculateTtl for a login token', () => {
  it('gives the server default (768h) to an untuned mount and a role without token settings', () => {
    expect(login({})).toEqual({ ttl: 2764800, warnings: [] });
  });
  it('prefers the role token_ttl, then the mount default, then the server default', () => {
    expect(login({ requestedTtl: 600, mountDefaultTtl: 1200 }).ttl).toBe(600);
    expect(login({ mountDefaultTtl: 1200 }).ttl).toBe(1200);
  });
  it('caps the server default at the tuned mount max with the TTL warning', () => {
    expect(login({ mountMaxTtl: H })).toEqual({
      ttl: H,
      warnings: ['TTL of "768h" exceeded the effective max_ttl of "1h"; TTL value is capped accordingly'],
    });
  });
  it('lowers the max to the role token_max_ttl and then to token_explicit_max_ttl, never raises it', () => {
    expect(login({ requestedTtl: 2 * H, roleMaxTtl: 5400 }).warnings).toEqual([
      'TTL of "2h" exceeded the effective max_ttl of "1h30m"; TTL value is capped accordingly',
    ]);
    expect(login({ roleMaxTtl: 5400, explicitMaxTtl: 45 })).toEqual({
      ttl: 45, warnings: ['TTL of "768h" exceeded the effective max_ttl of "45s"; TTL value is capped accordingly'],
    });
    expect(login({ requestedTtl: 1000 * H, roleMaxTtl: 1000 * H }).ttl).toBe(SYS);
  });
  it('gives a periodic token its period, capped to the effective max with the period warning', () => {
    expect(login({ period: H, requestedTtl: 60 })).toEqual({ ttl: H, warnings: [] });
    expect(login({ period: 2 * H, mountMaxTtl: H })).toEqual({
      ttl: H,
      warnings: ['period of "2h" exceeded the effective max_ttl of "1h"; period value is capped accordingly'],
    });
    expect(login({ period: 2 * H, explicitMaxTtl: 90 }).warnings).toEqual([
      'period of "2h" exceeded the effective max_ttl of "1m30s"; period value is capped accordingly',
    ]);
  });
  it('refuses a non-positive effective max with a 500', () => {
    let err: unknown;
    try { login({ systemMaxTtl: 0 }); } catch (e) { err = e; }
    expect(err).toBeInstanceOf(VaultError);
    expect((err as VaultError).status).toBe(500);
    expect((err as VaultError).message).toBe('max TTL must be greater than zero');
  });

  const dur = fc.integer({ min: 0, max: 10_000_000 });
  const input = fc.record({
    requestedTtl: dur, period: dur, explicitMaxTtl: dur, roleMaxTtl: dur, mountDefaultTtl: dur, mountMaxTtl: dur,
    systemDefaultTtl: dur, systemMaxTtl: fc.integer({ min: 1, max: 10_000_000 }),
  });
  const effectiveMax = (o: LoginTtlInput): number => Math.min(
    o.mountMaxTtl || o.systemMaxTtl,
    o.roleMaxTtl > 0 ? o.roleMaxTtl : Infinity,
    o.explicitMaxTtl > 0 ? o.explicitMaxTtl : Infinity,
  );
  it('never exceeds the effective max, and warns exactly when it capped', () => {
    fc.assert(fc.property(input, (o) => {
      const { ttl, warnings } = calculateTtl(o);
      const max = effectiveMax(o);
      const wanted = o.period > 0 ? o.period : o.requestedTtl || o.mountDefaultTtl || o.systemDefaultTtl;
      expect(ttl).toBeLessThanOrEqual(max);
      expect(ttl).toBe(Math.min(wanted, max));
      expect(warnings.length).toBe(wanted > max ? 1 : 0);
    }));
  });
  it('equals the period whenever a period at or under the effective max is set', () => {
    fc.assert(fc.property(input, (o) => {
      fc.pre(o.period > 0 && o.period <= effectiveMax(o));
      expect(calculateTtl(o)).toEqual({ ttl: o.period, warnings: [] });
    }));
  });
});

describe('resolveTokenType: mount token_type × role token_type', () => {
  it.each([
    ['default-service', 'default', 'service'], ['default-service', 'service', 'service'], ['default-service', 'batch', 'batch'],
    ['', '', 'service'], ['', 'batch', 'batch'],
    ['default-batch', 'default', 'batch'], ['default-batch', 'service', 'service'], ['default-batch', 'batch', 'batch'],
    ['service', 'default', 'service'], ['service', 'service', 'service'], ['service', 'batch', 'service'],
    ['batch', 'default', 'batch'], ['batch', 'service', 'batch'], ['batch', 'batch', 'batch'],
  ] as const)('mount %j, role %j → %s', (mount, role, want) => {
    expect(resolveTokenType(mount, role)).toBe(want);
  });
});

describe('checkLoginPolicies', () => {
  it('refuses root, then any non-assignable policy, in list order', () => {
    expect(checkLoginPolicies(['default', 'root'])).toBe('auth methods cannot create root tokens');
    expect(checkLoginPolicies(['control-group'])).toBe('cannot assign policy "control-group"');
    expect(checkLoginPolicies(['default', 'response-wrapping'])).toBe('cannot assign policy "response-wrapping"');
    expect(checkLoginPolicies(['control-group', 'root'])).toBe('cannot assign policy "control-group"');
  });
  it('accepts ordinary policies', () => {
    expect(checkLoginPolicies([])).toBeUndefined();
    expect(checkLoginPolicies(['default', 'dev'])).toBeUndefined();
  });
});

describe('sanitizePolicies (policyutil.SanitizePolicies)', () => {
  it('trims, lower-cases, drops empties, dedupes, sorts and adds default when asked', () => {
    expect(sanitizePolicies([' Admin ', 'dev', 'admin', ''], true)).toEqual(['admin', 'default', 'dev']);
    expect(sanitizePolicies(['b', 'a'], false)).toEqual(['a', 'b']);
    expect(sanitizePolicies([], true)).toEqual(['default']);
    expect(sanitizePolicies([], false)).toEqual([]);
    expect(sanitizePolicies(['Default'], true)).toEqual(['default']);
  });
  it('lets root stand alone and never adds default beside it', () => {
    expect(sanitizePolicies(['a', ' ROOT', 'b'], true)).toEqual(['root']);
    expect(sanitizePolicies(['root', 'default'], false)).toEqual(['root']);
  });
  it('follows Go: simple lower-casing, Go white space, UTF-8 byte order', () => {
    expect(sanitizePolicies(['\u0130X'], false)).toEqual(['ix']);
    expect(sanitizePolicies(['\u0085a\u0085'], false)).toEqual(['a']);
    expect(sanitizePolicies(['\ufeffa'], false)).toEqual(['\ufeffa']);
    expect(sanitizePolicies(['\u{1F600}', '\uffff'], false)).toEqual(['\uffff', '\u{1F600}']);
  });

  const names = fc.array(fc.oneof(
    fc.string({ maxLength: 6 }),
    fc.constantFrom('root', 'default', ' Default ', 'ROOT', 'Admin', '\u0130', '\u{1F600}', '\uffff'),
  ), { maxLength: 8 });
  it('is idempotent, sorted, duplicate- and empty-free, and leaves its input alone', () => {
    fc.assert(fc.property(names, fc.boolean(), (list, addDefault) => {
      const before = [...list];
      const once = sanitizePolicies(Object.freeze([...list]), addDefault);
      expect(list).toEqual(before);
      expect(sanitizePolicies(once, addDefault)).toEqual(once);
      expect(sanitizePolicies(once, false)).toEqual(once);
      expect([...once].sort(compareGoStrings)).toEqual(once);
      expect(new Set(once).size).toBe(once.length);
      expect(once).not.toContain('');
      if (once.includes('root')) expect(once).toEqual(['root']);
      else if (addDefault) expect(once).toContain('default');
    }));
  });
});
