// `certs/:name` (update, read, delete; no existence check, so a write is always `update`) and
// `certs` (LIST) of the cert auth method (V builtin/credential/cert/path_certs.go pathCerts,
// pathListCerts, Cert, pathCertWrite, pathCertRead, pathCertDelete, CertEntry). Names are
// lower-cased; only the fields sent change an existing entry; `lease` is the oldest alias of
// token_ttl. The certificate is checked last, so a bad one stores nothing.
import {
  ERR_CERT_NON_CA_CLIENT_AUTH, ERR_CERT_OCSP_MAX_RETRIES, ERR_CERT_PARSE, ERR_CERT_TTL_OVER_MAX, warnCertMaxTtl,
  warnCertPeriod, warnCertTtl,
} from '../../errors/cert.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import {
  defaultTokenParams, fillTokenFromLegacy, legacyTokenFields, parseTokenFields, TOKEN_FIELDS, tokenDataForRead, upgradeLegacyTokenValues,
  type TokenParams,
} from '../../framework/token-params.js';
import { tokenDeprecationText } from '../../errors/token-params.js';
import type { FieldData, FieldSchemas, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { EKU_ANY, EKU_CLIENT_AUTH, knownExtKeyUsages, parsePemBundle } from './x509.js';
import { EntryStore } from '../../framework/entry-store.js';
import { goMapOrder } from '../../go/object.js';
import { genericNameRegex } from '../../framework/pattern.js';

/** CertEntry (durations in seconds; never-set lists null). */
export interface CertEntry {
  name: string;
  certificate: string;
  displayName: string;
  token: TokenParams;
  policies: string[]; ttl: number; maxTtl: number; period: number; boundCidrs: string[];
  allowedNames: string[] | null;
  allowedCommonNames: string[] | null;
  allowedDnsSans: string[] | null;
  allowedEmailSans: string[] | null;
  allowedUriSans: string[] | null;
  allowedOrganizationalUnits: string[] | null;
  requiredExtensions: string[] | null;
  allowedMetadataExtensions: string[] | null;
  ocspCaCertificates: string;
  ocspEnabled: boolean;
  ocspServersOverride: string[] | null;
  ocspFailOpen: boolean;
  ocspQueryAllServers: boolean;
  ocspThisUpdateMaxAge: number;
  ocspMaxRetries: number;
}

function newEntry(name: string): CertEntry {
  return {
    name, certificate: '', displayName: '', token: defaultTokenParams(), policies: [], ttl: 0, maxTtl: 0, period: 0, boundCidrs: [],
    allowedNames: null, allowedCommonNames: null, allowedDnsSans: null, allowedEmailSans: null, allowedUriSans: null,
    allowedOrganizationalUnits: null, requiredExtensions: null, allowedMetadataExtensions: null, ocspCaCertificates: '',
    ocspEnabled: false, ocspServersOverride: null, ocspFailOpen: false, ocspQueryAllServers: false, ocspThisUpdateMaxAge: 0,
    ocspMaxRetries: 4,
  };
}

/** backend Cert: stored under cert/<lower-cased name>, empty token_* values filled from the legacy ones. */
export class CertStore extends EntryStore<CertEntry> {
  constructor(storage: () => Storage) {
    super(storage, { prefix: 'cert/', defaults: newEntry, onRead: fillTokenFromLegacy, lowerCase: true });
  }
}

export interface CertsContext {
  readonly certs: CertStore;
  defaultLeaseTtl(): number;
  maxLeaseTtl(): number;
}

const NAME_PATTERN = genericNameRegex('name');

const csv = (description: string) => ({ type: 'comma_string_slice' as const, description });

/** V path_certs.go pathCerts Fields (plus tokenutil.AddTokenFields). */
const CERT_FIELDS: FieldSchemas = {
  name: { type: 'string', description: 'The name of the certificate' },
  certificate: { type: 'string', description: 'The public certificate that should be trusted.\nMust be x509 PEM encoded.' },
  ocsp_enabled: { type: 'bool', description: 'Whether to attempt OCSP verification of certificates at login' },
  ocsp_ca_certificates: { type: 'string', description: 'Any additional CA certificates needed to communicate with OCSP servers' },
  ocsp_servers_override: csv('A comma-separated list of OCSP server addresses.  If unset, the OCSP server is determined \nfrom the AuthorityInformationAccess extension on the certificate being inspected.'),
  ocsp_fail_open: { type: 'bool', default: false, description: 'If set to true, if an OCSP revocation cannot be made successfully, login will proceed rather than failing.  If false, failing to get an OCSP status fails the request.' },
  ocsp_query_all_servers: { type: 'bool', default: false, description: 'If set to true, rather than accepting the first successful OCSP response, query all servers and consider the certificate valid only if all servers agree.' },
  ocsp_this_update_max_age: { type: 'duration_second', default: 0, description: 'If greater than 0, specifies the maximum age of an OCSP thisUpdate field to avoid accepting old responses without a nextUpdate field.' },
  ocsp_max_retries: { type: 'int', default: 4, description: 'The number of retries the OCSP client should attempt per query.' },
  allowed_names: csv('A comma-separated list of names.\nAt least one must exist in either the Common Name or SANs. Supports globbing.  \nThis parameter is deprecated, please use allowed_common_names, allowed_dns_sans, \nallowed_email_sans, allowed_uri_sans.'),
  allowed_common_names: csv('A comma-separated list of names.\nAt least one must exist in the Common Name. Supports globbing.'),
  allowed_dns_sans: csv('A comma-separated list of DNS names.\nAt least one must exist in the SANs. Supports globbing.'),
  allowed_email_sans: csv('A comma-separated list of Email Addresses.\nAt least one must exist in the SANs. Supports globbing.'),
  allowed_uri_sans: csv('A comma-separated list of URIs.\nAt least one must exist in the SANs. Supports globbing.'),
  allowed_organizational_units: csv('A comma-separated list of Organizational Units names.\nAt least one must exist in the OU field.'),
  required_extensions: csv('A comma-separated string or array of extensions\nformatted as "oid:value". Expects the extension value to be some type of ASN1 encoded string.\nAll values much match. Supports globbing on "value".'),
  allowed_metadata_extensions: csv('A comma-separated string or array of oid extensions.\nUpon successful authentication, these extensions will be added as metadata if they are present\nin the certificate. The metadata key will be the string consisting of the oid numbers\nseparated by a dash (-) instead of a dot (.) to allow usage in ACL templates.'),
  display_name: { type: 'string', description: 'The display name to use for clients using this\ncertificate.' },
  ...legacyTokenFields(['policies']),
  lease: { type: 'int', deprecated: true, description: tokenDeprecationText('token_ttl') },
  ...legacyTokenFields(['ttl', 'max_ttl', 'period', 'bound_cidrs']),
  ...TOKEN_FIELDS,
};

type ListKey = 'allowedNames' | 'allowedCommonNames' | 'allowedDnsSans' | 'allowedEmailSans' | 'allowedUriSans'
  | 'allowedOrganizationalUnits' | 'requiredExtensions' | 'allowedMetadataExtensions';
const LIST_FIELDS: ReadonlyArray<[string, ListKey]> = [
  ['allowed_names', 'allowedNames'], ['allowed_common_names', 'allowedCommonNames'], ['allowed_dns_sans', 'allowedDnsSans'],
  ['allowed_email_sans', 'allowedEmailSans'], ['allowed_uri_sans', 'allowedUriSans'],
  ['allowed_organizational_units', 'allowedOrganizationalUnits'], ['required_extensions', 'requiredExtensions'],
  ['allowed_metadata_extensions', 'allowedMetadataExtensions'],
];

/** pathCertWrite, in Vault's order. */
async function pathCertWrite(ctx: CertsContext, data: FieldData): Promise<LogicalResponse | null> {
  const name = data.get<string>('name').toLowerCase();
  const e = (await ctx.certs.get(name)) ?? newEntry(name);
  e.name = name;
  const set = <T>(field: string, apply: (v: T) => void) => {
    const v = data.getOk<T>(field);
    if (v.ok) apply(v.value);
  };
  set<string>('certificate', (v) => { e.certificate = v; });
  set<string>('ocsp_ca_certificates', (v) => { e.ocspCaCertificates = v; });
  set<boolean>('ocsp_enabled', (v) => { e.ocspEnabled = v; });
  set<string[]>('ocsp_servers_override', (v) => { e.ocspServersOverride = [...v]; });
  set<boolean>('ocsp_fail_open', (v) => { e.ocspFailOpen = v; });
  set<boolean>('ocsp_query_all_servers', (v) => { e.ocspQueryAllServers = v; });
  set<number>('ocsp_this_update_max_age', (v) => { e.ocspThisUpdateMaxAge = v; });
  set<number>('ocsp_max_retries', (v) => {
    if (v < 0) throw new GoError(500, ERR_CERT_OCSP_MAX_RETRIES);
    e.ocspMaxRetries = v;
  });
  set<string>('display_name', (v) => { e.displayName = v; });
  for (const [field, key] of LIST_FIELDS) set<string[]>(field, (v) => { e[key] = [...v]; });

  e.token = parseTokenFields(data, e.token, false);
  upgradeLegacyTokenValues(data, e, ['policies', 'ttl']);
  const lease = data.getOk<number>('lease');
  if (!data.getOk('token_ttl').ok && !data.getOk('ttl').ok && lease.ok) [e.ttl, e.token.tokenTtl] = [lease.value, lease.value];
  upgradeLegacyTokenValues(data, e, ['max_ttl', 'period', 'bound_cidrs']);

  const warnings: string[] = [];
  const t = e.token;
  if (t.tokenTtl > ctx.defaultLeaseTtl()) warnings.push(warnCertTtl(t.tokenTtl, ctx.defaultLeaseTtl()));
  if (t.tokenMaxTtl > ctx.maxLeaseTtl()) warnings.push(warnCertMaxTtl(t.tokenMaxTtl, ctx.maxLeaseTtl()));
  if (t.tokenMaxTtl !== 0 && t.tokenTtl > t.tokenMaxTtl) throw new VaultError(400, ERR_CERT_TTL_OVER_MAX);
  if (t.tokenPeriod > ctx.maxLeaseTtl()) warnings.push(warnCertPeriod(t.tokenPeriod, ctx.maxLeaseTtl()));
  if (e.displayName === '') e.displayName = name;

  const parsed = await parsePemBundle(e.certificate);
  if (parsed.length === 0) throw new VaultError(400, ERR_CERT_PARSE);
  const usages = knownExtKeyUsages(parsed[0]!);
  if (!parsed[0]!.isCA && usages !== undefined && !usages.includes(EKU_CLIENT_AUTH) && !usages.includes(EKU_ANY)) {
    throw new VaultError(400, ERR_CERT_NON_CA_CLIENT_AUTH);
  }
  await ctx.certs.put(e.name, e);
  return warnings.length > 0 ? { warnings } : null;
}

/** pathCertRead: Go map order; legacy keys only when set. */
async function pathCertRead(ctx: CertsContext, data: FieldData): Promise<LogicalResponse | null> {
  const e = await ctx.certs.get(data.get<string>('name'));
  if (e === undefined) return null;
  const out: Record<string, unknown> = {
    certificate: e.certificate, display_name: e.displayName,
    allowed_names: e.allowedNames, allowed_common_names: e.allowedCommonNames, allowed_dns_sans: e.allowedDnsSans,
    allowed_email_sans: e.allowedEmailSans, allowed_uri_sans: e.allowedUriSans,
    allowed_organizational_units: e.allowedOrganizationalUnits, required_extensions: e.requiredExtensions,
    allowed_metadata_extensions: e.allowedMetadataExtensions,
    ocsp_ca_certificates: e.ocspCaCertificates, ocsp_enabled: e.ocspEnabled, ocsp_servers_override: e.ocspServersOverride,
    ocsp_fail_open: e.ocspFailOpen, ocsp_query_all_servers: e.ocspQueryAllServers,
    ocsp_this_update_max_age: e.ocspThisUpdateMaxAge, ocsp_max_retries: e.ocspMaxRetries,
    ...tokenDataForRead(e.token),
  };
  if (e.ttl > 0) out.ttl = e.ttl;
  if (e.maxTtl > 0) out.max_ttl = e.maxTtl;
  if (e.period > 0) out.period = e.period;
  if (e.policies.length > 0) out.policies = out.token_policies;
  if (e.boundCidrs.length > 0) out.bound_cidrs = out.token_bound_cidrs;
  return { data: goMapOrder(out) };
}

const HELP_SYN = 'Manage trusted certificates used for authentication.';
const HELP_DESC = `This endpoint allows you to create, read, update, and delete trusted certificates
that are allowed to authenticate.

Deleting a certificate will not revoke auth for prior authenticated connections.
To do this, do a revoke on "login". If you don'log need to revoke login immediately,
then the next renew will cause the lease to expire.`;

export function pathCerts(ctx: () => CertsContext): PathSpec {
  return {
    pattern: `certs/${NAME_PATTERN}`,
    fields: CERT_FIELDS,
    operations: {
      update: { handler: (_req, data) => pathCertWrite(ctx(), data), summary: HELP_SYN },
      read: { handler: (_req, data) => pathCertRead(ctx(), data), summary: HELP_SYN },
      delete: {
        handler: async (_req, data) => {
          await ctx().certs.delete(data.get<string>('name'));
          return null;
        },
        summary: HELP_SYN,
      },
    },
    helpSynopsis: HELP_SYN,
    helpDescription: HELP_DESC,
  };
}

export function pathListCerts(ctx: () => CertsContext): PathSpec {
  return {
    pattern: 'certs/?',
    operations: { list: async () => ({ data: { keys: await ctx().certs.list() } }) },
    helpSynopsis: HELP_SYN,
    helpDescription: HELP_DESC,
  };
}
