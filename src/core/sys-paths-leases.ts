// The lease paths of sys/ (vault/logical_system_paths.go leasePaths; handlers in
// vault/logical_system.go handleLeaseLookup, handleLeaseLookupList, handleRenew, handleRevoke,
// handleRevokePrefix, handleRevokeForce, handleTidyLeases, handleLeaseCount, handleLeaseList),
// including the legacy `sys/renew`, `sys/revoke`, `sys/revoke-prefix`, `sys/revoke-force` forms.
import { GoError, VaultError } from '../errors/vault-error.js';
import { goParseInt } from '../go/strconv.js';
import {
  ERR_LEASE_ID_REQUIRED, ERR_LEASE_INVALID, ERR_LEASE_LIMIT, WARN_IRREVOCABLE_HALTED, WARN_TIDY_STARTED, errLeaseLimitParse,
} from '../errors/leases.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../framework/types.js';
import type { LogicalResponse } from '../logical/types.js';
import { respondWithStatusCode } from '../framework/respond.js';
import type { SysContext } from './sys-context.js';

const LEASE_ID = { type: 'string', description: 'The lease identifier to renew. This is included with a lease.' } as const;
const URL_LEASE_ID = { type: 'string', description: 'The lease identifier to renew. This is included with a lease.' } as const;
const SYNC = { type: 'bool', default: true, description: 'Whether or not to perform the revocation synchronously' } as const;
const PREFIX = { type: 'string', description: 'The path to revoke keys under. Example: "prod/aws/ops"' } as const;
const TYPE_FIELDS: FieldSchemas = {
  type: { type: 'string', required: true, description: 'Type of leases to get counts for (currently only supporting irrevocable).' },
  include_child_namespaces: { type: 'bool', default: false, description: 'Set true if the function should also count leases in child namespaces.' },
};
/** vault/expiration.go MaxIrrevocableLeasesToReturn */
const MAX_IRREVOCABLE = 10000;

function leaseIdOf(req: FrameworkRequest, data: FieldData): string {
  const body = data.get<string>('lease_id');
  return body !== '' ? body : req.captures.url_lease_id ?? '';
}

/** A sync revoke answers 204, an async one 202 with no body (logical.RespondWithStatusCode). */
const revoked = (sync: boolean): LogicalResponse | null => (sync ? null : { status: 202 });

function irrevocableOnly(data: FieldData): void {
  // Anything but type=irrevocable is "no such data": 404 {"errors":[]}
  if (data.get<string>('type').toLowerCase() !== 'irrevocable') throw new VaultError(404, '', []);
}

/**
 * The sys/leases/* and legacy sys/renew, sys/revoke* paths of hashicorp/vault
 * vault/logical_system_paths.go leasePaths: a path table kept as one declaration in Vault's order.
 */
