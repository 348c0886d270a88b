// Vault error strings for the storage, barrier and seal area, each with its upstream source.
// [V] = hashicorp/vault, [BAO] = openbao/openbao (same text unless noted).

// ---- physical storage -------------------------------------------------------------------------

// [V] sdk/helper/consts/error.go ErrPathContainsParentReferences (checked by physical/file/file.go)
export const ERR_STORAGE_PARENT_REFERENCES = 'path cannot contain parent references';
// minivault FileStorage: keys that would alias another key or leave the directory on disk.
export const errStorageInvalidKey = (reason: string): string => `invalid storage key: ${reason}`;

// ---- barrier (vault/barrier.go, vault/barrier_aes_gcm.go) --------------------------------------

// [V] sdk/helper/consts/error.go ErrSealed; vault/barrier.go ErrBarrierSealed
export const ERR_BARRIER_SEALED = 'Vault is sealed';
// [V] vault/barrier.go ErrBarrierAlreadyInit; vault/core.go ErrAlreadyInit
export const ERR_BARRIER_ALREADY_INIT = 'Vault is already initialized';
// [V] vault/barrier.go ErrBarrierNotInit; vault/core.go ErrNotInit
export const ERR_BARRIER_NOT_INIT = 'Vault is not initialized';
// [V] vault/barrier.go ErrBarrierInvalidKey (OpenBao lower-cases the first letter)
export const ERR_BARRIER_INVALID_KEY = 'Unseal failed, invalid key';
// [V] vault/barrier_aes_gcm.go Get: a stored value shorter than the 4-byte term
export const ERR_BARRIER_INVALID_VALUE = 'invalid value';
// [V] vault/barrier_aes_gcm.go Get / Decrypt
export const errBarrierNoKeyForTerm = (term: number): string => `no decryption key available for term ${term}`;
// [V] vault/barrier_aes_gcm.go decrypt
export const ERR_BARRIER_VERSION_MISMATCH = 'version bytes mis-match';
// [V] vault/barrier_aes_gcm.go decrypt
export const ERR_BARRIER_INVALID_CIPHER_LENGTH = 'invalid cipher length';
// [V] vault/barrier_aes_gcm.go Get: `decryption failed: %w`
export const errBarrierDecryptionFailed = (cause: string): string => `decryption failed: ${cause}`;
// [V] vault/barrier_aes_gcm.go Unseal: the keyring must carry the initial term
export const ERR_BARRIER_TERM_MISMATCH = 'term mis-match';
// [V] vault/barrier_aes_gcm.go Initialize / updateMasterKeyCommon
export const ERR_BARRIER_KEY_SIZE = 'key size must be 16 or 32';
// [V] vault/barrier_aes_gcm.go Unseal: `keyring deserialization failed: %w`
export const errBarrierKeyringDecode = (cause: string): string => `keyring deserialization failed: ${cause}`;
// Go crypto/cipher gcm.go errOpen: what every GCM authentication failure says
export const ERR_BARRIER_AUTH_FAILED = 'cipher: message authentication failed';
// Go crypto/aes cipher.go KeySizeError
export const errBarrierAesKeySize = (n: number): string => `crypto/aes: invalid key size ${n}`;

// ---- rotation (vault/logical_system.go handleKeyRotationConfigUpdate; [BAO] logical_system_rotate.go)

export const ERR_BARRIER_ROTATION_INTERVAL = 'interval must be greater or equal to 24h0m0s';
export const ERR_BARRIER_ROTATION_MAX_OPS = 'max_operations must be in the range [1000000,3865470566]';

// ---- seal configuration (vault/seal.go SealConfig.Validate) ------------------------------------

export const ERR_SEAL_SHARES_MIN = 'shares must be at least one';
export const ERR_SEAL_THRESHOLD_MIN = 'threshold must be at least one';
export const ERR_SEAL_THRESHOLD_MULTI = 'threshold must be greater than one for multiple shares';
export const ERR_SEAL_SHARES_MAX = 'shares must be less than 256';
export const ERR_SEAL_THRESHOLD_MAX = 'threshold must be less than 256';
export const ERR_SEAL_THRESHOLD_GT_SHARES = 'threshold cannot be larger than shares';
export const ERR_SEAL_STORED_SHARES = 'stored keys cannot be larger than 1';
export const ERR_SEAL_PGP_COUNT = 'count mismatch between number of provided PGP keys and number of shares';
// [V] vault/init.go Initialize: `invalid seal configuration: %w`
export const errSealInvalidConfig = (reason: string): string => `invalid seal configuration: ${reason}`;
// [V] http/sys_init.go validateInitParameters
export const errSealParamsNotApplicable = (params: string[]): string =>
  `parameters ${params.join(',')} not applicable to seal type shamir`;
