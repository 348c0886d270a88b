// The one-time-password scheme of root token generation, after Vault's sdk/helper/roottoken
// (encode.go EncodeToken, decode.go DecodeToken, otp.go GenerateOTP) and sdk/helper/xor (XORBytes,
// XORBase64). Since Vault 1.10 the OTP is a base62 string as long as the token (`hvs.` + 24 = 28
// bytes); the encoded token is the byte-wise XOR of the two, standard base64 *without* padding.
// The legacy scheme (otp_length 0: a base64 OTP of 16 bytes XORed with a UUID token) is kept for
// decoding. Go's encoding/base64 decoder is reproduced exactly (CR/LF skipped, `illegal base64
// data at input byte N` with Go's offsets), as its errors reach clients. Used by the seal manager
// (encode), `sys/decode-token` and the CLI's `-decode` / `-generate-otp` (decode, generate).
import {
  ERR_ROOT_TOKEN_NO_OTP, ERR_ROOT_TOKEN_NO_TOKEN, ERR_XOR_FIRST_EMPTY, ERR_XOR_SECOND_EMPTY, errGoBase64Corrupt,
  errRootTokenDecodeBase64, errRootTokenFormatUuid, errRootTokenXorFailed, errRootTokenXoring, errUuidWrongLength,
  errXorDecodeFirst, errXorDecodeSecond, errXorLength,
} from '../errors/barrier.js';
import { randomBase62, type RandomSource } from './random.js';

/** vault/token_store.go TokenLength (the random part) + TokenPrefixLength (`hvs.`). */
export const ROOT_OTP_LENGTH = 24 + 4;
/** roottoken.defaultBase64EncodedOTPLength: random bytes of a legacy OTP. */
const LEGACY_OTP_BYTES = 16;

/** A failure with Go's error text (callers add Vault's prefixes and pick the status). */
export class RootTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RootTokenError';
  }
}

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();
const STD = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE_MAP = (() => {
  const m = new Uint8Array(256).fill(0xff);
  for (let i = 0; i < STD.length; i++) m[STD.charCodeAt(i)] = i;
  return m;
})();
const CR = 13, LF = 10, PAD = 61; // '\r', '\n', '='

/** Go's `len(s)` of a string: its UTF-8 byte count. */
export function byteLength(s: string): number {
  return utf8.encode(s).length;
}

/**
 * encoding/base64 StdEncoding.DecodeString (`padded`) or RawStdEncoding.DecodeString, both
 * non-strict: decodeQuantum's walk, newlines skipped, the first bad byte's offset reported.
 */
export function goBase64Decode(s: string, padded: boolean): Uint8Array {
  const src = utf8.encode(s);
  const out: number[] = [];
  let si = 0;
  for (;;) {
    const dbuf = [0, 0, 0, 0];
    let dlen = 4;
    let trailing = -1;
    let j = 0;
    for (; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return Uint8Array.from(out);
        if (j === 1 || padded) throw new RootTokenError(errGoBase64Corrupt(si - j));
        dlen = j;
        break;
      }
      const c = src[si]!;
      si++;
      const v = DECODE_MAP[c]!;
      if (v !== 0xff) {
        dbuf[j] = v;
        continue;
      }
      if (c === LF || c === CR) {
        j--;
        continue;
      }
      if (!padded || c !== PAD || j < 2) throw new RootTokenError(errGoBase64Corrupt(si - 1));
      if (j === 2) {
        // "==" expected: skip newlines, then the second '='
        while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
        if (si === src.length) throw new RootTokenError(errGoBase64Corrupt(src.length));
        if (src[si] !== PAD) throw new RootTokenError(errGoBase64Corrupt(si - 1));
        si++;
      }
      while (si < src.length && (src[si] === LF || src[si] === CR)) si++;
      if (si < src.length) trailing = si;
      dlen = j;
      break;
    }
    const val = (dbuf[0]! << 18) | (dbuf[1]! << 12) | (dbuf[2]! << 6) | dbuf[3]!;
    const bytes = [(val >> 16) & 0xff, (val >> 8) & 0xff, val & 0xff];
    out.push(...bytes.slice(0, dlen - 1));
    if (trailing >= 0) throw new RootTokenError(errGoBase64Corrupt(trailing));
    if (dlen < 4) return Uint8Array.from(out);
  }
}

