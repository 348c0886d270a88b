// A whole session as core would audit it: init and unseal (not audited), enabling a device,
// KV writes and reads, a policy change, a token for an app, a denied request, seal and unseal.
// Entries are checked field by field against the entry shapes of openbao internal/audit/format.go (hashicorp/vault audit/types.go), and the file is scanned for every secret.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditBroker } from '../../src/audit/broker.js';
import type { AuditAuth, AuditRequest, AuditResponseInput } from '../../src/audit/types.js';
import { verifyFile, verifyLines } from '../../src/audit-chain/verify.js';
import { multierror } from '../../src/errors/core.js';
import type { ManualClock } from '../../src/util/clock.js';
import { auditSys, newBroker, removeDir, ROOT_ACCESSOR, ROOT_TOKEN, rootAuth, tempDir } from './helpers.js';

const UNSEAL_KEYS = ['b8a9f0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0', 'c1d2e3f4a5b6c7d8e9f0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b0c1d2e3'];
const DB_PASSWORD = 'correct-horse-battery-staple';
const API_KEY = 'sk_live_51H8xYz';
const APP_TOKEN = 'hvs.CAESIAppTokenValueXYZ';
const APP_ACCESSOR = 'appAccessorQRSTUVWXYZ0123';
const POLICY = 'path "secret/data/app" { capabilities = ["read"] }';
const SECRETS = [ROOT_TOKEN, ROOT_ACCESSOR, DB_PASSWORD, API_KEY, APP_TOKEN, APP_ACCESSOR, POLICY, ...UNSEAL_KEYS];

const kvMount = {
  mount_point: 'secret/', mount_type: 'kv', mount_accessor: 'kv_5e1c9a2b', mount_running_version: 'v0.21.0+builtin',
  mount_class: 'secret',
} as const;
const sysMount = {
  mount_point: 'sys/', mount_type: 'system', mount_accessor: 'system_0f1e2d3c', mount_running_version: 'v1.19.0+builtin.vault',
  mount_class: 'secret',
} as const;
const appAuth: AuditAuth = {
  client_token: APP_TOKEN, accessor: APP_ACCESSOR, display_name: 'token-app', policies: ['app', 'default'],
  token_policies: ['app', 'default'], metadata: { team: 'payments' }, entity_id: '', token_type: 'service',
  token_ttl: 3600, token_issue_time: '2026-01-02T03:05:00Z',
};

let dir: string;
let file: string;
let broker: AuditBroker;
let clock: ManualClock;
let ids = 0;

function req(p: string, operation: string, mount: Record<string, string>, auth: AuditAuth | null, data?: Record<string, unknown>): AuditRequest {
  ids++;
  return {
    id: `11111111-2222-4333-8444-${String(ids).padStart(12, '0')}`, operation, ...mount,
    client_token: auth?.client_token, client_token_accessor: auth?.accessor, path: p, data,
    remote_address: '127.0.0.1', remote_port: 51000 + ids,
  };
}

/** Audits one request the way core's pipeline does: request entry, then the backend, then response entry. */
async function audited(input: AuditResponseInput, act: () => Promise<unknown> = async () => null): Promise<void> {
  await broker.logRequest({ auth: input.auth, request: input.request, error: input.error });
  await act();
  clock.advance(1);
  await broker.logResponse(input);
  clock.advance(1000);
}

const h = (v: string) => broker.hash('file', v);

