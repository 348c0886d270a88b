// The OIDC flow's pending requests (JWT path_oidc.go createOIDCRequest, amendOIDCRequest,
// verifyOIDCRequest, validRedirect; CAP oidc/request.go NewRequest, oidc/id.go NewID,
// oidc/pkce_verifier.go NewCodeVerifier). Each auth_url call makes a request keyed by its state
// (`st_` + 20 base62) with its own nonce (`n_` + 20 base62) and, in the code flow, a PKCE verifier.
// Requests live in memory only, as in the plugin (a go-cache with a 10 minute default expiry),
// counted on the vault clock; a callback takes its request out, so a state is good once.
import { createHash } from 'node:crypto';
import type { RandomSource } from '../../util/random.js';
import type { Clock } from '../../util/clock.js';

/** path_oidc.go oidcRequestTimeout. */
export const OIDC_REQUEST_TIMEOUT_MS = 10 * 60_000;

export interface OidcRequest {
  state: string;
  nonce: string;
  redirectUri: string;
  scopes: string[];
  audiences: string[];
  /** Seconds; 0 = no max_age asked. */
  maxAge: number;
  implicit: boolean;
  codeVerifier?: string;
  codeChallenge?: string;
  /** Clock ms the request was made (max_age counts back from it). */
  createdAt: number;
  roleName: string;
  clientNonce: string;
  /** What a form_post delivered before the browser came back to the GET callback. */
  code: string;
  idToken: string;
}

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** base62.Random: uniform characters (bytes ≥ 248 are drawn again). */
export function randomBase62(random: RandomSource, n: number): string {
  let out = '';
  while (out.length < n) {
    for (const b of random.bytes(n * 2)) {
      if (b < 248 && out.length < n) out += BASE62[b % 62];
    }
  }
  return out;
}

/** The loopback hosts for which validRedirect ignores the port (RFC 8252 §7.3). */
function isLocalHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  if (h === 'localhost' || h === '::1') return true;
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/** The URL with its port dropped, as Go's url.URL.String prints it after `Host = Hostname()`. */
function withoutPort(u: URL): string {
  const copy = new URL(u.href);
  copy.port = '';
  return copy.href;
}

/**
 * path_oidc.go validRedirect: a non-loopback URI must be in the allowed list (case-insensitive,
 * plugin v0.20.1+); a loopback one matches an allowed URI whatever either's port.
 */
export function validRedirect(uri: string, allowed: readonly string[]): boolean {
  let input: URL;
  try {
    input = new URL(uri);
  } catch {
    return false;
  }
  if (!isLocalHost(input.hostname)) return allowed.some((a) => a.toLowerCase() === uri.toLowerCase());
  const want = withoutPort(input);
  for (const a of allowed) {
    let parsed: URL;
    try {
      parsed = new URL(a);
    } catch {
      return false;
    }
    if (withoutPort(parsed) === want) return true;
  }
  return false;
}

export class OidcRequests {
  readonly #pending = new Map<string, { req: OidcRequest; expiresAt: number }>();
  constructor(private readonly clock: Clock, private readonly random: RandomSource) {}

  /** createOIDCRequest: a new request, kept for 10 minutes. */
  create(init: Pick<OidcRequest, 'redirectUri' | 'scopes' | 'audiences' | 'maxAge' | 'implicit' | 'roleName' | 'clientNonce'>): OidcRequest {
    this.#prune();
    const now = this.clock.now();
    const req: OidcRequest = {
      ...init, state: `st_${randomBase62(this.random, 20)}`, nonce: `n_${randomBase62(this.random, 20)}`, createdAt: now, code: '', idToken: '',
    };
    if (!init.implicit) {
      req.codeVerifier = randomBase62(this.random, 43);
      req.codeChallenge = createHash('sha256').update(req.codeVerifier).digest('base64url');
    }
    this.#pending.set(req.state, { req, expiresAt: now + OIDC_REQUEST_TIMEOUT_MS });
    return req;
  }

  #live(state: string): OidcRequest | undefined {
    const hit = this.#pending.get(state);
    if (hit === undefined) return undefined;
    if (this.clock.now() >= hit.expiresAt) {
      this.#pending.delete(state);
      return undefined;
    }
    return hit.req;
  }

  /** amendOIDCRequest: the form_post's code and id_token stored; the expiry starts again (SetDefault). */
  amend(state: string, code: string, idToken: string): OidcRequest | undefined {
    const req = this.#live(state);
    if (req === undefined) return undefined;
    req.code = code;
    req.idToken = idToken;
    this.#pending.set(state, { req, expiresAt: this.clock.now() + OIDC_REQUEST_TIMEOUT_MS });
    return req;
  }

  /** verifyOIDCRequest: the request, taken out whether or not it is still live. */
  take(state: string): OidcRequest | undefined {
    const req = this.#live(state);
    this.#pending.delete(state);
    return req;
  }

  /** The cache's cleanup (every minute in the plugin): expired entries dropped. */
  #prune(): void {
    const now = this.clock.now();
    for (const [k, v] of this.#pending) if (now >= v.expiresAt) this.#pending.delete(k);
  }

  get size(): number {
    return this.#pending.size;
  }
}