// minivault: PGP-encrypted shares are outside minivault's scope, so pgp_keys is refused loudly
// rather than silently ignored.
export const ERR_SEAL_PGP_UNSUPPORTED = 'pgp_keys are not supported by minivault';

// ---- unseal (http/sys_seal.go handleSysUnseal; vault/core.go unsealFragment, getUnsealKey) -----

export const ERR_SEAL_KEY_OR_RESET_REQUIRED = "'key' must be specified in request body as JSON, or 'reset' set to true";
// ('key' must be a valid hex or base64 string: ERR_SHAMIR_KEY_NOT_HEX_OR_BASE64, thrown by shamir's decodeKey)
// [V] http/sys_seal.go: reset while unsealed
export const ERR_SEAL_ALREADY_UNSEALED = 'vault is unsealed';
// [V] vault/core.go ErrInvalidKey.Error()
export const errSealInvalidKey = (reason: string): string => `invalid key: ${reason}`;
export const errSealKeyTooShort = (min: number): string => `key is shorter than minimum ${min} bytes`;
export const errSealKeyTooLong = (max: number): string => `key is longer than maximum ${max} bytes`;
export const errSealCombineFailed = (cause: string): string => `failed to compute combined key: ${cause}`;
// [V] vault/core.go unsealKeyToRootKey: the combined key is not a valid AES key
export const errSealSetupUnsealKey = (cause: string): string => `failed to setup unseal key: ${cause}`;
// [V] vault/core.go unsealKeyToRootKey
export const errSealStoredKeys = (cause: string): string => `unable to retrieve stored keys: ${cause}`;
export const errSealExpectedOneKey = (n: number): string => `expected exactly one stored key, got ${n}`;
// [V] vault/seal.go readStoredKeys
export const errSealDecryptStoredKeys = (cause: string): string => `failed to decrypt keys from storage: ${cause}`;
// [V] vault/seal_util.go UnsealWrapStoredBarrierKeys / decodeBarrierKeys
export const errSealStoredKeysProto = (cause: string): string => `failed to proto decode stored keys: ${cause}`;
export const errSealStoredKeysDecode = (cause: string): string => `failed to decode stored keys: ${cause}`;
// Go encoding/json UnmarshalTypeError, as Vault's HTTP handlers report a field of the wrong type
export const errSealJsonFieldType = (jsonType: string, struct: string, field: string, goType: string): string =>
  `json: cannot unmarshal ${jsonType} into Go struct field ${struct}.${field} of type ${goType}`;

// ---- rekey (vault/rekey.go, http/sys_rekey.go) -------------------------------------------------

export const ERR_REKEY_SERVER_NOT_INIT = 'server is not yet initialized';
export const ERR_REKEY_IN_PROGRESS = 'rekey already in progress';
export const ERR_REKEY_BACKUP_WITHOUT_PGP = 'cannot request a backup of the new keys without providing PGP keys for encryption';
export const ERR_REKEY_PGP_COUNT = 'incorrect number of PGP keys for rekey';
export const ERR_REKEY_THRESHOLD_GT_SHARES = 'provided threshold greater than the total shares';
export const errRekeyInvalidConfig = (reason: string): string => `invalid rekey seal configuration: ${reason}`;
export const ERR_REKEY_NOT_IN_PROGRESS = 'no barrier rekey in progress';
export const ERR_REKEY_KEY_REQUIRED = "'key' must be specified in request body as JSON";
export const errRekeyNonce = (nonce: string): string =>
  `incorrect nonce supplied; nonce for this rekey operation is ${JSON.stringify(nonce)}`;
export const ERR_REKEY_DUPLICATE_KEY = 'given key has already been provided during this generation operation';
export const errRekeyVerificationPending = (nonce: string): string =>
  `rekey operation already finished; verification must be performed; nonce for the verification operation is ${JSON.stringify(nonce)}`;
export const errRekeyComputeRootKey = (cause: string): string => `failed to compute root key: ${cause}`;
export const errRekeyReadRootKey = (cause: string): string => `failed to read root key: ${cause}`;
// Verbatim from current Vault (a search-and-replace of "master" once produced "rootter").
export const errRekeyVerifyRoot = (cause: string): string => `rootter key verification failed: ${cause}`;
export const errRekeyPerform = (cause: string): string => `failed to perform barrier rekey: ${cause}`;
// [V] vault/rekey.go RekeyVerify, http/sys_rekey.go handleSysRekeyVerifyGet
export const ERR_REKEY_NONE_IN_PROGRESS = 'no rekey in progress';
export const ERR_REKEY_NO_VERIFICATION = 'no rekey verification in progress';
export const ERR_REKEY_NO_CONFIG = 'no rekey configuration found';
export const errRekeyVerifyNonce = (nonce: string): string =>
  `incorrect nonce supplied; nonce for this verify operation is ${JSON.stringify(nonce)}`;
