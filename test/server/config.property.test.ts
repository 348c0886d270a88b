// Properties of server configuration: a configuration written as HCL and as JSON reads the same,
// and merging (Vault's Merge) is associative, so -config order matters only as Vault's rules say.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeConfig } from '../../src/server/config-load.js';
import { parseServerConfig, type ServerConfig } from '../../src/server/config.js';

interface Listener { address: string; tls_disable: boolean; max_request_size: number; http_idle_timeout: string }
interface Doc { storage?: { type: 'inmem' | 'file'; path: string }; listeners: Listener[]; default_lease_ttl?: string; api_addr?: string; ui?: boolean; disable_cache?: boolean }

const listener: fc.Arbitrary<Listener> = fc.record({
  address: fc.tuple(fc.constantFrom('127.0.0.1', '0.0.0.0', '[::1]'), fc.integer({ min: 0, max: 65535 })).map(([h, p]) => `${h}:${p}`),
  tls_disable: fc.boolean(),
  max_request_size: fc.integer({ min: -1, max: 1 << 26 }),
  http_idle_timeout: fc.tuple(fc.integer({ min: 1, max: 600 }), fc.constantFrom('s', 'ms', 'm')).map(([n, u]) => `${n}${u}`),
});
const doc: fc.Arbitrary<Doc> = fc.record({
  storage: fc.option(fc.record({ type: fc.constantFrom('inmem' as const, 'file' as const), path: fc.constantFrom('/data', '/var/lib/vault', 'rel dir') }), { nil: undefined }),
  listeners: fc.array(listener, { maxLength: 3 }),
  default_lease_ttl: fc.option(fc.constantFrom('1h', '24h', '30d', '3600'), { nil: undefined }),
  api_addr: fc.option(fc.constantFrom('https://vault.example:8200', 'http://127.0.0.1:8200'), { nil: undefined }),
  ui: fc.option(fc.boolean(), { nil: undefined }),
  disable_cache: fc.option(fc.boolean(), { nil: undefined }),
}, { requiredKeys: ['listeners'] });

function hcl(d: Doc): string {
  const lines: string[] = [];
  if (d.storage) lines.push(`storage "${d.storage.type}" {\n  path = "${d.storage.path}"\n}`);
  for (const l of d.listeners) {
    lines.push(`listener "tcp" {\n  address = "${l.address}"\n  tls_disable = ${l.tls_disable}\n  max_request_size = ${l.max_request_size}\n  http_idle_timeout = "${l.http_idle_timeout}"\n}`);
  }
  if (d.default_lease_ttl !== undefined) lines.push(`default_lease_ttl = "${d.default_lease_ttl}"`);
  if (d.api_addr !== undefined) lines.push(`api_addr = "${d.api_addr}"`);
  if (d.ui !== undefined) lines.push(`ui = ${d.ui}`);
  if (d.disable_cache !== undefined) lines.push(`disable_cache = ${d.disable_cache}`);
  return lines.join('\n') + '\n';
}

function json(d: Doc): string {
  const o: Record<string, unknown> = {};
  if (d.storage) o.storage = { [d.storage.type]: { path: d.storage.path } };
  if (d.listeners.length > 0) o.listener = d.listeners.map((l) => ({ tcp: l }));
  for (const k of ['default_lease_ttl', 'api_addr', 'ui', 'disable_cache'] as const) if (d[k] !== undefined) o[k] = d[k];
  return JSON.stringify(o, null, 2);
}

const withoutPositions = ({ warnings, ...rest }: ServerConfig) => ({ ...rest, warnings: warnings.map((w) => w.replace(/ at \S+:\d+:\d+/, '').replace(/\(at \S+\)/, '')) });

describe('server configuration properties', () => {
  it('reads a configuration written as HCL and as JSON to the same values', () => {
    fc.assert(fc.property(doc, (d) => {
      expect(withoutPositions(parseServerConfig(json(d), 'c'))).toEqual(withoutPositions(parseServerConfig(hcl(d), 'c')));
    }), { numRuns: 150 });
  });

  it('merges associatively: listeners concatenate in order, TTLs take the max, flags OR, strings the later one', () => {
    fc.assert(fc.property(doc, doc, doc, (a, b, c) => {
      const [x, y, z] = [a, b, c].map((d) => parseServerConfig(hcl(d), 'c'));
      const left = mergeConfig(mergeConfig(x!, y!), z!);
      expect(left).toEqual(mergeConfig(x!, mergeConfig(y!, z!)));
      expect(left.listeners).toEqual([...x!.listeners, ...y!.listeners, ...z!.listeners]);
      expect(left.storage).toEqual(z!.storage ?? y!.storage ?? x!.storage);
    }), { numRuns: 150 });
  });
});
