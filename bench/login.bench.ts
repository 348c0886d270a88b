// Login latency per auth method — AppRole, userpass (bcrypt at Vault's default cost 10, as Vault's
// userpass stores hashes) and JWT (ES256, static key) — in process (core.handle) and over HTTP
// (minivault's server on loopback), each beside a token lookup (auth/token/lookup, POST) measured
// the same way in the same run; userpass also beside a bare bcrypt compare at cost 10, the work
// Vault's own userpass login does.
import { generateKeyPairSync, sign } from 'node:crypto';
import bcrypt from 'bcryptjs';
import { Pool } from 'undici';
import { startVault, type BootstrapFixture } from '../src/testing/index.js';
import { measure, timeRow, type BenchRow } from './harness.js';

const KEY = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Vault's userpass hashes with bcrypt.DefaultCost (golang.org/x/crypto/bcrypt: 10). */
const VAULT_BCRYPT_COST = 10;

const FIXTURE: BootstrapFixture = {
  auth: {
    approle: { type: 'approle', roles: { bench: { token_policies: ['default'], role_id: 'bench-role', secret_id: 'bench-secret' } } },
    userpass: { type: 'userpass', users: { bench: { password: 'bench-password', token_policies: 'default' } } },
    jwt: {
      type: 'jwt', config: { jwt_validation_pubkeys: [KEY.publicKey.export({ type: 'spki', format: 'pem' }).toString()] },
      roles: { bench: { role_type: 'jwt', user_claim: 'sub', bound_subject: 'bench', token_policies: 'default' } },
    },
  },
};

export async function run(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const us = (ns: number) => ns / 1000;
  await using vault = await startVault({ seed: 'login-bench', bootstrap: FIXTURE });
  const now = Math.floor(vault.clock.now() / 1000);
  const input = `${b64({ alg: 'ES256', typ: 'JWT' })}.${b64({ sub: 'bench', iat: now, exp: now + 3600 })}`;
  const jwt = `${input}.${sign('sha256', Buffer.from(input), { key: KEY.privateKey, dsaEncoding: 'ieee-p1363' }).toString('base64url')}`;
  const logins: Array<[string, string, Record<string, unknown>, number]> = [
    ['AppRole login', 'auth/approle/login', { role_id: 'bench-role', secret_id: 'bench-secret' }, 400],
    ['userpass login (bcrypt cost 10)', 'auth/userpass/login/bench', { password: 'bench-password' }, 1200],
    ['JWT login (ES256, static key)', 'auth/jwt/login', { role: 'bench', jwt }, 400],
  ];
  let failures = 0;

  // In process: the core's handle, as a test calling vault.handle would.
  const core = vault.vault;
  const inProcess = async (path: string, data: Record<string, unknown>, token = '') => {
    const r = await core.handle({ operation: 'update', path, data, token, remoteAddress: '127.0.0.1' });
    if (r.status !== 200) failures++;
  };
  // The anchor is auth/token/lookup by POST with a body, so both sides send a JSON body (a bodiless
  // GET over loopback is not the same exchange).
  const lookupIn = await measure(() => inProcess('auth/token/lookup', { token: vault.rootToken }, vault.rootToken), { timeMs: 300 });
  for (const [name, path, data, ms] of logins) {
    const t = await measure(() => inProcess(path, data), { timeMs: ms });
    rows.push(timeRow(`${name}, in process`, us(t.medianNs), us(lookupIn.medianNs), 'token lookup, in process', 'informational', null));
  }

  // Over HTTP: one keep-alive connection on loopback (undici Pool, as bench/http.bench.ts).
  const pool = new Pool(vault.url, { connections: 1 });
  const http = async (method: 'GET' | 'POST', path: string, body?: unknown, token?: string) => {
    const res = await pool.request({
      method, path: `/v1/${path}`, headers: { ...(token ? { 'x-vault-token': token } : {}), 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    await res.body.arrayBuffer();
    if (res.statusCode !== 200) failures++;
  };
  const lookupHttp = await measure(() => http('POST', 'auth/token/lookup', { token: vault.rootToken }, vault.rootToken), { timeMs: 300 });
  for (const [name, path, data, ms] of logins) {
    const t = await measure(() => http('POST', path, data), { timeMs: ms });
    rows.push(timeRow(`${name}, HTTP`, us(t.medianNs), us(lookupHttp.medianNs), 'token lookup, HTTP', 'informational', null));
  }

  await pool.close();

  // The userpass login's floor: one bcrypt compare at Vault's default cost.
  const hash = bcrypt.hashSync('bench-password', VAULT_BCRYPT_COST);
  const compare = await measure(() => bcrypt.compare('bench-password', hash), { timeMs: 1200 });
  const up = await measure(() => inProcess('auth/userpass/login/bench', { password: 'bench-password' }), { timeMs: 1200 });
  rows.push(timeRow('userpass login beside its bcrypt compare', us(up.medianNs), us(compare.medianNs), 'bcryptjs compare, cost 10', '≤ 1.2× the bcrypt compare', 1.2));

  if (failures > 0) throw new Error(`login bench: ${failures} requests did not answer 200`);
  return rows;
}
