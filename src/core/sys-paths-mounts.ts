// The mount-table paths of sys/ (vault/logical_system_paths.go mountPaths, authPaths,
// remountPaths; handlers in vault/logical_system.go): list, read, enable, disable and tune
// secrets engines and auth methods, and move a mount with sys/remount.
import { VaultError } from '../errors/vault-error.js';
import {
  ERR_AUTH_TUNE_PATH_READ, ERR_AUTH_TUNE_PATH_WRITE, ERR_REMOUNT_NON_PRINTABLE, ERR_REMOUNT_PATHS, ERR_TOKEN_BACKEND_DISABLE,
  WARN_REMOUNT_QUEUED, errCannotRemount, errCannotUnmount, errNoAuthAt, errNoMountAt, errRemountAuthToNonAuth,
  errRemountDestAuth, errRemountDestSecrets, errRemountInUse, errRemountNoSource, errRemountNotClean, errRemountWhitespace,
} from '../errors/mounts.js';
import type { FieldSchemas, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { randomUUID } from '../util/random.js';
import { PROTECTED_PREFIXES, isAuthMount } from './mounts.js';
import type { SysContext } from './sys-context.js';
import { mountInfo, normaliseMountPath } from './sys-mount-info.js';

// The enable and tune checks load with the first enable or tune (start-up stays cheap).
const enabling = () => import('./sys-enable.js');
const tuning = () => import('./sys-tune.js');


// Help texts and field descriptions are Vault's own, verbatim: vault/logical_system_paths.go
// mountPaths, authPaths and remountPaths, most of them strings.TrimSpace(sysHelp[…]) from the
// sysHelp map of vault/logical_system.go (Vault 1.18.1).
const LOCAL_DESCRIPTION = `Mark the mount as a local mount, which is not replicated
and is unaffected by replication.`;
const PLUGIN_VERSION_DESCRIPTION = 'The semantic version of the plugin to use, or image tag if oci_image is provided.';

const ENABLE_FIELDS: FieldSchemas = {
  path: { type: 'string', description: 'The path to mount to. Example: "aws/east"' },
  type: { type: 'string', description: 'The type of the backend. Example: "passthrough"' },
  description: { type: 'string', description: 'User-friendly description for this mount.' },
  config: { type: 'map', description: `Configuration for this mount, such as default_lease_ttl
and max_lease_ttl.` },
  local: { type: 'bool', default: false, description: LOCAL_DESCRIPTION },
  seal_wrap: { type: 'bool', default: false, description: 'Whether to turn on seal wrapping for the mount.' },
  external_entropy_access: { type: 'bool', default: false, description: 'Whether to give the mount access to Vault\'s external entropy.' },
  plugin_name: { type: 'string', description: `Name of the plugin to mount based from the name registered
in the plugin catalog.` },
  plugin_version: { type: 'string', description: PLUGIN_VERSION_DESCRIPTION },
  options: { type: 'kvpairs', description: 'The options to pass into the backend. Should be a json object with string keys and values.' },
};

/** The same fields for sys/auth/:path, where Vault describes some of them differently. */
const AUTH_ENABLE_FIELDS: FieldSchemas = {
  ...ENABLE_FIELDS,
  path: { type: 'string', description: 'The path to mount to. Cannot be delimited. Example: "user"' },
  type: { type: 'string', description: 'The type of the backend. Example: "userpass"' },
  description: { type: 'string', description: 'User-friendly description for this credential backend.' },
  config: { type: 'map', description: 'Configuration for this mount, such as plugin_name.' },
  plugin_name: { type: 'string', description: 'Name of the auth plugin to use based from the name in the plugin catalog.' },
};

function sortedRows(sys: SysContext, auth: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const rows = sys.mounts.entries.filter((e) => isAuthMount(e) === auth).sort((a, b) => (a.path < b.path ? -1 : 1));
  for (const e of rows) data[auth ? e.path.slice('auth/'.length) : e.path] = mountInfo(e);
  return data;
}

/** Every lease and token under the mount is revoked, then the data goes (mount.go unmountInternal). */
async function disable(sys: SysContext, path: string): Promise<null> {
  if (!sys.mounts.find(path)) return null;
  await sys.revokePrefix(path);
  await sys.mounts.remove(path);
  return null;
}

const hasSpaceAtEnds = (s: string) => s !== s.trim();
const PRINTABLE = /^[\x20-\x7e\u00a0-\uffff]*$/;

/** Go's path.Clean of a mount path, with the trailing slash put back (sanitizePath). */
function cleanMountPath(p: string): string {
  const out: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return out.join('/') + '/';
}

async function remount(sys: SysContext, fromRaw: string, toRaw: string): Promise<LogicalResponse> {
  if (fromRaw === '' || toRaw === '') throw new VaultError(400, ERR_REMOUNT_PATHS);
  if (hasSpaceAtEnds(fromRaw)) throw new VaultError(400, errRemountWhitespace('from'));
  if (hasSpaceAtEnds(toRaw)) throw new VaultError(400, errRemountWhitespace('to'));
  const from = normaliseMountPath(fromRaw);
  const to = normaliseMountPath(toRaw);
  if (!PRINTABLE.test(to)) throw new VaultError(400, ERR_REMOUNT_NON_PRINTABLE);
  if (cleanMountPath(to) !== to) throw new VaultError(400, errRemountNotClean(to, cleanMountPath(to)));
  const authFrom = from.startsWith('auth/');
  if (authFrom && !to.startsWith('auth/')) throw new VaultError(400, errRemountAuthToNonAuth(to));
  if (authFrom) {
    if (from.startsWith('auth/token/')) throw new VaultError(400, errCannotRemount(from));
    if (to.startsWith('auth/token/')) throw new VaultError(400, errRemountDestAuth(to));
  } else {
    // handleRemount walks protectedMounts once, source then destination for each prefix.
    for (const p of PROTECTED_PREFIXES) {
      if (from.startsWith(p)) throw new VaultError(400, errCannotRemount(from));
      if (to.startsWith(p)) throw new VaultError(400, errRemountDestSecrets(to));
    }
  }
  if (!sys.mounts.find(from)) throw new VaultError(400, errRemountNoSource(from));
  const taken = sys.mounts.routeConflict(to);
  if (taken) throw new VaultError(400, errRemountInUse(taken.path));
  const id = randomUUID(sys.random);
  const info = { source_mount: from, target_mount: to, status: 'in-progress' as const };
  sys.migrations.set(id, info);
  // Vault moves asynchronously; here the move is done before the answer, so the status reads success.
  await sys.revokePrefix(from);
  await sys.mounts.move(from, to);
  sys.migrations.set(id, { ...info, status: 'success' });
  return { data: { migration_id: id }, warnings: [WARN_REMOUNT_QUEUED] };
}

export const TUNE_FIELDS: FieldSchemas = {
  default_lease_ttl: { type: 'string', description: 'The default lease TTL for this mount.' },
  max_lease_ttl: { type: 'string', description: 'The max lease TTL for this mount.' },
  description: { type: 'string', description: 'User-friendly description for this credential backend.' },
  audit_non_hmac_request_keys: { type: 'comma_string_slice', description: "The list of keys in the request data object that will not be HMAC'd by audit devices." },
  audit_non_hmac_response_keys: { type: 'comma_string_slice', description: "The list of keys in the response data object that will not be HMAC'd by audit devices." },
  options: { type: 'kvpairs', description: 'The options to pass into the backend. Should be a json object with string keys and values.' },
  listing_visibility: { type: 'string', description: "Determines the visibility of the mount in the UI-specific listing endpoint. Accepted value are 'unauth' and 'hidden', with the empty default ('') behaving like 'hidden'." },
  passthrough_request_headers: { type: 'comma_string_slice', description: 'A list of headers to whitelist and pass from the request to the plugin.' },
  allowed_response_headers: { type: 'comma_string_slice', description: 'A list of headers to whitelist and allow a plugin to set on responses.' },
  // Vault reads sysHelp["tune_allowed_managed_keys"], a key its map lacks: the description is empty.
  allowed_managed_keys: { type: 'comma_string_slice', description: '' },
  token_type: { type: 'string', description: 'The type of token to issue (service or batch).' },
  plugin_version: { type: 'string', description: PLUGIN_VERSION_DESCRIPTION },
  user_lockout_config: { type: 'map', description: 'The user lockout configuration to pass into the backend. Should be a json object with string keys and values.' },
};

const mountPath = { type: 'string', description: 'The path to mount to. Example: "aws/east"' } as const;

export function mountPaths(sys: SysContext): PathSpec[] {
  return [
    {
      pattern: 'mounts/(?P<path>.+?)/tune$',
      fields: { path: mountPath, ...TUNE_FIELDS },
      operations: {
        read: async (req) => (await tuning()).readTune(sys, req.captures.path!),
        update: async (req, data) => (await tuning()).writeTune(sys, req.captures.path!, data),
      },
      helpSynopsis: 'Tune backend configuration parameters for this mount.',
      helpDescription: `Read and write the 'default-lease-ttl' and 'max-lease-ttl' values of
the mount.`,
    },
    {
      pattern: 'mounts/(?P<path>.+?)',
      fields: ENABLE_FIELDS,
      operations: {
        read: async (req) => {
          const path = normaliseMountPath(req.captures.path!);
          const routed = sys.mounts.route(path);
          if (!routed) throw new VaultError(400, errNoMountAt(path));
          return { data: mountInfo(routed.entry) };
        },
        update: { handler: async (req, data) => (await enabling()).enableSecrets(sys, req.captures.path!, data), notes: 'the types minivault implements (sections below; generic = KV v1); other Vault builtins answer 400 with x-minivault-unsupported' },
        delete: async (req) => {
          // handleUnmount: no mount exactly there is a 204 before anything else is checked.
          const path = normaliseMountPath(req.captures.path!);
          if (!sys.mounts.find(path)) return null;
          if (PROTECTED_PREFIXES.some((p) => path.startsWith(p))) throw new VaultError(400, errCannotUnmount(path));
          return disable(sys, path);
        },
      },
      helpSynopsis: 'Mount a new backend at a new path.',
      helpDescription: `Mount a backend at a new path. A backend can be mounted multiple times at
multiple paths in order to configure multiple separately configured backends.
Example: you might have an AWS backend for the east coast, and one for the
west coast.`,
    },
    {
      pattern: 'mounts$',
      operations: { read: async () => ({ data: sortedRows(sys, false) }) },
      notes: 'top-level data injection',
      helpSynopsis: 'List the currently mounted backends.',
      helpDescription: `This path responds to the following HTTP methods.

    GET /
        Lists all the mounted secret backends.

    GET /<mount point>
        Get information about the mount at the specified path.

    POST /<mount point>
        Mount a new secret backend to the mount point in the URL.

    POST /<mount point>/tune
        Tune configuration parameters for the given mount point.

    DELETE /<mount point>
        Unmount the specified mount point.`,
    },
    {
      pattern: 'remount',
      fields: {
        from: { type: 'string', description: 'The previous mount point.' },
        to: { type: 'string', description: 'The new mount point.' },
      },
      operations: { update: async (_req, data) => remount(sys, data.get<string>('from'), data.get<string>('to')) },
      notes: 'the move is done before the answer: its status reads success at once',
      helpSynopsis: 'Move the mount point of an already-mounted backend, within or across namespaces',
      helpDescription: `This path responds to the following HTTP methods.

    POST /sys/remount
        Changes the mount point of an already-mounted backend.`,
    },
    {
      pattern: 'remount/status/(?P<migration_id>.+?)$',
      fields: { migration_id: { type: 'string', description: 'The ID of the migration operation' } },
      operations: {
        read: async (req) => {
          const id = req.captures.migration_id!;
          const info = sys.migrations.get(id);
          if (!info) return null;
          return { data: { migration_id: id, migration_info: { ...info } } };
        },
      },
      helpSynopsis: 'Check the status of a mount move operation',
      helpDescription: `This path responds to the following HTTP methods.
    GET /sys/remount/status/:migration_id
\t\tCheck the status of a mount move operation for the given migration_id`,
    },
    ...authPaths(sys),
  ];
}

function authPaths(sys: SysContext): PathSpec[] {
  return [
    {
      pattern: 'auth$',
      operations: { read: async () => ({ data: sortedRows(sys, true) }) },
      helpSynopsis: 'List the currently enabled credential backends.',
      helpDescription: `This path responds to the following HTTP methods.

    GET /
        List the currently enabled credential backends: the name, the type of
        the backend, and a user friendly description of the purpose for the
        credential backend.

    POST /<mount point>
        Enable a new auth method.

    DELETE /<mount point>
        Disable the auth method at the given mount point.`,
    },
    {
      pattern: 'auth/(?P<path>.+?)/tune$',
      fields: { path: { type: 'string', description: 'Tune the configuration parameters for an auth path.' }, ...TUNE_FIELDS },
      operations: {
        read: async (req) => {
          if (req.captures.path === '') throw new VaultError(400, ERR_AUTH_TUNE_PATH_READ);
          return (await tuning()).readTune(sys, `auth/${req.captures.path}`);
        },
        update: async (req, data) => {
          if (req.captures.path === '') throw new VaultError(400, ERR_AUTH_TUNE_PATH_WRITE);
          return (await tuning()).writeTune(sys, `auth/${req.captures.path}`, data);
        },
      },
      helpSynopsis: 'Tune the configuration parameters for an auth path.',
      helpDescription: `Read and write the 'default-lease-ttl' and 'max-lease-ttl' values of
the auth path.`,
    },
    {
      pattern: 'auth/(?P<path>.+)',
      fields: AUTH_ENABLE_FIELDS,
      operations: {
        read: async (req) => {
          const bare = normaliseMountPath(req.captures.path!);
          const e = sys.mounts.find(`auth/${bare}`);
          if (!e) throw new VaultError(400, errNoAuthAt(bare));
          return { data: mountInfo(e) };
        },
        update: { handler: async (req, data) => (await enabling()).enableAuth(sys, req.captures.path!, data), notes: 'the auth methods minivault implements (sections below); other Vault builtins answer 400 with x-minivault-unsupported' },
        delete: async (req) => {
          const bare = normaliseMountPath(req.captures.path!);
          if (bare === 'token/') throw new VaultError(400, ERR_TOKEN_BACKEND_DISABLE);
          return disable(sys, `auth/${bare}`);
        },
      },
      helpSynopsis: 'Enable a new credential backend with a name.',
      helpDescription: `Enable a credential mechanism at a new path. A backend can be mounted multiple times at
multiple paths in order to configure multiple separately configured backends.
Example: you might have an OAuth backend for GitHub, and one for Google Apps.`,
    },
  ];
}
