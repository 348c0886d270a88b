// export/:type/:name(/:version): key material in Vault's encodings per export type and key type
// (V builtin/logical/transit path_export.go pathPolicyExportRead, getExportKey,
// encodeRSAPrivateKey, keyEntryToECPrivateKey/keyEntryToECPublicKey).
import * as E from '../../errors/transit.js';
import { GoError, VaultError } from '../../errors/vault-error.js';
import type { FieldData, FrameworkRequest } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import { CURVES, privateKeyOf, publicKeyOf, publicPem, RSA_BITS } from './asym.js';
import { chainPem, isEncryptionType, isSigningType, SYMMETRIC_KEY_BYTES, type KeyEntry, type Policy, type PolicyStore } from './policy.js';

const bad = (msg: string) => new VaultError(400, msg);
const EXPORT_TYPES = new Set(['encryption-key', 'signing-key', 'hmac-key', 'public-key', 'certificate-chain']);

/** V path_export.go getExportKey: one version's material, or a bare (500) error. */
function exportKey(p: Policy, e: KeyEntry, exportType: string): string {
  const t = p.typeName;
  const isRsa = Object.hasOwn(RSA_BITS, t), isEc = Object.hasOwn(CURVES, t);
  const rsaPrivate = (): string => {
    const k = privateKeyOf(t, e);
    return k === undefined ? '' : k.export({ format: 'pem', type: 'pkcs1' }).toString();
  };
  switch (exportType) {
    case 'hmac-key':
      return e.hmac_key;
    case 'encryption-key':
      if (Object.hasOwn(SYMMETRIC_KEY_BYTES, t)) return e.key ?? '';
      if (isRsa) return rsaPrivate();
      break;
    case 'signing-key':
      if (isEc) {
        const k = privateKeyOf(t, e);
        return k === undefined ? '' : k.export({ format: 'pem', type: 'sec1' }).toString().trim();
      }
      if (t === 'ed25519') return e.key ?? '';
      if (isRsa) return rsaPrivate();
      break;
    case 'public-key':
      if (isEc) return publicPem(publicKeyOf(t, e)).trim();
      if (t === 'ed25519') return e.public_key ?? '';
      if (isRsa) return publicPem(publicKeyOf(t, e));
      break;
    case 'certificate-chain':
      if (!e.certificate_chain) throw new GoError(500, E.ERR_TRANSIT_EXPORT_NO_CHAIN);
      return chainPem(e.certificate_chain);
  }
  throw new GoError(500, E.errTransitExportUnknownKeyType(t, exportType));
}

export async function exportKeys(store: PolicyStore, req: FrameworkRequest, _d: FieldData): Promise<LogicalResponse | null> {
  const exportType = req.captures.type!;
  if (exportType === 'cmac-key') throw bad(E.ERR_TRANSIT_CMAC_ENT_ONLY);
  if (!EXPORT_TYPES.has(exportType)) throw bad(E.errTransitExportType(exportType));
  const p = await store.get(req.captures.name!);
  if (p === undefined) return null;
  if (!p.data.exportable && exportType !== 'public-key' && exportType !== 'certificate-chain') throw bad(E.ERR_TRANSIT_EXPORT_NOT_EXPORTABLE);
  const t = p.typeName;
  if (exportType === 'encryption-key' && !isEncryptionType(t)) throw bad(E.ERR_TRANSIT_EXPORT_NO_ENCRYPTION);
  if (exportType === 'signing-key' && !isSigningType(t)) throw bad(E.ERR_TRANSIT_EXPORT_NO_SIGNING);
  if (exportType === 'certificate-chain' && !isSigningType(t)) throw bad(E.ERR_TRANSIT_EXPORT_CHAIN_NOT_SIGNING);
  const keys: Record<string, string> = {};
  const version = req.captures.version ?? '';
  if (version === '') {
    for (const [v, e] of Object.entries(p.data.keys)) keys[v] = exportKey(p, e, exportType);
  } else {
    let n: number;
    if (version === 'latest') n = p.data.latest_version;
    else {
      const s = version.startsWith('v') ? version.slice(1) : version;
      if (!/^[+-]?[0-9]+$/.test(s) || !Number.isSafeInteger(Number(s))) throw bad(E.ERR_TRANSIT_INVALID_KEY_VERSION);
      n = Number(s);
    }
    if (n < p.data.min_decryption_version) throw bad(E.ERR_TRANSIT_EXPORT_BELOW_MIN);
    const e = p.entry(n);
    if (e === undefined) throw bad(E.ERR_TRANSIT_EXPORT_NO_VERSION);
    keys[String(n)] = exportKey(p, e, exportType);
  }
  return { data: { keys, name: p.name, type: t } };
}
