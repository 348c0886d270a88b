import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditBroker } from '../../src/audit/broker.js';
import { GENESIS_HASH } from '../../src/audit-chain/chain.js';
import { verifyFile, verifyLines } from '../../src/audit-chain/verify.js';
import type { MemoryStorage } from '../../src/storage/memory.js';
import { deferred } from '../support/deferred.js';
import { asRequest, kvWrite, newBroker, removeDir, tempDir } from './helpers.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

function storedHead(storage: MemoryStorage): { seq: number; hash: string } | undefined {
  const e = storage.entries().find(([k]) => k.endsWith('/head'));
  return e ? JSON.parse(new TextDecoder().decode(e[1])) : undefined;
}

let dir: string;
beforeEach(() => {
  dir = tempDir();
});
afterEach(() => removeDir(dir));

describe('the chain fields', () => {
  it('end every line with seq, prev and a SHA-256 of the bytes before ,"hash":"', async () => {
    const { broker } = newBroker();
    await broker.load();
    await broker.enable('mem', { type: 'memory' });
    const input = kvWrite({ password: 'pw' });
    await broker.logRequest(asRequest(input));
    await broker.logResponse(input);
    let prev = GENESIS_HASH;
    broker.memory('mem')!.lines().forEach((line, i) => {
      const entry = JSON.parse(line);
      expect(Object.keys(entry).at(-1)).toBe('chain');
      expect(Object.keys(entry.chain)).toEqual(['seq', 'prev', 'hash']);
      expect(entry.chain.seq).toBe(i + 1);
      expect(entry.chain.prev).toBe(prev);
      const cut = line.lastIndexOf(',"hash":"');
      expect(line.slice(cut)).toBe(`,"hash":"${entry.chain.hash}"}}`);
      expect(sha(line.slice(0, cut))).toBe(entry.chain.hash);
      prev = entry.chain.hash;
    });
    expect(broker.head('mem')).toEqual({ seq: 3, hash: prev });
  });

  it('covers the prefix, and verifies with or without being told it', async () => {
    const { broker } = newBroker();
    await broker.load();
    await broker.enable('mem', { type: 'memory', options: { prefix: 'vault-audit: ' } });
    await broker.logRequest(asRequest(kvWrite({ a: 'b' })));
    const lines = broker.memory('mem')!.lines();
    expect(lines.every((l) => l.startsWith('vault-audit: {'))).toBe(true);
    const cut = lines[0]!.lastIndexOf(',"hash":"');
    expect(sha(lines[0]!.slice(0, cut))).toBe(JSON.parse(lines[0]!.slice(13)).chain.hash);
    expect(verifyLines(lines, { prefix: 'vault-audit: ' })).toEqual({ ok: true, entries: 2 });
    expect(verifyLines(lines)).toEqual({ ok: true, entries: 2 });
  });

  it('writes a prefix with a lone surrogate as U+FFFD, so the file still verifies', async () => {
    const { broker } = newBroker();
    await broker.load();
    const file = path.join(dir, 'odd.log');
    await broker.enable('f', { type: 'file', options: { file_path: file, prefix: '\ud800> ' } });
    await broker.logRequest(asRequest(kvWrite({ a: 'b' })));
    expect(fs.readFileSync(file, 'utf8').startsWith('\ufffd> {')).toBe(true);
    expect(await verifyFile(file, { head: broker.head('f') })).toEqual({ ok: true, entries: 2 });
    await broker.unload();
  });

  it('holds for any sequence of entries (property)', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.tuple(fc.boolean(), fc.dictionary(fc.string(), fc.jsonValue())), { maxLength: 8 }),
      async (steps) => {
        const { broker } = newBroker();
        await broker.load();
        await broker.enable('mem', { type: 'memory' });
        for (const [isRequest, data] of steps) {
          const input = kvWrite(data);
          await (isRequest ? broker.logRequest(asRequest(input)) : broker.logResponse(input));
        }
        const lines = broker.memory('mem')!.lines();
        expect(verifyLines(lines, { head: broker.head('mem') })).toEqual({ ok: true, entries: steps.length + 1 });
      },
    ), { numRuns: 40 });
  });
});

