// `keys/generate/(internal|exported|kms)` and `keys/import`: keys without an issuer (Vault
// builtin/logical/pki/path_manage_keys.go pathGenerateKeyHandler, pathImportKeyHandler).
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import * as E from '../../errors/pki.js';
import { checkName, storeKey } from './ca.js';
import { defaultKeyBits, generateKey, keyFromPem, privateKeyText, type KeyType } from './keys.js';
import { pemEncode } from './pem.js';
import type { PkiStore } from './store.js';

export async function generateKeyOnly(store: PkiStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const name = await checkName(store, d.get<string>('key_name'), 'key');
  const type = req.captures.exported ?? '';
  if (type === 'kms') throw E.goErr(E.ERR_KMS);
  if (type !== 'internal' && type !== 'exported') throw E.bad(E.ERR_KEY_GEN_TYPE);
  const keyType = d.get<string>('key_type');
  const kb = defaultKeyBits(keyType, d.get<number>('key_bits'), 0);
  if ('error' in kb) throw E.bad(E.errKeyValidation(kb.error));
  if (keyType === 'any') throw E.bad(E.errKeyValidation(E.errUnknownKeyType('any')));
  const key = await generateKey(keyType as KeyType, kb.bits);
  const { id } = await storeKey(store, key, name);
  const data: Record<string, unknown> = { key_id: id, key_name: name, key_type: key.type };
  if (type === 'exported') data.private_key = privateKeyText(key, 'pem', false);
  return { data };
}

export async function importKeyOnly(store: PkiStore, _req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const name = await checkName(store, d.get<string>('key_name'), 'key');
  const text = d.get<string>('pem_bundle');
  if (text.length < 64) throw E.bad(E.ERR_IMPORT_SHORT);
  // Go's pem.Decode loop: anything but whitespace between blocks is an invalid block.
  const blocks: string[] = [];
  let rest = text.trim();
  let n = 0;
  while (rest.length > 0) {
    n++;
    const m = /^-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----\s*/.exec(rest);
    if (m === null) throw E.bad(E.errKeyBlock(n));
    blocks.push(pemEncode(m[1]!, Buffer.from(m[2]!.replace(/\s+/g, ''), 'base64')));
    rest = rest.slice(m[0].length).trim();
  }
  if (blocks.length !== 1) throw E.bad(E.ERR_KEY_IMPORT_SINGLE);
  let key;
  try { key = keyFromPem(blocks[0]!); } catch { throw E.bad(E.GO_BAD_KEY); }
  const r = await storeKey(store, key, name);
  const entry = (await store.key(r.id))!;
  return { data: { key_id: entry.id, key_name: entry.name, key_type: entry.type }, ...(r.existed ? { warnings: [E.WARN_KEY_EXISTS] } : {}) };
}
