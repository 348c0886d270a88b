// One behaviour suite for every physical backend: MemoryStorage and FileStorage must be
// indistinguishable through the Storage interface (get/put/delete/list, Vault's List semantics).
import { afterAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryStorage } from '../../src/storage/memory.js';
import { FileStorage } from '../../src/storage/file.js';
import { listChildren, readDecoded, type Storage } from '../../src/storage/types.js';

const root = mkdtempSync(join(tmpdir(), 'minivault-storage-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;

const backends: Array<[string, () => Storage]> = [
  ['MemoryStorage', () => new MemoryStorage()],
  // fsync off keeps the property runs fast; durability has its own tests in file.test.ts.
  ['FileStorage', () => new FileStorage(join(root, `s${dirs++}`), { fsync: false })],
];

const bytes = (s: string) => new TextEncoder().encode(s);
const hexOf = (v: Uint8Array) => ({ hex: Buffer.from(v).toString('hex') });

// Segments a real Vault path can hold, including ones that look like FileStorage's own markers
// and ones too long for a file name (FileStorage stores those under hashed names).
const LONG = ['L'.repeat(300), 'L'.repeat(254), 'é'.repeat(130), '_' + 'u'.repeat(255), `%#k${'0'.repeat(64)}`, `%#d${'0'.repeat(64)}`, '%name'];
const segment = fc.constantFrom('a', 'b', 'ab', '_x', '%y', '~t', 'sys', 'log ical', 'é', 'a.b', 'kv-1', ...LONG);
const key = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const prefix = fc.oneof(
  fc.constant(''),
  fc.array(segment, { minLength: 1, maxLength: 3 }).map((s) => s.join('/') + '/'),
  fc.tuple(fc.array(segment, { maxLength: 2 }), fc.constantFrom('a', '_', '%', 'l', 's', 'L', 'LL', '%#', 'é')).map(([s, p]) => [...s, p].join('/')),
);
type Op = { kind: 'put'; key: string; value: Uint8Array } | { kind: 'delete'; key: string } | { kind: 'list'; prefix: string }
  | { kind: 'read'; key: string };
const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('put' as const), key, value: fc.uint8Array({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant('read' as const), key }),
  fc.record({ kind: fc.constant('delete' as const), key }),
  fc.record({ kind: fc.constant('list' as const), prefix }),
);

describe.each(backends)('%s', (_name, make) => {
  it('returns undefined for a key never written', async () => {
    expect(await make().get('nope/never')).toBeUndefined();
  });

  it('returns what was put, and an overwrite replaces it', async () => {
    const s = make();
    await s.put('core/keyring', bytes('one'));
    expect(await s.get('core/keyring')).toEqual(bytes('one'));
    await s.put('core/keyring', bytes('two'));
    expect(await s.get('core/keyring')).toEqual(bytes('two'));
  });

  it('keeps an empty value distinct from a missing one', async () => {
    const s = make();
    await s.put('empty', new Uint8Array(0));
    expect(await s.get('empty')).toEqual(new Uint8Array(0));
  });

  it('copies a Buffer it is given (whose slice() would only be a view)', async () => {
    const s = make();
    const v = Buffer.from('abc');
    await s.put('k', v);
    v[0] = 0x7a;
    expect(new TextDecoder().decode((await s.get('k'))!)).toBe('abc');
  });

  it('does not let the caller alias stored bytes', async () => {
    const s = make();
    const v = bytes('abc');
    await s.put('k', v);
    v[0] = 0x7a;
    const got = (await s.get('k'))!;
    expect(got).toEqual(bytes('abc'));
    got[1] = 0x7a;
    expect(await s.get('k')).toEqual(bytes('abc'));
  });

  it('forgets a deleted key, and deleting a missing key is not an error', async () => {
    const s = make();
    await s.put('a/b', bytes('x'));
    await s.delete('a/b');
    await s.delete('a/b');
    expect(await s.get('a/b')).toBeUndefined();
    expect(await s.list('')).toEqual([]);
  });

  it('lists the next segment of each key, folders with a trailing slash, sorted and once each', async () => {
    const s = make();
    for (const k of ['logical/u1/a', 'logical/u1/b/c', 'logical/u2', 'core/keyring', 'core/master']) await s.put(k, bytes(k));
    expect(await s.list('')).toEqual(['core/', 'logical/']);
    expect(await s.list('logical/')).toEqual(['u1/', 'u2']);
    expect(await s.list('logical/u1/')).toEqual(['a', 'b/']);
    expect(await s.list('core/')).toEqual(['keyring', 'master']);
    expect(await s.list('core/k')).toEqual(['eyring']);
    expect(await s.list('missing/')).toEqual([]);
  });

  it('decodes a stored value once until it is written again (or decodes every read)', async () => {
    const s = make();
    let calls = 0;
    const decode = (v: Uint8Array) => {
      calls++;
      return { text: new TextDecoder().decode(v) };
    };
    await s.put('k', bytes('one'));
    const first = await readDecoded(s, 'k', decode);
    const again = await readDecoded(s, 'k', decode);
    expect(again).toEqual({ text: 'one' });
    if (s.getDecoded) expect(again).toBe(first);
    await s.put('k', bytes('two'));
    expect(await readDecoded(s, 'k', decode)).toEqual({ text: 'two' });
    expect(calls).toBe(s.getDecoded ? 2 : 3);
    await expect(readDecoded(s, 'k', () => { throw new Error('bad'); })).rejects.toThrow('bad');
  });

  it('agrees with a plain map model under any sequence of puts, deletes and lists', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 25 }), async (ops) => {
        const s = make();
        const model = new Map<string, Uint8Array>();
        for (const o of ops) {
          if (o.kind === 'put') {
            await s.put(o.key, o.value);
            model.set(o.key, o.value);
          } else if (o.kind === 'delete') {
            await s.delete(o.key);
            model.delete(o.key);
          } else if (o.kind === 'read') {
            // A shared decoding (where the backend keeps one) must still follow every write.
            const want = model.get(o.key);
            expect(await readDecoded(s, o.key, hexOf)).toEqual(want === undefined ? undefined : hexOf(want));
          } else {
            expect(await s.list(o.prefix)).toEqual(listChildren(model.keys(), o.prefix));
          }
        }
        for (const [k, v] of model) expect(await s.get(k)).toEqual(v);
      }),
      { numRuns: 40 },
    );
  });
});
