// Decoding of token-endpoint request fields the way Vault reads them: handleCreateCommon runs
// mapstructure.WeakDecode over the raw request data (numbers become strings, "true"/"1" become
// booleans, one string becomes a one-element list), and durations go through
// parseutil.ParseDurationSecond (bare numbers are seconds).
import { errAuthDecodeRequest } from '../errors/auth.js';
import { weakDecodeStruct, type StructMember } from '../go/weak.js';
import { VaultError } from '../errors/vault-error.js';
import { parseDurationSecond } from '../go/parseutil.js';
import { GoLibError } from '../go/strconv.js';
import { goParseDurationSeconds } from '../go/time.js';

export interface CreateFields {
  id: string;
  policies: string[];
  meta: Record<string, string> | null;
  noParent: boolean;
  noDefaultPolicy: boolean;
  lease: string;
  ttl: string;
  renewable: boolean | undefined;
  explicitMaxTtl: string;
  displayName: string;
  numUses: number;
  period: string;
  type: string;
  entityAlias: string;
}

const CREATE_MEMBERS: Readonly<Record<string, StructMember>> = {
  id: 'string', policies: 'string_slice', meta: 'string_map', no_parent: 'bool', no_default_policy: 'bool',
  lease: 'string', ttl: 'string', renewable: 'bool', explicit_max_ttl: 'string', display_name: 'string',
  num_uses: 'int', period: 'string', type: 'string', entity_alias: 'string',
};

/** Reads a create request's fields (token_store.go handleCreateCommon: WeakDecode into its struct). */
export function decodeCreateFields(data: Record<string, unknown>): CreateFields {
  const { values: v, error } = weakDecodeStruct(data, CREATE_MEMBERS);
  if (error !== undefined) throw new VaultError(400, errAuthDecodeRequest(error));
  return {
    id: v.id as string,
    policies: v.policies as string[],
    meta: v.meta as Record<string, string> | null,
    noParent: (v.no_parent as boolean | undefined) ?? false,
    noDefaultPolicy: (v.no_default_policy as boolean | undefined) ?? false,
    lease: v.lease as string,
    ttl: v.ttl as string,
    renewable: v.renewable as boolean | undefined,
    explicitMaxTtl: v.explicit_max_ttl as string,
    displayName: v.display_name as string,
    numUses: v.num_uses as number,
    period: v.period as string,
    type: v.type as string,
    entityAlias: v.entity_alias as string,
  };
}

/** parseutil.ParseDurationSecond for a create field; Go's error text becomes a 400. */
export function durationField(text: string): number {
  return goErrorAs400(() => parseDurationSecond(text));
}

/** time.ParseDuration for the legacy `lease` field (units required; a bare `0` passes), in whole seconds. */
export function goDurationField(text: string): number {
  return goErrorAs400(() => Math.trunc(goParseDurationSeconds(text)) || 0);
}

function goErrorAs400(f: () => number): number {
  try {
    return f();
  } catch (e) {
    if (e instanceof GoLibError) throw new VaultError(400, e.message);
    throw e;
  }
}
