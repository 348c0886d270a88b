// The barrier's decrypt memo (src/barrier/open-cache.ts): it skips the AES-GCM open only for the
// exact bytes it opened or wrote at that path, so anything changed underneath is opened (and
// authenticated) again; it holds nothing while sealed and never holds key material.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AesGcmBarrier } from '../../src/barrier/barrier.js';
import { createAead, type Aead } from '../../src/barrier/aead.js';
import { OpenCache } from '../../src/barrier/open-cache.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import { SeededRandom } from '../../src/util/random.js';
import { failure } from './helpers.js';

const utf8 = new TextEncoder();
const text = (u: Uint8Array | undefined) => (u === undefined ? undefined : new TextDecoder().decode(u));

/** The node AEAD, counting every open. */
function countingAead(): Aead & { opens: number } {
  const inner = createAead('node');
  const counter = {
    name: inner.name,
    opens: 0,
    cipher(key: Uint8Array) {
      const c = inner.cipher(key);
      return {
        sealInto: c.sealInto.bind(c),
        open(nonce: Uint8Array, sealed: Uint8Array, aad: Uint8Array | undefined) {
          counter.opens++;
          return c.open(nonce, sealed, aad);
        },
      };
    },
  };
  return counter;
}

async function openBarrier(cache?: ConstructorParameters<typeof OpenCache>[0] | false) {
  const storage = new MemoryStorage();
  const aead = countingAead();
  const barrier = new AesGcmBarrier(storage, { aead, random: new SeededRandom('open-cache'), cache });
  const rootKey = barrier.generateKey();
  await barrier.initialize(rootKey);
  await barrier.unseal(rootKey);
  aead.opens = 0;
  return { storage, barrier, aead, rootKey };
}

