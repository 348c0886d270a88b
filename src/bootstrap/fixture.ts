// Bootstrap fixtures: what a provisioning script (Terraform, an init container) does to a fresh
// Vault (mounts, KV config, policies, secrets with metadata and versions, token roles, tokens with
// fixed ids, audit devices, auth mounts with AppRole roles, userpass users and JWT roles: auth.ts;
// entities and groups: identity.ts), declared
// as one JSON object and applied through core requests with the root token, so a fixture exercises
// the same API (sys/mounts, sys/policies/acl, <mount>/config|data|metadata, auth/token/roles,
// auth/token/create[/<role>], sys/audit) a real Vault would see. Every shape is checked before anything is written; unknown keys are
// refused; errors name the entry and the field: `bootstrap: policies["kgc-read"].policy: ...`.
// Shared by `server -bootstrap` and the test fake (src/testing), so neither imports the other.
import { readFileSync } from 'node:fs';
import type { CoreRequest, CoreResponse } from '../core/types.js';
import { applyAuthFixtures, validateAuthFixtures, type BootstrapAuthMount } from './auth.js';
import { applyIdentityFixtures, validateIdentityFixtures, type BootstrapIdentity } from './identity.js';

export type { BootstrapAppRole, BootstrapAuthMount, BootstrapUserpassUser } from './auth.js';

export interface BootstrapMount {
  type: string;
  description?: string;
  options?: Record<string, string>;
  /** KV v2 `<mount>/config`: max_versions, cas_required, delete_version_after. */
  config?: { max_versions?: number; cas_required?: boolean; delete_version_after?: string };
}

export interface BootstrapSecret {
  /** Oldest first; each becomes one version. */
  versions: Array<Record<string, unknown>>;
  custom_metadata?: Record<string, string>;
  max_versions?: number;
  cas_required?: boolean;
  delete_version_after?: string;
}

export interface BootstrapToken {
  policies: string[];
  ttl?: string;
  explicit_max_ttl?: string;
  period?: string;
  display_name?: string;
  renewable?: boolean;
  no_default_policy?: boolean;
  meta?: Record<string, string>;
  /** Create it against this token role (one of the fixture's `tokenRoles`): auth/token/create/<role>. */
  role?: string;
}

/** A token role as auth/token/roles/<name> takes it (Vault's field names; durations as strings). */
export interface BootstrapTokenRole {
  allowed_policies?: string[];
  disallowed_policies?: string[];
  allowed_policies_glob?: string[];
  disallowed_policies_glob?: string[];
  allowed_entity_aliases?: string[];
  orphan?: boolean;
  renewable?: boolean;
  path_suffix?: string;
  token_type?: 'service' | 'batch' | 'default-service' | 'default-batch';
  token_period?: string;
  token_explicit_max_ttl?: string;
  token_no_default_policy?: boolean;
  token_num_uses?: number;
  token_bound_cidrs?: string[];
}

export interface BootstrapAudit {
  type: 'file' | 'memory';
  description?: string;
  options?: Record<string, string>;
}

export interface BootstrapFixture {
  mounts?: Record<string, BootstrapMount>;
  policies?: Record<string, { policy: string }>;
  /** Keyed by `<mount>/<path>`, e.g. `kgc/api-credentials`. */
  secrets?: Record<string, BootstrapSecret>;
  /** Keyed by the role name; written before the tokens. */
  tokenRoles?: Record<string, BootstrapTokenRole>;
  /** Keyed by the token's fixed id. */
  tokens?: Record<string, BootstrapToken>;
  /** Keyed by the device path. */
  audit?: Record<string, BootstrapAudit>;
  /** Auth mounts keyed by path (`approle`, `userpass`…) with config, roles and users (bootstrap-auth.ts). */
  auth?: Record<string, BootstrapAuthMount>;
  /** Entities, groups and their aliases, by name (bootstrap-identity.ts); applied after the auth mounts. */
  identity?: BootstrapIdentity;
}

export class BootstrapError extends Error {
  override name = 'BootstrapError';
}

type Handle = (req: CoreRequest) => Promise<CoreResponse>;
type Shape = Record<string, 'string' | 'number' | 'boolean' | 'strings' | 'stringMap' | 'objects'>;

