// Private keys of the PKI engine: generation (RSA 2048–8192, ECDSA P-224/256/384/521, Ed25519), the
// key type/length rules, the three encodings Vault hands out (PKCS#1, SEC1, PKCS#8), the subject
// key identifier and the signature algorithm a signer uses. Upstream: Vault
// sdk/helper/certutil/helpers.go (generatePrivateKey, ValidateKeyTypeLength, GetSubjectKeyID,
// certTemplateSetSigAlgo, selectSignatureAlgorithmForECDSA), certutil/types.go (ToCertBundle).
import { createHash, createPrivateKey, createPublicKey, generateKeyPair, webcrypto, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import * as E from '../../errors/pki.js';
import { nodeCryptoKey, nodeOnlyCurve } from '../../x509/node-signing.js';
import { pemEncode } from './pem.js';

const genKeyPair = promisify(generateKeyPair);

export type KeyType = 'rsa' | 'ec' | 'ed25519';

/** certutil expectedNISTPCurveHashBits: EC size → signature hash bits. */
const EC_HASH: Record<number, number> = { 224: 256, 256: 256, 384: 384, 521: 512 };
const EC_CURVE: Record<number, string> = { 224: 'secp224r1', 256: 'prime256v1', 384: 'secp384r1', 521: 'secp521r1' };
// P-224 is no WebCrypto curve: its keys sign through node:crypto (src/x509/node-signing.ts)
const WEB_CURVE: Record<string, string> = { secp224r1: 'P-224', prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521' };
const CURVE_BITS: Record<string, number> = { secp224r1: 224, prime256v1: 256, secp384r1: 384, secp521r1: 521 };

/** ValidateKeyTypeLength: the message of the first rule broken, else undefined. */
export function keyTypeLengthError(keyType: string, bits: number): string | undefined {
  switch (keyType) {
    case 'rsa':
      if (bits < 2048) return E.errRsaTooSmall(bits);
      if (![2048, 3072, 4096, 8192].includes(bits)) return E.errRsaBits(bits);
      return undefined;
    case 'ec':
      return EC_HASH[bits] === undefined ? E.errEcBits(bits) : undefined;
    case 'any': case 'ed25519':
      return undefined;
    default:
      return E.errUnknownKeyType(keyType);
  }
}

/** ValidateDefaultOrValueKeyTypeSignatureLength: fills defaults, returns [bits, sigBits] or an error. */
export function defaultKeyBits(keyType: string, bits: number, sigBits: number): { bits: number; sigBits: number } | { error: string } {
  if (bits === 0) bits = keyType === 'rsa' ? 2048 : keyType === 'ec' ? 256 : 0;
  const err = keyTypeLengthError(keyType, bits);
  if (err !== undefined) return { error: err };
  if (keyType === 'rsa') {
    if (sigBits === 0) sigBits = 256;
    if (![256, 384, 512].includes(sigBits)) return { error: E.errSigBits(sigBits) };
  } else if (keyType === 'ec') {
    if (sigBits === 0) sigBits = EC_HASH[bits]!;
    if (![256, 384, 512].includes(sigBits)) return { error: E.errSigBits(sigBits) };
  } else {
    sigBits = 0;
  }
  return { bits, sigBits };
}

/** A private key as the engine keeps it: PKCS#8 PEM plus what it is. */
export interface PrivateKey {
  type: KeyType;
  bits: number;
  object: KeyObject;
}

export async function generateKey(type: KeyType, bits: number): Promise<PrivateKey> {
  if (type === 'rsa') {
    const { privateKey } = await genKeyPair('rsa', { modulusLength: bits, publicExponent: 0x10001 });
    return { type, bits, object: privateKey };
  }
  if (type === 'ec') {
    const { privateKey } = await genKeyPair('ec', { namedCurve: EC_CURVE[bits]! });
    return { type, bits, object: privateKey };
  }
  const { privateKey } = await genKeyPair('ed25519');
  return { type: 'ed25519', bits: 0, object: privateKey };
}

/** A key object's Vault type and size, or undefined for anything else (DSA, X25519, RSA-PSS keys). */
export function describeKey(k: KeyObject): { type: KeyType; bits: number } | undefined {
  const d = k.asymmetricKeyDetails ?? {};
  if (k.asymmetricKeyType === 'rsa') return { type: 'rsa', bits: d.modulusLength ?? 0 };
  if (k.asymmetricKeyType === 'ec') {
    const bits = CURVE_BITS[d.namedCurve ?? ''];
    return bits === undefined ? undefined : { type: 'ec', bits };
  }
  if (k.asymmetricKeyType === 'ed25519') return { type: 'ed25519', bits: 0 };
  return undefined;
}

// Stored keys are parsed once per process and their WebCrypto forms imported once per algorithm:
// both are pure functions of the PEM (bounded map; the PEM never leaves it).
const fromPem = new Map<string, PrivateKey>();
const webKeys = new WeakMap<KeyObject, Map<string, Promise<webcrypto.CryptoKey>>>();

/** The key in a PEM; the result is shared and must not be changed. */
export function keyFromPem(pem: string): PrivateKey {
  const hit = fromPem.get(pem);
  if (hit !== undefined) return hit;
  const k = keyFromPemUncached(pem);
  if (fromPem.size >= 256) fromPem.delete(fromPem.keys().next().value!);
  fromPem.set(pem, k);
  return k;
}

function keyFromPemUncached(pem: string): PrivateKey {
  const object = createPrivateKey(pem);
  const d = describeKey(object);
  if (d === undefined) throw new Error(E.ERR_KEY_TYPE_UNSUPPORTED);
  return { ...d, object };
}

/** Vault's private_key encoding: PKCS#1 for RSA, SEC1 for EC, PKCS#8 for Ed25519 or when asked. */
export function privateKeyDer(k: PrivateKey, pkcs8: boolean): { der: Buffer; label: string } {
  if (pkcs8 || k.type === 'ed25519') return { der: k.object.export({ format: 'der', type: 'pkcs8' }), label: 'PRIVATE KEY' };
  if (k.type === 'rsa') return { der: k.object.export({ format: 'der', type: 'pkcs1' }), label: 'RSA PRIVATE KEY' };
  return { der: k.object.export({ format: 'der', type: 'sec1' }), label: 'EC PRIVATE KEY' };
}

/** The `private_key` field: PEM (trimmed) or base64 DER. */
export function privateKeyText(k: PrivateKey, format: string, pkcs8: boolean): string {
  const { der, label } = privateKeyDer(k, pkcs8);
  return format === 'der' ? der.toString('base64') : pemEncode(label, der).trim();
}

export function storedKeyPem(k: PrivateKey): string {
  return k.object.export({ format: 'pem', type: 'pkcs8' }).toString();
}

export function spkiDer(k: KeyObject): Buffer {
  return (k.type === 'private' ? createPublicKey(k) : k).export({ format: 'der', type: 'spki' });
}

/** RFC 5280 §4.2.1.2 method 1 over the subjectPublicKey BIT STRING contents (GetSubjectKeyID). */
export function subjectKeyId(spki: Uint8Array): Uint8Array {
  return createHash('sha1').update(spkiBitString(spki)).digest();
}

/** The contents of the BIT STRING in a SubjectPublicKeyInfo (without the unused-bits octet). */
export function spkiBitString(spki: Uint8Array): Uint8Array {
  let i = 0;
  const readLen = (): number => {
    let len = spki[i++]!;
    if (len & 0x80) { const n = len & 0x7f; len = 0; for (let j = 0; j < n; j++) len = len * 256 + spki[i++]!; }
    return len;
  };
  i++; readLen(); // outer SEQUENCE
  i++; const algLen = readLen(); i += algLen; // AlgorithmIdentifier
  i++; const len = readLen(); // BIT STRING
  return spki.subarray(i + 1, i + len);
}

/** How a signer signs: WebCrypto algorithm for import and for signing, and Vault's name for it. */
export interface SignAlg {
  importAlg: webcrypto.RsaHashedImportParams | webcrypto.EcKeyImportParams | webcrypto.Algorithm;
  signAlg: webcrypto.Algorithm & Record<string, unknown>;
  name: string;
}

const HASH = (bits: number): string => `SHA-${bits}`;

/**
 * The signature algorithm of a signer (certTemplateSetSigAlgo / signingParamsForPublicKey):
 * RSA by `sigBits` (PKCS#1 v1.5 or PSS), ECDSA by `sigBits` when 256/384/512 else by curve,
 * Ed25519 as is. Vault's names are certutil's InvSignatureAlgorithmNames.
 */
export function signAlgFor(k: PrivateKey, sigBits: number, pss: boolean): SignAlg {
  if (k.type === 'rsa') {
    const bits = [256, 384, 512].includes(sigBits) ? sigBits : 256;
    if (pss) {
      return { importAlg: { name: 'RSA-PSS', hash: HASH(bits) }, signAlg: { name: 'RSA-PSS', hash: HASH(bits), saltLength: bits / 8 }, name: `SHA${bits}WithRSAPSS` };
    }
    return { importAlg: { name: 'RSASSA-PKCS1-v1_5', hash: HASH(bits) }, signAlg: { name: 'RSASSA-PKCS1-v1_5', hash: HASH(bits) }, name: `SHA${bits}WithRSA` };
  }
  if (k.type === 'ec') {
    const bits = [256, 384, 512].includes(sigBits) ? sigBits : EC_HASH[k.bits]!;
    const curve = WEB_CURVE[EC_CURVE[k.bits]!]!;
    return { importAlg: { name: 'ECDSA', namedCurve: curve }, signAlg: { name: 'ECDSA', hash: HASH(bits) }, name: `ECDSAWithSHA${bits}` };
  }
  return { importAlg: { name: 'Ed25519' }, signAlg: { name: 'Ed25519' }, name: 'Ed25519' };
}

/** Vault's name of an algorithm back to a SignAlg for the key (revocation_signature_algorithm). */
export function signAlgByName(k: PrivateKey, name: string): SignAlg | undefined {
  const m = /^(?:SHA(256|384|512)WithRSA(PSS)?|ECDSAWithSHA(256|384|512)|Ed25519|PureEd25519)$/i.exec(name);
  if (m === null) return undefined;
  if (m[1] !== undefined && k.type === 'rsa') return signAlgFor(k, Number(m[1]), m[2] !== undefined);
  if (m[3] !== undefined && k.type === 'ec') return signAlgFor(k, Number(m[3]), false);
  if (m[1] === undefined && m[3] === undefined && k.type === 'ed25519') return signAlgFor(k, 0, false);
  return undefined;
}

export function webSigningKey(k: PrivateKey, alg: SignAlg): Promise<webcrypto.CryptoKey> {
  const nodeCurve = nodeOnlyCurve(k.object);
  if (nodeCurve !== undefined) return Promise.resolve(nodeCryptoKey(k.object, nodeCurve) as unknown as webcrypto.CryptoKey);
  let m = webKeys.get(k.object);
  if (m === undefined) { m = new Map(); webKeys.set(k.object, m); }
  const name = JSON.stringify(alg.importAlg);
  let p = m.get(name);
  if (p === undefined) {
    p = webcrypto.subtle.importKey('pkcs8', k.object.export({ format: 'der', type: 'pkcs8' }), alg.importAlg, false, ['sign']);
    p.catch(() => m!.delete(name));
    m.set(name, p);
  }
  return p;
}

export async function webPublicKey(k: PrivateKey, alg: SignAlg): Promise<webcrypto.CryptoKey> {
  const nodeCurve = nodeOnlyCurve(k.object);
  if (nodeCurve !== undefined) return nodeCryptoKey(createPublicKey(k.object), nodeCurve) as unknown as webcrypto.CryptoKey;
  return webcrypto.subtle.importKey('spki', spkiDer(k.object), alg.importAlg, true, ['verify']);
}
