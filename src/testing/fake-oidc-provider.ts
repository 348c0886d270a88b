// A small OpenID Connect provider on loopback for tests of the OIDC auth flow (what Vault's JWT
// plugin talks to: discovery, JWKS, the authorization endpoint, the token endpoint and userinfo;
// OpenID Connect Core 1.0 §3.1 and §3.2, RFC 7636 PKCE). The "browser user" is whoever the test
// says logs in next; the authorization endpoint redirects straight back with a code (or, in the
// implicit flow, answers the form_post page). ID tokens are RS256, signed with a key made here by
// node:crypto, with iat/exp on the given clock. Knobs let a test break one thing at a time.
import { createHash, generateKeyPairSync, randomBytes, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeOidcLogin {
  /** Claims of the ID token (sub defaults to `alice`); iss, aud, iat, exp and nonce are filled in. */
  claims?: Record<string, unknown>;
  /** Claims the userinfo endpoint answers (sub defaults to the token's). */
  userinfo?: Record<string, unknown>;
  /** Overrides applied to the ID token's claims after they are filled in (a wrong nonce, aud…). */
  override?: Record<string, unknown>;
  /** Leave the id_token out of the token response. */
  omitIdToken?: boolean;
  /** Sign with a key the JWKS does not publish. */
  foreignKey?: boolean;
  /** The token endpoint refuses the code with this OAuth error. */
  tokenError?: string;
}

export interface FakeOidcOptions {
  clientId?: string;
  clientSecret?: string;
  /** Milliseconds since the epoch (the vault's manual clock: `() => vault.clock.now()`). */
  now?: () => number;
  /** Lifetime of issued ID tokens, seconds. Default 300. */
  tokenTtl?: number;
  /** Omit userinfo_endpoint from the discovery document. */
  noUserinfo?: boolean;
}

interface Grant {
  login: FakeOidcLogin;
  clientId: string;
  redirectUri: string;
  nonce: string;
  challenge: string;
  method: string;
  used: boolean;
}

const b64json = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

export class FakeOidcProvider {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly #now: () => number;
  readonly #ttl: number;
  readonly #noUserinfo: boolean;
  readonly #key = generateKeyPairSync('rsa', { modulusLength: 2048 });
  /** Made on first use only: RSA key generation is the slowest thing a test of the flow does. */
  #foreign: KeyObject | undefined;
  readonly #grants = new Map<string, Grant>();
  readonly #access = new Map<string, Record<string, unknown>>();
  #server: Server | undefined;
  #next: FakeOidcLogin = {};
  issuer = '';
  /** Every token request's form, for assertions (client secret removed). */
  readonly tokenRequests: Array<Record<string, string>> = [];

  private constructor(o: FakeOidcOptions) {
    this.clientId = o.clientId ?? 'minivault-client';
    this.clientSecret = o.clientSecret ?? 'fake-client-secret';
    this.#now = o.now ?? Date.now;
    this.#ttl = o.tokenTtl ?? 300;
    this.#noUserinfo = o.noUserinfo === true;
  }

  /** Starts the provider on 127.0.0.1 (a free port); its issuer is `http://127.0.0.1:<port>`. */
  static async start(o: FakeOidcOptions = {}): Promise<FakeOidcProvider> {
    const p = new FakeOidcProvider(o);
    const server = createServer((req, res) => {
      p.#serve(req, res).catch(() => p.#send(res, 500, { error: 'server_error' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    p.#server = server;
    p.issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return p;
  }

  /** The next browser login: who the user is and what should go wrong. */
  nextLogin(login: FakeOidcLogin): void {
    this.#next = login;
  }

  /** The JWT auth config that points a mount at this provider. */
  vaultConfig(extra: Record<string, unknown> = {}): Record<string, unknown> {
    return { oidc_discovery_url: this.issuer, oidc_client_id: this.clientId, oidc_client_secret: this.clientSecret, ...extra };
  }

  /**
   * What a browser does with an auth_url: asks the authorization endpoint and returns where it is
   * sent back to, with the parameters it carries (query for the code flow, the form for form_post).
   */
  async browse(authUrl: string): Promise<{ redirectUri: string; params: Record<string, string> }> {
    const res = await fetch(authUrl, { redirect: 'manual' });
    const text = await res.text();
    if (res.status === 302) {
      const to = new URL(res.headers.get('location') ?? '');
      const params = Object.fromEntries(to.searchParams);
      to.search = '';
      return { redirectUri: to.href, params };
    }
    if (res.status === 200) {
      const action = /action="([^"]*)"/.exec(text)?.[1] ?? '';
      const params: Record<string, string> = {};
      for (const m of text.matchAll(/name="([^"]+)" value="([^"]*)"/g)) params[m[1]!] = m[2]!;
      return { redirectUri: action, params };
    }
    throw new Error(`fake OIDC provider: authorization failed (${res.status}): ${text}`);
  }

  async close(): Promise<void> {
    const s = this.#server;
    this.#server = undefined;
    if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  #send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  }

  async #serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.issuer);
    if (req.method === 'GET' && url.pathname === '/.well-known/openid-configuration') {
      return this.#send(res, 200, {
        issuer: this.issuer, authorization_endpoint: `${this.issuer}/authorize`, token_endpoint: `${this.issuer}/token`,
        jwks_uri: `${this.issuer}/keys`, ...(this.#noUserinfo ? {} : { userinfo_endpoint: `${this.issuer}/userinfo` }),
        response_types_supported: ['code', 'id_token'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
      });
    }
    if (req.method === 'GET' && url.pathname === '/keys') {
      return this.#send(res, 200, { keys: [{ ...this.#key.publicKey.export({ format: 'jwk' }), kid: 'fake-1', use: 'sig', alg: 'RS256' }] });
    }
    if (req.method === 'GET' && url.pathname === '/authorize') return this.#authorize(url, res);
    if (req.method === 'POST' && url.pathname === '/token') return this.#token(req, res);
    if (req.method === 'GET' && url.pathname === '/userinfo') {
      const claims = this.#access.get((req.headers.authorization ?? '').replace(/^Bearer /, ''));
      return claims === undefined ? this.#send(res, 401, { error: 'invalid_token' }) : this.#send(res, 200, claims);
    }
    this.#send(res, 404, { error: 'not_found' });
  }

  #idToken(login: FakeOidcLogin, clientId: string, nonce: string, accessToken?: string): string {
    const now = Math.floor(this.#now() / 1000);
    // at_hash (OIDC Core §3.1.3.6): the left half of SHA-256 of the access token, base64url.
    const atHash = accessToken === undefined ? {} : { at_hash: createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url') };
    const claims = { sub: 'alice', ...login.claims, iss: this.issuer, aud: clientId, iat: now, exp: now + this.#ttl, nonce, ...atHash, ...login.override };
    const input = `${b64json({ alg: 'RS256', typ: 'JWT', kid: 'fake-1' })}.${b64json(claims)}`;
    const key: KeyObject = login.foreignKey ? (this.#foreign ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey) : this.#key.privateKey;
    return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
  }

  #authorize(url: URL, res: ServerResponse): void {
    const q = Object.fromEntries(url.searchParams);
    const login = this.#next;
    this.#next = {};
    if (q.client_id !== this.clientId || !q.redirect_uri) return this.#send(res, 400, { error: 'invalid_request' });
    if (q.response_type === 'id_token') {
      const esc = (s: string) => s.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
      const fields = { id_token: this.#idToken(login, q.client_id, q.nonce ?? ''), state: q.state ?? '' };
      const inputs = Object.entries(fields).map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`).join('');
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<html><body onload="document.forms[0].submit()"><form method="post" action="${esc(q.redirect_uri)}">${inputs}</form></body></html>`);
      return;
    }
    const code = randomBytes(16).toString('base64url');
    this.#grants.set(code, {
      login, clientId: q.client_id, redirectUri: q.redirect_uri, nonce: q.nonce ?? '',
      challenge: q.code_challenge ?? '', method: q.code_challenge_method ?? '', used: false,
    });
    const to = new URL(q.redirect_uri);
    to.searchParams.set('code', code);
    to.searchParams.set('state', q.state ?? '');
    res.writeHead(302, { location: to.href });
    res.end();
  }

  async #token(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
    let [id, secret] = [form.client_id ?? '', form.client_secret ?? ''];
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '');
    if (basic) [id, secret] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').map((s) => decodeURIComponent(s.replace(/\+/g, ' '))) as [string, string];
    const { client_secret: _hidden, ...shown } = form;
    this.tokenRequests.push(shown);
    if (id !== this.clientId || secret !== this.clientSecret) return this.#send(res, 401, { error: 'invalid_client' });
    const grant = this.#grants.get(form.code ?? '');
    if (form.grant_type !== 'authorization_code' || grant === undefined || grant.used || grant.redirectUri !== form.redirect_uri) {
      return this.#send(res, 400, { error: 'invalid_grant', error_description: 'unknown, used or mismatched authorization code' });
    }
    grant.used = true;
    if (grant.challenge !== '') {
      const got = createHash('sha256').update(form.code_verifier ?? '').digest('base64url');
      if (grant.method !== 'S256' || got !== grant.challenge) return this.#send(res, 400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
    }
    if (grant.login.tokenError !== undefined) return this.#send(res, 400, { error: grant.login.tokenError });
    const accessToken = randomBytes(16).toString('base64url');
    const sub = String(grant.login.override?.sub ?? grant.login.claims?.sub ?? 'alice');
    this.#access.set(accessToken, { sub, ...grant.login.userinfo });
    this.#send(res, 200, {
      access_token: accessToken, token_type: 'Bearer', expires_in: this.#ttl,
      ...(grant.login.omitIdToken ? {} : { id_token: this.#idToken(grant.login, grant.clientId, grant.nonce, accessToken) }),
    }, { 'cache-control': 'no-store' });
  }
}
