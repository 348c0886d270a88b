// Vault error strings of the cubbyhole backend and of the router's cubbyhole case.
// V = hashicorp/vault.

// vault/logical_cubbyhole.go handleRead / handleWrite / handleDelete: Go errors
export const ERR_CUBBYHOLE_MISSING_PATH = 'missing path';
export const ERR_CUBBYHOLE_MISSING_DATA = 'missing data fields';
// vault/router.go routeCommon: a batch token on the cubbyhole mount
export const ERR_CUBBYHOLE_SERVICE_TOKENS = 'cubbyhole operations are only supported by "service" type tokens';
