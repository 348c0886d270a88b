// The incremental hash-chain checker behind verifyFile and verifyLines (minivault's own; see
// CHAIN.md). Lines are fed one at a time. Each must parse, hash to its own `hash`, carry the next
// sequence number and name the previous line's hash. At the first line that does not, the checker
// reads on just far enough to tell what happened to the log there, and names the line:
//   edited     a line's bytes changed (its hash no longer matches, or the next line's `prev` does not)
//   deleted    sequence numbers are missing and never turn up later
//   reordered  a later entry came early and the skipped one follows further down
//   inserted   an extra line: the chain goes on as if it were not there, or it repeats an entry
//   truncated  the log ends before the head recorded behind the barrier
//   not-json   a line that is not a JSON object
import { GENESIS_HASH, parseChainTail, type ChainHead } from './chain.js';

export type VerifyReason = 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'not-json';

export type VerifyFailure = { ok: false; line: number; reason: VerifyReason; message: string };
export type VerifyResult = { ok: true; entries: number } | VerifyFailure;

interface ParsedLine {
  kind: 'not-json' | 'unchained' | 'chained';
  seq: number;
  prev: string;
  hash: string;
  /** The recomputed hash equals the line's own `hash`. */
  selfOk: boolean;
  /** The object has a `chain` member, canonical or not. */
  hasChain: boolean;
}

const NOT_CHAINED = { seq: 0, prev: '', hash: '', selfOk: false, hasChain: false };
const CHAIN_REMAINS = /"seq":|"prev":"|"hash":"/;

function parseLine(line: string, prefix: string | undefined, sha256Hex: (t: string) => string): ParsedLine {
  let start: number;
  if (prefix !== undefined) start = line.startsWith(prefix) ? prefix.length : -1;
  else start = line.indexOf('{');
  if (start < 0) return { kind: 'not-json', ...NOT_CHAINED };
  let value: unknown;
  try {
    value = JSON.parse(start === 0 ? line : line.slice(start));
  } catch {
    return { kind: 'not-json', ...NOT_CHAINED };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { kind: 'not-json', ...NOT_CHAINED };
  const tail = parseChainTail(line);
  const chain = (value as { chain?: { seq?: unknown } }).chain;
  if (!tail || chain?.seq !== tail.seq) {
    // One altered byte cannot wipe out all three chain keys: their remains mean an edited line.
    const hasChain = chain !== undefined || CHAIN_REMAINS.test(line.slice(-256));
    return { kind: 'unchained', ...NOT_CHAINED, hasChain };
  }
  const selfOk = sha256Hex(line.slice(0, tail.hashedLength)) === tail.hash;
  return { kind: 'chained', seq: tail.seq, prev: tail.prev, hash: tail.hash, selfOk, hasChain: true };
}

const fail = (line: number, reason: VerifyReason, message: string): VerifyFailure => ({ ok: false, line, reason, message });

/** What the checker knew when line `at` broke the chain. */
interface Anomaly {
  at: number;
  x: ParsedLine;
  /** Expected sequence number and previous hash at that line. */
  seq: number;
  prev: string;
  /** The last accepted line (0: none) and its own `prev`; its hash is `prev` above. */
  lastLine: number;
  lastPrev: string;
}

/** Reads the lines after an anomaly until it can say which kind it is. */
class AnomalyResolver {
  readonly #a: Anomaly;
  #next: ParsedLine | undefined;
  #seen = 0;
  #expectedSeqLater = false;
  #predecessorLater = false;

  constructor(anomaly: Anomaly) {
    this.#a = anomaly;
  }

  /** Feeds the line after the anomaly (and the ones after it); a verdict ends the reading. */
  feed(p: ParsedLine, lineNo: number): VerifyFailure | undefined {
    const a = this.#a;
    if (this.#seen++ === 0) {
      this.#next = p;
      const quick = this.#quick();
      if (quick) return quick;
    }
    if (p.kind !== 'chained') return undefined;
    if (p.seq === a.x.seq && p.hash === a.x.hash) {
      return fail(a.at, 'inserted', `line ${a.at} repeats the entry found again at line ${lineNo} (seq ${p.seq})`);
    }
    if (p.seq === a.seq) this.#expectedSeqLater = true;
    if (p.seq === a.x.seq - 1 && p.hash === a.x.prev) this.#predecessorLater = true;
    return undefined;
  }

  finish(): VerifyFailure {
    if (this.#seen === 0) {
      const quick = this.#quick();
      if (quick) return quick;
    }
    const a = this.#a;
    if (!this.#expectedSeqLater) {
      const missing = a.x.seq - a.seq === 1 ? `entry ${a.seq} is` : `entries ${a.seq}..${a.x.seq - 1} are`;
      return fail(a.at, 'deleted', `${missing} missing before line ${a.at}`);
    }
    if (this.#predecessorLater) {
      return fail(a.at, 'reordered', `line ${a.at} holds entry ${a.x.seq} where entry ${a.seq} belongs; entry ${a.seq} comes later`);
    }
    return fail(a.at, 'inserted', `line ${a.at} (seq ${a.x.seq}) belongs to no place in the chain`);
  }

  /** The cases the next line decides; undefined when the rest of the log must be read. */
  #quick(): VerifyFailure | undefined {
    const { at, x, seq, prev, lastLine, lastPrev } = this.#a;
    const next = this.#next;
    const nextLinks = (s: number, h: string) => next?.kind === 'chained' && next.selfOk && next.seq === s && next.prev === h;
    const skipHeals = nextLinks(seq, prev);
    if (x.kind === 'unchained') {
      return skipHeals || (!next && !x.hasChain)
        ? fail(at, 'inserted', `line ${at} has no chain fields and the chain continues without it`)
        : fail(at, 'edited', `line ${at} has lost its chain fields or they were altered`);
    }
    if (!x.selfOk) {
      return skipHeals
        ? fail(at, 'inserted', `line ${at} does not belong: the chain continues without it`)
        : fail(at, 'edited', `line ${at} does not match its hash`);
    }
    if (x.seq < seq) {
      if (x.seq === seq - 1 && x.prev === lastPrev && x.hash !== prev && nextLinks(x.seq + 1, x.hash)) {
        return fail(lastLine, 'inserted', `line ${lastLine} forks the chain: line ${at} holds entry ${x.seq} and the chain continues from it`);
      }
      return fail(at, 'inserted', `line ${at} repeats entry ${x.seq} after entry ${seq - 1}`);
    }
    if (x.seq === seq) {
      if (skipHeals) return fail(at, 'inserted', `line ${at} does not belong: the chain continues without it`);
      if (lastLine === 0) return fail(at, 'edited', `line ${at} does not start the chain`);
      return fail(lastLine, 'edited', `line ${lastLine} no longer matches the hash line ${at} records for it`);
    }
    return undefined;
  }
}

