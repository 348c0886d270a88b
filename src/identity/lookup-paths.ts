// `identity/lookup/entity` and `identity/lookup/group` (V vault/identity_lookup.go lookupPaths,
// pathLookupEntityUpdate, pathLookupGroupUpdate): exactly one criterion (or the alias name and
// mount accessor pair), counted by the keys present in the body; not found is a 204.
import { ERR_ID_LOOKUP_ALIAS_PAIR, ERR_ID_LOOKUP_CONFLICT, ERR_ID_LOOKUP_NONE } from '../errors/identity.js';
import { VaultError } from '../errors/vault-error.js';
import type { FieldData, FieldSchemas, PathSpec } from '../framework/types.js';
import type { IdentityStore } from './store.js';
import { entityRead, groupRead } from './views.js';

const CRITERIA = ['id', 'name', 'alias_id', 'alias_name', 'alias_mount_accessor'] as const;

const LOOKUP_FIELDS = (kind: string): FieldSchemas => ({
  type: { type: 'string', description: `Type of lookup. Must be '${kind}'.` },
  id: { type: 'string', description: `ID of the ${kind}.` },
  name: { type: 'string', description: `Name of the ${kind}.` },
  alias_id: { type: 'string', description: `ID of the alias.` },
  alias_name: { type: 'string', description: 'Name of the alias. This should be supplied in conjunction with \'alias_mount_accessor\'.' },
  alias_mount_accessor: { type: 'string', description: 'Accessor of the mount to which the alias belongs to. This should be supplied in conjunction with \'alias_name\'.' },
});

/** Which criterion was given; throws Vault's errors for none, conflicts and half a pair. */
function criterion(d: FieldData): (typeof CRITERIA)[number] | 'alias' {
  const present = CRITERIA.filter((k) => k in d.raw);
  if (present.length === 0) throw new VaultError(400, ERR_ID_LOOKUP_NONE);
  if (present.length === 2 && present.includes('alias_name') && present.includes('alias_mount_accessor')) return 'alias';
  if (present.length > 1) throw new VaultError(400, ERR_ID_LOOKUP_CONFLICT);
  const only = present[0]!;
  if (only === 'alias_name' || only === 'alias_mount_accessor') throw new VaultError(400, ERR_ID_LOOKUP_ALIAS_PAIR);
  return only;
}

export function lookupPaths(store: IdentityStore): PathSpec[] {
  return [
    {
      pattern: 'lookup/entity$',
      fields: LOOKUP_FIELDS('entity'),
      operations: {
        update: async (_req, d) => {
          const c = criterion(d);
          const v = (k: string) => d.get<string>(k);
          const entity = c === 'id' ? store.entities.get(v('id'))
            : c === 'name' ? (v('name') === '' ? undefined : store.entityByName(v('name')))
              : c === 'alias_id' ? store.entities.get(store.entityAliasById(v('alias_id'))?.canonicalId ?? '')
                : store.entities.get(store.entityAliasByFactors(v('alias_mount_accessor'), v('alias_name'))?.canonicalId ?? '');
          return entity ? { data: entityRead(store, entity) } : null;
        },
      },
      helpSynopsis: 'Query entities based on various properties.',
      helpDescription: 'Query entities based on various properties.',
    },
    {
      pattern: 'lookup/group$',
      fields: LOOKUP_FIELDS('group'),
      operations: {
        update: async (_req, d) => {
          const c = criterion(d);
          const v = (k: string) => d.get<string>(k);
          const group = c === 'id' ? store.groups.get(v('id'))
            : c === 'name' ? (v('name') === '' ? undefined : store.groupByName(v('name')))
              : c === 'alias_id' ? store.groups.get(store.groupAliasById(v('alias_id'))?.canonicalId ?? '')
                : store.groups.get(store.groupAliasByFactors(v('alias_mount_accessor'), v('alias_name'))?.canonicalId ?? '');
          return group ? { data: groupRead(store, group) } : null;
        },
      },
      helpSynopsis: 'Query groups based on various properties.',
      helpDescription: 'Query groups based on various properties.',
    },
  ];
}
