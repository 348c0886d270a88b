// Crash safety of the key operations: a rekey (with and without verification), a barrier key
// rotation and a root token generation are each killed at every storage write they make (the
// write does not happen and the process state is dropped; a new vault opens the same storage).
// The restarted vault must unseal with the old shares, or with the new ones when the client had
// received them, and every secret and the root token written before must read back.
import { appendFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../src/core/create.js';
import type { Core } from '../../src/core/core.js';
import { FileStorage } from '../../src/storage/file.js';
import { MemoryStorage } from '../../src/storage/memory.js';
import type { Storage } from '../../src/storage/types.js';
import { ManualClock } from '../../src/util/clock.js';
import { SeededRandom } from '../../src/util/random.js';
import { CrashingStorage } from './crashing-storage.js';

const SECRETS = { a: 'alpha', b: 'bravo', c: 'charlie', d: 'delta' };

interface Base { keys: string[]; root: string; fresh(): Storage }
type Answer = { status: number; body?: any };
const call = async (core: Core, operation: string, path: string, data?: Record<string, unknown>, token?: string): Promise<Answer> =>
  (await core.handle({ operation: operation as 'read', path, data, token })) as Answer;

function open(storage: Storage, seed: string): Core {
  return createCore({ storage, clock: new ManualClock(), random: new SeededRandom(seed) });
}

/** Feeds shares one by one; true when the vault ends up unsealed. */
async function unseal(core: Core, keys: string[]): Promise<boolean> {
  await call(core, 'update', 'sys/unseal', { reset: true }); // a set tried before leaves no progress
  for (const key of keys) {
    const res = await call(core, 'update', 'sys/unseal', { key });
    if (res.status !== 200) return false;
    if (res.body.sealed === false) return true;
  }
  return false;
}

async function secretsIntact(core: Core, root: string): Promise<void> {
  for (const [name, v] of Object.entries(SECRETS)) {
    const res = await call(core, 'read', `secret/data/${name}`, undefined, root);
    expect(res.status, name).toBe(200);
    expect(res.body.data.data).toEqual({ v });
  }
}

/** An operation: `prepare` runs before the crash point is armed, `finish` is the step that writes. */
interface KeyOp {
  name: string;
  prepare(core: Core, base: Base): Promise<Record<string, any>>;
  finish(core: Core, base: Base, state: Record<string, any>): Promise<Answer>;
  /** New shares the client holds: from prepare (verification), or from finish's answer. */
  newKeys(state: Record<string, any>, answer: Answer | undefined): string[] | undefined;
  /** A storage key the operation writes once its answer is out (the rekey intent's removal). */
  afterAnswer?: string;
}

const rekeyUpdate = (core: Core, key: string, nonce: string) => call(core, 'update', 'sys/rekey/update', { key, nonce });

const OPS: KeyOp[] = [
  {
    name: 'rekey',
    async prepare(core, { keys }) {
      const { body } = await call(core, 'update', 'sys/rekey/init', { secret_shares: 4, secret_threshold: 2 });
      for (const k of keys.slice(0, 2)) expect((await rekeyUpdate(core, k, body.nonce)).status).toBe(200);
      return { nonce: body.nonce };
    },
    finish: (core, { keys }, s) => rekeyUpdate(core, keys[2]!, s.nonce),
    newKeys: (_s, a) => (a?.status === 200 ? a.body.keys : undefined),
    afterAnswer: 'core/minivault-rekey-intent',
  },
  {
    name: 'rekey with verification',
    async prepare(core, { keys }) {
      const { body } = await call(core, 'update', 'sys/rekey/init', { secret_shares: 4, secret_threshold: 2, require_verification: true });
      let done: Answer | undefined;
      for (const k of keys.slice(0, 3)) done = await rekeyUpdate(core, k, body.nonce);
      const { keys: fresh, verification_nonce: vnonce } = done!.body;
      expect((await call(core, 'update', 'sys/rekey/verify', { key: fresh[3], nonce: vnonce })).body.progress).toBe(1);
      return { fresh, vnonce };
    },
    finish: (core, _b, s) => call(core, 'update', 'sys/rekey/verify', { key: s.fresh[0], nonce: s.vnonce }),
    newKeys: (s) => s.fresh,
  },
  {
    name: 'rotate',
    prepare: async () => ({}),
    finish: (core, { root }) => call(core, 'update', 'sys/rotate', {}, root),
    newKeys: () => undefined,
  },
  {
    name: 'generate-root',
    async prepare(core, { keys }) {
      const { body } = await call(core, 'update', 'sys/generate-root/attempt', {});
      for (const key of keys.slice(0, 2)) await call(core, 'update', 'sys/generate-root/update', { key, nonce: body.nonce });
      return { nonce: body.nonce };
    },
    finish: (core, { keys }, s) => call(core, 'update', 'sys/generate-root/update', { key: keys[2], nonce: s.nonce }),
    newKeys: () => undefined,
  },
];

async function makeBase(storage: Storage, fresh: () => Storage): Promise<Base> {
  const core = open(storage, 'base');
  const { body } = await call(core, 'update', 'sys/init', { secret_shares: 5, secret_threshold: 3 });
  expect(await unseal(core, body.keys.slice(0, 3))).toBe(true);
  const root = body.root_token as string;
  expect((await call(core, 'update', 'sys/mounts/secret', { type: 'kv', options: { version: '2' } }, root)).status).toBe(204);
  for (const [name, v] of Object.entries(SECRETS)) {
    expect((await call(core, 'update', `secret/data/${name}`, { data: { v } }, root)).status).toBe(200);
  }
  expect((await call(core, 'update', 'sys/seal', {}, root)).status).toBe(204);
  return { keys: body.keys, root, fresh };
}

interface Outcome { answered: boolean; received: boolean; opened: 'old' | 'new' }

/** One run: crash at write `crashAt` (Infinity: none), restart, unseal, check. Returns the writes and the outcome. */
async function run(op: KeyOp, base: Base, crashAt: number): Promise<{ written: string[]; outcome: Outcome }> {
  const durable = base.fresh();
  const crashing = new CrashingStorage(durable);
  const core = open(crashing, `${op.name}-${crashAt}`);
  expect(await unseal(core, base.keys.slice(0, 3))).toBe(true);
  const state = await op.prepare(core, base);
  crashing.arm(crashAt);
  const answer = await op.finish(core, base, state);
  const answered = answer.status < 300; // a crash inside the step is a 500 from core
  // A completed rekey removes its intent once the answer is out, in the background.
  if (answered && op.afterAnswer !== undefined) await crashing.nextWrite(op.afterAnswer);
  if (crashAt === Infinity) expect(answered, JSON.stringify(answer?.body)).toBe(true);
  const written = [...crashing.written];

  const restarted = open(durable, `${op.name}-${crashAt}-restart`);
  const fresh = op.newKeys(state, answered ? answer : undefined);
  let opened: 'old' | 'new' = 'old';
  if (fresh !== undefined && (await unseal(restarted, fresh.slice(0, 2)))) opened = 'new';
  else expect(await unseal(restarted, base.keys.slice(2, 5)), `old shares after a crash at write ${crashAt}`).toBe(true);
  await secretsIntact(restarted, base.root);
  // Settled: the same shares open it again after a seal.
  expect((await call(restarted, 'update', 'sys/seal', {}, base.root)).status).toBe(204);
  expect(await unseal(restarted, opened === 'new' ? fresh!.slice(1, 3) : base.keys.slice(0, 3))).toBe(true);
  await secretsIntact(restarted, base.root);
  return { written, outcome: { answered, received: fresh !== undefined, opened } };
}

const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

const kinds: Array<[string, () => Promise<Base>]> = [
  ['file storage', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mv-crash-keyops-'));
    dirs.push(dir);
    let n = 0;
    const fresh = () => {
      const copy = join(dir, `run-${n++}`);
      cpSync(join(dir, 'base'), copy, { recursive: true });
      return new FileStorage(copy);
    };
    return makeBase(new FileStorage(join(dir, 'base')), fresh);
  }],
  ['memory storage', async () => {
    const mem = new MemoryStorage();
    return makeBase(mem, () => {
      const copy = new MemoryStorage();
      copy.replaceAll(mem.entries());
      return copy;
    });
  }],
];

