// AppRole roles as Vault keeps them (V builtin/credential/approle/path_role.go roleStorageEntry,
// roleEntry, setRoleEntry, setRoleIDEntry, roleIDEntry; backend.go Salt): one JSON entry per role
// at `role/<lower-cased name>` (the embedded tokenutil.TokenParams first, durations in
// nanoseconds), a reverse index `role_id/<salted role id>` → `{"name": …}`, and the mount's salt
// at `salt` (sdk/helper/salt: SaltID = hex SHA-256 of salt + id). Loading applies roleEntry's
// upgrades: the legacy bound_cidr_list into secret_id_bound_cidrs, an empty secret_id_prefix,
// and the legacy period/policies filling empty token_* values.
import type * as NodeCrypto from 'node:crypto';
import { goToLower } from '../../go/strings.js';
import { defaultTokenParams, type RoleTokenType, type TokenParams } from '../../framework/token-params.js';
import type { Storage } from '../../storage/types.js';
import { builtin, noble } from '../../util/platform.js';
import { randomUUID, type RandomSource } from '../../util/random.js';
import { sha256Hex } from '../../util/sha256.js';

/** V backend.go storage prefixes. */
const SECRET_ID_PREFIX = 'secret_id/';
export const SECRET_ID_LOCAL_PREFIX = 'secret_id_local/';
export const ACCESSOR_PREFIX = 'accessor/';
export const ACCESSOR_LOCAL_PREFIX = 'accessor_local/';

export interface RoleEntry {
  token: TokenParams;
  /** Sanitised name used everywhere after load (not persisted). */
  name: string;
  roleId: string;
  hmacKey: string;
  /** Legacy `policies` (kept only while the legacy field is in use). */
  policies: string[];
  secretIdNumUses: number;
  /** Seconds. */
  secretIdTtl: number;
  bindSecretId: boolean;
  /** null = never set (Go nil slice, read back as JSON null). */
  secretIdBoundCidrs: string[] | null;
  /** Legacy period in seconds. */
  period: number;
  lowerCaseRoleName: boolean;
  secretIdPrefix: string;
}

export function newRoleEntry(name: string, hmacKey: string): RoleEntry {
  return {
    token: defaultTokenParams(), name: goToLower(name), roleId: '', hmacKey, policies: [], secretIdNumUses: 0,
    secretIdTtl: 0, bindSecretId: false, secretIdBoundCidrs: null, period: 0, lowerCaseRoleName: true,
    secretIdPrefix: SECRET_ID_PREFIX,
  };
}

const NS = 1_000_000_000;
const TOKEN_TYPES: readonly RoleTokenType[] = ['default', 'service', 'batch', 'default-service', 'default-batch'];
const slice = (v: readonly string[] | null): string[] | null => (v === null || v.length === 0 ? null : [...v]);
const strings = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
const seconds = (v: unknown): number => Math.trunc((typeof v === 'number' ? v : 0) / NS) || 0;
const int = (v: unknown): number => (typeof v === 'number' ? v : 0);

/** The Go JSON of a roleStorageEntry (encoding/json field order). */
export function encodeRole(r: RoleEntry): Uint8Array {
  const t = r.token;
  return new TextEncoder().encode(JSON.stringify({
    token_bound_cidrs: slice(t.tokenBoundCidrs),
    token_explicit_max_ttl: t.tokenExplicitMaxTtl * NS,
    token_max_ttl: t.tokenMaxTtl * NS,
    token_no_default_policy: t.tokenNoDefaultPolicy,
    token_num_uses: t.tokenNumUses,
    token_period: t.tokenPeriod * NS,
    token_policies: slice(t.tokenPolicies),
    token_type: Math.max(0, TOKEN_TYPES.indexOf(t.tokenType)),
    token_ttl: t.tokenTtl * NS,
    role_id: r.roleId,
    hmac_key: r.hmacKey,
    policies: slice(r.policies),
    secret_id_num_uses: r.secretIdNumUses,
    secret_id_ttl: r.secretIdTtl * NS,
    bind_secret_id: r.bindSecretId,
    bound_cidr_list_list: null,
    // A set-but-empty list stays [] (Go keeps a non-nil empty slice).
    secret_id_bound_cidrs: r.secretIdBoundCidrs === null ? null : [...r.secretIdBoundCidrs],
    period: r.period * NS,
    lower_case_role_name: r.lowerCaseRoleName,
    secret_id_prefix: r.secretIdPrefix,
  }));
}

