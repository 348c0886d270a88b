// Root token generation through core (vault/generate_root.go, http/sys_generate_root.go): the raw
// sys/generate-root/* endpoints of a 5/3 vault from init to a working new root token, their
// sealed / uninitialised / error answers, sys/decode-token (unauthenticated), sys/rekey/backup
// with no backup taken, and a rekey cancelled right after init without a nonce (1.18.1).
import { describe, expect, it } from 'vitest';
import { createVault } from '../../src/testing/index.js';
import type { TestVault } from '../../src/testing/index.js';
import { decodeRootToken } from '../../src/util/root-token.js';

type Body = Record<string, any>;
const body = (res: { body?: unknown }) => res.body as Body;

async function initialised(): Promise<{ vault: TestVault; keys: string[]; hex: string[]; root: string }> {
  const vault = await createVault({ dev: false, seed: 11 });
  const res = await vault.handle({ operation: 'update', path: 'sys/init', data: { secret_shares: 5, secret_threshold: 3 } });
  expect(res.status).toBe(200);
  const b = body(res);
  return { vault, keys: b.keys_base64, hex: b.keys, root: b.root_token };
}

async function unsealed() {
  const v = await initialised();
  for (const key of v.keys.slice(0, 3)) await v.vault.handle({ operation: 'update', path: 'sys/unseal', data: { key } });
  expect(v.vault.core.seal.sealed()).toBe(false);
  return v;
}

const attempt = (vault: TestVault, operation: 'read' | 'update' | 'delete', data?: Record<string, unknown>) =>
  vault.handle({ operation, path: 'sys/generate-root/attempt', data });
const update = (vault: TestVault, data?: Record<string, unknown>) =>
  vault.handle({ operation: 'update', path: 'sys/generate-root/update', data });

describe('sys/generate-root through core', () => {
  it('generates a new root token with three of five shares; it decodes and looks up as root', async () => {
    const { vault, keys, hex, root } = await unsealed();
    const idle = await attempt(vault, 'read');
    expect(idle).toEqual({ status: 200, body: {
      nonce: '', started: false, progress: 0, required: 3, complete: false, encoded_token: '', encoded_root_token: '',
      pgp_fingerprint: '', otp: '', otp_length: 28,
    } });
    expect(Object.keys(body(idle))).toEqual(['nonce', 'started', 'progress', 'required', 'complete', 'encoded_token',
      'encoded_root_token', 'pgp_fingerprint', 'otp', 'otp_length']);

    const started = body(await attempt(vault, 'update', {}));
    expect(started).toMatchObject({ started: true, progress: 0, required: 3, otp_length: 28 });
    const { nonce, otp } = started as { nonce: string; otp: string };
    expect(otp).toMatch(/^[0-9A-Za-z]{28}$/);

    const s1 = await update(vault, { key: hex[1], nonce });
    expect(s1).toEqual({ status: 200, body: {
      nonce, started: true, progress: 1, required: 3, complete: false, encoded_token: '', encoded_root_token: '',
      pgp_fingerprint: '', otp: '', otp_length: 0,
    } });
    expect(body(await update(vault, { key: keys[3], nonce })).progress).toBe(2);
    const done = body(await update(vault, { key: keys[4], nonce }));
    expect(done).toMatchObject({ nonce, started: true, progress: 3, required: 3, complete: true, otp: '', otp_length: 0 });
    expect(done.encoded_token).toMatch(/^[A-Za-z0-9+/]{38}$/);
    expect(done.encoded_root_token).toBe(done.encoded_token);
    expect(body(await attempt(vault, 'read'))).toMatchObject({ started: false, nonce: '', progress: 0 });

    const token = decodeRootToken(done.encoded_token, otp, 28);
    expect(token).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    expect(token).not.toBe(root);
    const decoded = await vault.handle({ operation: 'update', path: 'sys/decode-token', data: { encoded_token: done.encoded_token, otp } });
    expect(decoded.status).toBe(200);
    expect(body(decoded).data).toEqual({ token });

    const self = body(await vault.request('read', 'auth/token/lookup-self', undefined, token));
    expect(self.data).toMatchObject({ id: token, policies: ['root'], path: 'auth/token/root', display_name: 'root', ttl: 0, orphan: true });
    expect((await vault.request('read', 'sys/mounts', undefined, token)).status).toBe(200);
    // the old root token still works: generate-root adds one, it revokes nothing
    expect((await vault.request('read', 'auth/token/lookup-self', undefined, root)).status).toBe(200);
  });

  it('answers errors as Vault does: EOF, missing key, nonce, OTP length, attempt in progress, no attempt', async () => {
    const { vault, keys, root } = await unsealed();
    expect(await update(vault)).toEqual({ status: 400, body: { errors: ['EOF'] } });
    expect(await update(vault, {})).toEqual({ status: 400, body: { errors: ["'key' must be specified in request body as JSON"] } });
    expect(await update(vault, { key: keys[0], nonce: 'x' })).toEqual({ status: 400, body: { errors: ['no root generation in progress'] } });
    expect(await attempt(vault, 'update', { otp: 'too-short' })).toEqual({ status: 400, body: { errors: ['OTP string is wrong length'] } });
    expect(await attempt(vault, 'update', { pgp_key: 'mQENBF' })).toEqual({ status: 400, body: { errors: ['pgp_key is not supported by minivault'] } });
    const { nonce } = body(await attempt(vault, 'update', { otp: 'A'.repeat(28) }));
    expect(body(await attempt(vault, 'read')).otp).toBe('');
    expect(await attempt(vault, 'update', {})).toEqual({ status: 400, body: { errors: ['root generation already in progress'] } });
    expect(await update(vault, { key: keys[0], nonce: 'nope' }))
      .toEqual({ status: 400, body: { errors: [`incorrect nonce supplied; nonce for this root generation operation is "${nonce}"`] } });
    expect(await attempt(vault, 'delete')).toEqual({ status: 204 });
    expect(await attempt(vault, 'delete')).toEqual({ status: 204 });
    expect(body(await attempt(vault, 'read')).started).toBe(false);
    // the bare path is the logical sys/ path Vault documents without handlers
    expect(await vault.request('read', 'sys/generate-root', undefined, root)).toEqual({ status: 405, body: { errors: ['1 error occurred:\n\t* unsupported operation\n\n'] } });
    expect((await vault.handle({ operation: 'read', path: 'sys/generate-root' })).status).toBe(403);
  });

  it('answers 503 while sealed and 400 `server is not yet initialized` on GET before init', async () => {
    const fresh = await createVault({ dev: false });
    expect(await attempt(fresh, 'read')).toEqual({ status: 400, body: { errors: ['server is not yet initialized'] } });
    expect(await attempt(fresh, 'update', {})).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
    expect(await attempt(fresh, 'delete')).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
    const { vault, keys } = await initialised();
    for (const op of ['read', 'delete'] as const) {
      expect(await attempt(vault, op)).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
    }
    expect(await attempt(vault, 'update', { otp: 'x' })).toEqual({ status: 400, body: { errors: ['OTP string is wrong length'] } });
    expect(await update(vault, { key: keys[0], nonce: '' })).toEqual({ status: 503, body: { errors: ['Vault is sealed'] } });
  });

  it('serves sys/decode-token without a token, with Go\'s errors as bare 500s', async () => {
    const { vault } = await unsealed();
    const decode = (data: Record<string, unknown>) => vault.handle({ operation: 'update', path: 'sys/decode-token', data });
    expect(await decode({ encoded_token: 'abcd=', otp: 'x' }))
      .toEqual({ status: 500, body: { errors: ["error decoding base64'd token: illegal base64 data at input byte 4"] } });
    expect(await decode({ encoded_token: 'WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg', otp: 'short10chr' }))
      .toEqual({ status: 500, body: { errors: ['error xoring token: length of byte slices is not equivalent: 28 != 10'] } });
    const ok = await decode({ encoded_token: 'WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg', otp: '0123456789ABCDEFGHIJKLMNOPQR' });
    expect(body(ok).data).toEqual({ token: 'hvs.abcdefghijklmnopqrstuvwx' });
  });
});

