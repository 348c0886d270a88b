// Vault's policy store (V vault/policy_store.go): named ACL policies kept in storage as
// `{"Version":2,"Raw":...,"Type":0}` under a prefix (Vault: `sys/policy/`), names lower-cased and
// trimmed, `default` and `response-wrapping` written on first use, `root` never stored but always
// present. Each policy is parsed and compiled once when written or first loaded; ACLs are cached
// per policy set and dropped whenever any policy changes.
import {
  ERR_AUTH_CANNOT_DELETE_DEFAULT, errAuthCannotDeletePolicy, errAuthCannotUpdatePolicy, errAuthPolicyParse,
  errAuthStoredPolicyCorrupt,
} from '../errors/auth.js';
import { VaultError } from '../errors/vault-error.js';
import type { Storage } from '../storage/types.js';
import { ACL } from './acl.js';
import {
  DEFAULT_POLICY, DEFAULT_POLICY_NAME, IMMUTABLE_POLICIES, NON_ASSIGNABLE_POLICIES, RESPONSE_WRAPPING_POLICY,
  RESPONSE_WRAPPING_POLICY_NAME, ROOT_POLICY_NAME,
} from './builtin-policies.js';
import type { HclLimits } from './hcl.js';
import { parsePolicy, type Policy } from './policy.js';
import { goStringCompare } from '../go/strings.js';

export interface PolicyStoreOptions {
  /** Where policies live (in production a barrier view). */
  storage: Storage;
  /** Key prefix inside `storage`; default `policy/`. */
  prefix?: string;
  /** Bounds on the policy parser's work. */
  limits?: HclLimits;
}

const ROOT_POLICY: Policy = { name: ROOT_POLICY_NAME, raw: '', paths: [], templated: false };
const MAX_CACHED_ACLS = 1024;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** Vault's sanitizeName: policy names are case-insensitive and trimmed. */
export function normalizePolicyName(name: string): string {
  return name.trim().toLowerCase();
}

export class PolicyStore {
  readonly #storage: Storage;
  readonly #prefix: string;
  readonly #limits: HclLimits | undefined;
  readonly #policies = new Map<string, Policy>();
  readonly #acls = new Map<string, ACL>();
  /** Token entries are shared frozen decodings, so the same policies array comes back per token. */
  readonly #aclsByList = new WeakMap<readonly string[], { generation: number; acl: ACL }>();
  #builtins: Promise<void> | undefined;
  #generation = 0;

  constructor(opts: PolicyStoreOptions) {
    this.#storage = opts.storage;
    this.#prefix = opts.prefix ?? 'policy/';
    this.#limits = opts.limits;
  }

