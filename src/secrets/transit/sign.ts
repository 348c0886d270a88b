// sign/:name(/:hash_algorithm) and the signature half of verify/:name(/:hash_algorithm), single
// and batch (V builtin/logical/transit path_sign_verify.go pathSignWrite, pathVerifyWrite,
// getSaltLength, batchResponseSignItem / batchResponseVerifyItem).
import * as E from '../../errors/transit.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { parseBatch, singleItem, str, type Item } from './batch.js';
import { goBase64Decode } from './crypto.js';
import { isSigningType, type Policy, type PolicyStore } from './policy.js';
import { SIGN_HASHES, signItem, verifyItem, type SignOptions } from './signature.js';

const bad = (msg: string) => new VaultError(400, msg);
const bare = (msg: string): VaultError => new GoError(500, msg);

/** V path_sign_verify.go getSaltLength: auto → 0, hash → -1, else an int ≥ -1. */
function saltLength(s: string): number {
  if (s === 'auto') return 0;
  if (s === 'hash') return -1;
  if (!/^[+-]?[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) throw bad(E.errTransitSaltNotInt(s));
  const n = Number(s);
  if (n < -1) throw bad(E.errTransitSaltNegative(n));
  return n;
}

/** Steps 1–6 of pathSignWrite / pathVerifyWrite: options, key, type, the `none` rule. */
async function prepare(store: PolicyStore, req: FrameworkRequest, d: FieldData, verifying: boolean): Promise<{ p: Policy; o: SignOptions }> {
  const hash = req.captures.urlalgorithm || d.get<string>('hash_algorithm') || d.get<string>('algorithm') || 'sha2-256';
  if (!SIGN_HASHES.has(hash)) throw bad(E.errTransitInvalidHash(hash));
  const marshaling = d.get<string>('marshaling_algorithm');
  if (marshaling !== 'asn1' && marshaling !== 'jws') throw bad(E.errTransitInvalidMarshaling(marshaling));
  const o: SignOptions = {
    hash, marshaling, prehashed: d.get<boolean>('prehashed'), signatureAlgorithm: d.get<string>('signature_algorithm'),
    saltLength: saltLength(d.get<string>('salt_length')),
  };
  const p = await store.get(req.captures.name!);
  if (p === undefined) throw bad(verifying ? E.ERR_TRANSIT_VERIFY_KEY_NOT_FOUND : E.ERR_TRANSIT_SIGNING_KEY_NOT_FOUND);
  if (!isSigningType(p.typeName)) throw bad(verifying ? E.errTransitNoVerification(p.typeName) : E.errTransitNoSigning(p.typeName));
  if (hash === 'none' && (!o.prehashed || o.signatureAlgorithm !== 'pkcs1v15')) throw bad(E.ERR_TRANSIT_NONE_RULE);
  return { p, o };
}

/** Decodes an item's input and context; the error text Vault puts in the item otherwise. */
function decodeInputs(item: Item): { input: Uint8Array; context: Uint8Array } | string {
  if (!('input' in item)) return E.ERR_TRANSIT_VERIFY_MISSING_INPUT;
  const input = goBase64Decode(str(item, 'input'));
  if (!input.ok) return E.errTransitInputBase64(input.error);
  const context = goBase64Decode(str(item, 'context'));
  if (!context.ok) return E.ERR_TRANSIT_CONTEXT_BASE64;
  return { input: input.bytes, context: context.bytes };
}

export async function sign(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const { p, o } = await prepare(store, req, d, false);
  let items = parseBatch(d, ['input', 'context', 'reference'], []);
  const batch = items !== undefined;
  items ??= [{ input: d.get<string>('input'), ...singleItem(d, ['context'], []) }];
  const version = d.get<number>('key_version');
  const results: Item[] = items.map((item) => {
    const reference = str(item, 'reference');
    const inputs = decodeInputs(item);
    if (typeof inputs === 'string') {
      if (!batch) throw bad(inputs);
      return { key_version: 0, error: inputs, reference };
    }
    const r = signItem(p, version, inputs.input, inputs.context, o, store.random);
    if (!r.ok) {
      // Single mode returns the signing error bare (500), whatever its kind.
      if (!batch) throw bare(r.error);
      return { key_version: 0, error: r.error, reference };
    }
    const out: Item = { signature: r.value.signature, key_version: r.value.version };
    if (r.value.publicKey !== undefined) out[batch ? 'publickey' : 'public_key'] = r.value.publicKey;
    return batch ? { ...out, reference } : out;
  });
  if (batch) return { data: { batch_results: results } };
  const { signature, key_version, public_key } = results[0]!;
  return { data: public_key === undefined ? { key_version, signature } : { key_version, public_key, signature } };
}

export async function verifySignatures(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const { p, o } = await prepare(store, req, d, true);
  let items = parseBatch(d, ['input', 'context', 'reference', 'signature'], []);
  const batch = items !== undefined;
  items ??= [{ input: d.get<string>('input'), signature: d.get<string>('signature'), ...singleItem(d, ['context'], []) }];
  const results: Item[] = items.map((item) => {
    const reference = str(item, 'reference');
    const failed = (error: string, internal: boolean): Item => {
      if (!batch) throw internal ? bare(error) : bad(error);
      return { valid: false, error, reference };
    };
    const inputs = decodeInputs(item);
    if (typeof inputs === 'string') return failed(inputs, false);
    if (!('signature' in item)) return failed(E.ERR_TRANSIT_VERIFY_MISSING_SIGNATURE, false);
    const r = verifyItem(p, str(item, 'signature'), inputs.input, inputs.context, o);
    if (!r.ok) return failed(r.error, r.internal === true);
    return batch ? { valid: r.value, reference } : { valid: r.value };
  });
  if (batch) return { data: { batch_results: results } };
  return { data: { valid: results[0]!.valid } };
}
