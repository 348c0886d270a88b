import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { digests } from '../../src/audit/digest.js';
import { goJson } from '../../src/go/json.js';
import { requestEntry, responseEntry, tokenIssueTime, type FormatOptions } from '../../src/audit/format.js';
import { hashData } from '../../src/audit/hash-structure.js';
import { isRfc3339 } from '../../src/go/time.js';
import type { AuditResponseInput } from '../../src/audit/types.js';
import { asRequest, kvWrite, newBroker, ROOT_ACCESSOR, ROOT_TOKEN, rootAuth } from './helpers.js';

const H = (v: string) => `H(${v})`;
const hashing: FormatOptions = { raw: false, hmacAccessor: true, elideListResponses: false };
const TIME = '2026-01-02T03:04:05.678Z';

describe('audit entry shape', () => {
  it('writes a request entry in Vault struct order with omitempty fields left out', () => {
    const input = kvWrite({ password: 's3cret' });
    const entry = requestEntry(asRequest(input), TIME, H, hashing);
    expect(Object.keys(entry)).toEqual(['time', 'type', 'auth', 'request']);
    expect(Object.keys(entry.auth as object)).toEqual([
      'client_token', 'accessor', 'display_name', 'policies', 'token_policies', 'policy_results', 'token_type', 'token_issue_time',
    ]);
    expect(Object.keys(entry.request as object)).toEqual([
      'id', 'operation', 'mount_point', 'mount_type', 'mount_accessor', 'mount_running_version', 'mount_class',
      'client_token', 'client_token_accessor', 'namespace', 'path', 'data', 'remote_address', 'remote_port',
    ]);
    expect(entry.request).toMatchObject({ namespace: { id: 'root' }, data: { data: { password: 'H(s3cret)' } } });
  });

  it('writes the bare probe shape for an unauthenticated request: auth carries only token_type default', () => {
    const entry = requestEntry({ request: { id: 'abc', operation: 'update', path: 'sys/audit/test' } }, TIME, H, hashing);
    expect(goJson(entry)).toBe(
      `{"time":"${TIME}","type":"request","auth":{"token_type":"default"},"request":{"id":"abc","operation":"update","namespace":{"id":"root"},"path":"sys/audit/test"}}`,
    );
  });

  it('writes a response entry with the response block after the request and the error last', () => {
    const input: AuditResponseInput = { ...kvWrite({ a: 'b' }), error: 'boom' };
    const entry = responseEntry(input, TIME, H, hashing);
    expect(Object.keys(entry)).toEqual(['time', 'type', 'auth', 'request', 'response', 'error']);
    const resp = entry.response as Record<string, unknown>;
    expect(Object.keys(resp)).toEqual([
      'mount_point', 'mount_type', 'mount_accessor', 'mount_running_plugin_version', 'mount_class', 'data',
    ]);
    expect(resp.mount_running_plugin_version).toBe('v0.21.0+builtin');
  });

  it('writes policy_results.allowed even when false and every granting policy type', () => {
    const entry = requestEntry({
      auth: { ...rootAuth, policy_results: { allowed: false, granting_policies: [{ type: '' }] } },
      request: { id: 'x', operation: 'read', path: 'secret/data/a' },
    }, TIME, H, hashing);
    expect((entry.auth as Record<string, unknown>).policy_results).toEqual({ allowed: false, granting_policies: [{ type: '' }] });
  });

  it('always writes a response block, even for a response with nothing to say', () => {
    const entry = responseEntry({ request: { id: 'x', operation: 'delete', path: 'a/b' } }, TIME, H, hashing);
    expect(entry.response).toEqual({});
  });

  it('sorts map keys as Go does (metadata, headers, data)', () => {
    const entry = requestEntry({
      auth: { metadata: { zeta: '1', alpha: '2' } },
      request: { id: 'x', operation: 'update', path: 'p', headers: { 'x-b': ['1'], 'x-a': ['2'] }, data: { b: 1, a: { d: 1, c: 2 } } },
    }, TIME, H, hashing);
    expect(goJson(entry)).toContain('"metadata":{"alpha":"2","zeta":"1"}');
    expect(goJson(entry)).toContain('"data":{"a":{"c":2,"d":1},"b":1},"headers":{"x-a":["2"],"x-b":["1"]}');
  });

  it('writes map keys in Go byte order, array-index-like keys and astral characters included', () => {
    const order = { exact: false };
    const entry = requestEntry({
      request: { id: 'x', operation: 'update', path: 'p', data: { b: 1, 10: 2, 9: 3, '': 4, '\uffff': 5, '😀': 6 } },
    }, TIME, null, hashing, order);
    expect(order.exact).toBe(true);
    expect(goJson(entry, { exact: true })).toContain('"data":{"":4,"10":2,"9":3,"b":1,"\uffff":5,"😀":6}');
  });

  it('keeps a __proto__ key in data as an ordinary key', () => {
    const data = JSON.parse('{"__proto__":{"polluted":"yes"},"a":"b"}') as Record<string, unknown>;
    const entry = requestEntry({ request: { id: 'x', operation: 'update', path: 'p', data } }, TIME, H, hashing);
    expect(goJson(entry)).toContain('"data":{"__proto__":{"polluted":"H(yes)"},"a":"H(b)"}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('formats token issue times as Go RFC 3339 with seconds', () => {
    expect(tokenIssueTime(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02T03:04:05Z');
  });

  it('escapes <, >, & and line separators as Go json.Encoder does', () => {
    expect(goJson({ a: '<b>&\u2028\u2029' })).toBe('{"a":"\\u003cb\\u003e\\u0026\\u2028\\u2029"}');
  });
});

describe('what is HMAC-ed (openbao internal/audit/hashstructure.go)', () => {
  it('hashes tokens, accessors and every string leaf of request data but not keys, numbers, bools, nulls or timestamps', () => {
    const entry = requestEntry({
      auth: rootAuth,
      request: {
        id: 'x', operation: 'update', path: 'p', client_token: ROOT_TOKEN, client_token_accessor: ROOT_ACCESSOR,
        data: { list: ['a', 1, true, null, { k: 'v' }], when: '2026-01-01T00:00:00Z', n: 3, f: false },
      },
    }, TIME, H, hashing);
    const auth = entry.auth as Record<string, unknown>;
    const req = entry.request as Record<string, unknown>;
    expect(auth.client_token).toBe(`H(${ROOT_TOKEN})`);
    expect(auth.accessor).toBe(`H(${ROOT_ACCESSOR})`);
    expect(auth.display_name).toBe('root');
    expect(auth.policies).toEqual(['root']);
    expect(req.client_token).toBe(`H(${ROOT_TOKEN})`);
    expect(req.client_token_accessor).toBe(`H(${ROOT_ACCESSOR})`);
    expect(req.data).toEqual({ f: false, list: ['H(a)', 1, true, null, { k: 'H(v)' }], n: 3, when: '2026-01-01T00:00:00Z' });
  });

  it('leaves accessors plain with hmac_accessor=false but still hashes tokens', () => {
    const entry = responseEntry({
      auth: rootAuth,
      request: { id: 'x', operation: 'update', path: 'auth/token/create', client_token: ROOT_TOKEN, client_token_accessor: ROOT_ACCESSOR },
      response: {
        auth: { client_token: 'child', accessor: 'child-acc', num_uses: 2, token_type: 'service' },
        wrap_info: { token: 'wrap', accessor: 'wrap-acc', wrapped_accessor: 'inner-acc', ttl: 60 },
      },
    }, TIME, H, { ...hashing, hmacAccessor: false });
    const resp = entry.response as Record<string, Record<string, unknown>>;
    expect((entry.auth as Record<string, unknown>).accessor).toBe(ROOT_ACCESSOR);
    expect((entry.request as Record<string, unknown>).client_token_accessor).toBe(ROOT_ACCESSOR);
    expect(resp.auth).toEqual({ client_token: 'H(child)', accessor: 'child-acc', num_uses: 2, token_type: 'service' });
    expect(resp.wrap_info).toEqual({ ttl: 60, token: 'H(wrap)', accessor: 'wrap-acc', wrapped_accessor: 'inner-acc' });
  });

  it('hashes response tokens, wrap tokens and accessors, but not the lease id', () => {
    const entry = responseEntry({
      request: { id: 'x', operation: 'update', path: 'p' },
      response: {
        auth: { client_token: 'child', accessor: 'child-acc' }, secret: { lease_id: 'lease/1' },
        wrap_info: { token: 'wrap', accessor: 'wrap-acc', creation_time: TIME }, data: { token: 'tok' },
      },
    }, TIME, H, hashing);
    const resp = entry.response as Record<string, Record<string, unknown>>;
    expect(resp.auth).toEqual({ client_token: 'H(child)', accessor: 'H(child-acc)', token_type: 'default' });
    expect(resp.secret).toEqual({ lease_id: 'lease/1' });
    expect(resp.wrap_info).toEqual({ token: 'H(wrap)', accessor: 'H(wrap-acc)', creation_time: TIME });
    expect(resp.data).toEqual({ token: 'H(tok)' });
  });

  it('leaves values under the mount non-HMAC keys plain, through arrays, keyed by the nearest map key', () => {
    const entry = responseEntry({
      request: { id: 'x', operation: 'update', path: 'p', data: { plain: ['a', 'b'], other: 'c', nest: { plain: 'd' } } },
      response: { data: { shown: { inner: 'e' }, hidden: 'f' } },
      nonHmacRequestKeys: ['plain'], nonHmacResponseKeys: ['inner'],
    }, TIME, H, hashing);
    expect((entry.request as Record<string, unknown>).data).toEqual({ nest: { plain: 'd' }, other: 'H(c)', plain: ['a', 'b'] });
    expect((entry.response as Record<string, unknown>).data).toEqual({ hidden: 'H(f)', shown: { inner: 'e' } });
  });

  it('hashes nothing at all with log_raw, tokens included', () => {
    const input = kvWrite({ password: 'pw' });
    const entry = requestEntry(asRequest(input), TIME, H, { ...hashing, raw: true });
    expect(goJson(entry)).not.toContain('H(');
    expect(goJson(entry)).toContain(ROOT_TOKEN);
  });

  it('elides list keys to counts with elide_list_responses, only for list operations', () => {
    const list = (operation: string) => responseEntry({
      request: { id: 'x', operation, path: 'secret/metadata/' },
      response: { data: { keys: ['a', 'b', 'c'], key_info: { a: {}, b: {} } } },
    }, TIME, H, { ...hashing, elideListResponses: true });
    expect((list('list').response as Record<string, unknown>).data).toEqual({ key_info: 2, keys: 3 });
    expect((list('read').response as Record<string, unknown>).data).toEqual({ key_info: { a: {}, b: {} }, keys: ['H(a)', 'H(b)', 'H(c)'] });
  });
});

describe('HMAC construction (openbao sdk/helper/salt/salt.go GetIdentifiedHMAC)', () => {
  it('is hmac-sha256: + hex HMAC-SHA256 keyed by the device salt string', async () => {
    const { broker, storage } = newBroker();
    await broker.load();
    await broker.enable('mem', { type: 'memory' });
    const saltEntry = storage.entries().find(([k]) => k.endsWith('/salt'))!;
    const salt = new TextDecoder().decode(saltEntry[1]);
    expect(salt).toMatch(/^[0-9a-f-]{36}$/);
    const expected = 'hmac-sha256:' + createHmac('sha256', salt).update('my-secret').digest('hex');
    expect(broker.hash('mem', 'my-secret')).toBe(expected);
    await broker.logRequest(asRequest(kvWrite({ password: 'my-secret' })));
    expect(broker.memory('mem')!.lines().at(-1)).toContain(expected);
  });

  it('produces identical bytes with node:crypto and @noble/hashes', async () => {
    const input = kvWrite({ password: 'pw', list: ['é', '🔑'] });
    const run = async (digest: 'node' | 'noble') => {
      const { broker } = newBroker({ digest });
      await broker.load();
      await broker.enable('mem', { type: 'memory' });
      await broker.logRequest(asRequest(input));
      await broker.logResponse(input);
      return broker.memory('mem')!.lines();
    };
    expect(await run('noble')).toEqual(await run('node'));
  });

  it('agrees between engines on arbitrary strings', () => {
    const node = digests('node'), noble = digests('noble');
    fc.assert(fc.property(fc.string(), fc.string({ unit: 'binary' }), (key, value) => {
      expect(noble.hmacHex(key)(value)).toBe(node.hmacHex(key)(value));
      expect(noble.sha256Hex(value)).toBe(node.sha256Hex(value));
    }), { numRuns: 200 });
  });
});

describe('RFC 3339 timestamps stay plain (Go time.Time.UnmarshalText)', () => {
  it.each([
    '2026-01-01T00:00:00Z', '2024-02-29T23:59:59.123456789Z', '2026-06-04T16:01:31-04:00', '0001-01-01T00:00:00+23:59',
  ])('accepts %s', (s) => expect(isRfc3339(s)).toBe(true));
  it.each([
    '2026-13-01T00:00:00Z', '2023-02-29T00:00:00Z', '2026-01-01T24:00:00Z', '2026-01-01t00:00:00Z', '2026-01-01T00:00:00',
    '2026-01-01T00:00:00,5Z', '2026-01-01T0:00:00Z', '2026-01-01T00:00:00+24:00', '2026-01-01T00:00:60Z', '2026-01-01',
    '2026-01-01T00:00:00.Z', ' 2026-01-01T00:00:00Z',
  ])('refuses %s', (s) => expect(isRfc3339(s)).toBe(false));
});

describe('hashData properties', () => {
  it('keeps the shape, sorts keys, and replaces exactly the non-timestamp string leaves', () => {
    fc.assert(fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (data) => {
      const out = hashData(data, H);
      const check = (orig: unknown, got: unknown): void => {
        if (typeof orig === 'string') {
          expect(got).toBe(isRfc3339(orig) ? orig : H(orig));
        } else if (Array.isArray(orig)) {
          expect(Array.isArray(got)).toBe(true);
          orig.forEach((v, i) => check(v, (got as unknown[])[i]));
        } else if (orig !== null && typeof orig === 'object') {
          const keys = Object.keys(orig).filter((k) => (orig as Record<string, unknown>)[k] !== undefined);
          expect(Object.keys(got as object).sort()).toEqual([...keys].sort());
          for (const k of keys) check((orig as Record<string, unknown>)[k], (got as Record<string, unknown>)[k]);
        } else {
          expect(got).toBe(orig);
        }
      };
      check(data, out);
      expect(JSON.parse(goJson(hashData(data, null), { exact: true }))).toEqual(JSON.parse(JSON.stringify(data)));
    }), { numRuns: 200 });
  });

  it('writes JSON that parses back to the same value, with either serialiser', () => {
    fc.assert(fc.property(fc.jsonValue(), (v) => {
      const expected = JSON.parse(JSON.stringify(v));
      expect(JSON.parse(goJson(v))).toEqual(expected);
      expect(JSON.parse(goJson(v, { exact: true }))).toEqual(expected);
    }), { numRuns: 200 });
  });
});
