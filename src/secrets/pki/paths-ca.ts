// The CA half of the PKI path table: generating and importing issuers, issuer and key objects,
// config/issuers, config/keys, config/urls (Vault builtin/logical/pki/path_root.go,
// path_intermediate.go, path_manage_issuers.go, path_fetch_issuers.go, path_fetch_keys.go,
// path_config_ca.go, path_config_urls.go).
import type { FieldSchema, FieldSchemas, PathSpec } from '../../framework/types.js';
import { bind } from './bind.js';
import { generateIntermediate, generateRoot } from './ca.js';
import { signIntermediate, signSelfIssued } from './ca-sign.js';
import { INTERMEDIATE_GENERATE_FIELDS, ROOT_GENERATE_FIELDS, SIGN_INTERMEDIATE_FIELDS } from './fields.js';
import { deleteRoot, importIssuers, revokeIssuer } from './import.js';
import { generateKeyOnly, importKeyOnly } from './keys-manage.js';
import { AUTO_TIDY_FIELDS, readAutoTidy, readCluster, TIDY_FIELDS, tidy, tidyCancel, tidyStatus, writeAutoTidy, writeCluster } from './tidy.js';
import {
  deleteIssuer, deleteKey, keyBody, listIssuers, listKeys, readIssuer, readIssuerDefaults, readKeyDefault, readUrls, updateIssuer,
  updateKey, writeIssuerDefaults, writeKeyDefault, writeUrls,
} from './issuers.js';
import type { PkiStore } from './store.js';
import { genericNameRegex as nameRe } from '../../framework/pattern.js';

const ISSUER = `issuer/${nameRe('issuer_ref')}`;
const s = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'string', description, ...extra });
const list = (description: string, dflt?: string[]): FieldSchema => ({ type: 'comma_string_slice', description, ...(dflt ? { default: dflt } : {}) });

const ISSUER_UPDATE_FIELDS: FieldSchemas = {
  issuer_ref: s('Reference to a existing issuer.', { default: 'default' }),
  issuer_name: s('Provide a name to the generated or existing issuer.'),
  leaf_not_after_behavior: s('Behavior of leaf\'s NotAfter fields: "err" to error if the computed NotAfter date exceeds that of this issuer; "truncate" to silently truncate to that of this issuer; or "permit" to allow this issuance to succeed.', { default: 'err' }),
  manual_chain: list('Chain of issuer references to use to build this issuer\'s computed CAChain field, when non-empty.'),
  usage: list('Comma-separated list (or string slice) of usages for this issuer.', ['read-only', 'issuing-certificates', 'crl-signing', 'ocsp-signing']),
  revocation_signature_algorithm: s('Which x509.SignatureAlgorithm name to use for signing CRLs.', { default: '' }),
  issuing_certificates: list('Comma-separated list of URLs to be used for the issuing certificate attribute.'),
  crl_distribution_points: list('Comma-separated list of URLs to be used for the CRL distribution points attribute.'),
  ocsp_servers: list('Comma-separated list of URLs to be used for the OCSP servers attribute.'),
  enable_aia_url_templating: { type: 'bool', description: 'Whether or not to enabling templating of the above AIA fields.', default: false },
};

const SELF_ISSUED_FIELDS: FieldSchemas = {
  issuer_ref: s('Reference to a existing issuer.', { default: 'default' }),
  certificate: s('PEM-format self-issued certificate to be signed.'),
  require_matching_certificate_algorithms: { type: 'bool', description: 'If true, require the public key algorithm of the signer to match that of the self issued certificate.', default: false },
};

const URL_FIELDS: FieldSchemas = {
  issuing_certificates: list('Comma-separated list of URLs to be used for the issuing certificate attribute.'),
  crl_distribution_points: list('Comma-separated list of URLs to be used for the CRL distribution points attribute.'),
  ocsp_servers: list('Comma-separated list of URLs to be used for the OCSP servers attribute.'),
  enable_templating: { type: 'bool', description: 'Whether or not to enable templating of the above AIA fields.', default: false },
};

