// Vault's server configuration as src/server/config*.ts and setup.ts read it: configs from Vault's
// documentation in HCL and JSON, merging of files and directories, and Vault's errors with file and
// position. Pure parsing: no socket is opened here.
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfigPath, mergeConfig } from '../../src/server/config-load.js';
import { parseServerConfig, type ServerConfig } from '../../src/server/config.js';
import { createTlsCa } from '../../src/x509/dev-certs.js';
import { planServer } from '../../src/server/setup.js';

const dir = () => mkdtempSync(join(tmpdir(), 'mv-config-'));
const write = (d: string, name: string, text: string): string => {
  writeFileSync(join(d, name), text);
  return join(d, name);
};

// developer.hashicorp.com/vault/docs/configuration (the example at the top of the page)
const DOCS_HCL = `
ui            = true
cluster_addr  = "https://127.0.0.1:8201"
api_addr      = "https://127.0.0.1:8200"
disable_mlock = true

storage "raft" {
  path = "/path/to/raft/data"
  node_id = "raft_node_id"
}

listener "tcp" {
  address       = "127.0.0.1:8200"
  tls_cert_file = "/path/to/full-chain.pem"
  tls_key_file  = "/path/to/private-key.pem"
}

telemetry {
  statsite_address = "127.0.0.1:8125"
  disable_hostname = true
}
`;

const DOCS_JSON = JSON.stringify({
  ui: true, cluster_addr: 'https://127.0.0.1:8201', api_addr: 'https://127.0.0.1:8200', disable_mlock: true,
  storage: { raft: { path: '/path/to/raft/data', node_id: 'raft_node_id' } },
  listener: [{ tcp: { address: '127.0.0.1:8200', tls_cert_file: '/path/to/full-chain.pem', tls_key_file: '/path/to/private-key.pem' } }],
  telemetry: { statsite_address: '127.0.0.1:8125', disable_hostname: true },
});

describe('server configuration: parsing', () => {
  it("reads the example of Vault's configuration page: raft storage, a TLS listener, api/cluster addresses, ui", () => {
    const c = parseServerConfig(DOCS_HCL, 'vault.hcl');
    expect(c.storage).toEqual({ type: 'raft', config: { path: '/path/to/raft/data', node_id: 'raft_node_id' } });
    expect(c.listeners).toHaveLength(1);
    expect(c.listeners[0]).toMatchObject({ type: 'tcp', address: '127.0.0.1:8200', tlsDisable: false, tlsCertFile: '/path/to/full-chain.pem', tlsKeyFile: '/path/to/private-key.pem' });
    expect(c).toMatchObject({ ui: true, disableMlock: true, apiAddr: 'https://127.0.0.1:8200', clusterAddr: 'https://127.0.0.1:8201' });
    // telemetry is accepted silently; the UI minivault lacks is said plainly
    expect(c.warnings).toEqual(['[WARN]  minivault has no web UI: ui = true (at vault.hcl:2:1) is accepted and /ui is not served']);
  });

  it('reads the same configuration written as JSON to the same result', () => {
    const { warnings: hclWarnings, ...fromHcl } = parseServerConfig(DOCS_HCL, 'x');
    const { warnings: jsonWarnings, ...fromJson } = parseServerConfig(DOCS_JSON, 'x');
    expect(fromJson).toEqual(fromHcl);
    expect(jsonWarnings).toHaveLength(hclWarnings.length);
  });

  it('decodes values as parseutil does: bools from numbers and strings, durations from seconds, Go durations and days', () => {
    const c = parseServerConfig(`
      default_lease_ttl = "24h"
      max_lease_ttl = "30d"
      default_max_request_duration = "45s"
      disable_cache = "true"
      backend "file" { path = "/data" }
      listener "tcp" {
        tls_disable = 1
        http_read_header_timeout = "250ms"
        http_idle_timeout = 7
        http_read_timeout = "1m"
        max_request_size = "-1"
        max_request_duration = "2s"
      }
      listener "tcp" { address = "0.0.0.0:8300" tls_disable = "false" }
    `, 'x.hcl');
    expect(c).toMatchObject({ defaultLeaseTtl: 86400, maxLeaseTtl: 30 * 86400, defaultMaxRequestDurationMs: 45_000, disableCache: true, storage: { type: 'file', config: { path: '/data' } } });
    expect(c.listeners[0]).toMatchObject({ tlsDisable: true, httpReadHeaderTimeoutMs: 250, httpIdleTimeoutMs: 7000, httpReadTimeoutMs: 60_000, maxRequestSize: -1, maxRequestDurationMs: 2000, address: '127.0.0.1:8200' });
    expect(c.listeners[1]).toMatchObject({ tlsDisable: false, address: '0.0.0.0:8300' });
  });

  it("reports unknown keys as Vault's lint warnings with file, line and column, and does not stop", () => {
    const c = parseServerConfig('storage "inmem" {}\nbogus_key = 1\nlistener "tcp" {\n  tls_disable = true\n  not_a_listener_key = "x"\n}\n', 'conf/a.hcl');
    expect(c.warnings).toEqual([
      '[WARN]  unknown or unsupported field bogus_key found in configuration at conf/a.hcl:2:1',
      '[WARN]  unknown or unsupported field not_a_listener_key found in configuration at conf/a.hcl:5:3',
    ]);
  });

  it('says which accepted settings have no effect in minivault, and stays quiet for those that change nothing it serves', () => {
    const c = parseServerConfig('storage "inmem" {}\ndisable_mlock = true\ncluster_name = "c"\nraw_storage_endpoint = true\nlistener "tcp" {\n  tls_disable = 1\n  cluster_address = "127.0.0.1:8201"\n  x_forwarded_for_authorized_addrs = "10.0.0.0/8"\n  max_request_duration = "10s"\n}\n', 'v.hcl');
    expect(c.warnings).toEqual([
      '[WARN]  minivault does not implement raw_storage_endpoint (at v.hcl:4:1); it is accepted and has no effect',
      '[WARN]  minivault does not implement listener.x_forwarded_for_authorized_addrs (at v.hcl:8:3); it is accepted and has no effect',
    ]);
  });

  it("answers Vault's errors for bad values, two storage blocks and listener types", () => {
    expect(() => parseServerConfig('storage "file" {}\nstorage "inmem" {}', 'x')).toThrow(`error parsing 'storage': only one "storage" block is permitted`);
    expect(() => parseServerConfig('listener "tcp" { tls_disable = "maybe" }', 'x'))
      .toThrow(`listeners: listeners.0: invalid value for tls_disable: cannot parse '' as bool: strconv.ParseBool: parsing "maybe": invalid syntax`);
    expect(() => parseServerConfig('listener "tcp" {}\nlistener "tcp" { http_idle_timeout = "abc" }', 'x'))
      .toThrow('listeners: listeners.1: error parsing http_idle_timeout: time: invalid duration "abc"');
    expect(() => parseServerConfig('listener "tcp" { max_request_duration = "-1s" }', 'x')).toThrow('listeners: listeners.0: max_request_duration cannot be negative');
    expect(() => parseServerConfig('listener "udp" {}', 'x')).toThrow('listeners: listeners.0: unsupported listener type "udp"');
    expect(() => parseServerConfig('listener { address = "x:1" }', 'x')).toThrow('listeners: listeners.0: listener type must be specified');
    expect(() => parseServerConfig('default_lease_ttl = "1 hour"', 'x')).toThrow('time: unknown unit');
  });
});

