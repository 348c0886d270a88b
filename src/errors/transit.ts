// Vault error strings for the transit secrets engine, each with its upstream source.
// V = hashicorp/vault builtin/logical/transit at the 1.18 branch point; KU = sdk/helper/keysutil
// (policy.go, lock_manager.go); GO = the Go standard library texts Vault passes through.

// ---- keys/:name (create) ------------------------------------------------------------------------
// V path_keys.go pathPolicyWrite, path_keys_config.go pathKeysConfigWrite
export const ERR_TRANSIT_AUTO_ROTATE_PERIOD = 'auto rotate period must be 0 to disable or at least an hour';
// V path_keys.go pathPolicyWrite
export const ERR_TRANSIT_CONVERGENT_NEEDS_DERIVED = 'convergent encryption requires derivation to be enabled';
export const errTransitUnknownKeyType = (t: string): string => `unknown key type ${t}`;
export const errTransitKeySizeNotValid = (t: string): string => `key_size is not valid for algorithm ${t}`;
export const errTransitInvalidKeySize = (n: number): string => `invalid key_size ${n}`;
// V backend.go ErrCmacEntOnly
export const ERR_TRANSIT_CMAC_ENT_ONLY = 'CMAC operations are only available in enterprise versions of Vault';
// V managed_key_util.go errEntOnly (a bare error: 500)
export const ERR_TRANSIT_MANAGED_ENT_ONLY = 'managed keys are supported within enterprise edition only';
// minivault's own: a key type Vault 1.18.1 has that minivault does not implement yet (400, marked unsupported)
export const errTransitKeyTypeNotImplemented = (t: string): string =>
  `minivault does not implement key type ${t} yet`;
// KU policy.go RotateInMemory / lock_manager.go GetPolicy (bare errors: 500)
export const errTransitDerivationNotSupported = (t: string): string =>
  `key derivation and convergent encryption not supported for keys of type ${t}`;
export const errTransitConvergentNotSupported = (t: string): string => `convergent encryption not supported for keys of type ${t}`;
export const ERR_TRANSIT_HMAC_KEY_SIZE = 'invalid key size for HMAC key, must be between 32 and 512 bytes';
// V path_keys.go pathPolicyRead (context query parameter), path_datakey.go pathDatakeyWrite
export const ERR_TRANSIT_CONTEXT_BASE64 = 'failed to base64-decode context';
// V path_datakey.go pathDatakeyWrite
export const ERR_TRANSIT_NONCE_BASE64 = 'failed to base64-decode nonce';

// ---- keys/:name (delete), config, rotate, trim -------------------------------------------------
// V path_keys.go pathPolicyDelete; KU lock_manager.go DeletePolicy
export const errTransitDeleteNotAllowed = (n: string): string => `error deleting policy ${n}: deletion is not allowed for this key`;
export const errTransitDeleteNotFound = (n: string): string => `error deleting policy ${n}: could not delete key; not found`;
// V path_keys_config.go pathKeysConfigWrite
export const errTransitConfigNoKey = (n: string): string => `no existing key named ${n} could be found`;
export const ERR_TRANSIT_MIN_DEC_NEGATIVE = 'min decryption version cannot be negative';
export const ERR_TRANSIT_MIN_ENC_NEGATIVE = 'min encryption version cannot be negative';
export const WARN_TRANSIT_MIN_DEC_FORCED = 'since Vault 0.3, transit key numbering starts at 1; forcing minimum to 1';
export const errTransitMinDecTooHigh = (n: number, latest: number): string =>
  `cannot set min decryption version of ${n}, latest key version is ${latest}`;
export const errTransitMinEncTooHigh = (n: number, latest: number): string =>
  `cannot set min encryption version of ${n}, latest key version is ${latest}`;
export const errTransitMinEncBelowDec = (e: number, d: number): string =>
  `cannot set min encryption/decryption values; min encryption version of ${e} must be greater than or equal to min decryption version of ${d}`;
