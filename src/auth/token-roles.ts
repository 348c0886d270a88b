// Token roles (V vault/token_store.go tsRoleEntry, tokenStoreRole, tokenStoreRoleRead,
// tokenStoreRoleCreateUpdate): the entry as Vault keeps it in the token store's view at
// `roles/<name>` (Vault: sys/token/roles/<name>), encoded as Go's encoding/json writes the struct
// (the embedded tokenutil.TokenParams keys first, durations in nanoseconds, token_type as its
// number, nil slices as null), the write that parses a request over a stored entry, the read
// shape, and the policy rules a create against a role applies (handleCreateCommon's role branch).
import {
  ERR_AUTH_ROLE_BATCH_EXPLICIT_MAX_TTL, ERR_AUTH_ROLE_BATCH_NOT_ORPHAN, ERR_AUTH_ROLE_BATCH_PERIODIC,
  ERR_AUTH_ROLE_BATCH_RENEWABLE, ERR_AUTH_ROLE_PATH_SUFFIX_INVALID, ERR_AUTH_ROLE_PATH_SUFFIX_PARENT,
  ERR_AUTH_ROLE_TOKEN_TYPE_NULL, errAuthRoleBoundCidrs, errAuthRoleFields, errAuthRolePoliciesNotSubset,
  errAuthRolePolicyDisallowed, errAuthRoleTokenType, warnAuthRoleBothValues, warnAuthRoleExplicitMaxTtl,
} from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import { createFieldData } from '../framework/field-data.js';
import { goGlob } from '../go/glob.js';
import { goStringCompare, goToLower, goTrimSpace } from '../go/strings.js';
import { goValue } from '../go/fmt.js';
import { sanitizePolicies } from '../framework/lease.js';
import {
  defaultTokenParams, parseBoundCidrs, parseTokenFields, type RoleTokenType, type TokenParams,
} from '../framework/token-params.js';
import type { FieldData } from '../framework/types.js';
import type { Storage } from '../storage/types.js';

export interface TokenRole {
  /** The embedded tokenutil.TokenParams (only the six allow-listed token_* fields are ever written). */
  params: TokenParams;
  name: string;
  /** null where Go keeps a nil slice (read back as JSON null). */
  allowedPolicies: string[] | null;
  disallowedPolicies: string[] | null;
  allowedPoliciesGlob: string[] | null;
  disallowedPoliciesGlob: string[] | null;
  orphan: boolean;
  /** Legacy `period`, seconds. */
  period: number;
  pathSuffix: string;
  renewable: boolean;
  /** Legacy `explicit_max_ttl`, seconds. */
  explicitMaxTtl: number;
  /** Legacy `bound_cidrs`. */
  boundCidrs: string[] | null;
  allowedEntityAliases: string[] | null;
}

/** Go's zero tsRoleEntry with its name (what a create starts from). */
function newRole(name: string): TokenRole {
  return {
    params: defaultTokenParams(), name, allowedPolicies: null, disallowedPolicies: null, allowedPoliciesGlob: null,
    disallowedPoliciesGlob: null, orphan: false, period: 0, pathSuffix: '', renewable: false, explicitMaxTtl: 0,
    boundCidrs: null, allowedEntityAliases: null,
  };
}

// --- storage (Go JSON of tsRoleEntry) ---

const NS = 1_000_000_000;
/** sdk/logical/token.go TokenType values, in iota order. */
const TOKEN_TYPES: readonly RoleTokenType[] = ['default', 'service', 'batch', 'default-service', 'default-batch'];
const nanos = (s: number): number => s * NS;
const seconds = (v: unknown): number => Math.trunc((typeof v === 'number' ? v : Number(v ?? 0)) / NS) || 0;
const list = (v: unknown): string[] | null => (Array.isArray(v) ? v.map(String) : null);
const nilIfEmpty = (v: readonly string[]): string[] | null => (v.length === 0 ? null : [...v]);
const len = (v: readonly string[] | null): number => v?.length ?? 0;

