// encrypt/:name (with upsert), decrypt/:name, rewrap/:name and datakey/:plaintext/:name, single
// and batch (V path_encrypt.go pathEncryptWrite, path_decrypt.go pathDecryptWrite,
// path_rewrap.go pathRewrapWrite, path_datakey.go pathDatakeyWrite).
import * as E from '../../errors/transit.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { batchResponse, int, parseBatch, singleItem, str, type Item } from './batch.js';
import { decryptItem, encryptItem, type CipherInput } from './cipher.js';
import { b64, goBase64Decode } from './crypto.js';
import { readDisableUpsert } from './keys.js';
import { SYMMETRIC_KEY_BYTES, type Policy, type PolicyStore } from './policy.js';

const bad = (msg: string) => new VaultError(400, msg);
const ENC_STRINGS = ['plaintext', 'context', 'nonce', 'associated_data', 'reference'] as const;
const DEC_STRINGS = ['ciphertext', 'context', 'nonce', 'associated_data', 'reference'] as const;
const REWRAP_STRINGS = ['ciphertext', 'context', 'nonce', 'reference'] as const;

/** One item's state while it is worked on: its decoded inputs, or its error (user or internal). */
interface Work { item: Item; error?: string; internal?: boolean; uncounted?: boolean; input: CipherInput; data?: Uint8Array }

/** V path_encrypt.go/path_decrypt.go: associated_data on a non-AEAD key (RSA) fails the item, not the batch status. */
function nonAead(p: Policy, w: Work, i: number): void {
  if (w.error !== undefined || str(w.item, 'associated_data') === '' || Object.hasOwn(SYMMETRIC_KEY_BYTES, p.typeName)) return;
  w.error = E.errTransitAdNonAead(i, p.typeName);
  w.uncounted = true;
}

// One shared empty input: a zero-length array has nothing to write, and allocating three typed
// arrays per item showed in the profile of single requests.
const NONE = new Uint8Array(0);

function decodeField(w: Work, f: string): Uint8Array {
  const s = str(w.item, f);
  if (w.error !== undefined || s === '') return NONE;
  const r = goBase64Decode(s);
  if (r.ok) return r.bytes;
  w.error = r.error;
  return NONE;
}

/** Steps 2–3: the all-or-none context rule, then each item's base64 fields. */
function prepare(items: Item[], dataField: 'plaintext' | 'ciphertext' | undefined): Work[] {
  const withContext = str(items[0]!, 'context') !== '';
  for (const it of items) if ((str(it, 'context') !== '') !== withContext) throw bad(E.ERR_TRANSIT_CONTEXT_MISMATCH);
  return items.map((item) => {
    const w: Work = { item, input: { context: NONE, nonce: NONE, ad: NONE } };
    if (dataField === 'ciphertext' && str(item, 'ciphertext') === '') w.error = E.ERR_TRANSIT_MISSING_CIPHERTEXT;
    if (dataField === 'plaintext') w.data = decodeField(w, 'plaintext');
    w.input.context = decodeField(w, 'context');
    w.input.nonce = decodeField(w, 'nonce');
    return w;
  });
}

/** The associated data (an internal error when it is not base64, V path_encrypt.go AssocDataFactory). */
function decodeAd(w: Work): void {
  const s = str(w.item, 'associated_data');
  if (w.error !== undefined || s === '') return;
  const r = goBase64Decode(s);
  if (r.ok) w.input.ad = r.bytes;
  else {
    w.error = E.errTransitAdFactory(r.error);
    w.internal = true;
  }
}

const nonceAllowed = (p: Policy) => p.data.convergent_encryption && p.data.convergent_version === 1;

/** Single mode: the item's error as Vault answers it (400 response or 500 bare error). */
function singleError(w: Work): never {
  throw w.internal ? new GoError(500, w.error!) : bad(w.error!);
}

