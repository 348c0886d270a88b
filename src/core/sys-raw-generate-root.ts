// The raw `sys/generate-root/*` endpoints (http/sys_generate_root.go handleSysGenerateRootAttempt,
// handleSysGenerateRootUpdate), answered by core before the router like the other raw sys
// endpoints (sys-raw.ts): unauthenticated, flat JSON bodies. The seal does the work (src/barrier/
// generate-root.ts); core lends it `createRootToken` to mint the new root token at the threshold.
import { ERR_SEALED } from '../errors/core.js';
import { ERR_HTTP_EOF } from '../errors/http.js';
import { VaultError } from '../errors/vault-error.js';
import { errorResponse } from './envelope.js';
import type { SealPort } from './ports.js';
import type { CoreResponse } from './types.js';

export interface GenerateRootDeps {
  seal: SealPort;
  /** A new root token from the unsealed token store; undefined while sealed. */
  createRootToken(): Promise<string> | undefined;
}

/**
 * GET/PUT/POST/DELETE sys/generate-root/attempt and sys/generate-root/update. `data` is the
 * request body as parsed, undefined when there was none (the update handler's io.EOF).
 */
export async function handleGenerateRoot(
  deps: GenerateRootDeps, path: string, operation: string, data: Record<string, unknown> | undefined,
): Promise<CoreResponse> {
  const { seal } = deps;
  try {
    if (path === 'sys/generate-root/attempt') {
      switch (operation) {
        case 'read': return { status: 200, body: await seal.generateRootStatus() };
        case 'create':
        case 'update': return { status: 200, body: await seal.generateRootInit(data) };
        case 'delete':
          await seal.generateRootCancel();
          return { status: 204 };
        default: return errorResponse(405, []);
      }
    }
    // handleSysGenerateRootUpdate looks at no method; it parses the body first.
    if (data === undefined) return errorResponse(400, [ERR_HTTP_EOF]);
    const mint = () => deps.createRootToken() ?? Promise.reject(new VaultError(503, ERR_SEALED));
    return { status: 200, body: await seal.generateRootUpdate(data, mint) };
  } catch (e) {
    if (e instanceof VaultError) return errorResponse(e.status, e.errors);
    throw e;
  }
}
