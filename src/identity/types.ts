// The identity store's objects as minivault keeps them (Vault's protobuf structs in
// vault/identity_store_structs.go and helper/identity/types.proto: Entity, Alias, Group). Times are
// milliseconds since the epoch; they print as RFC 3339 with nanoseconds (ptypes.TimestampString).

export interface Alias {
  id: string;
  /** The entity (entity alias) or group (group alias) it belongs to. */
  canonicalId: string;
  mountAccessor: string;
  /** The mount's type when the alias was made (read shapes look the mount up again). */
  mountType: string;
  name: string;
  /** Auth-method metadata (logins set it); null when never set. */
  metadata: Record<string, string> | null;
  /** API-set metadata; null for aliases made by a login, {} for those made by the API. */
  customMetadata: Record<string, string> | null;
  mergedFromCanonicalIds: string[] | null;
  creationTime: number;
  lastUpdateTime: number;
  local: boolean;
}

export interface Entity {
  id: string;
  name: string;
  metadata: Record<string, string> | null;
  policies: string[];
  disabled: boolean;
  creationTime: number;
  lastUpdateTime: number;
  mergedEntityIds: string[] | null;
  aliases: Alias[];
}

export type GroupType = 'internal' | 'external';

export interface Group {
  id: string;
  name: string;
  type: GroupType;
  metadata: Record<string, string> | null;
  policies: string[] | null;
  memberEntityIds: string[] | null;
  /** Membership is kept on the child side, as Vault does; a parent's members are computed. */
  parentGroupIds: string[] | null;
  creationTime: number;
  lastUpdateTime: number;
  modifyIndex: number;
  alias: Alias | null;
}

/** What the identity store needs to know about a mount, found by its accessor (router.go ValidateMountByAccessor). */
export interface MountFacts {
  type: string;
  /** The router path with a trailing slash: `auth/userpass/`. */
  path: string;
  local: boolean;
}

export type MountLookup = (accessor: string) => MountFacts | undefined;