describe('server configuration: files and directories', () => {
  it('names the file and the position of a syntax error', () => {
    const d = dir();
    const file = write(d, 'vault.hcl', 'storage "inmem" {}\nlistener "tcp" {\n  address = \n}\n');
    expect(() => loadConfigPath(file)).toThrow(`error loading configuration from ${file}: At 4:1: Unknown token: RBRACE`);
  });

  it("answers a missing path with Go's stat error", () => {
    expect(() => loadConfigPath('/nonexistent/vault.hcl')).toThrow('error loading configuration from /nonexistent/vault.hcl: stat /nonexistent/vault.hcl: no such file or directory');
  });

  it('merges a directory: .hcl and .json only, editor temporaries skipped, listeners concatenated, TTLs the larger, storage the later', () => {
    const d = dir();
    write(d, 'a.hcl', 'storage "inmem" {}\nlistener "tcp" { address = "127.0.0.1:1" }\nmax_lease_ttl = "10h"\n');
    write(d, 'b.json', JSON.stringify({ storage: { file: { path: '/x' } }, listener: { tcp: { address: '127.0.0.1:2' } }, max_lease_ttl: '5h', ui: true }));
    write(d, 'c.hcl~', 'this is not hcl');
    write(d, '.#d.hcl', 'nor this');
    write(d, 'notes.txt', 'nor this');
    mkdirSync(join(d, 'sub.hcl'));
    const c = loadConfigPath(d);
    expect(c.listeners.map((l) => l.address).sort()).toEqual(['127.0.0.1:1', '127.0.0.1:2']);
    expect(c).toMatchObject({ maxLeaseTtl: 36000, ui: true });
    expect(['inmem', 'file']).toContain(c.storage?.type);
  });

  it('names the directory entry that failed', () => {
    const d = dir();
    const bad = write(d, 'bad.hcl', 'listener "tcp" { tls_disable = "x" }');
    expect(() => loadConfigPath(d)).toThrow(`error loading configuration from ${d}: error loading "${bad}": listeners: listeners.0: invalid value`);
  });

  it("merges -config values left to right as Vault's Merge does", () => {
    const a = parseServerConfig('storage "inmem" {}\napi_addr = "http://a"\ndefault_lease_ttl = 100\ndefault_max_request_duration = "2m"', 'a');
    const b = parseServerConfig('storage "file" { path = "/p" }\nlog_level = "debug"\ndefault_lease_ttl = 50\ndefault_max_request_duration = 30', 'b');
    const m: ServerConfig = mergeConfig(a, b);
    expect(m).toMatchObject({ storage: { type: 'file' }, apiAddr: 'http://a', logLevel: 'debug', defaultLeaseTtl: 100, defaultMaxRequestDurationMs: 120_000 });
  });
});