export async function encryptExists(store: PolicyStore, req: FrameworkRequest): Promise<boolean> {
  return store.exists(req.captures.name!);
}

export async function encrypt(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const name = req.captures.name!;
  let items = parseBatch(d, ENC_STRINGS, ['key_version'], { field: 'plaintext', message: 'missing plaintext to encrypt' });
  const batch = items !== undefined;
  if (items === undefined) {
    if (!d.getOk('plaintext').ok) throw bad(E.ERR_TRANSIT_MISSING_PLAINTEXT);
    items = [singleItem(d, ENC_STRINGS, ['key_version'])];
  }
  const work = prepare(items, 'plaintext');
  let p = await store.get(name);
  if (p === undefined && req.operation === 'create') {
    const withContext = str(items[0]!, 'context') !== '';
    const convergent = d.get<boolean>('convergent_encryption');
    if (convergent && !withContext) throw bad(E.ERR_TRANSIT_UPSERT_CONVERGENT_NO_CONTEXT);
    const upsert = !(await readDisableUpsert(store));
    const type = d.get<string>('type');
    if (type.startsWith('ecdsa-')) throw bad(E.errTransitTypeNotForOperation(type));
    if (type === 'managed_key') throw new GoError(500, E.ERR_TRANSIT_MANAGED_ENT_ONLY);
    if (!Object.hasOwn(SYMMETRIC_KEY_BYTES, type)) throw bad(E.errTransitUnknownKeyType(type));
    // Another request may have created it meanwhile; its key is then the one used (as Vault's upsert).
    if (upsert) {
      p = await store.exclusive(name, async () => (await store.getLocked(name)) ?? store.create({
        name, type, derived: withContext, convergent, exportable: false, allowPlaintextBackup: false, autoRotateSeconds: 0,
      }));
    }
  }
  if (p === undefined) throw bad(E.ERR_TRANSIT_KEY_NOT_FOUND);
  const results: Item[] = [];
  let userError = false, internalError = false, someOk = false;
  for (const [i, w] of work.entries()) {
    if (w.error === undefined && w.input.nonce.length > 0 && !nonceAllowed(p)) w.error = E.ERR_TRANSIT_NONCE_NOT_ALLOWED;
    nonAead(p, w, i);
    decodeAd(w);
    let out: Item = {};
    if (w.error === undefined) {
      const r = encryptItem(p, store.random, w.data!, int(w.item, 'key_version'), w.input);
      if (r.ok) out = { ciphertext: r.value.ciphertext, key_version: r.value.version };
      else ({ error: w.error, internal: w.internal } = r);
    }
    if (w.error !== undefined) {
      if (!batch) singleError(w);
      if (w.internal) internalError = true;
      else if (!w.uncounted) userError = true;
      out = { error: w.error };
    } else someOk = true;
    out.reference = str(w.item, 'reference'); // `out` is this item's own object
    results.push(out);
  }
  if (!batch) {
    const { ciphertext, key_version } = results[0]!;
    return { data: { ciphertext, key_version } };
  }
  return batchResponse(req, d, results, userError, internalError, someOk);
}

export async function decrypt(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  let items = parseBatch(d, DEC_STRINGS, ['key_version'], { field: 'ciphertext', message: 'missing ciphertext to decrypt' });
  const batch = items !== undefined;
  if (items === undefined) {
    if (d.get<string>('ciphertext') === '') throw bad(E.ERR_TRANSIT_MISSING_CIPHERTEXT);
    items = [singleItem(d, DEC_STRINGS, [])];
  }
  const work = prepare(items, 'ciphertext');
  const p = await store.get(req.captures.name!);
  if (p === undefined) throw bad(E.ERR_TRANSIT_KEY_NOT_FOUND);
  const results: Item[] = [];
  let userError = false, internalError = false, someOk = false;
  for (const [i, w] of work.entries()) {
    nonAead(p, w, i);
    decodeAd(w);
    let plaintext = '';
    if (w.error === undefined) {
      const r = decryptItem(p, str(w.item, 'ciphertext'), w.input);
      if (r.ok) plaintext = b64(r.value);
      else ({ error: w.error, internal: w.internal } = r);
    }
    if (w.error !== undefined) {
      if (!batch) singleError(w);
      if (w.internal) internalError = true;
      else if (!w.uncounted) userError = true;
      results.push({ plaintext: '', error: w.error, reference: str(w.item, 'reference') });
    } else {
      someOk = true;
      results.push({ plaintext, reference: str(w.item, 'reference') });
    }
  }
  if (!batch) return { data: { plaintext: results[0]!.plaintext } };
  return batchResponse(req, d, results, userError, internalError, someOk);
}

