// cert `login` (V builtin/credential/cert/path_login.go pathLogin, verifyCredentials,
// matchesConstraints) through core with the chain the TLS layer would hand over: the auth block,
// the token's policy reading a secret, chains through intermediates, trusted leaves, every
// constraint, CRLs, expiry and Vault's refusals; the renew check of CertBackend.renewAuth; and
// the whole login over mTLS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CertBackend } from '../../../src/credential/cert/index.js';
import * as E from '../../../src/errors/cert.js';
import { loadX509 } from '../../../src/x509/load.js';
import { startVault, type StartedVault, type TestVault } from '../../../src/testing/index.js';
import { createTlsCa } from '../../../src/x509/dev-certs.js';
import { authOf, body, login, makeCa, makeCert, refused, vaultWithCert, type TestCert } from './helpers.js';

let ca: TestCert;
let other: TestCert;
let client: TestCert;

beforeAll(async () => {
  ca = await makeCa('CN=Team CA');
  other = await makeCa('CN=Other CA');
  client = await makeCert({ subject: 'CN=alice,OU=eng', dns: ['alice.example'], emails: ['alice@example.com'], uris: ['spiffe://example/alice'] }, ca);
});

async function trusting(entry: Record<string, unknown> = {}): Promise<TestVault> {
  const vault = await vaultWithCert();
  const r = await vault.request('update', 'auth/cert/certs/team', { certificate: ca.pem, token_policies: 'team', ...entry });
  if (r.status !== 204) throw new Error(JSON.stringify(r.body));
  return vault;
}

const backendOf = (vault: TestVault) => {
  const routed = vault.core.unsealed!.mounts.route('auth/cert/');
  return routed!.backend as CertBackend;
};

