// KV v2's response fields as Vault 1.18.1 ships them (KV plugin v0.20.0): the key lists below are
// those of hashicorp/vault-plugin-secrets-kv v0.20.0 path_metadata.go pathMetadataRead and
// path_data.go (read, write, patch responses). Later plugin releases add attribution fields
// (created_by, deleted_by, last_updated_by) that 1.18.1 never sends.
import { describe, expect, it } from 'vitest';
import { createVault } from '../../../src/testing/index.js';

const METADATA_KEYS_V0_20_0 = [
  'cas_required', 'created_time', 'current_version', 'custom_metadata', 'delete_version_after', 'max_versions',
  'oldest_version', 'updated_time', 'versions',
];
const METADATA_VERSION_KEYS_V0_20_0 = ['created_time', 'deletion_time', 'destroyed'];
const VERSION_KEYS_V0_20_0 = ['created_time', 'custom_metadata', 'deletion_time', 'destroyed', 'version'];
type Body = { data: Record<string, unknown> & { metadata?: object; versions?: Record<string, object> } };
const dataOf = (res: { body?: unknown }) => (res.body as Body).data;
const GO_RFC3339_NANO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{0,8}[1-9])?Z$/;

/** Nanoseconds since the epoch of an RFC3339Nano UTC time. */
const nanos = (t: string): bigint => {
  const [, whole, frac = ''] = /^(.{19})(?:\.(\d+))?Z$/.exec(t)!;
  return BigInt(Date.parse(whole + 'Z')) * 1_000_000n + BigInt(frac.padEnd(9, '0'));
};

describe('KV v2 fields of the release minivault reports', () => {
  it('answers metadata, reads, writes, patches and deletes with exactly v0.20.0\'s keys', async () => {
    const vault = await createVault({ clock: 'manual' });
    const written = await vault.request('update', 'secret/data/app', { data: { a: 1 } });
    expect(Object.keys(dataOf(written))).toEqual(VERSION_KEYS_V0_20_0);
    const patched = await vault.handle({ operation: 'patch', path: 'secret/data/app', data: { data: { b: 2 } }, token: vault.rootToken });
    expect(Object.keys(dataOf(patched))).toEqual(VERSION_KEYS_V0_20_0);
    await vault.request('delete', 'secret/data/app');
    await vault.request('update', 'secret/undelete/app', { versions: [2] });
    await vault.request('update', 'secret/metadata/app', { custom_metadata: { team: 'x' } });
    const read = await vault.request('read', 'secret/data/app');
    expect(Object.keys(dataOf(read))).toEqual(['data', 'metadata']);
    expect(Object.keys(dataOf(read).metadata!)).toEqual(VERSION_KEYS_V0_20_0);
    const meta = await vault.request('read', 'secret/metadata/app');
    expect(Object.keys(dataOf(meta))).toEqual(METADATA_KEYS_V0_20_0);
    for (const v of Object.values(dataOf(meta).versions!)) expect(Object.keys(v)).toEqual(METADATA_VERSION_KEYS_V0_20_0);
    expect(JSON.stringify(meta.body)).not.toMatch(/_by"/);
  });

  it('stamps versions on the real clock with Go\'s RFC3339Nano, sub-millisecond digits included', async () => {
    const vault = await createVault();
    const before = Date.now();
    const times: string[] = [];
    for (let i = 0; i < 8; i++) times.push((await vault.kv().put(`k${i}`, { i })).created_time);
    await vault.kv().delete('k0');
    const deletion = (await vault.kv().get('k0'))!.metadata.deletion_time;
    for (const t of [...times, deletion]) {
      expect(t).toMatch(GO_RFC3339_NANO);
      expect(Date.parse(t)).toBeGreaterThanOrEqual(before - 5);
      expect(Date.parse(t)).toBeLessThanOrEqual(Date.now() + 5);
    }
    // A double holds today's milliseconds to ~0.25 µs, so eight stamps all landing on whole
    // milliseconds would mean the fraction was dropped.
    expect(times.some((t) => /\.\d{4,9}Z$/.test(t))).toBe(true);
    const ns = times.map(nanos);
    for (let i = 1; i < ns.length; i++) expect(ns[i]! >= ns[i - 1]!).toBe(true);
  });
});
