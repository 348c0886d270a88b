import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  TOKEN_FIELDS, defaultTokenParams, legacyTokenFields, parseBoundCidrs, parseTokenFields, tokenAuthFromParams,
  tokenDataForRead, upgradeLegacyValue, type TokenParams,
} from '../../src/framework/token-params.js';
import type { FieldData, FieldSchemas } from '../../src/framework/types.js';
import { VaultError } from '../../src/errors/vault-error.js';
import { deepFreeze } from '../../src/go/object.js';

const SCHEMA: FieldSchemas = {
  ...TOKEN_FIELDS,
  ...legacyTokenFields(['policies', 'ttl', 'max_ttl', 'period', 'bound_cidrs', 'num_uses']),
};
const ZERO: Record<string, unknown> = { duration_second: 0, int: 0, bool: false, string: '', comma_string_slice: [] };

/** A FieldData over values already decoded by their field type (null = sent as JSON null). */
function fields(values: Record<string, unknown>): FieldData {
  const raw = Object.freeze({ ...values });
  const value = (name: string): unknown => {
    const s = SCHEMA[name];
    if (!s) throw new Error(`no field ${name}`);
    const v = raw[name];
    return v === undefined || v === null ? s.default ?? ZERO[s.type] : v;
  };
  const getOk = <T>(name: string) => ({ value: value(name) as T, ok: name in raw });
  return {
    raw, schema: SCHEMA,
    get: <T>(name: string) => value(name) as T,
    getOk,
    getFirst: <T>(...names: string[]) => names.map((n) => getOk<T>(n)).find((r) => r.ok) ?? getOk<T>(names[0]!),
  };
}

function errorOf(fn: () => unknown): VaultError {
  try { fn(); } catch (e) { if (e instanceof VaultError) return e; throw e; }
  throw new Error('did not throw');
}

const parse = (values: Record<string, unknown>, current: TokenParams = defaultTokenParams(), isCreate = false) =>
  parseTokenFields(fields(values), current, isCreate);

describe('the token_* field schemas', () => {
  it('declares the nine fields with Vault types and the token_type schema default', () => {
    expect(Object.keys(TOKEN_FIELDS).sort()).toEqual([
      'token_bound_cidrs', 'token_explicit_max_ttl', 'token_max_ttl', 'token_no_default_policy', 'token_num_uses',
      'token_period', 'token_policies', 'token_ttl', 'token_type',
    ]);
    expect(TOKEN_FIELDS.token_ttl!.type).toBe('duration_second');
    expect(TOKEN_FIELDS.token_policies!.type).toBe('comma_string_slice');
    expect(TOKEN_FIELDS.token_num_uses!.type).toBe('int');
    expect(TOKEN_FIELDS.token_type).toMatchObject({ type: 'string', default: 'default-service' });
    expect(TOKEN_FIELDS.token_policies!.description).toBe('Comma-separated list of policies');
  });
  it('describes each legacy alias with the deprecation text of its replacement', () => {
    const legacy = legacyTokenFields(['policies', 'num_uses', 'period']);
    expect(Object.keys(legacy)).toEqual(['policies', 'num_uses', 'period']);
    expect(legacy.policies).toEqual({
      type: 'comma_string_slice', deprecated: true,
      description: 'Use "token_policies" instead. If this and "token_policies" are both specified, only "token_policies" will be used.',
    });
    expect(legacy.num_uses!.type).toBe('int');
    expect(legacy.period!.type).toBe('duration_second');
  });
});