export const ERR_REKEY_VERIFY_DUPLICATE_KEY = 'given key has already been provided during this verify operation';
export const errRekeyVerifyCompute = (cause: string): string => `failed to compute key for verification: ${cause}`;
export const ERR_REKEY_VERIFY_FAILED = 'rekey verification failed; incorrect key shares supplied';

// minivault's own (Vault has no such record): the rekey intent of src/barrier/rekey-intent.ts is unreadable
export const errRekeyIntentDecode = (cause: string): string => `failed to decode the pending rekey record: ${cause}`;

// ---- rekey backup (vault/logical_system.go handleRekeyRetrieve, handleRekeyDelete) ---------------

export const ERR_REKEY_NO_BACKUP = 'no backed-up keys found';
export const errRekeyBackupLookup = (cause: string): string => `unable to look up backed-up keys: ${cause}`;
export const errRekeyBackupHex = (cause: string): string => `error decoding hex-encoded backup key: ${cause}`;
export const errRekeyBackupDelete = (cause: string): string => `error during deletion of backed-up keys: ${cause}`;

// ---- generate-root (http/sys_generate_root.go, vault/generate_root.go GenerateRootInit/Update) --

// [V] http/sys_generate_root.go handleSysGenerateRootAttemptGet: no barrier configuration yet
export const ERR_GENERATE_ROOT_SERVER_NOT_INIT = 'server is not yet initialized';
// [V] http/sys_generate_root.go handleSysGenerateRootUpdate
export const ERR_GENERATE_ROOT_KEY_REQUIRED = "'key' must be specified in request body as JSON";
// [V] vault/generate_root.go GenerateRootInit
export const ERR_GENERATE_ROOT_OTP_LENGTH = 'OTP string is wrong length';
export const ERR_GENERATE_ROOT_IN_PROGRESS = 'root generation already in progress';
// minivault: a PGP-encrypted root token is outside minivault's scope, so pgp_key is refused loudly
// (as rekey's pgp_keys are) rather than ignored.
export const ERR_GENERATE_ROOT_PGP_UNSUPPORTED = 'pgp_key is not supported by minivault';
// [V] vault/generate_root.go GenerateRootUpdate
export const ERR_GENERATE_ROOT_NOT_IN_PROGRESS = 'no root generation in progress';
export const errGenerateRootNonce = (nonce: string): string =>
  `incorrect nonce supplied; nonce for this root generation operation is ${JSON.stringify(nonce)}`;
export const ERR_GENERATE_ROOT_DUPLICATE_KEY = 'given key has already been provided during this generation operation';
export const errGenerateRootComputeRootKey = (cause: string): string => `failed to compute root key: ${cause}`;
export const errGenerateRootAborted = (cause: string): string => `root generation aborted: ${cause}`;
// [V] vault/generate_root.go generateStandardRootToken.authenticate
export const errGenerateRootAuthenticate = (cause: string): string => `unable to authenticate: ${cause}`;
export const errGenerateRootVerifyRoot = (cause: string): string => `root key verification failed: ${cause}`;
// [V] sdk/helper/roottoken/encode.go EncodeToken
export const ERR_ROOT_TOKEN_NO_TOKEN = 'no token provided';
export const ERR_ROOT_TOKEN_NO_OTP = 'no otp provided';
export const errRootTokenXorFailed = (cause: string): string => `xor of root token failed: ${cause}`;
// [V] sdk/helper/roottoken/decode.go DecodeToken
export const errRootTokenDecodeBase64 = (cause: string): string => `error decoding base64'd token: ${cause}`;
export const errRootTokenXoring = (cause: string): string => `error xoring token: ${cause}`;
export const errRootTokenFormatUuid = (cause: string): string => `error formatting base64 token value: ${cause}`;
// [V] sdk/helper/xor/xor.go XORBytes, XORBase64
export const errXorLength = (a: number, b: number): string => `length of byte slices is not equivalent: ${a} != ${b}`;
export const errXorDecodeFirst = (cause: string): string => `error decoding first base64 value: ${cause}`;
export const errXorDecodeSecond = (cause: string): string => `error decoding second base64 value: ${cause}`;
export const ERR_XOR_FIRST_EMPTY = 'decoded first base64 value is nil or empty';
export const ERR_XOR_SECOND_EMPTY = 'decoded second base64 value is nil or empty';
// hashicorp/go-uuid FormatUUID
export const errUuidWrongLength = (n: number): string => `wrong length byte slice (${n})`;
// Go encoding/base64 CorruptInputError
export const errGoBase64Corrupt = (offset: number): string => `illegal base64 data at input byte ${offset}`;

// ---- barrier views (vault/barrier_view.go → sdk/logical/storage_view.go ErrRelativePath) -------

export const ERR_BARRIER_RELATIVE_PATH = 'relative paths not supported';