/** Init killed at write `crashAt`: the client got no shares, so the vault must be uninitialized and take a new init. */
async function runInit(empty: () => Storage, crashAt: number): Promise<string[]> {
  const durable = empty();
  const crashing = new CrashingStorage(durable);
  crashing.arm(crashAt);
  const answer = await call(open(crashing, `init-${crashAt}`), 'update', 'sys/init', { secret_shares: 3, secret_threshold: 2 });
  const written = [...crashing.written];
  const restarted = open(durable, `init-${crashAt}-restart`);
  if (crashAt !== Infinity) {
    expect(answer.status).toBe(500);
    expect((await call(restarted, 'read', 'sys/init')).body, `after a crash at write ${crashAt}`).toEqual({ initialized: false });
  }
  const again = crashAt === Infinity ? answer : await call(restarted, 'update', 'sys/init', { secret_shares: 3, secret_threshold: 2 });
  expect(again.status).toBe(200);
  expect(await unseal(restarted, again.body.keys.slice(1))).toBe(true);
  expect((await call(restarted, 'read', 'auth/token/lookup-self', undefined, again.body.root_token)).status).toBe(200);
  expect((await call(restarted, 'read', 'sys/seal-status')).body).toMatchObject({ t: 2, n: 3 });
  return written;
}