export const ERR_TRANSIT_MIN_ENC_BELOW_AVAILABLE = 'min encryption version should not be less than min available version';
export const ERR_TRANSIT_MIN_DEC_BELOW_AVAILABLE = 'min decryption version should not be less then min available version'; // sic
// V path_rotate.go pathRotateWrite
export const ERR_TRANSIT_ROTATE_NOT_FOUND = 'key not found';
// V path_trim.go pathTrimUpdate
export const ERR_TRANSIT_TRIM_INVALID_NAME = 'invalid key name';
export const ERR_TRANSIT_TRIM_MISSING = 'missing min_available_version';
export const ERR_TRANSIT_TRIM_DECREMENT = 'minimum available version cannot be decremented';
export const ERR_TRANSIT_TRIM_NO_MIN_ENC = 'minimum available version cannot be set when minimum encryption version is not set';
export const ERR_TRANSIT_TRIM_NO_MIN_DEC = 'minimum available version cannot be set when minimum decryption version is not set';
export const ERR_TRANSIT_TRIM_ABOVE_ENC = 'minimum available version cannot be greater than minmum encryption version'; // sic
export const ERR_TRANSIT_TRIM_ABOVE_DEC = 'minimum available version cannot be greater than minimum decryption version';
export const ERR_TRANSIT_TRIM_NEGATIVE = 'minimum available version cannot be negative';
export const ERR_TRANSIT_TRIM_ZERO = 'minimum available version should be positive';

// ---- encrypt / decrypt / rewrap / datakey --------------------------------------------------------
// V path_encrypt.go, path_decrypt.go, path_rewrap.go, path_hmac.go, path_sign_verify.go
export const ERR_TRANSIT_MISSING_BATCH = 'missing batch input to process';
// V path_encrypt.go decodeBatchRequestItems and callers (a bare error: 500)
export const errTransitBatchParse = (detail: string): string => `failed to parse batch input: ${detail}`;
// V path_encrypt.go pathEncryptWrite
export const ERR_TRANSIT_MISSING_PLAINTEXT = 'missing plaintext to encrypt';
export const ERR_TRANSIT_CONTEXT_MISMATCH = 'context should be set either in all the request blocks or in none';
export const ERR_TRANSIT_UPSERT_CONVERGENT_NO_CONTEXT = 'convergent encryption requires derivation to be enabled, so context is required';
export const errTransitTypeNotForOperation = (t: string): string => `key type ${t} not supported for this operation`;
export const ERR_TRANSIT_KEY_NOT_FOUND = 'encryption key not found';
export const ERR_TRANSIT_NONCE_NOT_ALLOWED = 'provided nonce not allowed for this key';
export const errTransitAdNonAead = (i: number, t: string): string => `'[${i}].associated_data' provided for non-AEAD cipher suite ${t}`;
export const errTransitAdFactory = (goErr: string): string => `unable to get associated_data/additional_data from factory[0]: ${goErr}`;
// V path_decrypt.go pathDecryptWrite, path_rewrap.go pathRewrapWrite
export const ERR_TRANSIT_MISSING_CIPHERTEXT = 'missing ciphertext to decrypt';
// V path_encrypt.go batchRequestResponse
export const warnTransitBadPartialCode = (code: number): string =>
  `invalid HTTP response code override from partial_failure_response_code, reverting to ${code}`;
// V path_datakey.go pathDatakeyWrite
export const ERR_TRANSIT_DATAKEY_PATH = "Invalid path, must be 'plaintext' or 'wrapped'";
export const ERR_TRANSIT_DATAKEY_BITS = 'invalid bit length';

