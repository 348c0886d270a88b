// The durable physical backend, laid out like Vault's `file` storage (physical/file/file.go): one
// file per key, the key's folders as directories, the last segment as a file named `_<segment>`
// holding `{"Value":"<base64>"}`. Unlike Vault's backend every put is atomic and durable: the
// value goes to a uniquely named temp file that is fsynced, renamed over the target, and the
// directory is fsynced, so a crash leaves either the old or the new value, never a torn one.
//
// Long segments: a file name holds at most 255 bytes (NAME_MAX), so Vault's backend fails with
// ENAMETOOLONG on a segment of 255 bytes or more. Here a segment whose name would not fit is
// stored under `%#k<sha256>` (a key file, whose entry also carries the segment as `Key`) or
// `%#d<sha256>` (a folder, holding a `%name` file with the segment), so it reads, writes and lists
// like any other key. Neither name can come from a short segment: escapeDir only ever puts `%`
// before `_` or `%`. A whole path longer than the system allows is refused with 400.
import { mkdir, open, readdir, readFile, rename, rmdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, sep } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { VaultError } from '../errors/vault-error.js';
import { ERR_STORAGE_PARENT_REFERENCES, errStorageInvalidKey } from '../errors/barrier.js';
import { Coalesced } from '../util/coalesced.js';
import type { Storage } from './types.js';

export interface FileStorageOptions {
  /** fsync files and directories on every write (default true). Off only for throwaway data. */
  fsync?: boolean;
}

const KEY_FILE_PREFIX = '_';
// A directory whose segment starts with '_' would collide with a key file of the same name;
// such segments (and any starting with the escape itself) get one extra leading '%'.
const DIR_ESCAPE = '%';
const TEMP_PREFIX = '~';
const MKDIR_RETRIES = 8;
const NAME_MAX = 255;
const HASHED_KEY = '%#k';
const HASHED_DIR = '%#d';
const DIR_NAME_FILE = '%name';

export class FileStorage implements Storage {
  readonly storageType = 'file';
  readonly dir: string;
  readonly #fsync: boolean;
  readonly #dirSyncs = new Map<string, { sync: Coalesced; waiting: number }>();