/** Decodes a stored role; `needsUpgrade` when roleEntry would write it back. */
export function decodeRole(bytes: Uint8Array, nameAsGiven: string): { role: RoleEntry; needsUpgrade: boolean } {
  const j = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const tt = j.token_type;
  const role: RoleEntry = {
    token: {
      tokenBoundCidrs: strings(j.token_bound_cidrs), tokenExplicitMaxTtl: seconds(j.token_explicit_max_ttl),
      tokenMaxTtl: seconds(j.token_max_ttl), tokenNoDefaultPolicy: j.token_no_default_policy === true,
      tokenNumUses: int(j.token_num_uses), tokenPeriod: seconds(j.token_period), tokenPolicies: strings(j.token_policies),
      tokenType: typeof tt === 'number' ? TOKEN_TYPES[tt] ?? 'default' : 'default', tokenTtl: seconds(j.token_ttl),
    },
    name: nameAsGiven,
    roleId: typeof j.role_id === 'string' ? j.role_id : '',
    hmacKey: typeof j.hmac_key === 'string' ? j.hmac_key : '',
    policies: strings(j.policies),
    secretIdNumUses: int(j.secret_id_num_uses),
    secretIdTtl: seconds(j.secret_id_ttl),
    bindSecretId: j.bind_secret_id === true,
    secretIdBoundCidrs: Array.isArray(j.secret_id_bound_cidrs) ? strings(j.secret_id_bound_cidrs) : null,
    period: seconds(j.period),
    lowerCaseRoleName: j.lower_case_role_name === true,
    secretIdPrefix: typeof j.secret_id_prefix === 'string' ? j.secret_id_prefix : '',
  };
  let needsUpgrade = false;
  // V path_role.go roleEntry: legacy CIDR forms move to secret_id_bound_cidrs.
  if (typeof j.bound_cidr_list === 'string' && j.bound_cidr_list !== '') {
    role.secretIdBoundCidrs = [...new Set(j.bound_cidr_list.split(',').map((s) => s.trim()).filter((s) => s !== ''))].sort();
    needsUpgrade = true;
  }
  const oldList = strings(j.bound_cidr_list_list);
  if (oldList.length > 0) {
    role.secretIdBoundCidrs = oldList;
    needsUpgrade = true;
  }
  if (role.secretIdPrefix === '') {
    role.secretIdPrefix = SECRET_ID_PREFIX;
    needsUpgrade = true;
  }
  if (role.token.tokenPeriod === 0 && role.period > 0) role.token.tokenPeriod = role.period;
  if (role.token.tokenPolicies.length === 0 && role.policies.length > 0) role.token.tokenPolicies = [...role.policies];
  if (role.lowerCaseRoleName) role.name = goToLower(nameAsGiven);
  return { role, needsUpgrade };
}

const nodeCrypto = builtin<typeof NodeCrypto>('node:crypto');
const encoder = new TextEncoder();

/** V validation.go createHMAC: hex HMAC-SHA256 of value keyed by the role's HMAC key. */
export function createHmac(key: string, value: string): string {
  if (nodeCrypto !== undefined) return nodeCrypto.createHmac('sha256', key).update(value, 'utf8').digest('hex');
  return noble('utils').bytesToHex(noble('hmac').hmac(noble('sha2').sha256, encoder.encode(key), encoder.encode(value)));
}

/** Roles, the role-id index and the mount's salt, over the mount's storage view. */
export class RoleStore {
  readonly storage: Storage;
  readonly #random: RandomSource;
  #salt: string | undefined;

  constructor(storage: Storage, random: RandomSource) {
    this.storage = storage;
    this.#random = random;
  }

  uuid(): string {
    return randomUUID(this.#random);
  }

  /** sdk/helper/salt NewSalt at DefaultLocation (`salt`): created on first use, then read back. */
  async saltId(id: string): Promise<string> {
    if (this.#salt === undefined) {
      const stored = await this.storage.get('salt');
      if (stored !== undefined) this.#salt = new TextDecoder().decode(stored);
      else {
        this.#salt = this.uuid();
        await this.storage.put('salt', encoder.encode(this.#salt));
      }
    }
    return sha256Hex(this.#salt + id);
  }

  /** V path_role.go roleEntry: looked up lower-cased; upgrades written back. */
  async get(name: string): Promise<RoleEntry | undefined> {
    const key = `role/${goToLower(name)}`;
    const bytes = await this.storage.get(key);
    if (bytes === undefined) return undefined;
    const { role, needsUpgrade } = decodeRole(bytes, name);
    if (needsUpgrade) await this.storage.put(key, encodeRole(role));
    return role;
  }

  async list(): Promise<string[]> {
    return this.storage.list('role/');
  }

  async roleIdEntry(roleId: string): Promise<string | undefined> {
    const bytes = await this.storage.get(`role_id/${await this.saltId(roleId)}`);
    if (bytes === undefined) return undefined;
    const j = JSON.parse(new TextDecoder().decode(bytes)) as { name?: unknown };
    return typeof j.name === 'string' ? j.name : '';
  }

  async setRoleIdEntry(roleId: string, name: string): Promise<void> {
    await this.storage.put(`role_id/${await this.saltId(roleId)}`, encoder.encode(JSON.stringify({ name })));
  }

  async deleteRoleIdEntry(roleId: string): Promise<void> {
    await this.storage.delete(`role_id/${await this.saltId(roleId)}`);
  }

  /** The raw role put (setRoleEntry's last steps; callers check constraints and the index). */
  async putRole(name: string, role: RoleEntry): Promise<void> {
    await this.storage.put(`role/${goToLower(name)}`, encodeRole(role));
  }

  async deleteRole(name: string): Promise<void> {
    await this.storage.delete(`role/${goToLower(name)}`);
  }
}