describe('cert login', () => {
  it('logs in with a certificate from a trusted CA and the token reads a secret under the entry policy', async () => {
    const vault = await trusting();
    await vault.request('update', 'sys/policies/acl/team', { policy: 'path "secret/data/team" { capabilities = ["read"] }' });
    await vault.request('update', 'secret/data/team', { data: { k: 'v' } });
    const res = await login(vault, [client]);
    expect(res.status).toBe(200);
    const auth = authOf(res);
    expect(auth).toMatchObject({ policies: ['default', 'team'], renewable: true, orphan: true, token_type: 'service' });
    const x = await loadX509();
    const parsed = new x.X509Certificate(client.der);
    const ski = parsed.getExtension(x.SubjectKeyIdentifierExtension)!.keyId.match(/../g)!.join(':');
    const aki = parsed.getExtension(x.AuthorityKeyIdentifierExtension)!.keyId!.match(/../g)!.join(':');
    expect(auth.metadata).toEqual({ authority_key_id: aki, cert_name: 'team', common_name: 'alice', serial_number: client.serial, subject_key_id: ski });
    expect(Object.keys(auth.metadata)).toEqual(Object.keys(auth.metadata).sort());
    const self = body(await vault.request('read', 'auth/token/lookup-self', undefined, auth.client_token)).data;
    expect(self).toMatchObject({ display_name: 'cert-team', path: 'auth/cert/login' });
    expect(body(await vault.request('read', 'secret/data/team', undefined, auth.client_token)).data.data).toEqual({ k: 'v' });
  });

  it('gives the entity alias the certificate metadata only with enable_identity_alias_metadata', async () => {
    const vault = await trusting();
    const aliasMeta = async () => {
      const auth = authOf(await login(vault, [client]));
      const entity = body(await vault.request('read', `identity/entity/id/${auth.entity_id}`)).data;
      return { auth, meta: (entity.aliases as Array<{ metadata: unknown }>)[0]!.metadata };
    };
    expect((await aliasMeta()).meta).toBeNull();
    expect((await vault.request('update', 'auth/cert/config', { enable_identity_alias_metadata: true })).status).toBe(204);
    const { auth, meta } = await aliasMeta();
    expect(meta).toEqual(auth.metadata); // path_login.go: the same map as the token's
  });

  it('refuses a certificate from another CA, no TLS and no certificate with Vault\'s texts', async () => {
    const vault = await trusting();
    const stranger = await makeCert({ subject: 'CN=mallory' }, other);
    expect(refused(await login(vault, [stranger]))).toEqual([400, [E.ERR_CERT_NO_MATCH]]);
    // A certificate naming the trusted CA as issuer but signed by another key is no better.
    const forged = await makeCert({ subject: 'CN=mallory' }, { ...other, name: ca.name });
    expect(refused(await login(vault, [forged]))).toEqual([400, [E.ERR_CERT_NO_MATCH]]);
    expect(refused(await login(vault, undefined))).toEqual([400, [E.ERR_CERT_TLS_REQUIRED]]);
    expect(refused(await login(vault, []))).toEqual([400, [E.ERR_CERT_CLIENT_CERT_REQUIRED]]);
    const empty = await vaultWithCert();
    expect(refused(await login(empty, [client]))).toEqual([400, [E.ERR_CERT_NO_MATCH]]);
  });

  it('verifies chains through presented intermediates and limits matching to the named entry', async () => {
    const vault = await trusting();
    const mid = await makeCert({ subject: 'CN=Issuing CA', ca: true }, ca);
    const leaf = await makeCert({ subject: 'CN=bob' }, mid);
    expect(refused(await login(vault, [leaf]))).toEqual([400, [E.ERR_CERT_NO_MATCH]]);
    expect(authOf(await login(vault, [leaf, mid])).metadata.common_name).toBe('bob');
    await vault.request('update', 'auth/cert/certs/other', { certificate: other.pem, display_name: 'partners' });
    expect(refused(await login(vault, [client], { name: 'other' }))).toEqual([400, [E.ERR_CERT_NO_MATCH]]);
    expect((await login(vault, [client], { name: 'TEAM' })).status).toBe(200);
    const partner = await makeCert({ subject: 'CN=pat' }, other);
    const lookup = body(await vault.request('read', 'auth/token/lookup-self', undefined, authOf(await login(vault, [partner])).client_token)).data;
    expect(lookup.display_name).toBe('cert-partners');
  });

  it('checks every constraint; the first entry whose constraints match wins', async () => {
    const ext = await makeCert({ subject: 'CN=ext', ext: [{ oid: '1.2.3.4', value: 'gold' }, { oid: '1.2.3.5', value: 'm' }] }, ca);
    const cases: Array<[Record<string, unknown>, TestCert, boolean]> = [
      [{ allowed_common_names: 'ali*' }, client, true], [{ allowed_common_names: 'bob' }, client, false],
      [{ allowed_names: 'alice.example' }, client, true], [{ allowed_names: 'nobody' }, client, false],
      [{ allowed_dns_sans: '*.example' }, client, true], [{ allowed_dns_sans: '*.test' }, client, false],
      [{ allowed_email_sans: '*@example.com' }, client, true], [{ allowed_email_sans: 'x@y' }, client, false],
      [{ allowed_uri_sans: 'spiffe://example/*' }, client, true], [{ allowed_uri_sans: 'spiffe://other/*' }, client, false],
      [{ allowed_organizational_units: 'eng' }, client, true], [{ allowed_organizational_units: 'sales' }, client, false],
      [{ required_extensions: '1.2.3.4:go*' }, ext, true], [{ required_extensions: '1.2.3.4:silver' }, ext, false],
      [{ required_extensions: `hex:1.2.3.4:${Buffer.from([0x0c, 4, ...Buffer.from('gold')]).toString('hex').toUpperCase()}` }, ext, true],
      [{ required_extensions: '1.2.3.4' }, ext, false], [{ required_extensions: '1.2.3.4:gold' }, client, false],
    ];
    const shared = await vaultWithCert();
    for (const [i, [constraint, cert, ok]] of cases.entries()) {
      await shared.request('update', `auth/cert/certs/c${i}`, { certificate: ca.pem, ...constraint });
      const r = await login(shared, [cert], { name: `c${i}` });
      expect([JSON.stringify(constraint), r.status]).toEqual([JSON.stringify(constraint), ok ? 200 : 400]);
      if (!ok) expect(refused(r)[1]).toEqual([E.ERR_CERT_NO_MATCH]);
    }
    const vault = await trusting({ allowed_metadata_extensions: '1.2.3.4,9.9' });
    expect(authOf(await login(vault, [ext])).metadata).toMatchObject({ '1-2-3-4': 'gold', cert_name: 'team' });
    expect(authOf(await login(vault, [ext])).metadata).not.toHaveProperty('1-2-3-5');
    await vault.request('update', 'auth/cert/certs/aaa', { certificate: ca.pem, allowed_common_names: 'ext', display_name: 'first' });
    expect(authOf(await login(vault, [ext])).metadata.cert_name).toBe('aaa');
    expect(authOf(await login(vault, [client])).metadata.cert_name).toBe('team');
  });

  it('refuses revoked, expired, server-only and CN-less certificates, and bound CIDRs', async () => {
    const x = await loadX509();
    const vault = await trusting();
    const crl = await x.X509CrlGenerator.create({
      issuer: ca.name, thisUpdate: new Date(Date.UTC(2025, 5, 1)), signingKey: ca.keys.privateKey,
      signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, entries: [{ serialNumber: BigInt(client.serial).toString(16).padStart(2, '0') }],
    });
    await vault.request('update', 'auth/cert/crls/team', { crl: crl.toString('pem') });
    expect(refused(await login(vault, [client]))).toEqual([400, [E.ERR_CERT_NO_MATCH]]);
    await vault.request('delete', 'auth/cert/crls/team');
    expect((await login(vault, [client])).status).toBe(200);

    const expired = await makeCert({ subject: 'CN=old', notAfter: new Date(Date.UTC(2025, 6, 1)) }, ca);
    // Validity is checked against the wall clock, as Go's x509 does (time.Now).
    const stale = refused(await login(vault, [expired]));
    expect(stale[0]).toBe(500);
    expect((stale[1] as string[])[0]).toMatch(new RegExp(`^failed to verify client's certificate: x509: certificate has expired or is not yet valid: current time \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ is after 2025-07-01T00:00:00Z$`));
    const server = await makeCert({ subject: 'CN=srv', usage: ['server'] }, ca);
    expect(refused(await login(vault, [server]))).toEqual([500, [E.errCertVerify(E.ERR_X509_INCOMPATIBLE_USAGE)]]);
    const anonymous = await makeCert({ subject: 'O=nobody' }, ca);
    expect(refused(await login(vault, [anonymous]))).toEqual([500, [E.ERR_MISSING_ALIAS_NAME]]);
    await vault.request('update', 'auth/cert/certs/team', { token_bound_cidrs: '10.0.0.0/8' });
    expect(refused(await login(vault, [client]))).toEqual([403, ['permission denied']]);
    expect((await login(vault, [client], {}, '10.1.2.3')).status).toBe(200);
  });

  it('trusts a registered leaf by serial, authority key and public key', async () => {
    const vault = await vaultWithCert();
    const selfSigned = await makeCert({ subject: 'CN=device' });
    expect((await vault.request('update', 'auth/cert/certs/device', { certificate: selfSigned.pem })).status).toBe(204);
    expect(authOf(await login(vault, [selfSigned])).metadata.cert_name).toBe('device');
    const impostor = await makeCert({ subject: 'CN=device', serial: Number(selfSigned.serial) });
    expect(refused(await login(vault, [impostor]))).toEqual([400, [E.ERR_CERT_LEAF_KEY_MISMATCH]]);
  });

  it('answers OCSP-enabled entries as not implemented', async () => {
    const vault = await trusting({ ocsp_enabled: true });
    const r = await login(vault, [client]);
    expect([r.status, r.headers?.['x-minivault-unsupported']]).toEqual([400, 'true']);
  });

  it('re-checks the certificate, the entry and its policies on renewal (AuthRenew)', async () => {
    const vault = await trusting({ token_ttl: '1h' });
    const meta = authOf(await login(vault, [client])).metadata;
    const b = backendOf(vault);
    expect(await b.renewAuth(meta, ['default', 'team'], [client.der])).toEqual({ ttl: 3600, maxTtl: 0, period: 0 });
    await expect(b.renewAuth(meta, ['team'], undefined)).rejects.toThrow(E.ERR_CERT_TLS_REQUIRED);
    const stranger = await makeCert({ subject: 'CN=alice' }, other);
    await expect(b.renewAuth(meta, ['team'], [stranger.der])).rejects.toThrow(E.ERR_CERT_NO_MATCH);
    const sibling = await makeCert({ subject: 'CN=carol' }, ca);
    const sameCa = await b.renewAuth(meta, ['team'], [sibling.der]); // 1.18: only both key IDs differing refuses
    expect(sameCa).not.toBeNull();
    await vault.request('update', 'auth/cert/config', { disable_binding: true });
    await vault.request('update', 'auth/cert/certs/team', { token_policies: 'other' });
    await expect(b.renewAuth(meta, ['team'], undefined)).rejects.toThrow(E.ERR_CERT_RENEW_POLICIES);
    await vault.request('delete', 'auth/cert/certs/team');
    expect(await b.renewAuth(meta, ['team'], undefined)).toBeNull();
  });

  it('renews through auth/token/renew-self: binding needs the certificate again, disable_binding does not', async () => {
    const vault = await trusting({ token_ttl: '1h' });
    const token = authOf(await login(vault, [client])).client_token;
    // core hands the renew handler no connection state: as over plain HTTP in Vault.
    expect(refused(await vault.request('update', 'auth/token/renew-self', {}, token))).toEqual([400, [E.ERR_CERT_TLS_REQUIRED]]);
    await vault.request('update', 'auth/cert/config', { disable_binding: true });
    await vault.request('update', 'auth/cert/certs/team', { token_ttl: '2h' });
    const renewed = await vault.request('update', 'auth/token/renew-self', {}, token);
    expect([renewed.status, authOf(renewed).lease_duration]).toEqual([200, 7200]);
    await vault.request('update', 'auth/cert/certs/team', { token_policies: 'other' });
    expect(refused(await vault.request('update', 'auth/token/renew-self', {}, token)))
      .toEqual([500, [`1 error occurred:\n\t* failed to renew entry: ${E.ERR_CERT_RENEW_POLICIES}\n\n`]]);
  });

  it('keeps certificates and tokens out of the audit log except as HMACs', async () => {
    const vault = await trusting();
    expect((await vault.request('update', 'sys/audit/mem', { type: 'memory' })).status).toBe(204);
    const token = authOf(await login(vault, [client])).client_token;
    const entries = JSON.stringify(vault.audit.memory('mem/')?.entries());
    expect(entries).toContain('auth/cert/login');
    expect(entries).not.toContain(token);
  });
});