const TOP: Shape = { mounts: 'objects', policies: 'objects', secrets: 'objects', tokenRoles: 'objects', tokens: 'objects', audit: 'objects', auth: 'objects', identity: 'objects' };
const MOUNT: Shape = { type: 'string', description: 'string', options: 'stringMap', config: 'objects' };
const KV_CONFIG: Shape = { max_versions: 'number', cas_required: 'boolean', delete_version_after: 'string' };
const POLICY: Shape = { policy: 'string' };
const SECRET: Shape = { versions: 'objects', custom_metadata: 'stringMap', max_versions: 'number', cas_required: 'boolean', delete_version_after: 'string' };
const TOKEN: Shape = {
  policies: 'strings', ttl: 'string', explicit_max_ttl: 'string', period: 'string', display_name: 'string',
  renewable: 'boolean', no_default_policy: 'boolean', meta: 'stringMap', role: 'string',
};
const TOKEN_ROLE: Shape = {
  allowed_policies: 'strings', disallowed_policies: 'strings', allowed_policies_glob: 'strings', disallowed_policies_glob: 'strings',
  allowed_entity_aliases: 'strings', orphan: 'boolean', renewable: 'boolean', path_suffix: 'string', token_type: 'string',
  token_period: 'string', token_explicit_max_ttl: 'string', token_no_default_policy: 'boolean', token_num_uses: 'number',
  token_bound_cidrs: 'strings',
};
/** framework.GenericNameRegex: the names auth/token/roles/<name> routes. */
const ROLE_NAME = /^\w(([\w.-]+)?\w)?$/;
const ROLE_TOKEN_TYPES = ['service', 'batch', 'default-service', 'default-batch'];
const AUDIT: Shape = { type: 'string', description: 'string', options: 'stringMap' };
const REQUIRED: Record<string, string[]> = { mounts: ['type'], policies: ['policy'], secrets: ['versions'], tokens: ['policies'], audit: ['type'] };

const fail = (where: string, msg: string): never => {
  throw new BootstrapError(`bootstrap: ${where}: ${msg}`);
};
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function checkField(where: string, kind: Shape[string], v: unknown): void {
  const ok = kind === 'strings' ? Array.isArray(v) && v.every((s) => typeof s === 'string')
    : kind === 'stringMap' ? isObject(v) && Object.values(v).every((s) => typeof s === 'string')
      : kind === 'objects' ? typeof v === 'object' && v !== null
        : kind === 'number' ? Number.isInteger(v) && (v as number) >= 0
          : typeof v === kind;
  if (!ok) fail(where, `expected ${kind === 'strings' ? 'a list of strings' : kind === 'stringMap' ? 'an object of strings' : kind === 'objects' ? 'an object' : kind === 'number' ? 'a non-negative integer' : `a ${kind}`}`);
}

function checkObject(where: string, v: unknown, shape: Shape, required: string[] = []): Record<string, unknown> {
  if (!isObject(v)) return fail(where, 'expected an object');
  for (const [k, val] of Object.entries(v)) {
    const kind = shape[k];
    if (!kind) fail(`${where}.${k}`, `unknown key (allowed: ${Object.keys(shape).join(', ')})`);
    checkField(`${where}.${k}`, kind!, val);
  }
  for (const k of required) if (!(k in v)) fail(`${where}.${k}`, 'required');
  return v;
}

/** Checks a fixture's shape (strictly) and returns it typed. Throws BootstrapError. */
export function validateBootstrap(input: unknown): BootstrapFixture {
  const top = checkObject('fixture', input, TOP);
  const entries = (section: string, shape: Shape) => Object.entries(top[section] ?? {}).map(([name, v]) => {
    const where = `${section}[${JSON.stringify(name)}]`;
    return [name, where, checkObject(where, v, shape, REQUIRED[section])] as const;
  });
  const mounts = entries('mounts', MOUNT);
  for (const [name, where, m] of mounts) {
    if (!/^[\w.-]+(\/[\w.-]+)*\/?$/.test(name)) fail(where, 'invalid mount path');
    if (m.config !== undefined) checkObject(`${where}.config`, m.config, KV_CONFIG);
  }
  entries('policies', POLICY);
  const kvMounts = ['secret', ...mounts.filter(([, , m]) => m.type === 'kv').map(([n]) => n.replace(/\/$/, ''))];
  for (const [name, where, s] of entries('secrets', SECRET)) {
    if (!mountOf(name, kvMounts)) fail(where, `no kv mount for this path (mounts: ${kvMounts.join(', ')})`);
    const versions = s.versions as unknown;
    if (!Array.isArray(versions) || versions.length === 0) fail(`${where}.versions`, 'expected a non-empty list of data objects');
    (versions as unknown[]).forEach((d, i) => { if (!isObject(d)) fail(`${where}.versions[${i}]`, 'expected an object'); });
  }
  const roles = entries('tokenRoles', TOKEN_ROLE);
  for (const [name, where, r] of roles) {
    if (!ROLE_NAME.test(name)) fail(where, 'invalid role name (letters, digits, _, and inner - or .)');
    if (r.token_type !== undefined && !ROLE_TOKEN_TYPES.includes(r.token_type as string)) {
      fail(`${where}.token_type`, `unknown token type ${JSON.stringify(r.token_type)} (${ROLE_TOKEN_TYPES.join(', ')})`);
    }
  }
  for (const [name, where, t] of entries('tokens', TOKEN)) {
    if (name.trim() === '') fail(where, 'the token id must not be empty');
    if (t.role !== undefined && !roles.some(([r]) => r === t.role)) fail(`${where}.role`, `no token role ${JSON.stringify(t.role)} in tokenRoles`);
  }
  for (const [, where, a] of entries('audit', AUDIT)) {
    if (a.type !== 'file' && a.type !== 'memory') fail(`${where}.type`, `unknown audit device type ${JSON.stringify(a.type)} (file or memory)`);
  }
  validateAuthFixtures(top.auth, fail);
  validateIdentityFixtures(top.identity, fail);
  return top as BootstrapFixture;
}

