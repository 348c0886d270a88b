// Identity templates as a backend sees them (V sdk/framework/identity.go ValidateIdentityTemplate,
// PopulateIdentityTemplate). Backends never reach the identity store: core hands each request of
// a token with an entity a renderer (RequestIdentity on the FrameworkRequest) that looks the entity
// and its groups up only when a backend renders a template, and renders in ACL mode
// (sdk/helper/identitytpl, src/auth/acl-templating.ts).

/** What core puts on a request made with a token that has an entity (logical.Request.EntityID). */
export interface RequestIdentity {
  /** The token's entity id; absent when the token has none (root, most tokens of auth/token/create). */
  readonly entityId?: string;
  /**
   * PopulateIdentityTemplate: `tpl` rendered against the entity and its direct and inherited
   * groups. Throws when it cannot be rendered (no such entity, alias, group or value).
   */
  readonly populateIdentityTemplate?: (tpl: string) => string;
}

/**
 * ValidateIdentityTemplate: whether `tpl` holds templating (identitytpl.PopulateString in
 * ValidityCheckOnly mode). Unbalanced braces are an error there, which callers read as "not a
 * template": the string is then used literally.
 */
function isIdentityTemplate(tpl: string): boolean {
  if (tpl === '') return false;
  const pieces = tpl.split('{{');
  if (pieces[0]!.includes('}}') || pieces.length === 1) return false;
  return pieces.slice(1).every((p) => p.split('}}').length === 2);
}

/**
 * The template rendered for the request when `enabled` and it is one and the request has an
 * entity; undefined when rendering fails (callers skip that entry, as Vault's `continue`).
 * Anything else is returned unchanged.
 */
export function renderIdentityTemplate(enabled: boolean, tpl: string, who: RequestIdentity | undefined): string | undefined {
  if (!enabled || !who?.entityId || who.populateIdentityTemplate === undefined || !isIdentityTemplate(tpl)) return tpl;
  try {
    return who.populateIdentityTemplate(tpl);
  } catch {
    return undefined;
  }
}
