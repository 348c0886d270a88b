// The builtin plugin registry of Vault 1.18.1, as data: every auth method, secrets engine and
// database plugin the Vault binary ships, its deprecation status and the version Vault reports
// for it, plus the mount types core handles itself and the type aliases. Upstream this is
// helper/builtinplugins (registry.go + registry_full.go), helper/versions/version.go
// (GetBuiltinVersion) and the alias / singleton tables of vault/mount.go and vault/auth.go.
//
// Evidence keys used in the comments below:
//   BP   = hashicorp/vault main @ 28ca1ef7e17c (2024-09-10), the last commit before main was set to
//          1.19.0-beta1 (#28343), i.e. where release/1.18.x branched (read from a full-history
//          mirror of upstream main, fork HZreal/vault). No v1.18.1 tag or
//          release/1.18.x branch was available; helper/builtinplugins is unchanged on main from
//          there until 2024-11-19 (#28931, a refactor to named constants, same entries), so the
//          registry below is the 1.18.1 one.
//   CL   = CHANGELOG.md of release/1.18.x, sections "## 1.18.0" and "## 1.18.1": the plugin bumps
//          backported after the branch point (each matches a main commit after BP touching go.mod).
//   VER  = helper/versions/version.go @ BP (GetBuiltinVersion, DefaultBuiltinVersion).
//   MNT  = vault/mount.go @ BP (singletonMounts, mountAliases, builtinTypeFromMountEntry),
//          vault/auth.go @ BP (credentialAliases), vault/core.go @ BP (configureLogicalBackends),
//          command/commands.go @ BP (the `plugin` / `database` factories), vault/logical_system.go
//          @ BP (handleMount kv-v1 / kv-v2, mountInfo).
import { VAULT_VERSION } from './version.js';

/** Vault's plugin types as the catalog names them (sdk/helper/consts/plugin_types.go). */
export type PluginKind = 'auth' | 'secret' | 'database';
/** The two mount tables. */
export type MountKind = 'auth' | 'secret';
/** sdk/helper/consts/deprecation_status.go DeprecationStatus.String(). */
export type DeprecationStatus = 'supported' | 'deprecated' | 'pending removal' | 'removed';

export interface BuiltinInfo {
  readonly status: DeprecationStatus;
  /** What the catalog and `running_plugin_version` show: `vX.Y.Z+builtin` or `v1.18.1+builtin.vault`. */
  readonly version: string;
}

/** VER DefaultBuiltinVersion: `"v" + <vault version> + "+builtin.vault"`, for in-tree plugins. */
export const IN_TREE_BUILTIN_VERSION = `v${VAULT_VERSION}+builtin.vault`;

// ---- external plugin modules -------------------------------------------------------------------
// VER GetBuiltinVersion looks up the Go module `github.com/hashicorp/vault-plugin-<t>-<name>`
// (t = auth | secrets | database; database names lose their `-database-plugin` suffix) among the
// binary's dependencies and answers `<module version>+builtin`; any other name gets the in-tree
// version. So the lookup is by *plugin name*, not by the module the factory comes from: `oidc`
// (jwt factory), `pcf` (cf factory) and `ldap` (openldap factory) are `+builtin.vault`.
// Versions: go.mod @ BP, then the CL bumps noted on the line.
const EXTERNAL_MODULE_VERSIONS: Readonly<Record<PluginKind, Readonly<Record<string, string>>>> = {
  auth: {
    alicloud: 'v0.19.0', // go.mod @ BP
    azure: 'v0.19.1', // CL 1.18.1 "auth/azure: Update plugin to v0.19.1" (#28712); BP had v0.19.0
    cf: 'v0.19.0', // go.mod @ BP
    gcp: 'v0.19.0', // CL 1.18.0 (#28366); BP had v0.18.0
    jwt: 'v0.22.0', // CL 1.18.0 (#28349); BP had v0.21.1
    kerberos: 'v0.13.0', // go.mod @ BP
    kubernetes: 'v0.20.0', // CL 1.18.0 (#28289); BP had v0.19.0
    oci: 'v0.17.0', // go.mod @ BP
  },
  secret: {
    ad: 'v0.19.0', // CL 1.18.0 (#28361); BP had v0.18.0
    alicloud: 'v0.18.0', // go.mod @ BP
    azure: 'v0.20.1', // CL 1.18.1 (#28699); BP had v0.20.0
    gcp: 'v0.20.0', // go.mod @ BP
    gcpkms: 'v0.19.0', // CL 1.18.0 (#28360); BP had v0.18.0
    kubernetes: 'v0.9.0', // go.mod @ BP
    kv: 'v0.20.0', // go.mod @ BP; CL 1.18.0 (#28334); 1.18.1 capture of sys/plugins/catalog
    mongodbatlas: 'v0.13.0', // CL 1.18.0 (#28348); BP had v0.12.0
    openldap: 'v0.14.3', // CL 1.18.1 (#28479 v0.14.1, #28704 v0.14.2, #28780 v0.14.3)
    terraform: 'v0.10.0', // go.mod @ BP
  },
  database: {
    couchbase: 'v0.12.0', // go.mod @ BP
    elasticsearch: 'v0.16.0', // go.mod @ BP
    mongodbatlas: 'v0.13.0', // go.mod @ BP
    redis: 'v0.4.0', // CL 1.18.0 (#28404); BP had v0.3.0
    'redis-elasticache': 'v0.5.0', // go.mod @ BP
    snowflake: 'v0.12.0', // go.mod @ BP
  },
};