describe('rekey as 1.18.1 has it', () => {
  it('cancels a rekey right after init without a nonce (DELETE sys/rekey/init → 204)', async () => {
    const { vault } = await unsealed();
    const started = body(await vault.handle({ operation: 'update', path: 'sys/rekey/init', data: { secret_shares: 3, secret_threshold: 2 } }));
    expect(started.started).toBe(true);
    expect(await vault.handle({ operation: 'delete', path: 'sys/rekey/init' })).toEqual({ status: 204 });
    expect(body(await vault.handle({ operation: 'read', path: 'sys/rekey/init' }))).toMatchObject({ started: false, nonce: '' });
  });

  it('answers sys/rekey/backup with no backup taken: 400 on read, 204 on delete; needs a token', async () => {
    const { vault, root } = await unsealed();
    for (const path of ['sys/rekey/backup', 'sys/rekey/recovery-key-backup']) {
      expect(await vault.request('read', path, undefined, root)).toEqual({ status: 400, body: { errors: ['no backed-up keys found'] } });
      expect(await vault.request('delete', path, undefined, root)).toEqual({ status: 204 });
    }
    expect((await vault.handle({ operation: 'read', path: 'sys/rekey/backup' })).status).toBe(403);
  });

  it('reads a backup Vault left in storage, with keys_base64 and top-level injection', async () => {
    const { vault, root } = await unsealed();
    const backup = { Nonce: 'abc-nonce', Keys: { 'fp-1': ['aabb', '0102'] } };
    await vault.storage.put('core/unseal-keys-backup', new TextEncoder().encode(JSON.stringify(backup)));
    const res = body(await vault.request('read', 'sys/rekey/backup', undefined, root));
    expect(res.data).toEqual({ nonce: 'abc-nonce', keys: { 'fp-1': ['aabb', '0102'] }, keys_base64: { 'fp-1': ['qrs=', 'AQI='] } });
    expect(res.nonce).toBe('abc-nonce');
    expect(await vault.request('delete', 'sys/rekey/backup', undefined, root)).toEqual({ status: 204 });
    expect((await vault.request('read', 'sys/rekey/backup', undefined, root)).status).toBe(400);
  });
});
