// ECDSA with curves WebCrypto does not name but Go's crypto/ecdsa and OpenSSL do: P-224
// (secp224r1), which Vault's certutil accepts for EC keys (sdk/helper/certutil/helpers.go
// generatePrivateKey, ValidateKeyTypeLength). The X.509 library builds and signs through a
// WebCrypto provider; the provider minivault installs (load.ts) hands signing and SPKI export of
// such keys to node:crypto (OpenSSL) and everything else to node's WebCrypto unchanged.
import { createPublicKey, sign as nodeSign, verify as nodeVerify, type KeyObject, type webcrypto } from 'node:crypto';

/** The curves served by node:crypto here: WebCrypto-style name → OpenSSL name and scalar size. */
export const NODE_ONLY_CURVES: Readonly<Record<string, { openssl: string; size: number }>> = {
  'P-224': { openssl: 'secp224r1', size: 28 },
};

const NODE_KEY = Symbol('minivault.nodeKey');

/** A CryptoKey look-alike the provider below recognises (the library only reads its fields). */
export interface NodeCryptoKey {
  readonly type: 'private' | 'public';
  readonly algorithm: { readonly name: 'ECDSA'; readonly namedCurve: string };
  readonly extractable: boolean;
  readonly usages: string[];
  readonly [NODE_KEY]: KeyObject;
}

/** The WebCrypto name of a node EC key's curve when only node:crypto can use it, else undefined. */
export function nodeOnlyCurve(key: KeyObject): string | undefined {
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return Object.keys(NODE_ONLY_CURVES).find((n) => NODE_ONLY_CURVES[n]!.openssl === curve);
}

/** Wraps a node key of a node-only curve for the library (private keys sign, public keys export). */
export function nodeCryptoKey(key: KeyObject, namedCurve: string): NodeCryptoKey {
  const type = key.type === 'private' ? 'private' : 'public';
  return { type, algorithm: { name: 'ECDSA', namedCurve }, extractable: type === 'public', usages: type === 'private' ? ['sign'] : ['verify'], [NODE_KEY]: key };
}

const isNodeKey = (k: unknown): k is NodeCryptoKey => typeof k === 'object' && k !== null && NODE_KEY in k;

/** WebCrypto's `SHA-256` (string or { name }) as OpenSSL's digest name. */
function digestOf(alg: unknown): string {
  const h = (alg as { hash?: string | { name: string } }).hash;
  const name = typeof h === 'string' ? h : h?.name ?? 'SHA-256';
  return name.replace('-', '').toLowerCase();
}

const toArrayBuffer = (b: Buffer): ArrayBuffer => b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer;

/**
 * A Crypto whose subtle signs with and exports NodeCryptoKeys through node:crypto; WebCrypto's
 * raw r||s signature form, as the library expects from `subtle.sign`.
 */
export function withNodeCurves(base: webcrypto.Crypto): webcrypto.Crypto {
  const real = base.subtle;
  const sign = async (alg: unknown, key: unknown, data: ArrayBuffer | ArrayBufferView): Promise<ArrayBuffer> => {
    if (!isNodeKey(key)) return real.sign(alg as never, key as webcrypto.CryptoKey, data);
    const bytes = ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
    return toArrayBuffer(nodeSign(digestOf(alg), bytes, { key: key[NODE_KEY], dsaEncoding: 'ieee-p1363' }));
  };
  const exportKey = async (format: string, key: unknown): Promise<unknown> => {
    if (!isNodeKey(key)) return real.exportKey(format as never, key as webcrypto.CryptoKey);
    if (format !== 'spki') throw new Error(`node-only curve keys export as spki only, not ${format}`);
    const k = key[NODE_KEY];
    return toArrayBuffer((k.type === 'private' ? createPublicKey(k) : k).export({ format: 'der', type: 'spki' }));
  };
  const subtle = new Proxy(real, {
    get(target, prop) {
      if (prop === 'sign') return sign;
      if (prop === 'exportKey') return exportKey;
      const v = Reflect.get(target, prop, target) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
  return {
    subtle,
    getRandomValues: base.getRandomValues.bind(base),
    randomUUID: base.randomUUID.bind(base),
  } as webcrypto.Crypto;
}

const ECDSA_HASH: Record<string, string> = {
  '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
};

/** An ECDSA signature (DER ECDSA-Sig-Value) over `tbs` by `publicKey`, algorithm by its OID; false when unknown. */
export function verifyEcdsa(sigAlgOid: string, tbs: Uint8Array, signature: Uint8Array, publicKey: KeyObject): boolean {
  const digest = ECDSA_HASH[sigAlgOid];
  if (digest === undefined) return false;
  try {
    return nodeVerify(digest, tbs, { key: publicKey, dsaEncoding: 'der' }, signature);
  } catch {
    return false;
  }
}
