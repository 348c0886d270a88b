// encrypt/decrypt/rewrap/datakey through core (hashicorp/vault builtin/logical/transit: path_encrypt.go, path_decrypt.go,
// path_rewrap.go, path_datakey.go; KU policy.go): the ciphertext format, round trips, upsert,
// derivation and convergent encryption, versions, batch results and their status.
import { describe, expect, it } from 'vitest';
import { b64, data, errors, expect400, transitVault, unb64 } from './helpers.js';

const MISSING_CONTEXT = "missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key";

describe('transit encrypt and decrypt', () => {
  it('emits vault:v1:base64(nonce‖ct‖tag) and decrypts it back, for each symmetric type', async () => {
    const { call } = await transitVault();
    for (const type of ['aes256-gcm96', 'aes128-gcm96', 'chacha20-poly1305']) {
      await call('update', `keys/${type}`, { type });
      const res = data(await call('update', `encrypt/${type}`, { plaintext: b64('hello world') }));
      expect(Object.keys(res)).toEqual(['ciphertext', 'key_version']);
      expect(res.key_version).toBe(1);
      const m = /^vault:v1:([A-Za-z0-9+/=]+)$/.exec(res.ciphertext as string);
      expect(m).not.toBeNull();
      expect(unb64(m![1]!).length).toBe(12 + 11 + 16);
      expect(data(await call('update', `decrypt/${type}`, { ciphertext: res.ciphertext }))).toEqual({ plaintext: b64('hello world') });
    }
  });

  it('upserts the key on encrypt (create), derived when a context is sent', async () => {
    const { call } = await transitVault();
    await call('update', 'encrypt/up', { plaintext: '' });
    expect(data(await call('read', 'keys/up'))).toMatchObject({ type: 'aes256-gcm96', derived: false, latest_version: 1 });
    await call('update', 'encrypt/up2', { plaintext: 'aGk=', context: b64('ctx'), type: 'chacha20-poly1305', convergent_encryption: true });
    expect(data(await call('read', 'keys/up2'))).toMatchObject({ type: 'chacha20-poly1305', derived: true, convergent_encryption: true });
    expect400(await call('update', 'encrypt/x', { plaintext: 'aGk=', convergent_encryption: true }), 'convergent encryption requires derivation to be enabled, so context is required');
    expect400(await call('update', 'encrypt/x', { plaintext: 'aGk=', type: 'ecdsa-p256' }), 'key type ecdsa-p256 not supported for this operation');
    expect400(await call('update', 'encrypt/x', { plaintext: 'aGk=', type: 'rsa-2048' }), 'unknown key type rsa-2048');
    expect((await call('read', 'keys/x')).status).toBe(404);
  });

  it('does not upsert once config/keys has disable_upsert', async () => {
    const { call } = await transitVault();
    expect(data(await call('read', 'config/keys'))).toEqual({ disable_upsert: false });
    expect(data(await call('update', 'config/keys', { disable_upsert: true }))).toEqual({ disable_upsert: true });
    expect(data(await call('read', 'config/keys'))).toEqual({ disable_upsert: true });
    expect400(await call('update', 'encrypt/none', { plaintext: 'aGk=' }), 'encryption key not found');
    expect400(await call('update', 'encrypt/none', { plaintext: 'aGk=', type: 'rsa-2048' }), 'unknown key type rsa-2048');
    expect(data(await call('update', 'config/keys', {}))).toEqual({ disable_upsert: false });
    expect((await call('update', 'encrypt/none', { plaintext: 'aGk=' })).status).toBe(200);
  });

  it('answers Vault\'s errors for missing input, keys and bad ciphertexts', async () => {
    const { call } = await transitVault();
    expect400(await call('update', 'encrypt/k', {}), 'missing plaintext to encrypt');
    expect400(await call('update', 'decrypt/k', { ciphertext: 'vault:v1:AAAA' }), 'encryption key not found');
    await call('update', 'keys/k', {});
    expect400(await call('update', 'decrypt/k', {}), 'missing ciphertext to decrypt');
    expect400(await call('update', 'encrypt/k', { plaintext: 'abc' }), 'illegal base64 data at input byte 0');
    expect400(await call('update', 'encrypt/k', { plaintext: 'aGk', context: '' }), 'illegal base64 data at input byte 0');
    expect400(await call('update', 'encrypt/k', { plaintext: 'aGk=', nonce: b64('123456789012') }), 'provided nonce not allowed for this key');
    expect400(await call('update', 'encrypt/k', { plaintext: 'aGk=', key_version: 2 }), 'requested version for encryption is higher than the latest key version');
    expect400(await call('update', 'encrypt/k', { plaintext: 'aGk=', key_version: -1 }), 'requested version for encryption is negative');
    expect(await call('update', 'encrypt/k', { plaintext: 'aGk=', associated_data: '*' }))
      .toEqual({ status: 500, body: { errors: ['1 error occurred:\n\t* unable to get associated_data/additional_data from factory[0]: illegal base64 data at input byte 0\n\n'] } });
    const cases: [string, string][] = [
      ['foo', 'invalid ciphertext: no prefix'],
      ['vault:v1', 'invalid ciphertext: wrong number of fields'],
      ['vault:vx:AAAA', 'invalid ciphertext: version number could not be decoded'],
      ['vault:v2:AAAA', 'invalid ciphertext: version is too new'],
      ['vault:v1:A', 'invalid ciphertext: could not decode base64'],
      ['vault:v1:AAAA', 'invalid ciphertext length'],
      ['vault:v0:' + b64(Buffer.alloc(40)), 'cipher: message authentication failed'],
    ];
    for (const [ciphertext, message] of cases) expect400(await call('update', 'decrypt/k', { ciphertext }), message);
    await call('update', 'keys/c', { type: 'chacha20-poly1305' });
    expect400(await call('update', 'decrypt/c', { ciphertext: 'vault:v1:' + b64(Buffer.alloc(40)) }), 'chacha20poly1305: message authentication failed');
  });

  it('binds associated data', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/k', {});
    const ct = data(await call('update', 'encrypt/k', { plaintext: 'aGk=', associated_data: b64('ad') })).ciphertext;
    expect(data(await call('update', 'decrypt/k', { ciphertext: ct, associated_data: b64('ad') }))).toEqual({ plaintext: 'aGk=' });
    expect400(await call('update', 'decrypt/k', { ciphertext: ct }), 'cipher: message authentication failed');
  });

  it('needs a context for derived keys, and a different context cannot decrypt', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/d', { derived: true });
    expect400(await call('update', 'encrypt/d', { plaintext: 'aGk=' }), MISSING_CONTEXT);
    const ct = data(await call('update', 'encrypt/d', { plaintext: 'aGk=', context: b64('alice') })).ciphertext;
    expect(data(await call('update', 'decrypt/d', { ciphertext: ct, context: b64('alice') }))).toEqual({ plaintext: 'aGk=' });
    expect400(await call('update', 'decrypt/d', { ciphertext: ct, context: b64('bob') }), 'cipher: message authentication failed');
    expect400(await call('update', 'decrypt/d', { ciphertext: ct }), MISSING_CONTEXT);
  });

  it('is deterministic for convergent keys: same context and plaintext, same ciphertext', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/c', { derived: true, convergent_encryption: true });
    const enc = async (p: string, c: string) => data(await call('update', 'encrypt/c', { plaintext: b64(p), context: b64(c) })).ciphertext;
    const a = await enc('same', 'ctx');
    expect(await enc('same', 'ctx')).toBe(a);
    expect400(await call('update', 'encrypt/c', { plaintext: b64('same'), context: b64('ctx'), nonce: b64('123456789012') }), 'provided nonce not allowed for this key');
    expect400(await call('update', 'datakey/wrapped/c', { context: b64('ctx'), nonce: b64('123456789012') }), 'nonce provided when not allowed');
    expect(await enc('same', 'other')).not.toBe(a);
    expect(await enc('diff', 'ctx')).not.toBe(a);
    expect(data(await call('update', 'decrypt/c', { ciphertext: a, context: b64('ctx') }))).toEqual({ plaintext: b64('same') });
    await call('update', 'keys/c/rotate');
    expect(await enc('same', 'ctx')).not.toBe(a);
  });

  it('keeps old versions decryptable until min_decryption_version moves past them', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/k', {});
    const v1 = data(await call('update', 'encrypt/k', { plaintext: 'aGk=' })).ciphertext as string;
    await call('update', 'keys/k/rotate');
    const v2 = data(await call('update', 'encrypt/k', { plaintext: 'aGk=' }));
    expect(v2).toMatchObject({ key_version: 2 });
    expect(data(await call('update', 'encrypt/k', { plaintext: 'aGk=', key_version: 1 }))).toMatchObject({ key_version: 1 });
    expect(data(await call('update', 'decrypt/k', { ciphertext: v1 }))).toEqual({ plaintext: 'aGk=' });
    await call('update', 'keys/k/config', { min_decryption_version: 2 });
    expect400(await call('update', 'decrypt/k', { ciphertext: v1 }), 'ciphertext or signature version is disallowed by policy (too old)');
    expect400(await call('update', 'encrypt/k', { plaintext: 'aGk=', key_version: 1 }), 'no such key version');
    await call('update', 'keys/k/config', { min_encryption_version: 2 });
    expect400(await call('update', 'encrypt/k', { plaintext: 'aGk=', key_version: 1 }), 'requested version for encryption is less than the minimum encryption key version');
  });

  it('answers batches item by item: 400 raw envelope on a user error, partial_failure_response_code', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/k', {});
    const ok = await call('update', 'encrypt/k', { batch_input: [{ plaintext: 'aGk=', reference: 'a' }, { plaintext: 'aGk=' }] });
    expect(ok.status).toBe(200);
    const results = data(ok).batch_results as Record<string, unknown>[];
    expect(results.map((r) => Object.keys(r))).toEqual([['ciphertext', 'key_version', 'reference'], ['ciphertext', 'key_version', 'reference']]);
    expect(results[0]!.reference).toBe('a');
    const mixed = await call('update', 'encrypt/k', { batch_input: [{ plaintext: 'aGk=', reference: 'a' }, { plaintext: '!!' }] });
    expect(mixed.status).toBe(400);
    const body = mixed.body as Record<string, unknown>;
    expect(Object.keys(body)).toEqual(['request_id', 'lease_id', 'renewable', 'lease_duration', 'data', 'wrap_info', 'warnings', 'auth', 'mount_type']);
    expect(body.mount_type).toBe('');
    expect((data(mixed).batch_results as unknown[])[1]).toEqual({ error: 'illegal base64 data at input byte 0', reference: '' });
    const partial = await call('update', 'encrypt/k', { partial_failure_response_code: 207, batch_input: [{ plaintext: 'aGk=' }, { plaintext: '!!' }] });
    expect(partial.status).toBe(207);
    const badCode = await call('update', 'encrypt/k', { partial_failure_response_code: 900, batch_input: [{ plaintext: 'aGk=' }, { plaintext: '!!' }] });
    expect(badCode.status).toBe(400);
    expect((badCode.body as { warnings: string[] }).warnings).toEqual(['invalid HTTP response code override from partial_failure_response_code, reverting to 400']);
    const cts = results.map((r) => ({ ciphertext: r.ciphertext, reference: 'r' }));
    const dec = await call('update', 'decrypt/k', { batch_input: [...cts, { ciphertext: 'nope' }] });
    expect(dec.status).toBe(400);
    expect(data(dec).batch_results).toEqual([
      { plaintext: 'aGk=', reference: 'r' }, { plaintext: 'aGk=', reference: 'r' },
      { plaintext: '', error: 'invalid ciphertext: no prefix', reference: '' },
    ]);
  });

  it('rejects malformed batches as Vault does', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/k', {});
    expect400(await call('update', 'encrypt/k', { batch_input: [] }), 'missing batch input to process');
    expect400(await call('update', 'encrypt/k', { batch_input: [{ plaintext: 'aGk=' }, { plaintext: 'aGk=', context: b64('c') }] }),
      'context should be set either in all the request blocks or in none');
    expect(errors(await call('update', 'encrypt/k', { batch_input: [{ context: 'x' }] })))
      .toEqual(["1 error occurred:\n\t* failed to parse batch input: 1 error(s) decoding:\n\n* '[0].plaintext' missing plaintext to encrypt\n\n"]);
    expect(errors(await call('update', 'decrypt/k', { batch_input: ['x'] })))
      .toEqual(["1 error occurred:\n\t* failed to parse batch input: [0] expected a map, got 'string'\n\n"]);
    expect(errors(await call('update', 'encrypt/k', { batch_input: [{ plaintext: null, key_version: '1', context: null }, { plaintext: 'aGk=', key_version: 1.5 }] })))
      .toEqual(["1 error occurred:\n\t* failed to parse batch input: 3 error(s) decoding:\n\n* '[0].key_version' expected type 'int', got unconvertible type 'string'\n* '[0].plaintext' expected type 'string', got unconvertible type '<nil>'\n* error decoding json.Number into [1].key_version: strconv.ParseInt: parsing \"1.5\": invalid syntax\n\n"]);
    expect(errors(await call('update', 'encrypt/k', { batch_input: 'x' })))
      .toEqual(['1 error occurred:\n\t* failed to parse batch input: source data must be an array or slice, got string\n\n']);
  });

  it('rewraps to the latest version keeping the plaintext, single and batch', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/k', {});
    const v1 = data(await call('update', 'encrypt/k', { plaintext: 'aGk=' })).ciphertext as string;
    await call('update', 'keys/k/rotate');
    const r = data(await call('update', 'rewrap/k', { ciphertext: v1 }));
    expect(r.key_version).toBe(2);
    expect((r.ciphertext as string).startsWith('vault:v2:')).toBe(true);
    expect(data(await call('update', 'decrypt/k', { ciphertext: r.ciphertext }))).toEqual({ plaintext: 'aGk=' });
    const batch = await call('update', 'rewrap/k', { batch_input: [{ ciphertext: v1, reference: 'x' }, { ciphertext: '' }] });
    expect(batch.status).toBe(200);
    const items = data(batch).batch_results as Record<string, unknown>[];
    expect(items[0]).toMatchObject({ key_version: 2, reference: 'x' });
    expect(items[1]).toEqual({ error: 'missing ciphertext to decrypt', reference: '' });
    expect400(await call('update', 'rewrap/k', {}), 'missing ciphertext to decrypt');
    expect400(await call('update', 'rewrap/nope', { ciphertext: v1 }), 'encryption key not found');
  });

  it('generates data keys, plaintext or wrapped, whose ciphertext decrypts to the base64 key', async () => {
    const { call } = await transitVault();
    await call('update', 'keys/k', {});
    const d = data(await call('update', 'datakey/plaintext/k', { bits: 512 }));
    expect(Object.keys(d)).toEqual(['ciphertext', 'key_version', 'plaintext']);
    expect(unb64(d.plaintext as string).length).toBe(64);
    expect(data(await call('update', 'decrypt/k', { ciphertext: d.ciphertext }))).toEqual({ plaintext: b64(d.plaintext as string) });
    expect(Object.keys(data(await call('update', 'datakey/wrapped/k', {})))).toEqual(['ciphertext', 'key_version']);
    expect400(await call('update', 'datakey/other/k', {}), "Invalid path, must be 'plaintext' or 'wrapped'");
    expect400(await call('update', 'datakey/wrapped/k', { bits: 64 }), 'invalid bit length');
    expect400(await call('update', 'datakey/wrapped/nope', {}), 'encryption key not found');
    expect400(await call('update', 'datakey/wrapped/k', { context: '%' }), 'failed to base64-decode context');
    expect400(await call('update', 'datakey/wrapped/k', { nonce: b64('123456789012') }), 'nonce provided when not allowed');
  });

  it('serialises concurrent upserts and rotations: every ciphertext stays decryptable', async () => {
    const { call } = await transitVault();
    const encs = await Promise.all(Array.from({ length: 8 }, () => call('update', 'encrypt/race', { plaintext: 'aGk=' })));
    await Promise.all(Array.from({ length: 4 }, () => call('update', 'keys/race/rotate')));
    expect(data(await call('read', 'keys/race')).latest_version).toBe(5);
    for (const e of encs) expect(data(await call('update', 'decrypt/race', { ciphertext: data(e).ciphertext }))).toEqual({ plaintext: 'aGk=' });
  });

  it('needs create capability to upsert: update-only policies get 403 on a missing key', async () => {
    const { vault, call } = await transitVault();
    await vault.request('update', 'sys/policies/acl/enc', { policy: 'path "transit/encrypt/*" { capabilities = ["update"] }' });
    const token = await vault.createToken({ policies: ['enc'] });
    expect((await vault.request('update', 'transit/encrypt/fresh', { plaintext: 'aGk=' }, token)).status).toBe(403);
    await call('update', 'keys/fresh', {});
    expect((await vault.request('update', 'transit/encrypt/fresh', { plaintext: 'aGk=' }, token)).status).toBe(200);
  });
});
