// An issuer ready to sign: its entry, certificate, key and chain (Vault
// builtin/logical/pki/issuing/issuers.go FetchCAInfoByIssuerId, EnsureUsage; chain_util.go
// rebuildIssuersChains; issuing/aia.go GetAIAURLs). Chains are walked from the issuer up through
// the issuers this mount knows, matching issuer DN and signature as Go's path builder does.
import * as E from '../../errors/pki.js';
import { isSelfSigned, parseCert, signedBy, type CertInfo } from './certinfo.js';
import { signAlgFor, type PrivateKey } from './keys.js';
import { issuerDer, type AiaUrls, type IssuerEntry, type PkiStore } from './store.js';

export interface CaBundle {
  entry: IssuerEntry;
  der: Uint8Array;
  info: CertInfo;
  key: PrivateKey;
  /** PEMs (each with trailing "\n"): the issuer first, then its parents. */
  chain: string[];
  chainDer: Uint8Array[];
}

/** The issuer followed by its parents known to the mount (manual_chain when set). */
export async function issuerChain(store: PkiStore, entry: IssuerEntry, all?: IssuerEntry[]): Promise<IssuerEntry[]> {
  const issuers = all ?? (await store.issuers());
  if (entry.manual_chain !== null) {
    return entry.manual_chain.map((id) => issuers.find((i) => i.id === id)).filter((i): i is IssuerEntry => i !== undefined);
  }
  const out = [entry];
  let cur = entry;
  for (;;) {
    const der = issuerDer(cur);
    const info = parseCert(der);
    if (isSelfSigned(der, info)) break;
    const parent = issuers.find((p) => !out.includes(p) && parseCert(issuerDer(p)).subjectDer === info.issuerDer && signedBy(der, issuerDer(p)));
    if (parent === undefined) break;
    out.push(parent);
    cur = parent;
  }
  return out;
}

/** FetchCAInfoByIssuerId with issuing usage: Go errors → 500 with Vault's wording. */
export async function fetchCa(store: PkiStore, ref: string, usage = 'issuing-certificates'): Promise<CaBundle> {
  let id: string;
  try { id = await store.resolveIssuer(ref); } catch (e) { throw E.goErr(E.errFetchCa((e as Error).message)); }
  const entry = (await store.issuer(id))!;
  if (!entry.usage.includes(usage)) throw E.goErr(E.errUsage(id, usage, [...entry.usage].sort().join(',')));
  const key = entry.key_id === '' ? undefined : await store.privateKey(entry.key_id);
  if (key === undefined) throw E.goErr(E.errFetchCa(E.errIssuerNoKey(id)));
  const der = issuerDer(entry);
  const chainEntries = await issuerChain(store, entry);
  return { entry, der, info: parseCert(der), key, chain: chainEntries.map((c) => c.certificate), chainDer: chainEntries.map(issuerDer) };
}

/** GetAIAURLs: the issuer's own URLs when any is set, else the mount's config/urls, templated. */
export async function aiaFor(store: PkiStore, entry: IssuerEntry | undefined): Promise<{ ocsp: string[]; issuing: string[]; crl: string[] }> {
  const own = entry?.aia;
  const urls: AiaUrls = own && (own.issuing_certificates.length + own.crl_distribution_points.length + own.ocsp_servers.length > 0) ? own : await store.urls();
  const cluster = (await store.getJson<{ path: string; aia_path: string }>('config/cluster')) ?? { path: '', aia_path: '' };
  const t = (u: string): string => (urls.enable_templating
    ? u.replaceAll('{{issuer_id}}', entry?.id ?? '').replaceAll('{{cluster_path}}', cluster.path).replaceAll('{{cluster_aia_path}}', cluster.aia_path)
    : u);
  return { ocsp: urls.ocsp_servers.map(t), issuing: urls.issuing_certificates.map(t), crl: urls.crl_distribution_points.map(t) };
}

export async function urlsConfigured(store: PkiStore): Promise<boolean> {
  const u = await store.urls();
  return u.issuing_certificates.length + u.crl_distribution_points.length + u.ocsp_servers.length > 0;
}

/** The signature algorithm a CA uses for what it signs on the issue path. */
export const caSignAlg = (b: CaBundle, sigBits: number, pss: boolean) => signAlgFor(b.key, sigBits, pss);
