// The logical part of the sys/ mount (vault/logical_system.go NewSystemBackend and
// logical_system_paths.go) as one framework path table: mounts and auth methods, policies,
// capabilities, audit devices, key status and rotation, the UI's mount listings, the plugin
// catalog and the OpenAPI document. The raw endpoints (init, seal-status, unseal, seal, health,
// leader, rekey) never reach here: core answers them before the router (http/sys_*.go).
import { ERR_AUTH_INVALID_ACCESSOR as ERR_INVALID_ACCESSOR, ERR_AUTH_MISSING_ACCESSOR as ERR_MISSING_ACCESSOR } from '../errors/auth.js';
import { ERR_INVALID_TOKEN, ERR_PATHS_REQUIRED, errPreflight } from '../errors/core.js';
import { GoError, VaultError, unsupportedError } from '../errors/vault-error.js';
import { ERR_UNSUPPORTED_PATH } from '../errors/core.js';
import { FrameworkBackend } from '../framework/backend.js';
import type { FieldData, PathSpec } from '../framework/types.js';
import type { LogicalRequest, LogicalResponse } from '../logical/types.js';
import { isAuthMount, type MountEntry } from './mounts.js';
import type { TokenInfo } from './ports.js';
import { implementedTypes } from './builtin-backends.js';
import type { SysContext } from './sys-context.js';
import { effectiveTtls, mountInfo } from './sys-mount-info.js';
import { leasePaths } from './sys-paths-leases.js';
import { mountPaths } from './sys-paths-mounts.js';
import { wrappingPaths } from './sys-paths-wrapping.js';
import { keyPaths } from './sys-paths-keys.js';

// vault/logical_system.go NewSystemBackend PathsSpecial (1.18: plus seal and step-down, which are raw here)
const ROOT_PATHS = [
  'auth/*', 'remount', 'audit', 'audit/*', 'raw', 'raw/*', 'rotate', 'config/cors', 'config/auditing/*',
  'config/ui/headers/*', 'plugins/catalog/*', 'revoke-prefix/*', 'revoke-force/*', 'leases/revoke-prefix/*',
  'leases/revoke-force/*', 'leases/lookup/*', 'leases', 'internal/inspect/*', 'storage/raft/snapshot-auto/config/*',
  'plugins/runtimes/catalog/*',
];
const UNAUTHENTICATED_PATHS = [
  'wrapping/lookup', 'wrapping/pubkey', 'replication/status', 'internal/specs/openapi', 'internal/ui/mounts',
  'internal/ui/mounts/*', 'internal/ui/namespaces', 'init', 'seal-status', 'unseal', 'leader', 'health',
  'generate-root/attempt', 'generate-root/update', 'decode-token', 'rekey/init', 'rekey/update', 'rekey/verify',
  'rekey-recovery-key/init', 'rekey-recovery-key/update', 'rekey-recovery-key/verify', 'mfa/validate',
];

async function callerToken(sys: SysContext, req: LogicalRequest): Promise<TokenInfo | undefined> {
  return req.clientToken ? sys.auth.resolveToken(req.clientToken) : undefined;
}

/** The mount's path as the UI and ACL see it (`auth/userpass/` for an auth mount). */
const aclPath = (e: MountEntry) => e.path;
const shownPath = (e: MountEntry) => (isAuthMount(e) ? e.path.slice('auth/'.length) : e.path);

async function uiMounts(sys: SysContext, req: LogicalRequest): Promise<LogicalResponse> {
  const token = await callerToken(sys, req);
  const secret: Record<string, unknown> = {};
  const auth: Record<string, unknown> = {};
  const rows = [...sys.mounts.entries].sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const e of rows) {
    const into = isAuthMount(e) ? auth : secret;
    if (token && (await sys.auth.hasMountAccess(token, aclPath(e)))) into[shownPath(e)] = mountInfo(e);
    else if (e.config.listing_visibility === 'unauth') into[shownPath(e)] = { description: e.description, options: e.options, type: e.type };
  }
  return { data: { auth, secret } };
}

