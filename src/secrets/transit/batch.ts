// Transit's batch conventions: decoding `batch_input` the way hashicorp/vault builtin/logical/transit/path_encrypt.go
// decodeBatchRequestItems does (with its error texts, wrapped in `failed to parse batch input:`
// as a bare 500), the strict base64 of item fields, and the status of an encrypt/decrypt batch
// with failures — a raw body carrying the whole envelope (SDK logical/response.go
// RespondWithStatusCode: `mount_type` empty, no `errors`).
import * as E from '../../errors/transit.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import { goSprintT } from '../../go/fmt.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';

export type Item = Record<string, unknown>;

/**
 * The raw batch_input as a list of items, or undefined in single mode. `strings` and `ints` name
 * the item members and their types; `required` the member whose absence is an error (encrypt,
 * decrypt only), with its text.
 */
export function parseBatch(
  d: FieldData, strings: readonly string[], ints: readonly string[], required?: { field: string; message: string },
): Item[] | undefined {
  const raw = d.raw.batch_input;
  if (raw === undefined || raw === null) return undefined;
  if (!Array.isArray(raw)) throw new GoError(500, E.errTransitBatchParse(`source data must be an array or slice, got ${goSprintT(raw)}`));
  const errors: string[] = [];
  const items: Item[] = [];
  raw.forEach((item: unknown, i) => {
    if (typeof item !== 'object' || item === null || Array.isArray(item)) {
      throw new GoError(500, E.errTransitBatchParse(`[${i}] expected a map, got '${goSprintT(item)}'`));
    }
    const src = item as Item;
    const out: Item = {};
    for (const f of strings) {
      const v = src[f];
      // A JSON null is "not set", except for plaintext, which Vault type-checks as it is.
      if (v === undefined || (v === null && f !== 'plaintext')) continue;
      if (typeof v !== 'string') errors.push(`'[${i}].${f}' expected type 'string', got unconvertible type '${goSprintT(v)}'`);
      else out[f] = v;
    }
    for (const f of ints) {
      const v = src[f];
      if (v === undefined || v === null) continue;
      if (typeof v === 'number' && Number.isSafeInteger(v)) out[f] = v;
      else if (typeof v === 'number') errors.push(`error decoding json.Number into [${i}].${f}: strconv.ParseInt: parsing "${String(v)}": invalid syntax`);
      else errors.push(`'[${i}].${f}' expected type 'int', got unconvertible type '${goSprintT(v)}'`);
    }
    if (required !== undefined && !(required.field in src)) errors.push(`'[${i}].${required.field}' ${required.message}`);
    items.push(out);
  });
  if (errors.length > 0) {
    errors.sort();
    throw new GoError(500, E.errTransitBatchParse(`${errors.length} error(s) decoding:\n\n${errors.map((e) => `* ${e}`).join('\n')}`));
  }
  if (items.length === 0) throw new VaultError(400, E.ERR_TRANSIT_MISSING_BATCH);
  return items;
}

/** The single-mode item built from the top-level fields. */
export function singleItem(d: FieldData, strings: readonly string[], ints: readonly string[]): Item {
  const out: Item = {};
  for (const f of [...strings, ...ints]) {
    if (!Object.hasOwn(d.schema, f)) continue;
    const { value, ok } = d.getOk(f);
    if (ok) out[f] = value ?? '';
  }
  return out;
}

export const str = (item: Item, f: string): string => (typeof item[f] === 'string' ? (item[f] as string) : '');
export const int = (item: Item, f: string): number => (typeof item[f] === 'number' ? (item[f] as number) : 0);

/**
 * V path_encrypt.go batchRequestResponse: 200 when nothing failed, else 400 (a user error) or 500,
 * replaced by partial_failure_response_code when some item succeeded.
 */
export function batchResponse(
  req: FrameworkRequest, d: FieldData, results: Item[], userError: boolean, internalError: boolean, someOk: boolean,
): LogicalResponse {
  const data = { batch_results: results };
  if (!userError && !internalError) return { data };
  let status = userError ? 400 : 500;
  const warnings: string[] = [];
  const override = d.getOk<number>('partial_failure_response_code');
  if (override.ok && someOk) {
    if (override.value < 1 || override.value > 599) warnings.push(E.warnTransitBadPartialCode(status));
    else status = override.value;
  }
  return {
    status,
    raw: {
      body: {
        request_id: req.requestId ?? '', lease_id: '', renewable: false, lease_duration: 0, data, wrap_info: null,
        warnings: warnings.length > 0 ? warnings : null, auth: null, mount_type: '',
      },
    },
  };
}