function tokenType(v: unknown): RoleTokenType {
  if (typeof v === 'number') return TOKEN_TYPES[v] ?? 'default';
  return typeof v === 'string' && (TOKEN_TYPES as readonly string[]).includes(v) ? (v as RoleTokenType) : 'default';
}

export function encodeRole(r: TokenRole): Uint8Array {
  const t = r.params;
  const json = {
    token_bound_cidrs: nilIfEmpty(t.tokenBoundCidrs),
    token_explicit_max_ttl: nanos(t.tokenExplicitMaxTtl),
    token_max_ttl: nanos(t.tokenMaxTtl),
    token_no_default_policy: t.tokenNoDefaultPolicy,
    token_num_uses: t.tokenNumUses,
    token_period: nanos(t.tokenPeriod),
    token_policies: nilIfEmpty(t.tokenPolicies),
    token_type: Math.max(0, TOKEN_TYPES.indexOf(t.tokenType)),
    token_ttl: nanos(t.tokenTtl),
    name: r.name,
    allowed_policies: r.allowedPolicies,
    disallowed_policies: r.disallowedPolicies,
    allowed_policies_glob: r.allowedPoliciesGlob,
    disallowed_policies_glob: r.disallowedPoliciesGlob,
    orphan: r.orphan,
    period: nanos(r.period),
    path_suffix: r.pathSuffix,
    renewable: r.renewable,
    explicit_max_ttl: nanos(r.explicitMaxTtl),
    bound_cidrs: r.boundCidrs,
    allowed_entity_aliases: r.allowedEntityAliases,
  };
  return new TextEncoder().encode(JSON.stringify(json));
}

/** Decodes a stored role and applies tokenStoreRole's upgrades (default type, legacy values). */
export function decodeRole(bytes: Uint8Array): TokenRole {
  const j = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
  const r: TokenRole = {
    params: {
      tokenBoundCidrs: list(j.token_bound_cidrs) ?? [],
      tokenExplicitMaxTtl: seconds(j.token_explicit_max_ttl),
      tokenMaxTtl: seconds(j.token_max_ttl),
      tokenNoDefaultPolicy: j.token_no_default_policy === true,
      tokenNumUses: typeof j.token_num_uses === 'number' ? j.token_num_uses : 0,
      tokenPeriod: seconds(j.token_period),
      tokenPolicies: list(j.token_policies) ?? [],
      tokenType: tokenType(j.token_type),
      tokenTtl: seconds(j.token_ttl),
    },
    name: typeof j.name === 'string' ? j.name : '',
    allowedPolicies: list(j.allowed_policies),
    disallowedPolicies: list(j.disallowed_policies),
    allowedPoliciesGlob: list(j.allowed_policies_glob),
    disallowedPoliciesGlob: list(j.disallowed_policies_glob),
    orphan: j.orphan === true,
    period: seconds(j.period),
    pathSuffix: typeof j.path_suffix === 'string' ? j.path_suffix : '',
    renewable: j.renewable === true,
    explicitMaxTtl: seconds(j.explicit_max_ttl),
    boundCidrs: list(j.bound_cidrs),
    allowedEntityAliases: list(j.allowed_entity_aliases),
  };
  const t = r.params;
  if (t.tokenType === 'default') t.tokenType = 'default-service';
  if (r.period > 0 && t.tokenPeriod === 0) t.tokenPeriod = r.period;
  if (r.explicitMaxTtl > 0 && t.tokenExplicitMaxTtl === 0) t.tokenExplicitMaxTtl = r.explicitMaxTtl;
  if (len(r.boundCidrs) > 0 && t.tokenBoundCidrs.length === 0) t.tokenBoundCidrs = [...r.boundCidrs!];
  return r;
}

/** The roles in a token store's storage view, at `roles/<name>` (rolesBarrierView). */
export class TokenRoleStore {
  readonly #storage: Storage;
  constructor(storage: Storage) {
    this.#storage = storage;
  }
  async get(name: string): Promise<TokenRole | undefined> {
    const bytes = await this.#storage.get(`roles/${name}`);
    return bytes === undefined ? undefined : decodeRole(bytes);
  }
  async put(role: TokenRole): Promise<void> {
    await this.#storage.put(`roles/${role.name}`, encodeRole(role));
  }
  async delete(name: string): Promise<void> {
    await this.#storage.delete(`roles/${name}`);
  }
  /** tokenStoreRoleList: the names, sorted. */
  async list(): Promise<string[]> {
    return this.#storage.list('roles/');
  }
}

