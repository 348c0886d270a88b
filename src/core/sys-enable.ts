// Enabling a secrets engine or an auth method (vault/logical_system.go handleMount and
// handleEnableAuth; vault/mount.go mountInternal; vault/auth.go enableCredentialInternal), with
// Vault's checks in Vault's order. Every conflict is a 400 even though Vault builds some as 403
// or 409: the system handler answers them as error responses. Nothing is written until every
// check passed and the backend was built.
import { VaultError, unsupportedError } from '../errors/vault-error.js';
import {
  ERR_BACKEND_PATH_REQUIRED, ERR_MOUNT_TYPE_REQUIRED, ERR_PLUGIN_NAME_REQUIRED, ERR_TOKEN_BACKEND_INSTANTIATE,
  WARN_DEPRECATED_BUILTIN, errAuthVersionNotAllowed, errCannotMount, errExistingMount, errMinivaultUnsupportedType,
  errMountInUse, errNilKvBackend, errNonBuiltinVersion, errNotMountable, errNotSemver, errRemovedBuiltin,
  errUnknownBackendType, errVersionNotAllowed,
} from '../errors/mounts.js';
import type { FieldData } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { errPendingRemovalBuiltin } from '../errors/plugins.js';
import { isImplemented, type BackendKind } from './builtin-backends.js';
import { PROTECTED_PREFIXES, SINGLETON_TYPES, type MountEntry } from './mounts.js';
import { lookupBuiltin, runningPluginVersion, vaultCanMount } from './plugin-registry.js';
import type { SysContext } from './sys-context.js';
import { checkListingVisibility, parseMountConfig } from './sys-mount-config.js';
import { normaliseMountPath } from './sys-mount-info.js';

