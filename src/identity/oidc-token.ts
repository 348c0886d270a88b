// The payload and signature of an identity token (V vault/identity_store_oidc.go
// pathOIDCGenerateToken, generatePayload, signPayload) and the role template checks of
// pathOIDCCreateUpdateRole: the template is rendered in JSON mode (identitytpl) with the entity and
// its groups, merged over the base claims minus the reserved ones; claims are written with their
// keys sorted, as Go marshals a map.
import { populateString, TemplateError } from '../auth/acl-templating.js';
import { errOidcParsingTemplate, errOidcParsingTemplateJson, errOidcTopLevelKey, warnOidcTtlCapped } from '../errors/identity.js';
import { VaultError } from '../errors/vault-error.js';
import { goBase64StdDecode, goStringCompare } from '../go/strings.js';
import { signJws } from './oidc-keys.js';
import type { NamedKey, OidcStore, Role } from './oidc-store.js';
import type { Entity } from './types.js';

const RESERVED = ['iat', 'aud', 'exp', 'iss', 'sub', 'namespace', 'nonce', 'auth_time', 'at_hash', 'c_hash'];

/** Go's json.Marshal of a map: keys sorted at every depth. */
export function sortDeep(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortDeep);
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return Object.fromEntries(Object.keys(o).sort(goStringCompare).map((k) => [k, sortDeep(o[k])]));
  }
  return v;
}

/** Go's json.Unmarshal into map[string]interface{}: the error texts of the common cases. */
function goJsonObject(text: string): Record<string, unknown> | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    const t = text.trim();
    if (t === '') throw new Error('unexpected end of JSON input');
    throw new Error(`invalid character '${t[0]}' looking for beginning of value`);
  }
  if (parsed === null) return null;
  if (typeof parsed !== 'object' || Array.isArray(parsed)) {
    const kind = Array.isArray(parsed) ? 'array' : typeof parsed === 'boolean' ? 'bool' : typeof parsed;
    throw new Error(`json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`);
  }
  return parsed as Record<string, unknown>;
}

/** pathOIDCCreateUpdateRole's template handling: base64 decoded, test-rendered with no groups, checked. */
export function parseRoleTemplate(input: string, nowMs: number): string {
  const decoded = goBase64StdDecode(input);
  const template = decoded !== undefined ? decoded.toString('utf8') : input;
  if (template === '') return '';
  let rendered: string;
  try {
    rendered = populateString(template, { entity: { id: '', name: '', metadata: {}, aliases: [] }, nowMs }, 'json');
  } catch (e) {
    if (e instanceof TemplateError) throw new VaultError(400, errOidcParsingTemplate(e.message));
    throw e;
  }
  let obj: Record<string, unknown> | null;
  try {
    obj = goJsonObject(rendered);
  } catch (e) {
    throw new VaultError(400, errOidcParsingTemplateJson((e as Error).message));
  }
  for (const k of Object.keys(obj ?? {})) if (RESERVED.includes(k)) throw new VaultError(400, errOidcTopLevelKey(k));
  return template;
}

export function buildIdToken(oidc: OidcStore, key: NamedKey, role: Role, entity: Entity, issuer: string): { token: string; warnings: string[] } {
  const now = oidc.identity.now();
  const iat = Math.floor(now / 1000);
  const warnings: string[] = [];
  let ttl = role.ttl;
  if (ttl > key.verificationTtl) {
    ttl = key.verificationTtl;
    warnings.push(warnOidcTtlCapped(BigInt(ttl) * 1_000_000_000n));
  }
  const claims: Record<string, unknown> = { aud: role.clientId, exp: iat + ttl, iat, iss: issuer, namespace: 'root', sub: entity.id };
  if (role.template !== '') {
    try {
      const rendered = populateString(role.template, {
        entity: oidc.identity.templateEntity(entity), groups: oidc.identity.templateGroups(entity), nowMs: now,
      }, 'json');
      const extra = goJsonObject(rendered) ?? {};
      for (const [k, v] of Object.entries(extra)) if (!RESERVED.includes(k)) claims[k] = v;
    } catch {
      // Vault only logs a template that fails at this stage; the token keeps its base claims.
    }
  }
  return { token: signJws(key.signingKey!, JSON.stringify(sortDeep(claims))), warnings };
}