describe('barrier decrypt memo', () => {
  it('answers repeated reads of an unchanged value without opening it again', async () => {
    const { barrier, aead } = await openBarrier();
    await barrier.put('logical/a', utf8.encode('one'));
    for (let i = 0; i < 5; i++) expect(text(await barrier.get('logical/a'))).toBe('one');
    expect(aead.opens).toBe(0); // the write itself was remembered
  });

  it('opens every read when the cache is disabled (disable_cache)', async () => {
    const { barrier, aead } = await openBarrier(false);
    await barrier.put('logical/a', utf8.encode('one'));
    for (let i = 0; i < 3; i++) await barrier.get('logical/a');
    expect(aead.opens).toBe(3);
  });

  it('hands out copies, so a caller changing its bytes cannot change later reads', async () => {
    const { barrier } = await openBarrier();
    await barrier.put('logical/a', utf8.encode('one'));
    (await barrier.get('logical/a'))!.fill(0x78);
    expect(text(await barrier.get('logical/a'))).toBe('one');
  });

  it('still refuses a value tampered with underneath after it was read', async () => {
    const { storage, barrier } = await openBarrier();
    await barrier.put('logical/a', utf8.encode('a secret value'));
    await barrier.get('logical/a');
    const stored = (await storage.get('logical/a'))!;
    stored[stored.length - 20] ^= 1; // a ciphertext byte, not the header or the tag
    await storage.put('logical/a', stored);
    const err = await failure(barrier.get('logical/a'));
    expect(err.errors[0]).toMatch(/message authentication failed/);
  });

  it('sees a value written underneath (a restore) instead of the remembered one', async () => {
    const { storage, barrier } = await openBarrier();
    await barrier.put('logical/a', utf8.encode('old'));
    const oldBytes = (await storage.get('logical/a'))!;
    await barrier.put('logical/a', utf8.encode('new'));
    expect(text(await barrier.get('logical/a'))).toBe('new');
    await storage.put('logical/a', oldBytes);
    expect(text(await barrier.get('logical/a'))).toBe('old');
    await storage.delete('logical/a');
    expect(await barrier.get('logical/a')).toBeUndefined();
  });

  it('forgets a deleted path', async () => {
    const { storage, barrier, aead } = await openBarrier();
    await barrier.put('logical/a', utf8.encode('one'));
    const bytes = (await storage.get('logical/a'))!;
    await barrier.delete('logical/a');
    await storage.put('logical/a', bytes); // the same bytes come back underneath
    expect(text(await barrier.get('logical/a'))).toBe('one');
    expect(aead.opens).toBe(1);
  });

  it('opens again after a seal and unseal: nothing is kept while sealed', async () => {
    const { barrier, aead, rootKey } = await openBarrier();
    await barrier.put('logical/a', utf8.encode('one'));
    await barrier.seal();
    await failure(barrier.get('logical/a'));
    await barrier.unseal(rootKey);
    aead.opens = 0;
    expect(text(await barrier.get('logical/a'))).toBe('one');
    expect(aead.opens).toBe(1);
  });

  it('never keeps values under core/ (key material)', async () => {
    const { barrier, aead } = await openBarrier();
    await barrier.put('core/some-key', utf8.encode('k'));
    await barrier.get('core/some-key');
    await barrier.get('core/some-key');
    expect(aead.opens).toBe(2);
  });

  it('past its entry limit, evicts an entry not read since it last came up and keeps the ones read', async () => {
    const { barrier, aead } = await openBarrier({ maxEntries: 2 });
    await barrier.put('logical/a', utf8.encode('a'));
    await barrier.put('logical/b', utf8.encode('b'));
    await barrier.get('logical/a'); // a was read: it gets another round
    await barrier.put('logical/c', utf8.encode('c')); // evicts b
    await barrier.get('logical/a');
    await barrier.get('logical/c');
    expect(aead.opens).toBe(0);
    await barrier.get('logical/b');
    expect(aead.opens).toBe(1);
  });

  it('hands back intact plaintext even when remembering it evicts it at once', async () => {
    // Every other entry was read since it last came up, so the new one is the first to go; the
    // plaintext the read returns must not be the evicted (zeroed) copy.
    const { barrier } = await openBarrier({ maxEntries: 2 });
    await barrier.put('logical/c', utf8.encode('c'));
    await barrier.put('logical/b', utf8.encode('b'));
    await barrier.put('logical/a', utf8.encode('a'));
    expect(text(await barrier.get('logical/a'))).toBe('a');
    expect(text(await barrier.get('logical/b'))).toBe('b');
    expect(text(await barrier.get('logical/c'))).toBe('c');
  });

  it('counts every byte an entry keeps (ciphertext, plaintext, decoding, bookkeeping) within the limit', () => {
    const cache = new OpenCache({ maxBytes: 64 * 1024 });
    cache.remember('logical/big', new Uint8Array(3000), new Uint8Array(2000)); // > 1/16 of the limit
    expect(cache.size).toBe(0);
    const sealed = new Uint8Array(1000);
    for (let i = 0; i < 100; i++) cache.remember(`logical/${i}`, sealed, new Uint8Array(1000));
    // 2000 bytes of buffers each plus bookkeeping: fewer than 64 KiB / 2000 = 32 entries stay.
    const kept = cache.size;
    expect(kept).toBeLessThan(32);
    expect(kept).toBeGreaterThan(16);
    expect(cache.lookup('logical/99', sealed)).toHaveLength(1000);
    expect(cache.lookup('logical/0', sealed)).toBeUndefined();
    // Decodings are charged when they are made: large ones push older entries out.
    for (let i = 100 - kept; i < 100; i++) cache.lookupDecoded(`logical/${i}`, sealed, () => ({ s: 'y'.repeat(1500) }));
    expect(cache.size).toBeLessThan(kept);
    expect(cache.lookupDecoded('logical/99', sealed, () => ({}))).toBeDefined();
  });

  it('shares one decoding of an unchanged value and decodes again when the bytes change', async () => {
    const { storage, barrier } = await openBarrier();
    let decodes = 0;
    const decode = (v: Uint8Array) => {
      decodes++;
      return Object.freeze({ text: text(v) });
    };
    await barrier.put('logical/a', utf8.encode('one'));
    const first = await barrier.getDecoded('logical/a', decode);
    expect(await barrier.getDecoded('logical/a', decode)).toBe(first);
    expect(decodes).toBe(1);
    const oldBytes = (await storage.get('logical/a'))!;
    await barrier.put('logical/a', utf8.encode('two'));
    expect(await barrier.getDecoded('logical/a', decode)).toEqual({ text: 'two' });
    await storage.put('logical/a', oldBytes); // restored underneath
    expect(await barrier.getDecoded('logical/a', decode)).toEqual({ text: 'one' });
    expect(decodes).toBe(3);
  });

  it('keeps one decoding per decoder, and a decoder that throws leaves nothing behind', async () => {
    const { barrier } = await openBarrier();
    await barrier.put('logical/a', utf8.encode('{"n":1}'));
    const bad = () => {
      throw new Error('not this');
    };
    await expect(barrier.getDecoded('logical/a', bad)).rejects.toThrow('not this');
    const parse = (v: Uint8Array) => JSON.parse(text(v)!) as { n: number };
    expect(await barrier.getDecoded('logical/a', parse)).toEqual({ n: 1 });
    expect(text(await barrier.get('logical/a'))).toBe('{"n":1}');
  });

  it('decodes every read when the cache is disabled', async () => {
    const { barrier } = await openBarrier(false);
    await barrier.put('logical/a', utf8.encode('one'));
    const decode = (v: Uint8Array) => ({ text: text(v) });
    expect(await barrier.getDecoded('logical/a', decode)).not.toBe(await barrier.getDecoded('logical/a', decode));
  });

  it('answers exactly like a barrier without the cache, whatever happens underneath', async () => {
    const op = fc.oneof(
      fc.record({ kind: fc.constant('put' as const), key: fc.constantFrom('a', 'b', 'c'), value: fc.string({ maxLength: 8 }) }),
      fc.record({ kind: fc.constant('get' as const), key: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom('a', 'b', 'c') }),
      fc.record({ kind: fc.constant('flip' as const), key: fc.constantFrom('a', 'b', 'c'), at: fc.nat() }),
      fc.record({ kind: fc.constant('restore' as const), key: fc.constantFrom('a', 'b', 'c'), from: fc.constantFrom('a', 'b', 'c') }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 30 }), async (ops) => {
        const cached = await openBarrier({ maxEntries: 2 });
        const plain = await openBarrier(false);
        const outcome = async (b: AesGcmBarrier, key: string) => {
          try {
            return text(await b.get(`logical/${key}`));
          } catch (e) {
            return `error: ${(e as Error).message}`;
          }
        };
        for (const o of ops) {
          for (const { storage, barrier } of [cached, plain]) {
            const path = `logical/${o.key}`;
            if (o.kind === 'put') await barrier.put(path, utf8.encode(o.value));
            if (o.kind === 'delete') await barrier.delete(path);
            if (o.kind === 'flip') {
              const v = await storage.get(path);
              if (v) {
                v[o.at % v.length] ^= 1;
                await storage.put(path, v);
              }
            }
            if (o.kind === 'restore') {
              const v = await storage.get(`logical/${o.from}`);
              if (v) await storage.put(path, v);
            }
          }
          if (o.kind === 'get') expect(await outcome(cached.barrier, o.key)).toEqual(await outcome(plain.barrier, o.key));
        }
        for (const key of ['a', 'b', 'c']) expect(await outcome(cached.barrier, key)).toEqual(await outcome(plain.barrier, key));
      }),
      { numRuns: 400 },
    );
  });
});
