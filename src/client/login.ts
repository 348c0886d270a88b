// Logging in with an auth method, as Vault Agent's auto-auth does (command/agentproxyshared/auth/
// approle, userpass (via the CLI handler), jwt, kubernetes): one unauthenticated POST to
// `auth/<mount>/login` (userpass: `login/<username>`) with the method's body, and the answer's
// `auth` block becomes the client's token. Kubernetes and JWT read their token from a file at each
// login, as the agent does (a projected service-account token is rotated by the kubelet), or take
// it from a function. Credentials are never put into an error or an event.
import { readFile } from 'node:fs/promises';
import { errClientBadOption, errClientBadResponse, errClientLoginSource } from '../errors/client.js';
import { VaultClientError } from './errors.js';
import type { VaultTransport } from './transport.js';

/** Where a JWT (or a service-account token) comes from: a value, a function, or a file read at each login. */
export type TokenSource = string | (() => string | Promise<string>) | { path: string };

export type VaultClientAuth =
  | { method: 'approle'; roleId: string; secretId?: string; mount?: string }
  | { method: 'userpass'; username: string; password: string; mount?: string }
  | { method: 'jwt'; jwt: TokenSource; role?: string; mount?: string }
  | {
    method: 'kubernetes'; role: string; mount?: string;
    /** The service-account token; default the file Vault Agent reads in a pod. */
    jwt?: TokenSource;
  };

/** Vault Agent's default service-account token path (auth/kubernetes/kubernetes.go). */
export const DEFAULT_SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** What a login answered: the token and its lease, from the `auth` block. */
export interface LoginResult {
  token: string;
  accessor: string;
  policies: string[];
  ttlSeconds: number;
  renewable: boolean;
}

const req = (o: Record<string, unknown>, name: string, what: string): void => {
  if (typeof o[name] !== 'string' || o[name] === '') throw new TypeError(errClientBadOption(`auth.${name}`, what));
};

/** Checks the auth option's shape (at construction, before anything is sent). */
export function checkAuth(auth: VaultClientAuth): VaultClientAuth {
  const o = auth as unknown as Record<string, unknown>;
  if (o.mount !== undefined) req(o, 'mount', 'must be a non-empty string');
  switch (auth.method) {
    case 'approle': req(o, 'roleId', 'must be a non-empty string'); break;
    case 'userpass': req(o, 'username', 'must be a non-empty string'); req(o, 'password', 'must be a non-empty string'); break;
    case 'jwt': if (o.jwt === undefined) throw new TypeError(errClientBadOption('auth.jwt', 'is required')); break;
    case 'kubernetes': req(o, 'role', 'must be a non-empty string'); break;
    default: throw new TypeError(errClientBadOption('auth.method', `unknown method ${JSON.stringify(o.method)} (approle, userpass, jwt, kubernetes)`));
  }
  return auth;
}

async function tokenFrom(source: TokenSource, method: string): Promise<string> {
  let value: string;
  try {
    value = typeof source === 'string' ? source : typeof source === 'function' ? await source() : (await readFile(source.path, 'utf8')).trim();
  } catch (e) {
    // The path is not secret; the token is never read into the message.
    const where = typeof source === 'object' ? source.path : 'the jwt function';
    throw new VaultClientError('bad-response', 0, errClientLoginSource(method, where, (e as NodeJS.ErrnoException).code ?? (e as Error).message), [], { cause: e });
  }
  return value;
}

/** The login request of a method: path (under `auth/`) and body. */
async function loginRequest(auth: VaultClientAuth): Promise<{ path: string; body: Record<string, unknown> }> {
  const mount = (auth.mount ?? auth.method).replace(/^\/+|\/+$/g, '');
  switch (auth.method) {
    case 'approle':
      return { path: `auth/${mount}/login`, body: { role_id: auth.roleId, ...(auth.secretId !== undefined ? { secret_id: auth.secretId } : {}) } };
    case 'userpass':
      return { path: `auth/${mount}/login/${encodeURIComponent(auth.username)}`, body: { password: auth.password } };
    case 'jwt':
      return { path: `auth/${mount}/login`, body: { ...(auth.role !== undefined ? { role: auth.role } : {}), jwt: await tokenFrom(auth.jwt, 'jwt') } };
    case 'kubernetes':
      return { path: `auth/${mount}/login`, body: { role: auth.role, jwt: await tokenFrom(auth.jwt ?? { path: DEFAULT_SERVICE_ACCOUNT_TOKEN }, 'kubernetes') } };
  }
}

/** Logs in and installs the token on the transport. Throws VaultClientError (Vault's refusal or an outage). */
export async function login(http: VaultTransport, auth: VaultClientAuth): Promise<LoginResult> {
  const { path, body } = await loginRequest(auth);
  const answer = await http.call('POST', path, { body, auth: false });
  const a = answer.body?.auth;
  if (typeof a?.client_token !== 'string' || typeof a.lease_duration !== 'number') {
    throw new VaultClientError('bad-response', answer.status, errClientBadResponse(`no auth block in ${path}`), [], { method: 'POST', path });
  }
  http.token = a.client_token;
  return {
    token: a.client_token, accessor: String(a.accessor ?? ''), policies: Array.isArray(a.policies) ? a.policies.map(String) : [],
    ttlSeconds: a.lease_duration, renewable: a.renewable === true,
  };
}
