// The hand-written DER certificates of src/http/tls-certs.ts, checked by real consumers: the
// openssl CLI (verify against the CA, extension dump) and node's X509Certificate.
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createTlsCa, verifiesWith } from '../../src/x509/dev-certs.js';

describe('TLS certificates for listeners', () => {
  const ca = createTlsCa('Vault Dev CA');
  const leaf = ca.issue({ commonName: 'localhost', dnsNames: ['localhost', 'vault.internal'], ipAddresses: ['127.0.0.1', '::1', '10.0.0.7'], usage: ['server', 'client'] });

  it('makes a CA and a leaf that openssl verifies, with the extensions of Vault dev certificates', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-certs-'));
    writeFileSync(join(dir, 'ca.pem'), ca.certPem);
    writeFileSync(join(dir, 'leaf.pem'), leaf.certPem);
    expect(execFileSync('openssl', ['verify', '-CAfile', join(dir, 'ca.pem'), join(dir, 'leaf.pem')]).toString()).toContain(': OK');
    const text = execFileSync('openssl', ['x509', '-in', join(dir, 'leaf.pem'), '-noout', '-text']).toString();
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    expect(text).toMatch(/Extended Key Usage: \s*\n\s+TLS Web Server Authentication, TLS Web Client Authentication/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toContain('DNS:localhost, DNS:vault.internal, IP Address:127.0.0.1, IP Address:0:0:0:0:0:0:0:1, IP Address:10.0.0.7');
    const caText = execFileSync('openssl', ['x509', '-in', join(dir, 'ca.pem'), '-noout', '-text']).toString();
    expect(caText).toMatch(/Basic Constraints: critical\s+CA:TRUE/);
    expect(caText).toMatch(/Key Usage: critical\s+Certificate Sign\n/);
  });

  it("reads back in node's X509Certificate: issuer, subject, validity, CA flag, serial below 2^159", () => {
    const cert = new X509Certificate(leaf.certPem);
    const root = new X509Certificate(ca.certPem);
    expect(verifiesWith(leaf.certPem, ca.certPem)).toBe(true);
    expect(verifiesWith(createTlsCa().issue({ commonName: 'x' }).certPem, ca.certPem)).toBe(false);
    expect([cert.subject, cert.issuer, root.subject, root.ca, cert.ca]).toEqual(['CN=localhost', 'CN=Vault Dev CA', 'CN=Vault Dev CA', true, false]);
    const days = (Date.parse(cert.validTo) - Date.parse(cert.validFrom)) / 86_400_000;
    expect(Math.round(days)).toBe(365);
    expect(BigInt(`0x${cert.serialNumber}`) < 2n ** 159n).toBe(true);
    expect(Buffer.from(leaf.der)).toEqual(cert.raw);
  });
});
