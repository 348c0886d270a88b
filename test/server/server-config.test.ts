// `minivault server -config=…` in process (serverCommand, stopped through its abort signal):
// Vault-documentation configs in HCL and JSON served over https to node-vault and node:https with
// the CA; mutual TLS with tls_require_and_verify_client_cert; -dev-tls and VAULT_CACERT; -dev with
// -config; -bootstrap with and without -dev; a configured header timeout; and bad input, which
// exits 1 before anything listens.
import { X509Certificate } from 'node:crypto';
import { once } from 'node:events';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import https from 'node:https';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import nodeVault from 'node-vault';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createDevTls } from '../../src/server/dev-tls.js';
import { serverCommand } from '../../src/server/server-command.js';
import { createTlsCa, type IssuedCert, type TlsCa } from '../../src/x509/dev-certs.js';

interface Run { out(): string; code: Promise<number>; stop(): Promise<number> }
const runs: Run[] = [];
afterEach(async () => {
  await Promise.all(runs.splice(0).map((r) => r.stop()));
});

/** Starts the command; resolves once the banner is out (or with the exit code when it fails). */
async function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  let out = '';
  const stopper = new AbortController();
  const io = { stdout: (s: string) => { out += s; }, stderr: (s: string) => { out += s; }, stdin: undefined as never, env: { HOME: tmp(), ...env } };
  let started!: () => void;
  const ready = new Promise<void>((r) => { started = r; });
  const watch = { stdout: (s: string) => { io.stdout(s); if (out.includes('server started!')) started(); }, stderr: io.stderr, stdin: io.stdin, env: io.env };
  const code = serverCommand(args, watch, stopper.signal);
  const r: Run = { out: () => out, code, stop: () => { stopper.abort(); return code; } };
  runs.push(r);
  await Promise.race([ready, code]);
  return r;
}

const tmp = () => mkdtempSync(join(tmpdir(), 'mv-srv-'));
const portOf = (out: string, n = 1): number => Number(new RegExp(`Listener ${n}: tcp \\(addr: "[^"]*:(\\d+)"`).exec(out)![1]);

function get(port: number, path: string, tls: { ca: string; cert?: string; key?: string }, token?: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port, path: `/v1/${path}`, agent: false, ...tls, headers: token ? { 'X-Vault-Token': token } : {} }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text ? JSON.parse(text) : undefined }));
    }).on('error', reject);
  });
}

let ca: TlsCa;
let server: IssuedCert;
let dir: string;
const files = { ca: '', cert: '', key: '', otherKey: '' };
beforeAll(async () => {
  ca = createTlsCa();
  server = ca.issue({ commonName: 'localhost', dnsNames: ['localhost'], ipAddresses: ['127.0.0.1'] });
  const other = ca.issue({ commonName: 'other' });
  dir = tmp();
  for (const [k, v] of [['ca', ca.certPem], ['cert', server.certPem], ['key', server.keyPem], ['otherKey', other.keyPem]] as const) {
    files[k] = join(dir, `${k}.pem`);
    writeFileSync(files[k], v);
  }
});

const tlsListener = (extra = '') => `listener "tcp" {\n  address = "127.0.0.1:0"\n  tls_cert_file = "${files.cert}"\n  tls_key_file = "${files.key}"\n${extra}}\n`;

