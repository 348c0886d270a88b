import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashId, TokenStore, PolicyStore } from '../../src/auth/index.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import { makeAuth } from './helpers.js';

describe('TokenStore storage', () => {
  it('keys tokens and accessors by SHA-256 hex and never stores an id in a key', async () => {
    const { storage, create, tokens } = await makeAuth();
    const t = await create({ policies: ['a'] });
    const entry = (await tokens.resolveToken(t))!;
    const keys = storage.entries().map(([k]) => k).filter((k) => !k.startsWith('policy/'));
    expect(keys).toContain(`id/${hashId(t)}`);
    expect(keys).toContain(`accessor/${hashId(entry.accessor)}`);
    expect(hashId('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    for (const k of keys) {
      expect(k).not.toContain(t);
      expect(k).not.toContain(entry.accessor);
    }
  });

  it('makes root tokens of hvs. and 24 base62 characters, deterministic under a seed', async () => {
    const make = async () => {
      const storage = new MemoryStorage();
      return new TokenStore({ storage, policies: new PolicyStore({ storage }), clock: new ManualClock(), random: new SeededRandom('x') }).createRootToken();
    };
    const a = await make();
    expect(a).toMatch(/^hvs\.[A-Za-z0-9]{24}$/);
    expect(await make()).toBe(a);
  });

  it('resolves unknown and empty ids as absent', async () => {
    const { tokens } = await makeAuth();
    expect(await tokens.resolveToken('')).toBeUndefined();
    expect(await tokens.resolveToken('hvs.AAAAAAAAAAAAAAAAAAAAAAAA')).toBeUndefined();
  });

  it('gives the ACL of the token\'s policies, root for the root token', async () => {
    const { tokens, root, create, policies } = await makeAuth();
    expect((await tokens.aclFor((await tokens.resolveToken(root))!)).isRoot).toBe(true);
    await policies.put('a', 'path "x/*" { capabilities = ["read"] }');
    const acl = await tokens.aclFor((await tokens.resolveToken(await create({ policies: ['a'] })))!);
    expect(acl.allowOperation('x/y', 'read').allowed).toBe(true);
    expect(acl.allowOperation('auth/token/lookup-self', 'read').allowed).toBe(true);
  });

  it('removes every storage entry of a revoked tree', async () => {
    const { storage, create, tokens, root, policies } = await makeAuth();
    await policies.setup();
    const before = storage.entries().map(([k]) => k).sort();
    const a = await create({ policies: ['a'] });
    const b = await create({}, a);
    await create({}, b);
    await tokens.revokeTree((await tokens.resolveToken(a))!);
    expect(storage.entries().map(([k]) => k).sort()).toEqual(before);
    expect(await tokens.resolveToken(root)).toBeDefined();
  });
});

describe('token hierarchy (stateful property)', () => {
  type Step =
    | { kind: 'create'; parent: number; orphan: boolean }
    | { kind: 'revoke'; target: number }
    | { kind: 'orphan'; target: number };

  const step: fc.Arbitrary<Step> = fc.oneof(
    { weight: 3, arbitrary: fc.record({ kind: fc.constant('create' as const), parent: fc.nat(20), orphan: fc.boolean() }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('revoke' as const), target: fc.nat(20) }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('orphan' as const), target: fc.nat(20) }) },
  );

  it('matches a model: revoke kills the subtree, revoke-orphan only the node', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 25 }), async (steps) => {
        const { create, tokens, call, root } = await makeAuth();
        const ids: string[] = [root];
        const parentOf = new Map<string, string | null>([[root, null]]);
        const alive = new Set<string>([root]);
        const kill = (id: string) => {
          alive.delete(id);
          for (const [c, p] of parentOf) if (p === id && alive.has(c)) kill(c);
        };
        for (const s of steps) {
          if (s.kind === 'create') {
            const parent = ids[s.parent % ids.length]!;
            if (!alive.has(parent)) continue;
            const id = await create({ policies: ['root'], no_parent: s.orphan }, parent);
            ids.push(id);
            alive.add(id);
            parentOf.set(id, s.orphan ? null : parent);
          } else {
            const target = ids[s.target % ids.length]!;
            if (target === root || !alive.has(target)) continue;
            if (s.kind === 'revoke') {
              await call('revoke', 'update', { token: target });
              kill(target);
            } else {
              await call('revoke-orphan', 'update', { token: target });
              alive.delete(target);
              for (const [c, p] of parentOf) if (p === target) parentOf.set(c, null);
            }
          }
          for (const id of ids) expect(await tokens.resolveToken(id) !== undefined, id).toBe(alive.has(id));
        }
      }),
      { numRuns: 60 },
    );
  });
});