export function caPaths(store: PkiStore): PathSpec[] {
  const gen = (pattern: string, fn: typeof generateRoot, fields: FieldSchemas, help: string): PathSpec =>
    ({ pattern, fields, operations: { update: bind(store, fn) }, helpSynopsis: help });
  return [
    gen(`root/generate/${nameRe('exported')}`, generateRoot, ROOT_GENERATE_FIELDS, 'Generate a new CA certificate and private key used for signing.'),
    gen(`issuers/generate/root/${nameRe('exported')}`, generateRoot, ROOT_GENERATE_FIELDS, 'Generate a new CA certificate and private key used for signing.'),
    {
      pattern: `root/rotate/${nameRe('exported')}`, fields: ROOT_GENERATE_FIELDS,
      operations: { update: bind(store, (st, r, d) => generateRoot(st, r, d, true)) }, helpSynopsis: 'Generate a new CA certificate and private key used for signing.',
    },
    gen(`intermediate/generate/${nameRe('exported')}`, generateIntermediate, INTERMEDIATE_GENERATE_FIELDS, 'Generate a new CSR and private key used for signing.'),
    gen(`issuers/generate/intermediate/${nameRe('exported')}`, generateIntermediate, INTERMEDIATE_GENERATE_FIELDS, 'Generate a new CSR and private key used for signing.'),
    {
      pattern: 'intermediate/cross-sign', fields: INTERMEDIATE_GENERATE_FIELDS,
      operations: { update: bind(store, (st, r, d) => generateIntermediate(st, { ...r, captures: { ...r.captures, exported: 'existing' } }, d)) },
      helpSynopsis: 'Generate a new CSR and private key used for signing.',
    },
    { pattern: 'root/sign-intermediate', fields: SIGN_INTERMEDIATE_FIELDS, operations: { update: bind(store, signIntermediate) }, helpSynopsis: 'Issue an intermediate CA certificate based on the provided CSR.' },
    { pattern: `${ISSUER}/sign-intermediate`, fields: SIGN_INTERMEDIATE_FIELDS, operations: { update: bind(store, signIntermediate) }, helpSynopsis: 'Issue an intermediate CA certificate based on the provided CSR.' },
    { pattern: 'root/sign-self-issued', fields: SELF_ISSUED_FIELDS, operations: { update: bind(store, signSelfIssued) }, helpSynopsis: 'Signs another CA\'s self-issued certificate.' },
    { pattern: `${ISSUER}/sign-self-issued`, fields: SELF_ISSUED_FIELDS, operations: { update: bind(store, signSelfIssued) }, helpSynopsis: 'Signs another CA\'s self-issued certificate.' },
    { pattern: 'intermediate/set-signed', fields: { certificate: s('PEM-format certificate. This must be a CA certificate with a public key matching the previously-generated key from the generation endpoint. Additional parent CAs may be optionally appended to the bundle.') }, operations: { update: bind(store, importIssuers) }, helpSynopsis: 'Provide the signed intermediate CA cert.' },
    { pattern: 'config/ca', fields: { pem_bundle: s('PEM-format, concatenated unencrypted secret key and certificate.') }, operations: { update: bind(store, importIssuers) }, helpSynopsis: 'Set the CA certificate and private key used for generated credentials.' },
    { pattern: 'issuers/import/(cert|bundle)', fields: { pem_bundle: s('PEM-format, concatenated unencrypted secret-key (optional) and certificates.') }, operations: { update: bind(store, importIssuers) }, helpSynopsis: 'Import the specified issuing certificates.' },
    { pattern: 'root', operations: { delete: bind(store, () => deleteRoot(store)) }, helpSynopsis: 'Deletes the root CA key to allow a new one to be generated.' },
    { pattern: `${ISSUER}/revoke`, fields: { issuer_ref: s('Reference to a existing issuer.', { default: 'default' }) }, operations: { update: bind(store, revokeIssuer) }, helpSynopsis: 'Revoke the specified issuer certificate.' },
    { pattern: 'tidy$', fields: TIDY_FIELDS, operations: { update: { handler: bind(store, tidy), notes: 'runs to completion within the request; tidy-status then reports Finished' } }, helpSynopsis: 'Tidy up the backend by removing expired certificates, revocation information, or both.' },
    { pattern: 'tidy-status$', operations: { read: bind(store, () => tidyStatus(store)) }, helpSynopsis: 'Returns the status of the tidy operation.' },
    { pattern: 'tidy-cancel$', operations: { update: bind(store, () => tidyCancel(store)) }, helpSynopsis: 'Cancels a currently running tidy operation.' },
    { pattern: 'config/auto-tidy', fields: AUTO_TIDY_FIELDS, operations: { read: bind(store, () => readAutoTidy(store)), update: { handler: bind(store, writeAutoTidy), notes: 'stored and reported; minivault runs no periodic tidy' } }, helpSynopsis: 'Modifies the current configuration for automatic tidy execution.' },
    {
      pattern: 'config/cluster',
      fields: { path: s('Canonical URI to this mount on this performance replication cluster\'s external address.'), aia_path: s('Optional URI to this mount\'s AIA distribution point; may refer to an external non-Vault responder.') },
      operations: { read: bind(store, () => readCluster(store)), update: bind(store, writeCluster) }, helpSynopsis: 'Set cluster-local configuration, including address to this PR cluster.',
    },
    { pattern: 'issuers/?$', operations: { list: bind(store, () => listIssuers(store)) }, helpSynopsis: 'Fetch a list of CA certificates.' },
    {
      pattern: `${ISSUER}$`, fields: ISSUER_UPDATE_FIELDS,
      operations: { read: bind(store, readIssuer), update: bind(store, updateIssuer), patch: bind(store, updateIssuer), delete: bind(store, deleteIssuer) },
      helpSynopsis: 'Fetch a single issuer certificate.',
    },
    {
      pattern: `keys/generate/(?P<exported>internal|exported|kms)`,
      fields: {
        key_name: s('Optional name to be used for this key'), key_type: s('The type of key to use; defaults to RSA. "rsa" "ec" and "ed25519" are the only valid values.', { default: 'rsa' }),
        key_bits: { type: 'int', description: 'The number of bits to use.', default: 0 },
        managed_key_name: s('The name of the managed key to use when the exported type is kms.'), managed_key_id: s('The name of the managed key to use when the exported type is kms.'),
      },
      operations: { update: bind(store, generateKeyOnly) }, helpSynopsis: 'Generate a new private key used for signing.',
    },
    { pattern: 'keys/import', fields: { key_name: s('Optional name to be used for this key'), pem_bundle: s('PEM-format, unencrypted secret key') }, operations: { update: bind(store, importKeyOnly) }, helpSynopsis: 'Import the specified key.' },
    { pattern: 'keys/?$', operations: { list: bind(store, () => listKeys(store)) }, helpSynopsis: 'Fetch a list of all issuer keys' },
    {
      pattern: `key/${nameRe('key_ref')}`,
      fields: { key_ref: s('Reference to key; either "default" for the configured default key, an identifier of a key, or the name assigned to the key.', { default: 'default' }), key_name: s('Human-readable name for this key.') },
      operations: { read: bind(store, (st, r) => keyBody(st, r.captures.key_ref!)), update: bind(store, updateKey), delete: bind(store, deleteKey) },
      helpSynopsis: 'Fetch a single issuer key',
    },
    {
      pattern: 'config/issuers',
      fields: { default: s('Reference (name or identifier) to the default issuer.'), default_follows_latest_issuer: { type: 'bool', description: 'Whether the default issuer should automatically follow the latest generated or imported issuer. Defaults to false.', default: false } },
      operations: { read: bind(store, () => readIssuerDefaults(store)), update: bind(store, (st, r, d) => writeIssuerDefaults(st, r, d)) },
      helpSynopsis: 'Read and set the default issuer certificate for signing.',
    },
    {
      pattern: 'root/replace',
      fields: { default: s('Reference (name or identifier) to the default issuer.', { default: 'next' }), default_follows_latest_issuer: { type: 'bool', description: 'Whether the default issuer should automatically follow the latest generated or imported issuer.', default: false } },
      operations: { update: bind(store, (st, r, d) => writeIssuerDefaults(st, r, d, 'next')) },
      helpSynopsis: 'Read and set the default issuer certificate for signing.',
    },
    {
      pattern: 'config/keys', fields: { default: s('Reference (name or identifier) of the default key.') },
      operations: { read: bind(store, () => readKeyDefault(store)), update: bind(store, writeKeyDefault) },
      helpSynopsis: 'Read and set the default key used for signing',
    },
    { pattern: 'config/urls', fields: URL_FIELDS, operations: { read: bind(store, () => readUrls(store)), update: bind(store, writeUrls) }, helpSynopsis: 'Set the URLs for the issuing CA, CRL distribution points, and OCSP servers.' },
  ];
}
