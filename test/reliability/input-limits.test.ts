// Hostile input at the HTTP level, issue #25 items 4, 5 and 7: JSON nested up to Go's limit is
// stored and read back (also through an audit device, a KV patch, KV v1 and the cubbyhole), one
// level more is refused with Vault's 400 and stores nothing; a path that is not UTF-8 is refused
// rather than merged with another; FileStorage keeps segments of 255, 256 and 1000 bytes apart,
// readable and listable, and a path too long for the file system is a 400, never a 500.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ERR_HTTP_PATH_NOT_UTF8 } from '../../src/errors/http.js';
import { startVault, type StartedVault } from '../../src/testing/index.js';

const dir = mkdtempSync(join(tmpdir(), 'mv-limits-'));
let v: StartedVault;
beforeAll(async () => {
  v = await startVault({ storagePath: dir });
  expect((await v.vault.request('update', 'sys/audit/mem', { type: 'memory' })).status).toBe(204);
  expect((await v.vault.request('update', 'sys/mounts/kv1', { type: 'kv' })).status).toBe(204);
});
afterAll(async () => {
  await v.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, path: string, body?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${v.url}/v1/${path}`, { method, headers: { 'X-Vault-Token': v.rootToken, ...headers }, body });
  const text = await res.text();
  return { status: res.status, text, headers: res.headers };
}

/** `{"data":{"a":[[…]]}}` nested `depth` levels in all, counting the outer object as 1. */
const nestedBody = (depth: number, wrap = (inner: string) => `{"data":{"a":${inner}}}`) =>
  wrap('['.repeat(depth - 2) + ']'.repeat(depth - 2));

/** The depth of the `a` value in a response (arrays only), without recursion. */
function arrayDepth(v: unknown): number {
  let d = 0;
  for (let x = v; Array.isArray(x); x = x[0]) d++;
  return d;
}

describe('JSON nesting at Go’s limit (encoding/json maxNestingDepth = 10000)', () => {
  for (const depth of [3000, 9999, 10000]) {
    it(`stores and reads back a KV v2 secret nested ${depth} deep, with an audit device on`, async () => {
      const w = await call('POST', `secret/data/deep${depth}`, nestedBody(depth));
      expect(w.status).toBe(200);
      const r = await call('GET', `secret/data/deep${depth}`);
      expect(r.status).toBe(200);
      expect(arrayDepth(JSON.parse(r.text).data.data.a)).toBe(depth - 2);
    });
  }

  it('serves objects nested 9998 deep through read, subkeys and a wrapped answer', async () => {
    const inner = '{"a":'.repeat(9996) + '1' + '}'.repeat(9996);
    expect((await call('POST', 'secret/data/deep-object', `{"data":${inner}}`)).status).toBe(200);
    const objectDepth = (o: unknown) => {
      let d = 0;
      for (let x = o; typeof x === 'object' && x !== null; x = (x as { a: unknown }).a) d++;
      return d;
    };
    expect(objectDepth(JSON.parse((await call('GET', 'secret/data/deep-object')).text).data.data)).toBe(9996);
    expect(objectDepth(JSON.parse((await call('GET', 'secret/subkeys/deep-object')).text).data.subkeys)).toBe(9996);
    const wrapped = await call('GET', 'secret/data/deep-object', undefined, { 'X-Vault-Wrap-TTL': '60' });
    expect(wrapped.status).toBe(200);
    const token = JSON.parse(wrapped.text).wrap_info.token as string;
    const unwrapped = await call('POST', 'sys/wrapping/unwrap', JSON.stringify({ token }));
    expect(unwrapped.status).toBe(200);
    expect(objectDepth(JSON.parse(unwrapped.text).data.data)).toBe(9996);
  });

  it('answers deep values in fields that want something else with 400, not a stack overflow', async () => {
    const deepArray = '['.repeat(9990) + ']'.repeat(9990);
    const deepObject = '{"a":'.repeat(9990) + '1' + '}'.repeat(9990);
    for (const [path, body] of [
      ['auth/token/create', `{"meta":${deepObject}}`], ['auth/token/create', `{"policies":${deepArray}}`],
      ['sys/policies/acl/deep', `{"policy":${deepArray}}`], ['secret/config', `{"max_versions":${deepArray}}`],
      ['secret/metadata/deep-meta', `{"custom_metadata":${deepObject}}`], ['identity/entity', `{"metadata":${deepObject}}`],
      ['sys/capabilities-self', `{"paths":${deepArray}}`],
    ]) {
      const r = await call('POST', path!, body);
      expect(r.status).toBe(400);
      expect(r.text).not.toContain('call stack');
    }
  });

  it('refuses 10001 levels with 400 "error parsing JSON" and stores nothing', async () => {
    const w = await call('POST', 'secret/data/too-deep', nestedBody(10001));
    expect(w.status).toBe(400);
    expect(JSON.parse(w.text)).toEqual({ errors: ['error parsing JSON'] });
    expect((await call('GET', 'secret/data/too-deep')).status).toBe(404);
    expect((await call('GET', 'secret/metadata/too-deep')).status).toBe(404);
    // Openers inside strings do not count: a long string of brackets is not deep.
    expect((await call('POST', 'secret/data/flat', JSON.stringify({ data: { s: '['.repeat(30_000) } }))).status).toBe(200);
  });

  it('patches a deep KV secret, and keeps deep values in KV v1 and the cubbyhole', async () => {
    expect((await call('POST', 'secret/data/patched', nestedBody(9000))).status).toBe(200);
    const p = await call('PATCH', 'secret/data/patched', nestedBody(9000, (inner) => `{"data":{"b":${inner}}}`), { 'Content-Type': 'application/merge-patch+json' });
    expect(p.status).toBe(200);
    const read = JSON.parse((await call('GET', 'secret/data/patched')).text).data.data;
    expect([arrayDepth(read.a), arrayDepth(read.b)]).toEqual([8998, 8998]);
    for (const path of ['kv1/deep', 'cubbyhole/deep']) {
      expect((await call('POST', path, nestedBody(9999, (inner) => `{"a":${inner}}`))).status).toBe(204);
      const r = await call('GET', path);
      expect(r.status).toBe(200);
      expect(arrayDepth(JSON.parse(r.text).data.a)).toBe(9997);
    }
  });
});

describe('paths that are not UTF-8', () => {
  it('refuses secret/data/u%ff and u%fe with 400 instead of making them one secret', async () => {
    for (const raw of ['u%ff', 'u%fe', 'u%c3', 'x%80y']) {
      const w = await call('POST', `secret/data/${raw}`, JSON.stringify({ data: { raw } }));
      expect(w.status).toBe(400);
      expect(JSON.parse(w.text)).toEqual({ errors: [ERR_HTTP_PATH_NOT_UTF8] });
      expect(w.headers.get('x-minivault-unsupported')).toBe('true');
      expect((await call('GET', `secret/data/${raw}`)).status).toBe(400);
    }
    const listed = await call('GET', 'secret/metadata/?list=true');
    const keys = listed.status === 404 ? [] : JSON.parse(listed.text).data.keys as string[];
    expect(keys.filter((k) => k.startsWith('u') || k.startsWith('x'))).toEqual([]);
  });

  it('refuses raw (unescaped) invalid UTF-8 bytes in the request line the same way', async () => {
    const { connect } = await import('node:net');
    const port = Number(new URL(v.url).port);
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(Buffer.concat([
          Buffer.from('POST /v1/secret/data/raw'), Buffer.from([0xff, 0xfe]),
          Buffer.from(` HTTP/1.1\r\nHost: x\r\nX-Vault-Token: ${v.rootToken}\r\nContent-Length: 16\r\nConnection: close\r\n\r\n{"data":{"a":1}}`),
        ]));
      });
      let text = '';
      socket.on('data', (d: Buffer) => { text += d.toString('latin1'); });
      socket.on('end', () => resolve(text));
      socket.on('error', reject);
    });
    expect(answer.startsWith('HTTP/1.1 400 ')).toBe(true);
    expect(answer).toContain(ERR_HTTP_PATH_NOT_UTF8);
    const listed = await call('GET', 'secret/metadata/?list=true');
    const keys = listed.status === 404 ? [] : JSON.parse(listed.text).data.keys as string[];
    expect(keys.filter((k) => k.startsWith('raw'))).toEqual([]);
  });

  it('keeps valid UTF-8, U+FFFD itself included, as distinct keys', async () => {
    for (const [raw, value] of [['u%C3%A9', 'e-acute'], ['u%EF%BF%BD', 'replacement'], ['u%E2%82%AC', 'euro']]) {
      expect((await call('POST', `secret/data/${raw}`, JSON.stringify({ data: { value } }))).status).toBe(200);
    }
    for (const [raw, value] of [['u%C3%A9', 'e-acute'], ['u%EF%BF%BD', 'replacement'], ['u%E2%82%AC', 'euro']]) {
      expect(JSON.parse((await call('GET', `secret/data/${raw}`)).text).data.data.value).toBe(value);
    }
  });
});

describe('long key segments in FileStorage', () => {
  const sizes = [255, 256, 1000];
  it('stores, reads, lists and deletes secrets whose name is 255, 256 and 1000 bytes (also as folders and in UTF-8)', async () => {
    const names = sizes.flatMap((n) => ['a'.repeat(n), 'é'.repeat(n / 2 - 1) + 'zz'.slice(0, n % 2 === 0 ? 2 : 1)]);
    for (const name of names) {
      expect((await call('POST', `secret/data/long/${encodeURIComponent(name)}`, JSON.stringify({ data: { len: name.length } }))).status).toBe(200);
      expect((await call('POST', `secret/data/long/${encodeURIComponent(name)}/inner`, JSON.stringify({ data: { inner: true } }))).status).toBe(200);
    }
    const listed = JSON.parse((await call('GET', 'secret/metadata/long/?list=true')).text).data.keys as string[];
    expect(listed.sort()).toEqual(names.flatMap((n) => [n, `${n}/`]).sort());
    for (const name of names) {
      expect(JSON.parse((await call('GET', `secret/data/long/${encodeURIComponent(name)}`)).text).data.data.len).toBe(name.length);
      const inner = JSON.parse((await call('GET', `secret/metadata/long/${encodeURIComponent(name)}/?list=true`)).text).data.keys;
      expect(inner).toEqual(['inner']);
    }
    for (const name of names) {
      expect((await call('DELETE', `secret/metadata/long/${encodeURIComponent(name)}`)).status).toBe(204);
      expect((await call('DELETE', `secret/metadata/long/${encodeURIComponent(name)}/inner`)).status).toBe(204);
    }
    expect((await call('GET', 'secret/metadata/long/?list=true')).status).toBe(404);
  });

  it('refuses a path longer than the file system allows with 400, and the vault still answers', async () => {
    const path = Array.from({ length: 30 }, () => 'd'.repeat(200)).join('/');
    const w = await call('POST', `secret/data/${path}`, JSON.stringify({ data: { a: 1 } }));
    expect(w.status).toBe(400);
    expect(w.text).toContain('longer than the file system allows');
    expect((await call('GET', `secret/data/${path}`)).status).toBe(404);
    expect((await call('POST', 'secret/data/after', JSON.stringify({ data: { a: 1 } }))).status).toBe(200);
  });
});