describe('parseTokenFields', () => {
  it('replaces only the fields that were sent on an update', () => {
    const current = { ...defaultTokenParams(), tokenTtl: 60, tokenPolicies: ['a'], tokenNumUses: 3 };
    expect(parse({ token_policies: ['B', 'c'], token_no_default_policy: true }, current)).toEqual({
      ...current, tokenPolicies: ['B', 'c'], tokenNoDefaultPolicy: true,
    });
  });
  it('starts a create from a fresh entry', () => {
    const current = { ...defaultTokenParams(), tokenTtl: 60 };
    expect(parse({ token_max_ttl: 120 }, current, true)).toEqual({ ...defaultTokenParams(), tokenMaxTtl: 120 });
  });
  it('stores token_type "", default, service, batch and refuses anything else, even the schema default', () => {
    expect(parse({ token_type: '' }).tokenType).toBe('default');
    expect(parse({ token_type: 'default' }).tokenType).toBe('default');
    expect(parse({ token_type: 'service' }).tokenType).toBe('service');
    expect(parse({ token_type: 'batch' }).tokenType).toBe('batch');
    expect(parse({}).tokenType).toBe('default');
    const e = errorOf(() => parse({ token_type: 'default-service' }));
    expect(e.status).toBe(400);
    expect(e.message).toBe(`invalid 'token_type' value "default-service"`);
    expect(errorOf(() => parse({ token_type: null })).message).toBe(`invalid 'token_type' value "default-service"`);
  });
  it('refuses batch tokens that are periodic or use-limited, also against stored values', () => {
    expect(errorOf(() => parse({ token_type: 'batch', token_period: 60 })).message)
      .toBe("'token_type' cannot be 'batch' or 'default_batch' when set to generate periodic tokens");
    expect(errorOf(() => parse({ token_type: 'batch', token_num_uses: 2 })).message)
      .toBe("'token_type' cannot be 'batch' or 'default_batch' when set to generate tokens with limited use count");
    const stored = { ...defaultTokenParams(), tokenPeriod: 30 };
    expect(errorOf(() => parse({ token_type: 'batch' }, stored)).message).toMatch(/periodic tokens$/);
  });
  it('refuses a token_ttl above a set token_max_ttl, also against the stored max', () => {
    expect(errorOf(() => parse({ token_ttl: 120, token_max_ttl: 60 })).message)
      .toBe("'token_ttl' cannot be greater than 'token_max_ttl'");
    expect(errorOf(() => parse({ token_ttl: 120 }, { ...defaultTokenParams(), tokenMaxTtl: 60 })).message)
      .toBe("'token_ttl' cannot be greater than 'token_max_ttl'");
    expect(parse({ token_ttl: 120 }).tokenTtl).toBe(120);
  });
  it('refuses negative values with their own texts, in Vault order', () => {
    expect(errorOf(() => parse({ token_num_uses: -1 })).message).toBe("'token_num_uses' cannot be negative");
    expect(errorOf(() => parse({ token_max_ttl: -1 })).message).toBe("'token_max_ttl' cannot be negative");
    expect(errorOf(() => parse({ token_period: -1 })).message).toBe("'token_period' cannot be negative");
    expect(errorOf(() => parse({ token_ttl: -1 })).message).toBe("'token_ttl' cannot be negative");
    expect(errorOf(() => parse({ token_num_uses: -1, token_ttl: 9, token_max_ttl: 1 })).message)
      .toBe("'token_num_uses' cannot be negative");
    expect(errorOf(() => parse({ token_type: 'x', token_num_uses: -1 })).message).toBe(`invalid 'token_type' value "x"`);
  });
  it('stores bound CIDRs as go-sockaddr prints them and names a bad one', () => {
    expect(parse({ token_bound_cidrs: ['127.0.0.1', '128.252.0.0/16', '10.0.0.1/32'] }).tokenBoundCidrs)
      .toEqual(['127.0.0.1', '128.252.0.0/16', '10.0.0.1']);
    const e = errorOf(() => parse({ token_bound_cidrs: ['10.0.0.0/8', 'nope'] }));
    expect(e.status).toBe(400);
    expect(e.message).toBe('error parsing address "nope": unable to convert "nope" to an IPv4 or IPv6 address, or a UNIX Socket');
  });
  it('never mutates its input and always returns a new object', () => {
    const arb = fc.record({
      tokenTtl: fc.nat(100), tokenMaxTtl: fc.nat(100), tokenPeriod: fc.nat(100), tokenExplicitMaxTtl: fc.nat(100),
      tokenPolicies: fc.array(fc.string(), { maxLength: 3 }), tokenBoundCidrs: fc.constantFrom([], ['127.0.0.1']),
      tokenNoDefaultPolicy: fc.boolean(), tokenNumUses: fc.nat(5), tokenType: fc.constantFrom('default', 'service', 'batch'),
    }) as fc.Arbitrary<TokenParams>;
    const sent = fc.record({
      token_ttl: fc.nat(100), token_max_ttl: fc.nat(100), token_period: fc.nat(100), token_num_uses: fc.integer({ min: -1, max: 3 }),
      token_policies: fc.array(fc.string(), { maxLength: 3 }), token_type: fc.constantFrom('', 'service', 'batch', 'bogus'),
      token_bound_cidrs: fc.constantFrom(['10.0.0.0/8'], ['bad']),
    }, { requiredKeys: [] });
    fc.assert(fc.property(arb, sent, fc.boolean(), (current, values, isCreate) => {
      const snapshot = structuredClone(current);
      deepFreeze(current);
      try {
        const out = parseTokenFields(fields(values), current, isCreate);
        expect(out).not.toBe(current);
        expect(out.tokenPolicies).not.toBe(current.tokenPolicies);
        expect(out.tokenBoundCidrs).not.toBe(current.tokenBoundCidrs);
      } catch (e) {
        expect(e).toBeInstanceOf(VaultError);
      }
      expect(current).toEqual(snapshot);
    }));
  });
});

