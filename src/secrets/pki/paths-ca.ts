// The CA half of the PKI path table: generating and importing issuers, issuer and key objects,
// config/issuers, config/keys, config/urls (Vault builtin/logical/pki/path_root.go,
// path_intermediate.go, path_manage_issuers.go, path_fetch_issuers.go, path_fetch_keys.go,
// path_config_ca.go, path_config_urls.go).
import type { FieldSchema, FieldSchemas, PathSpec } from '../../framework/types.js';
import { bind } from './bind.js';
import { generateIntermediate, generateRoot } from './ca.js';
import { INTERMEDIATE_GENERATE_FIELDS, ROOT_GENERATE_FIELDS } from './fields.js';
import {
  deleteIssuer, deleteKey, keyBody, listIssuers, listKeys, readIssuer, readIssuerDefaults, readKeyDefault, readUrls, updateIssuer,
  updateKey, writeIssuerDefaults, writeKeyDefault, writeUrls,
} from './issuers.js';
import type { PkiStore } from './store.js';

const nameRe = (n: string): string => `(?P<${n}>\\w(([\\w-.]+)?\\w)?)`;
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
    gen(`intermediate/generate/${nameRe('exported')}`, generateIntermediate, INTERMEDIATE_GENERATE_FIELDS, 'Generate a new CSR and private key used for signing.'),
    gen(`issuers/generate/intermediate/${nameRe('exported')}`, generateIntermediate, INTERMEDIATE_GENERATE_FIELDS, 'Generate a new CSR and private key used for signing.'),
    { pattern: 'issuers/?$', operations: { list: bind(store, () => listIssuers(store)) }, helpSynopsis: 'Fetch a list of CA certificates.' },
    {
      pattern: `${ISSUER}$`, fields: ISSUER_UPDATE_FIELDS,
      operations: { read: bind(store, readIssuer), update: bind(store, updateIssuer), patch: bind(store, updateIssuer), delete: bind(store, deleteIssuer) },
      helpSynopsis: 'Fetch a single issuer certificate.',
    },
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
