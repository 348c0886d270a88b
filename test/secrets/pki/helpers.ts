// Shared set-up for the PKI tests: a dev vault with pki mounted at pki/, short accessors, and
// the real consumers the certificates are checked with (node's X509Certificate, openssl).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { createVault, type TestVault } from '../../../src/testing/index.js';

export type Body = Record<string, unknown>;
export type Op = 'read' | 'list' | 'create' | 'update' | 'delete' | 'patch';
export type Res = { status: number; body?: unknown; rawBody?: Uint8Array; headers?: Record<string, string> };

export async function pkiVault(opts: { seed?: number } = {}): Promise<{ vault: TestVault; call: (op: Op, path: string, data?: Body) => Promise<Res> }> {
  const vault = await createVault({ seed: opts.seed ?? 11, clock: 'manual' });
  const mounted = await vault.request('update', 'sys/mounts/pki', { type: 'pki' });
  expect(mounted.status).toBe(204);
  const call = (op: Op, path: string, data?: Body) => vault.request(op as never, `pki/${path}`, data);
  return { vault, call };
}

export const data = (res: { body?: unknown }): Body => (res.body as { data: Body }).data;
export const warnings = (res: { body?: unknown }): string[] | null => (res.body as { warnings: string[] | null }).warnings;
export const errors = (res: { body?: unknown }): string[] => (res.body as { errors: string[] }).errors;

export function expect400(res: Res, message: string): void {
  expect(res).toEqual({ status: 400, body: { errors: [message] } });
}
export function expect500(res: Res, message: string): void {
  expect(res).toEqual({ status: 500, body: { errors: [`1 error occurred:\n\t* ${message}\n\n`] } });
}

/** A raw-response path's answer (Vault's respondRaw): the bare body bytes and their content type. */
export function rawOf(res: Res): { type: string; status: number; body: Buffer } {
  expect(res.rawBody, `expected a raw answer, got ${JSON.stringify(res.body)}`).toBeDefined();
  return { type: res.headers?.['content-type'] as string, status: res.status, body: Buffer.from(res.rawBody!) };
}

export const OPENSSL = '/usr/bin/openssl';

/** Runs openssl with files written to a fresh temp dir; returns stdout (throws on failure). */
export function openssl(args: (dir: string) => string[], files: Record<string, string | Uint8Array>): string {
  expect(existsSync(OPENSSL), 'openssl must be installed at /usr/bin/openssl').toBe(true);
  const dir = mkdtempSync(join(tmpdir(), 'mv-pki-'));
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return execFileSync(OPENSSL, args(dir), { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A root (EC P-256 unless told) and a role `web` for example.com. */
export async function withRootAndRole(call: (op: Op, path: string, data?: Body) => Promise<Res>, rootExtra: Body = {}, roleExtra: Body = {}): Promise<Body> {
  const root = await call('update', 'root/generate/internal', { common_name: 'Root CA', key_type: 'ec', ttl: '87600h', ...rootExtra });
  expect(root.status).toBe(200);
  const role = await call('update', 'roles/web', { allowed_domains: 'example.com', allow_subdomains: true, key_type: 'ec', ...roleExtra });
  expect(role.status).toBe(200);
  return data(root);
}

/** The vault clock's default start (ManualClock): openssl must check validity at that time. */
export const VAULT_T0 = Date.UTC(2026, 0, 1) / 1000;

/** `openssl verify -x509_strict` at the vault's time; returns openssl's output. */
export function opensslVerify(caPem: string, leafPem: string, opts: { untrusted?: string; crl?: string; at?: number } = {}): string {
  const files: Record<string, string> = { 'ca.pem': caPem, 'leaf.pem': leafPem };
  if (opts.untrusted) files['mid.pem'] = opts.untrusted;
  if (opts.crl) files['crl.pem'] = opts.crl;
  return openssl((dir) => [
    'verify', '-x509_strict', '-attime', String(Math.floor(opts.at ?? VAULT_T0 + 3600)), '-CAfile', `${dir}/ca.pem`,
    ...(opts.untrusted ? ['-untrusted', `${dir}/mid.pem`] : []), ...(opts.crl ? ['-crl_check', '-CRLfile', `${dir}/crl.pem`] : []), `${dir}/leaf.pem`,
  ], files);
}

/** Yields to the event loop until tidy-status leaves Running/Cancelling (a tidy runs in the background). */
export async function settledTidy(call: (op: Op, path: string, data?: Body) => Promise<Res>): Promise<Body> {
  for (let i = 0; i < 200; i++) {
    const st = data(await call('read', 'tidy-status'));
    if (st.state !== 'Running' && st.state !== 'Cancelling') return st;
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('tidy did not settle');
}
