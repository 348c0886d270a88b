import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chainLine, GENESIS_HASH, parseChainTail } from '../../src/audit-chain/chain.js';
import { verifyFile, verifyLines, type VerifyResult } from '../../src/audit-chain/verify.js';
import { chainedLines, removeDir, tempDir } from './helpers.js';

const sha = (s: string) => createHash('sha256').update(s).digest('hex');
const N = 12;
let lines: string[];
let head: { seq: number; hash: string };
let dir: string;

beforeAll(async () => {
  lines = await chainedLines(N);
  head = { seq: N, hash: parseChainTail(lines[N - 1]!)!.hash };
  dir = tempDir();
});
afterAll(() => removeDir(dir));

/** Re-hashes every line from scratch, as someone who edits the log and covers their tracks would. */
function rechain(src: string[]): string[] {
  let prev = GENESIS_HASH;
  return src.map((line, i) => {
    const body = line.slice(0, line.lastIndexOf(',"chain":')) + '}';
    const out = chainLine('', body, i + 1, prev, sha);
    prev = out.hash;
    return out.line;
  });
}

const without = (i: number) => lines.filter((_, j) => j !== i);
const insertAt = (at: number, line: string) => [...lines.slice(0, at), line, ...lines.slice(at)];
const swap = (a: number, b: number) => {
  const out = lines.slice();
  [out[a], out[b]] = [out[b]!, out[a]!];
  return out;
};
const replaceIn = (i: number, from: string, to: string) => lines.map((l, j) => (j === i ? l.replace(from, to) : l));
const failure = (line: number, reason: string) => expect.objectContaining({ ok: false, line, reason });

describe('an untouched log', () => {
  it('verifies, with and without the head', () => {
    expect(verifyLines(lines)).toEqual({ ok: true, entries: N });
    expect(verifyLines(lines, { head })).toEqual({ ok: true, entries: N });
    expect(verifyLines([])).toEqual({ ok: true, entries: 0 });
    expect(verifyLines([...lines, ''])).toEqual({ ok: true, entries: N });
  });
});

