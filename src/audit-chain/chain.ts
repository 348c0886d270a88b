// minivault's hash chain over audit lines (not in Vault; see CHAIN.md beside this file). Every
// line ends with `"chain":{"seq":N,"prev":"<hex>","hash":"<hex>"}}`; `hash` is the SHA-256 of
// the line's own bytes up to (not including) `,"hash":"`, so it covers the optional prefix,
// Vault's entry, the sequence number and the previous hash. The entry is serialised once; the
// chain fields are spliced in before its closing brace.
// It lives outside src/audit, importing nothing from it, so that the offline verifier (and the
// CLI's `audit verify`, which speaks only HTTP otherwise) can use it without loading the audit broker.

/** The head of a device's chain: the last entry written. `seq` 0 means nothing yet. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** `prev` of the first entry: 64 zeros. */
export const GENESIS_HASH = '0'.repeat(64);

/** What follows the hashed bytes: `,"hash":"` + 64 hex digits + `"}}`. */
const HASH_SUFFIX_LENGTH = ',"hash":"'.length + 64 + '"}}'.length;

/** The first link of a fresh chain. */
const EMPTY_HEAD: ChainHead = Object.freeze({ seq: 0, hash: GENESIS_HASH });

export interface ChainedLine {
  /** The full line, without the trailing newline. */
  line: string;
  hash: string;
}

/**
 * Appends the chain member to a serialised entry `{...}` and hashes it: `prefix` + entry with
 * `,"chain":{"seq":S,"prev":"P"` replacing its closing brace is what `hash` covers.
 */
export function chainLine(
  prefix: string, entryJson: string, seq: number, prev: string, sha256Hex: (text: string) => string,
): ChainedLine {
  const open = entryJson.length > 2 ? entryJson.slice(0, -1) + ',' : '{';
  const hashed = `${prefix}${open}"chain":{"seq":${seq},"prev":"${prev}"`;
  const hash = sha256Hex(hashed);
  return { line: `${hashed},"hash":"${hash}"}}`, hash };
}

interface ChainTail {
  seq: number;
  prev: string;
  hash: string;
  /** How many leading characters of the line the hash covers. */
  hashedLength: number;
}

// The tail is at most ~190 characters; matching only there keeps long lines cheap.
const TAIL_WINDOW = 256;
const TAIL = /[,{]"chain":\{"seq":([1-9]\d{0,15}),"prev":"([0-9a-f]{64})","hash":"([0-9a-f]{64})"\}\}$/;

/** The chain fields of a line in canonical form, or undefined when the line does not end in them. */
export function parseChainTail(line: string): ChainTail | undefined {
  const start = Math.max(0, line.length - TAIL_WINDOW);
  const m = TAIL.exec(start === 0 ? line : line.slice(start));
  if (!m) return undefined;
  const seq = Number(m[1]);
  if (!Number.isSafeInteger(seq)) return undefined;
  return { seq, prev: m[2]!, hash: m[3]!, hashedLength: line.length - HASH_SUFFIX_LENGTH };
}

/**
 * Where a chain resumes after a restart: the file's own last entry when it is at least as far as
 * the head kept behind the barrier; otherwise the stored head, so entries cut from the file show
 * up as a gap when the log is verified.
 */
export function resumeHead(lastLine: string | undefined, stored: ChainHead | undefined): ChainHead {
  const tail = lastLine === undefined ? undefined : parseChainTail(lastLine);
  if (tail && (!stored || tail.seq >= stored.seq)) return { seq: tail.seq, hash: tail.hash };
  return stored ?? EMPTY_HEAD;
}