describe('the chain across restarts', () => {
  it('continues in the same file after unload and load by a new broker', async () => {
    const { broker, storage } = newBroker();
    await broker.load();
    const file = path.join(dir, 'audit.log');
    await broker.enable('f', { type: 'file', options: { file_path: file } });
    await broker.logRequest(asRequest(kvWrite({ a: '1' })));
    await broker.unload();
    const again = new AuditBroker({ storage });
    await again.load();
    await again.logRequest(asRequest(kvWrite({ a: '2' })));
    const head = again.head('f')!;
    expect(head.seq).toBe(3);
    await again.unload();
    expect(storedHead(storage)).toEqual(head);
    expect(await verifyFile(file, { head })).toEqual({ ok: true, entries: 3 });
  });

  it('resumes from the stored head when the file was cut while sealed, so the gap shows', async () => {
    const { broker, storage } = newBroker();
    await broker.load();
    const file = path.join(dir, 'audit.log');
    await broker.enable('f', { type: 'file', options: { file_path: file } });
    for (let i = 0; i < 4; i++) await broker.logRequest(asRequest(kvWrite({ i: String(i) })));
    await broker.unload();
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    fs.writeFileSync(file, lines.slice(0, 3).join('\n') + '\n');
    expect(await verifyFile(file, { head: storedHead(storage) })).toMatchObject({ ok: false, line: 4, reason: 'truncated' });
    const again = new AuditBroker({ storage });
    await again.load();
    await again.logRequest(asRequest(kvWrite({ after: 'restart' })));
    await again.unload();
    expect(await verifyFile(file)).toMatchObject({ ok: false, line: 4, reason: 'deleted' });
  });

  it('closes off a partial last line left by a crash and chains on from the last whole line', async () => {
    const { broker, storage } = newBroker();
    await broker.load();
    const file = path.join(dir, 'audit.log');
    await broker.enable('f', { type: 'file', options: { file_path: file } });
    await broker.unload();
    fs.appendFileSync(file, '{"time":"2026-01-02T03:04:05Z","type":"requ');
    const again = new AuditBroker({ storage });
    await again.load();
    await again.logRequest(asRequest(kvWrite({ a: 'b' })));
    expect(again.head('f')!.seq).toBe(2);
    await again.unload();
    expect(fs.readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
    expect(await verifyFile(file)).toMatchObject({ ok: false, line: 2, reason: 'not-json' });
  });
});

describe('keeping the head behind the barrier', () => {
  it('writes heads in batches of `entries`, not on every request', async () => {
    const { broker, storage } = newBroker({ headFlush: { entries: 3, ms: 60_000 } });
    await broker.load();
    await broker.enable('mem', { type: 'memory', options: { skip_test: 'true' } });
    await broker.logRequest(asRequest(kvWrite({ a: '1' })));
    await broker.logRequest(asRequest(kvWrite({ a: '2' })));
    expect(storedHead(storage)).toBeUndefined();
    await broker.logRequest(asRequest(kvWrite({ a: '3' })));
    expect(storedHead(storage)).toEqual(broker.head('mem'));
    await broker.logRequest(asRequest(kvWrite({ a: '4' })));
    expect(storedHead(storage)!.seq).toBe(3);
    await broker.unload();
    expect(storedHead(storage)!.seq).toBe(4);
  });

  it('writes heads on a timer when requests stop before a batch fills', async () => {
    const { broker, storage } = newBroker({ headFlush: { entries: 1000, ms: 5 } });
    await broker.load();
    await broker.enable('mem', { type: 'memory', options: { skip_test: 'true' } });
    const headWritten = deferred();
    const put = storage.put.bind(storage);
    storage.put = async (key, value) => {
      await put(key, value);
      if (key.endsWith('/head') && storedHead(storage)?.seq === 1) headWritten.resolve();
    };
    await broker.logRequest(asRequest(kvWrite({ a: '1' })));
    await headWritten.promise;
    expect(storedHead(storage)).toEqual(broker.head('mem'));
    await broker.unload();
  });

  it('after a crash, finds entries cut at or before the stored head; later ones are the batch window', async () => {
    const { broker, storage } = newBroker({ headFlush: { entries: 5, ms: 60_000 } });
    await broker.load();
    const file = path.join(dir, 'audit.log');
    await broker.enable('f', { type: 'file', options: { file_path: file, skip_test: 'true' } });
    for (let i = 0; i < 8; i++) await broker.logRequest(asRequest(kvWrite({ i: String(i) })));
    // No unload: the process "crashed" with the head stored at entry 5.
    const head = storedHead(storage)!;
    expect(head.seq).toBe(5);
    const lines = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
    fs.writeFileSync(path.join(dir, 'cut4.log'), lines.slice(0, 4).join('\n') + '\n');
    fs.writeFileSync(path.join(dir, 'cut6.log'), lines.slice(0, 6).join('\n') + '\n');
    expect(await verifyFile(path.join(dir, 'cut4.log'), { head })).toMatchObject({ ok: false, line: 5, reason: 'truncated' });
    expect(await verifyFile(path.join(dir, 'cut6.log'), { head })).toEqual({ ok: true, entries: 6 });
  });
});
