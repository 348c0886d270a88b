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
}
