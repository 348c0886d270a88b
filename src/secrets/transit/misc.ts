// random(/:source)(/:bytes), hash(/:algorithm), hmac/:name(/:algorithm) and the HMAC half of
// verify/:name(/:algorithm), which hands signatures to sign.ts (V path_random.go + helper/random/random_api.go HandleRandomAPI,
// path_hash.go pathHashWrite, path_hmac.go pathHMACWrite/pathHMACVerify, path_sign_verify.go
// pathVerifyWrite dispatch).
import { timingSafeEqual } from 'node:crypto';
import * as E from '../../errors/transit.js';
import { VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { parseBatch, singleItem, str, type Item } from './batch.js';
import { hmacKey } from './cipher.js';
import { b64, digest, goBase64Decode, HASH_ALGORITHMS, hmac, HMAC_ALGORITHMS } from './crypto.js';
import type { PolicyStore } from './policy.js';
import { verifySignatures } from './sign.js';

const bad = (msg: string) => new VaultError(400, msg);
const MAX_RANDOM = 128 * 1024;
const SOURCES = new Set(['platform', 'seal', 'all']);

function atoi(s: string): number | undefined {
  return /^[+-]?[0-9]+$/.test(s) && Number.isSafeInteger(Number(s)) ? Number(s) : undefined;
}

export async function random(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const urlSource = req.captures.source ?? '';
  const urlBytes = req.captures.urlbytes ?? '';
  let source = 'platform';
  let bytes: number;
  if (urlSource === '') bytes = d.get<number>('bytes');
  else if (urlBytes === '' && SOURCES.has(urlSource)) {
    source = urlSource;
    bytes = d.get<number>('bytes');
  } else {
    const text = urlBytes === '' ? urlSource : urlBytes;
    if (urlBytes !== '') source = urlSource;
    const n = atoi(text);
    if (n === undefined) throw bad(E.errTransitRandomCount(text));
    bytes = n;
  }
  const format = d.get<string>('format');
  if (bytes < 1) throw bad(E.ERR_TRANSIT_RANDOM_TOO_FEW);
  if (bytes > MAX_RANDOM) throw bad(E.ERR_TRANSIT_RANDOM_TOO_MANY);
  if (format !== 'hex' && format !== 'base64') throw bad(E.errTransitRandomFormat(format));
  if (!SOURCES.has(source)) throw bad(E.errTransitRandomSource(source));
  const raw = store.random.bytes(bytes);
  const out = format === 'hex' ? Buffer.from(raw).toString('hex') : b64(raw);
  const resp: LogicalResponse = { data: { random_bytes: out } };
  // CE has no entropy augmentation: `seal` falls back to the platform source with a warning.
  if (source === 'seal') resp.warnings = [E.WARN_TRANSIT_NO_SEAL_ENTROPY];
  return resp;
}

export async function hash(_store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const input = d.getOk<string>('input');
  if (!input.ok) throw bad(E.ERR_TRANSIT_HASH_INPUT_MISSING);
  const decoded = goBase64Decode(input.value);
  if (!decoded.ok) throw bad(E.errTransitInputBase64(decoded.error));
  const format = d.get<string>('format');
  if (format !== 'hex' && format !== 'base64') throw bad(E.errTransitHashFormat(format));
  const algorithm = req.captures.urlalgorithm || d.get<string>('algorithm');
  const alg = HASH_ALGORITHMS[algorithm];
  if (alg === undefined || !Object.hasOwn(HASH_ALGORITHMS, algorithm)) throw bad(E.errTransitHashAlgorithm(algorithm));
  const sum = digest(alg, decoded.bytes);
  return { data: { sum: format === 'hex' ? Buffer.from(sum).toString('hex') : b64(sum) } };
}

function hmacAlgorithm(name: string): string {
  if (!Object.hasOwn(HMAC_ALGORITHMS, name)) throw bad(E.ERR_TRANSIT_HMAC_ALGORITHM);
  return HMAC_ALGORITHMS[name]!;
}

export async function hmacWrite(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const p = await store.get(req.captures.name!);
  if (p === undefined) throw bad(E.ERR_TRANSIT_KEY_NOT_FOUND);
  let version = d.get<number>('key_version');
  if (version === 0) version = p.data.latest_version;
  if (p.data.min_encryption_version > 0 && version < p.data.min_encryption_version) throw bad(E.ERR_TRANSIT_HMAC_TOO_OLD);
  const key = hmacKey(p, version);
  if (!key.ok) throw bad(key.error);
  const alg = hmacAlgorithm(req.captures.urlalgorithm || d.get<string>('algorithm'));
  let items = parseBatch(d, ['input', 'reference'], []);
  const batch = items !== undefined;
  if (items === undefined) {
    if (!d.getOk('input').ok) throw bad(E.ERR_TRANSIT_HMAC_MISSING_INPUT);
    items = [singleItem(d, ['input'], [])];
  }
  const results: Item[] = items.map((item) => {
    const reference = str(item, 'reference');
    if (!('input' in item)) return { error: E.ERR_TRANSIT_HMAC_MISSING_INPUT, reference };
    const input = goBase64Decode(str(item, 'input'));
    if (!input.ok) return { error: E.errTransitInputBase64(input.error), reference };
    return { hmac: `vault:v${version}:${b64(hmac(alg, key.value, input.bytes))}`, reference };
  });
  if (!batch) {
    if (results[0]!.error !== undefined) throw bad(results[0]!.error as string);
    return { data: { hmac: results[0]!.hmac } };
  }
  return { data: { batch_results: results } };
}

/** V path_sign_verify.go pathVerifyWrite: which of signature/hmac/cmac the request carries. */
function verifyKind(d: FieldData, items: Item[] | undefined): 'signature' | 'hmac' | 'cmac' {
  const kinds = ['signature', 'hmac', 'cmac'] as const;
  if (items === undefined) {
    const sent = kinds.filter((k) => d.getOk(k).ok);
    if (sent.length > 1) throw bad(E.ERR_TRANSIT_VERIFY_ONE_OF);
    if (sent.length === 0) throw bad(E.ERR_TRANSIT_VERIFY_NONE);
    return sent[0]!;
  }
  const counts = kinds.map((k) => items.filter((it) => k in it).length);
  const used = kinds.filter((_, i) => counts[i]! > 0);
  if (used.length > 1) throw bad(E.ERR_TRANSIT_VERIFY_BATCH_MIXED);
  if (used.length === 0) throw bad(E.ERR_TRANSIT_VERIFY_BATCH_NONE);
  const kind = used[0]!;
  if (counts[kinds.indexOf(kind)]! !== items.length) throw bad(E.errTransitVerifyBatchMissing(kind));
  return kind;
}

/** The raw batch items of verify, before typed decoding (only their member names matter here). */
function rawItems(d: FieldData): Item[] | undefined {
  const raw = d.raw.batch_input;
  if (!Array.isArray(raw)) return undefined;
  return raw.filter((x): x is Item => typeof x === 'object' && x !== null);
}

export async function verify(store: PolicyStore, req: FrameworkRequest, d: FieldData): Promise<LogicalResponse> {
  const kind = verifyKind(d, rawItems(d));
  if (kind === 'cmac') throw bad(E.ERR_TRANSIT_CMAC_ENT_ONLY);
  if (kind === 'signature') return verifySignatures(store, req, d);
  const algorithmName = req.captures.urlalgorithm
    || (d.getOk('hash_algorithm').ok ? d.get<string>('hash_algorithm') : d.getOk('algorithm').ok ? d.get<string>('algorithm') : 'sha2-256');
  const p = await store.get(req.captures.name!);
  if (p === undefined) throw bad(E.ERR_TRANSIT_KEY_NOT_FOUND);
  const alg = hmacAlgorithm(algorithmName);
  let items = parseBatch(d, ['input', 'hmac', 'reference'], []);
  const batch = items !== undefined;
  // Single mode: a missing input or hmac is the empty string, not an error (V path_hmac.go pathHMACVerify).
  items ??= [{ input: d.get<string>('input'), hmac: d.get<string>('hmac') }];
  const results: Item[] = items.map((item) => {
    const reference = str(item, 'reference');
    const check = (): string | boolean => {
      if (!('input' in item)) return E.ERR_TRANSIT_VERIFY_MISSING_INPUT;
      const input = goBase64Decode(str(item, 'input'));
      if (!input.ok) return E.errTransitInputBase64(input.error);
      if (!('hmac' in item)) return E.ERR_TRANSIT_VERIFY_MISSING_HMAC;
      const mac = str(item, 'hmac');
      if (!mac.startsWith('vault:v')) return E.ERR_TRANSIT_HMAC_NO_PREFIX;
      const rest = mac.slice('vault:v'.length);
      const colon = rest.indexOf(':');
      if (colon === -1) return E.ERR_TRANSIT_HMAC_FIELDS;
      const version = atoi(rest.slice(0, colon));
      if (version === undefined) return E.ERR_TRANSIT_HMAC_VERSION;
      const given = goBase64Decode(rest.slice(colon + 1));
      if (!given.ok) return E.errTransitHmacBase64(given.error);
      if (version > p.data.latest_version) return E.ERR_TRANSIT_HMAC_TOO_NEW;
      if (version < p.data.min_decryption_version) return E.ERR_TRANSIT_HMAC_VERIFY_TOO_OLD;
      const key = hmacKey(p, version);
      if (!key.ok) return key.error;
      const want = hmac(alg, key.value, input.bytes);
      return want.length === given.bytes.length && timingSafeEqual(want, given.bytes);
    };
    const r = check();
    if (typeof r === 'string') return batch ? { error: r, reference } : { error: r };
    return batch ? (r ? { valid: true, reference } : { reference }) : { valid: r };
  });
  if (!batch) {
    if (results[0]!.error !== undefined) throw bad(results[0]!.error as string);
    return { data: { valid: results[0]!.valid } };
  }
  return { data: { batch_results: results } };
}