describe('each kind of tampering is found and its line named', () => {
  it('a changed byte in the entry: edited', () => {
    const i = 4;
    const changed = replaceIn(i, '"operation":"create"', '"operation":"update"');
    expect(verifyLines(changed)).toEqual(failure(5, 'edited'));
  });

  it('a changed byte in the hash, the seq or the prev: edited', () => {
    const h = parseChainTail(lines[4]!)!;
    const flip = (s: string) => (s[0] === 'a' ? 'b' : 'a') + s.slice(1);
    expect(verifyLines(replaceIn(4, `"hash":"${h.hash}`, `"hash":"${flip(h.hash)}`))).toEqual(failure(5, 'edited'));
    expect(verifyLines(replaceIn(4, '"seq":5,', '"seq":7,'))).toEqual(failure(5, 'edited'));
    expect(verifyLines(replaceIn(4, `"prev":"${h.prev}`, `"prev":"${flip(h.prev)}`))).toEqual(failure(5, 'edited'));
  });

  it('an edit whose own hash was recomputed: the next line exposes it', () => {
    const edited = lines.slice();
    const body = edited[4]!.slice(0, edited[4]!.lastIndexOf(',"chain":')).replace('"create"', '"update"') + '}';
    edited[4] = chainLine('', body, 5, parseChainTail(lines[4]!)!.prev, sha).line;
    expect(verifyLines(edited)).toEqual(failure(5, 'edited'));
  });

  it('a whole chain rewritten after an edit: only the head finds it', () => {
    const rewritten = rechain(replaceIn(4, '"create"', '"update"'));
    expect(verifyLines(rewritten)).toEqual({ ok: true, entries: N });
    expect(verifyLines(rewritten, { head })).toEqual(failure(N, 'edited'));
  });

  it('a deleted line: deleted, naming where the gap is', () => {
    expect(verifyLines(without(4))).toEqual(failure(5, 'deleted'));
    expect(verifyLines(without(0))).toEqual(failure(1, 'deleted'));
    const run = lines.filter((_, j) => j < 4 || j > 6);
    expect(verifyLines(run)).toMatchObject({ ok: false, line: 5, reason: 'deleted', message: 'entries 5..7 are missing before line 5' });
  });

  it('two swapped lines: reordered, adjacent or not', () => {
    expect(verifyLines(swap(3, 4))).toEqual(failure(4, 'reordered'));
    expect(verifyLines(swap(2, 8))).toEqual(failure(3, 'reordered'));
    expect(verifyLines(swap(N - 2, N - 1))).toEqual(failure(N - 1, 'reordered'));
    const moved = [...without(1), lines[1]!];
    expect(verifyLines(moved)).toEqual(failure(2, 'reordered'));
  });

  it('an inserted line: a copy of an earlier or later line, a forged entry, a plain Vault line', () => {
    expect(verifyLines(insertAt(7, lines[2]!))).toEqual(failure(8, 'inserted'));
    expect(verifyLines(insertAt(3, lines[9]!))).toEqual(failure(4, 'inserted'));
    expect(verifyLines(insertAt(N, lines[5]!))).toEqual(failure(N + 1, 'inserted'));
    expect(verifyLines(insertAt(5, lines[4]!))).toEqual(failure(6, 'inserted'));
    const forged = chainLine('', '{"time":"2026-01-01T00:00:00Z","type":"request"}', 6, 'f'.repeat(64), sha).line;
    expect(verifyLines(insertAt(5, forged))).toEqual(failure(6, 'inserted'));
    const inChain = chainLine('', '{"type":"request"}', 6, parseChainTail(lines[4]!)!.hash, sha).line;
    expect(verifyLines(insertAt(5, inChain))).toEqual(failure(6, 'inserted'));
    expect(verifyLines(insertAt(5, '{"time":"2026-01-01T00:00:00Z","type":"request"}'))).toEqual(failure(6, 'inserted'));
  });

  it('a line that is not JSON: not-json', () => {
    expect(verifyLines(insertAt(5, 'garbage'))).toEqual(failure(6, 'not-json'));
    expect(verifyLines(insertAt(0, ''))).toEqual(failure(1, 'not-json'));
    expect(verifyLines(replaceIn(2, '{', '['))).toEqual(failure(3, 'not-json'));
  });

  it('a cut tail: truncated when the head is known, invisible without it', () => {
    expect(verifyLines(lines.slice(0, 9), { head })).toMatchObject({
      ok: false, line: 10, reason: 'truncated',
      message: `the log ends at entry 9 but the recorded head is entry ${N}: 3 entries were cut off`,
    });
    expect(verifyLines([], { head })).toEqual(failure(1, 'truncated'));
    expect(verifyLines(lines.slice(0, 9))).toEqual({ ok: true, entries: 9 });
  });
});

type Edit =
  | { kind: 'byte'; line: number; pos: number; ch: number; how: 'replace' | 'remove' | 'add' }
  | { kind: 'delete'; line: number }
  | { kind: 'swap'; a: number; b: number }
  | { kind: 'insert'; at: number; from: number }
  | { kind: 'truncate'; keep: number };

const editArb: fc.Arbitrary<Edit> = fc.oneof(
  fc.record({
    kind: fc.constant('byte' as const), line: fc.nat(N - 1), pos: fc.nat(),
    ch: fc.oneof(fc.integer({ min: 32, max: 126 }), fc.integer({ min: 0, max: 0xffff })),
    how: fc.constantFrom('replace' as const, 'remove' as const, 'add' as const),
  }),
  fc.record({ kind: fc.constant('delete' as const), line: fc.nat(N - 1) }),
  fc.record({ kind: fc.constant('swap' as const), a: fc.nat(N - 1), b: fc.nat(N - 1) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(N), from: fc.nat(N - 1) }),
  fc.record({ kind: fc.constant('truncate' as const), keep: fc.nat(N - 1) }),
);

