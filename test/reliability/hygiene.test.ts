// Secrets hygiene: the seed's story over HTTP with distinctive secrets, then every response body
// (except those that legitimately carry a secret), every audit line, the storage dump and the raw
// (encrypted) storage are scanned for secrets, tokens and unseal keys. Sealed means sealed, and the
// kgc-read app token can do nothing but read its one path.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startVault } from '../../src/testing/index.js';
import type { MemoryStorage } from '../../src/storage/memory.js';

const KGC_READ = 'path "kgc/data/api-credentials" {\n  capabilities = ["read"]\n}\n';
const KGC_ROTATE = 'path "kgc/data/api-credentials" {\n  capabilities = ["create", "update", "read"]\n}\n';

describe('secrets hygiene', () => {
  it('leaks no secret, token or unseal key outside the responses that must carry them; sealed means sealed; the app token is confined', async () => {
    const v = await startVault({ dev: false });
    try {
      const scanned: Array<{ what: string; body: string }> = [];
      const call = async (method: string, path: string, body?: unknown, token?: string, legit = false) => {
        const res = await fetch(`${v.url}/v1/${path}`, { method, headers: token ? { 'X-Vault-Token': token } : {}, body: body === undefined ? undefined : JSON.stringify(body) });
        const text = await res.text();
        if (!legit) scanned.push({ what: `${method} ${path}`, body: text });
        return { status: res.status, json: text ? JSON.parse(text) : undefined };
      };
      const init = await call('PUT', 'sys/init', { secret_shares: 5, secret_threshold: 3 }, undefined, true);
      const keys: string[] = [...init.json.keys, ...init.json.keys_base64];
      const root: string = init.json.root_token;
      for (const k of [0, 3, 4]) expect((await call('PUT', 'sys/unseal', { key: init.json.keys_base64[k] })).status).toBe(200);
      expect((await call('POST', 'sys/mounts/kgc', { type: 'kv', options: { version: '2' } }, root)).status).toBe(204);
      expect((await call('POST', 'sys/mounts/other', { type: 'kv', options: { version: '2' } }, root)).status).toBe(204);
      expect((await call('PUT', 'sys/policies/acl/kgc-read', { policy: KGC_READ }, root)).status).toBe(204);
      expect((await call('PUT', 'sys/policies/acl/kgc-rotate', { policy: KGC_ROTATE }, root)).status).toBe(204);
      const logFile = join(mkdtempSync(join(tmpdir(), 'mv-hygiene-')), 'audit.log');
      expect((await call('PUT', 'sys/audit/file', { type: 'file', options: { file_path: logFile } }, root)).status).toBe(204);
      const secrets: string[] = [];
      for (let n = 1; n <= 12; n++) {
        const secret = `SECRET-zq${n}x-${Math.random().toString(36).slice(2, 12)}`;
        secrets.push(secret);
        expect((await call('POST', 'kgc/data/api-credentials', { data: { api_key: secret, created_at: `t${n}` } }, root)).status).toBe(200);
      }
      const otherSecret = `SECRET-other-${Math.random().toString(36).slice(2, 12)}`;
      secrets.push(otherSecret);
      expect((await call('POST', 'other/data/x', { data: { v: otherSecret } }, root)).status).toBe(200);
      const created = await call('POST', 'auth/token/create', { policies: ['kgc-read'], ttl: '1h' }, root, true);
      const app: string = created.json.auth.client_token;
      const accessor: string = created.json.auth.accessor;
      expect((await call('GET', 'kgc/data/api-credentials', undefined, app, true)).json.data.data.api_key).toBe(secrets[11]);
      expect((await call('GET', 'kgc/data/api-credentials?version=3', undefined, root, true)).json.data.data.api_key).toBe(secrets[2]);

      // The app token is confined to reading its one path.
      const denied: Array<[string, string, unknown?]> = [
        ['POST', 'kgc/data/api-credentials', { data: { api_key: 'x' } }], ['DELETE', 'kgc/data/api-credentials'],
        ['POST', 'kgc/destroy/api-credentials', { versions: [1] }], ['DELETE', 'kgc/metadata/api-credentials'],
        ['POST', 'kgc/delete/api-credentials', { versions: [1] }], ['PUT', 'sys/policies/acl/kgc-read', { policy: 'path "*" { capabilities = ["sudo"] }' }],
        ['DELETE', 'sys/policies/acl/kgc-rotate'], ['PUT', 'sys/audit/other', { type: 'file', options: { file_path: logFile + '2' } }],
        ['GET', 'other/data/x'], ['GET', 'kgc/metadata/api-credentials'], ['POST', 'sys/mounts/evil', { type: 'kv' }],
        ['POST', 'auth/token/create', { policies: ['root'] }], ['PUT', 'sys/seal'],
      ];
      for (const [method, path, body] of denied) {
        const r = await call(method, path, body, app);
        expect(r.status, `${method} ${path}`).toBe(403);
        expect(r.json.errors.join(' '), `${method} ${path}`).toContain('permission denied');
      }
      expect((await call('GET', 'kgc/data/api-credentials', undefined, app, true)).json.data.data.api_key).toBe(secrets[11]);
      expect((await call('GET', 'sys/policies/acl/kgc-read', undefined, root)).json.data.policy).toBe(KGC_READ);

      // Nothing secret in responses, audit lines, the dump, or the (encrypted) storage.
      const needles = [...secrets, ...keys, root, app, accessor];
      const dump = JSON.stringify(await v.vault.dump());
      const storage = (v.vault.storage as MemoryStorage).entries().map(([k, val]) => k + Buffer.from(val).toString('latin1')).join('\n');
      const audit = readFileSync(logFile, 'utf8');
      const haystacks = [...scanned, { what: 'dump', body: dump }, { what: 'storage', body: storage }, ...audit.split('\n').map((l, i) => ({ what: `audit line ${i + 1}`, body: l }))];
      const found = haystacks.flatMap((h) => needles.filter((n) => h.body.includes(n)).map(() => h.what));
      expect(found).toEqual([]);

      // Sealed means sealed.
      expect((await call('PUT', 'sys/seal', undefined, root)).status).toBe(204);
      const routes: Array<[string, string, unknown?]> = [
        ['GET', 'kgc/data/api-credentials'], ['POST', 'kgc/data/api-credentials', { data: { a: 1 } }], ['LIST', 'kgc/metadata'],
        ['GET', 'sys/mounts'], ['GET', 'sys/policies/acl/kgc-read'], ['GET', 'auth/token/lookup-self'], ['POST', 'auth/token/create', {}],
        ['GET', 'sys/audit'], ['PUT', 'sys/audit/x', { type: 'file' }], ['DELETE', 'kgc/metadata/api-credentials'], ['GET', 'nosuch/path'],
      ];
      for (const [method, path, body] of routes) for (const token of [root, app, undefined]) {
        const r = await call(method, path, body, token);
        expect(r.status, `${method} ${path}`).toBe(503);
        expect(r.json.errors).toEqual(['Vault is sealed']);
      }
      expect((await call('GET', 'sys/seal-status')).json.sealed).toBe(true);
      expect((await call('GET', 'sys/init')).json.initialized).toBe(true);
      expect((await call('GET', 'sys/health')).json.sealed).toBe(true);
      const afterSeal = scanned.flatMap((h) => needles.filter((n) => h.body.includes(n)).map(() => h.what));
      expect(afterSeal).toEqual([]);
      writeFileSync(join(tmpdir(), 'mv-reliability-hygiene.json'), JSON.stringify({ bodiesScanned: scanned.length, auditLines: audit.split('\n').length - 1, needles: needles.length, found: found.length + afterSeal.length }));
    } finally {
      await v.close();
    }
  }, 20_000);
});