describe('minivault server -config', () => {
  it('serves a documented HCL config (file storage, TLS listener) that node-vault inits, unseals and uses over https', async () => {
    const conf = join(tmp(), 'vault.hcl');
    writeFileSync(conf, `ui = true\ndisable_mlock = true\napi_addr = "https://127.0.0.1:8200"\nstorage "file" {\n  path = "${tmp()}"\n}\n${tlsListener()}`);
    const r = await run([`-config=${conf}`]);
    expect(r.out()).toMatch(/Listener 1: tcp \(addr: "127\.0\.0\.1:\d+", cluster address: "127\.0\.0\.1:\d+", max_request_duration: "1m30s", max_request_size: "33554432", tls: "enabled"\)/);
    const client = nodeVault({ endpoint: `https://127.0.0.1:${portOf(r.out())}`, requestOptions: { ca: ca.certPem } } as never) as any;
    const init = await client.init({ secret_shares: 1, secret_threshold: 1 });
    await client.unseal({ key: init.keys[0] });
    client.token = init.root_token;
    await client.mount({ mount_point: 'kv', type: 'kv', options: { version: '2' } });
    await client.write('kv/data/a', { data: { v: 1 } });
    expect((await client.read('kv/data/a')).data.data).toEqual({ v: 1 });
    expect(await r.stop()).toBe(0);
  });

  it('serves a JSON config with two listeners, TLS and plain, and logs unknown keys with their position', async () => {
    const conf = join(tmp(), 'vault.json');
    writeFileSync(conf, JSON.stringify({
      storage: { inmem: {} }, bogus: true,
      listener: [{ tcp: { address: '127.0.0.1:0', tls_cert_file: files.cert, tls_key_file: files.key } }, { tcp: { address: '127.0.0.1:0', tls_disable: true } }],
    }));
    const r = await run([`-config=${conf}`]);
    expect((await get(portOf(r.out(), 1), 'sys/seal-status', { ca: ca.certPem })).body.sealed).toBe(true);
    const plain = await fetch(`http://127.0.0.1:${portOf(r.out(), 2)}/v1/sys/seal-status`);
    expect(plain.status).toBe(200);
    expect(r.out()).toContain('WARNING: storage configured to use "inmem" which should NOT be used in production');
    expect(r.out()).toContain(`[WARN]  unknown or unsupported field bogus found in configuration at ${conf}:1:`);
    expect(r.out()).toContain('[WARN]  no `api_addr` value specified in config or in VAULT_API_ADDR; falling back to detection if possible, but this value should be manually set');
    expect(r.out()).toContain('[WARN]  minivault does not lock its memory (mlock)');
  });

  it('requires a client certificate signed by tls_client_ca_file with tls_require_and_verify_client_cert', async () => {
    const conf = join(tmp(), 'mtls.hcl');
    writeFileSync(conf, `storage "inmem" {}\n${tlsListener(`  tls_require_and_verify_client_cert = true\n  tls_client_ca_file = "${files.ca}"\n`)}`);
    const r = await run([`-config=${conf}`]);
    const port = portOf(r.out());
    await expect(get(port, 'sys/health', { ca: ca.certPem })).rejects.toThrow();
    const client = ca.issue({ commonName: 'app', usage: ['client'] });
    expect((await get(port, 'sys/seal-status', { ca: ca.certPem, cert: client.certPem, key: client.keyPem })).status).toBe(200);
  });

  it('answers 413 for a body over the configured max_request_size', async () => {
    const conf = join(tmp(), 'small.hcl');
    writeFileSync(conf, 'storage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:0"\n  tls_disable = true\n  max_request_size = 64\n}\n');
    const r = await run([`-config=${conf}`]);
    expect(r.out()).toMatch(/max_request_size: "64"/);
    const base = `http://127.0.0.1:${portOf(r.out())}/v1/sys/init`;
    expect((await fetch(base, { method: 'PUT', body: JSON.stringify({ secret_shares: 1, secret_threshold: 1, pgp_keys: ['x'.repeat(100)] }) })).status).toBe(413);
    expect((await fetch(base, { method: 'PUT', body: JSON.stringify({ secret_shares: 1, secret_threshold: 1 }) })).status).toBe(200);
  });

  it('drops a slow header at the configured http_read_header_timeout', async () => {
    const conf = join(tmp(), 'slow.hcl');
    writeFileSync(conf, 'storage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:0"\n  tls_disable = true\n  http_read_header_timeout = "100ms"\n}\n');
    const r = await run([`-config=${conf}`]);
    const socket = connect(portOf(r.out()), '127.0.0.1');
    socket.on('error', () => undefined);
    socket.write('GET /v1/sys/health HTTP/1.1\r\nHost: x');
    await once(socket, 'close');
  });
});