// --- list helpers (go-secure-stdlib strutil, ryanuber/go-glob) ---

/** strutil.RemoveDuplicates(items, lowercase=true): trimmed, lower-cased, empties dropped, sorted. */
export function removeDuplicatesLower(items: readonly string[]): string[] {
  const set = new Set<string>();
  for (const item of items) {
    const t = goToLower(goTrimSpace(item));
    if (t !== '') set.add(t);
  }
  return [...set].sort(goStringCompare);
}

/** strutil.StrListContainsGlob: some item, as a glob, matches `needle`. */
export const containsGlob = (haystack: readonly string[] | null, needle: string): boolean =>
  (haystack ?? []).some((item) => goGlob(item, needle));
const contains = (haystack: readonly string[] | null, needle: string): boolean => (haystack ?? []).includes(needle);

// --- the write (tokenStoreRoleCreateUpdate) ---

// Go RE2 `\w[\w-.]+\w`, matched anywhere in the suffix (MatchString is unanchored).
const PATH_SUFFIX = /\w[\w.-]+\w/;

/**
 * Parses a write over the stored role (`existing`, undefined on create) in Vault's order and
 * returns the entry to store and the response warnings. Throws a 400 VaultError with Vault's text
 * on the first bad value; nothing is stored by this function.
 */
export function writeRole(
  name: string, existing: TokenRole | undefined, data: FieldData, isCreate: boolean, mountMaxTtl: number,
): { role: TokenRole; warnings: string[] } {
  const r = existing ?? newRole(name);
  // Fields not duplicated by the token helper: when not sent, a create takes the default.
  const pick = <T>(field: string): { value: T; set: boolean } => {
    const got = data.getOk<T>(field);
    return { value: got.ok ? got.value : data.get<T>(field), set: got.ok || isCreate };
  };
  const orphan = pick<boolean>('orphan');
  if (orphan.set) r.orphan = orphan.value;
  const renewable = pick<boolean>('renewable');
  if (renewable.set) r.renewable = renewable.value;
  const suffix = data.getOk<string>('path_suffix');
  if (suffix.ok && suffix.value !== '' && !PATH_SUFFIX.test(suffix.value)) bad(ERR_AUTH_ROLE_PATH_SUFFIX_INVALID);
  if (suffix.ok || isCreate) r.pathSuffix = suffix.value;
  if (r.pathSuffix.includes('..')) bad(ERR_AUTH_ROLE_PATH_SUFFIX_PARENT);
  const allowed = pick<string[]>('allowed_policies');
  if (allowed.set) r.allowedPolicies = sanitizePolicies(allowed.value, false);
  const disallowed = pick<string[]>('disallowed_policies');
  if (disallowed.set) r.disallowedPolicies = removeDuplicatesLower(disallowed.value);
  const allowedGlob = pick<string[]>('allowed_policies_glob');
  if (allowedGlob.set) r.allowedPoliciesGlob = sanitizePolicies(allowedGlob.value, false);
  const disallowedGlob = pick<string[]>('disallowed_policies_glob');
  if (disallowedGlob.set) r.disallowedPoliciesGlob = removeDuplicatesLower(disallowedGlob.value);

  applyTokenFields(r, data);
  const warnings = applyLegacyAliases(r, data, mountMaxTtl);

  if (r.params.tokenType === 'batch') {
    if (!r.orphan) bad(ERR_AUTH_ROLE_BATCH_NOT_ORPHAN);
    if (r.period !== 0 || r.params.tokenPeriod !== 0) bad(ERR_AUTH_ROLE_BATCH_PERIODIC);
    if (r.renewable) bad(ERR_AUTH_ROLE_BATCH_RENEWABLE);
    if (r.explicitMaxTtl !== 0 || r.params.tokenExplicitMaxTtl !== 0) bad(ERR_AUTH_ROLE_BATCH_EXPLICIT_MAX_TTL);
  }
  const aliases = data.getOk<string[]>('allowed_entity_aliases');
  if (aliases.ok) r.allowedEntityAliases = removeDuplicatesLower(aliases.value);
  return { role: r, warnings };
}