export async function rewrap(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  let items = parseBatch(d, REWRAP_STRINGS, ['key_version']);
  const batch = items !== undefined;
  if (items === undefined) {
    if (d.get<string>('ciphertext') === '') throw bad(E.ERR_TRANSIT_MISSING_CIPHERTEXT);
    items = [singleItem(d, REWRAP_STRINGS, ['key_version'])];
  }
  const work = prepare(items, 'ciphertext');
  const p = await store.get(req.captures.name!);
  if (p === undefined) throw bad(E.ERR_TRANSIT_KEY_NOT_FOUND);
  const results: Item[] = [];
  for (const w of work) {
    if (w.error === undefined && w.input.nonce.length > 0 && !nonceAllowed(p)) w.error = E.ERR_TRANSIT_NONCE_NOT_ALLOWED;
    let out: Item = {};
    if (w.error === undefined) {
      const plain = decryptItem(p, str(w.item, 'ciphertext'), w.input);
      if (!plain.ok) ({ error: w.error, internal: w.internal } = plain);
      else {
        const r = encryptItem(p, store.random, plain.value, int(w.item, 'key_version'), w.input);
        if (r.ok) out = { ciphertext: r.value.ciphertext, key_version: r.value.version };
        else ({ error: w.error, internal: w.internal } = r);
      }
    }
    if (w.error !== undefined) {
      if (!batch) singleError(w);
      out = { error: w.error };
    }
    out.reference = str(w.item, 'reference'); // `out` is this item's own object
    results.push(out);
  }
  if (!batch) return { data: { ciphertext: results[0]!.ciphertext, key_version: results[0]!.key_version } };
  return { data: { batch_results: results } };
}

export async function datakey(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const kind = req.captures.plaintext;
  if (kind !== 'plaintext' && kind !== 'wrapped') throw bad(E.ERR_TRANSIT_DATAKEY_PATH);
  const context = goBase64Decode(d.get<string>('context'));
  if (!context.ok) throw bad(E.ERR_TRANSIT_CONTEXT_BASE64);
  const nonce = goBase64Decode(d.get<string>('nonce'));
  if (!nonce.ok) throw bad(E.ERR_TRANSIT_NONCE_BASE64);
  const p = await store.get(req.captures.name!);
  if (p === undefined) throw bad(E.ERR_TRANSIT_KEY_NOT_FOUND);
  const bits = d.get<number>('bits');
  if (bits !== 128 && bits !== 256 && bits !== 512) throw bad(E.ERR_TRANSIT_DATAKEY_BITS);
  // Vault encrypts the base64 text of the new key, not its bytes.
  const plaintext = b64(store.random.bytes(bits / 8));
  const input = { context: context.bytes, nonce: nonce.bytes, ad: new Uint8Array(0) };
  const r = encryptItem(p, store.random, new TextEncoder().encode(plaintext), d.get<number>('key_version'), input);
  if (!r.ok) throw r.internal ? new GoError(500, r.error) : bad(r.error);
  const data: Record<string, unknown> = { ciphertext: r.value.ciphertext, key_version: r.value.version };
  if (kind === 'plaintext') data.plaintext = plaintext;
  return { data };
}
