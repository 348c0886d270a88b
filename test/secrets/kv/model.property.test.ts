// Model-based test of the KV v2 engine: random command sequences run against KvBackend and
// against a small model of Vault's rules, and after every step everything observable (metadata,
// every version's read, the key list) must agree with what the model says Vault returns.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ERR_KV_CAS_MISMATCH, ERR_KV_CAS_REQUIRED, ERR_KV_NO_VERSION_NUMBER } from '../../../src/errors/kv.js';
import { isVaultError } from '../../../src/errors/vault-error.js';
import type { LogicalResponse, Operation } from '../../../src/logical/types.js';
import { rfc3339Nano } from '../../../src/util/clock.js';
import { formatGoDuration } from '../../../src/go/time.js';
import { setup } from './helpers.js';

interface MVersion { created: number; deletion: number | null; destroyed: boolean; data: Record<string, unknown> }
interface MKey {
  versions: Map<number, MVersion>; current: number; oldest: number; created: number | null; updated: number | null;
  maxVersions: number; casRequired: boolean; dva: number; custom: Record<string, string> | null;
}
interface Model { now: number; config: { maxVersions: number; casRequired: boolean; dva: number }; keys: Map<string, MKey> }
type Real = ReturnType<typeof setup>;

const KEYS = ['app', 'dir/inner'] as const;
type Outcome = { ok: LogicalResponse | null } | { error: string };

async function outcome(p: Promise<LogicalResponse | null>): Promise<Outcome> {
  try {
    return { ok: await p };
  } catch (e) {
    if (!isVaultError(e)) throw e;
    return { error: e.message };
  }
}

const newKey = (now: number | null): MKey => ({
  versions: new Map(), current: 0, oldest: 0, created: now, updated: now, maxVersions: 0, casRequired: false, dva: 0, custom: null,
});
const isDeleted = (v: MVersion, now: number) => v.deletion !== null && v.deletion <= now;

function scheduled(m: Model, k: MKey): number | null {
  const mount = m.config.dva;
  if (mount === -1 || (mount === 0 && k.dva === 0)) return null;
  const min = k.dva === 0 ? mount : mount === 0 ? k.dva : Math.min(mount, k.dva);
  return m.now + min * 1000;
}

const view = (k: MKey, n: number, v: MVersion) => ({
  created_time: rfc3339Nano(v.created), custom_metadata: k.custom, deletion_time: v.deletion === null ? '' : rfc3339Nano(v.deletion),
  destroyed: v.destroyed, version: n,
});

/** Vault's write rules: cas, then a new version, then the retention window. Returns the expected outcome. */
function modelWrite(m: Model, key: string, cas: number | undefined, data: (prev: MVersion | undefined) => Record<string, unknown>): Outcome {
  const k = m.keys.get(key) ?? newKey(null);
  if (cas !== undefined) {
    if (cas !== k.current) return { error: ERR_KV_CAS_MISMATCH };
  } else if (m.config.casRequired || k.casRequired) {
    return { error: ERR_KV_CAS_REQUIRED };
  }
  const v: MVersion = { created: m.now, deletion: scheduled(m, k), destroyed: false, data: data(k.versions.get(k.current)) };
  k.current++;
  k.versions.set(k.current, v);
  k.updated = m.now;
  k.created ??= m.now;
  const limit = Math.max(k.maxVersions, m.config.maxVersions) || 10;
  if (k.current - k.oldest >= limit) {
    for (let n = k.oldest; n <= k.current - limit; n++) k.versions.delete(n);
    k.oldest = k.current - limit + 1;
  }
  m.keys.set(key, k);
  return { ok: { data: view(k, k.current, v) } };
}

abstract class Step implements fc.AsyncCommand<Model, Real> {
  check(): boolean {
    return true;
  }
  abstract expected(m: Model): Outcome;
  abstract request(): [Operation, string, Record<string, unknown>];
  async run(m: Model, r: Real): Promise<void> {
    const [op, path, body] = this.request();
    const expected = this.expected(m);
    const actual = await outcome(r.call(op, path, body));
    if ('ok' in actual && actual.ok !== null) delete actual.ok.warnings;
    expect(actual, this.toString()).toEqual(expected);
    await compareAll(m, r);
  }
  abstract toString(): string;
}

class Put extends Step {
  constructor(readonly key: string, readonly data: Record<string, unknown>, readonly cas: number | undefined) { super(); }
  expected(m: Model): Outcome { return modelWrite(m, this.key, this.cas, () => this.data); }
  request(): [Operation, string, Record<string, unknown>] {
    return ['update', `data/${this.key}`, this.cas === undefined ? { data: this.data } : { data: this.data, options: { cas: this.cas } }];
  }
  toString() { return `put(${this.key}, ${JSON.stringify(this.data)}, cas=${this.cas})`; }
}

