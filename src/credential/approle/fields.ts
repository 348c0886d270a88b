// The single-field sub-paths of a role (V builtin/credential/approle/path_role.go: `local-secret-ids`,
// `policies`, `bound-cidr-list`, `secret-id-bound-cidrs`, `token-bound-cidrs`, `bind-secret-id`,
// `secret-id-num-uses`, `secret-id-ttl`, `period`, `token-num-uses`, `token-ttl`, `token-max-ttl`,
// each with its pathRole*Read/Update/Delete). Read: just that field (missing role → no body).
// Update: `missing <field>` when it was not sent, 404 unsupported path for a missing role, then
// setRoleEntry (constraints re-checked). Delete: back to the default, no error for a missing role.
import {
  ERR_APPROLE_SECRET_ID_NUM_USES_NEGATIVE, ERR_APPROLE_TOKEN_MAX_TTL_UNDER_TTL, ERR_APPROLE_TOKEN_TTL_OVER_MAX,
  errApproleMissingField, errApprolePeriodTooLong, errApproleParseTokenCidrs, errApproleValidateCidr, WARN_APPROLE_BOUND_CIDR_LIST_DEPRECATED,
} from '../../errors/approle.js';
import { ERR_UNSUPPORTED_PATH } from '../../errors/core.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import { parsePolicies } from '../../framework/lease.js';
import { legacyTokenFields, parseBoundCidrs, TOKEN_FIELDS } from '../../framework/token-params.js';
import type { FieldData, FieldSchema, FieldSchemas, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { formatGoDuration } from '../../go/time.js';
import { ROLE_NAME_FIELD, ROLE_NAME_PATTERN, setRoleEntry, type ApproleContext } from './context.js';
import { invalidCidr } from './secrets.js';
import { SECRET_ID_LOCAL_PREFIX, type RoleEntry } from './store.js';

type Ctx = () => ApproleContext;

interface FieldPath {
  suffix: string;
  fields: FieldSchemas;
  read?: (role: RoleEntry) => LogicalResponse;
  /** Applies the sent value(s) to the role; throws Vault's error response. */
  update?: (ctx: ApproleContext, role: RoleEntry, data: FieldData) => void;
  reset?: (role: RoleEntry) => void;
  synopsis: string;
  description: string;
}

function build(ctx: Ctx, p: FieldPath): PathSpec {
  const load = async (data: FieldData) => ctx().roles.get(data.get<string>('role_name'));
  const operations: PathSpec['operations'] = {};
  if (p.update !== undefined) {
    const update = p.update;
    operations.update = async (_req, data) => {
      const role = await load(data);
      if (role === undefined) throw new GoError(404, ERR_UNSUPPORTED_PATH);
      update(ctx(), role, data);
      await setRoleEntry(ctx(), role, '');
      return null;
    };
  }
  if (p.read !== undefined) {
    const read = p.read;
    operations.read = async (_req, data) => {
      const role = await load(data);
      return role === undefined ? null : read(role);
    };
  }
  if (p.reset !== undefined) {
    const reset = p.reset;
    operations.delete = async (_req, data) => {
      const role = await load(data);
      if (role === undefined) return null;
      reset(role);
      await setRoleEntry(ctx(), role, '');
      return null;
    };
  }
  return {
    pattern: `role/${ROLE_NAME_PATTERN}/${p.suffix}$`,
    fields: { role_name: ROLE_NAME_FIELD, ...p.fields },
    operations,
    helpSynopsis: p.synopsis,
    helpDescription: p.description,
  };
}

/** A sub-path whose update sets one scalar when sent (`missing <name>` otherwise). */
function scalar<T>(
  name: string, schema: FieldSchema, get: (r: RoleEntry) => T, set: (r: RoleEntry, v: T) => void, zero: T,
  check?: (r: RoleEntry) => string | undefined,
): Pick<FieldPath, 'fields' | 'read' | 'update' | 'reset'> {
  return {
    fields: { [name]: schema },
    read: (r) => ({ data: { [name]: get(r) } }),
    update: (_ctx, r, data) => {
      const v = data.getOk<T>(name);
      if (!v.ok) throw new VaultError(400, errApproleMissingField(name));
      set(r, v.value);
      const err = check?.(r);
      if (err !== undefined) throw new VaultError(400, err);
    },
    reset: (r) => set(r, zero),
  };
}

const CIDR_DESC = 'Comma separated string or list of CIDR blocks. If set, specifies the blocks of\nIP addresses which can perform the login operation.';
const CIDR_HELP = `During login, the IP address of the client will be checked to see if it
belongs to the CIDR blocks specified. If CIDR blocks were set and if the
IP is not encompassed by it, login fails`;

/** pathRoleBoundCIDRUpdateCommon after each path dropped the other two keys. */
function cidrUpdate(keep: 'secret' | 'token') {
  return (_ctx: ApproleContext, role: RoleEntry, data: FieldData): void => {
    if (keep === 'secret') {
      const cidrs = data.getFirst<string[]>('secret_id_bound_cidrs', 'bound_cidr_list');
      if (!cidrs.ok) return;
      if (cidrs.value.length === 0) throw new VaultError(400, errApproleMissingField('bound_cidr_list'));
      const bad = invalidCidr(cidrs.value);
      if (bad !== undefined) throw new VaultError(400, errApproleValidateCidr(bad));
      role.secretIdBoundCidrs = [...cidrs.value];
      return;
    }
    const cidrs = data.getOk<string[]>('token_bound_cidrs');
    if (!cidrs.ok) return;
    try {
      role.token.tokenBoundCidrs = parseBoundCidrs(cidrs.value);
    } catch (e) {
      if (e instanceof VaultError) throw new VaultError(400, errApproleParseTokenCidrs(e.message));
      throw e;
    }
  };
}

// A path table in the order of hashicorp/vault builtin/credential/approle/path_role.go rolePaths:
// a declaration rather than logic, so it stays one list.
export function rolePaths(ctx: Ctx): PathSpec[] {
  const paths: FieldPath[] = [
    {
      suffix: 'local-secret-ids', fields: {},
      read: (r) => ({ data: { local_secret_ids: r.secretIdPrefix === SECRET_ID_LOCAL_PREFIX } }),
      synopsis: 'Enables cluster local secret IDs',
      description: "If set, the secret IDs generated using this role will be cluster local.\nThis can only be set during role creation and once set, it can't be\nreset later.",
    },
    {
      suffix: 'policies',
      fields: { ...legacyTokenFields(['policies']), token_policies: TOKEN_FIELDS.token_policies! },
      read: (r) => ({ data: { token_policies: [...r.token.tokenPolicies], ...(r.policies.length > 0 ? { policies: [...r.policies] } : {}) } }),
      update: (_ctx, r, data) => {
        const token = data.getOk<string[]>('token_policies');
        const legacy = data.getOk<string[]>('policies');
        if (token.ok) {
          r.token.tokenPolicies = parsePolicies(token.value);
          r.policies = legacy.ok ? [...r.token.tokenPolicies] : [];
        } else if (legacy.ok) {
          r.policies = parsePolicies(legacy.value);
          r.token.tokenPolicies = [...r.policies];
        } else {
          throw new VaultError(400, errApproleMissingField('token_policies'));
        }
      },
      reset: (r) => { r.token.tokenPolicies = []; r.policies = []; },
      synopsis: 'Policies of the role.',
      description: 'A comma-delimited set of Vault policies that defines access to the role.\nAll the Vault tokens with policies that encompass the policy set\ndefined on the role, can access the role.',
    },
    {
      suffix: 'bound-cidr-list',
      fields: { bound_cidr_list: { type: 'comma_string_slice', description: 'Deprecated: Please use "secret_id_bound_cidrs" instead. Comma separated string or list\nof CIDR blocks. If set, specifies the blocks of IP addresses which can perform the login operation.' } },
      // The legacy list is always migrated away on load, so it reads back as null.
      read: () => ({ data: { bound_cidr_list: null }, warnings: [WARN_APPROLE_BOUND_CIDR_LIST_DEPRECATED] }),
      update: cidrUpdate('secret'),
      reset: () => undefined,
      synopsis: 'Deprecated: Comma separated list of CIDR blocks, if set, specifies blocks of IP\naddresses which can perform the login operation',
      description: CIDR_HELP,
    },
    {
      suffix: 'secret-id-bound-cidrs',
      fields: { secret_id_bound_cidrs: { type: 'comma_string_slice', description: CIDR_DESC } },
      read: (r) => ({ data: { secret_id_bound_cidrs: r.secretIdBoundCidrs === null ? null : [...r.secretIdBoundCidrs] } }),
      update: cidrUpdate('secret'),
      reset: (r) => { r.secretIdBoundCidrs = null; },
      synopsis: 'Comma separated list of CIDR blocks, if set, specifies blocks of IP\naddresses which can perform the login operation',
      description: CIDR_HELP,
    },
    {
      suffix: 'token-bound-cidrs',
      fields: { token_bound_cidrs: TOKEN_FIELDS.token_bound_cidrs! },
      read: (r) => ({ data: { token_bound_cidrs: r.token.tokenBoundCidrs.length === 0 ? null : [...r.token.tokenBoundCidrs] } }),
      update: cidrUpdate('token'),
      reset: (r) => { r.token.tokenBoundCidrs = []; },
      synopsis: 'Comma separated string or list of CIDR blocks. If set, specifies the blocks of\nIP addresses which can use the returned token.',
      description: `During use of the returned token, the IP address of the client will be checked to see if it
belongs to the CIDR blocks specified. If CIDR blocks were set and if the
IP is not encompassed by it, token use fails`,
    },
    {
      suffix: 'bind-secret-id',
      ...scalar<boolean>('bind_secret_id', { type: 'bool', default: true, description: 'Impose secret_id to be presented when logging in using this role.' },
        (r) => r.bindSecretId, (r, v) => { r.bindSecretId = v; }, true),
      synopsis: 'Impose secret_id to be presented during login using this role.',
      description: "By setting this to 'true', during login the field 'secret_id' becomes a mandatory argument.\nThe value of 'secret_id' can be retrieved using 'role/<role_name>/secret-id' endpoint.",
    },
    {
      suffix: 'secret-id-num-uses',
      ...scalar<number>('secret_id_num_uses', { type: 'int', description: 'Number of times a SecretID can access the role, after which the SecretID will expire.' },
        (r) => r.secretIdNumUses, (r, v) => { r.secretIdNumUses = v; }, 0,
        (r) => (r.secretIdNumUses < 0 ? ERR_APPROLE_SECRET_ID_NUM_USES_NEGATIVE : undefined)),
      synopsis: 'Use limit of the SecretID generated against the role.',
      description: "If a SecretID is generated/assigned against a role using the\n'role/<role_name>/secret-id' or 'role/<role_name>/custom-secret-id' endpoint,\nthen the number of times this SecretID can be used is defined by this option.\nHowever, this option may be overriden by the request's 'num_uses' field.",
    },
    {
      suffix: 'secret-id-ttl',
      ...scalar<number>('secret_id_ttl', { type: 'duration_second', description: 'Duration in seconds after which the issued SecretID should expire. Defaults\nto 0, meaning no expiration.' },
        (r) => r.secretIdTtl, (r, v) => { r.secretIdTtl = v; }, 0),
      synopsis: 'Duration in seconds of the SecretID generated against the role.',
      description: "If a SecretID is generated/assigned against a role using the\n'role/<role_name>/secret-id' or 'role/<role_name>/custom-secret-id' endpoint,\nthen the lifetime of this SecretID is defined by this option.\nHowever, this option may be overridden by the request's 'ttl' field.",
    },
    {
      suffix: 'period',
      fields: { ...legacyTokenFields(['period']), token_period: TOKEN_FIELDS.token_period! },
      read: (r) => ({ data: { token_period: r.token.tokenPeriod, ...(r.period > 0 ? { period: r.period } : {}) } }),
      update: (c, r, data) => {
        const token = data.getOk<number>('token_period');
        const legacy = data.getOk<number>('period');
        if (token.ok) {
          r.token.tokenPeriod = token.value;
          r.period = legacy.ok ? r.token.tokenPeriod : 0;
        } else if (legacy.ok) {
          r.period = legacy.value;
          r.token.tokenPeriod = r.period;
        } else {
          throw new VaultError(400, errApproleMissingField('period'));
        }
        // Vault compares token_period but prints the legacy value.
        const max = c.maxLeaseTtl();
        if (r.token.tokenPeriod > max) throw new VaultError(400, errApprolePeriodTooLong(formatGoDuration(r.period), formatGoDuration(max)));
      },
      reset: (r) => { r.token.tokenPeriod = 0; r.period = 0; },
      synopsis: "Updates the value of 'period' on the role",
      description: "If set,  indicates that the token generated using this role\nshould never expire. The token should be renewed within the\nduration specified by this value. The renewal duration will\nbe fixed. If the Period in the role is modified, the token\nwill pick up the new value during its next renewal.",
    },
    {
      suffix: 'token-num-uses',
      ...scalar<number>('token_num_uses', TOKEN_FIELDS.token_num_uses!, (r) => r.token.tokenNumUses, (r, v) => { r.token.tokenNumUses = v; }, 0),
      synopsis: 'Number of times issued tokens can be used',
      description: 'By default, this will be set to zero, indicating that the issued\ntokens can be used any number of times.',
    },
    {
      suffix: 'token-ttl',
      ...scalar<number>('token_ttl', TOKEN_FIELDS.token_ttl!, (r) => r.token.tokenTtl, (r, v) => { r.token.tokenTtl = v; }, 0,
        (r) => (r.token.tokenMaxTtl > 0 && r.token.tokenTtl > r.token.tokenMaxTtl ? ERR_APPROLE_TOKEN_TTL_OVER_MAX : undefined)),
      synopsis: 'Duration in seconds, the lifetime of the token issued by using the SecretID that\nis generated against this role, before which the token needs to be renewed.',
      description: "If SecretIDs are generated against the role, using 'role/<role_name>/secret-id' or the\n'role/<role_name>/custom-secret-id' endpoints, and if those SecretIDs are used\nto perform the login operation, then the value of 'token-ttl' defines the\nlifetime of the token issued, before which the token needs to be renewed.",
    },
    {
      suffix: 'token-max-ttl',
      ...scalar<number>('token_max_ttl', TOKEN_FIELDS.token_max_ttl!, (r) => r.token.tokenMaxTtl, (r, v) => { r.token.tokenMaxTtl = v; }, 0,
        (r) => (r.token.tokenMaxTtl > 0 && r.token.tokenTtl > r.token.tokenMaxTtl ? ERR_APPROLE_TOKEN_MAX_TTL_UNDER_TTL : undefined)),
      synopsis: 'Duration in seconds, the maximum lifetime of the tokens issued by using\nthe SecretIDs that were generated against this role, after which the\ntokens are not allowed to be renewed.',
      description: "If SecretIDs are generated against the role using 'role/<role_name>/secret-id'\nor the 'role/<role_name>/custom-secret-id' endpoints, and if those SecretIDs\nare used to perform the login operation, then the value of 'token-max-ttl'\ndefines the maximum lifetime of the tokens issued, after which the tokens\ncannot be renewed. A reauthentication is required after this duration.\nThis value will be capped by the backend mount's maximum TTL value.",
    },
  ];
  return paths.map((p) => build(ctx, p));
}