// ---- keysutil (policy.go EncryptWithFactory, DecryptWithFactory, GetKey, DeriveKey) -------------
export const errTransitEncryptUnsupported = (t: string): string => `message encryption not supported for key type ${t}`;
export const errTransitDecryptUnsupported = (t: string): string => `message decryption not supported for key type ${t}`;
export const ERR_TRANSIT_ENC_VERSION_NEGATIVE = 'requested version for encryption is negative';
export const ERR_TRANSIT_ENC_VERSION_TOO_HIGH = 'requested version for encryption is higher than the latest key version';
export const ERR_TRANSIT_ENC_VERSION_TOO_LOW = 'requested version for encryption is less than the minimum encryption key version';
export const ERR_TRANSIT_NO_SUCH_VERSION = 'no such key version';
// KU policy.go EncryptWithFactory/DecryptWithFactory (a legacy counter-mode key asked for other than 32 bytes)
export const ERR_TRANSIT_DERIVE_LENGTH = 'could not derive enc key, length not correct';
export const ERR_TRANSIT_INVALID_KEY_VERSION = 'invalid key version';
export const ERR_TRANSIT_NONCE_WHEN_NOT_ALLOWED = 'nonce provided when not allowed';
export const ERR_TRANSIT_MISSING_CONTEXT =
  "missing 'context' for key derivation; the key was created using a derived key, which means additional, per-request information must be included in order to perform operations with the key";
export const ERR_TRANSIT_CONVERGENT_NONCE_LENGTH = 'base64-decoded nonce must be 12 bytes long when using convergent encryption with this key';
export const ERR_TRANSIT_INVALID_CONVERGENT_NONCE = 'invalid convergent nonce supplied';
export const ERR_TRANSIT_CT_NO_PREFIX = 'invalid ciphertext: no prefix';
export const ERR_TRANSIT_CT_FIELDS = 'invalid ciphertext: wrong number of fields';
export const ERR_TRANSIT_CT_VERSION = 'invalid ciphertext: version number could not be decoded';
export const ERR_TRANSIT_CT_TOO_NEW = 'invalid ciphertext: version is too new';
export const ERR_TRANSIT_CT_TOO_OLD = 'ciphertext or signature version is disallowed by policy (too old)';
export const ERR_TRANSIT_CT_BASE64 = 'invalid ciphertext: could not decode base64';
export const ERR_TRANSIT_CT_LENGTH = 'invalid ciphertext length';
// KU policy.go EncryptWithFactory / DecryptWithFactory (RSA; GO crypto/rsa ErrMessageTooLong, ErrDecryption)
export const ERR_TRANSIT_RSA_TOO_LONG = 'failed to RSA encrypt the plaintext: crypto/rsa: message too long for RSA key size';
export const ERR_TRANSIT_RSA_DECRYPT = 'failed to RSA decrypt the ciphertext: crypto/rsa: decryption error';
export const ERR_TRANSIT_RSA_NO_PRIVATE = 'cannot decrypt ciphertext, key version does not have a private counterpart';
// GO crypto/cipher gcm.go errOpen; golang.org/x/crypto chacha20poly1305 errOpen
export const ERR_TRANSIT_GCM_AUTH = 'cipher: message authentication failed';
export const ERR_TRANSIT_CHACHA_AUTH = 'chacha20poly1305: message authentication failed';
// GO encoding/base64 CorruptInputError.Error
export const errGoBase64 = (offset: number): string => `illegal base64 data at input byte ${offset}`;

// ---- random, hash --------------------------------------------------------------------------------
// V helper/random/random_api.go HandleRandomAPI (GO strconv.Atoi's error text)
export const errTransitRandomCount = (s: string): string =>
  `error parsing url-set byte count: strconv.Atoi: parsing ${JSON.stringify(s)}: invalid syntax`;
export const ERR_TRANSIT_RANDOM_TOO_FEW = '"bytes" cannot be less than 1';
export const ERR_TRANSIT_RANDOM_TOO_MANY = '"bytes" should be less than 131072';
export const errTransitRandomFormat = (f: string): string => `unsupported encoding format ${JSON.stringify(f)}; must be "hex" or "base64"`;
export const errTransitRandomSource = (s: string): string =>
  `unsupported entropy source ${JSON.stringify(s)}; must be "platform" or "seal", or "all"`;
