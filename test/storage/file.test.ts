// FileStorage specifics: Vault's on-disk layout, refusal of keys that could escape or alias,
// atomic replacement (no torn values, leftovers invisible), concurrency, and reopening.
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileStorage } from '../../src/storage/file.js';
import { isVaultError } from '../../src/errors/vault-error.js';
import { ERR_STORAGE_PARENT_REFERENCES } from '../../src/errors/barrier.js';

const root = mkdtempSync(join(tmpdir(), 'minivault-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let n = 0;
const freshDir = () => join(root, `d${n++}`);
const bytes = (s: string) => new TextEncoder().encode(s);

async function refusal(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    expect(isVaultError(e)).toBe(true);
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('FileStorage', () => {
  it("lays keys out like Vault's file backend: folders as directories, `_name` files holding {\"Value\":base64}", async () => {
    const dir = freshDir();
    const s = new FileStorage(dir);
    await s.put('core/keyring', bytes('hello'));
    expect(readdirSync(join(dir, 'core'))).toEqual(['_keyring']);
    expect(readFileSync(join(dir, 'core', '_keyring'), 'utf8')).toBe('{"Value":"aGVsbG8="}\n');
  });

  it('reads entries written in that layout by someone else (another instance, or Vault)', async () => {
    const dir = freshDir();
    await new FileStorage(dir).put('x/y', bytes('v'));
    writeFileSync(join(dir, 'x', '_z'), '{"Value":"d29ybGQ="}\n');
    const reopened = new FileStorage(dir);
    expect(await reopened.get('x/y')).toEqual(bytes('v'));
    expect(await reopened.get('x/z')).toEqual(bytes('world'));
    expect(await reopened.list('x/')).toEqual(['y', 'z']);
  });

  it('refuses keys that would leave the directory or alias another key, and writes nothing', async () => {
    const dir = freshDir();
    const s = new FileStorage(dir);
    expect(await refusal(s.put('../escape', bytes('x')))).toBe(ERR_STORAGE_PARENT_REFERENCES);
    expect(await refusal(s.put('a/../../b', bytes('x')))).toBe(ERR_STORAGE_PARENT_REFERENCES);
    expect(await refusal(s.put('/etc/passwd', bytes('x')))).toContain('absolute path');
    expect(await refusal(s.put('a\0b', bytes('x')))).toContain('NUL');
    expect(await refusal(s.put('a//b', bytes('x')))).toContain('empty path segment');
    expect(await refusal(s.put('a/./b', bytes('x')))).toContain('"."');
    expect(await refusal(s.put('a/', bytes('x')))).toContain('empty path segment');
    expect(await refusal(s.get('../x'))).toBe(ERR_STORAGE_PARENT_REFERENCES);
    expect(await refusal(s.delete('../x'))).toBe(ERR_STORAGE_PARENT_REFERENCES);
    expect(await refusal(s.list('../'))).toBe(ERR_STORAGE_PARENT_REFERENCES);
    expect(existsSync(dir)).toBe(false);
  });

  it('keeps a key named `_x` and a folder named `_x` apart', async () => {
    const s = new FileStorage(freshDir());
    await s.put('a/x', bytes('file'));
    await s.put('a/_x/y', bytes('nested'));
    expect(await s.get('a/x')).toEqual(bytes('file'));
    expect(await s.get('a/_x/y')).toEqual(bytes('nested'));
    expect(await s.list('a/')).toEqual(['_x/', 'x']);
  });

  it('never shows a half-written value: leftover temp files from a crash are invisible', async () => {
    const dir = freshDir();
    const s = new FileStorage(dir);
    await s.put('k/v', bytes('old'));
    // What a crash between "write temp" and "rename" leaves behind: a torn temp file.
    writeFileSync(join(dir, 'k', '~deadbeefdeadbeef.tmp'), '{"Value":"bmV3');
    const reopened = new FileStorage(dir);
    expect(await reopened.get('k/v')).toEqual(bytes('old'));
    expect(await reopened.list('k/')).toEqual(['v']);
  });

  it('leaves no temp files behind after puts', async () => {
    const dir = freshDir();
    const s = new FileStorage(dir);
    for (let i = 0; i < 5; i++) await s.put('a/b', bytes(`v${i}`));
    expect(readdirSync(join(dir, 'a'))).toEqual(['_b']);
  });

  it('survives many concurrent puts to one key: the result is exactly one of the values written', async () => {
    const s = new FileStorage(freshDir());
    const values = Array.from({ length: 24 }, (_, i) => bytes(`value-${i}-`.repeat(50)));
    await Promise.all(values.map((v) => s.put('hot/key', v)));
    const got = (await s.get('hot/key'))!;
    expect(values.some((v) => Buffer.compare(Buffer.from(v), Buffer.from(got)) === 0)).toBe(true);
  });

  it('survives puts racing deletes that prune the same folders', async () => {
    const s = new FileStorage(freshDir());
    const ops: Array<Promise<void>> = [];
    for (let i = 0; i < 30; i++) {
      ops.push(s.put(`deep/a/b/k${i % 3}`, bytes(`${i}`)));
      ops.push(s.delete(`deep/a/b/k${(i + 1) % 3}`));
    }
    await Promise.all(ops);
    await s.put('deep/a/b/final', bytes('ok'));
    expect(await s.get('deep/a/b/final')).toEqual(bytes('ok'));
  });

  it('removes folders a delete leaves empty, as Vault does', async () => {
    const dir = freshDir();
    const s = new FileStorage(dir);
    await s.put('a/b/c', bytes('x'));
    await s.put('a/d', bytes('y'));
    await s.delete('a/b/c');
    expect(readdirSync(join(dir, 'a'))).toEqual(['_d']);
    await s.delete('a/d');
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports `file` as its storage type', () => {
    expect(new FileStorage(freshDir()).storageType).toBe('file');
  });
});
