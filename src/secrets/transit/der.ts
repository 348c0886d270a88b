// The little DER transit needs and node:crypto does not offer: reading one TLV (to take the
// PKCS#1 body out of an RSA-PSS PKCS#8 key, as KU policy.go ParsePKCS8RSAPSSPrivateKey does) and
// writing the handful of types a PKCS#10 certificate request is made of (Go crypto/x509
// CreateCertificateRequest's output, RFC 2986).

/** One TLV at `off`: its tag, where its value starts and where it ends (undefined when malformed). */
export function readTlv(der: Uint8Array, off: number): { tag: number; start: number; end: number } | undefined {
  if (off + 2 > der.length) return undefined;
  const tag = der[off]!;
  let len = der[off + 1]!;
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || start + n > der.length) return undefined;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + der[start + i]!;
    start += n;
  }
  return start + len > der.length ? undefined : { tag, start, end: start + len };
}

function length(n: number): Uint8Array {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

export function tlv(tag: number, ...parts: Uint8Array[]): Uint8Array {
  const body = Buffer.concat(parts);
  return new Uint8Array(Buffer.concat([Uint8Array.of(tag), length(body.length), body]));
}

export const seq = (...parts: Uint8Array[]): Uint8Array => tlv(0x30, ...parts);
export const set = (...parts: Uint8Array[]): Uint8Array => tlv(0x31, ...parts);
export const NULL = Uint8Array.of(0x05, 0x00);

export function oid(dotted: string): Uint8Array {
  const arcs = dotted.split('.').map(Number);
  const out: number[] = [arcs[0]! * 40 + arcs[1]!];
  for (const arc of arcs.slice(2)) {
    const chunk: number[] = [];
    for (let v = arc; ; v = Math.floor(v / 128)) {
      chunk.unshift((v & 0x7f) | (chunk.length > 0 ? 0x80 : 0));
      if (v < 128) break;
    }
    out.push(...chunk);
  }
  return tlv(0x06, Uint8Array.from(out));
}

/** A BIT STRING with no unused bits. */
export const bitString = (bytes: Uint8Array): Uint8Array => tlv(0x03, Uint8Array.of(0), bytes);
export const integer0 = Uint8Array.of(0x02, 0x01, 0x00);
