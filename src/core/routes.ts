// Every HTTP route minivault serves, as data: the raw sys handlers (Vault http/sys_*.go), the
// sys/ mount (vault/logical_system_paths.go), auth/token/ (vault/token_store.go paths()), KV v2
// (KV backend.go) and KV v1 (KV passthrough.go). scripts/coverage.ts renders it as COVERAGE.md.
// KV v2 rows are derived from the engine's own path table so the two cannot drift apart.
import { ROUTES as KV_V2_ROUTES, type KvRoute } from '../secrets/kv/index.js';
import type { Operation } from '../logical/types.js';
import { RAW_PATHS } from './sys-raw.js';

export interface RouteRow {
  method: string;
  path: string;
  area: string;
  notes: string;
}

const row = (method: string, path: string, area: string, notes = ''): RouteRow => ({ method, path, area, notes });

const RAW_NOTES: Record<string, Array<[string, string]>> = {
  'sys/init': [['GET', ''], ['PUT/POST', 'Shamir only: pgp_keys and root_token_pgp_key refused, stored_shares must be 1, no recovery keys']],
  'sys/seal-status': [['GET', '']],
  'sys/unseal': [['PUT/POST', 'key, reset; migrate accepted and ignored']],
  'sys/seal': [['PUT/POST', 'needs sudo; 204 no-op when already sealed']],
  'sys/health': [['GET/HEAD', 'query codes honoured; 501 when uninitialised (Vault\'s own); single node, never standby']],
  'sys/leader': [['GET', 'single node: ha_enabled false']],
  'sys/rekey/init': [['GET', ''], ['PUT/POST', 'pgp_keys and backup refused'], ['DELETE', '']],
  'sys/rekey/update': [['PUT/POST', '']],
};

function rawRows(): RouteRow[] {
  return [...RAW_PATHS].flatMap((p) => (RAW_NOTES[p] ?? [['GET', '']]).map(([m, n]) => row(m, `/v1/${p}`, 'sys (raw)', n)));
}

const SYS_ROWS: RouteRow[] = [
  row('GET', '/v1/sys/mounts', 'sys mounts', 'top-level data injection'),
  row('GET', '/v1/sys/mounts/:path', 'sys mounts'),
  row('PUT/POST', '/v1/sys/mounts/:path', 'sys mounts', 'only type kv (kv, kv-v1, kv-v2) mountable; other engines and plugins refused'),
  row('DELETE', '/v1/sys/mounts/:path', 'sys mounts'),
  row('GET', '/v1/sys/mounts/:path/tune', 'sys mounts'),
  row('PUT/POST', '/v1/sys/mounts/:path/tune', 'sys mounts', 'lease TTLs, description, options'),
  row('GET', '/v1/sys/auth', 'sys mounts', 'lists token/ only; enabling auth methods not supported'),
  row('GET', '/v1/sys/internal/ui/mounts/:path', 'sys mounts', 'used by the vault CLI kv commands'),
  row('PUT/POST', '/v1/sys/capabilities-self', 'sys'),
  row('PUT/POST', '/v1/sys/capabilities', 'sys'),
  row('GET', '/v1/sys/key-status', 'sys keyring'),
  row('PUT/POST', '/v1/sys/rotate', 'sys keyring'),
  row('PUT/POST', '/v1/sys/rotate/keyring', 'sys keyring', 'OpenBao path'),
];

const POLICY_ROWS: RouteRow[] = [
  row('LIST', '/v1/sys/policies/acl', 'policies', 'GET ?list=true too'),
  row('GET', '/v1/sys/policies/acl/:name', 'policies', 'HCL and JSON policies; no Sentinel/EGP/RGP'),
  row('PUT/POST', '/v1/sys/policies/acl/:name', 'policies'),
  row('DELETE', '/v1/sys/policies/acl/:name', 'policies'),
  row('GET/LIST', '/v1/sys/policy', 'policies', 'legacy; top-level data injection'),
  row('GET', '/v1/sys/policy/:name', 'policies', 'legacy'),
  row('PUT/POST', '/v1/sys/policy/:name', 'policies', 'legacy; `rules` (deprecated warning) or `policy`'),
  row('DELETE', '/v1/sys/policy/:name', 'policies', 'legacy'),
];

const AUDIT_ROWS: RouteRow[] = [
  row('GET', '/v1/sys/audit', 'audit', 'top-level data injection'),
  row('PUT/POST', '/v1/sys/audit/:path', 'audit', 'types file and memory (minivault test sink) only; socket and syslog refused'),
  row('DELETE', '/v1/sys/audit/:path', 'audit'),
  row('PUT/POST', '/v1/sys/audit-hash/:path', 'audit'),
];

const TOKEN_ROWS: RouteRow[] = [
  ...['create', 'create-orphan'].map((p) => row('PUT/POST', `/v1/auth/token/${p}`, 'auth/token', 'service and batch tokens')),
  row('PUT/POST', '/v1/auth/token/create/:role', 'auth/token', 'token roles not supported: 400 unknown role'),
  row('PUT/POST', '/v1/auth/token/lookup', 'auth/token'),
  row('GET/PUT/POST', '/v1/auth/token/lookup-self', 'auth/token'),
  row('PUT/POST', '/v1/auth/token/lookup-accessor', 'auth/token'),
  ...['renew', 'renew-self', 'renew-accessor', 'revoke', 'revoke-self', 'revoke-accessor', 'revoke-orphan']
    .map((p) => row('PUT/POST', `/v1/auth/token/${p}`, 'auth/token')),
  row('LIST', '/v1/auth/token/accessors', 'auth/token'),
];

const METHOD_OF: Record<Operation, string> = {
  read: 'GET', create: 'PUT/POST', update: 'PUT/POST', patch: 'PATCH', delete: 'DELETE', list: 'LIST',
};

/** `^data\/([^\n]*?[^/])$` → `data/:path`: Vault's pattern with its key capture named. */
function kvPath(route: KvRoute): string {
  return route.pattern.source.replace(/^\^/, '').replace(/\$$/, '').replace(/\([^)]*\)/, ':path').replace(/\\\//g, '/');
}

function kvV2Rows(): RouteRow[] {
  return KV_V2_ROUTES.flatMap((route) => {
    const methods = [...new Set(Object.keys(route.operations).map((op) => METHOD_OF[op as Operation]))];
    const notes = (m: string) => (m === 'PATCH' ? 'Content-Type application/merge-patch+json required' : '');
    return methods.map((m) => row(m, `/v1/:mount/${kvPath(route)}`, 'kv v2', notes(m)));
  });
}

const KV_V1_ROWS: RouteRow[] = [
  row('GET', '/v1/:mount/:path', 'kv v1', 'lease_duration from ttl/lease field or mount default'),
  row('PUT/POST', '/v1/:mount/:path', 'kv v1'),
  row('DELETE', '/v1/:mount/:path', 'kv v1'),
  row('LIST', '/v1/:mount/:path', 'kv v1'),
];

export const ROUTES: RouteRow[] = [
  ...rawRows(), ...SYS_ROWS, ...POLICY_ROWS, ...AUDIT_ROWS, ...TOKEN_ROWS, ...kvV2Rows(), ...KV_V1_ROWS,
];
