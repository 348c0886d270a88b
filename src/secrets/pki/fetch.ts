// Unauthenticated fetches: the default issuer (`ca`, `ca/pem`, `ca_chain`, `cert/ca…`), stored
// certificates (`cert/:serial[/raw[/pem]]`), CRLs (`crl`, `crl/pem`, `cert/crl`,
// `issuer/:ref/crl…`), issuer certificates (`issuer/:ref/(json|der|pem)`), and the token-guarded
// `LIST certs`, `LIST certs/revoked`. Upstream: Vault builtin/logical/pki/path_fetch.go
// pathFetchRead, path_fetch_issuers.go pathGetRawIssuer/pathGetIssuerCRL.
//
// Raw answers use Vault's logical.Response convention (sdk/logical/response.go HTTPContentType,
// HTTPRawBody, HTTPStatusCode): `data` carries `http_content_type`, `http_raw_body` (the bytes,
// base64 as Go's JSON encoding of []byte) and `http_status_code`; Vault's http/logical.go
// respondRaw turns that into a bare body with the content type.
import type { FrameworkRequest } from '../../framework/types.js';
import { rawBodyResponse } from '../../logical/raw-body.js';
import type { LogicalResponse } from '../../logical/types.js';
import { rfc3339Nano } from '../../util/clock.js';
import * as E from '../../errors/pki.js';
import { issuerChain } from './bundle.js';
import { serialApi } from './certinfo.js';
import { crlDer, crlPem, deltaCrlDer } from './crl.js';
import { certPem } from './pem.js';
import { issuerDer, type IssuerEntry, type PkiStore } from './store.js';

export const CT_CERT = 'application/pkix-cert';
export const CT_PEM_CHAIN = 'application/pem-certificate-chain';
export const CT_CRL = 'application/pkix-crl';
export const CT_PEM_FILE = 'application/x-pem-file';

/** An empty body answers 204, as pathFetchRead does before any CA exists. */
export function rawResponse(contentType: string, body: Uint8Array | string): LogicalResponse {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  return rawBodyResponse(bytes.length === 0 ? 204 : 200, contentType, bytes);
}

async function defaultIssuer(store: PkiStore): Promise<IssuerEntry | undefined> {
  const id = (await store.issuerDefaults()).default;
  return id === '' ? undefined : store.issuer(id);
}

async function chainText(store: PkiStore, e: IssuerEntry): Promise<string> {
  return (await issuerChain(store, e)).map((c) => c.certificate.trim()).join('\n').trim();
}

/** pathFetchRead for the default issuer's certificate, chain and CRL, in raw and JSON forms. */
export async function fetchDefault(store: PkiStore, _req: FrameworkRequest, what: 'ca' | 'ca_pem' | 'ca_chain' | 'cert_ca' | 'cert_ca_chain' | 'crl' | 'crl_pem' | 'cert_crl'): Promise<LogicalResponse> {
  const e = await defaultIssuer(store);
  const json = (certificate: string, extra: Record<string, unknown> = {}): LogicalResponse =>
    ({ data: { ...extra, certificate, revocation_time: 0, revocation_time_rfc3339: '' } }); // Go's sorted map order
  if (what.startsWith('cert_') && e === undefined) throw E.bad(E.ERR_NO_DEFAULT_ISSUER);
  switch (what) {
    case 'ca': return rawResponse(CT_CERT, e ? issuerDer(e) : new Uint8Array());
    case 'ca_pem': return rawResponse(CT_PEM_CHAIN, e ? e.certificate.trim() : '');
    case 'ca_chain': return rawResponse(CT_CERT, e ? await chainText(store, e) : '');
    case 'cert_ca': return json(e!.certificate.trim());
    case 'cert_ca_chain': { const t = await chainText(store, e!); return json(t, { ca_chain: t }); }
    case 'crl': { const c = e ? await crlDer(store, e.id) : undefined; return rawResponse(CT_CRL, c ?? new Uint8Array()); }
    case 'crl_pem': { const c = e ? await crlDer(store, e.id) : undefined; return rawResponse(CT_PEM_FILE, c ? crlPem(c).trim() : ''); }
    case 'cert_crl': { const c = await crlDer(store, e!.id); return json(c ? crlPem(c).trim() : ''); }
  }
}

