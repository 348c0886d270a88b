// Unseal keys as Vault prints and reads them. `sys/init` hands each share out twice: lowercase hex in
// `keys` (Go hex.EncodeToString) and standard padded base64 in `keys_base64`
// (openbao internal/http/sys_init.go). `sys/unseal` reads a key as hex first and falls back to
// standard base64 (vault http/sys_seal.go handleSysUnseal).
//
// Keys are secrets, so the character conversions are branch-free arithmetic rather than lookups
// in an alphabet table; only validity and length (both public) decide anything.
import { ERR_SHAMIR_KEY_NOT_HEX_OR_BASE64, ShamirError } from '../errors/shamir.js';

const ascii = new TextDecoder();

/** Lowercase hex, as Vault's `keys`. */
export function encodeHex(bytes: Uint8Array): string {
  checkBytes(bytes);
  const chars = new Uint8Array(bytes.length * 2);
  for (let i = 0; i < bytes.length; i++) {
    chars[2 * i] = hexDigit(bytes[i]! >> 4);
    chars[2 * i + 1] = hexDigit(bytes[i]! & 0x0f);
  }
  return ascii.decode(chars);
}

/** Standard base64 with padding, as Vault's `keys_base64`. */
export function encodeBase64(bytes: Uint8Array): string {
  checkBytes(bytes);
  const n = bytes.length;
  const chars = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const rest = n - i;
    const b0 = bytes[i]!, b1 = rest > 1 ? bytes[i + 1]! : 0, b2 = rest > 2 ? bytes[i + 2]! : 0;
    chars[o++] = base64Digit(b0 >> 2);
    chars[o++] = base64Digit(((b0 << 4) | (b1 >> 4)) & 0x3f);
    chars[o++] = rest > 1 ? base64Digit(((b1 << 2) | (b2 >> 6)) & 0x3f) : 0x3d;
    chars[o++] = rest > 2 ? base64Digit(b2 & 0x3f) : 0x3d;
  }
  return ascii.decode(chars);
}

export interface DecodeKeyOptions {
  /**
   * Take the hex reading only when it decodes to this many bytes or more. Vault passes its barrier
   * key window (16..33) so that a base64 key which happens to be valid hex is read as base64.
   */
  minHexLength?: number;
  /** Take the hex reading only when it decodes to at most this many bytes. */
  maxHexLength?: number;
}

/**
 * Decodes a key typed or pasted by a person: hex (either case) first, then standard base64 (Go's
 * StdEncoding: padding required, CR/LF ignored). Throws Vault's error when it is neither.
 */
export function decodeKey(text: string, options: DecodeKeyOptions = {}): Uint8Array {
  if (typeof text !== 'string') throw new TypeError('key must be a string');
  const min = options.minHexLength ?? 0;
  const max = options.maxHexLength ?? Infinity;
  const hex = decodeHex(text);
  if (hex !== null) {
    if (hex.length >= min && hex.length <= max) return hex;
    hex.fill(0);
  }
  const base64 = decodeBase64(text);
  if (base64 !== null) return base64;
  throw new ShamirError(ERR_SHAMIR_KEY_NOT_HEX_OR_BASE64);
}

function checkBytes(bytes: unknown): void {
  if (!(bytes instanceof Uint8Array)) throw new TypeError('bytes must be a Uint8Array');
}

/** -1 when lo <= c <= hi, else 0. */
function inRange(c: number, lo: number, hi: number): number {
  return ~((c - lo) | (hi - c)) >> 31;
}

/** '0'..'9' for 0..9, 'a'..'f' for 10..15. */
function hexDigit(n: number): number {
  return n + 87 + (((n - 10) >> 8) & -39);
}

/** 'A'..'Z', 'a'..'z', '0'..'9', '+', '/' for 0..63. */
function base64Digit(x: number): number {
  return x + 65 + (((25 - x) >> 8) & 6) - (((51 - x) >> 8) & 75) - (((61 - x) >> 8) & 15) + (((62 - x) >> 8) & 3);
}

/** Go hex.DecodeString: even length, [0-9a-fA-F] only; null when not hex. */
function decodeHex(text: string): Uint8Array | null {
  if (text.length % 2 !== 0) return null;
  const out = new Uint8Array(text.length / 2);
  let invalid = 0;
  let nibbleHigh = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const digit = inRange(c, 48, 57), lower = inRange(c, 97, 102), upper = inRange(c, 65, 70);
    const value = (digit & (c - 48)) | (lower & (c - 87)) | (upper & (c - 55));
    invalid |= ~(digit | lower | upper);
    if (i % 2 === 0) nibbleHigh = value;
    else out[i >> 1] = (nibbleHigh << 4) | value;
  }
  nibbleHigh = 0;
  if (invalid !== 0) {
    out.fill(0);
    return null;
  }
  return out;
}

/** 0..63 for a standard base64 character, -1 for anything else. */
function base64Value(c: number): number {
  const upper = inRange(c, 65, 90), lower = inRange(c, 97, 122), digit = inRange(c, 48, 57);
  const plus = inRange(c, 43, 43), slash = inRange(c, 47, 47);
  const value = (upper & (c - 65)) | (lower & (c - 71)) | (digit & (c + 4)) | (plus & 62) | (slash & 63);
  return value | ~(upper | lower | digit | plus | slash);
}

/** Go base64.StdEncoding.DecodeString: CR/LF dropped, whole padded quanta; null when not base64. */
function decodeBase64(text: string): Uint8Array | null {
  const clean = text.replace(/[\r\n]/g, '');
  if (clean.length % 4 !== 0) return null;
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  const digits = clean.length - padding;
  const out = new Uint8Array((clean.length / 4) * 3 - padding);
  let invalid = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < digits; i++) {
    const v = base64Value(clean.charCodeAt(i));
    invalid |= v;
    acc = (acc << 6) | (v & 0x3f);
    if (i % 4 === 3) {
      out[o++] = acc >> 16;
      out[o++] = acc >> 8;
      out[o++] = acc;
      acc = 0;
    }
  }
  // A final padded quantum carries 2 or 3 digits: 1 or 2 bytes, low bits beyond them ignored (Go's
  // StdEncoding is not Strict).
  if (padding === 2) out[o++] = acc >> 4;
  if (padding === 1) {
    out[o++] = acc >> 10;
    out[o++] = acc >> 2;
  }
  acc = 0;
  if (invalid < 0) {
    out.fill(0);
    return null;
  }
  return out;
}
