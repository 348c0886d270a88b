// The PKI path table, in the order of Vault's builtin/logical/pki/backend.go Paths (first match
// wins): roles, issue/sign, fetches, issuers and keys, CA set-up, revocation and CRLs, config,
// tidy. Patterns are Vault's (framework.GenericNameRegex, OptionalParamRegex).
import type { FieldSchema, FieldSchemas, PathSpec } from '../../framework/types.js';
import { bind } from './bind.js';
import { caPaths } from './paths-ca.js';
import { issueSign } from './issue.js';
import { deleteRole, listRoles, readRole, ROLE_FIELDS, roleExists, writeRole } from './roles.js';
import { fetchCert, fetchDefault, fetchDefaultDelta, fetchIssuerCert, fetchIssuerCrl, listCerts } from './fetch.js';
import * as E from '../../errors/pki.js';
import { CSR_FIELD, NON_CA_COMMON, SIGN_VERBATIM_FIELDS } from './fields.js';
import { CRL_CONFIG_FIELDS, readCrlConfig, revoke, rotateCrl, rotateDeltaCrl, writeCrlConfig } from './revoke.js';
import type { PkiStore } from './store.js';
import { genericNameRegex as nameRe } from '../../framework/pattern.js';

const ROLE = nameRe('role');
const ISSUER = `issuer/${nameRe('issuer_ref')}`;
const s = (description: string, extra: Partial<FieldSchema> = {}): FieldSchema => ({ type: 'string', description, ...extra });
const issuerRefField: FieldSchemas = { issuer_ref: s('Reference to a existing issuer; either "default" for the configured default issuer, an identifier or the name assigned to the issuer.', { default: 'default' }) };

/** Vault 1.18.1 PKI paths minivault lacks (backend.go Paths): each answers 400 saying so. */
const ACME_PREFIXES = ['', `issuer/${nameRe('issuer_ref')}/`, `roles/${nameRe('role')}/`, `issuer/${nameRe('issuer_ref')}/roles/${nameRe('role')}/`];
const UNSUPPORTED: ReadonlyArray<[string, string]> = [
  ['ocsp', 'OCSP'], ['ocsp/(?P<req>.+)', 'OCSP'], ['unified-ocsp', 'OCSP'], ['unified-ocsp/(?P<req>.+)', 'OCSP'],
  ...ACME_PREFIXES.map((p): [string, string] => [`${p}acme/(?P<acme_path>.+)`, 'ACME']),
  ['config/acme', 'ACME'], ['acme/new-eab', 'ACME external account bindings'], ['eab/?$', 'ACME external account bindings'],
  ['eab/(?P<key_id>.+)', 'ACME external account bindings'],
  ['unified-crl', 'unified CRLs (Vault Enterprise)'], ['unified-crl/(?P<kind>.+)', 'unified CRLs (Vault Enterprise)'],
  ['resign-crls', 'resign-crls'], [`issuer/${nameRe('issuer_ref')}/resign-crls`, 'resign-crls'],
  ['sign-revocation-list', 'sign-revocation-list'], [`issuer/${nameRe('issuer_ref')}/sign-revocation-list`, 'sign-revocation-list'],
  ['certs/revocation-queue/?$', 'cross-cluster revocation (Vault Enterprise)'], ['certs/unified-revoked/?$', 'cross-cluster revocation (Vault Enterprise)'],
];
const CAPTURES: FieldSchemas = Object.fromEntries(['req', 'acme_path', 'issuer_ref', 'role', 'key_id', 'kind'].map((n) => [n, s(`Path segment (${n})`)]));

/** COVERAGE note of the raw-body paths (Vault sends the bytes with a content type, no envelope). */
const RAW_NOTE = 'raw body with its content type (http/logical.go respondRaw)';