export const WARN_TRANSIT_NO_SEAL_ENTROPY = 'no seal/entropy augmentation available, using platform entropy source';
// V path_hash.go pathHashWrite
export const ERR_TRANSIT_HASH_INPUT_MISSING = 'input missing';
export const errTransitInputBase64 = (goErr: string): string => `unable to decode input as base64: ${goErr}`;
export const errTransitHashFormat = (f: string): string => `unsupported encoding format ${f}; must be "hex" or "base64"`;
export const errTransitHashAlgorithm = (a: string): string => `unsupported algorithm ${a}`;

// ---- hmac, verify (hmac) -------------------------------------------------------------------------
// V path_hmac.go pathHMACWrite / pathHMACVerify: `%q` of the zero HashType, whatever the name sent
export const ERR_TRANSIT_HMAC_ALGORITHM = "unsupported algorithm '\\x00'";
export const ERR_TRANSIT_HMAC_TOO_OLD = 'cannot generate HMAC: version is too old (disallowed by policy)';
// KU policy.go HMACKey
export const ERR_TRANSIT_HMAC_VERSION_NEGATIVE = 'key version does not exist (cannot be negative)';
export const errTransitHmacVersionTooHigh = (latest: number): string => `key version does not exist; latest key version is ${latest}`;
export const ERR_TRANSIT_HMAC_MISSING_INPUT = 'missing input for HMAC';
export const ERR_TRANSIT_VERIFY_MISSING_INPUT = 'missing input';
export const ERR_TRANSIT_VERIFY_MISSING_HMAC = 'missing hmac';
export const ERR_TRANSIT_HMAC_NO_PREFIX = 'invalid HMAC to verify: no prefix';
export const ERR_TRANSIT_HMAC_FIELDS = 'invalid HMAC: wrong number of fields';
export const ERR_TRANSIT_HMAC_VERSION = 'invalid HMAC: version number could not be decoded';
export const errTransitHmacBase64 = (goErr: string): string => `unable to decode verification HMAC as base64: ${goErr}`;
export const ERR_TRANSIT_HMAC_TOO_NEW = 'invalid HMAC: version is too new';
export const ERR_TRANSIT_HMAC_VERIFY_TOO_OLD = 'cannot verify HMAC: version is too old (disallowed by policy)';
// V path_sign_verify.go pathVerifyWrite (dispatch)
export const ERR_TRANSIT_VERIFY_ONE_OF = "provide one of 'signature', 'hmac' or 'cmac'";
export const ERR_TRANSIT_VERIFY_NONE = "missing 'signature', 'hmac' or 'cmac' were given to verify";
export const ERR_TRANSIT_VERIFY_BATCH_MIXED = "elements of batch_input must all provide either 'signature', 'hmac' or 'cmac'";
export const errTransitVerifyBatchMissing = (kind: string): string => `some elements of batch_input are missing '${kind}'`;
export const ERR_TRANSIT_VERIFY_BATCH_NONE = "no batch_input elements have 'signature', 'hmac' or 'cmac'";

