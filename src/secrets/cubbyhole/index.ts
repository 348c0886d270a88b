// The cubbyhole secrets engine (vault/logical_cubbyhole.go): per-token private storage. The router
// hands this backend the token's cubbyhole id in place of the client token (vault/router.go
// routeCommon, the cubbyhole case), and every entry lives under that id, so no token — not even
// root — sees another's entries; core destroys the whole sub-tree when the token is revoked.
import { GoError } from '../../errors/vault-error.js';
import { ERR_CUBBYHOLE_MISSING_DATA, ERR_CUBBYHOLE_MISSING_PATH } from '../../errors/cubbyhole.js';
import { FrameworkBackend } from '../../framework/backend.js';
import type { FrameworkRequest } from '../../framework/types.js';
import type { Backend, BackendConfig, LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { stringifyJson } from '../../util/json-iter.js';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

const HELP = `
The cubbyhole backend reads and writes arbitrary secrets to the backend.
The secrets are encrypted/decrypted by Vault: they are never stored
unencrypted in the backend and the backend never has an opportunity to
see the unencrypted value.

This backend differs from the 'kv' backend in that it is namespaced
per-token. Tokens can only read and write their own values, with no
sudo bypass available. Revocation of a token causes all the values in its
cubbyhole to be destroyed.
`;

/** The key of an entry: the cubbyhole id, then the path inside it. */
function keyOf(req: FrameworkRequest): string {
  return `${req.clientToken ?? ''}/${req.path}`;
}

export class CubbyholeBackend extends FrameworkBackend {
  constructor(storage: Storage) {
    const read = async (req: FrameworkRequest): Promise<LogicalResponse | null> => {
      if (req.path === '') throw new GoError(500, ERR_CUBBYHOLE_MISSING_PATH);
      const raw = await storage.get(keyOf(req));
      return raw === undefined ? null : { data: JSON.parse(decoder.decode(raw)) as Record<string, unknown> };
    };
    const write = async (req: FrameworkRequest): Promise<null> => {
      if (req.path === '') throw new GoError(500, ERR_CUBBYHOLE_MISSING_PATH);
      if (Object.keys(req.data ?? {}).length === 0) throw new GoError(500, ERR_CUBBYHOLE_MISSING_DATA);
      await storage.put(keyOf(req), encoder.encode(stringifyJson(req.data)));
      return null;
    };
    super('cubbyhole', {
      help: HELP,
      backendType: 'logical',
      paths: [{
        pattern: '.*',
        takesArbitraryInput: true,
        existenceCheck: async (req) => (await storage.get(keyOf(req))) !== undefined,
        operations: {
          read,
          create: write,
          update: write,
          delete: async (req) => {
            if (req.path === '') throw new GoError(500, ERR_CUBBYHOLE_MISSING_PATH);
            await storage.delete(keyOf(req));
            return null;
          },
          list: async (req) => {
            const keys = await storage.list(`${req.clientToken ?? ''}/${req.path}`);
            return { data: { keys } };
          },
        },
        helpSynopsis: 'Pass-through secret storage to a token-specific cubbyhole in the storage backend, allowing you to read/write arbitrary data into secret storage.',
        helpDescription: 'The cubbyhole backend reads and writes arbitrary data into secret storage, encrypting it along the way.\n\nThe view into the cubbyhole storage space is different for each token; it is a per-token cubbyhole. When the token is revoked all values are destroyed.',
      }],
    });
  }
}

export function factory(config: BackendConfig): Backend {
  return new CubbyholeBackend(config.storage);
}
