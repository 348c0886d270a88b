// The vocabulary of Vault's backend framework (sdk/framework backend.go, path.go, field_type.go):
// a backend is an ordered table of paths; a path is an anchored pattern with named captures,
// typed fields, handlers per operation, an optional existence check and its help texts. Engines
// and auth methods declare these tables; src/framework/backend.ts dispatches requests over them.
import type { LogicalRequest, LogicalResponse, Operation } from '../logical/types.js';
import type { RequestIdentity } from './identity.js';

/** sdk/framework/field_type.go: the field types Vault's builtins use. */
export type FieldType =
  | 'string' | 'lowercase_string' | 'name_string'
  | 'int' | 'int64' | 'float' | 'bool'
  | 'duration_second' | 'signed_duration_second'
  | 'map' | 'kvpairs' | 'slice' | 'string_slice' | 'comma_string_slice' | 'comma_int_slice'
  | 'header' | 'time';

/** sdk/framework/backend.go FieldSchema. `required` and `allowedValues` document only, as in Vault. */
export interface FieldSchema {
  readonly type: FieldType;
  readonly default?: unknown;
  readonly description?: string;
  readonly required?: boolean;
  readonly deprecated?: boolean;
  /** Shown as a query parameter in OpenAPI. */
  readonly query?: boolean;
  readonly allowedValues?: readonly unknown[];
}

export type FieldSchemas = Readonly<Record<string, FieldSchema>>;

/** sdk/framework/field_data.go FieldData: a request's raw values read through the path's schema. */
export interface FieldData {
  /** The raw request data after captures were copied over it. */
  readonly raw: Readonly<Record<string, unknown>>;
  readonly schema: FieldSchemas;
  /** Decoded value, else the schema default, else the type's zero value. */
  get<T = unknown>(name: string): T;
  /** Decoded value and whether the key was sent at all (a JSON null counts as sent). */
  getOk<T = unknown>(name: string): { value: T; ok: boolean };
  /** The first of the names that was sent (GetFirst), else the first name's default. */
  getFirst<T = unknown>(...names: string[]): { value: T; ok: boolean };
}

/** What a handler sees: the logical request, the token's identity (core fills it) and the path's regex captures. */
export interface FrameworkRequest extends LogicalRequest, RequestIdentity {
  /** Named captures of the matched pattern (groups that did not take part are ""). */
  readonly captures: Readonly<Record<string, string>>;
  /** The anchored regex source that matched (help's "Matching Route"). */
  readonly matchedPattern: string;
}

export type PathHandler = (req: FrameworkRequest, data: FieldData) => Promise<LogicalResponse | null>;

/** sdk/framework/path.go OperationProperties (the parts minivault uses). */
export interface PathOperation {
  readonly handler: PathHandler;
  readonly summary?: string;
  readonly description?: string;
  readonly deprecated?: boolean;
  /** Marks an operation minivault lists but does not implement (COVERAGE.md "notes"). */
  readonly notes?: string;
}

export interface PathSpec {
  /** Go RE2 syntax as Vault writes it: `(?P<name>…)` groups; anchored automatically. */
  readonly pattern: string;
  readonly fields?: FieldSchemas;
  readonly operations: Partial<Record<Operation, PathHandler | PathOperation>>;
  /** Decides create vs update for ACL and dispatch (sdk/framework/backend.go HandleExistenceCheck). */
  readonly existenceCheck?: (req: FrameworkRequest, data: FieldData) => Promise<boolean>;
  /** Unknown keys are data, not "ignored parameters" (TakesArbitraryInput). */
  readonly takesArbitraryInput?: boolean;
  readonly helpSynopsis?: string;
  readonly helpDescription?: string;
  readonly deprecated?: boolean;
  /** COVERAGE.md note for the whole path (what minivault does differently or not at all). */
  readonly notes?: string;
}

/** sdk/logical/logical.go Paths: the special paths of a backend, relative to its mount. */
export interface PathsSpecial {
  /** Need sudo. `x*` = prefix, else exact. */
  readonly root?: readonly string[];
  /** Served without a token (logins). `x*` = prefix, `+` = one segment. */
  readonly unauthenticated?: readonly string[];
}

export interface BackendSpec {
  /** Root help text (Backend.Help). */
  readonly help: string;
  readonly paths: readonly PathSpec[];
  readonly pathsSpecial?: PathsSpecial;
  /** TypeLogical for secrets engines, TypeCredential for auth methods. */
  readonly backendType: 'logical' | 'credential';
}

/** What an auth backend's renew handler grants a token from one of its logins: its current TTLs. */
export interface AuthRenewal {
  ttl: number;
  maxTtl: number;
  period: number;
}

/**
 * sdk/framework backend.go AuthRenew (the plugins' pathLoginRenew): core calls it when a token a
 * login of this backend issued is renewed, with the token's metadata and token policies. A thrown
 * VaultError is an error response (400), a GoError a plain error (500, "failed to renew entry: …"),
 * null "nothing to say" (the renew answers 204 and the token is not extended). A backend without
 * it answers "this auth type doesn't support renew".
 */
export interface AuthRenewer {
  renewAuth(
    metadata: Readonly<Record<string, string>> | null, tokenPolicies: readonly string[],
    /** The renew request's TLS client certificate chain (logical.Connection): cert logins re-check it. */
    peerCertificates?: readonly Uint8Array[],
  ): Promise<AuthRenewal | null>;
}

export function isAuthRenewer(b: unknown): b is AuthRenewer {
  return typeof (b as Partial<AuthRenewer> | null)?.renewAuth === 'function';
}