/** Checks lines in order; `push` returns false once the verdict is known. */
export class ChainChecker {
  readonly #prefix: string | undefined;
  readonly #head: ChainHead | undefined;
  readonly #sha256Hex: (t: string) => string;
  #lineNo = 0;
  #accepted = 0;
  #seq = 0;
  #hash = GENESIS_HASH;
  #lastPrev = '';
  #lastLine = 0;
  #hashAtHead: { line: number; hash: string } | undefined;
  #resolver: AnomalyResolver | undefined;
  #verdict: VerifyFailure | undefined;

  constructor(sha256Hex: (t: string) => string, opts: { head?: ChainHead; prefix?: string } = {}) {
    this.#sha256Hex = sha256Hex;
    this.#prefix = opts.prefix;
    this.#head = opts.head;
  }

  push(line: string): boolean {
    if (this.#verdict) return false;
    const lineNo = ++this.#lineNo;
    const p = parseLine(line, this.#prefix, this.#sha256Hex);
    if (this.#resolver) {
      this.#verdict = this.#resolver.feed(p, lineNo);
      return this.#verdict === undefined;
    }
    if (p.kind === 'not-json') {
      this.#verdict = fail(lineNo, 'not-json', `line ${lineNo} is not a JSON object`);
      return false;
    }
    if (p.kind === 'chained' && p.selfOk && p.seq === this.#seq + 1 && p.prev === this.#hash) {
      this.#accept(p, lineNo);
      return true;
    }
    this.#resolver = new AnomalyResolver({
      at: lineNo, x: p, seq: this.#seq + 1, prev: this.#hash,
      lastLine: this.#lastLine, lastPrev: this.#lastPrev,
    });
    return true;
  }

  end(): VerifyResult {
    if (!this.#verdict && this.#resolver) this.#verdict = this.#resolver.finish();
    if (this.#verdict) return this.#verdict;
    const head = this.#head;
    if (head && head.seq > this.#seq) {
      const cut = head.seq - this.#seq;
      return fail(this.#lineNo + 1, 'truncated', `the log ends at entry ${this.#seq} but the recorded head is entry ${head.seq}: `
        + `${cut} ${cut === 1 ? 'entry was' : 'entries were'} cut off`);
    }
    if (head && head.seq > 0 && this.#hashAtHead?.hash !== head.hash) {
      const line = this.#hashAtHead?.line ?? this.#lineNo;
      return fail(line, 'edited', `entry ${head.seq} (line ${line}) differs from the recorded head: the log was rewritten up to here`);
    }
    return { ok: true, entries: this.#accepted };
  }

  #accept(p: ParsedLine, lineNo: number): void {
    this.#accepted++;
    this.#seq = p.seq;
    this.#lastPrev = p.prev;
    this.#hash = p.hash;
    this.#lastLine = lineNo;
    if (this.#head && p.seq === this.#head.seq) this.#hashAtHead = { line: lineNo, hash: p.hash };
  }
}
