// The path table entries for bring-your-own-key and certificates: wrapping_key,
// keys/:name/import, keys/:name/import_version, byok-export/:destination/:source(/:version),
// keys/:name/csr and keys/:name/set-certificate, with Vault's fields and help (V
// builtin/logical/transit path_wrapping_key.go, path_import.go, path_byok.go,
// path_certificates.go). index.ts puts each where Vault's backend.go Paths has it.
import type { FieldData, FieldSchema, FrameworkRequest, PathHandler, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { byokExport, readWrappingKey } from './byok.js';
import { createCsr, setCertificate } from './certificates.js';
import { importKey, importKeyVersion } from './import.js';
import type { PolicyStore } from './policy.js';
import { genericNameRegex } from '../../framework/pattern.js';

type Handler = (store: PolicyStore, req: FrameworkRequest, d: FieldData) => Promise<LogicalResponse | null>;

const s = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'string', description, ...extra });
const nameRe = genericNameRegex;
const NAME = nameRe('name');
const name = s('The name of the key');
const ciphertext = s('The base64-encoded ciphertext of the keys. The AES key should be encrypted using OAEP \nwith the wrapping key and then concatenated with the import key, wrapped by the AES key.');
const hashFunction = s('The hash function used as a random oracle in the OAEP wrapping of the user-generated,\nephemeral AES key. Can be one of "SHA1", "SHA224", "SHA256" (default), "SHA384", or "SHA512"', { default: 'SHA256' });
const publicKey = s('The plaintext public key to be imported. If "ciphertext" is set, this field is ignored.');

export function byokPaths(store: PolicyStore): Record<'wrappingKey' | 'import' | 'importVersion' | 'byokExport' | 'csr' | 'setCertificate', PathSpec> {
  const h = (fn: Handler): PathHandler => (req, d) => fn(store, req, d);
  return {
    wrappingKey: {
      pattern: 'wrapping_key',
      operations: { read: () => readWrappingKey(store) },
      helpSynopsis: 'Returns the public key to use for wrapping imported keys',
      helpDescription: 'This path is used to retrieve the RSA-4096 wrapping key for wrapping keys that are being imported into transit.',
    },
    import: {
      pattern: `keys/${NAME}/import`,
      fields: {
        name,
        type: s('The type of key being imported. Currently, "aes128-gcm96" (symmetric), "aes256-gcm96" (symmetric), "ecdsa-p256"\n(asymmetric), "ecdsa-p384" (asymmetric), "ecdsa-p521" (asymmetric), "ed25519" (asymmetric), "rsa-2048" (asymmetric), "rsa-3072"\n(asymmetric), "rsa-4096" (asymmetric) are supported.  Defaults to "aes256-gcm96".\n', { default: 'aes256-gcm96' }),
        hash_function: hashFunction, ciphertext, public_key: publicKey,
        allow_rotation: { type: 'bool', description: 'True if the imported key may be rotated within Vault; false otherwise.' },
        derived: { type: 'bool', description: 'Enables key derivation mode. This\nallows for per-transaction unique\nkeys for encryption operations.' },
        exportable: { type: 'bool', description: 'Enables keys to be exportable.\nThis allows for all the valid keys\nin the key ring to be exported.' },
        allow_plaintext_backup: { type: 'bool', description: 'Enables taking a backup of the named\nkey in plaintext format. Once set,\nthis cannot be disabled.' },
        context: s('Base64 encoded context for key derivation.\nWhen reading a key with key derivation enabled,\nif the key type supports public keys, this will\nreturn the public key for the given context.'),
        auto_rotate_period: { type: 'duration_second', default: 0, description: 'Amount of time the key should live before\nbeing automatically rotated. A value of 0\n(default) disables automatic rotation for the\nkey.' },
      },
      operations: { update: h(importKey) },
      helpSynopsis: 'Imports an externally-generated key into a new transit key',
      helpDescription: 'This path is used to import an externally-generated key into Vault. The import operation creates a new key and cannot be used to replace an existing key.',
    },
    importVersion: {
      pattern: `keys/${NAME}/import_version`,
      fields: {
        name, ciphertext, public_key: publicKey, hash_function: hashFunction,
        version: { type: 'int', description: "Key version to be updated, if left empty, a new version will be created unless\na private key is specified and the 'Latest' key is missing a private key." },
      },
      operations: { update: h(importKeyVersion) },
      helpSynopsis: 'Imports an externally-generated key into an existing imported key',
      helpDescription: 'This path is used to import a new version of an externally-generated key into an existing import key. The import_version endpoint only supports importing key material into existing imported keys.',
    },
    byokExport: {
      pattern: `byok-export/${nameRe('destination')}/${nameRe('source')}(/(?P<version>.+))?`,
      fields: {
        destination: s('Destination key to export to; usually the public wrapping key of another Transit instance.'),
        source: s('Source key to export; could be any present key within Transit.'),
        version: s('Optional version of the key to export, else all key versions are exported.'),
        hash: s('Hash function to use for inner OAEP encryption. Defaults to SHA256.', { default: 'SHA256' }),
      },
      operations: { read: h(byokExport) },
      helpSynopsis: 'Securely export named encryption or signing key',
      helpDescription: '\nThis path is used to export the named keys that are configured as\nexportable.\n\nUnlike the regular /export/:name[/:version] paths, this path uses\nthe same encryption specification /import, allowing secure migration\nof keys between clusters to enable workloads to communicate between\nthem.\n\nPresently this only works for RSA destination keys.\n',
    },
    csr: {
      pattern: `keys/${NAME}/csr`,
      fields: {
        name: s('Name of the key', { required: true }),
        version: { type: 'int', description: "Optional version of key, 'latest' if not set" },
        csr: s('PEM encoded CSR template. The information attributes \nwill be used as a basis for the CSR with the key in transit. If not set, an empty CSR is returned.'),
      },
      operations: { update: h(createCsr) },
      helpSynopsis: 'Create a CSR from a key in transit',
      helpDescription: 'This path is used to create a CSR from a key in \ntransit. If a CSR template is provided, its significant information, expect key \nrelated data, are included in the CSR otherwise an empty CSR is returned.\n',
    },
    setCertificate: {
      pattern: `keys/${NAME}/set-certificate`,
      fields: {
        name: s('Name of the key', { required: true }),
        version: { type: 'int', description: "Optional version of key, 'latest' if not set" },
        certificate_chain: s('PEM encoded certificate chain. It should be composed \nby one or more concatenated PEM blocks and ordered starting from the end-entity certificate.', { required: true }),
      },
      operations: { update: h(setCertificate) },
      helpSynopsis: 'Imports an externally-signed certificate \nchain into an existing key version',
      helpDescription: 'This path is used to import an externally-\nsigned certificate chain into a key in transit. The leaf certificate key has to \nmatch the selected key in transit.\n',
    },
  };
}
