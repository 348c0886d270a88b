// Vault error strings of response wrapping. V = hashicorp/vault.

// vault/wrapping.go validateWrappingToken / vault/logical_system.go handleWrappingUnwrap
export const ERR_WRAPPING_INVALID = 'wrapping token is not valid or does not exist';
export const errWrappingValidate = (cause: string): string => `error validating wrapping token: ${cause}`;
export const ERR_WRAPPING_TOKEN_EMPTY = 'token is empty';
export const ERR_WRAPPING_BODY_TOKEN_EMPTY = 'empty token in request body';
export const ERR_WRAPPING_BODY_TOKEN_DECODE = 'could not decode token in request body';
// vault/logical_system.go handleWrappingWrap
export const ERR_WRAPPING_REQUIRED = 'endpoint requires response wrapping to be used';
// http/handler.go requestWrapInfo
export const errWrapTtlHeader = (cause: string): string => `error parsing X-Vault-Wrap-TTL header: ${cause}`;
export const ERR_WRAP_TTL_NEGATIVE = 'requested wrap ttl cannot be negative';