// hashicorp/go-version's pattern, loosely: what Vault accepts as a plugin version.
const SEMVER = /^v?\d+(\.\d+){0,2}(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/;

/** Vault's check of config.plugin_version for a builtin (logical_system.go validateVersion). */
function checkPluginVersion(kind: BackendKind, type: string, version: string): void {
  if (version === '' || version === runningPluginVersion(kind, type)) return;
  if (!SEMVER.test(version)) throw new VaultError(400, errNotSemver(version, `Malformed version: ${version}`));
  if (type === 'kv') throw new VaultError(400, errNonBuiltinVersion(kind === 'auth' ? 'auth' : 'secrets', type));
  throw new VaultError(400, `${errUnknownBackendType(type)}, version=${version}`);
}

/** The deprecation handling of mount.go handleDeprecatedMountEntry: a warning, or a refusal. */
function deprecationWarnings(kind: BackendKind, type: string): string[] {
  const status = lookupBuiltin(kind, type)?.status;
  if (status === 'removed') throw new VaultError(400, errRemovedBuiltin(type));
  if (status === 'pending removal') throw new VaultError(400, errPendingRemovalBuiltin(type));
  return status === 'deprecated' ? [WARN_DEPRECATED_BUILTIN] : [];
}

/** Known to Vault 1.18.1 but not here: minivault says so; unknown to Vault: Vault's own words. */
function unknownType(kind: BackendKind, type: string): VaultError {
  if (lookupBuiltin(kind, type) !== undefined || vaultCanMount(kind, type)) {
    return unsupportedError(new VaultError(400, errMinivaultUnsupportedType(kind === 'auth' ? 'auth' : 'secrets', type)));
  }
  return new VaultError(400, errUnknownBackendType(type));
}

function readOptions(data: FieldData): Record<string, string> | null {
  const { value, ok } = data.getOk<Record<string, string>>('options');
  // `options` absent: the field's zero value {} is stored; sent as null: null is stored.
  if (ok && data.raw.options === null) return null;
  return ok ? { ...value } : {};
}

function commonType(data: FieldData): string {
  let type = data.get<string>('type');
  if (type === '') throw new VaultError(400, ERR_MOUNT_TYPE_REQUIRED);
  if (type === 'plugin') {
    type = data.get<string>('plugin_name');
    if (type === '') throw new VaultError(400, ERR_PLUGIN_NAME_REQUIRED);
  }
  return type;
}

async function build(sys: SysContext, entry: MountEntry, warnings: string[]): Promise<LogicalResponse | null> {
  const backend = await sys.mounts.build(entry);
  if (backend === undefined) throw new VaultError(400, errNilKvBackend(entry.type));
  await sys.mounts.addBuilt(entry, backend);
  return warnings.length > 0 ? { data: null, warnings } : null;
}

/** POST sys/mounts/:path. */
export async function enableSecrets(sys: SysContext, rawPath: string, data: FieldData): Promise<LogicalResponse | null> {
  const path = normaliseMountPath(rawPath);
  const { config, pluginVersion } = parseMountConfig(data.raw.config, false, sys.mounts.systemTtls);
  let type = commonType(data);
  let options = readOptions(data);
  if (type === 'kv-v1' || type === 'kv-v2') {
    options = { ...(options ?? {}), version: type === 'kv-v2' ? '2' : '1' };
    type = 'kv';
  }
  if (options?.version !== undefined && options.version !== '' && type !== 'kv') throw new VaultError(400, errVersionNotAllowed(type));
  checkPluginVersion('secret', type, pluginVersion);
  checkListingVisibility(config);
  const warnings = deprecationWarnings('secret', type);
  if (PROTECTED_PREFIXES.some((p) => path.startsWith(p))) throw new VaultError(400, errCannotMount(path));
  if (SINGLETON_TYPES.includes(type)) throw new VaultError(400, errNotMountable(type));
  const inUse = sys.mounts.conflict(path);
  if (inUse) throw new VaultError(400, errMountInUse(inUse.path));
  const routeConflict = sys.mounts.routeConflict(path);
  if (routeConflict) throw new VaultError(400, errExistingMount(routeConflict.path));
  if (!isImplemented('secret', type)) throw unknownType('secret', type);
  const entry = sys.mounts.newEntry(path, type, {
    description: data.get<string>('description'), config, options,
    local: data.get<boolean>('local'), seal_wrap: data.get<boolean>('seal_wrap'),
    external_entropy_access: data.get<boolean>('external_entropy_access'),
  });
  return build(sys, entry, warnings);
}

/** POST sys/auth/:path. `rawPath` is the bare path (no `auth/`). */
export async function enableAuth(sys: SysContext, rawPath: string, data: FieldData): Promise<LogicalResponse | null> {
  const { config, pluginVersion } = parseMountConfig(data.raw.config, true, sys.mounts.systemTtls);
  const type = commonType(data);
  checkPluginVersion('auth', type, pluginVersion);
  const options = readOptions(data);
  if (options?.version !== undefined && options.version !== '') throw new VaultError(400, errAuthVersionNotAllowed(type));
  checkListingVisibility(config);
  const warnings = deprecationWarnings('auth', type);
  if (rawPath.replace(/^\/+|\/+$/g, '') === '') throw new VaultError(400, ERR_BACKEND_PATH_REQUIRED);
  const bare = normaliseMountPath(rawPath);
  const path = `auth/${bare}`;
  const inUse = sys.mounts.conflict(path);
  if (inUse) throw new VaultError(400, errMountInUse(inUse.path.slice('auth/'.length)));
  if (type === 'token') throw new VaultError(400, ERR_TOKEN_BACKEND_INSTANTIATE);
  const routeConflict = sys.mounts.routeConflict(path);
  if (routeConflict) throw new VaultError(400, errExistingMount(path));
  if (!isImplemented('auth', type)) throw unknownType('auth', type);
  const entry = sys.mounts.newEntry(path, type, {
    description: data.get<string>('description'), config, options,
    local: data.get<boolean>('local'), seal_wrap: data.get<boolean>('seal_wrap'),
    external_entropy_access: data.get<boolean>('external_entropy_access'),
  }, `auth_${type}`);
  return build(sys, entry, warnings);
}
