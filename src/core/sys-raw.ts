// The sys endpoints Vault serves from dedicated HTTP handlers, before the router and without the
// envelope (http/sys_init.go, sys_seal.go, sys_health.go, sys_leader.go, sys_rekey.go,
// sys_generate_root.go — the last in sys-raw-generate-root.ts): they answer while sealed and
// uninitialised, and most need no token.
import { VaultError } from '../errors/vault-error.js';
import { ERR_NOT_INITIALIZED, ERR_SEALED, ERR_SERVER_NOT_INITIALIZED, ERR_UNSEAL_KEY_REQUIRED, ERR_VAULT_UNSEALED } from '../errors/core.js';
import { errorResponse } from './envelope.js';
import { health, leader, type ClusterIdentity } from './health.js';
import type { SealPort } from './ports.js';
import type { CoreRequest, CoreResponse } from './types.js';

export interface RawDeps {
  seal: SealPort;
  nowMs(): number;
  cluster(): ClusterIdentity | undefined;
  /** Runs the init with the barrier open; returns the root token. */
  initialize(body: Record<string, unknown>): Promise<{ keys: string[]; keys_base64: string[]; root_token: string }>;
  /** Called after an unseal step that left the vault unsealed. */
  afterUnseal(): Promise<void>;
  /** sys/seal: checks the token (sudo), audits the request, seals. */
  sealWithRequest(req: CoreRequest): Promise<CoreResponse>;
  /** sys/generate-root/update at the threshold: a new root token; undefined while sealed. */
  createRootToken(): Promise<string> | undefined;
}

/**
 * The endpoints Vault serves from dedicated handlers (http/handler.go Handler, http/sys_*.go): the
 * methods each accepts (others get 405), the Go type its JSON body is decoded into (named in type
 * errors), whether it is built as a logical request (sys/seal, sys/step-down), and — for the ones
 * minivault answers — the coverage rows with what it does differently. The HTTP layer and
 * COVERAGE.md both read this one table.
 */
export interface RawRoute {
  readonly path: string;
  readonly methods: readonly string[];
  readonly bodyType?: string;
  readonly logical?: boolean;
  /** Rows for COVERAGE.md: [methods, notes]; absent = Vault's path that minivault does not serve. */
  readonly served?: ReadonlyArray<readonly [string, string]>;
}

const RW = ['GET', 'PUT', 'POST', 'DELETE'];
const WRITE = ['PUT', 'POST'];

export const RAW_ROUTES: readonly RawRoute[] = [
  { path: 'sys/init', methods: ['GET', 'PUT', 'POST'], bodyType: 'http.InitRequest', served: [['GET', ''], ['PUT/POST', 'Shamir only: pgp_keys and root_token_pgp_key refused, stored_shares must be 1, no recovery keys']] },
  { path: 'sys/seal-status', methods: ['GET'], served: [['GET', '']] },
  { path: 'sys/seal', methods: WRITE, logical: true, served: [['PUT/POST', 'needs sudo; 204 no-op when already sealed']] },
  { path: 'sys/step-down', methods: WRITE, logical: true, served: [['PUT/POST', 'single node without HA: 204 and nothing happens, before any token check (vault/ha.go StepDown)']] },
  { path: 'sys/unseal', methods: WRITE, bodyType: 'http.UnsealRequest', served: [['PUT/POST', 'key, reset; migrate accepted and ignored']] },
  { path: 'sys/leader', methods: ['GET'], served: [['GET', 'single node: ha_enabled false']] },
  { path: 'sys/health', methods: ['GET', 'HEAD'], served: [['GET/HEAD', "query codes honoured; 501 when uninitialised (Vault's own); single node, never standby"]] },
  { path: 'sys/generate-root/attempt', methods: RW, bodyType: 'http.GenerateRootInitRequest', served: [['GET', ''], ['PUT/POST', 'otp, or a server-generated OTP; pgp_key refused'], ['DELETE', '']] },
  { path: 'sys/generate-root/update', methods: WRITE, bodyType: 'http.GenerateRootUpdateRequest', served: [['PUT/POST', 'Vault also takes other methods here (no method check); minivault answers them 405']] },
  { path: 'sys/rekey/init', methods: RW, bodyType: 'http.RekeyRequest', served: [['GET', ''], ['PUT/POST', 'pgp_keys and backup refused'], ['DELETE', 'no nonce, as 1.18.1 (the nonce rule came with 1.18.11)']] },
  { path: 'sys/rekey/update', methods: WRITE, bodyType: 'http.RekeyUpdateRequest', served: [['PUT/POST', '']] },
  { path: 'sys/rekey/verify', methods: RW, bodyType: 'http.RekeyVerificationUpdateRequest', served: [['GET', ''], ['PUT/POST', ''], ['DELETE', '']] },
  { path: 'sys/rekey-recovery-key/init', methods: RW, bodyType: 'http.RekeyRequest' },
  { path: 'sys/rekey-recovery-key/update', methods: WRITE, bodyType: 'http.RekeyUpdateRequest' },
  { path: 'sys/rekey-recovery-key/verify', methods: RW, bodyType: 'http.RekeyVerificationUpdateRequest' },
];