describe('server configuration: checks before anything listens', () => {
  const plan = (text: string, env: Record<string, string> = {}) => planServer(parseServerConfig(text, 'x.hcl'), env);

  it('needs a storage backend and knows which ones minivault serves', () => {
    expect(() => plan('listener "tcp" {}')).toThrow('A storage backend must be specified');
    expect(() => plan('storage "nosuch" {}')).toThrow('Unknown storage type nosuch');
    expect(() => plan('storage "consul" {}')).toThrow('Error initializing storage of type consul: minivault does not support storage type "consul"');
    expect(() => plan('storage "file" {}')).toThrow("Error initializing storage of type file: 'path' must be set");
    expect(() => plan('storage "raft" { path = "/r" }')).toThrow('Cluster address must be set when using raft storage');
    expect(plan('storage "raft" { path = "/r" }\ncluster_addr = "https://127.0.0.1:8201"').storagePath).toBe('/r');
    expect(plan('storage "raft" {}', { VAULT_RAFT_PATH: '/e', VAULT_CLUSTER_ADDR: 'https://x:8201' }).storagePath).toBe('/e');
    expect(() => plan('storage "inmem" {}\nseal "awskms" {\n  region = "us-east-1"\n}')).toThrow('minivault does not support the seal "awskms" stanza (auto-unseal and HSM seals)');
    expect(plan('storage "inmem" {}\nseal "shamir" {}').storageType).toBe('inmem');
  });

  it("refuses a default lease TTL above the max as Vault's core does, and a bad log level", () => {
    expect(() => plan('storage "inmem" {}\ndefault_lease_ttl = "1000h"')).toThrow('Error initializing core: cannot have DefaultLeaseTTL larger than MaxLeaseTTL');
    expect(plan('storage "inmem" {}\ndefault_lease_ttl = "1h"\nmax_lease_ttl = "2h"').systemTtls).toEqual({ defaultTtl: 3600, maxTtl: 7200 });
    expect(plan('storage "inmem" {}').systemTtls).toEqual({ defaultTtl: 768 * 3600, maxTtl: 768 * 3600 });
    expect(() => plan('storage "inmem" {}\nlog_level = "loud"')).toThrow('unknown log level: loud');
    expect(plan('storage "inmem" {}\nlog_level = "WARN"').warnings).toEqual([]);
  });

  it("answers Vault's listener errors: TLS on by default without files, bad versions, exclusive client-cert settings", () => {
    expect(() => plan('storage "inmem" {}\nlistener "tcp" {}')).toThrow('Error initializing listener of type tcp: error loading TLS cert: open : no such file or directory');
    expect(() => plan('storage "inmem" {}\nlistener "tcp" { address = "nowhere" \n tls_disable = true }')).toThrow('listen tcp: address nowhere: missing port in address');
    expect(() => plan('storage "inmem" {}\nlistener "unix" { address = "/run/vault.sock" }')).toThrow('Error initializing listener of type unix: minivault does not support listener type "unix": only "tcp"');
    const d = dir();
    const ca = createTlsCa();
    const leaf = ca.issue({ commonName: 'localhost' });
    const files = `tls_cert_file = "${write(d, 'c.pem', leaf.certPem)}"\ntls_key_file = "${write(d, 'k.pem', leaf.keyPem)}"\n`;
    const tls = (extra: string) => plan(`storage "inmem" {}\nlistener "tcp" {\n${files}${extra}\n}`);
    expect(tls('').listeners[0]!.options.tls).toMatchObject({ minVersion: 'TLSv1.2', maxVersion: 'TLSv1.3', requestCert: true, rejectUnauthorized: false });
    expect(tls('tls_min_version = "tls13"').listeners[0]!.options.tls?.minVersion).toBe('TLSv1.3');
    expect(tls('tls_disable_client_certs = true').listeners[0]!.options.tls?.requestCert).toBe(false);
    expect(() => tls('tls_min_version = "tls99"')).toThrow(`Error initializing listener of type tcp: 'tls_min_version' value "tls99" not supported, please specify one of [tls10,tls11,tls12,tls13]`);
    expect(() => tls('tls_min_version = "tls13"\ntls_max_version = "tls12"')).toThrow("'tls_max_version' must be greater than or equal to 'tls_min_version'");
    expect(() => tls('tls_require_and_verify_client_cert = true\ntls_disable_client_certs = true')).toThrow("'tls_disable_client_certs' and 'tls_require_and_verify_client_cert' are mutually exclusive");
    expect(() => tls('tls_require_and_verify_client_cert = true\ntls_client_ca_file = "/nonexistent/ca.pem"')).toThrow('failed to read tls_client_ca_file: open /nonexistent/ca.pem: no such file or directory');
    expect(() => tls(`tls_require_and_verify_client_cert = true\ntls_client_ca_file = "${write(d, 'junk.pem', 'junk')}"`)).toThrow('failed to parse CA certificate in tls_client_ca_file');
    expect(() => tls(`tls_cert_file = "${write(d, 'empty.pem', '')}"`)).toThrow('error loading TLS cert: tls: failed to find any PEM data in certificate input');
  });
});