/** vault/logical_system.go sanitizePath: a trailing slash added, leading slashes removed. */
function sanitizePath(path: string): string {
  const p = path.endsWith('/') ? path : path + '/';
  return p.replace(/^\/+/, '');
}

async function uiMount(sys: SysContext, req: LogicalRequest, target: string): Promise<LogicalResponse> {
  const routed = sys.mounts.route(target);
  const token = await callerToken(sys, req);
  const mountPath = routed ? routed.entry.path : target.endsWith('/') ? target : target + '/';
  // The refusal names the asked path as sanitizePath leaves it (trailing slash, no leading one),
  // not the mount (vault/logical_system.go pathInternalUIMountRead).
  if (!routed || !token || !(await sys.auth.hasMountAccess(token, mountPath))) throw new VaultError(403, errPreflight(sanitizePath(target)));
  // Since Vault 1.16 this read reports the effective TTLs, as tune read does (hashicorp/vault#23914).
  const info = mountInfo(routed.entry);
  const { defaultTtl, maxTtl } = effectiveTtls(routed.entry, sys.mounts.systemTtls);
  info.config = { ...(info.config as Record<string, unknown>), default_lease_ttl: defaultTtl, max_lease_ttl: maxTtl };
  return { data: { ...info, path: shownPath(routed.entry) } };
}

async function capabilities(sys: SysContext, req: LogicalRequest, data: FieldData, otherToken: boolean): Promise<LogicalResponse> {
  const paths = data.getFirst<string[]>('paths', 'path').value;
  if (paths.length === 0) throw new VaultError(400, ERR_PATHS_REQUIRED);
  const id = otherToken ? data.get<string>('token') : req.clientToken ?? '';
  const token = id ? await sys.auth.resolveToken(id) : undefined;
  if (!token) throw new VaultError(400, ERR_INVALID_TOKEN);
  return capabilitiesOf(sys, token, paths);
}

async function capabilitiesOf(sys: SysContext, token: TokenInfo, paths: string[]): Promise<LogicalResponse> {
  const out: Record<string, unknown> = {};
  for (const p of paths) out[p] = await sys.auth.capabilities(token, p);
  if (paths.length === 1) return { data: { capabilities: out[paths[0]!], ...out } };
  return { data: out };
}

// vault/logical_system.go handleCapabilitiesAccessor: the accessor's token, then as sys/capabilities
// (the accessor is checked before the paths; both refusals are 400s).
async function capabilitiesByAccessor(sys: SysContext, data: FieldData): Promise<LogicalResponse> {
  const accessor = data.get<string>('accessor');
  if (accessor === '') throw new VaultError(400, ERR_MISSING_ACCESSOR);
  const token = await sys.auth.lookupAccessor(accessor);
  if (!token) throw new VaultError(400, ERR_INVALID_ACCESSOR);
  const paths = data.getFirst<string[]>('paths', 'path').value;
  if (paths.length === 0) throw new VaultError(400, ERR_PATHS_REQUIRED);
  return capabilitiesOf(sys, token, paths);
}

// Help texts and field descriptions of the paths below are Vault's own, verbatim
// (vault/logical_system_paths.go capabilitiesPaths, sealPaths, internalPaths,
// pluginsCatalog*Path(s); the sysHelp map and sysHelpRoot of vault/logical_system.go).
const CAPABILITY_FIELDS = {
  token: { type: 'string', description: 'Token for which capabilities are being queried.' },
  path: { type: 'comma_string_slice', description: 'Use \'paths\' instead.', deprecated: true },
  paths: { type: 'comma_string_slice', description: 'Paths on which capabilities are being queried.' },
} as const;

const PLUGIN_CATALOG_HELP = `This path responds to the following HTTP methods.
\t\tLIST /
\t\t\tReturns a list of names of configured plugins.

\t\tGET /<name>
\t\t\tRetrieve the metadata for the named plugin.

\t\tPUT /<name>
\t\t\tAdd or update plugin.

\t\tDELETE /<name>
\t\t\tDelete the plugin with the given name.`;

/** The catalog's builders load with the first catalog request. */
const catalog = () => import('./plugin-catalog.js');

