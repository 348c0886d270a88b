// The key sets a JWT is verified against (CAP jwt/keyset.go StaticKeySet, NewJSONWebKeySet,
// NewOIDCDiscoveryKeySet, createCAContext; LIB go-oidc v3 jwks.go RemoteKeySet): static PEM keys,
// a JWKS URL (keys fetched on first use and refetched when no cached key verifies), or the
// `jwks_uri` of an OIDC discovery document. Fetches go through node:http(s) with the configured
// CA bundle as the only roots when one is given, as the plugin's CA-aware HTTP client does.
import { createPublicKey, X509Certificate, type KeyObject } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  ERR_CAP_CA_PEM, ERR_OIDC_VERIFY_SIGNATURE, errCapIssuerMismatch, errOidcDecodeKeys, errOidcFetchingKeys,
  errOidcGetKeys, errOidcGetKeysStatus, errOidcMalformedJwt,
} from '../../errors/jwt.js';
import { JwtValidationError, parseCompactJws, verifyStatic, verifyWithKeys, type VerifiedJwt } from './jws.js';

export interface KeySet {
  verify(token: string): Promise<VerifiedJwt>;
}

export class StaticKeySet implements KeySet {
  constructor(private readonly keys: readonly KeyObject[]) {}
  async verify(token: string): Promise<VerifiedJwt> {
    return verifyStatic(token, this.keys);
  }
}

/** createCAContext: a CA bundle must hold at least one certificate. */
export function checkCaPem(pem: string): void {
  if (pem === '') return;
  const blocks = pem.match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? [];
  const ok = blocks.some((b) => {
    try {
      new X509Certificate(b);
      return true;
    } catch {
      return false;
    }
  });
  if (!ok) throw new Error(ERR_CAP_CA_PEM);
}

interface HttpResult { status: number; statusText: string; contentType: string; body: string }

/** A GET with the CA bundle (if any) as the only trusted roots; 10 s timeout. */
export function httpGet(url: string, caPem: string): Promise<HttpResult> {
  return httpSend('GET', url, caPem);
}

/** One HTTP exchange (the OIDC token and userinfo requests too), CA bundle as the only roots. */
export function httpSend(method: string, url: string, caPem: string, headers: Record<string, string> = {}, body?: string): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch (e) {
      reject(e as Error);
      return;
    }
    const options = { method, headers, timeout: 10_000, ...(caPem !== '' ? { ca: caPem } : {}) };
    const send = parsed.protocol === 'https:' ? httpsRequest : parsed.protocol === 'http:' ? httpRequest : undefined;
    if (send === undefined) {
      reject(new Error(`unsupported protocol scheme "${parsed.protocol.replace(/:$/, '')}"`));
      return;
    }
    const req = send(parsed, options, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({
        status: res.statusCode ?? 0, statusText: `${res.statusCode ?? 0} ${res.statusMessage ?? ''}`.trim(),
        contentType: String(res.headers['content-type'] ?? ''), body: Buffer.concat(chunks).toString('utf8'),
      }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error('request timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

interface CachedKey { kid: string; key: KeyObject }

/** go-oidc RemoteKeySet: keys by `kid`; a cache miss (or no verifying key) refetches once. */
export class RemoteKeySet implements KeySet {
  #cache: CachedKey[] = [];
  constructor(readonly url: string, private readonly caPem: string) {}

  /** updateKeys: the JWKS document's usable keys (unparsable members are skipped). */
  async fetchKeys(): Promise<CachedKey[]> {
    let res: HttpResult;
    try {
      res = await httpGet(this.url, this.caPem);
    } catch (e) {
      throw new Error(errOidcGetKeys((e as Error).message));
    }
    if (res.status !== 200) throw new Error(errOidcGetKeysStatus(res.statusText, res.body));
    let doc: unknown;
    try {
      doc = JSON.parse(res.body);
    } catch (e) {
      throw new Error(errOidcDecodeKeys((e as Error).message, res.body));
    }
    const keys = (doc as { keys?: unknown } | null)?.keys;
    if (doc === null || typeof doc !== 'object' || !Array.isArray(keys)) throw new Error(errOidcDecodeKeys('no keys', res.body));
    const out: CachedKey[] = [];
    for (const jwk of keys as unknown[]) {
      if (jwk === null || typeof jwk !== 'object') continue;
      try {
        const key = createPublicKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' });
        const kid = (jwk as { kid?: unknown }).kid;
        out.push({ kid: typeof kid === 'string' ? kid : '', key });
      } catch {
        // a key node cannot use (symmetric, unknown curve) verifies nothing
      }
    }
    return out;
  }

  async verify(token: string): Promise<VerifiedJwt> {
    let jwt;
    try {
      jwt = parseCompactJws(token);
    } catch (e) {
      throw new JwtValidationError(errOidcMalformedJwt((e as Error).message));
    }
    const kid = typeof jwt.header.kid === 'string' ? jwt.header.kid : '';
    const pick = (keys: CachedKey[]) => keys.filter((k) => kid === '' || k.kid === kid).map((k) => k.key);
    const cached = verifyWithKeys(jwt, pick(this.#cache));
    if (cached !== undefined) return cached;
    try {
      this.#cache = await this.fetchKeys();
    } catch (e) {
      throw new JwtValidationError(errOidcFetchingKeys((e as Error).message));
    }
    const fresh = verifyWithKeys(jwt, pick(this.#cache));
    if (fresh !== undefined) return fresh;
    throw new JwtValidationError(ERR_OIDC_VERIFY_SIGNATURE);
  }
}

/** NewOIDCDiscoveryKeySet: the discovery document, its issuer byte-equal, then its jwks_uri. */
export async function discoveryKeySet(issuer: string, caPem: string): Promise<RemoteKeySet> {
  checkCaPem(caPem);
  const res = await httpGet(issuer.replace(/\/$/, '') + '/.well-known/openid-configuration', caPem);
  if (res.status !== 200) throw new Error(`${res.statusText}: ${res.body}`);
  let doc: { issuer?: unknown; jwks_uri?: unknown };
  try {
    doc = JSON.parse(res.body) as typeof doc;
  } catch (e) {
    throw new Error(`failed to decode OIDC discovery document: ${(e as Error).message}`);
  }
  const got = typeof doc?.issuer === 'string' ? doc.issuer : '';
  if (got !== issuer) throw new Error(errCapIssuerMismatch(issuer, got));
  return new RemoteKeySet(typeof doc.jwks_uri === 'string' ? doc.jwks_uri : '', caPem);
}
