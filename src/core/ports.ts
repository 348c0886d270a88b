// What core needs from the subsystems below it, stated as small interfaces. src/core/create.ts
// implements each over the real module, which keeps core's pipeline readable and lets the
// subsystems evolve without core reaching into their internals.
import type { Storage } from '../storage/types.js';
import type { PathSpec } from '../framework/types.js';
import type { AuthInfo, Backend, LoginAuth, LoginMount, Operation } from '../logical/types.js';


export interface BarrierPort {
  /** The whole encrypted key space (only while unsealed). */
  storage(): Storage;
  /** An encrypted sub-tree (keys relative to prefix). */
  view(prefix: string): Storage;
}

export interface SealPort {
  initialized(): Promise<boolean>;
  sealed(): boolean;
  /** sys/seal-status body (also sys/unseal's answer). */
  status(): Promise<Record<string, unknown>>;
  /** sys/init: creates keys; `onInitialized` runs with the barrier briefly open. */
  init(body: Record<string, unknown>, onInitialized: (barrier: BarrierPort) => Promise<string>): Promise<{ keys: string[]; keys_base64: string[]; root_token: string }>;
  /** sys/unseal with { key } or { reset }; resolves when the step is done (maybe unsealed now). */
  unseal(body: Record<string, unknown>): Promise<void>;
  seal(): Promise<void>;
  barrier(): BarrierPort;
  keyStatus(): Record<string, unknown>;
  rotate(): Promise<void>;
  rekeyStatus(): Promise<Record<string, unknown>>;
  rekeyInit(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  rekeyUpdate(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  /** DELETE sys/rekey/init: as in Vault 1.18.1, no nonce and no body. */
  rekeyCancel(): Promise<void>;
  /** sys/rekey/verify GET, PUT/POST (body: key, nonce) and DELETE (a fresh verification nonce). */
  rekeyVerifyStatus(): Promise<Record<string, unknown>>;
  rekeyVerifyUpdate(body: Record<string, unknown>): Promise<Record<string, unknown>>;
  rekeyVerifyRestart(): Promise<Record<string, unknown>>;
  /** sys/rekey/backup (`recovery`: sys/rekey/recovery-key-backup): the stored PGP backup, if any. */
  rekeyBackup(recovery: boolean): Promise<Record<string, unknown> | undefined>;
  rekeyDeleteBackup(recovery: boolean): Promise<void>;
  /** sys/generate-root/attempt GET, PUT/POST (body: otp, pgp_key) and DELETE. */
  generateRootStatus(): Promise<Record<string, unknown>>;
  generateRootInit(body: Record<string, unknown> | undefined): Promise<Record<string, unknown>>;
  generateRootCancel(): Promise<void>;
  /** sys/generate-root/update (body: key, nonce); at the threshold `mint` creates the new root token. */
  generateRootUpdate(body: Record<string, unknown> | undefined, mint: () => Promise<string>): Promise<Record<string, unknown>>;
  cluster(): { cluster_name: string; cluster_id: string } | undefined;
}

export interface TokenInfo {
  id: string;
  accessor: string;
  policies: string[];
  displayName: string;
  metadata: Record<string, string> | null;
  ttl: number;
  issueTimeMs: number;
  numUses: number;
  entityId: string;
  type: string;
  noDefaultPolicy?: boolean;
  /** The token may only be used from these addresses (token_bound_cidrs of its login). */
  boundCidrs?: readonly string[];
}

export interface AclDecision {
  allowed: boolean;
  grantingPolicies: string[];
}

export interface AuthPort {
  resolveToken(id: string): Promise<TokenInfo | undefined>;
  /** Checks `operation` on `path`; `needsSudo` marks the routed backend's root paths. */
  authorize(token: TokenInfo, path: string, operation: Operation, data?: Record<string, unknown>, needsSudo?: boolean, wrapTtl?: number): Promise<AclDecision>;
  capabilities(token: TokenInfo, path: string): Promise<string[]>;
  /** Counts one use against num_uses (revoking at zero, after the request). */
  useToken(token: TokenInfo): Promise<void>;
  createRootToken(id?: string): Promise<string>;
  tokenBackend(): Backend;
  /** sys/policies/acl*, sys/policy* as framework paths relative to sys/. */
  policyPaths(): PathSpec[];
  /** Turns a login's result into a token of the auth mount (vault/request_handling.go LoginCreateToken). */
  createLoginToken(login: LoginAuth, mount: LoginMount): Promise<{ auth: AuthInfo; warnings: string[] }>;
  /** Revokes every token created under a path prefix (logins of a disabled auth mount). */
  revokeByPathPrefix(prefix: string): Promise<void>;
  /**
   * A token's storage key (a hash of its id): its cubbyhole lives under it and the leases it
   * creates are indexed by it. Stable for the token's life; reveals nothing of the token.
   */
  tokenKey(token: TokenInfo): string;
  /** Runs `hook` with the keys of every stored token when auth/token/tidy runs. */
  onTidy(hook: (liveKeys: ReadonlySet<string>) => Promise<void>): void;
  /** Runs `hook` with the key of every token as it is revoked. */
  onRevoke(hook: (tokenKey: string, token: TokenInfo) => Promise<void>): void;
  /** Revokes the tokens whose lease ran out; when the next one runs out. */
  expireDue(): Promise<number>;
  nextExpiry(): number | undefined;
  /** Queues every stored token's expiry (after an unseal). */
  loadExpiries(): Promise<void>;
  /** The lease times of a live token lease id, if it is one. */
  tokenLease(leaseId: string): Promise<{ issueMs: number; expireMs: number; lastRenewalMs: number; renewable: boolean } | undefined>;
  /** Every live token lease id. */
  tokenLeaseIds(): Promise<string[]>;
  /** A response-wrapping token: orphan, `response-wrapping` policy, one use, exactly `ttl` seconds. */
  createWrappingToken(path: string, ttl: number): Promise<TokenInfo>;
  /** A token by id, including one whose last use is being spent (`tainted`), without revoking anything. */
  lookupToken(id: string, tainted: boolean): Promise<TokenInfo | undefined>;
  /** A token by its accessor (sys/capabilities-accessor), undefined when none has it. */
  lookupAccessor(accessor: string): Promise<TokenInfo | undefined>;
  /** Revokes a token and its children (no-op when unknown). */
  revokeToken(id: string): Promise<void>;
  /** Revokes the token (and its tree) behind a token lease id; false when there is none. */
  revokeTokenLease(leaseId: string): Promise<boolean>;
  isRoot(token: TokenInfo): boolean;
  /** Whether the token may see anything under a mount (vault/logical_system.go hasMountAccess). */
  hasMountAccess(token: TokenInfo, mountPath: string): Promise<boolean>;
  /** The token's entity and groups as templates see them (SystemView EntityInfo + GroupsForEntity); undefined without a live entity. */
  templateInput?(token: TokenInfo): import('../auth/acl-templating.js').TemplateInput | undefined;
}

/** The facts about one request that the audit log records (core fills it; audit formats it). */
export interface AuditRecord {
  requestId: string;
  operation: Operation;
  path: string;
  data: Record<string, unknown> | null;
  token?: TokenInfo;
  /** The token exactly as the client sent it (may be unknown/invalid). */
  clientToken?: string;
  remoteAddress?: string;
  remotePort?: number;
  mount?: { type: string; path: string; accessor: string; runningVersion: string; class: 'secret' | 'auth' };
  policyResults?: AclDecision;
  error?: string;
  response?: { data: Record<string, unknown> | null; warnings: string[] | null; auth: unknown };
}

export interface AuditPort {
  /** Writes the request entry; throws VaultError(500, 'internal error') when every device fails. */
  logRequest(rec: AuditRecord): Promise<void>;
  logResponse(rec: AuditRecord): Promise<void>;
  /** sys/audit, sys/audit/:path, sys/audit-hash/:path as framework paths relative to sys/. */
  paths(): PathSpec[];
  load(): Promise<void>;
  unload(): Promise<void>;
}
