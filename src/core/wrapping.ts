// Response wrapping (vault/wrapping.go wrapInCubbyhole, validateWrappingToken; vault/logical_system.go
// handleWrappingUnwrap/Lookup/Wrap/Rewrap): a response is replaced by a single-use token whose
// cubbyhole holds the response as Vault would have sent it; `sys/wrapping/unwrap` hands it back
// once. The wrapping token is an orphan service token with the `response-wrapping` policy,
// num_uses 1 and exactly the requested TTL, created under the wrapped request's path.
import { VaultError } from '../errors/vault-error.js';
import { ERR_WRAPPING_INVALID, errWrappingValidate } from '../errors/wrapping.js';
import type { WrapInfo } from '../logical/types.js';
import type { Storage } from '../storage/types.js';
import { goNow, type Clock } from '../util/clock.js';
import { stringifyJson } from '../util/json-iter.js';
import type { MountTable } from './mounts.js';
import type { AuthPort, TokenInfo } from './ports.js';
import type { WrappingKey } from './wrapping-jwt.js';

/** Vault's IsJWT: three base64url segments (the JWT module itself loads on first use). */
export function isJwt(token: string): boolean {
  return token.split('.').length === 3 && token.startsWith('ey');
}

interface StoredWrapInfo {
  creation_ttl: number;
  creation_time: string;
  creation_path: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Go's json.Marshal escaping of <, >, & and the line separators (what Vault stores). */
export function goMarshal(value: unknown): string {
  return stringifyJson(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export class Wrapping {
  #jwt: Promise<WrappingKey> | undefined;
  readonly #storage: () => Storage;

  constructor(
    private readonly auth: AuthPort,
    private readonly mounts: MountTable,
    private readonly view: (prefix: string) => Storage,
    private readonly clock: Clock,
    storage: () => Storage,
    /** The API address a JWT wrapping token names in its `addr` claim. */
    private readonly apiAddr: () => string = () => '',
  ) {
    this.#storage = storage;
  }

  #key(): Promise<WrappingKey> {
    this.#jwt ??= import('./wrapping-jwt.js').then(({ WrappingKey }) => new WrappingKey(this.#storage));
    return this.#jwt;
  }

  /** sys/wrapping/pubkey. */
  async publicKey(): Promise<Record<string, string>> {
    return (await this.#key()).publicKey();
  }

  /**
   * The token id behind a presented wrapping token: a JWT is verified and its `jti` is the id
   * (validateWrappingToken); anything else is the id itself.
   */
  async resolveId(presented: string): Promise<string> {
    if (!isJwt(presented)) return presented;
    const { claims, error } = await (await this.#key()).verify(presented, Math.floor(this.clock.now() / 1000));
    if (error !== undefined || !claims) throw new VaultError(403, errWrappingValidate(error ?? 'unknown'));
    if (claims.type !== 'wrapping') throw new VaultError(400, ERR_WRAPPING_INVALID);
    return claims.jti;
  }

  #cubbyhole(token: TokenInfo): Storage {
    const entry = this.mounts.entries.find((e) => e.type === 'cubbyhole');
    if (!entry) throw new VaultError(500, 'internal error');
    return this.view(`${entry.storagePrefix}${this.auth.tokenKey(token)}/`);
  }

  /** Wraps a response body (already the exact JSON object the client would get) into a new token. */
  async wrap(body: unknown, ttl: number, path: string, wrappedAccessor?: string, creationPath = path, format = ''): Promise<WrapInfo> {
    const token = await this.auth.createWrappingToken(creationPath, ttl);
    const now = this.clock.now();
    const info: StoredWrapInfo = { creation_ttl: ttl * 1e9, creation_time: goNow(this.clock), creation_path: creationPath };
    const storage = this.#cubbyhole(token);
    await storage.put('response', encoder.encode(JSON.stringify({ response: typeof body === 'string' ? body : goMarshal(body) })));
    await storage.put('wrapinfo', encoder.encode(JSON.stringify(info)));
    let presented = token.id;
    if (format === 'jwt') {
      const iat = Math.floor(now / 1000);
      presented = await (await this.#key()).sign({
        jti: token.id, iat, exp: iat + ttl, nbf: iat - 5, type: 'wrapping', addr: this.apiAddr(),
        ...(wrappedAccessor ? { accessor: wrappedAccessor } : {}),
      });
    }
    const out: WrapInfo = { token: presented, accessor: token.accessor, ttl, creation_time: info.creation_time, creation_path: creationPath };
    if (wrappedAccessor) out.wrapped_accessor = wrappedAccessor;
    return out;
  }

  /**
   * The wrapping token behind an id, or Vault's "not valid" (validateWrappingToken). First party,
   * the request has just spent the token's one use, so a token in that state still counts.
   */
  async validate(presented: string, firstParty = false): Promise<TokenInfo> {
    const id = await this.resolveId(presented);
    const token = id === '' ? undefined : await this.auth.lookupToken(id, firstParty);
    if (!token || token.policies.length !== 1 || token.policies[0] !== 'response-wrapping') {
      throw new VaultError(400, ERR_WRAPPING_INVALID);
    }
    return token;
  }

  /** The stored response (a JSON string) and wrap info of a wrapping token. */
  async read(token: TokenInfo): Promise<{ response: string; info: StoredWrapInfo }> {
    const storage = this.#cubbyhole(token);
    const raw = await storage.get('response');
    const info = await storage.get('wrapinfo');
    if (raw === undefined || info === undefined) throw new VaultError(400, ERR_WRAPPING_INVALID);
    const response = (JSON.parse(decoder.decode(raw)) as { response: string }).response;
    return { response, info: JSON.parse(decoder.decode(info)) as StoredWrapInfo };
  }

  /** Unwraps: the stored response, and the token is gone (it was single-use). */
  async unwrap(id: string, firstParty = false): Promise<string> {
    const token = await this.validate(id, firstParty);
    const { response } = await this.read(token);
    await this.auth.revokeToken(token.id);
    return response;
  }

  async lookup(id: string): Promise<Record<string, unknown>> {
    const token = await this.validate(id);
    const { info } = await this.read(token);
    return { creation_path: info.creation_path, creation_time: info.creation_time, creation_ttl: info.creation_ttl / 1e9 };
  }

  /** Rewraps into a new token with the original TTL (or a smaller requested one) and path. */
  async rewrap(id: string, requestedTtl: number, firstParty = false): Promise<WrapInfo> {
    const token = await this.validate(id, firstParty);
    const { response, info } = await this.read(token);
    await this.auth.revokeToken(token.id);
    const original = Math.trunc(info.creation_ttl / 1e9);
    const ttl = requestedTtl > 0 && requestedTtl < original ? requestedTtl : original;
    return this.wrap(response, ttl, info.creation_path);
  }
}
