// Hostile input: a fast-check fuzzer over real HTTP (methods, paths, headers, bodies, tokens),
// hostile unseal shares and a foreign keyring, and pathological policies. The server never
// crashes, never leaks a stack trace, answers 5xx only where Vault does, and a refused request
// changes nothing.
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVault, startVault, type StartedVault, type TestVault } from '../../src/testing/index.js';

const FUZZ_RUNS = 1500;
let v: StartedVault;
let fuzzCases = 0;

beforeAll(async () => {
  v = await startVault({ seed: 7 });
  await v.vault.request('update', 'secret/data/app', { data: { a: 'b' } });
});
afterAll(async () => {
  await v.close();
  writeFileSync(join(tmpdir(), 'mv-reliability-fuzz.json'), JSON.stringify({ fuzzCases }));
});

function raw(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined): Promise<{ status: number; body: string } | 'client-refused'> {
  return new Promise((resolve, reject) => {
    let req;
    try {
      req = httpRequest({ host: '127.0.0.1', port: v.port, method, path, headers, timeout: 5000, agent: false, maxHeaderSize: 1 << 20 }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
    } catch {
      resolve('client-refused'); // node's client refuses to send it (invalid method/path/header)
      return;
    }
    // Go answers a malformed request line with a `400 Bad Request` text body even to HEAD, which
    // node's client parser rejects; the server is still fine (checked by the next request).
    req.on('error', (e: NodeJS.ErrnoException) => (method === 'HEAD' && e.code === 'HPE_CLOSED_CONNECTION' ? resolve({ status: 400, body: '400 Bad Request' }) : reject(e)));
    req.on('timeout', () => reject(new Error(`timeout: ${method} ${path}`)));
    if (body) req.write(body);
    req.end();
  });
}

const STACK = /\n\s+at |\bat [\w.<>]+ \(|\/work\/|node_modules|\.ts:\d+|\.js:\d+/;

const segment = fc.oneof(
  fc.constantFrom('v1', 'sys', 'secret', 'data', 'metadata', 'auth', 'token', 'policies', 'acl', 'mounts', 'audit', 'seal', 'unseal', 'init', 'lookup-self', 'create', '..', '.', '', 'app'),
  fc.constantFrom('%2e%2e', '%00', '%2F', '%', '%zz', '%C0%AF', '%FF%FE', '..%2f', '%25', '?list=true', '?version=-1', '?version=99999999999999999999', '#x'),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
  fc.constant('x'.repeat(5000)),
);
const path = fc.array(segment, { minLength: 1, maxLength: 8 }).map((s) => '/v1/' + s.join('/'));
const method = fc.constantFrom('GET', 'PUT', 'POST', 'DELETE', 'LIST', 'PATCH', 'HEAD', 'OPTIONS', 'TRACE', 'FOO', 'get');
function nest(depth: number): string { return '['.repeat(depth) + ']'.repeat(depth); }
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue().map((j) => Buffer.from(JSON.stringify(j))),
  fc.string().map((s) => Buffer.from(s)),
  fc.constantFrom('{', '{"data":', '{"data":{"a":1e99999}}', '{"data":{"a":123456789012345678901234567890}}', '{"options":{"cas":"x"},"data":{}}', '{"data":[]}', 'null', '[]', '""', '{"__proto__":{"x":1}}')
    .map((s) => Buffer.from(s)),
  fc.integer({ min: 1000, max: 20000 }).map((d) => Buffer.from(`{"data":${nest(d)}}`)),
  fc.uint8Array({ maxLength: 64 }).map((a) => Buffer.concat([Buffer.from('{"data":{"k":"'), Buffer.from([0xff, 0xfe, 0xc0, ...a]), Buffer.from('"}}')])),
);
const headerValue = fc.stringMatching(/^[\x20-\x7e]{0,40}$/);
const headers = fc.dictionary(fc.constantFrom('content-type', 'x-vault-request', 'x-vault-wrap-ttl', 'x-vault-namespace', 'x-forwarded-for', 'accept', 'x-vault-index', 'authorization', 'x-vault-policy-override'), headerValue, { maxKeys: 4 });

describe('hostile HTTP input', () => {
  it('never crashes, never leaks a stack trace, answers 5xx only where Vault does, and refused requests change nothing', async () => {
    const token = fc.oneof(fc.constant(v.rootToken), fc.constant(''), fc.constant('hvs.' + 'A'.repeat(24)), headerValue);
    await fc.assert(fc.asyncProperty(method, path, headers, body, token, async (m, p, h, b, t) => {
      const before = JSON.stringify(await v.vault.dump({ values: true }));
      const hdrs: Record<string, string> = { ...h };
      if (t) hdrs['x-vault-token'] = t;
      const res = await raw(m, p, hdrs, b);
      if (res === 'client-refused') return;
      fuzzCases++;
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect([501, 502, 504, 505]).not.toContain(res.status);
      if (res.status >= 500) expect([500, 503]).toContain(res.status);
      expect(res.body).not.toMatch(STACK);
      if (res.status >= 400) expect(JSON.stringify(await v.vault.dump({ values: true }))).toBe(before);
    }), { numRuns: FUZZ_RUNS });
    const health = await fetch(`${v.url}/v1/sys/health`);
    expect(health.status).toBe(200);
    expect((await v.vault.request('read', 'secret/data/app')).status).toBe(200);
  }, 40_000);
});

async function initThreeTwo(storagePath?: string): Promise<{ vault: TestVault; shares: string[] }> {
  const vault = await createVault({ dev: false, storagePath });
  const init = await vault.request('update', 'sys/init', { secret_shares: 3, secret_threshold: 2 });
  expect(init.status).toBe(200);
  return { vault, shares: (init.body as { keys_base64: string[] }).keys_base64 };
}

function mutate(share: string, f: (b: Buffer) => Buffer): string { return f(Buffer.from(share, 'base64')).toString('base64'); }

describe('hostile unseal input', () => {
  it('refuses wrong-length shares, x = 0, duplicates and shares of another split, and stays sealed', async () => {
    const { vault, shares } = await initThreeTwo();
    const other = await initThreeTwo();
    const attempts: string[][] = [
      [mutate(shares[0]!, (b) => b.subarray(1)), shares[1]!], // one byte short
      [mutate(shares[0]!, (b) => Buffer.concat([b, Buffer.from([7])])), shares[1]!], // one byte long
      [mutate(shares[0]!, (b) => { const c = Buffer.from(b); c[c.length - 1] = 0; return c; }), shares[1]!], // x = 0
      [shares[0]!, shares[0]!], // a duplicate
      [shares[0]!, other.shares[1]!], // shares of another split
      ['', shares[1]!], ['not base64!!', shares[1]!], [Buffer.alloc(2000, 1).toString('base64'), shares[1]!],
    ];
    const secrets = [...shares, ...other.shares];
    for (const keys of attempts) {
      const answers = [];
      for (const key of keys) answers.push(await vault.request('update', 'sys/unseal', { key }));
      expect(vault.core.seal.sealed()).toBe(true);
      const refused = answers.filter((a) => a.status >= 400);
      if (keys[0] !== keys[1]) expect(refused.length).toBeGreaterThan(0);
      for (const a of refused) {
        const errors = (a.body as { errors: string[] }).errors;
        expect(errors.length).toBeGreaterThan(0);
        for (const s of secrets) expect(errors.join(' ')).not.toContain(s);
      }
      await vault.request('update', 'sys/unseal', { reset: true });
    }
    await vault.unseal(shares.slice(1));
    expect(vault.core.seal.sealed()).toBe(false);
  });

  it('refuses to unseal with a keyring copied from another vault and stays sealed', async () => {
    const dirA = mkdtempSync(join(tmpdir(), 'mv-keyring-a-'));
    const dirB = mkdtempSync(join(tmpdir(), 'mv-keyring-b-'));
    const a = await initThreeTwo(dirA);
    await initThreeTwo(dirB);
    copyFileSync(join(dirB, 'core', '_keyring'), join(dirA, 'core', '_keyring'));
    const answers = [];
    for (const key of a.shares.slice(0, 2)) answers.push(await a.vault.request('update', 'sys/unseal', { key }));
    expect(a.vault.core.seal.sealed()).toBe(true);
    const last = answers[1]!;
    expect(last.status).toBeGreaterThanOrEqual(400);
    expect((last.body as { errors: string[] }).errors.join(' ')).toMatch(/\S/);
    expect(JSON.stringify(last.body)).not.toMatch(STACK);
  });
});

describe('hostile policies', () => {
  it('answers random and pathological HCL and JSON with 400 (or 204 when valid), never 5xx, never a hang', async () => {
    const pathological = fc.constantFrom(
      '{'.repeat(5000), '['.repeat(5000) + ']'.repeat(5000), 'path "a" { capabilities = [' + '"read",'.repeat(20000) + '] }',
      'path "' + 'x'.repeat(100000) + '" {}', '/*', '"', 'path "a" { capabilities = ["read"] } path', '{"path":{"a":{"capabilities":"read"}}}',
      '{"path":' + '{"a":'.repeat(3000) + '1' + '}'.repeat(3000) + '}', 'path "a" { capabilities = ["read"]\u0000 }', '<<EOF\n', '\uFFFF\uD800',
    );
    const policy = fc.oneof(pathological, fc.string({ maxLength: 200 }), fc.jsonValue().map((j) => JSON.stringify(j)),
      fc.array(fc.constantFrom('path', '"a/*"', '{', '}', '[', ']', '=', 'capabilities', '"read"', ',', '#', '\n', '0x', '1e999', '<<EOF', 'EOF'), { maxLength: 40 }).map((t) => t.join(' ')));
    let n = 0;
    await fc.assert(fc.asyncProperty(policy, async (text) => {
      const res = await v.vault.request('update', `sys/policies/acl/fuzz${n++}`, { policy: text });
      expect([204, 400]).toContain(res.status);
      expect(JSON.stringify(res.body ?? '')).not.toMatch(STACK);
    }), { numRuns: 300 });
    fuzzCases += n;
  }, 20_000);
});
