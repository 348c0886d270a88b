// Vault error strings of the builtin plugin registry and sys/plugins/catalog, and minivault's own
// answer for a builtin it does not implement. Sources are hashicorp/vault at the 1.18 branch point
// (main @ 28ca1ef7e17c, 2024-09-10); see src/core/plugin-registry.ts for how it was pinned.
// Strings already catalogued elsewhere are re-exported, not repeated.

// vault/plugincatalog ErrPluginNotFound, as enable reports an unknown type.
export { errUnknownBackendType } from './core.js';
// vault/mount.go errMountDeprecated / errMountRemoved (handleDeprecatedMountEntry, wrapped by
// handleMount / handleEnableAuth as `could not mount "<t>": …`); vault/auth.go
// enableCredentialInternal (a backend that is not a credential backend).
export { WARN_DEPRECATED_BUILTIN, errNotAnAuthBackend, errRemovedBuiltin } from './mounts.js';

// vault/mount.go errMountPendingRemoval: refused unless VAULT_ALLOW_PENDING_REMOVAL_MOUNTS is set,
// then the same text is a warning. No 1.18.1 builtin has this status.
export const WARN_PENDING_REMOVAL_BUILTIN = 'mount entry associated with pending removal builtin';
export const errPendingRemovalBuiltin = (type: string): string =>
  `could not mount "${type}": ${WARN_PENDING_REMOVAL_BUILTIN}`;

// sdk/helper/consts/plugin_types.go ParsePluginType (a Go error from the catalog handlers).
export const errUnsupportedPluginType = (type: string): string => `"${type}" is not a supported plugin type`;

// vault/logical_system.go handlePluginCatalogRead
export const ERR_MISSING_PLUGIN_NAME = 'missing plugin name';
/** The type-less sys/plugins/catalog/:name read: a warning and no data. */
export const warnUntypedCatalogRead = (name: string): string =>
  `Deprecated API endpoint, cannot read plugin information from catalog for "${name}"`;

// minivault's own: a type Vault 1.18.1 ships as a builtin (so not "plugin not found") that
// minivault has no implementation of. `kind` is the catalog's word: auth, secret or database.
export const errNotImplementedBuiltin = (kind: 'auth' | 'secret' | 'database', type: string): string =>
  `minivault does not implement the ${kind} plugin "${type}" (Vault 1.18.1 ships it as a builtin)`;
