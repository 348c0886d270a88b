// Core's raw sys endpoints and seal lifecycle (hashicorp/vault http/sys_init.go, sys_seal.go, sys_health.go, sys_rekey.go, vault/rekey.go): what answers
// while sealed or uninitialised, unseal progress and errors, sys/seal's sudo check, sys/health's
// codes, key rotation terms and a full rekey.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';
import type { TestVault } from '../../src/testing/index.js';

type Body = Record<string, unknown>;
const body = (res: { body?: unknown }) => res.body as Body;
const MULTI_DENIED = '1 error occurred:\n\t* permission denied\n\n';

async function initialised(shares = 3, threshold = 2, seed = 7): Promise<{ vault: TestVault; keys: string[]; root: string }> {
  const vault = await createVault({ dev: false, seed });
  const res = await vault.handle({ operation: 'update', path: 'sys/init', data: { secret_shares: shares, secret_threshold: threshold } });
  expect(res.status).toBe(200);
  const b = body(res) as { keys_base64: string[]; root_token: string };
  return { vault, keys: b.keys_base64, root: b.root_token };
}

async function unsealWith(vault: TestVault, keys: string[]) {
  let last;
  for (const key of keys) last = await vault.handle({ operation: 'update', path: 'sys/unseal', data: { key } });
  return last!;
}