/** `crl/delta`, `crl/delta/pem`, `cert/delta-crl`: the default issuer's delta CRL (none → no content). */
export async function fetchDefaultDelta(store: PkiStore, kind: 'der' | 'pem' | 'json'): Promise<LogicalResponse> {
  const e = await defaultIssuer(store);
  const c = e ? await deltaCrlDer(store, e.id) : undefined;
  if (kind === 'der') return rawResponse(CT_CRL, c ?? new Uint8Array());
  if (kind === 'pem') return rawResponse(CT_PEM_FILE, c ? crlPem(c).trim() : '');
  return { data: { certificate: c ? crlPem(c).trim() : '', revocation_time: 0, revocation_time_rfc3339: '' } };
}

/** `cert/:serial`, `cert/:serial/raw`, `cert/:serial/raw/pem`. */
export async function fetchCert(store: PkiStore, req: FrameworkRequest): Promise<LogicalResponse | null> {
  const serial = req.captures.serial!;
  const raw = req.path.endsWith('/raw') ? 'der' : req.path.endsWith('/raw/pem') ? 'pem' : '';
  if (serial === 'ca') return fetchDefault(store, req, raw === 'der' ? 'ca' : raw === 'pem' ? 'ca_pem' : 'cert_ca');
  const rec = await store.cert(serial);
  if (rec === undefined) return raw !== '' ? rawResponse(raw === 'der' ? CT_CERT : CT_PEM_CHAIN, '') : null;
  const der = Buffer.from(rec.der, 'base64');
  if (raw === 'der') return rawResponse(CT_CERT, der);
  if (raw === 'pem') return rawResponse(CT_PEM_CHAIN, certPem(der));
  const revoked = await store.revoked(serial);
  const data: Record<string, unknown> = { certificate: certPem(der) };
  if (revoked) data.issuer_id = revoked.issuer_id;
  data.revocation_time = revoked ? revoked.revocation_time : 0;
  data.revocation_time_rfc3339 = revoked ? rfc3339Nano(revoked.revocation_ms) : '';
  return { data };
}

export async function listCerts(store: PkiStore, prefix: 'certs/' | 'revoked/'): Promise<LogicalResponse> {
  return { data: { keys: (await store.storage.list(prefix)).map(serialApi) } };
}

async function issuerOrThrow(store: PkiStore, ref: string): Promise<IssuerEntry> {
  try { return (await store.issuer(await store.resolveIssuer(ref)))!; } catch (e) { throw E.goErr((e as Error).message); }
}

/** `issuer/:ref/json|der|pem` (pathGetRawIssuer). */
export async function fetchIssuerCert(store: PkiStore, req: FrameworkRequest): Promise<LogicalResponse> {
  const e = await issuerOrThrow(store, req.captures.issuer_ref!);
  const kind = req.path.slice(req.path.lastIndexOf('/') + 1);
  if (kind === 'der') return rawResponse(CT_CERT, issuerDer(e));
  if (kind === 'pem') return rawResponse(CT_PEM_CHAIN, e.certificate);
  const chain = await issuerChain(store, e);
  return { data: { ca_chain: chain.map((c) => c.certificate), certificate: e.certificate, issuer_id: e.id, issuer_name: e.name } };
}

/** `issuer/:ref/crl[/der|/pem]` (pathGetIssuerCRL). Delta CRLs are not built by minivault. */
export async function fetchIssuerCrl(store: PkiStore, req: FrameworkRequest): Promise<LogicalResponse> {
  const e = await issuerOrThrow(store, req.captures.issuer_ref!);
  const kind = req.path.endsWith('/der') ? 'der' : req.path.endsWith('/pem') ? 'pem' : 'json';
  const c = req.path.includes('/delta') ? await deltaCrlDer(store, e.id) : await crlDer(store, e.id);
  if (kind === 'der') return rawResponse(CT_CRL, c ?? new Uint8Array());
  if (kind === 'pem') return rawResponse(CT_PEM_FILE, c ? crlPem(c) : '');
  return { data: { crl: c ? crlPem(c) : '' } };
}