class Patch extends Step {
  constructor(readonly key: string, readonly patch: Record<string, string | null>, readonly cas: number | undefined) { super(); }
  expected(m: Model): Outcome {
    const k = m.keys.get(this.key);
    if (k === undefined) return { ok: { status: 404 } };
    if (this.cas !== undefined ? this.cas !== k.current : m.config.casRequired || k.casRequired) {
      return { error: this.cas !== undefined ? ERR_KV_CAS_MISMATCH : ERR_KV_CAS_REQUIRED };
    }
    const cur = k.versions.get(k.current);
    if (cur === undefined) return { ok: { status: 404 } };
    if (cur.destroyed || isDeleted(cur, m.now)) return { ok: { status: 404, data: view(k, k.current, cur) } };
    return modelWrite(m, this.key, this.cas, (prev) => {
      const next = { ...prev!.data };
      for (const [f, v] of Object.entries(this.patch)) if (v === null) delete next[f]; else next[f] = v;
      return next;
    });
  }
  request(): [Operation, string, Record<string, unknown>] {
    return ['patch', `data/${this.key}`, this.cas === undefined ? { data: this.patch } : { data: this.patch, options: { cas: this.cas } }];
  }
  toString() { return `patch(${this.key}, ${JSON.stringify(this.patch)}, cas=${this.cas})`; }
}

class DeleteLatest extends Step {
  constructor(readonly key: string) { super(); }
  expected(m: Model): Outcome {
    const k = m.keys.get(this.key);
    const v = k?.versions.get(k.current);
    if (v !== undefined && !v.destroyed && !isDeleted(v, m.now)) v.deletion = m.now;
    return { ok: null };
  }
  request(): [Operation, string, Record<string, unknown>] { return ['delete', `data/${this.key}`, {}]; }
  toString() { return `deleteLatest(${this.key})`; }
}

class VersionOp extends Step {
  constructor(readonly kind: 'delete' | 'undelete' | 'destroy', readonly key: string, readonly versions: number[]) { super(); }
  expected(m: Model): Outcome {
    if (this.versions.length === 0) return { error: this.kind === 'destroy' ? 'no version number provided' : ERR_KV_NO_VERSION_NUMBER };
    const k = m.keys.get(this.key);
    if (k === undefined) return { ok: null };
    for (const n of this.versions) {
      const v = k.versions.get(n);
      if (v === undefined) continue;
      if (this.kind === 'destroy') v.destroyed = true;
      else if (this.kind === 'delete' && !v.destroyed && !isDeleted(v, m.now)) v.deletion = m.now;
      else if (this.kind === 'undelete' && !v.destroyed) v.deletion = scheduled(m, k);
    }
    return { ok: null };
  }
  request(): [Operation, string, Record<string, unknown>] { return ['update', `${this.kind}/${this.key}`, { versions: this.versions }]; }
  toString() { return `${this.kind}(${this.key}, [${this.versions}])`; }
}

interface MetaFields { max_versions?: number; cas_required?: boolean; delete_version_after?: number; custom_metadata?: Record<string, string> }

class MetadataPut extends Step {
  constructor(readonly key: string, readonly fields: MetaFields) { super(); }
  expected(m: Model): Outcome {
    const f = this.fields;
    if (Object.keys(f).length === 0) return { ok: null };
    const k = m.keys.get(this.key) ?? newKey(m.now);
    if (f.max_versions !== undefined) k.maxVersions = f.max_versions;
    if (f.cas_required !== undefined) k.casRequired = f.cas_required;
    if (f.delete_version_after !== undefined) k.dva = f.delete_version_after;
    if (f.custom_metadata !== undefined) k.custom = Object.keys(f.custom_metadata).length > 0 ? f.custom_metadata : null;
    m.keys.set(this.key, k);
    const warn = f.cas_required === false && m.config.casRequired;
    return { ok: warn ? { data: null, warnings: undefined } : null };
  }
  request(): [Operation, string, Record<string, unknown>] { return ['update', `metadata/${this.key}`, { ...this.fields }]; }
  toString() { return `metadataPut(${this.key}, ${JSON.stringify(this.fields)})`; }
}

class MetadataDelete extends Step {
  constructor(readonly key: string) { super(); }
  expected(m: Model): Outcome { m.keys.delete(this.key); return { ok: null }; }
  request(): [Operation, string, Record<string, unknown>] { return ['delete', `metadata/${this.key}`, {}]; }
  toString() { return `metadataDelete(${this.key})`; }
}

class ConfigPut extends Step {
  constructor(readonly fields: { max_versions?: number; cas_required?: boolean; delete_version_after?: number }) { super(); }
  expected(m: Model): Outcome {
    const f = this.fields;
    if (f.max_versions !== undefined) m.config.maxVersions = f.max_versions;
    if (f.cas_required !== undefined) m.config.casRequired = f.cas_required;
    if (f.delete_version_after !== undefined) m.config.dva = f.delete_version_after < 0 ? -1 : f.delete_version_after;
    return { ok: null };
  }
  request(): [Operation, string, Record<string, unknown>] { return ['update', 'config', { ...this.fields }]; }
  toString() { return `config(${JSON.stringify(this.fields)})`; }
}

