// Root token generation in the seal manager (vault/generate_root.go, http/sys_generate_root.go):
// the OTP scheme's encode/decode (sdk/helper/roottoken, with Vault's own encode_test.go cases and
// independent vectors), Go's base64 error offsets, and the attempt's state machine — status,
// init with or without an OTP, nonce and duplicate checks, wrong shares, seal and init states.
import { describe, expect, it } from 'vitest';
import { SealManager } from '../../src/barrier/seal-manager.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { SeededRandom } from '../../src/util/random.js';
import {
  decodeRootToken, encodeRootToken, generateOtp, goBase64Decode, ROOT_OTP_LENGTH, RootTokenError,
} from '../../src/util/root-token.js';
import { failure } from './helpers.js';

const TOKEN = 'hvs.abcdefghijklmnopqrstuvwx';
const OTP = '0123456789ABCDEFGHIJKLMNOPQR';
// python: base64.b64encode(bytes(a ^ b for a, b in zip(OTP, TOKEN))).rstrip('=')
const ENCODED = 'WEdBHVVXVVNdXyYqKi4uKiomJjo6Pj46OiYmKg';

function rootTokenError(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(RootTokenError);
    return (e as Error).message;
  }
  throw new Error('expected an error');
}

describe('the OTP scheme (sdk/helper/roottoken)', () => {
  it('encodes a 28-byte token as raw standard base64 of token XOR otp, and decodes it back', () => {
    expect(encodeRootToken(TOKEN, OTP)).toBe(ENCODED);
    expect(ENCODED).toHaveLength(38);
    expect(decodeRootToken(ENCODED, OTP, ROOT_OTP_LENGTH)).toBe(TOKEN);
    expect(ROOT_OTP_LENGTH).toBe(28);
  });

  it('passes Vault\'s encode_test.go cases', () => {
    const random = new SeededRandom('otp');
    const otp9 = generateOtp(random, 'someToken'.length);
    const enc = encodeRootToken('someToken', otp9);
    expect(enc).not.toBe(otp9);
    expect(decodeRootToken(enc, otp9, otp9.length)).toBe('someToken');
    expect(rootTokenError(() => encodeRootToken('someToken', generateOtp(random, 10))))
      .toBe('xor of root token failed: length of byte slices is not equivalent: 10 != 9');
    expect(rootTokenError(() => encodeRootToken('someToken', generateOtp(random, 0))))
      .toBe('xor of root token failed: length of byte slices is not equivalent: 24 != 9');
    expect(rootTokenError(() => encodeRootToken('', ''))).toBe('no token provided');
    expect(rootTokenError(() => encodeRootToken('t', ''))).toBe('no otp provided');
  });

  it('draws base62 OTPs of the asked length, or base64 of 16 bytes for otp_length 0', () => {
    const random = new SeededRandom(1);
    expect(generateOtp(random, 28)).toMatch(/^[0-9A-Za-z]{28}$/);
    expect(generateOtp(random, 0)).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('reports decoding failures with Go\'s texts', () => {
    expect(rootTokenError(() => decodeRootToken(`${ENCODED}==`, OTP, 28)))
      .toBe("error decoding base64'd token: illegal base64 data at input byte 38");
    expect(rootTokenError(() => decodeRootToken('abcd=', OTP, 28)))
      .toBe("error decoding base64'd token: illegal base64 data at input byte 4");
    expect(rootTokenError(() => decodeRootToken(ENCODED, 'short', 28)))
      .toBe('error xoring token: length of byte slices is not equivalent: 28 != 5');
    expect(rootTokenError(() => decodeRootToken(ENCODED, OTP.slice(0, 26), 26)))
      .toBe('error xoring token: length of byte slices is not equivalent: 28 != 26');
  });

  it('decodes the legacy scheme (otp_length 0) to a UUID', () => {
    // python: token bytes 00..0f, otp 16 × 0xaa
    expect(decodeRootToken('qquoqa6vrK2io6ChpqekpQ==', 'qqqqqqqqqqqqqqqqqqqqqg==', 0)).toBe('00010203-0405-0607-0809-0a0b0c0d0e0f');
    expect(rootTokenError(() => decodeRootToken('', '', 0))).toBe('error xoring token: decoded first base64 value is nil or empty');
    expect(rootTokenError(() => decodeRootToken('qg==', 'qg', 0)))
      .toBe('error xoring token: error decoding second base64 value: illegal base64 data at input byte 0');
    expect(rootTokenError(() => decodeRootToken('qg==', 'qg==', 0))).toBe('error formatting base64 token value: wrong length byte slice (1)');
  });

  it('decodes base64 as Go does: newlines skipped, padding rules by encoding, offsets of the first bad byte', () => {
    const bytes = (s: string, padded: boolean) => Array.from(goBase64Decode(s, padded));
    expect(bytes('qg==', true)).toEqual([0xaa]);
    expect(bytes('q\ng=\r\n=', true)).toEqual([0xaa]);
    expect(bytes('qg', false)).toEqual([0xaa]);
    const err = (s: string, padded: boolean) => rootTokenError(() => goBase64Decode(s, padded));
    expect(err('qg', true)).toBe('illegal base64 data at input byte 0');
    expect(err('YWJ', true)).toBe('illegal base64 data at input byte 0');
    expect(err('qg==', false)).toBe('illegal base64 data at input byte 2');
    expect(err('q', false)).toBe('illegal base64 data at input byte 0');
    expect(err('qg==qg==', true)).toBe('illegal base64 data at input byte 4');
    expect(err('ab!d', false)).toBe('illegal base64 data at input byte 2');
  });
});

async function unsealed(shares = 5, threshold = 3, seed = 'genroot') {
  const storage = new MemoryStorage();
  const sm = new SealManager(storage, { random: new SeededRandom(seed) });
  const { keys, keys_base64: b64 } = await sm.init({ secret_shares: shares, secret_threshold: threshold });
  for (const k of keys.slice(0, threshold)) await sm.unseal(k);
  return { sm, keys, b64 };
}

const MINTED = 'hvs.MINTEDmintedMINTEDminted';
const mint = async () => MINTED;

describe('generate-root attempts', () => {
  it('reports no attempt, with the unseal threshold as `required` and otp_length 28', async () => {
    const { sm } = await unsealed();
    expect(await (await sm.rootGeneration()).status()).toEqual({
      nonce: '', started: false, progress: 0, required: 3, complete: false, encoded_token: '', encoded_root_token: '',
      pgp_fingerprint: '', otp: '', otp_length: 28,
    });
  });

  it('runs a whole attempt with a server-drawn OTP: progress, then the encoded token, then nothing running', async () => {
    const { sm, keys, b64 } = await unsealed();
    const started = await (await sm.rootGeneration()).init({});
    expect(started).toMatchObject({ started: true, progress: 0, required: 3, complete: false, otp_length: 28 });
    expect(started.otp).toMatch(/^[0-9A-Za-z]{28}$/);
    expect(started.nonce).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const again = await (await sm.rootGeneration()).status();
    expect([again.started, again.nonce, again.otp]).toEqual([true, started.nonce, '']);

    const first = await (await sm.rootGeneration()).update({ key: keys[4], nonce: started.nonce }, mint);
    expect(first).toEqual({
      nonce: started.nonce, started: true, progress: 1, required: 3, complete: false, encoded_token: '',
      encoded_root_token: '', pgp_fingerprint: '', otp: '', otp_length: 0,
    });
    expect((await (await sm.rootGeneration()).status()).progress).toBe(1);
    await (await sm.rootGeneration()).update({ key: b64[0], nonce: started.nonce }, mint);
    const done = await (await sm.rootGeneration()).update({ Key: keys[2], NONCE: started.nonce }, mint);
    expect(done).toMatchObject({ progress: 3, required: 3, complete: true, otp: '', otp_length: 0 });
    expect(done.encoded_token).toBe(done.encoded_root_token);
    expect(decodeRootToken(done.encoded_token, started.otp, 28)).toBe(MINTED);
    expect(await (await sm.rootGeneration()).status()).toMatchObject({ started: false, nonce: '', progress: 0 });
  });

  it('takes a caller\'s OTP of exactly 28 bytes and does not echo it', async () => {
    const { sm, keys } = await unsealed(1, 1);
    const started = await (await sm.rootGeneration()).init({ otp: OTP, pgp_key: '' });
    expect(started.otp).toBe('');
    const done = await (await sm.rootGeneration()).update({ key: keys[0], nonce: started.nonce }, async () => TOKEN);
    expect(done).toMatchObject({ progress: 1, required: 1, complete: true, encoded_token: ENCODED });
  });

  it('refuses bad inits: wrong OTP length, pgp_key, a second attempt, fields of the wrong type', async () => {
    const { sm } = await unsealed();
    const short = await failure((await sm.rootGeneration()).init({ otp: 'abc' }));
    expect([short.status, short.message]).toEqual([400, 'OTP string is wrong length']);
    // Go's len(otp) counts bytes: 28 two-byte characters are too long, 14 of them fit.
    expect((await failure((await sm.rootGeneration()).init({ otp: 'é'.repeat(28) }))).message).toBe('OTP string is wrong length');
    expect((await (await sm.rootGeneration()).init({ otp: 'é'.repeat(14) })).started).toBe(true);
    await (await sm.rootGeneration()).cancel();
    const pgp = await failure((await sm.rootGeneration()).init({ pgp_key: 'mQENBF...' }));
    expect([pgp.status, pgp.message]).toEqual([400, 'pgp_key is not supported by minivault']);
    expect((await failure((await sm.rootGeneration()).init({ otp: 5 }))).message)
      .toBe('failed to parse JSON input: json: cannot unmarshal number into Go struct field GenerateRootInitRequest.otp of type string');
    await (await sm.rootGeneration()).init({ OTP, pgp_key: 'ignored when an otp is given' });
    const twice = await failure((await sm.rootGeneration()).init({}));
    expect([twice.status, twice.message]).toEqual([400, 'root generation already in progress']);
  });

  it('checks the key, the attempt, the nonce and duplicates with Vault\'s texts', async () => {
    const { sm, keys } = await unsealed();
    const err = async (body: Record<string, unknown>) => {
      const e = await failure((await sm.rootGeneration()).update(body, mint));
      return [e.status, e.message];
    };
    expect(await err({ key: '', nonce: 'n' })).toEqual([400, "'key' must be specified in request body as JSON"]);
    expect(await err({ key: 'zz!', nonce: 'n' })).toEqual([400, "'key' must be a valid hex or base64 string"]);
    expect(await err({ key: 'abcd', nonce: 'n' })).toEqual([400, 'invalid key: key is shorter than minimum 16 bytes']);
    expect(await err({ key: keys[0], nonce: 'n' })).toEqual([400, 'no root generation in progress']);
    expect(await err({ key: 7, nonce: 'n' }))
      .toEqual([400, 'failed to parse JSON input: json: cannot unmarshal number into Go struct field GenerateRootUpdateRequest.Key of type string']);
    const { nonce } = await (await sm.rootGeneration()).init({});
    expect(await err({ key: keys[0], nonce: 'wrong' }))
      .toEqual([400, `incorrect nonce supplied; nonce for this root generation operation is "${nonce}"`]);
    expect(await err({ key: keys[0] })).toEqual([400, `incorrect nonce supplied; nonce for this root generation operation is "${nonce}"`]);
    await (await sm.rootGeneration()).update({ key: keys[0], nonce }, mint);
    expect(await err({ key: keys[0], nonce })).toEqual([400, 'given key has already been provided during this generation operation']);
    expect((await (await sm.rootGeneration()).status()).progress).toBe(1);
  });

  it('aborts on shares of another vault: progress reset, the attempt (nonce, OTP) kept, no token minted', async () => {
    const { sm } = await unsealed();
    const other = await unsealed(5, 3, 'other vault');
    const { nonce, otp } = await (await sm.rootGeneration()).init({});
    let minted = 0;
    const counting = async () => { minted++; return MINTED; };
    await (await sm.rootGeneration()).update({ key: other.keys[0], nonce }, counting);
    await (await sm.rootGeneration()).update({ key: other.keys[1], nonce }, counting);
    const e = await failure((await sm.rootGeneration()).update({ key: other.keys[2], nonce }, counting));
    expect([e.status, e.message]).toEqual([400, 'root generation aborted: unable to authenticate: unable to retrieve stored keys: '
      + 'invalid key: failed to decrypt keys from storage: cipher: message authentication failed']);
    expect(minted).toBe(0);
    expect(await (await sm.rootGeneration()).status()).toMatchObject({ started: true, nonce, progress: 0 });
    expect(otp).toHaveLength(28);
  });

  it('cancels (also when nothing runs), and keeps an attempt across a seal as Vault does', async () => {
    const { sm, keys } = await unsealed();
    await (await sm.rootGeneration()).cancel();
    const { nonce } = await (await sm.rootGeneration()).init({});
    await (await sm.rootGeneration()).update({ key: keys[0], nonce }, mint);
    await sm.seal();
    for (const call of [(await sm.rootGeneration()).status(), (await sm.rootGeneration()).init({}), (await sm.rootGeneration()).cancel(), (await sm.rootGeneration()).update({ key: keys[1], nonce }, mint)]) {
      const e = await failure(call);
      expect([e.status, e.message]).toEqual([503, 'Vault is sealed']);
    }
    for (const k of keys.slice(0, 3)) await sm.unseal(k);
    expect(await (await sm.rootGeneration()).status()).toMatchObject({ started: true, nonce, progress: 1 });
    await (await sm.rootGeneration()).cancel();
    expect(await (await sm.rootGeneration()).status()).toMatchObject({ started: false, nonce: '', progress: 0 });
  });

  it('answers an uninitialised server as Vault does: 400 on status and update, 503 on init and cancel', async () => {
    const sm = new SealManager(new MemoryStorage());
    const status = await failure((await sm.rootGeneration()).status());
    expect([status.status, status.message]).toEqual([400, 'server is not yet initialized']);
    const init = await failure((await sm.rootGeneration()).init({}));
    expect([init.status, init.message]).toEqual([503, 'Vault is sealed']);
    const short = await failure((await sm.rootGeneration()).init({ otp: 'x' }));
    expect([short.status, short.message]).toEqual([400, 'OTP string is wrong length']);
    const cancel = await failure((await sm.rootGeneration()).cancel());
    expect(cancel.status).toBe(503);
    const update = await failure((await sm.rootGeneration()).update({ key: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=', nonce: '' }, mint));
    expect([update.status, update.message]).toEqual([400, 'Vault is not initialized']);
  });
});
