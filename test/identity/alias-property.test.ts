// A fast-check model of entity aliases (V vault/identity_store_aliases.go, identity_store_schema.go
// `factors` index): whatever sequence of creates, updates, moves and deletes arrives, (mount
// accessor, lower-cased name) stays unique, an entity holds at most one alias per mount, every
// alias points at the entity holding it, and a refused request changes nothing.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { identityBackend } from '../../src/identity/index.js';
import { IdentityStore } from '../../src/identity/store.js';
import type { LogicalRequest } from '../../src/logical/types.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { ManualClock } from '../../src/util/clock.js';
import { createRandom } from '../../src/util/random.js';

const MOUNTS: Record<string, { type: string; path: string; local: boolean }> = {
  acc_a: { type: 'userpass', path: 'auth/a/', local: false },
  acc_b: { type: 'approle', path: 'auth/b/', local: false },
};

type Op =
  | { kind: 'create'; name: string; accessor: string; entity: number | null }
  | { kind: 'update'; alias: number; name: string | null; accessor: string | null; entity: number | null }
  | { kind: 'delete'; alias: number };

const name = fc.constantFrom('bob', 'BOB', 'alice', 'carol');
const accessor = fc.constantFrom('acc_a', 'acc_b', 'acc_none');
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('create' as const), name, accessor, entity: fc.option(fc.nat(3), { nil: null }) }),
  fc.record({ kind: fc.constant('update' as const), alias: fc.nat(7), name: fc.option(name, { nil: null }), accessor: fc.option(accessor, { nil: null }), entity: fc.option(fc.nat(3), { nil: null }) }),
  fc.record({ kind: fc.constant('delete' as const), alias: fc.nat(7) }),
);

describe('entity alias invariants (property)', () => {
  it('keep factors unique and one alias per mount per entity; refusals change nothing', async () => {
    await fc.assert(fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
      const store = new IdentityStore({ clock: new ManualClock(), random: createRandom(3) });
      const backend = await identityBackend(store, new MemoryStorage(), {
        mountOf: (acc) => MOUNTS[acc], tokenAccessor: () => '', entityOfToken: async () => '', apiAddr: () => '',
      });
      const call = (operation: LogicalRequest['operation'], path: string, data: Record<string, unknown> = {}) =>
        backend.handle({ operation, path, data, mountPoint: 'identity/' }).then((r) => ({ ok: true as const, r }), (e: unknown) => ({ ok: false as const, e }));
      const entityIds: string[] = [];
      for (let i = 0; i < 4; i++) entityIds.push(((await call('update', 'entity', { name: `e${i}` })) as unknown as { r: { data: { id: string } } }).r.data.id);
      const aliasIds: string[] = [];
      for (const o of ops) {
        const before = JSON.stringify([...store.entities.values()]);
        let res;
        if (o.kind === 'create') {
          res = await call('update', 'entity-alias', { name: o.name, mount_accessor: o.accessor, ...(o.entity !== null ? { canonical_id: entityIds[o.entity] } : {}) });
          if (res.ok && res.r?.data?.id) aliasIds.push(res.r.data.id as string);
        } else if (o.kind === 'update') {
          const id = aliasIds[o.alias % Math.max(1, aliasIds.length)] ?? 'none';
          res = await call('update', `entity-alias/id/${id}`, {
            ...(o.name !== null ? { name: o.name } : {}), ...(o.accessor !== null ? { mount_accessor: o.accessor } : {}),
            ...(o.entity !== null ? { canonical_id: entityIds[o.entity] } : {}),
          });
        } else {
          res = await call('delete', `entity-alias/id/${aliasIds[o.alias % Math.max(1, aliasIds.length)] ?? 'none'}`);
        }
        if (!res.ok) expect(JSON.stringify([...store.entities.values()])).toBe(before);
        const seen = new Set<string>();
        for (const e of store.entities.values()) {
          const mounts = new Set<string>();
          for (const a of e.aliases) {
            const key = `${a.mountAccessor}\0${a.name.toLowerCase()}`;
            expect(seen.has(key)).toBe(false);
            seen.add(key);
            expect(mounts.has(a.mountAccessor)).toBe(false);
            mounts.add(a.mountAccessor);
            expect(a.canonicalId).toBe(e.id);
            expect(store.entityAliasByFactors(a.mountAccessor, a.name)?.id).toBe(a.id);
            expect(MOUNTS[a.mountAccessor]).toBeDefined();
          }
        }
      }
    }), { numRuns: 80 });
  });
});
