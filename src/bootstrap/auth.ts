// Bootstrap fixtures for auth methods: auth mounts (sys/auth/<path>) with their config, AppRole
// roles with a fixed role_id and secret_id, userpass users, and JWT/OIDC or Kubernetes roles, so a
// test logs in with credentials it already knows. Applied through the same API a real Vault sees:
// sys/auth/<path>, auth/<path>/config, auth/<path>/role/<name> (+ /role-id, /custom-secret-id),
// auth/<path>/users/<name>. Role and user bodies are Vault's own field names, passed as they are
// (Vault checks them); the fixture's own keys are checked here before anything is written.

export interface BootstrapAppRole extends Record<string, unknown> {
  /** A fixed role_id (role/<name>/role-id). */
  role_id?: string;
  /** A fixed secret ID (role/<name>/custom-secret-id). */
  secret_id?: string;
  /** Metadata of that secret ID (it lands in the login's metadata). */
  secret_id_metadata?: Record<string, string>;
}

export interface BootstrapUserpassUser extends Record<string, unknown> {
  password?: string;
  password_hash?: string;
}

export interface BootstrapAuthMount {
  /** approle, userpass, jwt, oidc, kubernetes… */
  type: string;
  description?: string;
  /** Written to auth/<path>/config (JWT keys and issuer, Kubernetes host…). */
  config?: Record<string, unknown>;
  /** auth/<path>/role/<name> bodies (AppRole: plus role_id, secret_id, secret_id_metadata). */
  roles?: Record<string, BootstrapAppRole>;
  /** userpass: auth/<path>/users/<name> bodies (password or password_hash required). */
  users?: Record<string, BootstrapUserpassUser>;
}

type Fail = (where: string, msg: string) => never;
type Call = (where: string, path: string, data: Record<string, unknown>) => Promise<unknown>;

const AUTH_KEYS = ['type', 'description', 'config', 'roles', 'users'];
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** framework.GenericNameRegex, the names role/<name> and users/<name> route. */
const NAME = /^\w(([\w.-]+)?\w)?$/;

/** Checks the `auth` section; throws through `fail` naming the entry and field. */
export function validateAuthFixtures(section: unknown, fail: Fail): void {
  if (section === undefined) return;
  if (!isObject(section)) fail('auth', 'expected an object');
  for (const [path, mount] of Object.entries(section as Record<string, unknown>)) {
    const where = `auth[${JSON.stringify(path)}]`;
    if (!/^[\w.-]+(\/[\w.-]+)*\/?$/.test(path) || path.replace(/\/$/, '') === 'token') fail(where, 'invalid auth mount path');
    if (!isObject(mount)) fail(where, 'expected an object');
    const m = mount as Record<string, unknown>;
    for (const k of Object.keys(m)) if (!AUTH_KEYS.includes(k)) fail(`${where}.${k}`, `unknown key (allowed: ${AUTH_KEYS.join(', ')})`);
    if (typeof m.type !== 'string' || m.type === '') fail(`${where}.type`, 'required');
    if (m.description !== undefined && typeof m.description !== 'string') fail(`${where}.description`, 'expected a string');
    if (m.config !== undefined && !isObject(m.config)) fail(`${where}.config`, 'expected an object');
    for (const part of ['roles', 'users'] as const) {
      const entries = m[part];
      if (entries === undefined) continue;
      if (!isObject(entries)) fail(`${where}.${part}`, 'expected an object');
      if (part === 'users' && m.type !== 'userpass') fail(`${where}.users`, 'only a userpass mount has users');
      if (part === 'roles' && m.type === 'userpass') fail(`${where}.roles`, 'a userpass mount has users, not roles');
      for (const [name, body] of Object.entries(entries as Record<string, unknown>)) {
        const at = `${where}.${part}[${JSON.stringify(name)}]`;
        if (!NAME.test(name)) fail(at, 'invalid name (letters, digits, _, and inner - or .)');
        if (!isObject(body)) fail(at, 'expected an object');
        const b = body as Record<string, unknown>;
        for (const k of ['role_id', 'secret_id']) if (b[k] !== undefined && (typeof b[k] !== 'string' || b[k] === '')) fail(`${at}.${k}`, 'expected a non-empty string');
        if ((b.role_id !== undefined || b.secret_id !== undefined || b.secret_id_metadata !== undefined) && m.type !== 'approle') {
          fail(at, 'role_id, secret_id and secret_id_metadata are AppRole fields');
        }
        const meta = b.secret_id_metadata;
        if (meta !== undefined && (!isObject(meta) || !Object.values(meta).every((v) => typeof v === 'string'))) fail(`${at}.secret_id_metadata`, 'expected an object of strings');
        if (part === 'users' && typeof b.password !== 'string' && typeof b.password_hash !== 'string') fail(`${at}.password`, 'required (or password_hash)');
      }
    }
  }
}

/** Enables each auth mount, writes its config, then its roles (with fixed AppRole credentials) and users. */
export async function applyAuthFixtures(section: Record<string, BootstrapAuthMount> | undefined, call: Call): Promise<void> {
  for (const [name, m] of Object.entries(section ?? {})) {
    const where = `auth[${JSON.stringify(name)}]`;
    const path = name.replace(/\/$/, '');
    await call(where, `sys/auth/${path}`, { type: m.type, ...(m.description !== undefined ? { description: m.description } : {}) });
    if (m.config !== undefined) await call(`${where}.config`, `auth/${path}/config`, { ...m.config });
    for (const [role, body] of Object.entries(m.roles ?? {})) {
      const at = `${where}.roles[${JSON.stringify(role)}]`;
      const { role_id: roleId, secret_id: secretId, secret_id_metadata: meta, ...fields } = body;
      await call(at, `auth/${path}/role/${role}`, fields);
      if (roleId !== undefined) await call(`${at}.role_id`, `auth/${path}/role/${role}/role-id`, { role_id: roleId });
      if (secretId !== undefined) {
        await call(`${at}.secret_id`, `auth/${path}/role/${role}/custom-secret-id`, { secret_id: secretId, ...(meta ? { metadata: JSON.stringify(meta) } : {}) });
      }
    }
    for (const [user, body] of Object.entries(m.users ?? {})) {
      await call(`${where}.users[${JSON.stringify(user)}]`, `auth/${path}/users/${user}`, { ...body });
    }
  }
}