// End to end over https: startVault({ tls: true }) requests (not requires) a client certificate
// and hands the chain the handshake received to the method.
describe('cert login over mTLS', () => {
  let v: StartedVault;
  beforeAll(async () => { v = await startVault({ tls: true, rootToken: 'root', seed: 3 }); });
  afterAll(async () => { await v.close(); });

  it('logs in with the connection\'s client certificate and refuses others', async () => {
    const tls = v.tls!;
    const root = { token: 'root' };
    expect((await tls.request('POST', 'sys/auth/cert', { ...root, data: { type: 'cert' } })).status).toBe(204);
    expect((await tls.request('POST', 'auth/cert/certs/app', { ...root, data: { certificate: tls.caPem, token_policies: 'app', allowed_common_names: 'app-*' } })).status).toBe(204);
    await tls.request('POST', 'sys/policies/acl/app', { ...root, data: { policy: 'path "secret/data/app" { capabilities = ["read"] }' } });
    await tls.request('POST', 'secret/data/app', { ...root, data: { data: { k: 'v' } } });

    const cert = await tls.issueClientCert({ commonName: 'app-1' });
    const res = await tls.request('POST', 'auth/cert/login', { clientCert: cert });
    expect(res.status).toBe(200);
    const auth = (res.body as { auth: { client_token: string; metadata: Record<string, string> } }).auth;
    expect(auth.metadata).toMatchObject({ cert_name: 'app', common_name: 'app-1' });
    const secret = await tls.request('GET', 'secret/data/app', { token: auth.client_token });
    expect((secret.body as { data: { data: unknown } }).data.data).toEqual({ k: 'v' });

    const wrongName = await tls.request('POST', 'auth/cert/login', { clientCert: await tls.issueClientCert({ commonName: 'db-1' }) });
    expect([wrongName.status, (wrongName.body as { errors: string[] }).errors]).toEqual([400, ['failed to match all constraints for this login certificate']]);
    const otherCa = createTlsCa('another CA');
    const foreign = otherCa.issue({ commonName: 'app-2', usage: ['client'] });
    const refused = await tls.request('POST', 'auth/cert/login', { clientCert: foreign });
    expect([refused.status, (refused.body as { errors: string[] }).errors]).toEqual([400, ['failed to match all constraints for this login certificate']]);
  });

  // Vault tells a TLS connection without a certificate apart from plain HTTP ("tls connection
  // required"): the TLS layer hands an empty chain for the former.
  it('answers "client certificate must be supplied" over TLS without a client certificate', async () => {
    const tls = v.tls!;
    await tls.request('POST', 'sys/auth/cert', { token: 'root', data: { type: 'cert' } });
    const none = await tls.request('POST', 'auth/cert/login', {});
    expect([none.status, (none.body as { errors: string[] }).errors]).toEqual([400, ['client certificate must be supplied']]);
  });
});