// ---- sign / verify (signatures) -----------------------------------------------------------------
// V path_sign_verify.go pathSignWrite / pathVerifyWrite / getSaltLength
export const errTransitInvalidHash = (a: string): string => `invalid hash algorithm ${JSON.stringify(a)}`;
export const errTransitInvalidMarshaling = (m: string): string => `invalid marshaling type ${JSON.stringify(m)}`;
export const errTransitSaltNegative = (n: number): string => `salt length is invalid: ${n}`;
export const errTransitSaltNotInt = (v: string): string => `salt length neither 'auto', 'hash', nor an int: ${v}`;
export const ERR_TRANSIT_SIGNING_KEY_NOT_FOUND = 'signing key not found';
export const ERR_TRANSIT_VERIFY_KEY_NOT_FOUND = 'signature verification key not found';
export const errTransitNoSigning = (t: string): string => `key type ${t} does not support signing`;
export const errTransitNoVerification = (t: string): string => `key type ${t} does not support verification`;
export const ERR_TRANSIT_NONE_RULE = 'hash_algorithm=none requires both prehashed=true and signature_algorithm=pkcs1v15';
export const ERR_TRANSIT_VERIFY_MISSING_SIGNATURE = 'missing signature';
// KU policy.go SignWithOptions, validRSAPSSSaltLength
export const ERR_TRANSIT_SIGN_VERSION_NEGATIVE = 'requested version for signing is negative';
export const ERR_TRANSIT_SIGN_VERSION_TOO_HIGH = 'requested version for signing is higher than the latest key version';
export const ERR_TRANSIT_SIGN_VERSION_TOO_LOW = 'requested version for signing is less than the minimum encryption key version';
export const ERR_TRANSIT_SIGN_NO_PRIVATE = 'requested version for signing does not contain a private part';
export const errTransitSaltLengthInvalid = (n: number): string => `requested salt length ${n} is invalid`;
export const errTransitRsaSignatureAlgorithm = (a: string): string => `unsupported rsa signature algorithm ${a}`;
export const errTransitDeriving = (e: string): string => `error deriving key: ${e}`;
// GO crypto/rsa pkcs1v15.go (SignPKCS1v15: a digest of the wrong length, ErrMessageTooLong)
export const ERR_TRANSIT_RSA_NOT_HASHED = 'crypto/rsa: input must be hashed message';
// GO crypto/rsa pss.go emsaPSSEncode (a prehashed PSS input of the wrong length)
export const ERR_TRANSIT_PSS_NOT_HASHED = 'crypto/rsa: input must be hashed with given hash';
export const ERR_TRANSIT_RSA_MSG_TOO_LONG = 'crypto/rsa: message too long for RSA key size';
// KU policy.go VerifySignatureWithOptions
export const ERR_TRANSIT_SIG_NO_PREFIX = 'invalid signature: no prefix';
export const ERR_TRANSIT_SIG_FIELDS = 'invalid signature: wrong number of fields';
export const ERR_TRANSIT_SIG_VERSION = 'invalid signature: version number could not be decoded';
export const ERR_TRANSIT_SIG_TOO_NEW = 'invalid signature: version is too new';
export const ERR_TRANSIT_SIG_BASE64 = 'invalid base64 signature value';
export const ERR_TRANSIT_SIG_INVALID = 'supplied signature is invalid';
export const ERR_TRANSIT_SIG_EXTRA = 'supplied signature contains extra data';

// ---- export, backup, restore, cache-config -------------------------------------------------------
// V path_export.go pathPolicyExportRead, getExportKey
export const errTransitExportType = (t: string): string => `invalid export type: ${t}`;
export const ERR_TRANSIT_EXPORT_NOT_EXPORTABLE = 'private key material is not exportable';
export const ERR_TRANSIT_EXPORT_NO_ENCRYPTION = 'encryption not supported for the key';
export const ERR_TRANSIT_EXPORT_NO_SIGNING = 'signing not supported for the key';
export const ERR_TRANSIT_EXPORT_CHAIN_NOT_SIGNING = 'certificate chain not supported for keys that do not support signing';
export const ERR_TRANSIT_EXPORT_BELOW_MIN = 'version for export is below minimum decryption version';
export const ERR_TRANSIT_EXPORT_NO_VERSION = 'version does not exist or cannot be found';
export const errTransitExportUnknownKeyType = (t: string, e: string): string => `unknown key type ${t} for export type ${e}`;
export const ERR_TRANSIT_EXPORT_NO_CHAIN = 'selected key version does not have a certificate chain imported';
// KU lock_manager.go BackupPolicy, policy.go Backup (bare errors: 500)
export const errTransitBackupNotFound = (n: string): string => `key "${n}" not found`;
export const ERR_TRANSIT_BACKUP_NOT_EXPORTABLE = 'exporting is disallowed on the policy';
export const ERR_TRANSIT_BACKUP_NO_PLAINTEXT = 'plaintext backup is disallowed on the policy';
// V path_restore.go pathRestoreUpdate; KU lock_manager.go RestorePolicy
export const ERR_TRANSIT_RESTORE_MISSING = "'backup' must be supplied";
export const ERR_TRANSIT_RESTORE_PATH_NAME = 'key names cannot be paths';
export const errTransitRestoreExists = (n: string): string => `key "${n}" already exists`;
// GO encoding/json SyntaxError texts (a backup that is not JSON; minivault approximates the offset-free cases)
export const errGoJsonInvalidChar = (c: string): string => `invalid character '${c}' looking for beginning of value`;
export const ERR_GO_JSON_EOF = 'unexpected end of JSON input';
// V path_cache_config.go pathCacheConfigWrite (minCacheSize = 10)
export const ERR_TRANSIT_CACHE_SIZE = 'size must be 0 or a value greater or equal to 10';

