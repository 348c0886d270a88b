import * as fs from 'node:fs';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyFile, verifyLines } from '../../src/audit-chain/verify.js';
import { VaultError } from '../../src/errors/vault-error.js';
import { asRequest, kvWrite, newBroker, removeDir, tempDir } from './helpers.js';

const hasDevFull = fs.existsSync('/dev/full');
const FULL = { file_path: '/dev/full', mode: '0000', skip_test: 'true' };

async function status(p: Promise<unknown>): Promise<number | 'ok'> {
  try {
    await p;
    return 'ok';
  } catch (e) {
    if (e instanceof VaultError && e.message === 'internal error') return e.status;
    throw e;
  }
}

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

describe('when audit devices fail (openbao internal/vault/audit_broker.go)', () => {
  it('logs nothing and lets requests through when no device is enabled, loaded or not', async () => {
    const { broker } = newBroker();
    expect(await status(broker.logRequest(asRequest(kvWrite({ a: 'b' }))))).toBe('ok');
    await broker.load();
    expect(await status(broker.logResponse(kvWrite({ a: 'b' })))).toBe('ok');
  });

  it('refuses with 500 internal error when the only device throws, and its chain does not move', async () => {
    const { broker, errors } = newBroker();
    await broker.load();
    await broker.enable('mem', { type: 'memory' });
    const sink = broker.memory('mem')!;
    const head = broker.head('mem');
    sink.failWith(new Error('disk on fire'));
    expect(await status(broker.logRequest(asRequest(kvWrite({ a: 'b' }))))).toBe(500);
    expect(await status(broker.logResponse(kvWrite({ a: 'b' })))).toBe(500);
    expect(broker.head('mem')).toEqual(head);
    expect(errors.map((e) => [e.path, (e.error as Error).message])).toEqual([['mem/', 'disk on fire'], ['mem/', 'disk on fire']]);
    sink.failWith(null);
    expect(await status(broker.logRequest(asRequest(kvWrite({ a: 'b' }))))).toBe('ok');
    expect(verifyLines(sink.lines())).toEqual({ ok: true, entries: 2 });
  });

  it('lets the request go when one of two devices fails', async () => {
    const { broker } = newBroker();
    await broker.load();
    await broker.enable('bad', { type: 'memory', options: { skip_test: 'true' } });
    await broker.enable('good', { type: 'memory', options: { skip_test: 'true' } });
    broker.memory('bad')!.failWith(new Error('nope'));
    expect(await status(broker.logRequest(asRequest(kvWrite({ a: 'b' }))))).toBe('ok');
    expect(broker.memory('good')!.lines()).toHaveLength(1);
    expect(broker.memory('bad')!.lines()).toHaveLength(0);
  });

  it.runIf(hasDevFull)('refuses with 500 when the only file cannot be written', async () => {
    const { broker, errors } = newBroker();
    await broker.load();
    await broker.enable('full', { type: 'file', options: FULL });
    expect(await status(broker.logRequest(asRequest(kvWrite({ a: 'b' }))))).toBe(500);
    expect((errors[0]!.error as Error).message).toBe('write /dev/full: no space left on device');
  });

  it.runIf(hasDevFull)('lets the request go when a file fails beside a working file', async () => {
    const { broker } = newBroker();
    await broker.load();
    await broker.enable('full', { type: 'file', options: FULL });
    const file = path.join(dir, 'ok.log');
    await broker.enable('ok', { type: 'file', options: { file_path: file } });
    expect(await status(broker.logRequest(asRequest(kvWrite({ a: 'b' }))))).toBe('ok');
    expect(await verifyFile(file)).toEqual({ ok: true, entries: 2 });
  });

  it.runIf(hasDevFull)('refuses to enable a device whose test probe cannot be written, changing nothing', async () => {
    const { broker, storage } = newBroker();
    await broker.load();
    const e = await broker.enable('full', { type: 'file', options: { file_path: '/dev/full', mode: '0000' } }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(VaultError);
    expect((e as VaultError).status).toBe(400);
    expect((e as VaultError).message).toBe('audit backend failed test message: write /dev/full: no space left on device');
    expect(storage.entries()).toEqual([]);
    expect(broker.list()).toEqual([]);
  });

  it('reports "failed to update audit table" when the table cannot be stored, and keeps no device', async () => {
    const { broker, storage } = newBroker();
    await broker.load();
    const put = storage.put.bind(storage);
    storage.put = async (key, value) => {
      if (key === 'table') throw new Error('barrier sealed');
      return put(key, value);
    };
    const e = (await broker.enable('mem', { type: 'memory' }).catch((x: unknown) => x)) as VaultError;
    expect([e.status, e.message]).toEqual([400, 'failed to update audit table']);
    expect(broker.devicePaths()).toEqual([]);
    expect(storage.entries()).toEqual([]);
  });
});

describe('fsync', () => {
  it('writes every line of concurrent requests in chain order with fsync on', async () => {
    const { broker } = newBroker();
    await broker.load();
    const file = path.join(dir, 'sync.log');
    await broker.enable('f', { type: 'file', options: { file_path: file, fsync: 'true' } });
    await Promise.all(Array.from({ length: 50 }, (_, i) => broker.logRequest(asRequest(kvWrite({ i: String(i) })))));
    expect(await verifyFile(file, { head: broker.head('f') })).toEqual({ ok: true, entries: 51 });
  });
});
