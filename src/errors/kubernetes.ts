// Vault error strings of the Kubernetes auth method (src/credential/kubernetes), each with its
// upstream source. K8S: = hashicorp/vault-plugin-auth-kubernetes at v0.20.0 (what Vault 1.18.1
// bundles); CAP: = hashicorp/cap v0.7.0 (jwt/jwt.go), which the plugin validates tokens with;
// LIB: = a library the plugin links. Error responses (400) unless marked.

import { goQuote } from '../go/strconv.js';

// ---- config (K8S path_config.go pathConfigWrite; backend.go updateTLSConfig) -----------------
export const ERR_K8S_NO_HOST = 'no host provided';
export const ERR_K8S_CA_NO_CERTS = 'The provided CA PEM data contains no valid certificates';
/** K8S path_config.go parsePublicKeyPEM. */
export const ERR_K8S_NO_PUBLIC_KEYS = 'data does not contain any valid RSA or ECDSA public keys';
/** LIB Go crypto/x509 ParseCertificate, when a pem_keys block is neither a PKIX key nor a certificate. */
export const ERR_X509_MALFORMED_CERTIFICATE = 'x509: malformed certificate';
/** K8S path_config.go localCACertPath / localJWTPath. */
export const K8S_LOCAL_CA_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/ca.crt';
export const K8S_LOCAL_JWT_PATH = '/var/run/secrets/kubernetes.io/serviceaccount/token';
/** LIB Go os.ReadFile's *PathError text when the pod's CA file is absent (Vault outside a pod). */
export const errGoOpenNoSuchFile = (path: string) => `open ${path}: no such file or directory`;
/** LIB the same *PathError for other read failures (node's reason in place of Go's errno text). */
export const errGoOpen = (path: string, reason: string) => `open ${path}: ${reason}`;

// ---- role/:name (K8S path_role.go pathRoleCreateUpdate, pathRoleRead) -------------------------
/** fmt "token period of '%q' is greater than the backend's maximum lease TTL of '%q'" over Duration.String(). */
export const errK8sPeriodTooLong = (period: string, max: string) =>
  `token period of '"${period}"' is greater than the backend's maximum lease TTL of '"${max}"'`;
export const ERR_K8S_TTL_OVER_MAX = 'token ttl should not be greater than token max ttl';
export const WARN_K8S_MAX_TTL =
  "max_ttl is greater than the system or backend mount's maximum TTL value; issued tokens' max TTL value will be truncated";
export const ERR_K8S_NAMES_EMPTY = '"bound_service_account_names" can not be empty';
export const ERR_K8S_MIX_STAR = 'can not mix "*" with values';
export const ERR_K8S_NAMESPACES_EMPTY =
  '"bound_service_account_namespaces" can not be empty if "bound_service_account_namespace_selector" is not set';
export const ERR_K8S_INVALID_SELECTOR = 'invalid "bound_service_account_namespace_selector" configured';
/** K8S backend.go errInvalidAliasNameSource. */
export const ERR_K8S_INVALID_ALIAS_SOURCE = 'invalid alias_name_source, must be one of: serviceaccount_uid, serviceaccount_name';

// ---- login (K8S path_login.go pathLogin, getFieldValueStr, parseAndValidateJWT, getAliasName) ---
export const ERR_K8S_MISSING_ROLE = 'missing role';
export const ERR_K8S_MISSING_JWT = 'missing jwt';
export const errK8sInvalidRole = (name: string) => `invalid role name ${goQuote(name)}`;
/** A plain error: 500 on the login path. */
export const ERR_K8S_NO_CONFIG = 'could not load backend configuration';
/** CodedError(403). */
export const ERR_K8S_SA_NAME_NOT_AUTHORIZED = 'service account name not authorized';
/** CodedError(403), with " err=<error>" when the namespace selector lookup failed. */
export const ERR_K8S_NAMESPACE_NOT_AUTHORIZED = 'namespace not authorized';
/** Plain errors (500). */
export const ERR_K8S_NO_UID = 'could not parse UID from claims';
export const ERR_K8S_ALIAS_NS_NAME = 'service account namespace and name must be set';
/**
 * LIB mitchellh/mapstructure v1.5.0 Decode of the claims into the service account struct: one item
 * per field of the wrong type, then Error(): the items sorted under "<n> error(s) decoding:". A
 * plain error (500).
 */
export const errMapstructureString = (claim: string, target: string, goType: string, value: string) =>
  `'${claim}' expected type '${target}', got unconvertible type '${goType}', value: '${value}'`;
export const errMapstructureSlice = (claim: string, kind: string) => `'${claim}': source data must be an array or slice, got ${kind}`;
export const errMapstructureMap = (claim: string, kind: string) => `'${claim}' expected a map, got '${kind}'`;
export const errMapstructureDecoding = (items: readonly string[]) =>
  `${items.length} error(s) decoding:\n\n${[...items].map((e) => `* ${e}`).sort().join('\n')}`;