// KU policy.go Policy.Rotate (bare: 500)
export const errTransitImportedNoRotation = (n: string): string => `imported key ${n} does not allow rotation within Vault`;

// ---- BYOK: wrapping_key, keys/:name/import, import_version, byok-export ---------------------------
// V path_import.go pathImportWrite, pathImportVersionWrite, decryptImportedKey, parseHashFn,
// extractKeyFromFields (bare errors: 500, unless noted)
export const ERR_TRANSIT_IMPORT_CONVERGENT = 'import cannot be used on keys with convergent encryption enabled';
export const ERR_TRANSIT_IMPORT_ROTATION = 'allow_rotation must be set to true if auto-rotation is enabled';
export const errTransitImportUnknownType = (t: string): string => `unknown key type: ${t}`; // 400
export const ERR_TRANSIT_IMPORT_EXISTS = 'the import path cannot be used with an existing key; use import-version to rotate an existing imported key';
export const errTransitUnknownHashFn = (h: string): string => `unknown hash function: ${h}`; // 400 on import, 500 on byok-export
export const ERR_TRANSIT_IMPORT_TOO_SHORT = 'provided ciphertext is too short';
export const ERR_TRANSIT_IMPORT_EPH_SIZE = 'expected ephemeral AES key to be 256-bit';
export const ERR_TRANSIT_IMPORT_NO_PUBLIC = 'provided type does not support public_key import';
export const errTransitImportVersionNoKey = (n: string): string => `no key found with name ${n}; to import a new key, use the import/ endpoint`;
export const ERR_TRANSIT_IMPORT_VERSION_NOT_IMPORTED = 'the import_version endpoint can only be used with an imported key';
export const ERR_TRANSIT_IMPORT_VERSION_CONVERGENT = 'import_version cannot be used on keys with convergent encryption enabled';
// GO crypto/rsa (rsa.DecryptOAEP's ErrDecryption)
export const ERR_GO_RSA_DECRYPTION = 'crypto/rsa: decryption error';
// tink-go kwp/subtle kwp.go Unwrap, Wrap
export const ERR_KWP_TOO_SMALL = 'kwp: wrapped key size too small';
export const ERR_KWP_TOO_LARGE = 'kwp: wrapped key size too large';
export const ERR_KWP_MULTIPLE = 'kwp: wrapped key size must be a multiple of 8 bytes';
export const ERR_KWP_INTEGRITY = 'kwp: unwrap failed integrity check';
export const ERR_KWP_WRAP_TOO_SMALL = 'kwp: key size to wrap too small';
// KU lock_manager.go ImportPolicy wraps every ImportPublicOrPrivate error
export const errTransitImporting = (e: string): string => `error importing key: ${e}`;
// KU policy.go ImportPublicOrPrivate, parseFromKey, KeyVersionCanBeUpdated, ImportPrivateKeyForVersion
export const errTransitImportKeySize = (n: number, t: string): string => `invalid key size ${n} bytes for key type ${t}`;
export const ERR_TRANSIT_IMPORT_DERIVED_ED25519_PUBLIC = 'unable to import only public key for derived Ed25519 key: imported key should not be an Ed25519 key pair but is instead an HKDF key';
export const errTransitParseAsymmetric = (e: string): string => `error parsing asymmetric key: ${e}`;
export const ERR_TRANSIT_PUBLIC_NOT_PEM = 'error parsing public key: not in PEM format';
export const errTransitParsePublic = (e: string): string => `error parsing public key: ${e}`;
export const errTransitKeyTypeMismatch = (t: string, goType: string): string => `invalid key type: expected ${t}, got ${goType}`;
export const errTransitCurveMismatch = (want: string, got: string): string => `invalid curve: expected ${want}, got ${got}`;
export const errTransitRsaSizeMismatch = (want: number, got: number): string => `invalid key size: expected ${want} bytes, got ${got} bytes`;
export const ERR_TRANSIT_VERSION_NO_IMPORT = 'provided type does not support importing key versions';
export const ERR_TRANSIT_VERSION_HAS_PUBLIC = 'cannot add a public key to a key version that already has a public key set';
export const ERR_TRANSIT_VERSION_HAS_PRIVATE = 'private key imported, key version cannot be updated';
export const ERR_TRANSIT_KEY_PAIR_MISMATCH = 'cannot import key, key pair does not match';
// V path_byok.go pathPolicyBYOKExportRead, getBYOKExportKey; KU policy.go Policy.WrapKey, KeyEntry.WrapKey
export const ERR_TRANSIT_BYOK_NO_DESTINATION = 'no such destination key to export to';
export const ERR_TRANSIT_BYOK_NO_SOURCE = 'no such source key for export';
export const ERR_TRANSIT_BYOK_NOT_EXPORTABLE = 'key is not exportable'; // 400
export const errTransitWrapNotSigning = (t: string): string => `message signing not supported for key type ${t}`;
export const ERR_TRANSIT_WRAP_NOT_RSA = 'unsupported key type in use; must be a rsa key';
export const errTransitWrapFailed = (e: string): string => `failed to wrap target key for import: ${e}`;
// minivault's own: a version with no private half has nothing to wrap (Go panics on the nil key)
export const ERR_TRANSIT_WRAP_NO_PRIVATE = 'the source key version has no private key to export';