  /** Bumped on every write or delete; cached ACLs of older generations are stale. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * Writes `default` if it is absent and (re)writes `response-wrapping`, as Vault does on unseal.
   * Every other method calls it first, so calling it explicitly is optional.
   */
  setup(): Promise<void> {
    this.#builtins ??= this.#writeBuiltins().catch((e: unknown) => {
      this.#builtins = undefined;
      throw e;
    });
    return this.#builtins;
  }

  /** The compiled policy, or undefined. `root` always exists (with no rules: the ACL treats it specially). */
  async get(name: string): Promise<Policy | undefined> {
    await this.setup();
    return this.#load(normalizePolicyName(name));
  }

  /**
   * Parses, then stores a policy (Vault's handlePoliciesSet order: parse errors first, then the
   * immutable-name check). Throws VaultError(400) with Vault's message on either.
   */
  async put(name: string, raw: string): Promise<Policy> {
    await this.setup();
    const policy = parsePolicy(raw, normalizePolicyName(name), this.#limits);
    if (IMMUTABLE_POLICIES.includes(policy.name)) throw new VaultError(400, errAuthCannotUpdatePolicy(policy.name));
    await this.#write(policy);
    return policy;
  }

  /** Deletes a policy; absent names succeed. `root`, `default` and the immutable ones refuse. */
  async delete(name: string): Promise<void> {
    await this.setup();
    const n = normalizePolicyName(name);
    if (IMMUTABLE_POLICIES.includes(n)) throw new VaultError(400, errAuthCannotDeletePolicy(n));
    if (n === DEFAULT_POLICY_NAME) throw new VaultError(400, ERR_AUTH_CANNOT_DELETE_DEFAULT);
    await this.#storage.delete(this.#prefix + n);
    this.#policies.delete(n);
    this.#changed();
  }

  /** Stored policy names, sorted, without the non-assignable ones (callers append `root`). */
  async list(): Promise<string[]> {
    await this.setup();
    const names = await this.#collectKeys('');
    return names.filter((n) => !NON_ASSIGNABLE_POLICIES.includes(n)).sort(goStringCompare);
  }

  /** The ACL for a set of policy names (missing names contribute nothing), cached per set. */
  async acl(names: readonly string[]): Promise<ACL> {
    const known = this.#aclsByList.get(names);
    if (known !== undefined && known.generation === this.#generation) return known.acl;
    await this.setup();
    const set = [...new Set(names.map(normalizePolicyName))].sort(goStringCompare);
    const key = set.join('\n');
    const generation = this.#generation;
    let acl = this.#acls.get(key);
    if (acl === undefined) {
      acl = set.includes(ROOT_POLICY_NAME) ? ACL.root() : new ACL(await Promise.all(set.map((n) => this.#load(n))));
      if (generation !== this.#generation) return acl;
      if (this.#acls.size >= MAX_CACHED_ACLS) this.#acls.clear();
      this.#acls.set(key, acl);
    }
    // Only a frozen list can be remembered by identity: nobody can change it afterwards.
    if (Object.isFrozen(names)) this.#aclsByList.set(names, { generation, acl });
    return acl;
  }

  async #load(name: string): Promise<Policy | undefined> {
    if (name === ROOT_POLICY_NAME) return ROOT_POLICY;
    const cached = this.#policies.get(name);
    if (cached) return cached;
    const bytes = await this.#storage.get(this.#prefix + name);
    if (!bytes) return undefined;
    const entry = JSON.parse(decoder.decode(bytes)) as { Raw?: unknown };
    if (typeof entry.Raw !== 'string') throw new VaultError(500, errAuthPolicyParse(errAuthStoredPolicyCorrupt(name)));
    let policy: Policy;
    try {
      policy = parsePolicy(entry.Raw, name, this.#limits);
    } catch (e) {
      throw new VaultError(500, (e as Error).message);
    }
    this.#policies.set(name, policy);
    return policy;
  }

  async #write(policy: Policy): Promise<void> {
    const entry = { Version: 2, Raw: policy.raw, Type: 0 };
    await this.#storage.put(this.#prefix + policy.name, encoder.encode(JSON.stringify(entry)));
    this.#policies.set(policy.name, policy);
    this.#changed();
  }

  #changed(): void {
    this.#generation++;
    this.#acls.clear();
  }

  async #writeBuiltins(): Promise<void> {
    if (!(await this.#storage.get(this.#prefix + DEFAULT_POLICY_NAME))) {
      await this.#write(parsePolicy(DEFAULT_POLICY, DEFAULT_POLICY_NAME));
    }
    const rw = await this.#load(RESPONSE_WRAPPING_POLICY_NAME);
    if (rw?.raw !== RESPONSE_WRAPPING_POLICY) {
      await this.#write(parsePolicy(RESPONSE_WRAPPING_POLICY, RESPONSE_WRAPPING_POLICY_NAME));
    }
  }

  /** Every key under `sub`, recursing into folders (Vault's logical.CollectKeys). */
  async #collectKeys(sub: string): Promise<string[]> {
    const out: string[] = [];
    for (const child of await this.#storage.list(this.#prefix + sub)) {
      if (child.endsWith('/')) out.push(...(await this.#collectKeys(sub + child)));
      else out.push(sub + child);
    }
    return out;
  }
}
