// Checks an audit log's hash chain (minivault's extension; CHAIN.md describes the format) and
// names the first line where it breaks. `verifyFile` streams a file, so logs larger than memory
// verify in one pass; `verifyLines` does the same for lines already in memory (a memory device's
// `lines()`). Used by `minivault audit verify FILE`.
import * as fs from 'node:fs';
import { sha256Hex } from '../util/sha256.js';
import { ChainChecker, type VerifyFailure, type VerifyReason, type VerifyResult } from './verify-chain.js';

export type { VerifyFailure, VerifyReason, VerifyResult };

export interface VerifyOptions {
  /**
   * The chain head kept behind the barrier: with it, entries cut from the end are found
   * (`truncated`), and so is a log rewritten with freshly computed hashes (`edited`).
   */
  head?: { seq: number; hash: string };
  /**
   * The device's `prefix` option, when it has one. Without it each line's JSON starts at its
   * first `{` (the prefix is part of the hashed bytes either way).
   */
  prefix?: string;
}

/** Verifies lines (without their newlines). A final empty line, left by splitting text that ends in a newline, is ignored. */
export function verifyLines(lines: Iterable<string>, opts: VerifyOptions = {}): VerifyResult {
  const checker = new ChainChecker(sha256Hex, opts);
  let held: string | undefined;
  for (const line of lines) {
    if (held !== undefined && !checker.push(held)) return checker.end();
    held = line;
  }
  if (held !== undefined && held !== '') checker.push(held);
  return checker.end();
}

const NEWLINE = 0x0a;

/** Yields the lines of a file as UTF-8 strings, reading it in chunks. */
async function* fileLines(path: string): AsyncGenerator<string> {
  const stream = fs.createReadStream(path);
  let rest: Buffer = Buffer.alloc(0);
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const buf: Buffer = rest.length === 0 ? chunk : Buffer.concat([rest, chunk]);
      let start = 0;
      for (let i = buf.indexOf(NEWLINE); i !== -1; i = buf.indexOf(NEWLINE, start)) {
        yield buf.toString('utf8', start, i);
        start = i + 1;
      }
      rest = buf.subarray(start);
    }
    if (rest.length > 0) yield rest.toString('utf8');
  } finally {
    stream.destroy();
  }
}

/** Verifies an audit log file; rejects only when the file cannot be read. */
export async function verifyFile(
  path: string, opts?: { head?: { seq: number; hash: string }; prefix?: string },
): Promise<{ ok: true; entries: number } | {
  ok: false; line: number; reason: 'edited' | 'deleted' | 'inserted' | 'reordered' | 'truncated' | 'not-json'; message: string;
}> {
  const checker = new ChainChecker(sha256Hex, opts ?? {});
  for await (const line of fileLines(path)) {
    if (!checker.push(line)) break;
  }
  return checker.end();
}
