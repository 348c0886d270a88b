// Secret-ID paths of a role (V builtin/credential/approle/path_role.go pathRoleSecretIDUpdate,
// pathRoleCustomSecretIDUpdate, handleRoleSecretIDCommon, pathRoleSecretIDList,
// pathRoleSecretIDLookupUpdate, pathRoleSecretIDDestroyUpdateDelete,
// pathRoleSecretIDAccessorLookupUpdate, pathRoleSecretIDAccessorDestroyUpdateDelete). Generating
// checks the role binds secret IDs, the CIDR lists (subsets of the role's), num_uses and ttl
// against the role's, parses the metadata string, then registers the HMAC'd entry and accessor.
import {
  ERR_APPROLE_BIND_SECRET_ID_NOT_SET, ERR_APPROLE_INVALID_ACCESSOR, ERR_APPROLE_INVALID_SECRET_ID,
  ERR_APPROLE_MISSING_ACCESSOR, ERR_APPROLE_MISSING_SECRET_ID, ERR_APPROLE_NUM_USES_NEGATIVE,
  ERR_APPROLE_NUM_USES_OVER_ROLE, ERR_APPROLE_SECRET_ID_REGISTERED, ERR_APPROLE_TTL_OVER_ROLE, ERR_STRUTIL_KV_FORMAT,
  errApproleAccessorNotFound, errApproleParseMetadata, errApproleRoleNotFound, errApproleValidateTokenCidr,
  errStrutilInvalidValue, errStrutilKvPair, errStrutilParseInput,
} from '../../errors/approle.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import { goBase64StdDecode, goStringCompare, goToLower, goTrimSpace } from '../../go/strings.js';
import { respondWithStatusCode } from '../../framework/respond.js';
import { TOKEN_FIELDS } from '../../framework/token-params.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { preciseNow } from '../../util/clock.js';
import { ROLE_NAME_FIELD, ROLE_NAME_PATTERN, type ApproleContext } from './context.js';
import { sortedData } from './roles.js';
import { requireCidrs, secretIdResponseData, verifyCidrSubset, type SecretIdEntry } from './secrets.js';
import type { RoleEntry } from './store.js';

type Ctx = () => ApproleContext;

const CIDR_LIST_DESC = `Comma separated string or list of CIDR blocks enforcing secret IDs to be used from
specific set of IP addresses. If 'bound_cidr_list' is set on the role, then the
list of CIDR blocks listed here should be a subset of the CIDR blocks listed on
the role.`;

const GENERATE_FIELDS: FieldSchemas = {
  role_name: ROLE_NAME_FIELD,
  metadata: { type: 'string', description: 'Metadata to be tied to the SecretID. This should be a JSON\nformatted string containing the metadata in key value pairs.' },
  cidr_list: { type: 'comma_string_slice', description: CIDR_LIST_DESC },
  token_bound_cidrs: TOKEN_FIELDS.token_bound_cidrs!,
  num_uses: { type: 'int', description: "Number of times this SecretID can be used, after which the SecretID expires.\nOverrides secret_id_num_uses role option when supplied. May not be higher than role's secret_id_num_uses." },
  ttl: { type: 'duration_second', description: "Duration in seconds after which this SecretID expires.\nOverrides secret_id_ttl role option when supplied. May not be longer than role's secret_id_ttl." },
};

/**
 * LIB go-secure-stdlib strutil ParseArbitraryKeyValues(input, out, ","): base64 is decoded if it
 * decodes, then JSON of a string map, else `k=v` pairs (lower-cased, de-duplicated, sorted).
 */