class Advance implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ms: number) {}
  check(): boolean { return true; }
  async run(m: Model, r: Real): Promise<void> {
    m.now += this.ms;
    r.clock.advance(this.ms);
    await compareAll(m, r);
  }
  toString() { return `advance(${this.ms}ms)`; }
}

/** Everything a client can observe, compared with the model. */
async function compareAll(m: Model, r: Real): Promise<void> {
  for (const key of KEYS) {
    const k = m.keys.get(key);
    const meta = await outcome(r.call('read', `metadata/${key}`));
    if (k === undefined) {
      expect(meta).toEqual({ error: '' });
      expect(await outcome(r.call('read', `data/${key}`))).toEqual({ error: '' });
      continue;
    }
    const got = (meta as { ok: LogicalResponse }).ok.data as Record<string, unknown>;
    expect({ ...got, versions: undefined }).toEqual({
      cas_required: k.casRequired, created_time: k.created === null ? '' : rfc3339Nano(k.created), current_version: k.current,
      custom_metadata: k.custom, delete_version_after: formatGoDuration(k.dva),
      max_versions: k.maxVersions, oldest_version: k.oldest, updated_time: k.updated === null ? '' : rfc3339Nano(k.updated),
      versions: undefined,
    });
    const versions = got.versions as Record<string, Record<string, unknown>>;
    expect(Object.keys(versions).map(Number)).toEqual([...k.versions.keys()].sort((a, b) => a - b));
    for (let n = 0; n <= k.current + 1; n++) {
      const read = await outcome(r.call('read', `data/${key}`, n === 0 ? {} : { version: String(n) }));
      const target = n === 0 ? k.current : n;
      const v = k.versions.get(target);
      if (v === undefined) { expect(read).toEqual({ error: '' }); continue; }
      const gone = v.destroyed || isDeleted(v, m.now);
      expect(read).toEqual({ ok: gone ? { status: 404, data: { data: null, metadata: view(k, target, v) } }
        : { data: { data: v.data, metadata: view(k, target, v) } } });
    }
  }
  const listed = await outcome(r.call('list', 'metadata/'));
  const expectedKeys = [...new Set([...m.keys.keys()].map((k) => (k.includes('/') ? k.slice(0, k.indexOf('/') + 1) : k)))].sort();
  expect(listed).toEqual(expectedKeys.length === 0 ? { error: '' } : { ok: { data: { keys: expectedKeys } } });
}

const key = fc.constantFrom(...KEYS);
// Mostly no cas (so writes land), sometimes a guess at the current version.
const cas = fc.oneof({ arbitrary: fc.constant(undefined), weight: 3 }, { arbitrary: fc.integer({ min: 0, max: 6 }), weight: 1 });
const rarelyTrue = fc.constantFrom(false, false, false, true);
const versionList = fc.array(fc.integer({ min: 0, max: 8 }), { maxLength: 3 });
const durationSeconds = fc.constantFrom(0, 60, 3600);
const put = fc.tuple(key, fc.dictionary(fc.constantFrom('a', 'b', 'c'), fc.integer()), cas).map(([k, d, c]) => new Put(k, d, c));
const patch = fc.tuple(key, fc.dictionary(fc.constantFrom('a', 'b', 'd'), fc.option(fc.string({ maxLength: 3 }), { nil: null })), cas)
  .map(([k, p, c]) => new Patch(k, p, c));
// fc.commands picks uniformly among the arbitraries: repeating writes makes long histories likely.
const commands = [
  put, put, put, put, patch, patch,
  key.map((k) => new DeleteLatest(k)),
  fc.tuple(fc.constantFrom('delete', 'undelete', 'destroy') as fc.Arbitrary<'delete' | 'undelete' | 'destroy'>, key, versionList)
    .map(([kind, k, vs]) => new VersionOp(kind, k, vs)),
  fc.tuple(key, fc.record({
    max_versions: fc.integer({ min: 0, max: 4 }), cas_required: rarelyTrue, delete_version_after: durationSeconds,
    custom_metadata: fc.dictionary(fc.constantFrom('env', 'team'), fc.constantFrom('prod', 'ops')),
  }, { requiredKeys: [] })).map(([k, f]) => new MetadataPut(k, f)),
  key.map((k) => new MetadataDelete(k)),
  fc.record({
    max_versions: fc.integer({ min: 0, max: 4 }), cas_required: rarelyTrue, delete_version_after: fc.constantFrom(-1, 0, 60, 7200),
  }, { requiredKeys: [] }).map((f) => new ConfigPut(f)),
  fc.constantFrom(0, 1, 1000, 60_000, 3_600_000).map((ms) => new Advance(ms)),
];

describe('KV v2 against a model of Vault', () => {
  it('agrees with the model after every step of random command sequences', async () => {
    await fc.assert(fc.asyncProperty(fc.commands(commands, { maxCommands: 50 }), async (cmds) => {
      const real = setup();
      const model: Model = { now: real.clock.now(), config: { maxVersions: 0, casRequired: false, dva: 0 }, keys: new Map() };
      await fc.asyncModelRun(() => ({ model, real }), cmds);
    }), { numRuns: 200 });
  });
});
