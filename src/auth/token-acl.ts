// The ACL a token's requests are checked against (vault/request_handling.go
// fetchACLTokenEntryAndEntity, vault/policy_store.go ACL): its named policies (cached per policy
// set by the policy store), an inline policy when it has one, and for a token with an entity its
// identity policies and its templated paths rendered for that entity, rebuilt only when the
// policies, the identity data or the second (for time.now templates) change.
import { ACL } from './acl.js';
import { parsePolicy } from './policy.js';
import type { PolicyStore } from './policy-store.js';
import type { IdentityHook } from './token-identity.js';
import type { TokenEntry } from './token-entry.js';
import type { Clock } from '../util/clock.js';

const ENTITY_ACL_LIMIT = 1024;

export class TokenAcls {
  /** The last ACL built for each entity, with what it was built from. */
  readonly #entityAcls = new Map<string, { key: string; acl: ACL }>();

  constructor(
    private readonly policies: PolicyStore,
    private readonly clock: Clock,
    private readonly identity: () => IdentityHook | undefined,
  ) {}

  /**
   * The ACL for a token's policies (cached per policy set by the policy store). A token with an
   * entity also gets its identity policies, computed now from the identity data, and its templated
   * paths rendered for its entity (request_handling.go fetchACLTokenEntryAndEntity, policy_store.go ACL).
   */
  async aclFor(entry: TokenEntry): Promise<ACL> {
    const identity = this.identity();
    // An inline policy joins the named ones (policy_store.go ACL with te.InlinePolicy).
    if (entry.inlinePolicy !== undefined) {
      return new ACL([...(await Promise.all(entry.policies.map((n) => this.policies.get(n)))), parsePolicy(entry.inlinePolicy)]);
    }
    if (entry.entityId === '' || entry.noIdentityPolicies || !identity || identity.denied(entry.entityId)) return this.policies.acl(entry.policies);
    // Rebuilt only when the policies, the identity data or the second (time.now templates) changed.
    const key = `${entry.policies.join('\n')}\0${this.policies.generation}\0${identity.version()}\0${Math.floor(this.clock.now() / 1000)}`;
    const cached = this.#entityAcls.get(entry.entityId);
    if (cached?.key === key) return cached.acl;
    const view = identity.view(entry.entityId);
    if (view.state !== 'ok') return this.policies.acl(entry.policies);
    const names = [...new Set([...entry.policies, ...view.identityPolicies].map((p) => p.trim().toLowerCase()).filter((p) => p !== ''))];
    const acl = names.includes('root') ? ACL.root() : new ACL(await Promise.all(names.map((n) => this.policies.get(n))), view.template);
    if (this.#entityAcls.size >= ENTITY_ACL_LIMIT) this.#entityAcls.clear();
    this.#entityAcls.set(entry.entityId, { key, acl });
    return acl;
  }

  /** The identity policies of a token's entity as token lookup shows them, or undefined. */
  identityPoliciesOf(entry: TokenEntry): string[] | undefined {
    const view = entry.entityId === '' || entry.noIdentityPolicies ? undefined : this.identity()?.view(entry.entityId);
    return view?.state === 'ok' && view.identityPolicies.length > 0 ? view.identityPolicies : undefined;
  }

}