function mountOf(path: string, mounts: string[]): { mount: string; rest: string } | undefined {
  const best = mounts.filter((m) => path.startsWith(m + '/') && path.length > m.length + 1).sort((a, b) => b.length - a.length)[0];
  return best === undefined ? undefined : { mount: best, rest: path.slice(best.length + 1) };
}

/** Reads a fixture from a JSON file (or passes an object through). */
export function loadBootstrap(source: string | BootstrapFixture): BootstrapFixture {
  if (typeof source !== 'string') return validateBootstrap(source);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(source, 'utf8'));
  } catch (e) {
    return fail(source, (e as Error).message);
  }
  return validateBootstrap(parsed);
}

/**
 * Applies a fixture to an unsealed vault through `handle` with `rootToken`: audit devices first
 * (so the rest is audited), then mounts and their config, policies, token roles, secrets, tokens.
 */
export async function applyBootstrap(handle: Handle, rootToken: string, source: string | BootstrapFixture): Promise<void> {
  const fx = loadBootstrap(source);
  const call = async (where: string, operation: CoreRequest['operation'], path: string, data: Record<string, unknown>): Promise<CoreResponse> => {
    const res = await handle({ operation, path, data, token: rootToken });
    if (res.status >= 300) {
      const errors = (res.body as { errors?: string[] } | undefined)?.errors ?? [];
      fail(where, errors.join('; ') || `status ${res.status}`);
    }
    return res;
  };
  for (const [name, a] of Object.entries(fx.audit ?? {})) {
    await call(`audit[${JSON.stringify(name)}]`, 'update', `sys/audit/${name.replace(/\/$/, '')}`, { ...a });
  }
  const kvMounts = ['secret'];
  for (const [name, m] of Object.entries(fx.mounts ?? {})) {
    const where = `mounts[${JSON.stringify(name)}]`;
    const path = name.replace(/\/$/, '');
    const { config, ...body } = m;
    await call(where, 'update', `sys/mounts/${path}`, body);
    if (m.type === 'kv') kvMounts.push(path);
    if (config) await call(`${where}.config`, 'update', `${path}/config`, { ...config });
  }
  for (const [name, p] of Object.entries(fx.policies ?? {})) {
    await call(`policies[${JSON.stringify(name)}].policy`, 'update', `sys/policies/acl/${name}`, { policy: p.policy });
  }
  for (const [name, r] of Object.entries(fx.tokenRoles ?? {})) {
    await call(`tokenRoles[${JSON.stringify(name)}]`, 'update', `auth/token/roles/${name}`, { ...r });
  }
  for (const [name, s] of Object.entries(fx.secrets ?? {})) {
    const where = `secrets[${JSON.stringify(name)}]`;
    const { mount, rest } = mountOf(name, kvMounts) ?? fail(where, 'no kv mount for this path');
    const { versions, ...meta } = s;
    if (Object.keys(meta).length > 0) await call(where, 'update', `${mount}/metadata/${rest}`, { ...meta });
    for (const [i, data] of versions.entries()) await call(`${where}.versions[${i}]`, 'update', `${mount}/data/${rest}`, { data });
  }
  await applyAuthFixtures(fx.auth, (where, path, data) => call(where, 'update', path, data));
  await applyIdentityFixtures(fx.identity, call, fail);
  for (const [id, { role, ...t }] of Object.entries(fx.tokens ?? {})) {
    await call(`tokens[${JSON.stringify(id)}]`, 'update', role === undefined ? 'auth/token/create' : `auth/token/create/${role}`, { ...t, id });
  }
}