export function leasePaths(sys: SysContext): PathSpec[] {
  const exp = sys.expiration;
  return [
    {
      pattern: 'leases/lookup/(?P<prefix>.+?)?',
      fields: { prefix: { type: 'string', description: 'The path to list leases under. Example: "aws/creds/deploy"' } },
      operations: { list: async (req) => ({ data: { keys: await exp.list(req.captures.prefix ?? '') } }) },
      helpSynopsis: 'View or list lease metadata.',
      helpDescription: 'View or list lease metadata, by lease ID or by prefix.',
    },
    {
      pattern: 'leases/lookup',
      fields: { lease_id: { type: 'string', description: 'The lease identifier to renew. This is included with a lease.' } },
      operations: {
        update: async (_req, data) => {
          const id = data.get<string>('lease_id');
          if (id === '') throw new VaultError(400, ERR_LEASE_ID_REQUIRED);
          const found = await exp.lookup(id);
          if (found === undefined) throw new VaultError(400, ERR_LEASE_INVALID);
          return { data: found };
        },
      },
      helpSynopsis: 'View or list lease metadata.',
      helpDescription: 'View or list lease metadata, by lease ID or by prefix.',
    },
    {
      pattern: '(leases/)?renew(/(?P<url_lease_id>.+))?',
      fields: {
        url_lease_id: URL_LEASE_ID, lease_id: LEASE_ID,
        increment: { type: 'duration_second', description: 'The desired increment in seconds to the lease' },
      },
      operations: {
        update: async (req, data) => {
          const id = leaseIdOf(req, data);
          if (id === '') throw new VaultError(400, ERR_LEASE_ID_REQUIRED);
          return exp.renew(id, data.get<number>('increment'));
        },
      },
      helpSynopsis: 'Renew a lease on a secret',
      helpDescription: 'When a secret is read, it may optionally include a lease interval and a boolean indicating if renew is possible. For secrets that support lease renewal, this endpoint is used to extend the validity of the lease and to prevent an automatic revocation.',
    },
    {
      pattern: '(leases/)?revoke(/(?P<url_lease_id>.+))?',
      fields: { url_lease_id: URL_LEASE_ID, lease_id: LEASE_ID, sync: SYNC },
      operations: {
        update: async (req, data) => {
          const id = leaseIdOf(req, data);
          if (id === '') throw new VaultError(400, ERR_LEASE_ID_REQUIRED);
          await exp.revoke(id);
          return revoked(data.get<boolean>('sync'));
        },
      },
      helpSynopsis: 'Revoke a leased secret immediately',
      helpDescription: 'When a secret is generated with a lease, it is automatically revoked at the end of the lease period if not renewed. However, in some cases you may want to force an immediate revocation. This endpoint can be used to revoke the secret with the given Lease ID.',
    },
    {
      pattern: '(leases/)?revoke-force/(?P<prefix>.+)',
      fields: { prefix: PREFIX },
      operations: {
        update: async (req) => {
          await exp.revokePrefix(req.captures.prefix!, true);
          return null;
        },
      },
      helpSynopsis: 'Revoke all secrets generated in a given prefix, ignoring errors.',
      helpDescription: 'See the path help for \'revoke-prefix\'; this behaves the same, except that it ignores errors encountered during revocation.',
    },
    {
      pattern: '(leases/)?revoke-prefix/(?P<prefix>.+)',
      fields: { prefix: PREFIX, sync: SYNC },
      operations: {
        update: async (req, data) => {
          await exp.revokePrefix(req.captures.prefix!, false);
          return revoked(data.get<boolean>('sync'));
        },
      },
      helpSynopsis: 'Revoke all secrets generated in a given prefix',
      helpDescription: 'Revokes all the secrets generated under a given mount prefix. As an example, "prod/aws/" might be the AWS logical backend, and due to a change in the "ops" policy, we may want to invalidate all the secrets generated. We can do a revoke prefix at "prod/aws/ops" to revoke all the ops secrets. This does a prefix match on the Lease IDs and revokes all matching leases.',
    },
    {
      pattern: 'leases/tidy$',
      operations: { update: async (req) => respondWithStatusCode(202, req.requestId ?? '', [WARN_TIDY_STARTED]) },
      helpSynopsis: 'This endpoint performs cleanup tasks that can be run if certain error conditions have occurred.',
      helpDescription: 'This endpoint performs cleanup tasks that can be run to clean up the lease entries after certain error conditions.',
    },
    {
      pattern: 'leases/count$',
      fields: TYPE_FIELDS,
      operations: {
        read: async (_req, data) => {
          irrevocableOnly(data);
          const { counts, total } = await exp.irrevocableCounts();
          return { data: { counts, lease_count: total } };
        },
      },
      helpSynopsis: 'Count of leases associated with this Vault cluster',
      helpDescription: 'Count of leases associated with this Vault cluster',
    },
    {
      pattern: 'leases(/)?$',
      fields: { ...TYPE_FIELDS, limit: { type: 'string', default: '', description: 'Number of leases to return in response; defaults to 10000.' } },
      operations: {
        read: async (_req, data) => {
          irrevocableOnly(data);
          const raw = data.get<string>('limit');
          let limit = MAX_IRREVOCABLE;
          if (raw === 'none') limit = Number.POSITIVE_INFINITY;
          else if (raw !== '') {
            try {
              limit = goParseInt(raw, 10);
            } catch (e) {
              throw new GoError(500, errLeaseLimitParse((e as Error).message));
            }
            if (limit < 1) throw new GoError(500, ERR_LEASE_LIMIT);
          }
          const leases = await exp.irrevocable();
          const resp: LogicalResponse = { data: { lease_count: leases.length, leases: leases.slice(0, limit) } };
          if (leases.length > limit) resp.warnings = [WARN_IRREVOCABLE_HALTED];
          return resp;
        },
      },
      helpSynopsis: 'List leases associated with this Vault cluster',
      helpDescription: 'List leases associated with this Vault cluster',
    },
  ];
}