function parseMetadata(input: string): Record<string, string> {
  let text = goTrimSpace(input);
  const out: Record<string, string> = {};
  if (text === '') return out;
  const decoded = goBase64StdDecode(text);
  if (decoded !== undefined) text = decoded.toString('utf8');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = undefined;
  }
  const isStringMap = parsed === null || (typeof parsed === 'object' && !Array.isArray(parsed)
    && Object.values(parsed as object).every((v) => typeof v === 'string' || v === null));
  if (parsed !== undefined && isStringMap) {
    for (const [k, v] of Object.entries((parsed ?? {}) as Record<string, string | null>)) out[k] = v ?? '';
  } else {
    const items = [...new Set(text.split(',').map((s) => goToLower(goTrimSpace(s))).filter((s) => s !== ''))].sort(goStringCompare);
    for (const item of items) {
      const shards = item.split('=');
      if (shards.length !== 2) throw new VaultError(400, errApproleParseMetadata(errStrutilParseInput(ERR_STRUTIL_KV_FORMAT)));
      const key = goTrimSpace(shards[0]!);
      const value = goTrimSpace(shards[1]!);
      if (key === '' || value === '') throw new VaultError(400, errApproleParseMetadata(errStrutilParseInput(errStrutilKvPair(key, value))));
      out[key] = value;
    }
  }
  for (const [k, v] of Object.entries(out)) {
    if (k !== '' && v === '') throw new VaultError(400, errApproleParseMetadata(errStrutilInvalidValue(k)));
  }
  return out;
}

/** V validation.go deriveSecretIDTTL: negative or above the mount max → the mount max. */
function deriveSecretIdTtl(ctx: ApproleContext, ttl: number): number {
  const max = ctx.maxLeaseTtl();
  return ttl < 0 || ttl > max ? max : ttl;
}

/** handleRoleSecretIDCommon. */
async function issueSecretId(ctx: ApproleContext, data: FieldData, secretId: string): Promise<LogicalResponse> {
  const roleName = data.get<string>('role_name');
  if (secretId === '') throw new VaultError(400, ERR_APPROLE_MISSING_SECRET_ID);
  const role = await ctx.roles.get(roleName);
  if (role === undefined) throw new VaultError(404, errApproleRoleNotFound(roleName));
  if (!role.bindSecretId) throw new VaultError(400, ERR_APPROLE_BIND_SECRET_ID_NOT_SET);

  const cidrList = data.get<string[]>('cidr_list');
  requireCidrs(cidrList);
  verifyCidrSubset(cidrList, role.secretIdBoundCidrs);
  const tokenCidrs = data.get<string[]>('token_bound_cidrs');
  requireCidrs(tokenCidrs, errApproleValidateTokenCidr);
  verifyCidrSubset(tokenCidrs, role.token.tokenBoundCidrs);

  let numUses = role.secretIdNumUses;
  const nu = data.getOk<number>('num_uses');
  if (nu.ok) {
    numUses = nu.value;
    if (numUses < 0) throw new VaultError(400, ERR_APPROLE_NUM_USES_NEGATIVE);
    if ((numUses === 0 && role.secretIdNumUses > 0) || (role.secretIdNumUses > 0 && numUses > role.secretIdNumUses)) {
      throw new VaultError(400, ERR_APPROLE_NUM_USES_OVER_ROLE);
    }
  }
  let ttl = role.secretIdTtl;
  const t = data.getOk<number>('ttl');
  if (t.ok) {
    ttl = t.value;
    if ((ttl === 0 && role.secretIdTtl > 0) || (role.secretIdTtl > 0 && ttl > role.secretIdTtl)) {
      throw new VaultError(400, ERR_APPROLE_TTL_OVER_ROLE);
    }
  }
  const metadata = parseMetadata(data.get<string>('metadata'));
  const effective = deriveSecretIdTtl(ctx, ttl);
  const stored = await ctx.secrets.register(role, secretId, { numUses, ttl, metadata, cidrList, tokenBoundCidrs: tokenCidrs },
    preciseNow(ctx.clock), effective); // its times print with nanoseconds
  if (stored === undefined) throw new GoError(500, ERR_APPROLE_SECRET_ID_REGISTERED);
  return {
    data: sortedData({ secret_id: secretId, secret_id_accessor: stored.accessor, secret_id_ttl: effective, secret_id_num_uses: numUses }),
  };
}

/** Role for lookup/destroy: a missing role is a plain error (500). */
async function roleOrError(ctx: ApproleContext, data: FieldData): Promise<RoleEntry> {
  const name = data.get<string>('role_name');
  const role = await ctx.roles.get(name);
  if (role === undefined) throw new GoError(500, errApproleRoleNotFound(name));
  return role;
}

/**
 * A secret ID past its expiration time, as the backend's periodic tidy (once a minute in Vault)
 * would have left it: gone. Returns undefined after deleting it and its accessor.
 */