export function paths(store: PkiStore): PathSpec[] {
  const issueFields = NON_CA_COMMON;
  const signFields = { ...NON_CA_COMMON, ...CSR_FIELD };
  const verbatimFields = { ...SIGN_VERBATIM_FIELDS, role: s('The desired role with configuration for this request') };
  const revokeFields: FieldSchemas = {
    serial_number: s('Certificate serial number, in colon- or hyphen-separated octal'),
    certificate: s('Certificate to revoke in PEM format; must be signed by an issuer in this mount.'),
  };
  return [
    { pattern: 'roles/?$', operations: { list: bind(store, () => listRoles(store)) }, helpSynopsis: 'List the existing roles in this backend' },
    {
      pattern: `roles/${nameRe('name')}`, fields: ROLE_FIELDS,
      operations: { read: bind(store, readRole), update: bind(store, writeRole), create: bind(store, writeRole), patch: bind(store, writeRole), delete: bind(store, deleteRole) },
      existenceCheck: (req) => roleExists(store, req),
      helpSynopsis: 'Manage the roles that can be created with this backend.',
    },
    { pattern: `issue/${ROLE}`, fields: issueFields, operations: { update: bind(store, (st, r, d) => issueSign(st, r, d, 'issue')) }, helpSynopsis: 'Request a certificate using a certain role with the provided details.' },
    { pattern: `${ISSUER}/issue/${ROLE}`, fields: issueFields, operations: { update: bind(store, (st, r, d) => issueSign(st, r, d, 'issue')) }, helpSynopsis: 'Request a certificate using a certain role with the provided details.' },
    { pattern: `sign/${ROLE}`, fields: signFields, operations: { update: bind(store, (st, r, d) => issueSign(st, r, d, 'sign')) }, helpSynopsis: 'Request certificates using a certain role with the provided details.' },
    { pattern: `${ISSUER}/sign/${ROLE}`, fields: signFields, operations: { update: bind(store, (st, r, d) => issueSign(st, r, d, 'sign')) }, helpSynopsis: 'Request certificates using a certain role with the provided details.' },
    { pattern: 'sign-verbatim(/(?P<role>.+))?', fields: verbatimFields, operations: { update: bind(store, (st, r, d) => issueSign(st, r, d, 'verbatim')) }, helpSynopsis: 'Request certificates using a certain role with the provided details.' },
    { pattern: `${ISSUER}/sign-verbatim(/(?P<role>.+))?`, fields: verbatimFields, operations: { update: bind(store, (st, r, d) => issueSign(st, r, d, 'verbatim')) }, helpSynopsis: 'Request certificates using a certain role with the provided details.' },
    ...caPaths(store),
    { pattern: 'ca(/pem)?', notes: RAW_NOTE, operations: { read: bind(store, (st, r) => fetchDefault(st, r, r.path === 'ca' ? 'ca' : 'ca_pem')) }, helpSynopsis: 'Fetch a CA, CRL, CA Chain, or non-revoked certificate.' },
    { pattern: '(cert/)?ca_chain', notes: RAW_NOTE, operations: { read: bind(store, (st, r) => fetchDefault(st, r, r.path === 'ca_chain' ? 'ca_chain' : 'cert_ca_chain')) }, helpSynopsis: 'Fetch a CA, CRL, CA Chain, or non-revoked certificate.' },
    {
      pattern: 'crl(/pem|/delta(/pem)?)?', notes: RAW_NOTE,
      operations: { read: bind(store, (st, r) => (r.path.includes('delta') ? fetchDefaultDelta(st, r.path.endsWith('pem') ? 'pem' : 'der') : fetchDefault(st, r, r.path === 'crl' ? 'crl' : 'crl_pem'))) },
      helpSynopsis: 'Fetch a CA, CRL, CA Chain, or non-revoked certificate.',
    },
    { pattern: 'cert/(?P<serial>[0-9A-Fa-f-:]+)/raw(/pem)?', notes: RAW_NOTE, fields: { serial: s('Certificate serial number, in colon- or hyphen-separated octal') }, operations: { read: bind(store, fetchCert) }, helpSynopsis: 'Fetch a CA, CRL, CA Chain, or non-revoked certificate.' },
    { pattern: 'cert/(?P<serial>[0-9A-Fa-f-:]+)', fields: { serial: s('Certificate serial number, in colon- or hyphen-separated octal') }, operations: { read: bind(store, fetchCert) }, helpSynopsis: 'Fetch a CA, CRL, CA Chain, or non-revoked certificate.' },
    { pattern: 'cert/(crl|delta-crl)', operations: { read: bind(store, (st, r) => (r.path.endsWith('delta-crl') ? fetchDefaultDelta(st, 'json') : fetchDefault(st, r, 'cert_crl'))) }, helpSynopsis: 'Fetch a CA, CRL, CA Chain, or non-revoked certificate.' },
    { pattern: 'certs/?$', operations: { list: bind(store, () => listCerts(store, 'certs/')) }, helpSynopsis: 'Fetch a CA, CRL, CA Chain, or non-revoked certificate.' },
    { pattern: 'certs/revoked/?$', operations: { list: bind(store, () => listCerts(store, 'revoked/')) }, helpSynopsis: 'List all revoked serial numbers within the local cluster' },
    { pattern: `${ISSUER}/(json|der|pem)$`, notes: RAW_NOTE, fields: issuerRefField, operations: { read: bind(store, fetchIssuerCert) }, helpSynopsis: 'Fetch a single issuer certificate.' },
    { pattern: `${ISSUER}/crl(/pem|/der|/delta(/pem|/der)?)?`, notes: RAW_NOTE, fields: issuerRefField, operations: { read: bind(store, fetchIssuerCrl) }, helpSynopsis: 'Fetch an issuer\'s Certificate Revocation Log (CRL).' },
    { pattern: 'revoke', fields: revokeFields, operations: { update: bind(store, (st, r, d) => revoke(st, r, d, false)) }, helpSynopsis: 'Revoke a certificate by serial number or with explicit certificate.' },
    { pattern: 'revoke-with-key', fields: { ...revokeFields, private_key: s('Key to use to verify revocation permission; must be in PEM format.') }, operations: { update: bind(store, (st, r, d) => revoke(st, r, d, true)) }, helpSynopsis: 'Revoke a certificate by serial number or with explicit certificate.' },
    { pattern: 'crl/rotate', operations: { read: bind(store, () => rotateCrl(store)) }, helpSynopsis: 'Force a rebuild of the CRL.' },
    { pattern: 'crl/rotate-delta', operations: { read: bind(store, () => rotateDeltaCrl(store)) }, helpSynopsis: 'Force a rebuild of the delta CRL.' },
    ...UNSUPPORTED.map(([pattern, what]): PathSpec => {
      const refuse = bind(store, () => { throw E.unsupported(E.errMvNotImplemented(what)); });
      return { pattern, fields: CAPTURES, takesArbitraryInput: true, operations: { read: refuse, update: refuse, list: refuse, delete: refuse }, notes: `not implemented: ${what}`, helpSynopsis: what };
    }),
    { pattern: 'config/crl', fields: CRL_CONFIG_FIELDS as unknown as FieldSchemas, operations: { read: bind(store, () => readCrlConfig(store)), update: bind(store, writeCrlConfig) }, helpSynopsis: 'Configure the CRL expiration.' },
  ];
}
