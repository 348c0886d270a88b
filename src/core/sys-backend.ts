// The logical part of the sys/ mount (vault/logical_system.go, logical_system_paths.go): mounts,
// policies, capabilities, audit devices, key status and rotation. The raw endpoints (init,
// seal-status, unseal, seal, health, leader, rekey) never reach here: core answers them before
// the router (http/sys_*.go).
import { VaultError } from '../errors/vault-error.js';
import { ERR_PATHS_REQUIRED, ERR_UNSUPPORTED_OPERATION, ERR_UNSUPPORTED_PATH, errPreflight, multierror } from '../errors/core.js';
import type { Backend, LogicalRequest, LogicalResponse } from '../logical/types.js';
import type { MountTable } from './mounts.js';
import type { AuditPort, AuthPort, SealPort } from './ports.js';
import {
  disableMount, enableMount, internalUiMount, listAuthMounts, listMounts, readMount, readTune, writeTune,
} from './sys-mounts.js';

/** Thrown for sys paths Vault has and minivault does not: answered 404 with X-Minivault-Unsupported. */
export class UnsupportedPathError extends VaultError {
  readonly unsupported = true;
  constructor() {
    super(404, multierror(ERR_UNSUPPORTED_PATH));
  }
}

export function unsupportedOperation(): VaultError {
  return new VaultError(405, multierror(ERR_UNSUPPORTED_OPERATION));
}

export interface SysDeps {
  mounts: MountTable;
  auth: AuthPort;
  audit: AuditPort;
  seal: SealPort;
}

export class SysBackend implements Backend {
  readonly type = 'system';
  constructor(private readonly deps: SysDeps) {}

  async handle(req: LogicalRequest): Promise<LogicalResponse | null> {
    const { path, operation: op } = req;
    const { mounts } = this.deps;
    if (path === 'mounts' || path === 'mounts/') {
      if (op === 'read') return listMounts(mounts);
      throw unsupportedOperation();
    }
    if (path.startsWith('mounts/')) {
      const rest = path.slice('mounts/'.length);
      if (rest.endsWith('/tune')) {
        const m = rest.slice(0, -'/tune'.length);
        if (op === 'read') return readTune(mounts, m);
        if (op === 'update' || op === 'create') return writeTune(mounts, m, req.data);
        throw unsupportedOperation();
      }
      if (op === 'read') return readMount(mounts, rest);
      if (op === 'update' || op === 'create') return enableMount(mounts, rest, req.data);
      if (op === 'delete') return disableMount(mounts, rest);
      throw unsupportedOperation();
    }
    if (path === 'auth' || path === 'auth/') {
      if (op === 'read') return listAuthMounts(mounts);
      throw unsupportedOperation();
    }
    if (path.startsWith('internal/ui/mounts/')) return this.#uiMount(req, path.slice('internal/ui/mounts/'.length));
    if (path.startsWith('policies/acl') || path === 'policy' || path.startsWith('policy/')) {
      return this.deps.auth.handlePolicyRequest(req);
    }
    if (path === 'capabilities-self' || path === 'capabilities') return this.#capabilities(req, path === 'capabilities');
    if (path === 'key-status') {
      if (op !== 'read') throw unsupportedOperation();
      return { data: this.deps.seal.keyStatus() };
    }
    if (path === 'rotate' || path === 'rotate/keyring') {
      if (op !== 'update' && op !== 'create') throw unsupportedOperation();
      await this.deps.seal.rotate();
      return null;
    }
    if (path === 'audit' || path.startsWith('audit/') || path.startsWith('audit-hash/')) return this.deps.audit.handle(req);
    throw new UnsupportedPathError();
  }

  async #uiMount(req: LogicalRequest, target: string): Promise<LogicalResponse> {
    const info = internalUiMount(this.deps.mounts, target);
    const token = req.clientToken ? await this.deps.auth.resolveToken(req.clientToken) : undefined;
    const mountPath = typeof info?.path === 'string' ? info.path : target.endsWith('/') ? target : target + '/';
    if (!info || !token || !(await this.deps.auth.hasMountAccess(token, mountPath))) {
      throw new VaultError(403, errPreflight(mountPath));
    }
    return { data: info };
  }

  async #capabilities(req: LogicalRequest, otherToken: boolean): Promise<LogicalResponse> {
    if (req.operation !== 'update' && req.operation !== 'create') throw unsupportedOperation();
    const raw = req.data.paths ?? req.data.path;
    const paths = Array.isArray(raw) ? raw.map(String) : typeof raw === 'string' && raw !== '' ? raw.split(',').map((s) => s.trim()) : [];
    if (paths.length === 0) throw new VaultError(400, ERR_PATHS_REQUIRED);
    const id = otherToken ? String(req.data.token ?? '') : req.clientToken ?? '';
    const token = id ? await this.deps.auth.resolveToken(id) : undefined;
    if (!token) throw new VaultError(400, 'invalid token');
    const data: Record<string, unknown> = {};
    for (const p of paths) data[p] = await this.deps.auth.capabilities(token, p);
    if (paths.length === 1) return { data: { capabilities: data[paths[0]!], ...data } };
    return { data };
  }
}