export async function unlessExpired(ctx: ApproleContext, role: RoleEntry, key: string, e: SecretIdEntry | undefined): Promise<SecretIdEntry | undefined> {
  if (e === undefined || e.expirationTime === 0 || ctx.clock.now() <= e.expirationTime) return e;
  await ctx.secrets.deleteAccessor(e.accessor, role.secretIdPrefix);
  await ctx.secrets.deleteAt(key);
  return undefined;
}

async function lookup(ctx: ApproleContext, data: FieldData): Promise<LogicalResponse | null> {
  const secretId = data.get<string>('secret_id');
  if (secretId === '') throw new VaultError(400, ERR_APPROLE_MISSING_SECRET_ID);
  const role = await roleOrError(ctx, data);
  const { key } = ctx.secrets.index(role, secretId);
  const entry = await unlessExpired(ctx, role, key, await ctx.secrets.getAt(key));
  if (entry === undefined) return null;
  if ((await ctx.secrets.accessorEntry(entry.accessor, role.secretIdPrefix)) === undefined) {
    await ctx.secrets.deleteAt(key);
    throw new VaultError(400, ERR_APPROLE_INVALID_SECRET_ID);
  }
  return { data: sortedData(secretIdResponseData(entry)) };
}

async function destroy(ctx: ApproleContext, data: FieldData): Promise<null> {
  const secretId = data.get<string>('secret_id');
  if (secretId === '') throw new VaultError(400, ERR_APPROLE_MISSING_SECRET_ID);
  const role = await roleOrError(ctx, data);
  const { key } = ctx.secrets.index(role, secretId);
  const entry = await ctx.secrets.getAt(key);
  if (entry === undefined) return null;
  await ctx.secrets.deleteAccessor(entry.accessor, role.secretIdPrefix);
  await ctx.secrets.deleteAt(key);
  return null;
}

async function accessorLookup(ctx: ApproleContext, req: FrameworkRequest, data: FieldData): Promise<LogicalResponse | null> {
  const accessor = data.get<string>('secret_id_accessor');
  if (accessor === '') throw new VaultError(400, ERR_APPROLE_MISSING_ACCESSOR);
  const role = await roleOrError(ctx, data);
  const hmac = await ctx.secrets.accessorEntry(accessor, role.secretIdPrefix);
  if (hmac === undefined) {
    // logical.RespondWithStatusCode(ErrorResponse(...), 404): the envelope with data.error.
    const resp = respondWithStatusCode(404, req.requestId ?? '', []);
    (resp.raw!.body as Record<string, unknown>).data = { error: errApproleAccessorNotFound(accessor) };
    return resp;
  }
  const key = ctx.secrets.keyOfHmac(role, hmac);
  const entry = await unlessExpired(ctx, role, key, await ctx.secrets.getAt(key));
  return entry === undefined ? null : { data: sortedData(secretIdResponseData(entry)) };
}

async function accessorDestroy(ctx: ApproleContext, data: FieldData): Promise<null> {
  const accessor = data.get<string>('secret_id_accessor');
  if (accessor === '') throw new VaultError(400, ERR_APPROLE_MISSING_ACCESSOR);
  const role = await roleOrError(ctx, data);
  const hmac = await ctx.secrets.accessorEntry(accessor, role.secretIdPrefix);
  if (hmac === undefined) throw new GoError(500, errApproleAccessorNotFound(accessor));
  const key = ctx.secrets.keyOfHmac(role, hmac);
  if ((await ctx.secrets.getAt(key)) === undefined) throw new VaultError(403, ERR_APPROLE_INVALID_ACCESSOR);
  await ctx.secrets.deleteAccessor(accessor, role.secretIdPrefix);
  await ctx.secrets.deleteAt(key);
  return null;
}

const SECRET_ID_FIELD = { type: 'string', description: 'SecretID attached to the role.' } as const;
const ACCESSOR_FIELD = { type: 'string', description: 'Accessor of the SecretID' } as const;
const ACCESSOR_HELP = `This is particularly useful to lookup the non-expiring 'secret_id's.
The list operation on the 'role/<role_name>/secret-id' endpoint will return
the 'secret_id_accessor's. This endpoint can be used to read the properties
of the secret. If the 'secret_id_num_uses' field in the response is 0, it
represents a non-expiring 'secret_id'.`;