/** The raw paths core answers itself (the others reach the sys backend and are unsupported). */
export const RAW_PATHS = new Set(RAW_ROUTES.filter((r) => r.served !== undefined && !r.logical).map((r) => r.path).concat('sys/seal', 'sys/step-down'));

/** Cheap pre-check so ordinary requests skip handleRaw (every raw path is under sys/). */
export function isRawPath(path: string): boolean {
  return path.startsWith('sys/') && RAW_PATHS.has(path.replace(/\/+$/, ''));
}

const methodNotAllowed = (): CoreResponse => errorResponse(405, []);
const isWrite = (op: string) => op === 'update' || op === 'create';

/** Answers a raw sys endpoint, or returns undefined when `req.path` is not one. */
export async function handleRaw(deps: RawDeps, req: CoreRequest): Promise<CoreResponse | undefined> {
  const path = req.path.replace(/\/+$/, '');
  if (!RAW_PATHS.has(path)) return undefined;
  const op = req.operation;
  const data = req.data ?? {};
  const { seal } = deps;
  switch (path) {
    case 'sys/init':
      if (op === 'read') return { status: 200, body: { initialized: await seal.initialized() } };
      if (!isWrite(op)) return methodNotAllowed();
      return { status: 200, body: await deps.initialize(data) };
    case 'sys/seal-status':
      if (op !== 'read') return methodNotAllowed();
      return { status: 200, body: await seal.status() };
    case 'sys/unseal':
      if (!isWrite(op)) return methodNotAllowed();
      return unseal(deps, data);
    case 'sys/seal':
      if (!isWrite(op)) return methodNotAllowed();
      if (seal.sealed()) return { status: 204 };
      return deps.sealWithRequest(req);
    case 'sys/step-down':
      // vault/ha.go StepDown returns before reading the token when the node has no HA backend.
      if (!isWrite(op)) return methodNotAllowed();
      return { status: 204 };
    case 'sys/health':
      if (op !== 'read') return methodNotAllowed();
      return health({ initialized: await seal.initialized(), sealed: seal.sealed(), nowMs: deps.nowMs(), cluster: deps.cluster() }, data);
    case 'sys/leader':
      if (op !== 'read') return methodNotAllowed();
      return leader();
    case 'sys/generate-root/attempt':
    case 'sys/generate-root/update':
      return (await import('./sys-raw-generate-root.js')).handleGenerateRoot(deps, path, op, req.data);
    default:
      return rekey(deps, path, op, data);
  }
}

async function unseal(deps: RawDeps, data: Record<string, unknown>): Promise<CoreResponse> {
  const { seal } = deps;
  // http/sys_seal.go decodes the body case-insensitively.
  const body = Object.fromEntries(Object.entries(data).map(([k, v]) => [k.toLowerCase(), v]));
  const reset = body.reset === true;
  const key = typeof body.key === 'string' ? body.key : '';
  if (!reset && key === '') return errorResponse(400, [ERR_UNSEAL_KEY_REQUIRED]);
  if (!(await seal.initialized())) return errorResponse(400, [ERR_NOT_INITIALIZED]);
  if (reset && !seal.sealed()) return errorResponse(400, [ERR_VAULT_UNSEALED]);
  if (!seal.sealed()) return { status: 200, body: await seal.status() };
  try {
    await seal.unseal(reset ? { reset: true } : { key });
  } catch (e) {
    if (e instanceof VaultError) return errorResponse(e.status, e.errors);
    throw e;
  }
  if (!seal.sealed()) await deps.afterUnseal();
  return { status: 200, body: await seal.status() };
}

async function rekey(deps: RawDeps, path: string, op: string, data: Record<string, unknown>): Promise<CoreResponse> {
  const { seal } = deps;
  if (!(await seal.initialized())) return errorResponse(400, [ERR_SERVER_NOT_INITIALIZED]);
  if (seal.sealed()) return errorResponse(503, [ERR_SEALED]);
  try {
    if (path === 'sys/rekey/init') {
      if (op === 'read') return { status: 200, body: await seal.rekeyStatus() };
      if (isWrite(op)) return { status: 200, body: await seal.rekeyInit(data) };
      if (op === 'delete') {
        await seal.rekeyCancel();
        return { status: 204 };
      }
      return methodNotAllowed();
    }
    if (path === 'sys/rekey/verify') {
      if (op === 'read') return { status: 200, body: await seal.rekeyVerifyStatus() };
      if (isWrite(op)) return { status: 200, body: await seal.rekeyVerifyUpdate(data) };
      if (op === 'delete') return { status: 200, body: await seal.rekeyVerifyRestart() };
      return methodNotAllowed();
    }
    if (!isWrite(op)) return methodNotAllowed();
    return { status: 200, body: await seal.rekeyUpdate(data) };
  } catch (e) {
    if (e instanceof VaultError) return errorResponse(e.status, e.errors);
    throw e;
  }
}
