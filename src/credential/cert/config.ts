// `config` (update, read) and `crls/:name`, `crls` of the cert auth method (V
// builtin/credential/cert/path_config.go pathConfigWrite, pathConfigRead, Config; path_crls.go
// pathCRLWrite, pathCRLRead, pathCRLDelete, pathCRLsList, CRLInfo). A config write changes only
// the fields sent. A CRL is stored as the set of its revoked serials (decimal); any chain holding
// one of them is refused at login. Fetching a CRL distribution point (`url`) is not implemented.
import {
  ERR_CERT_CRL_OR_URL, ERR_CERT_CRL_URL_UNSUPPORTED, ERR_CERT_EMPTY_CRL_URL, ERR_CERT_OCSP_CACHE_SIZE,
  ERR_CERT_ROLE_CACHE_SIZE, ERR_X509_MALFORMED_CRL, errCertInvalidCrlUrl, errCertNoSuchCrl, errCertParseCrl,
} from '../../errors/cert.js';
import { unsupportedError, VaultError } from '../../errors/vault-error.js';
import { goStringCompare } from '../../go/strings.js';
import type { FieldData, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import { genericNameRegex } from '../../framework/pattern.js';

interface CertConfig {
  disable_binding: boolean;
  enable_identity_alias_metadata: boolean;
  ocsp_cache_size: number;
  role_cache_size: number;
}

const dec = (b: Uint8Array) => JSON.parse(new TextDecoder().decode(b)) as unknown;
const enc = (v: unknown) => new TextEncoder().encode(JSON.stringify(v));

export async function loadCertConfig(storage: Storage): Promise<CertConfig> {
  const bytes = await storage.get('config');
  const zero: CertConfig = { disable_binding: false, enable_identity_alias_metadata: false, ocsp_cache_size: 0, role_cache_size: 0 };
  return bytes === undefined ? zero : { ...zero, ...dec(bytes) as Partial<CertConfig> };
}

async function pathConfigWrite(storage: Storage, data: FieldData): Promise<null> {
  const c = await loadCertConfig(storage);
  const binding = data.getOk<boolean>('disable_binding');
  if (binding.ok) c.disable_binding = binding.value;
  const alias = data.getOk<boolean>('enable_identity_alias_metadata');
  if (alias.ok) c.enable_identity_alias_metadata = alias.value;
  const ocsp = data.getOk<number>('ocsp_cache_size');
  if (ocsp.ok) {
    if (ocsp.value < 2 || ocsp.value > 100_000) throw new VaultError(400, ERR_CERT_OCSP_CACHE_SIZE);
    c.ocsp_cache_size = ocsp.value;
  }
  const role = data.getOk<number>('role_cache_size');
  if (role.ok) {
    if (role.value < -1 || role.value > 100_000) throw new VaultError(400, ERR_CERT_ROLE_CACHE_SIZE);
    c.role_cache_size = role.value;
  }
  await storage.put('config', enc(c));
  return null;
}

export function pathConfig(storage: () => Storage): PathSpec {
  return {
    pattern: 'config',
    fields: {
      disable_binding: { type: 'bool', default: false, description: 'If set, during renewal, skips the matching of presented client identity with the client identity used during login. Defaults to false.' },
      enable_identity_alias_metadata: { type: 'bool', default: false, description: 'If set, metadata of the certificate including the metadata corresponding to allowed_metadata_extensions will be stored in the alias. Defaults to false.' },
      ocsp_cache_size: { type: 'int', default: 100, description: 'The size of the in memory OCSP response cache, shared by all configured certs' },
      role_cache_size: { type: 'int', default: 200, description: 'The size of the in memory role cache' },
    },
    operations: {
      update: { handler: (_req, data) => pathConfigWrite(storage(), data) },
      read: {
        handler: async (): Promise<LogicalResponse> => {
          const c = await loadCertConfig(storage());
          return { data: { disable_binding: c.disable_binding, enable_identity_alias_metadata: c.enable_identity_alias_metadata, ocsp_cache_size: c.ocsp_cache_size, role_cache_size: c.role_cache_size } };
        },
      },
    },
    helpSynopsis: 'Manage the cert auth method configuration.',
    helpDescription: 'Configures the cert auth method: renewal binding, alias metadata and cache sizes.',
  };
}

// ---- CRLs ---------------------------------------------------------------------------------------

interface CrlInfo { cdp: null; serials: Record<string, Record<string, never>> }

export class CrlStore {
  constructor(private readonly storage: () => Storage) {}
  async get(name: string): Promise<CrlInfo | undefined> {
    const b = await this.storage().get(`crls/${name}`);
    return b === undefined ? undefined : dec(b) as CrlInfo;
  }
  async list(): Promise<string[]> {
    return (await this.storage().list('crls/')).filter((k) => !k.endsWith('/')).sort(goStringCompare);
  }
  /** findSerialInCRLs over every CRL. */
  async revoked(): Promise<Set<string>> {
    const out = new Set<string>();
    for (const name of await this.list()) for (const s of Object.keys((await this.get(name))?.serials ?? {})) out.add(s);
    return out;
  }
}

/** One DER TLV at `off`: tag, content start and end. */
function tlv(b: Buffer, off: number): { tag: number; start: number; end: number } {
  const tag = b[off];
  let len = b[off + 1];
  if (tag === undefined || len === undefined) throw new Error('truncated');
  let start = off + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4) throw new Error('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + (b[start + i] ?? 0);
    start += n;
  }
  if (start + len > b.length) throw new Error('truncated');
  return { tag, start, end: start + len };
}