beforeAll(async () => {
  dir = tempDir();
  file = path.join(dir, 'vault_audit.log');
  ({ broker, clock } = newBroker());
  // sys/init and sys/unseal are answered before the router and never audited (openbao internal/http/handler.go handleAuditNonLogical);
  // the broker is not even loaded yet, so a stray call writes nothing.
  await broker.logRequest({ request: { id: 'init', operation: 'update', path: 'sys/init' } });
  await broker.load();

  const enable = { type: 'file', options: { file_path: file } };
  await audited(
    { auth: rootAuth, request: req('sys/audit/file', 'update', sysMount, rootAuth, enable) },
    () => auditSys(broker).handle({ operation: 'update', path: 'audit/file', data: enable, mountPoint: 'sys/' }),
  );
  await broker.enable('mem', { type: 'memory' });

  const write = { data: { db_password: DB_PASSWORD, api_key: API_KEY }, options: { cas: 0 } };
  await audited({
    auth: rootAuth, request: req('secret/data/app', 'create', kvMount, rootAuth, write),
    response: { data: { created_time: '2026-01-02T03:04:06.678Z', custom_metadata: null, deletion_time: '', destroyed: false, version: 1 } },
  });
  await audited({
    auth: rootAuth, request: req('sys/policies/acl/app', 'create', sysMount, rootAuth, { policy: POLICY }),
  });
  await audited({
    auth: rootAuth, request: req('auth/token/create', 'update', { ...sysMount, mount_point: 'auth/token/', mount_type: 'token', mount_class: 'auth' }, rootAuth, { policies: ['app'], ttl: '1h' }),
    response: { auth: { ...appAuth, num_uses: 0 } },
  });
  await audited({
    auth: { ...appAuth, policy_results: { allowed: true, granting_policies: [{ name: 'app', namespace_id: 'root', type: 'acl' }] } },
    request: req('secret/data/app', 'read', kvMount, appAuth),
    response: { data: { data: { db_password: DB_PASSWORD, api_key: API_KEY }, metadata: { version: 1, created_time: '2026-01-02T03:04:06.678Z' } } },
  });
  const denied = multierror('permission denied');
  await audited({
    auth: { ...appAuth, policy_results: { allowed: false } }, error: denied,
    request: req('secret/data/app', 'update', kvMount, appAuth, { data: { db_password: 'stolen' } }),
    response: { data: { error: denied } },
  });
  await audited({ error: 'permission denied', request: req('secret/data/app', 'read', {}, null), response: { data: { error: 'permission denied' } } });
  // OpenBao audits its rekey handlers: if core does, the key share in the body is HMAC'd too.
  await audited({ request: req('sys/rekey/update', 'update', sysMount, null, { key: UNSEAL_KEYS[0], nonce: 'abc' }) });
  // sys/seal logs only its request entry; unseal is not audited; the chain carries on afterwards.
  await broker.logRequest({ auth: rootAuth, request: req('sys/seal', 'update', sysMount, rootAuth) });
  await broker.unload();
  await broker.load();
  await audited({ auth: rootAuth, request: req('sys/mounts', 'read', sysMount, rootAuth), response: { data: { 'secret/': { type: 'kv' } } } });
});

afterAll(async () => {
  await broker.unload();
  removeDir(dir);
});

const fileLines = () => fs.readFileSync(file, 'utf8').trimEnd().split('\n');
const entries = () => fileLines().map((l) => JSON.parse(l) as Record<string, any>);

