// Vault error strings of the builtin plugin registry and sys/plugins/catalog. Sources are
// hashicorp/vault at the 1.18 branch point (main @ 28ca1ef7e17c, 2024-09-10); see
// src/core/plugin-registry.ts for how it was pinned. The mount-time strings (removed,
// deprecated, not found) live in ./mounts.ts.

// vault/mount.go handleDeprecatedMountEntry: a builtin marked pending removal, wrapped by
// handleMount / handleEnableAuth as `could not mount "<t>": …`
export const errPendingRemovalBuiltin = (type: string): string =>
  `could not mount "${type}": mount entry associated with pending removal builtin`;

// sdk/helper/consts/plugin_types.go ParsePluginType (a Go error from the catalog handlers).
export const errUnsupportedPluginType = (type: string): string => `"${type}" is not a supported plugin type`;