  constructor(dir: string, opts: FileStorageOptions = {}) {
    this.dir = dir;
    this.#fsync = opts.fsync ?? true;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    const file = this.#filePath(key);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (e) {
      // ENAMETOOLONG: a path the system cannot hold was never written either.
      if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR') || isCode(e, 'ENAMETOOLONG')) return undefined;
      throw e;
    }
    return decodeEntry(text, key);
  }

  async put(key: string, value: Uint8Array): Promise<void> {
    const file = this.#filePath(key);
    const last = key.slice(key.lastIndexOf('/') + 1);
    const body = encodeEntry(value, basename(file).startsWith(HASHED_KEY) ? last : undefined);
    for (let attempt = 0; ; attempt++) {
      try {
        await this.#makeParents(dirname(file));
        await this.#nameHashedDirs(key);
        await this.#writeAtomically(file, body);
        await this.#nameHashedDirs(key); // a concurrent delete may have pruned a name file meanwhile
        return;
      } catch (e) {
        if (isCode(e, 'ENAMETOOLONG')) throw invalidKey('longer than the file system allows');
        // A concurrent delete may remove the (then empty) parent between mkdir and the temp
        // file's creation; recreate it and try again.
        if (!isCode(e, 'ENOENT') || attempt >= MKDIR_RETRIES) throw e;
      }
    }
  }

  async delete(key: string): Promise<void> {
    const file = this.#filePath(key);
    try {
      await unlink(file);
    } catch (e) {
      if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR') || isCode(e, 'ENAMETOOLONG')) return;
      throw e;
    }
    await this.#syncDir(dirname(file));
    await this.#removeEmptyParents(key);
  }

  async list(prefix: string): Promise<string[]> {
    checkListPrefix(prefix);
    const slash = prefix.lastIndexOf('/');
    const folder = prefix.slice(0, slash + 1);
    const partial = prefix.slice(slash + 1);
    const at = join(this.dir, ...folderSegments(folder));
    let entries;
    try {
      entries = await readdir(at, { withFileTypes: true });
    } catch (e) {
      if (isCode(e, 'ENOENT') || isCode(e, 'ENOTDIR') || isCode(e, 'ENAMETOOLONG')) return [];
      throw e;
    }
    const out = new Set<string>();
    for (const entry of entries) {
      const name = entry.isDirectory()
        ? (entry.name.startsWith(HASHED_DIR) ? await hashedDirSegment(join(at, entry.name)) : unescapeDir(entry.name)) + '/'
        : entry.name.startsWith(KEY_FILE_PREFIX) ? entry.name.slice(KEY_FILE_PREFIX.length)
          : entry.name.startsWith(HASHED_KEY) ? await hashedKeySegment(join(at, entry.name)) : undefined;
      if (name === '/') continue; // a hashed folder whose name file is gone: nothing to show
      if (name === undefined || !name.startsWith(partial)) continue; // temp files are skipped
      out.add(name.slice(partial.length));
    }
    out.delete('');
    return [...out].sort();
  }

  #filePath(key: string): string {
    const segments = checkKey(key);
    const last = segments.pop()!;
    return join(this.dir, ...segments.map(dirName), keyFileName(last));
  }

  /** Writes the `%name` file of every hashed folder on the way to `key` that lacks one. */
  async #nameHashedDirs(key: string): Promise<void> {
    const segments = key.split('/').slice(0, -1);
    let folder = this.dir;
    for (const s of segments) {
      folder = join(folder, dirName(s));
      if (!basename(folder).startsWith(HASHED_DIR)) continue;
      const nameFile = join(folder, DIR_NAME_FILE);
      if ((await hashedDirSegment(folder)) !== s) await this.#writeAtomically(nameFile, Buffer.from(s, 'utf8'));
    }
  }

  async #writeAtomically(file: string, body: Uint8Array): Promise<void> {
    const temp = join(dirname(file), `${TEMP_PREFIX}${randomBytes(8).toString('hex')}.tmp`);
    const handle = await open(temp, 'wx', 0o600);
    try {
      await handle.writeFile(body);
      if (this.#fsync) await handle.sync();
    } catch (e) {
      await handle.close();
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await handle.close();
    try {
      await rename(temp, file);
    } catch (e) {
      await unlink(temp).catch(() => undefined);
      throw e;
    }
    await this.#syncDir(dirname(file));
  }

  /** mkdir -p, then fsync every directory that gained an entry so new folders survive a crash. */
  async #makeParents(folder: string): Promise<void> {
    const firstCreated = await mkdir(folder, { recursive: true, mode: 0o700 });
    if (firstCreated === undefined || !this.#fsync) return;
    for (let d = folder; ; d = dirname(d)) {
      await this.#syncDir(dirname(d));
      if (d === firstCreated || dirname(d) === d) break;
    }
  }

  /**
   * fsyncs a directory after an entry in it changed. Concurrent writers to one directory share
   * the fsyncs (group commit): a caller waits for an fsync that began after its call, so its
   * rename is covered, and eight writers into `metadata/` need about two fsyncs instead of eight.
   */
  async #syncDir(folder: string): Promise<void> {
    if (!this.#fsync) return;
    let group = this.#dirSyncs.get(folder);
    if (group === undefined) {
      group = { sync: new Coalesced(() => this.#syncDirNow(folder)), waiting: 0 };
      this.#dirSyncs.set(folder, group);
    }
    group.waiting++;
    try {
      await group.sync.run();
    } finally {
      if (--group.waiting === 0) this.#dirSyncs.delete(folder);
    }
  }

  async #syncDirNow(folder: string): Promise<void> {
    let handle;
    try {
      handle = await open(folder, 'r');
      await handle.sync();
    } catch (e) {
      // Some platforms (Windows) cannot open or fsync a directory; the rename is still atomic.
      // ENOENT: a concurrent delete emptied and pruned the folder after our step, which is fine.
      if (!['EISDIR', 'EPERM', 'EINVAL', 'EACCES', 'ENOENT'].some((code) => isCode(e, code))) throw e;
    } finally {
      await handle?.close();
    }
  }

  /** Removes folders left empty by a delete, deepest first, as Vault's cleanupLogicalPath does. */
  async #removeEmptyParents(key: string): Promise<void> {
    const segments = key.split('/').slice(0, -1).map(dirName);
    for (let i = segments.length; i > 0; i--) {
      const folder = join(this.dir, ...segments.slice(0, i));
      try {
        // A hashed folder holding nothing but its name file is empty as far as keys go.
        if (segments[i - 1]!.startsWith(HASHED_DIR) && (await readdir(folder)).every((n) => n === DIR_NAME_FILE)) {
          await unlink(join(folder, DIR_NAME_FILE)).catch(() => undefined);
        }
        await rmdir(folder);
      } catch (e) {
        if (isCode(e, 'ENOTEMPTY') || isCode(e, 'EEXIST') || isCode(e, 'ENOENT')) return;
        throw e;
      }
      await this.#syncDir(dirname(folder));
    }
  }
}