describe('minivault server -dev-tls and -dev with -config', () => {
  it('serves the dev vault over https with a CA made at start, printing VAULT_CACERT, and removes the files on exit', async () => {
    const certDir = tmp();
    const r = await run(['-dev-tls', `-dev-tls-cert-dir=${certDir}`, '-dev-listen-address=127.0.0.1:0', '-dev-root-token-id=root', '-dev-no-store-token']);
    const caFile = join(certDir, 'vault-ca.pem');
    expect(r.out()).toMatch(/^ {4}\$ export VAULT_ADDR='https:\/\/127\.0\.0\.1:\d+'\n {4}\$ export VAULT_CACERT='(.*)'\n\n/m);
    expect(r.out()).toContain(`    $ export VAULT_CACERT='${caFile}'`);
    expect(statSync(caFile).mode & 0o777).toBe(0o444);
    expect(statSync(join(certDir, 'vault-key.pem')).mode & 0o777).toBe(0o400);
    expect(readFileSync(join(certDir, 'vault-key.pem'), 'utf8')).toContain('-----BEGIN EC PRIVATE KEY-----');
    const got = await get(portOf(r.out()), 'secret/config', { ca: readFileSync(caFile, 'utf8') }, 'root');
    expect(got.status).toBe(200);
    expect(await r.stop()).toBe(0);
    expect(existsSync(caFile)).toBe(false);
    expect(existsSync(certDir)).toBe(true);
  });

  it('makes the dev server certificate for the localhost names, 127.0.0.1, the host name and each -dev-tls-san', async () => {
    const made = await createDevTls('', ['vault.example', '10.1.2.3']);
    expect(made.dir).toMatch(/vault-tls[^/]*$/);
    const cert = new X509Certificate(readFileSync(made.certFile));
    expect(cert.subjectAltName).toContain('DNS:localhost, DNS:localhost4, DNS:localhost6, DNS:localhost.localdomain');
    expect(cert.subjectAltName).toContain('DNS:vault.example');
    expect(cert.subjectAltName).toContain('IP Address:127.0.0.1, IP Address:10.1.2.3');
    expect(cert.checkIssued(new X509Certificate(made.caPem))).toBe(true);
    made.cleanup();
    expect(existsSync(made.dir)).toBe(false);
  });

  it('refuses a -dev-tls-cert-dir that does not exist', async () => {
    const r = await run(['-dev-tls', '-dev-tls-cert-dir=/nonexistent/certs', '-dev-listen-address=127.0.0.1:0']);
    expect(await r.code).toBe(1);
    expect(r.out()).toBe('stat /nonexistent/certs: no such file or directory\n');
  });

  it("adds the config's listeners after the dev listener", async () => {
    const conf = join(tmp(), 'extra.hcl');
    writeFileSync(conf, tlsListener());
    const r = await run(['-dev', '-dev-listen-address=127.0.0.1:0', '-dev-root-token-id=root', '-dev-no-store-token', `-config=${conf}`]);
    expect(r.out()).toMatch(/Listener 1: .*tls: "disabled"/);
    expect(r.out()).toMatch(/Listener 2: .*tls: "enabled"/);
    expect((await get(portOf(r.out(), 2), 'secret/config', { ca: ca.certPem }, 'root')).status).toBe(200);
  });
});