// ---- keys/:name/csr and keys/:name/set-certificate -------------------------------------------------
// V path_certificates.go pathCreateCsrWrite, pathImportCertChainWrite, parseCsr, parseCertificateChain
export const errTransitCertKeyNotFound = (n: string): string => `key with provided name '${n}' not found`;
export const errTransitCsrNoSigning = (t: string): string => `key type '${t}' does not support signing`;
export const errTransitCertNoSigning = (t: string): string => `key type ${t} does not support signing`;
export const ERR_TRANSIT_CERT_DERIVED = 'operation not supported on keys with derivation enabled';
export const ERR_TRANSIT_CSR_PEM = 'could not decode PEM certificate request';
// GO crypto/x509 (ParseCertificateRequest of a block that is no CSR)
export const ERR_GO_X509_MALFORMED_CSR = 'x509: malformed certificate request';
export const errTransitCsr = (e: string): string => `could not create the csr: ${e}`;
// KU policy.go CreateCsr, ValidateAndPersistCertificateChain, ValidateLeafCertKeyMatch
export const ERR_TRANSIT_CSR_NO_PRIVATE = 'private key not imported for key version selected';
export const ERR_TRANSIT_CHAIN_PEM = 'could not decode PEM block in certificate chain';
export const ERR_TRANSIT_CHAIN_EMPTY = 'provided certificate chain did not contain any valid PEM certificate';
export const errTransitChainParse = (e: string): string => `failed to parse certificate in certificate chain: ${e}`;
export const errTransitChainPersist = (e: string): string => `failed to persist certificate chain: ${e}`;
export const ERR_TRANSIT_CHAIN_NOT_LEAF = 'certificate in the first position is not a leaf certificate';
export const ERR_TRANSIT_CHAIN_TWO_LEAVES = 'provided certificate chain contains more than one leaf certificate';
export const errTransitChainKeyMatch = (e: string): string => `could not validate key match between leaf certificate key and key version in transit: ${e}`;
export const errTransitChainAlgorithm = (alg: string, t: string): string =>
  `provided leaf certificate public key algorithm '${alg}' does not match the transit key type '${t}'`;
export const ERR_TRANSIT_CHAIN_MISMATCH = 'leaf certificate public key does match the key version selected'; // sic
