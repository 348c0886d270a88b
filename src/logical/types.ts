// The request and response that travel between the core router and a backend, modelled on
// Vault's sdk/logical (request.go: Request, Operation; response.go: Response). Backends (kv, the
// token store, sys) see paths relative to their mount and return plain objects; core builds the
// HTTP envelope around them.
export type Operation = 'read' | 'list' | 'create' | 'update' | 'patch' | 'delete';

export interface LogicalRequest {
  operation: Operation;
  /** Path relative to the mount point, no leading '/': `data/api-credentials`. */
  path: string;
  /** JSON body for writes; query parameters for read, list and delete (as Vault's HTTP layer does). */
  data: Record<string, unknown>;
  /** Mount point with trailing '/': `kgc/`. */
  mountPoint: string;
  /** Request headers, lower-cased names. */
  headers?: Record<string, string>;
  /** The caller's token id (auth/token needs it for *-self endpoints). */
  clientToken?: string;
  /** The connection's address (logins check bound CIDRs against it). */
  remoteAddress?: string;
  /** The TLS client certificate chain the connection presented, DER, leaf first (Vault's
   * logical.Connection.ConnState.PeerCertificates); absent on plain HTTP or without one. */
  peerCertificates?: readonly Uint8Array[];
  /** The request's id (raw bodies that carry an envelope of their own, e.g. tidy). */
  requestId?: string;
  /** The wrap TTL the client asked for (sys/wrapping/wrap requires one). */
  wrapTtl?: number;
}

/** What a login or token-creating endpoint returns in the envelope's `auth` field. */
export interface AuthInfo {
  client_token: string;
  accessor: string;
  policies: string[];
  token_policies: string[];
  identity_policies?: string[];
  metadata: Record<string, string> | null;
  lease_duration: number;
  renewable: boolean;
  entity_id: string;
  token_type: string;
  orphan: boolean;
  mfa_requirement: null;
  num_uses: number;
}

export interface LogicalResponse {
  /** Overrides the status core would pick (Vault's logical.RespondWithStatusCode). */
  status?: number;
  data?: Record<string, unknown> | null;
  warnings?: string[];
  auth?: AuthInfo | null;
  /** The backend asks for its response to be wrapped with this TTL (sys/wrapping/wrap). */
  wrapTtl?: number;
  /** An already made wrapping (sys/wrapping/rewrap): core answers with it as is. */
  wrapInfo?: WrapInfo;
  /** A secret with a lease (sdk/logical/secret.go Secret): core registers it and sets lease_id. */
  secret?: { ttl: number; maxTtl: number; renewable: boolean; internal?: Record<string, unknown> };
  lease_id?: string;
  /** A body sent as is, without the envelope (logical.HTTPRawBody: sys/internal/specs/openapi). */
  raw?: { body: unknown };
  /** A login's result; core turns it into a token and fills `auth` (credential backends only). */
  login?: LoginAuth;
  lease_duration?: number;
  renewable?: boolean;
}

/** A mounted backend: KV, the token store, sys. */
export interface Backend {
  /** Mount type as shown in sys/mounts and the envelope's mount_type (`kv`, `token`, `system`). */
  readonly type: string;
  /** Handles one request. `null` means "no body" (core answers 204). Throws VaultError on failure. */
  handle(req: LogicalRequest): Promise<LogicalResponse | null>;
  /** Existence check (Vault's ExistenceCheck): decides create vs update for ACL on writes. */
  exists?(req: LogicalRequest): Promise<boolean>;
  /** Renews a lease this backend issued (the Secret type's Renew); undefined = not renewable. */
  renewSecret?(ref: SecretRef): Promise<{ ttl?: number; maxTtl?: number; data?: Record<string, unknown> | null } | undefined>;
  /** Revokes a lease this backend issued (the Secret type's Revoke). */
  revokeSecret?(ref: SecretRef): Promise<void>;
}

/** A lease as its backend sees it at renew and revoke time. */
export interface SecretRef {
  leaseId: string;
  /** The request path inside the mount that created it. */
  path: string;
  /** What the backend put in Secret.InternalData. */
  internal: Record<string, unknown>;
  /** Seconds asked for (renew), 0 = the backend's own TTL. */
  increment: number;
}

/**
 * What a backend factory gets when its mount is set up (sdk/logical/logical.go BackendConfig and
 * the SystemView it carries): its storage view, the mount's options and lease TTLs, time and
 * randomness. Engines and auth methods see only this, never core.
 */
export interface BackendConfig {
  /** The mount's own sub-tree of the barrier (`logical/<uuid>/` or `auth/<uuid>/`). */
  readonly storage: import('../storage/types.js').Storage;
  readonly clock: import('../util/clock.js').Clock;
  readonly random: import('../util/random.js').RandomSource;
  /** Mount options (`version` for KV), or null. */
  readonly options: Readonly<Record<string, string>> | null;
  /** Full router path with trailing slash: `secret/`, `auth/userpass/`. */
  readonly mountPath: string;
  readonly accessor: string;
  readonly uuid: string;
  /** SystemView: the effective lease TTLs of this mount (tune value, else the server's). */
  readonly system: {
    defaultLeaseTtl(): number;
    maxLeaseTtl(): number;
  };
}

/** A backend factory: undefined is Vault's "nil backend returned from creation function". */
export type BackendFactory = (config: BackendConfig) => Backend | undefined | Promise<Backend | undefined>;

/**
 * What a login handler returns in place of a token (sdk/logical/auth.go Auth): core turns it into
 * a token with TTLs clamped by the mount and the server, then answers with an AuthInfo.
 */
export interface LoginAuth {
  displayName: string;
  policies: string[];
  metadata: Record<string, string> | null;
  /** The entity alias name (Auth.Alias.Name), e.g. the user name. */
  aliasName?: string;
  /** The entity alias's metadata (Auth.Alias.Metadata); absent = none. */
  aliasMetadata?: Record<string, string>;
  /** Group alias names (Auth.GroupAliases): the external groups this login makes the entity a member of. */
  groupAliases?: string[];
  ttl: number;
  maxTtl: number;
  period: number;
  explicitMaxTtl: number;
  numUses: number;
  boundCidrs: string[];
  /** `default`, `service` or `batch`, resolved against the mount's token_type by core. */
  tokenType: string;
  noDefaultPolicy: boolean;
  renewable: boolean;
}

/** What token creation needs to know about the auth mount a login came through. */
export interface LoginMount {
  /** Router path of the mount: `auth/userpass/`. */
  path: string;
  /** The request path, stored on the token (`auth/userpass/login/alice`). */
  requestPath: string;
  accessor: string;
  /** Mount token_type: default-service, default-batch, service or batch. */
  tokenType: string;
  defaultTtl: number;
  maxTtl: number;
}

/** A wrapped response's `wrap_info` (sdk/logical/translate_response.go HTTPWrapInfo), in Vault's order. */
export interface WrapInfo {
  token: string;
  accessor: string;
  ttl: number;
  creation_time: string;
  creation_path: string;
  wrapped_accessor?: string;
}
