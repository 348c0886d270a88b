// `login` of the Kubernetes auth method (K8S path_login.go pathLogin, getFieldValueStr,
// parseAndValidateJWT, serviceAccount, getAliasName, lookup, pathLoginRenew). Order as the plugin
// runs it: role and jwt present, role, bound CIDRs, config, JWT (signature when pem_keys, alg,
// iss, aud, time claims), service account name and namespace (list, then the selector), alias
// name, TokenReview, annotations. Every TokenReview failure answers a bare 403; neither the login
// JWT nor the reviewer JWT ever appears in an error.
import { ERR_PERMISSION_DENIED } from '../../errors/core.js';
import {
  ERR_K8S_ALIAS_NS_NAME, ERR_K8S_MISSING_JWT, ERR_K8S_MISSING_ROLE, ERR_K8S_NAMES_MISMATCH, ERR_K8S_NAMESPACE_NOT_AUTHORIZED,
  ERR_K8S_NAMESPACES_MISMATCH, ERR_K8S_NO_CONFIG, ERR_K8S_NO_UID, ERR_K8S_SA_NAME_NOT_AUTHORIZED, ERR_K8S_UIDS_MISMATCH,
  errK8sInvalidRole, errMapstructureDecoding, errMapstructureMap, errMapstructureSlice, errMapstructureString,
} from '../../errors/kubernetes.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import { remoteAddrIsOk } from '../../framework/cidr.js';
import { goKind, goTypeName, goValue } from '../../go/fmt.js';
import { loginAuth, loginDisplayName, tokenAuthFromParams } from '../../framework/token-params.js';
import type { FieldData, FieldSchemas, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import type { Clock } from '../../util/clock.js';
import { loadConfig, parsePublicKeyPem } from './config.js';
import { ClaimError, SignatureError, validateServiceAccountJwt } from './jwt.js';
import { aliasAnnotations, namespaceLabels, ReservedKeysError, tokenReview } from './kube-api.js';
import { ALIAS_SOURCE_NAME, type KubeRole, type RoleStore } from './roles.js';
import { parseNamespaceSelector, selectorMatches } from './selector.js';
import { goGlob } from '../../go/glob.js';

export interface LoginContext {
  readonly storage: Storage;
  readonly roles: RoleStore;
  readonly clock: Clock;
}

/** The service account a token names (serviceAccount; projected claims win over the legacy ones). */
export interface ServiceAccount { name: string; namespace: string; uid: string; secretName: string; audience: string[] }


/** mapstructure.Decode of the claims into serviceAccount (strict types; errors sorted as it prints them). */
function decodeServiceAccount(claims: Readonly<Record<string, unknown>>): ServiceAccount {
  const errs: string[] = [];
  const str = (v: unknown, name: string): string => {
    if (v === undefined || v === null) return '';
    if (typeof v === 'string') return v;
    errs.push(errMapstructureString(name, 'string', goTypeName(v, 'float64'), goValue(v)));
    return '';
  };
  const legacy = 'kubernetes.io/serviceaccount/';
  const sa: ServiceAccount = {
    name: str(claims[`${legacy}service-account.name`], `${legacy}service-account.name`),
    uid: str(claims[`${legacy}service-account.uid`], `${legacy}service-account.uid`),
    secretName: str(claims[`${legacy}secret.name`], `${legacy}secret.name`),
    namespace: str(claims[`${legacy}namespace`], `${legacy}namespace`),
    audience: [],
  };
  const aud = claims.aud;
  if (Array.isArray(aud)) sa.audience = aud.map((a, i) => str(a, `aud[${i}]`));
  else if (aud !== undefined && aud !== null) errs.push(errMapstructureSlice('aud', goKind(aud, 'float64')));
  // A nested struct must come as a map.
  const map = (v: unknown, name: string): Record<string, unknown> | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'object' && !Array.isArray(v)) return v as Record<string, unknown>;
    errs.push(errMapstructureMap(name, goKind(v, 'float64')));
    return undefined;
  };
  const k8s = map(claims['kubernetes.io'], 'kubernetes.io');
  if (k8s !== undefined) {
    sa.namespace = str(k8s.namespace, 'kubernetes.io.namespace');
    map(k8s.pod, 'kubernetes.io.pod');
    const ref = map(k8s.serviceaccount, 'kubernetes.io.serviceaccount');
    if (ref !== undefined) {
      sa.name = str(ref.name, 'kubernetes.io.serviceaccount.name');
      sa.uid = str(ref.uid, 'kubernetes.io.serviceaccount.uid');
    }
  }
  if (errs.length > 0) throw new GoError(500, errMapstructureDecoding(errs));
  return sa;
}

/** ryanuber/go-glob Glob (strutil.StrListContainsGlob below). */
export const globMatch = goGlob;
const listGlob = (patterns: readonly string[], s: string) => patterns.some((p) => globMatch(p, s));

async function checkBindings(role: KubeRole, sa: ServiceAccount, selectorLabels: (ns: string) => Promise<Record<string, string>>): Promise<void> {
  const names = role.names ?? [];
  if ((names.length > 1 || names[0] !== '*') && !listGlob(names, sa.name)) throw new VaultError(403, ERR_K8S_SA_NAME_NOT_AUTHORIZED);
  const namespaces = role.namespaces ?? [];
  let allowed = namespaces.length > 0 && (namespaces[0] === '*' || listGlob(namespaces, sa.namespace));
  let err: string | undefined;
  if (!allowed && role.namespaceSelector !== '') {
    try {
      allowed = selectorMatches(parseNamespaceSelector(role.namespaceSelector), await selectorLabels(sa.namespace));
    } catch (e) {
      err = (e as Error).message;
    }
  }
  if (!allowed) throw new VaultError(403, err === undefined ? ERR_K8S_NAMESPACE_NOT_AUTHORIZED : `${ERR_K8S_NAMESPACE_NOT_AUTHORIZED} err=${err}`);
}