describe('minivault server -dev with persistent storage from -config', () => {
  it('initialises the dev vault in the configured storage, and refuses to start dev mode on it again', async () => {
    const conf = join(tmp(), 'file.hcl');
    writeFileSync(conf, `storage "file" {\n  path = "${tmp()}"\n}\n`);
    const args = ['-dev', '-dev-listen-address=127.0.0.1:0', '-dev-no-store-token', `-config=${conf}`];
    const first = await run(args);
    expect(first.out()).toMatch(/^Storage: file \(/m);
    expect(await first.stop()).toBe(0);
    const second = await run(args);
    expect(await second.code).toBe(1);
    expect(second.out()).toBe('Error initializing Dev mode: Vault is already initialized\n');
  });
});

describe('minivault server -bootstrap', () => {
  const fixture = () => {
    const file = join(tmp(), 'fixture.json');
    writeFileSync(file, JSON.stringify({ policies: { reader: { policy: 'path "secret/*" { capabilities = ["read"] }' } } }));
    return file;
  };

  it('applies the fixture after dev init', async () => {
    const r = await run(['-dev', '-dev-listen-address=127.0.0.1:0', '-dev-root-token-id=root', '-dev-no-store-token', `-bootstrap=${fixture()}`]);
    const res = await fetch(`http://127.0.0.1:${portOf(r.out())}/v1/sys/policies/acl/reader`, { headers: { 'X-Vault-Token': 'root' } });
    expect(res.status).toBe(200);
  });

  it('without -dev (from MINIVAULT_BOOTSTRAP), applies it once the vault is initialised and unsealed', async () => {
    const conf = join(tmp(), 'v.hcl');
    writeFileSync(conf, 'storage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:0"\n  tls_disable = 1\n}\n');
    const r = await run([`-config=${conf}`], { MINIVAULT_BOOTSTRAP: fixture() });
    const base = `http://127.0.0.1:${portOf(r.out())}/v1`;
    const init = (await (await fetch(`${base}/sys/init`, { method: 'PUT', body: JSON.stringify({ secret_shares: 1, secret_threshold: 1 }) })).json()) as { keys: string[]; root_token: string };
    expect((await fetch(`${base}/sys/unseal`, { method: 'PUT', body: JSON.stringify({ key: init.keys[0] }) })).status).toBe(200);
    const res = await fetch(`${base}/sys/policies/acl/reader`, { headers: { 'X-Vault-Token': init.root_token } });
    expect(res.status).toBe(200);
  });
});

describe('minivault server: bad input exits 1 before anything listens', () => {
  const fails = async (args: string[], message: string) => {
    const r = await run(args);
    expect(await r.code).toBe(1);
    expect(r.out()).toContain(message);
    expect(r.out()).not.toContain('server started');
  };

  it('answers no config, an unparseable config, an empty directory, missing and mismatched TLS files', async () => {
    await fails([], 'Must specify at least one config path using -config');
    await fails(['-dev', '-dev-listen-address=127.0.0.1:0', '-log-level=loud'], 'unknown log level: loud');
    const bad = join(tmp(), 'bad.hcl');
    writeFileSync(bad, 'listener "tcp" {\n  address = "127.0.0.1:0"\n');
    await fails([`-config=${bad}`], `error loading configuration from ${bad}: At 3:1:`);
    await fails([`-config=${tmp()}`], 'A storage backend must be specified');
    const missing = join(tmp(), 'missing.hcl');
    writeFileSync(missing, `storage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:0"\n  tls_cert_file = "/nonexistent/cert.pem"\n  tls_key_file = "${files.key}"\n}\n`);
    await fails([`-config=${missing}`], 'Error initializing listener of type tcp: error loading TLS cert: open /nonexistent/cert.pem: no such file or directory');
    const mismatch = join(tmp(), 'mismatch.hcl');
    writeFileSync(mismatch, `storage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:0"\n  tls_cert_file = "${files.cert}"\n  tls_key_file = "${files.otherKey}"\n}\n`);
    await fails([`-config=${mismatch}`], 'Error initializing listener of type tcp: error loading TLS cert: tls: private key does not match public key');
  });

  it('answers an address in use, closing the listeners it had already bound', async () => {
    const blocker = createServer();
    blocker.listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const port = (blocker.address() as { port: number }).port;
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const firstPort = (probe.address() as { port: number }).port;
    await new Promise((r) => probe.close(r));
    const conf = join(tmp(), 'busy.hcl');
    writeFileSync(conf, `storage "inmem" {}\nlistener "tcp" {\n  address = "127.0.0.1:${firstPort}"\n  tls_disable = true\n}\nlistener "tcp" {\n  address = "127.0.0.1:${port}"\n  tls_disable = true\n}\n`);
    await fails([`-config=${conf}`], `Error initializing listener of type tcp: listen tcp 127.0.0.1:${port}: bind: address already in use`);
    await expect(fetch(`http://127.0.0.1:${firstPort}/v1/sys/health`)).rejects.toThrow();
    blocker.close();
  });
});
