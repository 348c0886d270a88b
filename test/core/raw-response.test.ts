// A backend's raw answer (http/logical.go respondRaw): http_status_code in the data turns the
// response into bare bytes with the backend's Content-Type; refusals are 500 with
// X-Vault-Raw-Error. Checked on the unit and over the wire with PKI's `ca` and `ca/pem`.
import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { rawReply } from '../../src/core/raw-response.js';
import { startVault } from '../../src/testing/index.js';

describe('raw responses', () => {
  it('carry the status, the bytes (base64 decoded when it is base64) and the given headers', () => {
    expect(rawReply({ data: { http_status_code: 200, http_content_type: 'text/plain', http_raw_body: 'aGk=' } }))
      .toEqual({ status: 200, rawBody: new Uint8Array(Buffer.from('hi')), headers: { 'content-type': 'text/plain' } });
    expect(rawReply({ data: { http_status_code: 200, http_content_type: 'text/plain', http_raw_body: 'not base64!' } }).rawBody)
      .toEqual(new Uint8Array(Buffer.from('not base64!')));
    expect(rawReply({ data: { http_status_code: 204 } })).toEqual({ status: 204, rawBody: new Uint8Array(0), headers: {} });
    expect(rawReply({ data: { http_status_code: 401, http_content_type: 'application/json', http_raw_body: '{}', http_raw_cache_control: 'max-age=3600', http_raw_pragma: 'no-cache', http_www_authenticate: 'Bearer' } }).headers)
      .toEqual({ 'content-type': 'application/json', 'cache-control': 'max-age=3600', pragma: 'no-cache', 'www-authenticate': 'Bearer' });
  });

  it("refuses what respondRaw refuses, with Vault's reasons", () => {
    const refused = (reason: string) => ({ status: 500, body: { errors: [] }, headers: { 'x-vault-raw-error': reason } });
    expect(rawReply({ data: { http_status_code: 200 } })).toEqual(refused('no content type given'));
    expect(rawReply({ data: { http_status_code: '200' } })).toEqual(refused('cannot decode status code'));
    expect(rawReply({ data: { http_status_code: 200, http_content_type: 7 } })).toEqual(refused('cannot decode content type'));
    expect(rawReply({ data: { http_status_code: 200, http_content_type: 'x', http_raw_body: 5 } })).toEqual(refused('cannot decode body'));
    expect(rawReply({ data: { http_status_code: 200, http_content_type: 'x' }, secret: { ttl: 1, maxTtl: 1, renewable: false } }))
      .toEqual(refused('raw responses cannot contain secrets or auth'));
  });

  it('reach HTTP clients as bare bytes: PKI ca (DER) and ca/pem, with no envelope and no token', async () => {
    await using v = await startVault();
    await v.vault.request('update', 'sys/mounts/pki', { type: 'pki' });
    await v.vault.request('update', 'pki/root/generate/internal', { common_name: 'Raw Root', key_type: 'ec' });
    const der = await fetch(`${v.url}/v1/pki/ca`);
    expect(der.status).toBe(200);
    expect(der.headers.get('content-type')).toBe('application/pkix-cert');
    expect(der.headers.get('cache-control')).toBe('no-store');
    expect(new X509Certificate(Buffer.from(await der.arrayBuffer())).subject).toBe('CN=Raw Root');
    const pem = await fetch(`${v.url}/v1/pki/ca/pem`);
    expect(pem.headers.get('content-type')).toBe('application/pem-certificate-chain');
    const text = await pem.text();
    expect(text.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(new X509Certificate(text).subject).toBe('CN=Raw Root');
  });

  it("send identity's discovery document as json.Marshal writes it, cacheable for an hour", async () => {
    await using v = await startVault();
    const res = await fetch(`${v.url}/v1/identity/oidc/.well-known/openid-configuration`);
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([200, 'application/json', 'max-age=3600']);
    const text = await res.text();
    expect(text.endsWith('}')).toBe(true); // no trailing newline, unlike the envelope
    expect(Object.keys(JSON.parse(text))).toEqual(['issuer', 'jwks_uri', 'response_types_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported']);
  });
});