/** getAliasName: the UID, or `<namespace>/<name>`. */
function aliasName(role: KubeRole, sa: ServiceAccount): string {
  if (role.aliasNameSource === ALIAS_SOURCE_NAME) {
    if (sa.namespace === '' || sa.name === '') throw new GoError(500, ERR_K8S_ALIAS_NS_NAME);
    return `${sa.namespace}/${sa.name}`;
  }
  if (sa.uid === '') throw new GoError(500, ERR_K8S_NO_UID);
  return sa.uid;
}

const FIELDS: FieldSchemas = {
  role: { type: 'string', description: 'Name of the role against which the login is being attempted. This field is required' },
  jwt: { type: 'string', description: 'A signed JWT for authenticating a service account. This field is required.' },
};

async function pathLogin(ctx: LoginContext, req: FrameworkRequest, data: FieldData): Promise<LogicalResponse> {
  const roleName = data.get<string>('role');
  if (roleName === '') throw new VaultError(400, ERR_K8S_MISSING_ROLE);
  const jwt = data.get<string>('jwt');
  if (jwt === '') throw new VaultError(400, ERR_K8S_MISSING_JWT);
  const role = await ctx.roles.get(roleName);
  if (role === undefined) throw new VaultError(400, errK8sInvalidRole(roleName));
  const cidrs = role.token.tokenBoundCidrs;
  if (cidrs.length > 0 && (req.remoteAddress === undefined || !remoteAddrIsOk(req.remoteAddress, cidrs))) {
    throw new GoError(403, ERR_PERMISSION_DENIED);
  }

  let config;
  try {
    config = await loadConfig(ctx.storage);
  } catch (e) {
    throw new GoError(500, (e as Error).message);
  }
  if (config === undefined) throw new GoError(500, ERR_K8S_NO_CONFIG);

  let claims: Record<string, unknown>;
  try {
    claims = validateServiceAccountJwt(jwt, config.pem_keys.map(parsePublicKeyPem), {
      issuer: config.disable_iss_validation ? '' : config.issuer, audience: role.audience, nowMs: ctx.clock.now(),
    });
  } catch (e) {
    if (e instanceof SignatureError) throw new GoError(403, ERR_PERMISSION_DENIED);
    if (e instanceof ClaimError) throw new VaultError(403, e.message);
    throw e;
  }
  const sa = decodeServiceAccount(claims);
  await checkBindings(role, sa, (ns) => namespaceLabels(config, ns));
  const alias = aliasName(role, sa);

  // serviceAccount.lookup: the reviewer's answer must name the same account. The reason is only
  // logged by Vault; the caller learns nothing beyond "permission denied".
  try {
    const r = await tokenReview(config, jwt, role.audience !== '' ? [role.audience] : sa.audience);
    if (r.name !== sa.name) throw new Error(ERR_K8S_NAMES_MISMATCH);
    if (sa.uid === '') throw new Error(ERR_K8S_NO_UID);
    if (r.uid !== sa.uid) throw new Error(ERR_K8S_UIDS_MISMATCH);
    if (r.namespace !== sa.namespace) throw new Error(ERR_K8S_NAMESPACES_MISMATCH);
  } catch {
    throw new GoError(403, ERR_PERMISSION_DENIED);
  }

  let annotations: Record<string, string> = {};
  if (config.use_annotations_as_alias_metadata) {
    try {
      annotations = await aliasAnnotations(config, jwt, sa.namespace, sa.name);
    } catch (e) {
      if (e instanceof ReservedKeysError) throw new VaultError(400, e.message);
      throw new GoError(500, (e as Error).message);
    }
  }
  if (sa.uid === '') throw new GoError(500, ERR_K8S_NO_UID);

  const metadata = {
    role: roleName, service_account_name: sa.name, service_account_namespace: sa.namespace,
    service_account_secret_name: sa.secretName, service_account_uid: sa.uid,
  };
  const t = tokenAuthFromParams(role.token); // tokenutil PopulateTokenAuth
  const who = { displayName: loginDisplayName(req.mountPoint, `${sa.namespace}-${sa.name}`), metadata, aliasName: alias };
  // path_login.go: the alias gets the service account keys (not the role) and the annotations.
  const saKeys: Record<string, string> = { ...metadata };
  delete saKeys.role;
  return { login: { ...loginAuth(who, { ...t }), aliasMetadata: { ...saKeys, ...annotations } } };
}

export function pathLoginSpec(ctx: () => LoginContext): PathSpec {
  return {
    pattern: 'login$',
    fields: FIELDS,
    operations: {
      update: { handler: (req, data) => pathLogin(ctx(), req, data), summary: 'Authenticates Kubernetes service accounts with Vault.' },
    },
    notes: 'no alias lookahead / resolve-role operations',
    helpSynopsis: 'Authenticates Kubernetes service accounts with Vault.',
    helpDescription: 'Authenticate Kubernetes service accounts.',
  };
}