/** The TLVs inside a constructed value. */
function children(b: Buffer, outer: { start: number; end: number }): Array<{ tag: number; start: number; end: number }> {
  const out = [];
  for (let off = outer.start; off < outer.end;) {
    const t = tlv(b, off);
    out.push(t);
    off = t.end;
  }
  return out;
}

/**
 * x509.ParseCRL: PEM or DER CertificateList; the revokedCertificates serials in decimal. Walked
 * by hand (tbsCertList: version?, signature, issuer, thisUpdate, nextUpdate?, revoked?, ext?).
 */
function parseCrlSerials(text: string): string[] {
  const pem = /-----BEGIN (?:X509 )?CRL-----\r?\n([\s\S]*?)-----END (?:X509 )?CRL-----/.exec(text);
  const der = pem ? Buffer.from(pem[1]!.replace(/\s+/g, ''), 'base64') : Buffer.from(text, 'latin1');
  try {
    const list = tlv(der, 0);
    const tbs = children(der, list)[0];
    if (list.tag !== 0x30 || tbs?.tag !== 0x30) throw new Error('not a CertificateList');
    const fields = children(der, tbs);
    let i = fields[0]?.tag === 0x02 ? 1 : 0; // version
    i += 3; // signature, issuer, thisUpdate
    if (fields[i] !== undefined && (fields[i]!.tag === 0x17 || fields[i]!.tag === 0x18)) i++; // nextUpdate
    const revoked = fields[i]?.tag === 0x30 ? children(der, fields[i]!) : [];
    return revoked.map((entry) => {
      const serial = children(der, entry)[0];
      if (serial?.tag !== 0x02) throw new Error('bad serial');
      const bytes = der.subarray(serial.start, serial.end);
      return BigInt(`0x${bytes.toString('hex') || '0'}`).toString();
    });
  } catch {
    throw new VaultError(400, errCertParseCrl(ERR_X509_MALFORMED_CRL));
  }
}

const NAME_PATTERN = genericNameRegex('name');

export function pathCrls(storage: () => Storage, crls: () => CrlStore): PathSpec {
  const name = (data: FieldData) => data.get<string>('name').toLowerCase();
  return {
    pattern: `crls/${NAME_PATTERN}`,
    fields: {
      name: { type: 'string', description: 'The name of the certificate' },
      crl: { type: 'string', description: "The public CRL that should be trusted to attest to certificates' validity statuses.\nMay be DER or PEM encoded. Note: the expiration time\nis ignored; if the CRL is no longer valid, delete it\nusing the same name as specified here." },
      url: { type: 'string', description: "The URL of a CRL distribution point.  Only one of 'crl' or 'url' parameters should be specified." },
    },
    operations: {
      update: {
        handler: async (_req, data) => {
          const crl = data.getOk<string>('crl');
          if (crl.ok) {
            const serials: Record<string, Record<string, never>> = {};
            for (const s of parseCrlSerials(crl.value)) serials[s] = {};
            await storage().put(`crls/${name(data)}`, enc({ cdp: null, serials }));
            return null;
          }
          const url = data.getOk<string>('url');
          if (!url.ok) throw new VaultError(400, ERR_CERT_CRL_OR_URL);
          if (url.value === '') throw new VaultError(400, ERR_CERT_EMPTY_CRL_URL);
          try {
            new URL(url.value);
          } catch (e) {
            throw new VaultError(400, errCertInvalidCrlUrl((e as Error).message));
          }
          throw unsupportedError(new VaultError(400, ERR_CERT_CRL_URL_UNSUPPORTED));
        },
        notes: 'the `url` form (a CRL distribution point Vault fetches and refreshes) is answered as not implemented',
      },
      read: {
        handler: async (_req, data) => {
          const info = await crls().get(name(data));
          if (info === undefined) throw new VaultError(400, errCertNoSuchCrl(name(data)));
          const serials: Record<string, unknown> = {};
          for (const k of Object.keys(info.serials).sort(goStringCompare)) serials[k] = {};
          return { data: { cdp: info.cdp, serials } };
        },
      },
      delete: {
        handler: async (_req, data) => {
          if ((await crls().get(name(data))) === undefined) throw new VaultError(400, errCertNoSuchCrl(name(data)));
          await storage().delete(`crls/${name(data)}`);
          return null;
        },
      },
    },
    helpSynopsis: 'Manage Certificate Revocation Lists checked during authentication.',
    helpDescription: `This endpoint allows you to list, create, read, update, and delete the Certificate
Revocation Lists checked during authentication, and/or CRL Distribution Point 
URLs.`,
  };
}

export function pathListCrls(crls: () => CrlStore): PathSpec {
  return {
    pattern: 'crls/?$',
    operations: { list: async () => ({ data: { keys: await crls().list() } }) },
    helpSynopsis: 'Manage Certificate Revocation Lists checked during authentication.',
    helpDescription: 'The list will contain the names of the CRLs.',
  };
}
