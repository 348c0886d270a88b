// A fake Kubernetes API server for tests of the Kubernetes auth method (and of code that logs in
// with it): HTTPS on 127.0.0.1 with a throw-away CA (src/x509/dev-certs.ts), serving what Vault's
// plugin calls (vault-plugin-auth-kubernetes token_review.go, namespace_validator.go,
// service_account_getter.go): `POST /apis/authentication.k8s.io/v1/tokenreviews`,
// `GET /api/v1/namespaces/:ns` and `GET /api/v1/namespaces/:ns/serviceaccounts/:name`. It also
// issues service account tokens signed with its own key (projected or legacy claims), the way
// the kubelet would, and records every request so tests can check what Vault sent.
import { createPrivateKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { createTlsCa } from '../x509/dev-certs.js';

export interface FakeServiceAccount {
  name: string;
  namespace: string;
  uid: string;
  /** Annotations served on the service account object. */
  annotations?: Record<string, string>;
}

export interface IssueOptions {
  /** `aud` of the token (default ["https://kubernetes.default.svc.cluster.local"]). */
  audiences?: string[];
  /** Lifetime in seconds (default 3600). */
  ttlSeconds?: number;
  /** Legacy secret-based claims (`kubernetes.io/serviceaccount/*`) instead of a projected token. */
  legacy?: boolean;
  /** Extra or overriding claims. */
  claims?: Record<string, unknown>;
  /** Issue the token without registering it with the review endpoint (a token the server rejects). */
  unknown?: boolean;
}

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

export interface FakeKubeApiServerOptions {
  /** The bearer token TokenReview and lookups require (Vault's token_reviewer_jwt); unset = any bearer. */
  reviewerToken?: string;
  /** Namespace name → labels, for namespace selectors. */
  namespaces?: Record<string, Record<string, string>>;
  /** Time source for issued tokens (default Date.now); pass a test vault's clock. */
  now?: () => number;
  /** Issuer of the tokens it signs. */
  issuer?: string;
}

export interface FakeKubeApiServer {
  /** `https://127.0.0.1:<port>`: Vault's kubernetes_host. */
  readonly url: string;
  /** The CA that signed the server certificate: Vault's kubernetes_ca_cert. */
  readonly caCertPem: string;
  /** Public key of the token signer (PEM): Vault's pem_keys. */
  readonly signerPublicKeyPem: string;
  /** Every request received, oldest first. */
  readonly requests: RecordedRequest[];
  /** A signed service account token the review endpoint accepts (unless `unknown`). */
  issueToken(sa: FakeServiceAccount, options?: IssueOptions): string;
  /** Accept an arbitrary token as this service account (valid for `audiences`). */
  accept(token: string, sa: FakeServiceAccount, audiences?: string[]): void;
  /** Stop accepting a token (as when its service account is deleted). */
  revoke(token: string): void;
  setNamespaceLabels(namespace: string, labels: Record<string, string>): void;
  close(): Promise<void>;
}

const DEFAULT_AUDIENCE = 'https://kubernetes.default.svc.cluster.local';

function statusBody(code: number, reason: string, message: string): string {
  return JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Starts the fake on a free loopback port. */
export async function startFakeKubeApiServer(options: FakeKubeApiServerOptions = {}): Promise<FakeKubeApiServer> {
  const ca = createTlsCa('fake kube-apiserver CA');
  const leaf = ca.issue({ commonName: 'kube-apiserver', dnsNames: ['localhost', 'kubernetes.default.svc'], ipAddresses: ['127.0.0.1'] });
  const signer = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const signingKey: KeyObject = createPrivateKey(signer.privateKey.export({ type: 'pkcs8', format: 'pem' }));
  const now = options.now ?? Date.now;
  const issuer = options.issuer ?? DEFAULT_AUDIENCE;
  const accepted = new Map<string, { sa: FakeServiceAccount; audiences: string[] }>();
  const accounts = new Map<string, FakeServiceAccount>();
  const namespaces = new Map(Object.entries(options.namespaces ?? {}));
  const requests: RecordedRequest[] = [];

  const authorized = (header: string | undefined): boolean => {
    const bearer = header?.startsWith('Bearer ') ? header.slice(7) : undefined;
    if (bearer === undefined || bearer === '') return false;
    return options.reviewerToken === undefined || bearer === options.reviewerToken;
  };

  const review = (body: string): unknown => {
    let spec: { token?: unknown; audiences?: unknown } = {};
    try {
      spec = (JSON.parse(body) as { spec?: typeof spec }).spec ?? {};
    } catch {
      return undefined;
    }
    const wanted = Array.isArray(spec.audiences) ? spec.audiences.filter((a): a is string => typeof a === 'string') : [];
    const base = { kind: 'TokenReview', apiVersion: 'authentication.k8s.io/v1', metadata: { creationTimestamp: null }, spec };
    const hit = typeof spec.token === 'string' ? accepted.get(spec.token) : undefined;
    if (hit === undefined) {
      return { ...base, status: { user: {}, error: '[invalid bearer token, token lookup failed]' } };
    }
    const audiences = wanted.length === 0 ? hit.audiences : wanted.filter((a) => hit.audiences.includes(a));
    if (wanted.length > 0 && audiences.length === 0) {
      return { ...base, status: { user: {}, error: `[invalid bearer token, token audiences ${JSON.stringify(hit.audiences)} is invalid for the target audiences ${JSON.stringify(wanted)}]` } };
    }
    const user = {
      username: `system:serviceaccount:${hit.sa.namespace}:${hit.sa.name}`, uid: hit.sa.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${hit.sa.namespace}`, 'system:authenticated'],
    };
    return { ...base, status: { authenticated: true, user, audiences } };
  };

  const server: Server = createServer({ key: leaf.keyPem, cert: leaf.certPem }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const path = (req.url ?? '/').split('?')[0]!;
      requests.push({ method: req.method ?? '', path, headers: { ...req.headers }, body });
      const send = (code: number, text: string) => {
        res.writeHead(code, { 'content-type': 'application/json' });
        res.end(text);
      };
      if (!authorized(req.headers.authorization)) return send(401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      if (req.method === 'POST' && path === '/apis/authentication.k8s.io/v1/tokenreviews') {
        const answer = review(body);
        return answer === undefined ? send(400, statusBody(400, 'BadRequest', 'the body of the request was in an unknown format')) : send(201, JSON.stringify(answer));
      }
      const ns = /^\/api\/v1\/namespaces\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && ns) {
        const labels = namespaces.get(ns[1]!);
        if (labels === undefined) return send(404, statusBody(404, 'NotFound', `namespaces "${ns[1]}" not found`));
        return send(200, JSON.stringify({ kind: 'Namespace', apiVersion: 'v1', metadata: { name: ns[1], labels } }));
      }
      const sa = /^\/api\/v1\/namespaces\/([^/]+)\/serviceaccounts\/([^/]+)$/.exec(path);
      if (req.method === 'GET' && sa) {
        const found = accounts.get(`${sa[1]}/${sa[2]}`);
        if (found === undefined) return send(404, statusBody(404, 'NotFound', `serviceaccounts "${sa[2]}" not found`));
        return send(200, JSON.stringify({
          kind: 'ServiceAccount', apiVersion: 'v1',
          metadata: { name: found.name, namespace: found.namespace, uid: found.uid, annotations: found.annotations ?? {} },
        }));
      }
      return send(404, statusBody(404, 'NotFound', 'the server could not find the requested resource'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const accept = (token: string, sa: FakeServiceAccount, audiences: string[] = [DEFAULT_AUDIENCE]) => {
    accepted.set(token, { sa: { ...sa }, audiences: [...audiences] });
    accounts.set(`${sa.namespace}/${sa.name}`, { ...sa });
  };

  return {
    url: `https://127.0.0.1:${port}`,
    caCertPem: ca.certPem,
    signerPublicKeyPem: signer.publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    requests,
    issueToken(sa, o = {}) {
      const iat = Math.floor(now() / 1000);
      const audiences = o.audiences ?? [DEFAULT_AUDIENCE];
      const claims: Record<string, unknown> = o.legacy
        ? {
          iss: 'kubernetes/serviceaccount', sub: `system:serviceaccount:${sa.namespace}:${sa.name}`,
          'kubernetes.io/serviceaccount/namespace': sa.namespace, 'kubernetes.io/serviceaccount/secret.name': `${sa.name}-token`,
          'kubernetes.io/serviceaccount/service-account.name': sa.name, 'kubernetes.io/serviceaccount/service-account.uid': sa.uid,
        }
        : {
          aud: audiences, exp: iat + (o.ttlSeconds ?? 3600), iat, nbf: iat, iss: issuer,
          'kubernetes.io': { namespace: sa.namespace, serviceaccount: { name: sa.name, uid: sa.uid } },
          sub: `system:serviceaccount:${sa.namespace}:${sa.name}`,
        };
      Object.assign(claims, o.claims ?? {});
      const input = `${b64({ alg: 'ES256', kid: 'fake' })}.${b64(claims)}`;
      const sig = sign('sha256', Buffer.from(input), { key: signingKey, dsaEncoding: 'ieee-p1363' }).toString('base64url');
      const token = `${input}.${sig}`;
      if (!o.unknown) accept(token, sa, audiences);
      return token;
    },
    accept,
    revoke(token) {
      accepted.delete(token);
    },
    setNamespaceLabels(namespace, labels) {
      namespaces.set(namespace, { ...labels });
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
