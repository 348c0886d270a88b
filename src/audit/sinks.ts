// Where an audit device's lines go: a file (Vault's file backend, openbao
// internal/builtin/audit/file/backend.go: append-only, mode 0600 by default, reopened once when a
// write fails), stdout, or memory (minivault's test device). Lines are written synchronously so
// their order in the file is the order of the chain; fsync, when asked for, is asynchronous and
// shared by every line written while the previous fsync ran (group commit).
import * as fs from 'node:fs';
import * as nodePath from 'node:path';
import { Coalesced } from '../util/coalesced.js';

export interface AuditSink {
  /** Appends one line (a newline is added); throws when it could not be written. */
  write(line: string): void;
  /** Resolves when everything written so far is on disk (immediately unless the sink syncs). */
  sync(): Promise<void>;
  /** The last complete line already in the sink, to resume the chain from. */
  lastLine(): string | undefined;
  close(): void;
}

/** Go's os error texts for the errno codes a log file meets. */
const GO_ERRNO_TEXT: Record<string, string> = {
  EACCES: 'permission denied', EPERM: 'operation not permitted', ENOENT: 'no such file or directory',
  EISDIR: 'is a directory', ENOTDIR: 'not a directory', EROFS: 'read-only file system',
  ENOSPC: 'no space left on device', EEXIST: 'file exists', EBADF: 'bad file descriptor',
};

function goErrnoText(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return (err.code && GO_ERRNO_TEXT[err.code]) ?? String(err.message ?? e);
}

/** An fs error in Go's words: `open /x: permission denied`. */
export function goFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const text = goErrnoText(e);
  return err.syscall && err.path ? `${err.syscall} ${err.path}: ${text}` : text;
}

const NEWLINE = 0x0a;

/** The last newline-terminated line of an open file (reads backwards in 64 KiB steps). */
function lastCompleteLine(fd: number, size: number): string | undefined {
  const step = 65536;
  let end = -1;
  for (let pos = size; pos > 0;) {
    const len = Math.min(step, pos);
    pos -= len;
    const buf = Buffer.alloc(len);
    fs.readSync(fd, buf, 0, len, pos);
    for (let i = len - 1; i >= 0; i--) {
      if (buf[i] !== NEWLINE) continue;
      if (end < 0) end = pos + i;
      else return readRange(fd, pos + i + 1, end);
    }
  }
  return end < 0 ? undefined : readRange(fd, 0, end);
}

function readRange(fd: number, start: number, end: number): string {
  const buf = Buffer.alloc(end - start);
  fs.readSync(fd, buf, 0, buf.length, start);
  return buf.toString('utf8');
}

function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length;) off += fs.writeSync(fd, data, off, data.length - off);
}

/** Coalesced fsync calls: a caller waits for an fsync that started after its write. */
function groupSync(fd: () => number): Coalesced {
  return new Coalesced(() => {
    const d = fd(); // an open failure throws here, before any promise, as a write's would
    return new Promise<void>((resolve, reject) => fs.fdatasync(d, (e) => (e ? reject(e) : resolve())));
  });
}

/** An append-only log file. */
export class FileSink implements AuditSink {
  readonly path: string;
  readonly #mode: number;
  readonly #group: Coalesced | undefined;
  #fd: number | undefined;
  #needsNewline = false;

  /** `mode` 0 leaves the file's mode alone; `fsync` makes `sync()` reach the disk. */
  constructor(path: string, mode: number, fsync: boolean) {
    this.path = path;
    this.#mode = mode;
    this.#group = fsync ? groupSync(() => this.#open()) : undefined;
  }

  /** Opens (creating parents) now, so a bad path fails at enable time; throws the fs error. */
  open(): void {
    this.#open();
  }

  #open(): number {
    if (this.#fd !== undefined) return this.#fd;
    // Vault creates parents with the file mode; directories need their search bit to be usable.
    fs.mkdirSync(nodePath.dirname(this.path), { recursive: true, mode: 0o700 });
    const fd = fs.openSync(this.path, fs.constants.O_APPEND | fs.constants.O_WRONLY | fs.constants.O_CREAT, this.#mode || 0o600);
    try {
      if (this.#mode !== 0 && this.path !== '/dev/null') fs.fchmodSync(fd, this.#mode);
      const size = fs.fstatSync(fd).size;
      this.#needsNewline = size > 0 && this.#lastByte(size) !== NEWLINE;
    } catch (e) {
      fs.closeSync(fd);
      throw e;
    }
    this.#fd = fd;
    return fd;
  }

  #lastByte(size: number): number | undefined {
    const one = Buffer.alloc(1);
    const fd = fs.openSync(this.path, 'r');
    try {
      fs.readSync(fd, one, 0, 1, size - 1);
    } finally {
      fs.closeSync(fd);
    }
    return one[0];
  }

  write(line: string): void {
    // A partial line left by a crash is closed off, so it stands alone (and fails verification).
    const data = Buffer.from(this.#needsNewline ? `\n${line}\n` : `${line}\n`, 'utf8');
    try {
      writeAll(this.#open(), data);
    } catch {
      // Vault closes and reopens the file once per failed write, then tries again.
      this.close();
      try {
        writeAll(this.#open(), data);
      } catch (e) {
        throw new Error(`write ${this.path}: ${goErrnoText(e)}`);
      }
    }
    this.#needsNewline = false;
  }

  sync(): Promise<void> {
    return this.#group ? this.#group.run() : Promise.resolve();
  }

  lastLine(): string | undefined {
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch {
      return undefined;
    }
    try {
      const stat = fs.fstatSync(fd);
      return stat.isFile() ? lastCompleteLine(fd, stat.size) : undefined;
    } finally {
      fs.closeSync(fd);
    }
  }

  close(): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        // Already closed or gone: nothing left to release.
      }
    }
  }
}

/** `file_path=stdout`: lines go to the process's standard output. */
export class StdoutSink implements AuditSink {
  write(line: string): void {
    writeAll(1, Buffer.from(`${line}\n`, 'utf8'));
  }
  sync(): Promise<void> {
    return Promise.resolve();
  }
  lastLine(): undefined {
    return undefined;
  }
  close(): void {}
}

/** The `memory` device's store: lines kept in order, with a switch to make writes fail. */
export class MemorySink implements AuditSink {
  readonly #lines: string[] = [];
  #failure: Error | null = null;

  write(line: string): void {
    if (this.#failure) throw this.#failure;
    this.#lines.push(line);
  }
  sync(): Promise<void> {
    return Promise.resolve();
  }
  lastLine(): string | undefined {
    return this.#lines[this.#lines.length - 1];
  }
  close(): void {}

  /** Every line written, oldest first (each a complete JSON object, no newline). */
  lines(): string[] {
    return this.#lines.slice();
  }
  /** Every entry, parsed. */
  entries(): Array<Record<string, unknown>> {
    return this.#lines.map((l) => JSON.parse(l.slice(l.indexOf('{'))) as Record<string, unknown>);
  }
  /** Makes every following write throw `error` (null: writes succeed again). */
  failWith(error: Error | null): void {
    this.#failure = error;
  }
}
