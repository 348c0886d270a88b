// custom_metadata on a KV v2 key (KV path_metadata.go parseCustomMetadata, validateCustomMetadata):
// values are converted loosely to strings, then at most 64 keys, keys 1..128 bytes, values
// 1..512 bytes, all printable. Lengths count UTF-8 bytes, as Go's len() does. Every failing check
// is reported, joined the way go-multierror prints (in input order here; Go's is map order).
import {
  errKvCustomMetadataKeyLength, errKvCustomMetadataKeyUnprintable, errKvCustomMetadataParse,
  errKvCustomMetadataTooManyKeys, errKvCustomMetadataValueLength, errKvCustomMetadataValueUnprintable, kvMultiError,
} from '../../errors/kv.js';
import { VaultError } from '../../errors/vault-error.js';
import { decodeFieldValue } from '../../framework/field-types.js';
import type { JsonObject } from './fields.js';
import { goQuote, isGoPrintableString } from '../../go/strconv.js';
import { setOwn } from '../../go/object.js';

const MAX_KEYS = 64;
const MAX_KEY_BYTES = 128;
const MAX_VALUE_BYTES = 512;

function utf8Length(s: string): number {
  let n = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    n += cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
  }
  return n;
}

/** Converts each value to a string; `skipNulls` is PATCH's reading, where null means "remove". */
export function parseCustomMetadata(raw: JsonObject, skipNulls: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(raw)) {
    const v = raw[k];
    if (skipNulls && v === null) continue;
    try {
      setOwn(out, k, decodeFieldValue('string', v) as string);
    } catch (e) {
      throw new VaultError(400, errKvCustomMetadataParse((e as Error).message));
    }
  }
  return out;
}

/** Throws 400 with every violated limit, or returns quietly. */
export function validateCustomMetadata(map: Record<string, string>): void {
  const keys = Object.keys(map);
  if (keys.length > MAX_KEYS) throw new VaultError(400, kvMultiError([errKvCustomMetadataTooManyKeys(keys.length)]));
  const errors: string[] = [];
  for (const key of keys) {
    const value = map[key]!;
    const keyLen = utf8Length(key);
    if (keyLen === 0 || keyLen > MAX_KEY_BYTES) errors.push(errKvCustomMetadataKeyLength(goQuote(key), keyLen));
    const valueLen = utf8Length(value);
    if (valueLen === 0 || valueLen > MAX_VALUE_BYTES) errors.push(errKvCustomMetadataValueLength(goQuote(key), valueLen));
    if (!isGoPrintableString(key)) errors.push(errKvCustomMetadataKeyUnprintable(goQuote(key), key));
    if (!isGoPrintableString(value)) errors.push(errKvCustomMetadataValueUnprintable(goQuote(key)));
  }
  if (errors.length > 0) throw new VaultError(400, kvMultiError(errors));
}
