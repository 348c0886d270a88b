// A minimal DER writer for the pieces of X.509 that Vault builds through Go's encoding/asn1 and
// crypto/x509 (pkix.Name RDN sequences, SAN with otherName entries, key usage bit strings, CRL
// distribution points, AIA): minivault writes them byte for byte as Go does and hands the result
// to the X.509 library as opaque extension values. Upstream: Go encoding/asn1/marshal.go,
// crypto/x509/x509.go marshalSANs/buildExtensions; Vault sdk/helper/certutil/helpers.go.

export type Der = Uint8Array;

function lengthBytes(n: number): number[] {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
}

export function tlv(tag: number, content: Uint8Array): Der {
  const len = lengthBytes(content.length);
  const out = new Uint8Array(1 + len.length + content.length);
  out[0] = tag;
  out.set(len, 1);
  out.set(content, 1 + len.length);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) { out.set(p, off); off += p.length; }
  return out;
}

export const seq = (parts: readonly Uint8Array[]): Der => tlv(0x30, concat(parts));
/** SET OF: members sorted by their encoding (X.690 §11.6, Go setEncoder). */
export const setOf = (parts: readonly Uint8Array[]): Der => tlv(0x31, concat([...parts].sort(compareBytes)));
export const ctx = (n: number, content: Uint8Array, constructed: boolean): Der => tlv((constructed ? 0xa0 : 0x80) | n, content);
export const octets = (b: Uint8Array): Der => tlv(0x04, b);
export const bool = (v: boolean): Der => tlv(0x01, Uint8Array.of(v ? 0xff : 0));
export const utf8 = (s: string): Der => tlv(0x0c, new TextEncoder().encode(s));
export const ia5 = (s: string): Der => tlv(0x16, new TextEncoder().encode(s));
export const printable = (s: string): Der => tlv(0x13, new TextEncoder().encode(s));

export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function integer(n: number | bigint): Der {
  let v = BigInt(n);
  const bytes: number[] = [];
  if (v === 0n) bytes.push(0);
  while (v > 0n) { bytes.unshift(Number(v & 0xffn)); v >>= 8n; }
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return tlv(0x02, Uint8Array.from(bytes));
}

export function oid(dotted: string): Der {
  const parts = dotted.split('.').map((p) => BigInt(p));
  const out: number[] = [Number(parts[0]! * 40n + parts[1]!)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [];
    let v = p;
    do { chunk.unshift(Number(v & 0x7fn)); v >>= 7n; } while (v > 0n);
    for (let i = 0; i < chunk.length - 1; i++) chunk[i]! |= 0x80;
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** A dotted OID is well formed (Go's asn1.ObjectIdentifier parse as Vault uses it). */
export function isOid(s: string): boolean {
  return /^[0-2](\.(0|[1-9][0-9]*))+$/.test(s) && s.split('.').length >= 2;
}

/** Go's isPrintable with asterisk and ampersand rejected (encoding/asn1 makeField for pkix names). */
export function isPrintableString(s: string): boolean {
  return /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(s);
}

/** A name attribute string: PrintableString when it can be, else UTF8String (Go's rule). */
export const dirString = (s: string): Der => (isPrintableString(s) ? printable(s) : utf8(s));

/**
 * A BIT STRING of flag bits numbered from the most significant bit of the first byte (Go's
 * asn1.BitString for KeyUsage: trailing zero bits trimmed, unused-bit count in the first octet).
 */
export function bitString(bits: readonly number[]): Der {
  const max = bits.length === 0 ? -1 : Math.max(...bits);
  const nbytes = Math.floor(max / 8) + 1;
  const data = new Uint8Array(Math.max(nbytes, 0));
  for (const b of bits) data[Math.floor(b / 8)]! |= 0x80 >> (b % 8);
  const unused = max < 0 ? 0 : 7 - (max % 8);
  return tlv(0x03, concat([Uint8Array.of(unused), data]));
}

export function hex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/** Vault's colon hex: lowercase, two digits per byte (certutil GetHexFormatted). */
export function colonHex(b: Uint8Array): string {
  return [...b].map((x) => x.toString(16).padStart(2, '0')).join(':');
}

/** One TLV read back: its tag, where its content starts and ends, and where it ends as a whole. */
export interface Tlv { tag: number; start: number; end: number; headerStart: number }

export function readTlv(b: Uint8Array, off: number): Tlv {
  if (off + 2 > b.length) throw new Error('asn1: truncated');
  const tag = b[off]!;
  let len = b[off + 1]!;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('asn1: bad length');
    len = 0;
    for (let j = 0; j < n; j++) len = len * 256 + b[start + j]!;
    start += n;
  }
  if (start + len > b.length) throw new Error('asn1: truncated');
  return { tag, start, end: start + len, headerStart: off };
}

/** The children of a constructed TLV. */
export function children(b: Uint8Array, t: Tlv): Tlv[] {
  const out: Tlv[] = [];
  for (let off = t.start; off < t.end;) { const c = readTlv(b, off); out.push(c); off = c.end; }
  return out;
}

export const whole = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.headerStart, t.end);
export const content = (b: Uint8Array, t: Tlv): Uint8Array => b.subarray(t.start, t.end);

export function oidText(b: Uint8Array): string {
  const parts: number[] = [Math.floor(b[0]! / 40), b[0]! % 40];
  let v = 0;
  for (let i = 1; i < b.length; i++) { v = v * 128 + (b[i]! & 0x7f); if (!(b[i]! & 0x80)) { parts.push(v); v = 0; } }
  return parts.join('.');
}
