// Key lengths the barrier accepts, the unseal/rekey `key` field decoding of http/sys_seal.go and
// http/sys_rekey.go (hex first, taken only when it decodes to a plausible key of 16..33 bytes,
// else padded standard base64), and Go's strict base64 for []byte fields in stored JSON.
import { VaultError } from '../errors/vault-error.js';
import { ShamirError } from '../errors/shamir.js';
import { decodeKey } from '../shamir/encoding.js';

/** vault/barrier_aes_gcm.go KeyLength: AES-128 up to AES-256. */
export const MIN_KEY_LENGTH = 16;
export const MAX_KEY_LENGTH = 32;
/** shamir.ShareOverhead: the x-coordinate byte a share carries. */
export const SHARE_OVERHEAD = 1;

const B64_RE = /^[A-Za-z0-9+/]*={0,2}$/;

/** The bytes of an unseal or rekey `key` field; VaultError 400 when it is neither hex nor base64. */
export function decodeKeyField(key: string): Uint8Array {
  try {
    return decodeKey(key, { minHexLength: MIN_KEY_LENGTH, maxHexLength: MAX_KEY_LENGTH + SHARE_OVERHEAD });
  } catch (e) {
    if (e instanceof ShamirError) throw new VaultError(400, e.message);
    throw e;
  }
}

/** Go's StdEncoding.DecodeString (what encoding/json does for []byte): padding required. */
export function decodeBase64Std(s: string): Uint8Array | undefined {
  const t = s.replace(/[\r\n]/g, '');
  if (t.length % 4 !== 0 || !B64_RE.test(t)) return undefined;
  let bin: string;
  try {
    bin = atob(t);
  } catch {
    return undefined;
  }
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}