// ---- the registry ------------------------------------------------------------------------------
// BP registry.go newMinimalRegistry (approle, cert, jwt, oidc, userpass; kv, pki, ssh, transit)
// merged with registry_full.go newFullAddonRegistry (everything else). An entry without a status
// upstream is `supported`. `centrify` is absent: removed from the registry outright in 1.17.0
// (CHANGELOG "## 1.17.0": "auth/centrify: Remove the deprecated Centrify auth method plugin",
// #27130; the BP registry has no entry) rather than kept as `removed`, so enabling it answers
// "plugin not found in the catalog".
const S = 'supported';
const REGISTRY: Readonly<Record<PluginKind, Readonly<Record<string, DeprecationStatus>>>> = {
  auth: {
    alicloud: S,
    'app-id': 'removed', // registry_full.go: removedFactory + consts.Removed
    approle: S,
    aws: S,
    azure: S,
    cert: S,
    cf: S,
    gcp: S,
    github: S,
    jwt: S,
    kerberos: S,
    kubernetes: S,
    ldap: S,
    oci: S,
    oidc: S,
    okta: S,
    pcf: 'deprecated', // registry_full.go: credCF.Factory + consts.Deprecated
    radius: S,
    userpass: S,
  },
  secret: {
    ad: 'deprecated', // registry_full.go: consts.Deprecated (still so on main in 2025)
    alicloud: S,
    aws: S,
    azure: S,
    cassandra: 'removed', // registry_full.go: removedFactory + consts.Removed
    consul: S,
    gcp: S,
    gcpkms: S,
    kubernetes: S,
    kv: S,
    ldap: S,
    mongodb: 'removed',
    mongodbatlas: S,
    mssql: 'removed',
    mysql: 'removed',
    nomad: S,
    openldap: S,
    pki: S,
    postgresql: 'removed',
    rabbitmq: S,
    ssh: S,
    terraform: S,
    totp: S,
    transit: S,
  },
  database: {
    'cassandra-database-plugin': S,
    'couchbase-database-plugin': S,
    'elasticsearch-database-plugin': S,
    'hana-database-plugin': S,
    'influxdb-database-plugin': S,
    'mongodb-database-plugin': S,
    'mongodbatlas-database-plugin': S,
    'mssql-database-plugin': S,
    'mysql-aurora-database-plugin': S,
    'mysql-database-plugin': S,
    'mysql-legacy-database-plugin': S,
    'mysql-rds-database-plugin': S,
    'postgresql-database-plugin': S,
    'redis-database-plugin': S,
    'redis-elasticache-database-plugin': S,
    'redshift-database-plugin': S,
    'snowflake-database-plugin': S,
  },
};

// ---- types core handles itself, aliases ----------------------------------------------------------
/**
 * Mount types served by core's own factory tables rather than the catalog (MNT: core.go
 * configureLogicalBackends adds kv, cubbyhole, system, identity; commands.go adds `plugin` and
 * `database` for secrets and `plugin` for auth; configureCredentialsBackends adds `token`).
 * Only `kv` is also in the catalog. None of the others has a `deprecation_status`.
 */
export const CORE_MOUNT_TYPES: Readonly<Record<MountKind, ReadonlySet<string>>> = {
  secret: new Set(['kv', 'cubbyhole', 'system', 'identity', 'plugin', 'database']),
  auth: new Set(['token', 'plugin']),
};

/** MNT mount.go singletonMounts: types that exist once, from initialisation, and cannot be enabled. */
export const SINGLETON_MOUNT_TYPES: ReadonlySet<string> = new Set(['cubbyhole', 'system', 'token', 'identity']);

/**
 * Types stored and listed under their own name but served by another type's factory
 * (MNT mount.go mountAliases `generic`→`kv`; auth.go credentialAliases `aws-ec2`→`aws`).
 * Their running version is the in-tree one and sys/mounts shows no `deprecation_status`, because
 * both are looked up by the stored name, which is not in the registry.
 */
export const SERVED_BY_ALIAS: Readonly<Record<MountKind, Readonly<Record<string, string>>>> = {
  secret: { generic: 'kv' },
  auth: { 'aws-ec2': 'aws' },
};

/**
 * Secrets types rewritten at enable time (MNT logical_system.go handleMount): stored as `kv` with
 * `options.version` forced to the given value, whatever version the request sent.
 */
