// The transit secrets engine (V builtin/logical/transit backend.go Backend): its path table in
// Vault's order, restricted to what minivault implements — every CE key type (aes128-gcm96,
// aes256-gcm96, chacha20-poly1305, ed25519, ecdsa-p256/p384/p521, rsa-2048/3072/4096, hmac) and
// their management, encrypt/decrypt/rewrap/datakey, random, hash, hmac, sign, verify, export,
// backup/restore, cache-config, config/keys, and (paths-byok.ts) wrapping_key, import,
// import_version, byok-export, csr and set-certificate. Auto-rotation is checked lazily whenever
// a request loads a key (policy.ts rotateIfRequired), on the vault clock.
// Citations in this folder: V = hashicorp/vault builtin/logical/transit, KU = hashicorp/vault
// sdk/helper/keysutil, SDK = hashicorp/vault sdk, GO = golang/go src.
import { FrameworkBackend } from '../../framework/backend.js';
import type { FieldData, FieldSchema, FrameworkRequest, PathHandler, PathSpec } from '../../framework/types.js';
import type { Backend, BackendConfig, LogicalResponse } from '../../logical/types.js';
import { datakey, decrypt, encrypt, encryptExists, rewrap } from './encrypt.js';
import { configKey, createKey, deleteKey, listKeys, readConfigKeys, readKey, rotateKey, trimKey, writeConfigKeys } from './keys.js';
import { backup, readCacheConfig, restore, writeCacheConfig } from './backup.js';
import { exportKeys } from './export.js';
import { hash, hmacWrite, random, verify } from './misc.js';
import { sign } from './sign.js';
import { byokPaths } from './paths-byok.js';
import { PolicyStore } from './policy.js';
import { genericNameRegex } from '../../framework/pattern.js';

// SDK framework/path.go GenericNameRegex and OptionalParamRegex.
const nameRe = genericNameRegex;
const optional = (n: string) => `(/(?P<${n}>.+))?`;
const NAME = nameRe('name');

const BACKEND_HELP = `
The transit backend is used to encrypt and decrypt data that is stored outside
of Vault. This allows applications to use Vault for encryption operations
without having to store the data inside Vault.
`; // V backend.go backendHelp

type Handler = (store: PolicyStore, req: FrameworkRequest, d: FieldData) => Promise<LogicalResponse | null>;

const s = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'string', description, ...extra });
const i = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'int', description, ...extra });
const b = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'bool', description, ...extra });
const name: FieldSchema = s('Name of the key');
const context = s('Base64 encoded context for key derivation. Required if key derivation is enabled.');
const nonce = s('Base64 encoded nonce value used during encryption. Must be provided if convergent encryption is enabled for this key and the key was generated with Vault 0.6.1. Not required for keys created in 0.6.2+.');
const batch: FieldSchema = { type: 'slice', description: 'Specifies a list of items to be processed in a single batch.' };
const partial = i('Ordinarily, if a batch item fails to encrypt due to a bad input, but other batch items succeed, the HTTP response code is 400 (Bad Request). Some applications may want to treat partial failures differently. Providing the parameter returns the given response code integer instead of a 400 in this case. If all values fail HTTP 400 is still returned.');
const ad = s('When using an AEAD cipher mode, such as AES-GCM, this parameter allows passing associated data (AD/AAD) into the encryption function; this data must be passed on subsequent decryption requests but can be transited in plaintext. On successful decryption, both the ciphertext and the associated data are attested not to have been tampered with.');
const rotatePeriod: FieldSchema = {
  type: 'duration_second', default: 0,
  description: 'Amount of time the key should live before being automatically rotated. A value of 0 (default) disables automatic rotation for the key.',
};

/**
 * The path table in the order of hashicorp/vault builtin/logical/transit/backend.go Paths. It is
 * a declaration (patterns, fields, operations, help), not logic, so it stays one list to be read
 * against Vault's.
 */
