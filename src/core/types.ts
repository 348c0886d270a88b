// The request and response at core's edge: what `core.handle()` takes and returns. The HTTP layer
// (src/http) only translates between these and the wire; tests and startVault() call core directly.
import type { Operation } from '../logical/types.js';

export interface CoreRequest {
  operation: Operation;
  /** Path after `/v1/`, no leading slash, already percent-decoded: `kgc/data/api-credentials`. */
  path: string;
  /** From `X-Vault-Token` or `Authorization: Bearer`. */
  token?: string;
  /** JSON body for writes; query parameters for read, list and delete. */
  data?: Record<string, unknown>;
  /** Lower-cased header names. */
  headers?: Record<string, string>;
  remoteAddress?: string;
  remotePort?: number;
  /** DER client certificates of a TLS connection, leaf first (the cert auth method reads them). */
  peerCertificates?: readonly Uint8Array[];
  /** `?help=1` (http/help.go): answer the backend's help for the path instead. */
  help?: boolean;
  /** X-Vault-Wrap-TTL in seconds: wrap the response in a single-use token (0/absent: no wrapping). */
  wrapTtl?: number;
  /** X-Vault-Wrap-Format: only `jwt` changes anything (a JWT wrapping token). */
  wrapFormat?: string;
  /**
   * Whether the listener's max_request_duration has run out (http/handler.go wrapGenericHandler's
   * context.WithTimeout); absent: no deadline (in-process requests).
   */
  deadlineExceeded?: () => boolean;
}

export interface CoreResponse {
  status: number;
  /** JSON value to send; undefined means no body (204, or a bare status). */
  body?: unknown;
  /** Extra response headers (e.g. `x-minivault-unsupported`). */
  headers?: Record<string, string>;
  /** A body sent as these bytes instead of JSON (a backend's raw answer; its headers name the Content-Type). */
  rawBody?: Uint8Array;
}

export type CoreHandler = (req: CoreRequest) => Promise<CoreResponse>;