// CAP jwt/jwt.go validateAll (after the signature; CodedError(403) with the text as is): the same
// library texts the JWT method answers, kept once in errors/jwt.ts.
export {
  ERR_CAP_INVALID_ISSUER, ERR_CAP_INVALID_AUDIENCE, ERR_CAP_NOT_YET_VALID, ERR_CAP_EXPIRED, ERR_CAP_ISSUED_IN_FUTURE,
} from './jwt.js';
/** CAP validateSigningAlgorithm on a token with an empty signature (no pem_keys configured). */
export const ERR_CAP_MUST_BE_SIGNED = 'invalid algorithm (alg) header parameter: token must be signed';

// ---- TokenReview (K8S token_review.go Review; only logged: the login answers 403 permission denied)
export const ERR_K8S_REVIEW_UNAUTHORIZED =
  'lookup failed: service account unauthorized; this could mean it has been deleted or recreated with a new token';
export const errK8sLookupFailed = (e: string) => `lookup failed: ${e}`;
export const ERR_K8S_JWT_NOT_VALID = 'lookup failed: service account jwt not valid';
/** Go's %v of two []string. */
export const errK8sAudienceMismatch = (got: readonly string[], want: readonly string[]) =>
  `lookup failed: service account jwt valid for audience(s) [${got.join(' ')}], but wanted [${want.join(' ')}]`;
export const ERR_K8S_USERNAME_FORMAT = 'lookup failed: unexpected username format';
export const ERR_K8S_NOT_SERVICE_ACCOUNT = 'lookup failed: username returned is not a service account';
/** K8S path_login.go serviceAccount.lookup (the typo is upstream's). */
export const ERR_K8S_NAMES_MISMATCH = 'JWT names did not match';
export const ERR_K8S_UIDS_MISMATCH = 'JWT UIDs did not match';
export const ERR_K8S_NAMESPACES_MISMATCH = 'JWT namepaces did not match';

// ---- calls to the API server (LIB Go net/http Client.Do *url.Error "<Method> \"<url>\": <err>";
// k8s.io/apimachinery errors) ------------------------------------------------------------------
export const errGoHttp = (verb: 'Get' | 'Post', url: string, reason: string) => `${verb} "${url}": ${reason}`;
export const errGoUnsupportedScheme = (scheme: string) => `unsupported protocol scheme "${scheme}"`;
export const ERR_GO_DEADLINE = 'context deadline exceeded';
/** LIB kubeerrors.NewGenericServerResponse for a status outside 200–206 (the review's POST). */
export const errK8sServerResponse = (body: string) => `an error on the server ("${body}") has prevented the request from succeeding (post)`;
/** LIB kubeerrors FromObject of a Status without a message. */
export const errK8sStatusNoMessage = (code: number) => `the server responded with the status code ${code} but did not return more information`;
/** LIB encoding/json on a body that is not JSON (minivault's one text for Go's syntax errors). */
export const ERR_JSON_INVALID = 'invalid character in response';
/** K8S namespace_validator.go / service_account_getter.go: a non-200 body that is not a Status. */
export const errK8sParseErrorStatus = (what: 'namespace' | 'service account', err: string) =>
  `failed to parse error status on ${what} retrieval failure err=${err}`;

// ---- namespace selector (K8S namespace_validator.go makeNsLabelSelector, getNamespaceLabels) ------
export const ERR_K8S_SELECTOR_EMPTY = 'namespace selector is empty';
export const ERR_K8S_SELECTOR_EXPRESSIONS = 'label selector match expressions are not supported';
export const ERR_K8S_NS_LOOKUP_NEEDS_REVIEWER =
  'namespace lookup failed: TokenReviewer JWT needs to be configured to use namespace selectors';
export const errK8sGetNamespace = (code: number, status: string) => `failed to get namespace (code ${code} status ${status})`;

// ---- alias metadata from annotations (K8S service_account_getter.go annotations) -----------------
/** fmt "%w: %s" of errAliasMetadataReservedKeysFound and "keys=%+q" of the keys (an error response, 400). */
export const errK8sReservedAnnotationKeys = (keys: readonly string[]) =>
  `entity alias metadata keys for only internal use found from the client token's associated service account annotations: keys=[${keys.map((k) => JSON.stringify(k)).join(' ')}]`;
/** A plain error (500). */
export const errK8sGetServiceAccount = (code: number, status: string) => `failed to get service account (code ${code} status ${status})`;

// ---- renewal (K8S path_login.go pathLoginRenew; plain Go errors) ------------------------------
export const ERR_K8S_RENEW_NO_ROLE_NAME = 'failed to fetch role_name during renewal';
export const errK8sRenewRoleGone = (name: string) => `role ${name} does not exist during renewal`;