/** Splits a key into segments, refusing anything that could leave the directory or alias another key. */
function checkKey(key: string): string[] {
  if (key === '') throw invalidKey('empty key');
  const segments = key.split('/');
  for (const s of segments) checkSegment(s, key);
  return segments;
}

function checkListPrefix(prefix: string): void {
  if (prefix === '') return;
  const segments = prefix.split('/');
  segments.pop(); // the partial last segment may be empty or incomplete
  for (const s of segments) checkSegment(s, prefix);
  if (prefix.includes('\0')) throw invalidKey('NUL byte');
}

function checkSegment(segment: string, key: string): void {
  if (segment === '..') throw new VaultError(400, ERR_STORAGE_PARENT_REFERENCES);
  if (segment === '') throw invalidKey(key.startsWith('/') ? 'absolute path' : 'empty path segment');
  if (segment === '.') throw invalidKey('"." path segment');
  if (segment.includes('\0')) throw invalidKey('NUL byte');
  if (sep === '\\' && /[\\:]/.test(segment)) throw invalidKey('"\\" or ":" in a path segment');
}

function invalidKey(reason: string): VaultError {
  return new VaultError(400, errStorageInvalidKey(reason));
}

function folderSegments(folder: string): string[] {
  return folder === '' ? [] : folder.slice(0, -1).split('/').map(dirName);
}

const fitsName = (name: string): boolean => name.length * 3 <= NAME_MAX || Buffer.byteLength(name, 'utf8') <= NAME_MAX;
const sha256Hex = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function dirName(segment: string): string {
  const name = escapeDir(segment);
  return fitsName(name) ? name : HASHED_DIR + sha256Hex(segment);
}

function keyFileName(segment: string): string {
  const name = KEY_FILE_PREFIX + segment;
  return fitsName(name) ? name : HASHED_KEY + sha256Hex(segment);
}

/** The segment a hashed folder stands for ('' when its name file is missing). */
async function hashedDirSegment(folder: string): Promise<string> {
  try {
    return await readFile(join(folder, DIR_NAME_FILE), 'utf8');
  } catch (e) {
    if (isCode(e, 'ENOENT')) return '';
    throw e;
  }
}

/** The segment a hashed key file stands for (its entry's `Key`); undefined when unreadable (a race with delete). */
async function hashedKeySegment(file: string): Promise<string | undefined> {
  try {
    const key = (JSON.parse(await readFile(file, 'utf8')) as { Key?: unknown }).Key;
    return typeof key === 'string' ? key : undefined;
  } catch {
    return undefined;
  }
}

function escapeDir(segment: string): string {
  return segment.startsWith(KEY_FILE_PREFIX) || segment.startsWith(DIR_ESCAPE) ? DIR_ESCAPE + segment : segment;
}

function unescapeDir(name: string): string {
  return name.startsWith(DIR_ESCAPE) ? name.slice(DIR_ESCAPE.length) : name;
}

// Vault's fileEntry: Go's encoding/json of {Value []byte} plus the encoder's newline; a hashed
// key file also names its segment (`Key`), which Vault's format has no need for.
function encodeEntry(value: Uint8Array, segment?: string): Uint8Array {
  const b64 = Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64');
  const key = segment === undefined ? '' : `,"Key":${JSON.stringify(segment)}`;
  return Buffer.from(`{"Value":"${b64}"${key}}\n`, 'utf8');
}

function decodeEntry(text: string, key: string): Uint8Array {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new Error(`storage entry for ${JSON.stringify(key)} is not valid JSON`);
  }
  const value = (parsed as { Value?: unknown } | null)?.Value;
  if (value === null || value === undefined) return new Uint8Array(0);
  if (typeof value !== 'string') throw new Error(`storage entry for ${JSON.stringify(key)} has no Value`);
  const buf = Buffer.from(value, 'base64');
  return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
}

function isCode(e: unknown, code: string): boolean {
  return typeof e === 'object' && e !== null && (e as { code?: unknown }).code === code;
}