function miscPaths(sys: SysContext): PathSpec[] {
  const pluginTypes = () => ({ auth: implementedTypes('auth'), secret: implementedTypes('secret'), database: new Set<string>() });
  return [
    {
      pattern: 'capabilities$',
      fields: CAPABILITY_FIELDS,
      operations: { update: async (req, data) => capabilities(sys, req, data, true) },
      helpSynopsis: 'Fetches the capabilities of the given token on the given path.',
      helpDescription: `Returns the capabilities of the given token on the path.
\t\tThe path will be searched for a path match in all the policies associated with the token.`,
    },
    {
      pattern: 'capabilities-accessor$',
      fields: {
        accessor: { type: 'string', description: 'Accessor of the token for which capabilities are being queried.' },
        path: CAPABILITY_FIELDS.path,
        paths: CAPABILITY_FIELDS.paths,
      },
      operations: { update: async (_req, data) => capabilitiesByAccessor(sys, data) },
      helpSynopsis: 'Fetches the capabilities of the token associated with the given token, on the given path.',
      helpDescription: `When there is no access to the token, token accessor can be used to fetch the token's capabilities
		on a given path.`,
    },
    {
      pattern: 'capabilities-self$',
      fields: CAPABILITY_FIELDS,
      operations: { update: async (req, data) => capabilities(sys, req, data, false) },
      helpSynopsis: 'Fetches the capabilities of the given token on the given path.',
      helpDescription: `Returns the capabilities of the client token on the path.
\t\tThe path will be searched for a path match in all the policies associated with the client token.`,
    },
    {
      pattern: 'key-status$',
      operations: { read: async () => ({ data: sys.seal.keyStatus() }) },
      helpSynopsis: 'Provides information about the backend encryption key.',
      helpDescription: 'Provides the current backend encryption key term and installation time.',
    },
    {
      pattern: 'rotate$',
      operations: { update: async () => { await sys.seal.rotate(); return null; } },
      helpSynopsis: 'Rotates the backend encryption key used to persist data.',
      helpDescription: `Rotate generates a new encryption key which is used to encrypt all
\t\tdata going to the storage backend. The old encryption keys are kept so
\t\tthat data encrypted using those keys can still be decrypted.`,
    },
    {
      pattern: 'rotate/keyring$',
      notes: 'the path OpenBao names it by',
      operations: { update: async () => { await sys.seal.rotate(); return null; } },
      helpSynopsis: 'Rotates the backend encryption key used to persist data.',
      helpDescription: 'Rotate generates a new encryption key (the path OpenBao names it by).',
    },
    {
      pattern: 'internal/ui/mounts',
      operations: { read: async (req) => uiMounts(sys, req) },
      helpSynopsis: 'Information about mounts returned according to their tuned visibility. Internal API; its location, inputs, and outputs may change.',
      helpDescription: '',
    },
    {
      pattern: 'internal/ui/mounts/(?P<path>.+)',
      fields: { path: { type: 'string', description: 'The path of the mount.' } },
      operations: { read: async (req) => uiMount(sys, req, req.captures.path!) },
      helpSynopsis: 'Information about mounts returned according to their tuned visibility. Internal API; its location, inputs, and outputs may change.',
      helpDescription: '',
    },
    {
      pattern: 'internal/specs/openapi',
      fields: {
        context: { type: 'string', description: 'Context string appended to every operationId' },
        generic_mount_paths: { type: 'bool', default: false, description: 'Use generic mount paths' },
      },
      operations: {
        read: async (req, data) => ({ raw: { body: await sys.openApi(req.clientToken, data.get<boolean>('generic_mount_paths')) } }),
        update: async (req, data) => ({ raw: { body: await sys.openApi(req.clientToken, data.get<boolean>('generic_mount_paths')) } }),
      },
      helpSynopsis: 'Generate an OpenAPI 3 document of all mounted paths.',
    },
    {
      pattern: 'plugins/catalog/?$',
      operations: { read: async () => ({ data: (await catalog()).catalogListing(pluginTypes()) }) },
      helpSynopsis: 'Lists all the plugins known to Vault',
      helpDescription: `This path responds to the following HTTP methods.
\t\tLIST /
\t\t\tReturns a list of names of configured plugins.`,
    },
    {
      pattern: 'plugins/catalog/(?P<type>auth|database|secret)/?$',
      fields: { type: { type: 'string', description: 'The type of the plugin, may be auth, secret, or database' } },
      operations: { list: async (req) => ({ data: { keys: (await catalog()).catalogTypeKeys(req.captures.type!, pluginTypes()) } }) },
      helpSynopsis: 'Configures the plugins known to Vault',
      helpDescription: PLUGIN_CATALOG_HELP,
    },
    {
      pattern: 'plugins/catalog(/(?P<type>auth|database|secret))?/(?P<name>.+)',
      fields: {
        type: { type: 'string', description: 'The type of the plugin, may be auth, secret, or database' },
        name: { type: 'string', description: 'The name of the plugin' },
        version: { type: 'string', description: 'The semantic version of the plugin to use, or image tag if oci_image is provided.' },
      },
      operations: {
        read: async (req) => {
          const entry = (await catalog()).catalogEntry(req.captures.type || 'unknown', req.captures.name!, pluginTypes());
          return entry === undefined ? null : { data: entry };
        },
      },
      helpSynopsis: 'Configures the plugins known to Vault',
      helpDescription: PLUGIN_CATALOG_HELP,
      notes: 'read only: minivault runs builtins, no external plugins',
    },
  ];
}