describe('bound CIDR parsing (parseutil.ParseAddrs over go-sockaddr)', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'], ['127.0.0.1/32', '127.0.0.1'], ['10.1.2.3/8', '10.1.2.3/8'], ['0.0.0.0/0', '0.0.0.0/0'],
    ['1.2.3.4:80', '1.2.3.4:80'], ['1.2.3.4:0', '1.2.3.4'], ['192.168.3.51/00ffffff', '192.168.3.51'],
    ['::1', '::1'], ['2001:DB8:0:0:0:0:0:1/64', '2001:db8::1/64'], ['2001:db8::1/128', '2001:db8::1'],
    ['[::1]:8080', '[::1]:8080'], ['::ffff:1.2.3.4', '1.2.3.4'], ['::ffff:1.2.3.4/120', '1.2.3.4/24'],
    ['10.0.0.0/33', '"10.0.0.0/33"'], ['/var/run/x.sock', '"/var/run/x.sock"'],
  ])('%s → %s', (input, want) => {
    expect(parseBoundCidrs([input])).toEqual([want]);
  });
  it.each(['abc', '010.0.0.1', '1.2.3.256', '', 'a', 'host:80', '1.2.3.4:70000'])('refuses %j', (input) => {
    expect(errorOf(() => parseBoundCidrs([input])).message)
      .toBe(`error parsing address ${JSON.stringify(input)}: unable to convert ${JSON.stringify(input)} to an IPv4 or IPv6 address, or a UNIX Socket`);
  });
});

describe('upgradeLegacyValue (tokenutil.UpgradeValue)', () => {
  it('copies a legacy-only value into both, sanitising legacy policies without adding default', () => {
    expect(upgradeLegacyValue(fields({ policies: [' Admin', 'dev', 'admin'] }), 'policies', [], ['x']))
      .toEqual({ legacy: ['admin', 'dev'], value: ['admin', 'dev'] });
    expect(upgradeLegacyValue(fields({ policies: [] }), 'policies', ['old'], ['x'])).toEqual({ legacy: [], value: [] });
    expect(upgradeLegacyValue(fields({ ttl: 90 }), 'ttl', 0, 30)).toEqual({ legacy: 90, value: 90 });
    expect(upgradeLegacyValue(fields({ bound_cidrs: ['10.0.0.1/32'] }), 'bound_cidrs', [], []))
      .toEqual({ legacy: ['10.0.0.1'], value: ['10.0.0.1'] });
  });
  it('clears the legacy value when only the new key is sent', () => {
    expect(upgradeLegacyValue(fields({ token_policies: ['ops'] }), 'policies', ['admin'], ['ops']))
      .toEqual({ legacy: [], value: ['ops'] });
    expect(upgradeLegacyValue(fields({ token_num_uses: 4 }), 'num_uses', 2, 4)).toEqual({ legacy: 0, value: 4 });
  });
  it('lets the new key win and copies it into the legacy one when both are sent', () => {
    expect(upgradeLegacyValue(fields({ period: 10, token_period: 20 }), 'period', 10, 20)).toEqual({ legacy: 20, value: 20 });
  });
  it('keeps both when neither is sent', () => {
    expect(upgradeLegacyValue(fields({}), 'max_ttl', 7, 9)).toEqual({ legacy: 7, value: 9 });
  });
  it('refuses a bad legacy address with the parse text', () => {
    expect(errorOf(() => upgradeLegacyValue(fields({ bound_cidrs: ['zz'] }), 'bound_cidrs', [], [])).message)
      .toMatch(/^error parsing address "zz": /);
  });
});

describe('tokenDataForRead (PopulateTokenData)', () => {
  it('shows all nine keys for a never-set entry', () => {
    expect(tokenDataForRead(defaultTokenParams())).toEqual({
      token_bound_cidrs: [], token_explicit_max_ttl: 0, token_max_ttl: 0, token_no_default_policy: false,
      token_num_uses: 0, token_period: 0, token_policies: [], token_ttl: 0, token_type: 'default',
    });
  });
  it('reports an unset type as default and hands out copies of the lists', () => {
    const p = { ...defaultTokenParams(), tokenType: '' as never, tokenPolicies: ['a'], tokenBoundCidrs: ['127.0.0.1'] };
    const out = tokenDataForRead(p);
    expect(out.token_type).toBe('default');
    expect(out.token_policies).toEqual(['a']);
    expect(out.token_policies).not.toBe(p.tokenPolicies);
    expect(out.token_bound_cidrs).toEqual(['127.0.0.1']);
  });
});

describe('tokenAuthFromParams (PopulateTokenAuth)', () => {
  it('copies the role settings into the auth block, always renewable', () => {
    const p: TokenParams = {
      tokenTtl: 60, tokenMaxTtl: 120, tokenPeriod: 0, tokenExplicitMaxTtl: 300, tokenPolicies: ['dev'],
      tokenBoundCidrs: ['10.0.0.0/8'], tokenNoDefaultPolicy: true, tokenNumUses: 2, tokenType: 'service',
    };
    expect(tokenAuthFromParams(p)).toEqual({
      policies: ['dev'], ttl: 60, maxTtl: 120, period: 0, explicitMaxTtl: 300, numUses: 2, boundCidrs: ['10.0.0.0/8'],
      tokenType: 'service', renewable: true, noDefaultPolicy: true,
    });
  });
});
