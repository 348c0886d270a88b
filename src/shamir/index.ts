// Vault's Shamir secret sharing (hashicorp/vault shamir/, openbao sdk/helper/shamir/): split a
// secret into shares of the form `y bytes || x`, combine any threshold of them back, and encode
// shares as Vault prints unseal keys. Share bytes are interchangeable with Vault's.
export { split, SHARE_OVERHEAD, type SplitOptions } from './split.js';
export { combine } from './combine.js';
export { encodeHex, encodeBase64, decodeKey, type DecodeKeyOptions } from './encoding.js';
export { ShamirError } from '../errors/shamir.js';
export type { RandomSource } from '../util/random.js';