describe('a simulated session', () => {
  it('writes the probe, then a request and a response entry per audited request', () => {
    const types = entries().map((e) => `${e.type} ${e.request.path}`);
    expect(types).toEqual([
      'request sys/audit/test', 'response sys/audit/file',
      'request secret/data/app', 'response secret/data/app',
      'request sys/policies/acl/app', 'response sys/policies/acl/app',
      'request auth/token/create', 'response auth/token/create',
      'request secret/data/app', 'response secret/data/app',
      'request secret/data/app', 'response secret/data/app',
      'request secret/data/app', 'response secret/data/app',
      'request sys/rekey/update', 'response sys/rekey/update',
      'request sys/seal',
      'request sys/mounts', 'response sys/mounts',
    ]);
  });

  it('matches Vault\'s request entry field by field for a KV write', () => {
    const e = entries()[2]!;
    expect(e).toEqual({
      time: '2026-01-02T03:04:06.679Z', type: 'request',
      auth: {
        client_token: h(ROOT_TOKEN), accessor: h(ROOT_ACCESSOR), display_name: 'root', policies: ['root'], token_policies: ['root'],
        policy_results: { allowed: true, granting_policies: [{ name: 'root', namespace_id: 'root', type: 'acl' }] },
        token_type: 'service', token_issue_time: '2026-01-02T03:00:00Z',
      },
      request: {
        id: e.request.id, operation: 'create', mount_point: 'secret/', mount_type: 'kv', mount_accessor: 'kv_5e1c9a2b',
        mount_running_version: 'v0.21.0+builtin', mount_class: 'secret', client_token: h(ROOT_TOKEN),
        client_token_accessor: h(ROOT_ACCESSOR), namespace: { id: 'root' }, path: 'secret/data/app',
        data: { data: { api_key: h(API_KEY), db_password: h(DB_PASSWORD) }, options: { cas: 0 } },
        remote_address: '127.0.0.1', remote_port: 51002,
      },
      chain: e.chain,
    });
  });

  it('matches Vault\'s response entry field by field for a KV read', () => {
    const e = entries()[9]!;
    expect(Object.keys(e)).toEqual(['time', 'type', 'auth', 'request', 'response', 'chain']);
    expect(e.auth).toEqual({
      client_token: h(APP_TOKEN), accessor: h(APP_ACCESSOR), display_name: 'token-app', policies: ['app', 'default'],
      token_policies: ['app', 'default'], policy_results: { allowed: true, granting_policies: [{ name: 'app', namespace_id: 'root', type: 'acl' }] },
      metadata: { team: 'payments' }, token_type: 'service', token_ttl: 3600, token_issue_time: '2026-01-02T03:05:00Z',
    });
    expect(e.response).toEqual({
      mount_point: 'secret/', mount_type: 'kv', mount_accessor: 'kv_5e1c9a2b', mount_running_plugin_version: 'v0.21.0+builtin',
      mount_class: 'secret',
      data: { data: { api_key: h(API_KEY), db_password: h(DB_PASSWORD) }, metadata: { created_time: '2026-01-02T03:04:06.678Z', version: 1 } },
    });
  });

  it('hashes the policy text, and the issued token and accessor', () => {
    expect(entries()[4]!.request.data).toEqual({ policy: h(POLICY) });
    expect(entries()[7]!.response.auth).toMatchObject({ client_token: h(APP_TOKEN), accessor: h(APP_ACCESSOR), token_ttl: 3600 });
  });

  it('records the denied request with its error, allowed:false and the hashed error in the response', () => {
    const [request, response] = [entries()[10]!, entries()[11]!];
    const denied = '1 error occurred:\n\t* permission denied\n\n';
    expect(request.error).toBe(denied);
    expect(request.auth.policy_results).toEqual({ allowed: false });
    expect(response.error).toBe(denied);
    expect(response.response.data).toEqual({ error: h(denied) });
    const anonymous = entries()[12]!;
    expect(anonymous.auth).toEqual({ token_type: 'default' });
    expect(anonymous.error).toBe('permission denied');
  });

  it('never writes a secret value, token, accessor, policy text or unseal key in the clear', () => {
    const text = fs.readFileSync(file, 'utf8');
    for (const secret of SECRETS) expect(text.includes(secret), secret).toBe(false);
    for (const secret of [DB_PASSWORD, API_KEY, APP_TOKEN, POLICY, UNSEAL_KEYS[0]!]) expect(text).toContain(h(secret));
    const memory = broker.memory('mem')!.lines().join('\n');
    for (const secret of SECRETS) expect(memory.includes(secret), secret).toBe(false);
  });

  it('keeps one unbroken chain across seal and unseal, up to the stored head', async () => {
    await broker.flushHeads();
    expect(await verifyFile(file, { head: broker.head('file') })).toEqual({ ok: true, entries: fileLines().length });
    expect(verifyLines(broker.memory('mem')!.lines(), { head: broker.head('mem') }).ok).toBe(true);
  });
});