describe.each(kinds)('key operations killed at every write (%s)', (kind, build) => {
  let base: Base;
  beforeAll(async () => { base = await build(); });

  it('init: after a crash at any write the vault is uninitialized and a new init works', async () => {
    const empty = kind === 'file storage'
      ? () => new FileStorage(mkdtempSync(join(dirs[0]!, 'init-')))
      : () => new MemoryStorage();
    const written = await runInit(empty, Infinity);
    expect(written[0]).toBe('core/minivault-init-intent');
    expect(written.at(-1)).toBe('core/minivault-init-intent');
    for (let n = 1; n <= written.length; n++) await runInit(empty, n);
    if (process.env.MV_STATS) appendFileSync(`${process.env.MV_STATS}.inprocess.jsonl`, JSON.stringify({ storage: kind, op: 'init', writes: written }) + '\n');
  });

  it.each(OPS.map((op) => [op.name, op] as const))('%s: after a crash at any write the old (or received new) shares open an intact vault', async (_name, op) => {
    const { written } = await run(op, base, Infinity);
    expect(written.length).toBeGreaterThan(0);
    const outcomes: Outcome[] = [];
    for (let n = 1; n <= written.length; n++) outcomes.push((await run(op, base, n)).outcome);
    // A client that never received new shares finds the old ones working.
    for (const o of outcomes) if (!o.received) expect(o.opened).toBe('old');
    if (op.name === 'rekey') {
      expect(written).toEqual([
        'core/minivault-rekey-intent', 'core/keyring', 'core/master', 'core/hsm/barrier-unseal-keys',
        'core/shamir-kek', 'core/seal-config', 'core/canary-keyring', 'core/minivault-rekey-intent',
      ]);
      // Only the intent's removal comes after the answer: a crash there leaves the new shares working.
      expect(outcomes.map((o) => o.answered)).toEqual([false, false, false, false, false, false, false, true]);
      expect(outcomes.at(-1)!.opened).toBe('new');
    }
    if (op.name === 'rekey with verification') expect(written.at(-1)).toBe('core/minivault-rekey-intent');
    // The figures in RELIABILITY.md: MV_STATS=<file> npx vitest run test/reliability/crash-keyops*
    if (process.env.MV_STATS) {
      const row = { storage: kind, op: op.name, writes: written, old: outcomes.filter((o) => o.opened === 'old').length, new: outcomes.filter((o) => o.opened === 'new').length };
      appendFileSync(`${process.env.MV_STATS}.inprocess.jsonl`, JSON.stringify(row) + '\n');
    }
  });
});
