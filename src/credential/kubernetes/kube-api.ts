// The plugin's calls to the Kubernetes API server (K8S token_review.go Review, parseResponse;
// namespace_validator.go getNamespaceLabels; service_account_getter.go annotations; helpers.go
// setRequestHeader; backend.go updateTLSConfig). HTTPS trusts exactly `kubernetes_ca_cert` (or
// the pod's CA) when one is set, else the system roots; TLS 1.2 at least. Review failures are
// returned as the plugin logs them; the login answers a bare 403 whatever they say.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import {
  ERR_GO_DEADLINE, ERR_JSON_INVALID, errGoHttp, errGoUnsupportedScheme, errK8sParseErrorStatus, errK8sServerResponse,
  errK8sStatusNoMessage, ERR_K8S_JWT_NOT_VALID, ERR_K8S_NOT_SERVICE_ACCOUNT, ERR_K8S_NS_LOOKUP_NEEDS_REVIEWER, ERR_K8S_REVIEW_UNAUTHORIZED,
  ERR_K8S_USERNAME_FORMAT, errK8sAudienceMismatch, errK8sGetNamespace, errK8sGetServiceAccount, errK8sLookupFailed,
  errK8sReservedAnnotationKeys,
} from '../../errors/kubernetes.js';
import type { KubeConfig } from './config.js';

interface KubeResponse { status: number; body: string }

/** One call with setRequestHeader's headers; a transport failure rejects with Go's `<Method> "<url>": <err>`. */
function kubeCall(config: KubeConfig, method: 'GET' | 'POST', path: string, bearer: string, body?: string): Promise<KubeResponse> {
  const url = `${config.host.replace(/\/$/, '')}${path}`;
  const verb = method === 'GET' ? 'Get' : 'Post';
  return new Promise((resolve, reject) => {
    let parsed: URL | undefined;
    try {
      parsed = new URL(url);
    } catch {
      parsed = undefined;
    }
    const scheme = parsed?.protocol.replace(/:$/, '') ?? '';
    const send = scheme === 'https' ? httpsRequest : scheme === 'http' ? httpRequest : undefined;
    if (parsed === undefined || send === undefined) {
      reject(new Error(errGoHttp(verb, url, errGoUnsupportedScheme(parsed === undefined ? '' : scheme))));
      return;
    }
    const headers: Record<string, string> = {
      Authorization: `Bearer ${bearer}`.trim(), 'Content-Type': 'application/json', Accept: 'application/json',
    };
    if (body !== undefined) headers['Content-Length'] = String(Buffer.byteLength(body));
    const tls = scheme === 'https' ? { minVersion: 'TLSv1.2' as const, ...(config.ca_cert !== '' ? { ca: config.ca_cert } : {}) } : {};
    const req = send(parsed, { method, headers, timeout: 30_000, ...tls }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', (e) => reject(new Error(errGoHttp(verb, url, e.message))));
    });
    req.on('timeout', () => req.destroy(new Error(ERR_GO_DEADLINE)));
    req.on('error', (e) => reject(new Error(errGoHttp(verb, url, e.message))));
    req.end(body);
  });
}

const asObject = (v: unknown): Record<string, unknown> =>
  (v !== null && typeof v === 'object' && !Array.isArray(v) ? v as Record<string, unknown> : {});