function transitPaths(store: PolicyStore): PathSpec[] {
  const h = (fn: Handler): PathHandler => (req, d) => fn(store, req, d);
  const byok = byokPaths(store);
  return [
    {
      pattern: `keys/${NAME}/rotate`,
      fields: { name, managed_key_name: s('The name of the managed key to use for the new version of this transit key'), managed_key_id: s('The UUID of the managed key to use for the new version of this transit key') },
      operations: { update: h(rotateKey) },
      helpSynopsis: 'Rotate named encryption key',
      helpDescription: '\nThis function can be used to rotate an encryption key. All future encryptions\nwill use this new key, while old keys can still be decrypted.\n',
    },
    {
      pattern: `rewrap/${NAME}`,
      fields: {
        name, ciphertext: s('Ciphertext value to rewrap'), context, nonce,
        key_version: i('The version of the key to use for encryption. Must be 0 (for latest) or a value greater than or equal to the min_encryption_version configured on the key.'),
        batch_input: batch,
      },
      operations: { update: h(rewrap) },
      helpSynopsis: 'Rewrap ciphertext',
      helpDescription: '\nAfter key rotation, this function can be used to rewrap the given ciphertext or\na batch of given ciphertext blocks with the latest version of the named key.\nIf the given ciphertext is already using the latest version of the key, this\nfunction is a no-op.\n',
    },
    byok.wrappingKey,
    byok.import,
    byok.importVersion,
    {
      pattern: `keys/${NAME}`,
      fields: {
        name,
        type: s('The type of key to create. Currently, "aes128-gcm96" (symmetric), "aes256-gcm96" (symmetric), "ecdsa-p256" (asymmetric), "ecdsa-p384" (asymmetric), "ecdsa-p521" (asymmetric), "ed25519" (asymmetric), "rsa-2048" (asymmetric), "rsa-3072" (asymmetric), "rsa-4096" (asymmetric) are supported.  Defaults to "aes256-gcm96".', { default: 'aes256-gcm96' }),
        derived: b('Enables key derivation mode. This allows for per-transaction unique keys for encryption operations.'),
        convergent_encryption: b('Whether to support convergent encryption. This is only supported when using a key with key derivation enabled and will require all requests to carry both a context and 96-bit (12-byte) nonce. The given nonce will be used in place of a randomly generated nonce. As a result, when the same context and nonce are supplied, the same ciphertext is generated. It is *very important* when using this mode that you ensure that all nonces are unique for a given context. Failing to do so will severely impact the ciphertext\'s security.'),
        exportable: b('Enables keys to be exportable. This allows for all the valid keys in the key ring to be exported.'),
        allow_plaintext_backup: b('Enables taking a backup of the named key in plaintext format. Once set, this cannot be disabled.'),
        context: s('Base64 encoded context for key derivation. When reading a key with key derivation enabled, if the key type supports public keys, this will return the public key for the given context.'),
        auto_rotate_period: rotatePeriod,
        key_size: i('The key size in bytes for the algorithm.  Only applies to HMAC and must be no fewer than 32 bytes and no more than 512', { default: 0 }),
        managed_key_name: s('The name of the managed key to use for this transit key'),
        managed_key_id: s('The UUID of the managed key to use for this transit key'),
      },
      operations: {
        update: h(createKey),
        read: h(readKey), delete: (req) => deleteKey(store, req),
      },
      helpSynopsis: 'Managed named encryption keys',
      helpDescription: '\nThis path is used to manage the named keys that are available.\nDoing a write with no value against a new named key will create\nit using a randomly generated key.\n',
    },
    {
      pattern: 'keys/?$',
      operations: { list: () => listKeys(store) },
      helpSynopsis: 'Managed named encryption keys',
      helpDescription: '\nThis path is used to manage the named keys that are available.\nDoing a write with no value against a new named key will create\nit using a randomly generated key.\n',
    },
    byok.byokExport,
    {
      pattern: `export/${nameRe('type')}/${NAME}${optional('version')}`,
      fields: {
        type: s('Type of key to export (encryption-key, signing-key, hmac-key, public-key)'), name,
        version: s('Version of the key'),
      },
      operations: { read: h(exportKeys) },
      helpSynopsis: 'Export named encryption or signing key',
      helpDescription: '\nThis path is used to export the named keys that are configured as\nexportable.\n',
    },
    {
      pattern: `keys/${NAME}/config`,
      fields: {
        name,
        min_decryption_version: i('If set, the minimum version of the key allowed to be decrypted. For signing keys, the minimum version allowed to be used for verification.'),
        min_encryption_version: i('If set, the minimum version of the key allowed to be used for encryption; or for signing keys, to be used for signing. If set to zero, only the latest version of the key is allowed.'),
        deletion_allowed: b('Whether to allow deletion of the key'),
        exportable: b('Enables export of the key. Once set, this cannot be disabled.'),
        allow_plaintext_backup: b('Enables taking a backup of the named key in plaintext format. Once set, this cannot be disabled.'),
        auto_rotate_period: { type: 'duration_second', description: rotatePeriod.description },
      },
      operations: { update: h(configKey) },
      helpSynopsis: 'Configure a named encryption key',
      helpDescription: '\nThis path is used to configure the named key. Currently, this\nsupports adjusting the minimum version of the key allowed to\nbe used for decryption via the min_decryption_version parameter.\n',
    },
    {
      pattern: `encrypt/${NAME}`,
      fields: {
        name, plaintext: s('Base64 encoded plaintext value to be encrypted'), context, nonce,
        type: s('This parameter is required when encryption key is expected to be created. When performing an upsert operation, the type of key to create. Currently, "aes128-gcm96" (symmetric) and "aes256-gcm96" (symmetric) are the only types supported. Defaults to "aes256-gcm96".', { default: 'aes256-gcm96' }),
        convergent_encryption: b('This parameter will only be used when a key is expected to be created.  Whether to support convergent encryption. This is only supported when using a key with key derivation enabled and will require all requests to carry both a context and 96-bit (12-byte) nonce. The given nonce will be used in place of a randomly generated nonce. As a result, when the same context and nonce (or an empty context and nonce) are supplied, the same ciphertext is generated. It is *very important* when using this mode that you ensure that all nonces are unique for a given context. Failing to do so will severely impact the ciphertext\'s security.'),
        key_version: i('The version of the key to use for encryption. Must be 0 (for latest) or a value greater than or equal to the min_encryption_version configured on the key.'),
        partial_failure_response_code: partial, associated_data: ad, batch_input: batch,
      },
      existenceCheck: (req) => encryptExists(store, req),
      operations: { create: h(encrypt), update: h(encrypt) },
      helpSynopsis: 'Encrypt a plaintext value or a batch of plaintext\nblocks using a named key',
      helpDescription: '\nThis path uses the named key from the request path to encrypt a user provided\nplaintext or a batch of plaintext blocks. The plaintext must be base64 encoded.\n',
    },
    {
      pattern: `decrypt/${NAME}`,
      fields: { name, ciphertext: s('The ciphertext to decrypt, provided as returned by encrypt.'), context, nonce, partial_failure_response_code: partial, associated_data: ad, batch_input: batch },
      operations: { update: h(decrypt) },
      helpSynopsis: 'Decrypt a ciphertext value using a named key',
      helpDescription: '\nThis path uses the named key from the request path to decrypt a user\nprovided ciphertext. The plaintext is returned base64 encoded.\n',
    },
    {
      pattern: `datakey/${nameRe('plaintext')}/${NAME}`,
      fields: {
        name, plaintext: s('"plaintext" will return the key in both plaintext and ciphertext; "wrapped" will return the ciphertext only.'),
        context: s('Context for key derivation. Required for derived keys.'),
        nonce: s('Nonce for when convergent encryption v1 is used (only in Vault 0.6.1)'),
        bits: i('Number of bits for the key; currently 128, 256, and 512 bits are supported. Defaults to 256.', { default: 256 }),
        key_version: i('The version of the Vault key to use for encryption of the data key. Must be 0 (for latest) or a value greater than or equal to the min_encryption_version configured on the key.'),
      },
      operations: { update: h(datakey) },
      helpSynopsis: 'Generate a data key',
      helpDescription: '\nThis path can be used to generate a data key: a random\nkey of a certain length that can be used for encryption\nand decryption, protected by the named backend key. 128, 256,\nor 512 bits can be specified; if not specified, the default\nis 256 bits. Call with the the "wrapped" path to prevent the\n(base64-encoded) plaintext key from being returned along with\nthe encrypted key, the "plaintext" path returns both.\n',
    },
    {
      pattern: `random(/${nameRe('source')})?${optional('urlbytes')}`,
      fields: {
        urlbytes: s('The number of bytes to generate (POST URL parameter)'),
        bytes: i('The number of bytes to generate (POST body parameter). Defaults to 32 (256 bits).', { default: 32 }),
        format: s('Encoding format to use. Can be "hex" or "base64". Defaults to "base64".', { default: 'base64' }),
        source: s('Which system to source random data from, ether "platform", "seal", or "all".', { default: 'platform' }),
      },
      operations: { update: h(random) },
      helpSynopsis: 'Generate random bytes',
      helpDescription: '\nThis function can be used to generate high-entropy random bytes.\n',
    },
    {
      pattern: `hash${optional('urlalgorithm')}`,
      fields: {
        input: s('The base64-encoded input data'),
        algorithm: s('Algorithm to use (POST body parameter). Valid values are: * sha2-224 * sha2-256 * sha2-384 * sha2-512 * sha3-224 * sha3-256 * sha3-384 * sha3-512 Defaults to "sha2-256".', { default: 'sha2-256' }),
        urlalgorithm: s('Algorithm to use (POST URL parameter)'),
        format: s('Encoding format to use. Can be "hex" or "base64". Defaults to "hex".', { default: 'hex' }),
      },
      operations: { update: h(hash) },
      helpSynopsis: 'Generate a hash sum for input data',
      helpDescription: '\nGenerates a hash sum of the given algorithm against the given input data.\n',
    },
    {
      pattern: `hmac/${NAME}${optional('urlalgorithm')}`,
      fields: {
        name: s('The key to use for the HMAC function'), input: s('The base64-encoded input data'),
        algorithm: s('Algorithm to use (POST body parameter). Valid values are: * sha2-224 * sha2-256 * sha2-384 * sha2-512 * sha3-224 * sha3-256 * sha3-384 * sha3-512 Defaults to "sha2-256".', { default: 'sha2-256' }),
        urlalgorithm: s('Algorithm to use (POST URL parameter)'),
        key_version: i('The version of the key to use for generating the HMAC. Must be 0 (for latest) or a value greater than or equal to the min_encryption_version configured on the key.'),
        batch_input: batch,
      },
      operations: { update: h(hmacWrite) },
      helpSynopsis: 'Generate an HMAC for input data using the named key',
      helpDescription: '\nGenerates an HMAC sum of the given algorithm and key against the given input data.\n',
    },
    {
      pattern: `sign/${NAME}${optional('urlalgorithm')}`,
      fields: {
        name: s('The key to use'), input: s('The base64-encoded input data'),
        context: s('Base64 encoded context for key derivation. Required if key derivation is enabled; currently only available with ed25519 keys.'),
        algorithm: s('Deprecated: use "hash_algorithm" instead.', { default: 'sha2-256' }),
        urlalgorithm: s('Hash algorithm to use (POST URL parameter)'),
        hash_algorithm: s('Hash algorithm to use (POST body parameter). Valid values are: * sha1 * sha2-224 * sha2-256 * sha2-384 * sha2-512 * sha3-224 * sha3-256 * sha3-384 * sha3-512 * none Defaults to "sha2-256". Not valid for all key types, including ed25519. Using none requires setting prehashed=true and signature_algorithm=pkcs1v15, yielding a PKCSv1_5_NoOID instead of the usual PKCSv1_5_DERnull signature.', { default: 'sha2-256' }),
        key_version: i('The version of the key to use for signatures. Must be 0 (for latest) or a value greater than or equal to the min_encryption_version configured on the key.'),
        prehashed: b('Set to \'true\' when the input is already hashed. If the key type is \'rsa-2048\', \'rsa-3072\' or \'rsa-4096\', then the algorithm used to hash the input should be indicated by the \'algorithm\' parameter.'),
        signature_algorithm: s('The signature algorithm to use for signing. Currently only applies to RSA key types. Options are \'pss\' or \'pkcs1v15\'. Defaults to \'pss\''),
        marshaling_algorithm: s('The way in which the signature should be marshaled. This currently only applies to ECDSA keys. Valid values are: * asn1: Default, uses ASN.1 encoding * jws: Uses JWS-style encoding', { default: 'asn1' }),
        salt_length: s('The salt length used to sign. Currently only applies to the RSA PSS signature scheme. Options are \'auto\' (the default used by Golang, causing the salt to be as large as possible when signing), \'hash\' (causes the salt length to equal the length of the hash used in the signature), or an integer between the minimum and the maximum permissible salt lengths for the given RSA key size. Defaults to \'auto\'.', { default: 'auto' }),
        batch_input: batch,
      },
      operations: { update: h(sign) },
      helpSynopsis: 'Generate a signature for input data using the named key',
      helpDescription: '\nGenerates a signature of the input data using the named key and the given hash algorithm.\n',
    },
    {
      pattern: `verify/${NAME}${optional('urlalgorithm')}`,
      fields: {
        name: s('The key to use'), context: s('Base64 encoded context for key derivation. Required if key derivation is enabled; currently only available with ed25519 keys.'),
        signature: s('The signature, including vault header/key version'), hmac: s('The HMAC, including vault header/key version'),
        cmac: s('The CMAC, including vault header/key version'), input: s('The base64-encoded input data to verify'),
        urlalgorithm: s('Hash algorithm to use (POST URL parameter)'),
        hash_algorithm: s('Hash algorithm to use (POST body parameter).', { default: 'sha2-256' }),
        algorithm: s('Deprecated: use "hash_algorithm" instead.', { default: 'sha2-256' }),
        signature_algorithm: s('The signature algorithm to use for signature verification.'),
        marshaling_algorithm: s('The method by which to unmarshal the signature when verifying.', { default: 'asn1' }),
        prehashed: b('Set to \'true\' when the input is already hashed.'),
        salt_length: s('The salt length used to sign.', { default: 'auto' }),
        mac_length: i('MAC length used to generate a CMAC.'),
        batch_input: batch,
      },
      operations: { update: h(verify) },
      helpSynopsis: 'Verify a signature or HMAC for input data created using the named key',
      helpDescription: '\nVerifies a previously generated HMAC or signature against the given input data.\n',
    },
    {
      pattern: `backup/${NAME}`,
      fields: { name },
      operations: { read: (req) => backup(store, req) },
      helpSynopsis: 'Backup the named key',
      helpDescription: 'This path is used to backup the named key.',
    },
    {
      pattern: `restore${optional('name')}`,
      fields: {
        backup: s('Backed up key data to be restored. This should be the output from the \'backup/\' endpoint.'),
        name: s('If set, this will be the name of the restored key.'),
        force: b('If set and a key by the given name exists, force the restore operation and override the key.', { default: false }),
      },
      operations: { update: h(restore) },
      helpSynopsis: 'Restore the named key',
      helpDescription: 'This path is used to restore the named key.',
    },
    {
      pattern: `keys/${NAME}/trim`,
      fields: { name, min_available_version: i('The minimum available version for the key ring. All versions before this version will be permanently deleted. This value can at most be equal to the lesser of \'min_decryption_version\' and \'min_encryption_version\'. This is not allowed to be set when either \'min_encryption_version\' or \'min_decryption_version\' is set to zero.') },
      operations: { update: h(trimKey) },
      helpSynopsis: 'Trim key versions of a named key',
      helpDescription: '\nThis path is used to trim key versions of a named key. Trimming only happens\nfrom the lower end of version numbers.\n',
    },
    {
      pattern: 'cache-config',
      fields: { size: i('Size of cache, use 0 for an unlimited cache size, defaults to 0', { default: 0 }) },
      operations: {
        read: { handler: () => readCacheConfig(store), notes: 'the size is stored and reported; minivault keeps no key cache' },
        update: { handler: h(writeCacheConfig), notes: 'the size is stored and reported; minivault keeps no key cache' },
      },
      helpSynopsis: 'Configure caching strategy',
      helpDescription: '\nThis path is used to configure and query the cache size of the active cache, a size of 0 means unlimited.\n',
    },
    {
      pattern: 'config/keys',
      fields: { disable_upsert: b('Whether to allow automatic upserting (creation) of\nkeys on the encrypt endpoint.') },
      operations: { update: h(writeConfigKeys), read: () => readConfigKeys(store) },
      helpSynopsis: 'Configuration common across all keys',
      helpDescription: '\nThis path is used to configure common functionality across all keys. Currently,\nthis supports limiting the ability to automatically create new keys when an\nunknown key is used for encryption (upsert).\n',
    },
    byok.csr,
    byok.setCertificate,
  ];
}

export function factory(config: BackendConfig): Backend {
  const store = new PolicyStore(config.storage, config.clock, config.random);
  return new FrameworkBackend('transit', { help: BACKEND_HELP, backendType: 'logical', paths: transitPaths(store) });
}