const bad = (msg: string): never => {
  throw new VaultError(400, msg);
};

/**
 * The tokenutil fields of a role write (TokenParams.ParseTokenFields) with token_type handled as
 * Vault does: taken out of the data before tokenutil sees it, the entry's type being "default"
 * while parsing when one was sent (so no batch checks), else the stored one.
 */
function applyTokenFields(r: TokenRole, data: FieldData): void {
  let typeText: string | undefined;
  const oldType = r.params.tokenType;
  let fields = data;
  if (Object.hasOwn(data.raw, 'token_type') && data.raw.token_type !== undefined) {
    const raw = data.raw.token_type;
    if (raw === null) bad(ERR_AUTH_ROLE_TOKEN_TYPE_NULL);
    // Vault asserts a string here (any other JSON type panics the handler); minivault reads the
    // value as its Go %v text instead.
    typeText = typeof raw === 'string' ? raw : goValue(raw);
    const rest = { ...data.raw };
    delete rest.token_type;
    fields = createFieldData(rest, data.schema);
  }
  try {
    r.params = parseTokenFields(fields, { ...r.params, tokenType: typeText === undefined ? oldType : 'default' }, false);
  } catch (e) {
    if (e instanceof VaultError) bad(errAuthRoleFields(e.message));
    throw e;
  }
  r.params.tokenType = oldType === 'default' ? 'default-service' : oldType;
  if (typeText !== undefined) {
    if (typeText !== 'service' && typeText !== 'batch' && typeText !== 'default-service' && typeText !== 'default-batch') {
      bad(errAuthRoleTokenType(typeText));
    }
    r.params.tokenType = typeText as RoleTokenType;
  }
}

/**
 * The legacy aliases (period, bound_cidrs, explicit_max_ttl): the token_ field wins (the legacy
 * value is then cleared), with a warning when both came; a legacy value alone sets both. Returns
 * the warnings, including the explicit max TTL over the mount's.
 */
function applyLegacyAliases(r: TokenRole, data: FieldData, mountMaxTtl: number): string[] {
  const warnings: string[] = [];
  const sent = (field: string): boolean => data.getOk(field).ok;
  if (!sent('token_period')) {
    if (sent('period')) r.params.tokenPeriod = r.period = data.get<number>('period');
  } else {
    if (sent('period')) warnings.push(warnAuthRoleBothValues('token_period', 'period'));
    r.period = 0;
  }
  if (!sent('token_bound_cidrs')) {
    if (sent('bound_cidrs')) {
      let cidrs: string[] = [];
      try {
        cidrs = parseBoundCidrs(data.get<string[]>('bound_cidrs'));
      } catch (e) {
        if (e instanceof VaultError) bad(errAuthRoleBoundCidrs(e.message));
        throw e;
      }
      r.boundCidrs = cidrs;
      r.params.tokenBoundCidrs = [...cidrs];
    }
  } else {
    if (sent('bound_cidrs')) warnings.push(warnAuthRoleBothValues('token_bound_cidrs', 'bound_cidrs'));
    r.boundCidrs = null;
  }
  let finalExplicitMax = r.params.tokenExplicitMaxTtl;
  if (!sent('token_explicit_max_ttl')) {
    if (sent('explicit_max_ttl')) r.params.tokenExplicitMaxTtl = r.explicitMaxTtl = data.get<number>('explicit_max_ttl');
    finalExplicitMax = r.explicitMaxTtl;
  } else {
    if (sent('explicit_max_ttl')) warnings.push(warnAuthRoleBothValues('token_explicit_max_ttl', 'explicit_max_ttl'));
    r.explicitMaxTtl = 0;
  }
  if (finalExplicitMax !== 0 && mountMaxTtl !== 0 && finalExplicitMax > mountMaxTtl) {
    warnings.push(warnAuthRoleExplicitMaxTtl(finalExplicitMax, mountMaxTtl));
  }
  return warnings;
}

