// JWT-format wrapping tokens (vault/wrapping.go wrapInCubbyhole with X-Vault-Wrap-Format: jwt,
// validateWrappingToken; vault/logical_system.go handleWrappingPubkey): the wrapping token is a
// compact ES512 JWS whose `jti` is the real token id, signed with a P-521 key the vault creates
// once and keeps behind the barrier at `core/wrapping/jwtkey`.
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import type { Storage } from '../storage/types.js';

const KEY_PATH = 'core/wrapping/jwtkey';
const encoder = new TextEncoder();
const decoder = new TextDecoder();

const b64url = (b: Uint8Array | string) => Buffer.from(typeof b === 'string' ? encoder.encode(b) : b).toString('base64url');

export interface WrappingClaims {
  jti: string;
  iat: number;
  exp: number;
  nbf: number;
  type: string;
  addr: string;
  accessor?: string;
}

export class WrappingKey {
  #key: KeyObject | undefined;

  constructor(private readonly storage: () => Storage) {}

  async #private(): Promise<KeyObject> {
    if (this.#key) return this.#key;
    const stored = await this.storage().get(KEY_PATH);
    if (stored !== undefined) {
      this.#key = createPrivateKey({ key: JSON.parse(decoder.decode(stored)) as import('node:crypto').JsonWebKey, format: 'jwk' });
    } else {
      const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-521' });
      await this.storage().put(KEY_PATH, encoder.encode(JSON.stringify(privateKey.export({ format: 'jwk' }))));
      this.#key = privateKey;
    }
    return this.#key;
  }

  async sign(claims: WrappingClaims): Promise<string> {
    const head = b64url(JSON.stringify({ alg: 'ES512', typ: 'JWT' }));
    const body = b64url(JSON.stringify(claims));
    const sig = sign('sha512', encoder.encode(`${head}.${body}`), { key: await this.#private(), dsaEncoding: 'ieee-p1363' });
    return `${head}.${body}.${b64url(sig)}`;
  }

  /** The claims of a JWT this vault signed, or an error text as Vault words it. */
  async verify(token: string, nowSec: number): Promise<{ claims?: WrappingClaims; error?: string }> {
    const [head, body, sig] = token.split('.') as [string, string, string];
    let claims: WrappingClaims;
    try {
      claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as WrappingClaims;
      JSON.parse(Buffer.from(head, 'base64url').toString('utf8'));
    } catch (e) {
      return { error: `wrapping token could not be parsed: ${(e as Error).message}` };
    }
    const pub = createPublicKey(await this.#private());
    const ok = verify('sha512', encoder.encode(`${head}.${body}`), { key: pub, dsaEncoding: 'ieee-p1363' }, Buffer.from(sig, 'base64url'));
    if (!ok) return { error: 'wrapping token signature could not be validated: square/go-jose: error in cryptographic primitive' };
    if (typeof claims.exp === 'number' && nowSec >= claims.exp) return { error: 'wrapping token signature could not be validated: square/go-jose/jwt: validation failed, token is expired (exp)' };
    return { claims };
  }

  /** sys/wrapping/pubkey: the public point in decimal and the curve name. */
  async publicKey(): Promise<Record<string, string>> {
    const jwk = createPublicKey(await this.#private()).export({ format: 'jwk' });
    const dec = (v: string | undefined) => BigInt(`0x${Buffer.from(v ?? '', 'base64url').toString('hex') || '0'}`).toString(10);
    return { jwt_curve: 'p521', jwt_x: dec(jwk.x), jwt_y: dec(jwk.y) };
  }
}