/** kubeerrors.FromObject(...).Error() of a Status body: its message (or a generic text). */
function statusText(status: Record<string, unknown>, code: number): string {
  const message = typeof status.message === 'string' ? status.message : '';
  return message !== '' ? message : errK8sStatusNoMessage(code);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

interface ReviewResult { name: string; namespace: string; uid: string }

/** tokenReviewAPI.Review: the reviewed service account, or the reason the review refuses it. */
export async function tokenReview(config: KubeConfig, jwt: string, audiences: readonly string[]): Promise<ReviewResult> {
  const spec: Record<string, unknown> = { token: jwt };
  if (audiences.length > 0) spec.audiences = [...audiences];
  // Go's json.Marshal of an authv1.TokenReview with only Spec set.
  const body = JSON.stringify({ metadata: { creationTimestamp: null }, spec, status: { user: {} } });
  const bearer = config.token_reviewer_jwt !== '' ? config.token_reviewer_jwt : jwt;
  const res = await kubeCall(config, 'POST', '/apis/authentication.k8s.io/v1/tokenreviews', bearer, body);
  const doc = parseJson(res.body);
  if (res.status < 200 || res.status > 206) {
    if (res.status === 401) throw new Error(ERR_K8S_REVIEW_UNAUTHORIZED);
    throw new Error(errK8sServerResponse(res.body.trim()));
  }
  // A body that decodes as a metav1.Status whose status is not Success is an error object.
  const top = asObject(doc);
  if (doc !== undefined && (top.status === undefined || typeof top.status === 'string') && top.status !== 'Success') {
    if (top.code === 401 || top.reason === 'Unauthorized') throw new Error(ERR_K8S_REVIEW_UNAUTHORIZED);
    throw new Error(statusText(top, res.status));
  }
  if (doc === undefined) throw new Error(ERR_JSON_INVALID);
  const status = asObject(top.status);
  if (typeof status.error === 'string' && status.error !== '') throw new Error(errK8sLookupFailed(status.error));
  if (status.authenticated !== true) throw new Error(ERR_K8S_JWT_NOT_VALID);
  const got = Array.isArray(status.audiences) ? status.audiences.filter((a): a is string => typeof a === 'string') : [];
  if (audiences.length > 0 && !audiences.some((a) => got.includes(a))) throw new Error(errK8sAudienceMismatch(got, audiences));
  const user = asObject(status.user);
  const parts = String(user.username ?? '').split(':');
  if (parts.length !== 4) throw new Error(ERR_K8S_USERNAME_FORMAT);
  if (parts[0] !== 'system' || parts[1] !== 'serviceaccount') throw new Error(ERR_K8S_NOT_SERVICE_ACCOUNT);
  return { namespace: parts[2]!, name: parts[3]!, uid: typeof user.uid === 'string' ? user.uid : '' };
}

/** The object's metadata of a GET, or the plugin's error for a non-200 answer. */
async function getObject(config: KubeConfig, path: string, bearer: string, what: 'namespace' | 'service account'): Promise<Record<string, unknown>> {
  const res = await kubeCall(config, 'GET', path, bearer);
  const doc = parseJson(res.body);
  if (res.status !== 200) {
    if (doc === undefined) throw new Error(errK8sParseErrorStatus(what, ERR_JSON_INVALID));
    const st = asObject(doc);
    if (st.status !== 'Success') {
      const text = statusText(st, res.status);
      throw new Error(what === 'namespace' ? errK8sGetNamespace(res.status, text) : errK8sGetServiceAccount(res.status, text));
    }
  }
  return asObject(asObject(doc).metadata);
}

const stringMap = (v: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(asObject(v))) if (typeof x === 'string') out[k] = x;
  return out;
};

/** getNamespaceLabels: needs the reviewer JWT as the bearer. */
export async function namespaceLabels(config: KubeConfig, namespace: string): Promise<Record<string, string>> {
  if (config.token_reviewer_jwt === '') throw new Error(ERR_K8S_NS_LOOKUP_NEEDS_REVIEWER);
  const meta = await getObject(config, `/api/v1/namespaces/${namespace}`, config.token_reviewer_jwt, 'namespace');
  return stringMap(meta.labels);
}

const ANNOTATION_PREFIX = 'vault.hashicorp.com/alias-metadata-';
const RESERVED = ['service_account_uid', 'service_account_name', 'service_account_namespace', 'service_account_secret_name'];

export class ReservedKeysError extends Error {}

/** serviceAccountGetterWrapper.annotations: the alias-metadata annotations, prefix removed. */
export async function aliasAnnotations(config: KubeConfig, jwt: string, namespace: string, name: string): Promise<Record<string, string>> {
  const bearer = config.token_reviewer_jwt !== '' ? config.token_reviewer_jwt : jwt;
  const meta = await getObject(config, `/api/v1/namespaces/${namespace}/serviceaccounts/${name}`, bearer, 'service account');
  const out: Record<string, string> = {};
  const reserved: string[] = [];
  for (const [k, v] of Object.entries(stringMap(meta.annotations))) {
    if (!k.startsWith(ANNOTATION_PREFIX)) continue;
    const key = k.slice(ANNOTATION_PREFIX.length);
    if (RESERVED.includes(key)) reserved.push(key);
    else out[key] = v;
  }
  if (reserved.length > 0) throw new ReservedKeysError(errK8sReservedAnnotationKeys(reserved));
  return out;
}