export const KV_ENABLE_ALIASES: Readonly<Record<string, { readonly type: 'kv'; readonly version: '1' | '2' }>> = {
  'kv-v1': { type: 'kv', version: '1' },
  'kv-v2': { type: 'kv', version: '2' },
};

// ---- lookups -------------------------------------------------------------------------------------
function own<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/**
 * The version Vault reports for builtin `name` of `kind` (VER GetBuiltinVersion), whether or not
 * `name` is in the registry: external plugin modules give `<module version>+builtin`, anything
 * else the in-tree `v1.18.1+builtin.vault`.
 */
export function builtinVersion(kind: PluginKind, name: string): string {
  const moduleName = kind === 'database' ? name.replace(/-database-plugin$/, '') : name;
  const v = own(EXTERNAL_MODULE_VERSIONS[kind], moduleName);
  return v === undefined ? IN_TREE_BUILTIN_VERSION : `${v}+builtin`;
}

/**
 * `running_plugin_version` of a mount of a builtin or core type (MNT newLogicalBackend /
 * newCredentialBackend: GetBuiltinVersion of the stored type). `kv` → `v0.20.0+builtin`,
 * `transit`/`pki`/`userpass`/`approle`/`generic`/`cubbyhole`/`token` → `v1.18.1+builtin.vault`.
 * (A `plugin` mount of an external plugin reports that plugin's own version; not modelled here.)
 */
export function runningPluginVersion(kind: MountKind, type: string): string {
  return builtinVersion(kind, type);
}

/** The registry entry (removed ones included, as upstream Get/DeprecationStatus do), or undefined. */
export function lookupBuiltin(kind: PluginKind, name: string): BuiltinInfo | undefined {
  const status = own(REGISTRY[kind], name);
  return status === undefined ? undefined : { status, version: builtinVersion(kind, name) };
}

/**
 * `deprecation_status` of a sys/mounts / sys/auth row, or undefined where Vault omits the key
 * (MNT mountInfo: only when the stored type is a registry builtin of that table): absent for
 * cubbyhole, system, identity, token, generic, database, plugin and aws-ec2.
 */
export function deprecationStatus(kind: MountKind, type: string): DeprecationStatus | undefined {
  return own(REGISTRY[kind], type);
}

export function isRemovedBuiltin(kind: PluginKind, name: string): boolean {
  return own(REGISTRY[kind], name) === 'removed';
}

/** Always false in 1.18.1 (no builtin has that status); kept so the mount path handles the case. */
export function isPendingRemoval(kind: PluginKind, name: string): boolean {
  return own(REGISTRY[kind], name) === 'pending removal';
}

export function isDeprecatedBuiltin(kind: PluginKind, name: string): boolean {
  return own(REGISTRY[kind], name) === 'deprecated';
}

/** The registry's names of one kind without the removed ones (upstream Keys), sorted. */
export function builtinNames(kind: PluginKind): string[] {
  return Object.entries(REGISTRY[kind])
    .filter(([, status]) => status !== 'removed')
    .map(([name]) => name)
    .sort();
}

/**
 * What Vault 1.18.1 would do with `type` in an enable request, before minivault asks whether it
 * implements it:
 * - `builtin`: a registry builtin that mounts (supported or deprecated; deprecated adds a warning);
 * - `alias`: kv-v1 / kv-v2 (secrets), generic (secrets), aws-ec2 (auth);
 * - `core`: served by core (`kv` is both core and builtin and answers `builtin`; `plugin`,
 *   `database`);
 * - `singleton`: secrets cubbyhole, system, identity, token; auth token (cannot be enabled);
 * - `removed` / `pending removal`: refused with the removed / pending-removal error;
 * - `unknown`: `plugin not found in the catalog: <type>` (also a secrets name sent as auth).
 */
export type MountTypeClass = 'builtin' | 'alias' | 'core' | 'singleton' | 'removed' | 'pending removal' | 'unknown';

export function classifyMountType(kind: MountKind, type: string): MountTypeClass {
  const status = own(REGISTRY[kind], type);
  if (status === 'removed') return 'removed';
  if (status === 'pending removal') return 'pending removal';
  if (status !== undefined) return 'builtin';
  // Secrets: all four refused by mount() ("mount type of ... is not mountable"); auth: only
  // `token` ("token credential backend cannot be instantiated"), the rest are simply not found.
  if (kind === 'secret' ? SINGLETON_MOUNT_TYPES.has(type) : type === 'token') return 'singleton';
  if (own(SERVED_BY_ALIAS[kind], type) !== undefined) return 'alias';
  if (kind === 'secret' && own(KV_ENABLE_ALIASES, type) !== undefined) return 'alias';
  if (CORE_MOUNT_TYPES[kind].has(type)) return 'core';
  return 'unknown';
}

/** True when Vault 1.18.1 can mount `type` in that table (so minivault lacking it is its own gap). */
export function vaultCanMount(kind: MountKind, type: string): boolean {
  const c = classifyMountType(kind, type);
  return c === 'builtin' || c === 'alias' || c === 'core';
}