export function secretIdPaths(ctx: Ctx): PathSpec[] {
  const base = `role/${ROLE_NAME_PATTERN}`;
  return [
    {
      pattern: `${base}/secret-id/?$`,
      fields: GENERATE_FIELDS,
      operations: {
        update: (_req, data) => issueSecretId(ctx(), data, ctx().roles.uuid()),
        list: async (_req, data) => {
          const c = ctx();
          const name = data.get<string>('role_name');
          const role = await c.roles.get(name);
          if (role === undefined) throw new VaultError(400, errApproleRoleNotFound(name));
          const keys: string[] = [];
          for (const h of await c.secrets.listHmacs(role)) {
            const key = c.secrets.keyOfHmac(role, h);
            const entry = await unlessExpired(c, role, key, await c.secrets.getAt(key));
            if (entry !== undefined) keys.push(entry.accessor);
          }
          return { data: { keys } };
        },
      },
      helpSynopsis: 'Generate a SecretID against this role.',
      helpDescription: `The SecretID generated using this endpoint will be scoped to access
just this role and none else. The properties of this SecretID will be
based on the options set on the role. It will expire after a period
defined by the 'ttl' field or 'secret_id_ttl' option on the role,
and/or the backend mount's maximum TTL value.`,
    },
    {
      pattern: `${base}/secret-id/lookup/?$`,
      fields: { role_name: ROLE_NAME_FIELD, secret_id: SECRET_ID_FIELD },
      operations: { update: (_req, data) => lookup(ctx(), data) },
      helpSynopsis: 'Read the properties of an issued secret_id',
      helpDescription: 'This endpoint is used to read the properties of a secret_id associated to a\nrole.',
    },
    {
      pattern: `${base}/secret-id/destroy/?$`,
      fields: { role_name: ROLE_NAME_FIELD, secret_id: { ...SECRET_ID_FIELD, query: true } },
      operations: { update: (_req, data) => destroy(ctx(), data), delete: (_req, data) => destroy(ctx(), data) },
      helpSynopsis: 'Invalidate an issued secret_id',
      helpDescription: 'This endpoint is used to delete the properties of a secret_id associated to a\nrole.',
    },
    {
      pattern: `${base}/secret-id-accessor/lookup/?$`,
      fields: { role_name: ROLE_NAME_FIELD, secret_id_accessor: ACCESSOR_FIELD },
      operations: { update: (req, data) => accessorLookup(ctx(), req, data) },
      helpSynopsis: 'Read an issued secret_id, using its accessor',
      helpDescription: ACCESSOR_HELP,
    },
    {
      pattern: `${base}/secret-id-accessor/destroy/?$`,
      fields: { role_name: ROLE_NAME_FIELD, secret_id_accessor: { ...ACCESSOR_FIELD, query: true } },
      operations: { update: (_req, data) => accessorDestroy(ctx(), data), delete: (_req, data) => accessorDestroy(ctx(), data) },
      helpSynopsis: 'Delete an issued secret_id, using its accessor',
      helpDescription: ACCESSOR_HELP,
    },
    {
      pattern: `${base}/custom-secret-id$`,
      fields: {
        ...GENERATE_FIELDS,
        secret_id: { type: 'string', description: 'SecretID to be attached to the role.' },
        token_bound_cidrs: {
          type: 'comma_string_slice',
          description: 'Comma separated string or list of CIDR blocks. If set, specifies the blocks of\nIP addresses which can use the returned token. Should be a subset of the token CIDR blocks listed on the role, if any.',
        },
      },
      operations: { update: (_req, data) => issueSecretId(ctx(), data, data.get<string>('secret_id')) },
      helpSynopsis: 'Assign a SecretID of choice against the role.',
      helpDescription: `This option is not recommended unless there is a specific need
to do so. This will assign a client supplied SecretID to be used to access
the role. This SecretID will behave similarly to the SecretIDs generated by
the backend. The properties of this SecretID will be based on the options
set on the role. It will expire after a period defined by the 'ttl' field
or 'secret_id_ttl' option on the role, and/or the backend mount's maximum TTL value.`,
    },
  ];
}