/** `mounts/` (LIST sys/mounts) is no path of Vault's either, though its root is served. */
function isServedExactly(backend: FrameworkBackend, path: string): boolean {
  return backend.route(path.replace(/\/$/, '')) !== undefined;
}

export const SYS_HELP = `The system backend is built-in to Vault and cannot be remounted or
unmounted. It contains the paths that are used to configure Vault itself
as well as perform core operations.`;

// The sys/ path roots Vault 1.18.1 serves that minivault does not (vault/logical_system_paths.go,
// http/handler.go): a miss under one of these is marked x-minivault-unsupported; any other miss is
// an ordinary `unsupported path`, as Vault answers it.
const VAULT_SYS_ROOTS = new Set([
  'activity', 'capabilities-accessor', 'config', 'control-group', 'decode-token', 'experiments', 'generate-root',
  'generate-recovery-token', 'ha-status', 'host-info', 'in-flight-req', 'internal', 'leases', 'license', 'locked-users',
  'loggers', 'metrics', 'mfa', 'monitor', 'namespaces', 'plugins', 'policies', 'pprof', 'quotas', 'raw', 'rekey',
  'rekey-recovery-key', 'remount', 'renew', 'replication', 'revoke', 'revoke-force', 'revoke-prefix', 'rotate',
  'seal-backend-status', 'step-down', 'storage', 'sync', 'tools', 'unseal', 'version-history', 'wrapping', 'managed-keys',
  'billing', 'reporting', 'seal-status', 'leader', 'health', 'init', 'seal', 'key-status', 'audit', 'audit-hash', 'auth',
  'mounts', 'policy', 'capabilities', 'capabilities-self', 'counters', 'lease', 'internal/ui', 'well-known', 'event',
]);

/** The sys/ backend. A path it does not serve that Vault has is marked as minivault's gap. */
export function createSysBackend(sys: SysContext): FrameworkBackend {
  const backend = new FrameworkBackend('system', {
    help: SYS_HELP,
    backendType: 'logical',
    pathsSpecial: { root: ROOT_PATHS, unauthenticated: UNAUTHENTICATED_PATHS },
    paths: [...mountPaths(sys), ...sys.auth.policyPaths(), ...sys.audit.paths(), ...leasePaths(sys), ...wrappingPaths(sys), ...miscPaths(sys), ...keyPaths(sys)],
  });
  const handle = backend.handle.bind(backend);
  backend.handle = async (req) => {
    try {
      return await handle(req);
    } catch (e) {
      const root = req.path.split('/')[0] ?? '';
      if (e instanceof GoError && e.plain === ERR_UNSUPPORTED_PATH && VAULT_SYS_ROOTS.has(root) && !isServedExactly(backend, req.path)) {
        throw unsupportedError(e);
      }
      throw e;
    }
  };
  return backend;
}