/** encoding/base64 RawStdEncoding.EncodeToString. */
export function base64RawStd(bytes: Uint8Array): string {
  return base64Std(bytes).replace(/=+$/, '');
}

function base64Std(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** xor.XORBytes: equal lengths required. */
export function xorBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length !== b.length) throw new RootTokenError(errXorLength(a.length, b.length));
  const out = new Uint8Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[i]! ^ b[i]!;
  return out;
}

/** xor.XORBase64: both values padded standard base64, neither empty. */
function xorBase64(a: string, b: string): Uint8Array {
  let aBytes: Uint8Array;
  let bBytes: Uint8Array;
  try {
    aBytes = goBase64Decode(a, true);
  } catch (e) {
    throw new RootTokenError(errXorDecodeFirst((e as Error).message));
  }
  if (aBytes.length === 0) throw new RootTokenError(ERR_XOR_FIRST_EMPTY);
  try {
    bBytes = goBase64Decode(b, true);
  } catch (e) {
    throw new RootTokenError(errXorDecodeSecond((e as Error).message));
  }
  if (bBytes.length === 0) throw new RootTokenError(ERR_XOR_SECOND_EMPTY);
  return xorBytes(aBytes, bBytes);
}

/** go-uuid FormatUUID: 16 bytes printed 8-4-4-4-12. */
function formatUuid(buf: Uint8Array): string {
  if (buf.length !== 16) throw new RootTokenError(errUuidWrongLength(buf.length));
  const h = Array.from(buf, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** roottoken.EncodeToken: base64 (raw std) of OTP XOR token. */
export function encodeRootToken(token: string, otp: string): string {
  if (token.length === 0) throw new RootTokenError(ERR_ROOT_TOKEN_NO_TOKEN);
  if (otp.length === 0) throw new RootTokenError(ERR_ROOT_TOKEN_NO_OTP);
  let xored: Uint8Array;
  try {
    xored = xorBytes(utf8.encode(otp), utf8.encode(token));
  } catch (e) {
    throw new RootTokenError(errRootTokenXorFailed((e as Error).message));
  }
  return base64RawStd(xored);
}

/**
 * roottoken.DecodeToken: `otpLength` 0 is the legacy scheme (both values base64, the result a
 * UUID), anything else the current one. Go turns the bytes into a string as they are; invalid
 * UTF-8 (only from a wrong OTP) becomes U+FFFD here, as Go's JSON encoder would print it.
 */
export function decodeRootToken(encoded: string, otp: string, otpLength: number): string {
  if (otpLength === 0) {
    let bytes: Uint8Array;
    try {
      bytes = xorBase64(encoded, otp);
    } catch (e) {
      throw new RootTokenError(errRootTokenXoring((e as Error).message));
    }
    try {
      return formatUuid(bytes).trim();
    } catch (e) {
      throw new RootTokenError(errRootTokenFormatUuid((e as Error).message));
    }
  }
  let tokenBytes: Uint8Array;
  try {
    tokenBytes = goBase64Decode(encoded, false);
  } catch (e) {
    throw new RootTokenError(errRootTokenDecodeBase64((e as Error).message));
  }
  try {
    return fromUtf8.decode(xorBytes(tokenBytes, utf8.encode(otp)));
  } catch (e) {
    throw new RootTokenError(errRootTokenXoring((e as Error).message));
  }
}

/** roottoken.GenerateOTP: base62 of `otpLength` characters, or (0) base64 of 16 random bytes. */
export function generateOtp(random: RandomSource, otpLength: number): string {
  if (otpLength === 0) return base64Std(random.bytes(LEGACY_OTP_BYTES));
  return randomBase62(random, otpLength);
}
