// Vault error strings for the shamir area, each with its upstream source, and the error type that
// carries them. Split/Combine strings are identical in hashicorp/vault shamir/shamir.go and
// openbao sdk/helper/shamir/shamir.go (Vault builds them with fmt.Errorf, OpenBao with errors.New).
// None of them ever includes share, key or secret bytes.

/** What `split` and `combine` throw for input Vault's Go code refuses; `message` is Go's string. */
export class ShamirError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ShamirError';
  }
}

// shamir.go Split: checked first
export const ERR_SHAMIR_PARTS_LT_THRESHOLD = 'parts cannot be less than threshold';
// shamir.go Split
export const ERR_SHAMIR_PARTS_GT_255 = 'parts cannot exceed 255';
// shamir.go Split
export const ERR_SHAMIR_THRESHOLD_LT_2 = 'threshold must be at least 2';
// shamir.go Split (unreachable after the two parts checks; kept so the catalogue is complete)
export const ERR_SHAMIR_THRESHOLD_GT_255 = 'threshold cannot exceed 255';
// shamir.go Split
export const ERR_SHAMIR_EMPTY_SECRET = 'cannot split an empty secret';
// shamir.go Split: a failed read from the random source while making a polynomial
export const errShamirPolynomial = (cause: string): string => `failed to generate polynomial: ${cause}`;
// Go io.ReadFull: what the polynomial error wraps when the source hands back too few bytes
export const ERR_SHAMIR_UNEXPECTED_EOF = 'unexpected EOF';

// shamir.go Combine: checked first
export const ERR_SHAMIR_LESS_THAN_TWO_PARTS = 'less than two parts cannot be used to reconstruct the secret';
// shamir.go Combine (looks only at the first part)
export const ERR_SHAMIR_PART_TOO_SHORT = 'parts must be at least two bytes';
// shamir.go Combine
export const ERR_SHAMIR_PART_LENGTH_MISMATCH = 'all parts must be the same length';
// shamir.go Combine (compares the x tags only)
export const ERR_SHAMIR_DUPLICATE_PART = 'duplicate part detected';

// vault http/sys_seal.go handleSysUnseal (openbao internal/http/sys_seal.go): a key that decodes
// as neither hex nor standard base64
export const ERR_SHAMIR_KEY_NOT_HEX_OR_BASE64 = "'key' must be a valid hex or base64 string";