/** tokenStoreRoleRead: fifteen keys always, token_bound_cidrs / bound_cidrs / token_num_uses when set. */
export function roleReadData(r: TokenRole): Record<string, unknown> {
  const t = r.params;
  const d: Record<string, unknown> = {
    allowed_entity_aliases: r.allowedEntityAliases,
    allowed_policies: r.allowedPolicies,
    allowed_policies_glob: r.allowedPoliciesGlob,
    disallowed_policies: r.disallowedPolicies,
    disallowed_policies_glob: r.disallowedPoliciesGlob,
    explicit_max_ttl: r.explicitMaxTtl,
    name: r.name,
    orphan: r.orphan,
    path_suffix: r.pathSuffix,
    period: r.period,
    renewable: r.renewable,
    token_explicit_max_ttl: t.tokenExplicitMaxTtl,
    token_no_default_policy: t.tokenNoDefaultPolicy,
    token_period: t.tokenPeriod,
    token_type: t.tokenType,
  };
  if (t.tokenBoundCidrs.length > 0) d.token_bound_cidrs = [...t.tokenBoundCidrs];
  if (len(r.boundCidrs) > 0) d.bound_cidrs = [...r.boundCidrs!];
  if (t.tokenNumUses > 0) d.token_num_uses = t.tokenNumUses;
  return Object.fromEntries(Object.keys(d).sort(goStringCompare).map((k) => [k, d[k]]));
}

// --- create against a role (handleCreateCommon) ---

/** Whether the role takes over the policy decision (any of the four lists set). */
export function roleDecidesPolicies(r: TokenRole): boolean {
  return len(r.allowedPolicies) > 0 || len(r.disallowedPolicies) > 0 || len(r.allowedPoliciesGlob) > 0 || len(r.disallowedPoliciesGlob) > 0;
}

/**
 * The role branch of handleCreateCommon's policy switch: the token's policies before the common
 * no_default_policy / non-assignable / root checks. `requested` is the request's raw list.
 */
export function rolePolicies(r: TokenRole, requested: readonly string[], noDefaultPolicy: boolean, parentPolicies: readonly string[]): string[] {
  const addDefault = !noDefaultPolicy && !r.params.tokenNoDefaultPolicy &&
    !contains(r.disallowedPolicies, 'default') && !containsGlob(r.disallowedPoliciesGlob, 'default');
  let final: string[] = requested.length > 0 ? sanitizePolicies(requested, addDefault) : [];
  if (len(r.allowedPolicies) > 0 || len(r.allowedPoliciesGlob) > 0) {
    // "default" is added to the allowed set, never stripped from it: a role that both allows and
    // disallows it fails below.
    const allowedSet = sanitizePolicies(r.allowedPolicies ?? [], addDefault);
    if (final.length === 0) {
      final = allowedSet;
    } else {
      const globs = sanitizePolicies(r.allowedPoliciesGlob ?? [], false);
      for (const p of final) {
        if (!allowedSet.includes(p) && !containsGlob(globs, p)) {
          throw new VaultError(400, errAuthRolePoliciesNotSubset(final, allowedSet, globs));
        }
      }
    }
  } else if (final.length === 0) {
    final = sanitizePolicies(parentPolicies, addDefault);
  }
  if (len(r.disallowedPolicies) > 0 || len(r.disallowedPoliciesGlob) > 0) {
    // Only an explicitly listed "default" is refused (none is added to these lists).
    const refused = removeDuplicatesLower(r.disallowedPolicies ?? []);
    const refusedGlobs = removeDuplicatesLower(r.disallowedPoliciesGlob ?? []);
    for (const p of final) {
      if (refused.includes(p) || containsGlob(refusedGlobs, p)) throw new VaultError(400, errAuthRolePolicyDisallowed(p));
    }
  }
  return final;
}
