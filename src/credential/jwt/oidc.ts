// The OIDC browser flow of the JWT/OIDC auth method (JWT path_oidc.go pathOIDC: `oidc/auth_url`,
// `oidc/callback` GET and its form_post POST; authURL, pathCallback, pathCallbackPost, parseMount).
// auth_url answers an empty URL, not an error, for anything past the role lookup (a redirect_uri
// not allowed, an unreachable provider), as the plugin does for an unauthenticated caller. The
// callback takes the pending request out by its state, exchanges the code (or takes the form-posted
// ID token), checks the token, merges the userinfo claims and logs in as JWT login does.
import { ERR_PERMISSION_DENIED } from '../../errors/core.js';
import {
  ERR_JWT_MISSING_REDIRECT_URI, ERR_JWT_MISSING_ROLE, ERR_JWT_NO_CONFIG, ERR_JWT_OIDC_NOT_CONFIGURED, ERR_OIDC_BOUND_SUBJECT,
  ERR_OIDC_CALLBACK_NO_CONFIG, ERR_OIDC_CALLBACK_POST_NO_CONFIG, ERR_OIDC_EXPIRED_STATE, ERR_OIDC_FORM_POST_EXPIRED_STATE,
  ERR_OIDC_FORM_POST_INVALID_REDIRECT, ERR_OIDC_INVALID_CLIENT_NONCE, ERR_OIDC_NO_CODE, ERR_OIDC_ROLE_NOT_FOUND,
  errJwtRoleNotFound, errOidcExchange, errOidcGettingProvider, errOidcTokenVerification,
} from '../../errors/jwt.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import { remoteAddrIsOk } from '../../framework/cidr.js';
import type { FieldData, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { loginFromClaims } from './identity.js';
import { loadConfig, type JwtConfig } from './config.js';
import type { LoginContext } from './login.js';
import { OidcFlowError, OidcProvider, goQueryEscape, goValuesEncode } from './oidc-provider.js';
import { type OidcRequest, type OidcRequests, validRedirect } from './oidc-state.js';

export interface OidcContext extends LoginContext {
  readonly requests: OidcRequests;
  /** backend.go b.provider: made from the config on first use, dropped by a config write. */
  provider: OidcProvider | undefined;
}

/** path_oidc.go noCode: the code the form_post page sends back when the code is in the state. */
const NO_CODE = 'no_code';

/** config.authType() == OIDCFlow: discovery URL plus client credentials. */
const isOidcFlow = (c: JwtConfig) => c.oidc_discovery_url !== '' && c.oidc_client_id !== '' && c.oidc_client_secret !== '';

async function providerFor(ctx: OidcContext, config: JwtConfig): Promise<OidcProvider> {
  if (ctx.provider !== undefined) return ctx.provider;
  const p = await OidcProvider.load(config);
  ctx.provider = p;
  return p;
}

/** authURL: Vault's errors up to the role lookup, then `{"auth_url": ""}` for every other failure. */
async function authUrl(ctx: OidcContext, data: FieldData): Promise<LogicalResponse> {
  const empty: LogicalResponse = { data: { auth_url: '' } };
  const config = await loadConfig(ctx.storage);
  if (config === undefined) throw new VaultError(400, ERR_JWT_NO_CONFIG);
  if (!isOidcFlow(config)) throw new VaultError(400, ERR_JWT_OIDC_NOT_CONFIGURED);
  const roleName = data.get<string>('role') || config.default_role;
  if (roleName === '') throw new VaultError(400, ERR_JWT_MISSING_ROLE);
  let redirectUri = data.get<string>('redirect_uri');
  if (redirectUri === '') throw new VaultError(400, ERR_JWT_MISSING_REDIRECT_URI);
  const clientNonce = data.get<string>('client_nonce');
  const role = await ctx.roles.get(roleName);
  if (role === undefined) throw new VaultError(400, errJwtRoleNotFound(roleName));

  let namespace = '';
  if (config.namespace_in_state) {
    let u: URL;
    try {
      u = new URL(redirectUri);
    } catch {
      return empty;
    }
    namespace = u.searchParams.get('namespace') ?? '';
    if (namespace !== '') {
      u.searchParams.delete('namespace');
      const rest: Record<string, string> = {};
      for (const [k, v] of u.searchParams) rest[k] ??= v;
      u.search = goValuesEncode(rest);
      redirectUri = u.href;
    }
  }
  if (!validRedirect(redirectUri, role.allowedRedirectUris ?? [])) return empty; // the plugin logs "unauthorized redirect_uri"
  if (config.oidc_response_mode === 'form_post') redirectUri = redirectUri.replace('ui/vault', 'v1');

  let provider: OidcProvider;
  try {
    provider = await providerFor(ctx, config);
  } catch {
    return empty; // logged: "error getting provider for login operation"
  }
  const req = ctx.requests.create({
    redirectUri, scopes: [...(role.oidcScopes ?? [])], audiences: [...(role.boundAudiences ?? [])], maxAge: role.maxAge,
    implicit: config.oidc_response_types.includes('id_token'), roleName, clientNonce,
  });
  let url = provider.authUrl(req);
  if (config.namespace_in_state && namespace !== '') {
    url = url.replace(req.state, goQueryEscape(`${req.state},ns=${namespace}`));
  }
  return { data: { auth_url: url } };
}

/** The ID token's claims (exchanged for the code, or form-posted) for a pending request. */
async function idTokenClaims(ctx: OidcContext, provider: OidcProvider, req: OidcRequest, code: string): Promise<{ claims: Record<string, unknown>; accessToken: string }> {
  const now = ctx.clock.now();
  if (code === '') {
    if (req.idToken === '') throw new VaultError(400, ERR_OIDC_NO_CODE);
    try {
      return { claims: await provider.verifyIdToken(req.idToken, req, now), accessToken: '' };
    } catch (e) {
      if (e instanceof OidcFlowError) throw new VaultError(400, errOidcTokenVerification(e.message));
      throw e;
    }
  }
  try {
    const t = await provider.exchange(req, code, now);
    return { claims: t.claims, accessToken: t.accessToken };
  } catch (e) {
    if (e instanceof OidcFlowError) throw new VaultError(400, errOidcExchange(e.message));
    throw e;
  }
}

/** pathCallback (GET): the login that finishes the flow. */
async function callback(ctx: OidcContext, req: FrameworkRequest, data: FieldData): Promise<LogicalResponse> {
  const config = await loadConfig(ctx.storage);
  if (config === undefined) throw new VaultError(400, ERR_OIDC_CALLBACK_NO_CONFIG);
  const pending = ctx.requests.take(data.get<string>('state'));
  if (pending === undefined) throw new VaultError(400, ERR_OIDC_EXPIRED_STATE);
  if (pending.clientNonce !== '' && data.get<string>('client_nonce') !== pending.clientNonce) throw new VaultError(400, ERR_OIDC_INVALID_CLIENT_NONCE);
  const roleName = pending.roleName;
  const role = await ctx.roles.get(roleName);
  if (role === undefined) throw new VaultError(400, ERR_OIDC_ROLE_NOT_FOUND);
  const cidrs = role.token.tokenBoundCidrs;
  if (cidrs.length > 0 && (req.remoteAddress === undefined || !remoteAddrIsOk(req.remoteAddress, cidrs))) {
    throw new GoError(403, ERR_PERMISSION_DENIED);
  }
  let provider: OidcProvider;
  try {
    provider = await providerFor(ctx, config);
  } catch (e) {
    throw new GoError(500, errOidcGettingProvider((e as Error).message));
  }
  let code = data.get<string>('code');
  if (code === NO_CODE) code = pending.code;
  const { claims, accessToken } = await idTokenClaims(ctx, provider, pending, code);
  delete claims.nonce;
  const subject = typeof claims.sub === 'string' ? claims.sub : '';
  if (role.boundSubject !== '' && role.boundSubject !== subject) throw new GoError(500, ERR_OIDC_BOUND_SUBJECT);
  if (accessToken !== '') Object.assign(claims, (await provider.userInfo(accessToken, subject)) ?? {});

  return { login: loginFromClaims(claims, role, roleName, req.mountPoint) };
}

/** path_oidc.go parseMount: the segment after `v1/auth/` in the redirect URI. */
function parseMount(redirectUri: string): string {
  const parts = redirectUri.split('/');
  for (let i = 0; i + 2 < parts.length; i++) if (parts[i] === 'v1' && parts[i + 1] === 'auth') return parts[i + 2]!;
  return '';
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** pathCallbackPost: the provider's form_post stored into the pending request; a page sends the browser on. */
async function callbackPost(ctx: OidcContext, data: FieldData): Promise<LogicalResponse> {
  const config = await loadConfig(ctx.storage);
  if (config === undefined) throw new VaultError(400, ERR_OIDC_CALLBACK_POST_NO_CONFIG);
  if (config.oidc_response_mode !== 'form_post') return { status: 405 };
  const state = data.get<string>('state');
  const pending = ctx.requests.amend(state, data.get<string>('code'), data.get<string>('id_token'));
  const page = (title: string, text: string) => `<!DOCTYPE html><html><head><title>${title}</title></head><body><p>${escapeHtml(text)}</p></body></html>`;
  if (pending === undefined) return { status: 400, raw: { body: page('Vault login failed', `Vault login failed. ${ERR_OIDC_FORM_POST_EXPIRED_STATE}`) } };
  const mount = parseMount(pending.redirectUri);
  if (mount === '') return { status: 400, raw: { body: page('Vault login failed', `Vault login failed. ${ERR_OIDC_FORM_POST_INVALID_REDIRECT}`) } };
  const next = `/v1/auth/${mount}/oidc/callback?${goValuesEncode({ code: NO_CODE, state })}`;
  return { status: 200, raw: { body: `<!DOCTYPE html><html><head><meta http-equiv="refresh" content="0;url=${escapeHtml(next)}"></head><body></body></html>` } };
}

export function pathOidc(ctx: () => OidcContext): PathSpec[] {
  return [
    {
      pattern: 'oidc/callback',
      fields: {
        state: { type: 'string', query: true },
        code: { type: 'string', query: true },
        id_token: { type: 'string' },
        client_nonce: { type: 'string', query: true },
      },
      operations: {
        read: { handler: (req, data) => callback(ctx(), req, data), summary: 'Callback endpoint to complete an OIDC login.' },
        update: {
          handler: (_req, data) => callbackPost(ctx(), data),
          summary: 'Callback endpoint to handle form_posts.',
          notes: 'the HTML page is sent as a JSON string (minivault answers JSON only) and is minivault\'s own, not the plugin\'s markup',
        },
      },
      notes: 'pending requests live in memory on the vault clock (10 minutes), as the plugin keeps them; no Google Workspace or Azure group lookups',
    },
    {
      pattern: 'oidc/auth_url',
      fields: {
        role: { type: 'lowercase_string', description: 'The role to issue an OIDC authorization URL against.' },
        redirect_uri: { type: 'string', description: 'The OAuth redirect_uri to use in the authorization URL.' },
        client_nonce: { type: 'string', description: 'Optional client-provided nonce that must match during callback, if present.' },
      },
      operations: {
        update: { handler: (_req, data) => authUrl(ctx(), data), summary: 'Request an authorization URL to start an OIDC login flow.' },
      },
    },
  ];
}