describe('sealed and uninitialised vaults', () => {
  it('answers 503 Vault is sealed for logical routes of an uninitialised vault', async () => {
    const vault = await createVault({ dev: false });
    for (const path of ['secret/data/x', 'sys/mounts', 'auth/token/lookup-self', 'nosuch/path']) {
      const res = await vault.handle({ operation: 'read', path, token: 'hvs.whatever' });
      expect(res).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
    }
  });

  it('still answers sys/init, seal-status, health and leader when uninitialised', async () => {
    const vault = await createVault({ dev: false });
    expect(await vault.handle({ operation: 'read', path: 'sys/init' })).toEqual({ status: 200, body: { initialized: false } });
    const status = body(await vault.handle({ operation: 'read', path: 'sys/seal-status' }));
    expect(status).toMatchObject({ initialized: false, sealed: true, t: 0, n: 0, progress: 0, nonce: '' });
    const health = await vault.handle({ operation: 'read', path: 'sys/health' });
    expect(health.status).toBe(501);
    expect(body(health)).toMatchObject({ initialized: false, sealed: true, standby: true });
    const leader = await vault.handle({ operation: 'read', path: 'sys/leader' });
    expect(leader.status).toBe(200);
    expect(body(leader).ha_enabled).toBe(false);
  });

  it('refuses sys/unseal on an uninitialised vault with Vault is not initialized', async () => {
    const vault = await createVault({ dev: false });
    const res = await vault.handle({ operation: 'update', path: 'sys/unseal', data: { key: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' } });
    expect(res).toEqual({ status: 400, body: { errors: ['Vault is not initialized'] } });
  });

  it('answers 503 for logical routes after sealing a dev vault, and serves them again after unseal', async () => {
    const vault = await createVault();
    await vault.request('update', 'secret/data/a', { data: { v: 1 } });
    await vault.seal();
    expect(await vault.request('read', 'secret/data/a')).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
    expect(body(await vault.handle({ operation: 'read', path: 'sys/seal-status' })).sealed).toBe(true);
    expect((await vault.handle({ operation: 'read', path: 'sys/health' })).status).toBe(503);
    expect((await vault.handle({ operation: 'read', path: 'sys/leader' })).status).toBe(200);
    await vault.unseal();
    const read = await vault.request('read', 'secret/data/a');
    expect(read.status).toBe(200);
    expect((body(read).data as Body).data).toEqual({ v: 1 });
  });

  it('answers 503 on rekey endpoints while sealed and 400 while uninitialised', async () => {
    const fresh = await createVault({ dev: false });
    expect(await fresh.handle({ operation: 'read', path: 'sys/rekey/init' }))
      .toEqual({ status: 400, body: { errors: ['server is not yet initialized'] } });
    const { vault } = await initialised();
    expect(await vault.handle({ operation: 'read', path: 'sys/rekey/init' }))
      .toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
  });
});

describe('sys/unseal', () => {
  it('counts progress with a nonce, ignores a repeated share and unseals at the threshold', async () => {
    const { vault, keys } = await initialised(3, 3);
    const first = body(await unsealWith(vault, [keys[0]!]));
    expect(first).toMatchObject({ sealed: true, t: 3, n: 3, progress: 1 });
    expect(first.nonce).toMatch(/^[0-9a-f-]{36}$/);
    const again = body(await unsealWith(vault, [keys[0]!]));
    expect(again).toMatchObject({ progress: 1, nonce: first.nonce });
    const second = body(await unsealWith(vault, [keys[1]!]));
    expect(second).toMatchObject({ progress: 2, nonce: first.nonce });
    const done = body(await unsealWith(vault, [keys[2]!]));
    expect(done).toMatchObject({ sealed: false, progress: 0, nonce: '' });
    expect(typeof done.cluster_name).toBe('string');
  });

  it('clears progress on reset and refuses reset once unsealed', async () => {
    const { vault, keys } = await initialised();
    await unsealWith(vault, [keys[0]!]);
    const reset = await vault.handle({ operation: 'update', path: 'sys/unseal', data: { reset: true } });
    expect(body(reset)).toMatchObject({ sealed: true, progress: 0, nonce: '' });
    await unsealWith(vault, [keys[1]!, keys[2]!]);
    expect(await vault.handle({ operation: 'update', path: 'sys/unseal', data: { reset: true } }))
      .toEqual({ status: 400, body: { errors: ['vault is unsealed'] } });
  });

  it('accepts hex shares as well as base64 and answers the status when already unsealed', async () => {
    const vault = await createVault({ dev: false, seed: 3 });
    const init = body(await vault.handle({ operation: 'update', path: 'sys/init', data: { secret_shares: 2, secret_threshold: 2 } })) as { keys: string[] };
    await unsealWith(vault, init.keys);
    const again = await vault.handle({ operation: 'update', path: 'sys/unseal', data: { key: init.keys[0] } });
    expect(again.status).toBe(200);
    expect(body(again).sealed).toBe(false);
  });

  it('refuses a body with neither key nor reset, a malformed key and a short key', async () => {
    const { vault } = await initialised();
    expect(await vault.handle({ operation: 'update', path: 'sys/unseal', data: {} }))
      .toEqual({ status: 400, body: { errors: ["'key' must be specified in request body as JSON, or 'reset' set to true"] } });
    const bad = await vault.handle({ operation: 'update', path: 'sys/unseal', data: { key: 'not a key!!' } });
    expect(bad).toEqual({ status: 400, body: { errors: ["'key' must be a valid hex or base64 string"] } });
    const short = await vault.handle({ operation: 'update', path: 'sys/unseal', data: { key: 'AAAA' } });
    expect(short).toEqual({ status: 400, body: { errors: ['invalid key: key is shorter than minimum 16 bytes'] } });
    const long = await vault.handle({ operation: 'update', path: 'sys/unseal', data: { key: Buffer.alloc(40).toString('base64') } });
    expect(long).toEqual({ status: 400, body: { errors: ['invalid key: key is longer than maximum 33 bytes'] } });
    expect(body(await vault.handle({ operation: 'read', path: 'sys/seal-status' })).progress).toBe(0);
  });

  it('resets progress and stays sealed when the threshold is reached with a foreign share', async () => {
    const { vault, keys } = await initialised(3, 2);
    const other = await initialised(3, 2, 8);
    await unsealWith(vault, [keys[0]!]);
    const res = await unsealWith(vault, [other.keys[1]!]);
    expect(res).toEqual({
      status: 400,
      body: { errors: ['unable to retrieve stored keys: invalid key: failed to decrypt keys from storage: cipher: message authentication failed'] },
    });
    expect(body(await vault.handle({ operation: 'read', path: 'sys/seal-status' }))).toMatchObject({ sealed: true, progress: 0, nonce: '' });
    expect(body(await unsealWith(vault, [keys[1]!, keys[2]!])).sealed).toBe(false);
  });

  it('answers 405 with empty errors for a read of sys/unseal', async () => {
    const { vault } = await initialised();
    expect(await vault.handle({ operation: 'read', path: 'sys/unseal' })).toEqual({ status: 405, body: { errors: [] } });
  });
});

describe('sys/seal', () => {
  it('refuses a missing or unknown token with a bare permission denied', async () => {
    const vault = await createVault();
    for (const token of [undefined, 'hvs.nosuchtoken']) {
      expect(await vault.handle({ operation: 'update', path: 'sys/seal', token }))
        .toEqual({ status: 403, body: { errors: ['permission denied'] } });
    }
    expect(vault.core.seal.sealed()).toBe(false);
  });

  it('refuses a valid token without sudo on sys/seal with the multierror text', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/policies/acl/sealer-no-sudo', { policy: 'path "sys/seal" { capabilities = ["update"] }' });
    const token = await vault.createToken({ policies: ['sealer-no-sudo'] });
    expect(await vault.handle({ operation: 'update', path: 'sys/seal', token }))
      .toEqual({ status: 403, body: { errors: [MULTI_DENIED] } });
    expect(vault.core.seal.sealed()).toBe(false);
  });

  it('writes the sys/seal request to the audit log before sealing', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-core-seal-'));
    try {
      const vault = await createVault();
      const file = join(dir, 'audit.log');
      expect(await vault.request('update', 'sys/audit/file', { type: 'file', options: { file_path: file } })).toEqual({ status: 204 });
      expect(await vault.request('update', 'sys/seal')).toEqual({ status: 204 });
      const lines = readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { type: string; request: { path: string } });
      expect(lines.at(-1)).toMatchObject({ type: 'request', request: { path: 'sys/seal', operation: 'update' } });
      await vault.core.shutdown();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('seals with a sudo token (204) and answers 204 without any token once sealed', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/policies/acl/sealer', { policy: 'path "sys/seal" { capabilities = ["update", "sudo"] }' });
    const token = await vault.createToken({ policies: ['sealer'] });
    expect(await vault.handle({ operation: 'update', path: 'sys/seal', token })).toEqual({ status: 204 });
    expect(vault.core.seal.sealed()).toBe(true);
    expect(await vault.handle({ operation: 'update', path: 'sys/seal' })).toEqual({ status: 204 });
  });
});

describe('sys/health', () => {
  const health = (vault: TestVault, data?: Body) => vault.handle({ operation: 'read', path: 'sys/health', data });

  it('answers 200 when active, 503 when sealed and 501 when uninitialised', async () => {
    const vault = await createVault();
    const active = await health(vault);
    expect(active.status).toBe(200);
    expect(Object.keys(body(active))).toEqual([
      'initialized', 'sealed', 'standby', 'performance_standby', 'replication_performance_mode', 'replication_dr_mode',
      'server_time_utc', 'version', 'enterprise', 'cluster_name', 'cluster_id', 'echo_duration_ms', 'clock_skew_ms',
      'replication_primary_canary_age_ms',
    ]);
    expect(body(active)).toMatchObject({ initialized: true, sealed: false, standby: false, server_time_utc: Math.floor(vault.clock.now() / 1000) });
    await vault.seal();
    const sealed = await health(vault);
    expect(sealed.status).toBe(503);
    expect(body(sealed)).not.toHaveProperty('cluster_name');
    expect((await health(await createVault({ dev: false }))).status).toBe(501);
  });

  it('honours activecode, sealedcode and uninitcode and ignores standbyok on an active node', async () => {
    const vault = await createVault();
    expect((await health(vault, { activecode: '299' })).status).toBe(299);
    expect((await health(vault, { standbyok: 'true' })).status).toBe(200);
    expect((await health(vault, { sealedcode: '299', uninitcode: '298' })).status).toBe(200);
    await vault.seal();
    expect((await health(vault, { sealedcode: '200' })).status).toBe(200);
    expect((await health(vault, { activecode: '299' })).status).toBe(503);
    const fresh = await createVault({ dev: false });
    expect((await health(fresh, { uninitcode: '200' })).status).toBe(200);
    expect((await health(fresh, { sealedcode: '200' })).status).toBe(501);
  });

  it('answers 400 with empty errors for a non-integer code parameter', async () => {
    const vault = await createVault();
    for (const p of ['activecode', 'sealedcode', 'uninitcode', 'standbycode']) {
      expect(await health(vault, { [p]: 'abc' })).toEqual({ status: 400, body: { errors: [] } });
    }
  });
});

describe('key status, rotation and rekey', () => {
  it('increments the term on each rotation (204) with top-level injected key-status', async () => {
    const vault = await createVault();
    const before = body(await vault.request('read', 'sys/key-status'));
    expect(before.term).toBe(1);
    expect((before.data as Body).term).toBe(1);
    expect(await vault.request('update', 'sys/rotate')).toEqual({ status: 204 });
    expect(body(await vault.request('read', 'sys/key-status')).term).toBe(2);
    await vault.request('update', 'sys/rotate');
    expect(body(await vault.request('read', 'sys/key-status')).term).toBe(3);
  });

  it('refuses rotation to a token without sudo', async () => {
    const vault = await createVault();
    await vault.request('update', 'sys/policies/acl/rot', { policy: 'path "sys/rotate" { capabilities = ["update"] }' });
    const token = await vault.createToken({ policies: ['rot'] });
    expect(await vault.request('update', 'sys/rotate', {}, token)).toEqual({ status: 403, body: { errors: [MULTI_DENIED] } });
  });

  it('rekeys through init and update: the new shares unseal after a seal, the old ones do not', async () => {
    const { vault, keys } = await initialised(3, 2);
    await unsealWith(vault, keys.slice(0, 2));
    const started = body(await vault.handle({ operation: 'update', path: 'sys/rekey/init', data: { secret_shares: 2, secret_threshold: 2 } }));
    expect(started).toMatchObject({ started: true, t: 2, n: 2, progress: 0, required: 2 });
    const nonce = String(started.nonce);
    expect(await vault.handle({ operation: 'update', path: 'sys/rekey/init', data: { secret_shares: 2, secret_threshold: 2 } }))
      .toEqual({ status: 400, body: { errors: ['rekey already in progress'] } });
    const wrongNonce = await vault.handle({ operation: 'update', path: 'sys/rekey/update', data: { key: keys[0], nonce: 'nope' } });
    expect(wrongNonce).toEqual({ status: 400, body: { errors: [`incorrect nonce supplied; nonce for this rekey operation is "${nonce}"`] } });
    const step = body(await vault.handle({ operation: 'update', path: 'sys/rekey/update', data: { key: keys[0], nonce } }));
    expect(step.progress).toBe(1);
    expect(await vault.handle({ operation: 'update', path: 'sys/rekey/update', data: { key: keys[0], nonce } }))
      .toEqual({ status: 400, body: { errors: ['given key has already been provided during this generation operation'] } });
    const done = body(await vault.handle({ operation: 'update', path: 'sys/rekey/update', data: { key: keys[1], nonce } }));
    expect(done.complete).toBe(true);
    const newKeys = done.keys_base64 as string[];
    expect(newKeys).toHaveLength(2);

    await vault.seal();
    const old = await unsealWith(vault, keys.slice(0, 2));
    expect(old.status).toBeGreaterThanOrEqual(400);
    expect(vault.core.seal.sealed()).toBe(true);
    expect(body(await unsealWith(vault, newKeys)).sealed).toBe(false);
    expect(body(await vault.handle({ operation: 'read', path: 'sys/seal-status' }))).toMatchObject({ t: 2, n: 2 });
  });

  it('cancels a rekey with DELETE (204) and then has none in progress', async () => {
    const vault = await createVault();
    const started = body(await vault.handle({ operation: 'update', path: 'sys/rekey/init', data: { secret_shares: 1, secret_threshold: 1 } }));
    expect(await vault.handle({ operation: 'delete', path: 'sys/rekey/init', data: { nonce: started.nonce } })).toEqual({ status: 204 });
    expect(body(await vault.handle({ operation: 'read', path: 'sys/rekey/init' })).started).toBe(false);
    expect(await vault.handle({ operation: 'update', path: 'sys/rekey/update', data: { key: vault.unsealKeys[0], nonce: 'x' } }))
      .toEqual({ status: 400, body: { errors: ['no barrier rekey in progress'] } });
  });
});
