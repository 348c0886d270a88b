// Checks shared by identity writes: entity/group metadata limits (vault/identity_store_util.go
// validateMetadata, validateMetaPair with the limits of identity_store_structs.go) and alias
// custom_metadata (sdk/helper/custommetadata/custom_metadata.go Validate). Both surface as plain
// errors (500, multierror-wrapped) because Vault's handlers return them bare.
import {
  ERR_ID_CUSTOM_META_PREFIX, ERR_ID_META_KEY_BLANK, ERR_ID_META_KEY_CHARS, ERR_ID_META_KEY_LONG, ERR_ID_META_KEY_RESERVED,
  ERR_ID_META_TOO_MANY, ERR_ID_META_VALUE_LONG, ERR_ID_POLICIES_ROOT, errIdCustomMetaKeyLength, errIdCustomMetaTooMany,
  errIdCustomMetaValueLength, errIdInvalidMetadata,
} from '../errors/identity.js';
import { GoError, VaultError } from '../errors/vault-error.js';
import { isGoPrintableString } from '../go/strconv.js';

const KEY_FORMAT = /^[a-zA-Z0-9=/+_-]+$/;

export function validateMetadata(kind: 'entity' | 'group', meta: Record<string, string> | null): void {
  if (!meta) return;
  const entries = Object.entries(meta);
  if (entries.length > 64) throw new GoError(500, `invalid ${kind} metadata: ${ERR_ID_META_TOO_MANY}`);
  for (const [k, v] of entries) {
    const reason = k === '' ? ERR_ID_META_KEY_BLANK
      : !KEY_FORMAT.test(k) ? ERR_ID_META_KEY_CHARS
        : k.length > 128 ? ERR_ID_META_KEY_LONG
          : k.startsWith('vault-') ? ERR_ID_META_KEY_RESERVED
            : v.length > 512 ? ERR_ID_META_VALUE_LONG : undefined;
    if (reason !== undefined) throw new GoError(500, errIdInvalidMetadata(kind, k, v, reason));
  }
}

export function validateCustomMetadata(meta: Record<string, string> | null): void {
  if (!meta) return;
  const errs: string[] = [];
  const keys = Object.keys(meta);
  if (keys.length > 64) errs.push(errIdCustomMetaTooMany(keys.length));
  for (const k of keys) {
    const v = meta[k]!;
    if (k.length === 0 || k.length > 128) errs.push(errIdCustomMetaKeyLength(k, k.length));
    if (v.length === 0 || v.length > 512) errs.push(errIdCustomMetaValueLength(k, v.length));
    if (!isGoPrintableString(k)) errs.push(`key ${JSON.stringify(k)} (${k}) contains unprintable characters`);
    if (!isGoPrintableString(v)) errs.push(`value for key ${JSON.stringify(k)} contains unprintable characters`);
  }
  if (errs.length === 0) return;
  if (errs.length === 1) throw new GoError(500, `${ERR_ID_CUSTOM_META_PREFIX}: ${errs[0]}`);
  const text = `${errs.length} errors occurred:\n${errs.map((e) => `\t* ${ERR_ID_CUSTOM_META_PREFIX}: ${e}`).join('\n')}\n\n`;
  throw new VaultError(500, text);
}

/** Exactly `root` (case-sensitive in 1.18.1, see CVE-2025-5999). */
export function refuseRoot(policies: readonly string[]): void {
  if (policies.includes('root')) throw new VaultError(400, ERR_ID_POLICIES_ROOT);
}