/** Applies an edit; returns the tampered lines and the verdicts that name it correctly. */
function apply(e: Edit): { out: string[]; lines: number[]; reasons: string[] } | undefined {
  switch (e.kind) {
    case 'byte': {
      const line = lines[e.line]!;
      const pos = e.pos % line.length;
      if (e.how === 'replace' && line.charCodeAt(pos) === e.ch) return undefined;
      const ch = e.how === 'remove' ? '' : String.fromCharCode(e.ch);
      const out = lines.slice();
      out[e.line] = line.slice(0, pos) + ch + line.slice(e.how === 'add' ? pos : pos + 1);
      return { out, lines: [e.line + 1], reasons: ['edited', 'not-json'] };
    }
    case 'delete':
      return { out: without(e.line), lines: [e.line + 1], reasons: [e.line === N - 1 ? 'truncated' : 'deleted'] };
    case 'swap':
      if (e.a === e.b) return undefined;
      return { out: swap(e.a, e.b), lines: [Math.min(e.a, e.b) + 1], reasons: ['reordered'] };
    case 'insert': {
      // A copy placed next to its original may be called the extra one either way.
      const named = e.from === e.at ? [e.at + 1, e.at + 2] : [e.at + 1];
      return { out: insertAt(e.at, lines[e.from]!), lines: named, reasons: ['inserted'] };
    }
    case 'truncate':
      return { out: lines.slice(0, e.keep), lines: [e.keep + 1], reasons: ['truncated'] };
  }
}

function expectNamed(r: VerifyResult, lineNos: number[], reasons: string[]): void {
  expect(r.ok).toBe(false);
  if (r.ok) return;
  expect(lineNos).toContain(r.line);
  expect(reasons).toContain(r.reason);
}

describe('random tampering: changed, removed or added characters, deleted, swapped, inserted or cut lines (property)', () => {
  it('is always found and named, given the head', () => {
    fc.assert(fc.property(editArb, (e) => {
      const t = apply(e);
      fc.pre(t !== undefined);
      expectNamed(verifyLines(t!.out, { head }), t!.lines, t!.reasons);
    }), { numRuns: 400 });
  });

  it('is found without the head too, except cuts at the end', () => {
    fc.assert(fc.property(editArb, (e) => {
      const t = apply(e);
      fc.pre(t !== undefined && !t.reasons.includes('truncated'));
      expectNamed(verifyLines(t!.out), t!.lines, t!.reasons);
    }), { numRuns: 400 });
  });
});

describe('verifyFile', () => {
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, text);
    return file;
  };

  it('reads a log file, with or without a final newline', async () => {
    expect(await verifyFile(write('ok.log', lines.join('\n') + '\n'), { head })).toEqual({ ok: true, entries: N });
    expect(await verifyFile(write('nonl.log', lines.join('\n')))).toEqual({ ok: true, entries: N });
    expect(await verifyFile(write('empty.log', ''))).toEqual({ ok: true, entries: 0 });
  });

  it('reports the same verdicts as verifyLines', async () => {
    const cases = [without(4), swap(2, 8), insertAt(7, lines[2]!), lines.slice(0, 9)];
    for (const [i, c] of cases.entries()) {
      const file = write(`case${i}.log`, c.join('\n') + '\n');
      expect(await verifyFile(file, { head })).toEqual(verifyLines(c, { head }));
    }
  });

  it('handles lines longer than its read chunks and multi-byte characters across them', async () => {
    const big = await chainedLinesWith('é🔑'.repeat(40_000));
    expect(await verifyFile(write('big.log', big.join('\n') + '\n'))).toEqual({ ok: true, entries: big.length });
  });

  it('rejects when the file cannot be read', async () => {
    await expect(verifyFile(path.join(dir, 'missing.log'))).rejects.toThrow(/ENOENT/);
  });
});

async function chainedLinesWith(value: string): Promise<string[]> {
  let prev = GENESIS_HASH;
  return [1, 2, 3].map((seq) => {
    const out = chainLine('', JSON.stringify({ type: 'request', value }), seq, prev, sha);
    prev = out.hash;
    return out.line;
  });
}
