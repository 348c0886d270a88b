// `login` of the cert auth method and the renewal of its tokens (V
// builtin/credential/cert/path_login.go pathLogin, verifyCredentials, loadTrustedCerts,
// matchesConstraints, matches*, certificateExtensionsMetadata, checkForChainInCRLs,
// pathLoginRenew; 1.18: one failure message, PR #27202). The client's chain comes from the TLS
// connection (LogicalRequest.peerCertificates: absent = no TLS connection, empty = TLS without a
// client certificate). Entries whose certificate is a CA become roots; other entries are trusted
// leaves matched by serial, authority key ID and public key.
import {
  ERR_CERT_CLIENT_CERT_REQUIRED, ERR_CERT_LEAF_KEY_MISMATCH, ERR_CERT_NO_MATCH, ERR_CERT_RENEW_IDENTITY,
  ERR_CERT_RENEW_POLICIES, ERR_CERT_TLS_REQUIRED, ERR_MISSING_ALIAS_NAME, ERR_X509_MALFORMED_CERTIFICATE, errCertOcspUnsupported,
  errCertVerify,
} from '../../errors/cert.js';
import { ERR_PERMISSION_DENIED } from '../../errors/core.js';
import { GoError, unsupportedError, VaultError } from '../../errors/vault-error.js';
import { remoteAddrIsOk } from '../../framework/cidr.js';
import { goToLower } from '../../go/strings.js';
import { loginAuth, loginDisplayName, tokenAuthFromParams } from '../../framework/token-params.js';
import type { FieldData, FrameworkRequest, PathSpec } from '../../framework/types.js';
import type { LogicalResponse } from '../../logical/types.js';
import type { Storage } from '../../storage/types.js';
import type { CertEntry, CertStore } from './certs.js';
import { loadCertConfig, type CrlStore } from './config.js';
import { asn1String, hexFormatted, parseDer, parsePemBundle, verifyChains, type Parsed } from './x509.js';
import { goGlob } from '../../go/glob.js';
import { goMapOrder } from '../../go/object.js';

export interface LoginContext {
  readonly storage: Storage;
  readonly certs: CertStore;
  readonly crls: CrlStore;
}

interface Trusted { entry: CertEntry; certs: Parsed[] }

const glob = goGlob;

/** Unset (or empty) = any; else some pattern must match some value. */
const anyMatch = (patterns: readonly string[] | null, values: readonly string[]) =>
  (patterns ?? []).length === 0 || patterns!.some((p) => values.some((v) => glob(p, v)));

/** matchesCertificateExtensions: every `oid:value` (ASN.1 string) or `hex:oid:value` (hex DER). */
function matchesExtensions(client: Parsed, required: readonly string[] | null): boolean {
  if ((required ?? []).length === 0) return true;
  if (client.extensions.length === 0) return false;
  const text = new Map(client.extensions.map((e) => [e.oid, asn1String(e.value)]));
  const hex = new Map(client.extensions.map((e) => [e.oid, e.value.toString('hex')]));
  return required!.every((req) => {
    const i = req.indexOf(':');
    if (i < 0) return false;
    const [kind, rest] = [req.slice(0, i), req.slice(i + 1)];
    if (kind === 'hex') {
      const j = rest.indexOf(':');
      if (j < 0) return false;
      const value = hex.get(rest.slice(0, j));
      return value !== undefined && glob(rest.slice(j + 1).toLowerCase(), value);
    }
    const value = text.get(kind);
    return value !== undefined && glob(rest, value);
  });
}

async function matchesConstraints(ctx: LoginContext, client: Parsed, chain: readonly Parsed[], trust: Trusted): Promise<boolean> {
  const revoked = await ctx.crls.revoked();
  const e = trust.entry;
  const ok = !chain.some((c) => revoked.has(c.serial))
    && anyMatch(e.allowedNames, [client.commonName, ...client.dnsNames, ...client.emails])
    && anyMatch(e.allowedCommonNames, [client.commonName])
    && anyMatch(e.allowedDnsSans, client.dnsNames)
    && anyMatch(e.allowedEmailSans, client.emails)
    && anyMatch(e.allowedUriSans, client.uris)
    && anyMatch(e.allowedOrganizationalUnits, client.organizationalUnits)
    && matchesExtensions(client, e.requiredExtensions);
  // checkForCertInOCSP queries the responders only for a chain with an issuer.
  if (e.ocspEnabled && chain.length >= 2) throw unsupportedError(new VaultError(400, errCertOcspUnsupported(e.name)));
  return ok;
}

/** loadTrustedCerts: roots and trusted leaves, from every entry or only `certName`. */
async function loadTrusted(ctx: LoginContext, certName: string): Promise<{ roots: Parsed[]; trusted: Trusted[]; leaves: Trusted[] }> {
  const names = certName !== '' ? [certName] : await ctx.certs.list();
  const roots: Parsed[] = [];
  const trusted: Trusted[] = [];
  const leaves: Trusted[] = [];
  for (const name of names) {
    const entry = await ctx.certs.get(name);
    if (entry === undefined) continue;
    const certs = await parsePemBundle(entry.certificate);
    if (certs.length === 0) continue;
    certs.push(...await parsePemBundle(entry.ocspCaCertificates));
    if (!certs[0]!.isCA) {
      leaves.push({ entry, certs });
    } else {
      roots.push(...certs);
      trusted.push({ entry, certs });
    }
  }
  return { roots, trusted, leaves };
}

/** verifyCredentials: the matched entry and the client's leaf; error responses thrown as 400s. */
async function verifyCredentials(ctx: LoginContext, peer: readonly Uint8Array[] | undefined, certName: string): Promise<{ trust: Trusted; client: Parsed }> {
  if (peer === undefined) throw new VaultError(400, ERR_CERT_TLS_REQUIRED);
  if (peer.length === 0) throw new VaultError(400, ERR_CERT_CLIENT_CERT_REQUIRED);
  const presented: Parsed[] = [];
  for (const der of peer) {
    const p = await parseDer(der);
    if (p === undefined) throw new GoError(500, errCertVerify(ERR_X509_MALFORMED_CERTIFICATE));
    presented.push(p);
  }
  const client = presented[0]!;
  const { roots, trusted, leaves } = await loadTrusted(ctx, certName);
  let chains: Parsed[][];
  try {
    // Go's Verify checks validity against the wall clock (time.Now), not a logical clock; so do we,
    // so certificates issued "now" (startVault's TLS helpers) are valid whatever the vault's clock says.
    chains = verifyChains(client, presented.slice(1), roots, Date.now());
  } catch (e) {
    throw new GoError(500, errCertVerify((e as Error).message));
  }
  for (const leaf of leaves) {
    const t = leaf.certs[0]!;
    if (t.serial !== client.serial || !t.authorityKeyId.equals(client.authorityKeyId)) continue;
    // A forged certificate posing as a trusted leaf: refused before any constraint.
    if (!t.node.publicKey.equals(client.node.publicKey)) throw new VaultError(400, ERR_CERT_LEAF_KEY_MISMATCH);
    if (await matchesConstraints(ctx, client, leaf.certs, leaf)) return { trust: leaf, client };
  }
  if (chains.length === 0) throw new VaultError(400, ERR_CERT_NO_MATCH);
  for (const trust of trusted) {
    for (const t of trust.certs) {
      for (const chain of chains) {
        if (chain.some((c) => c.der.equals(t.der)) && await matchesConstraints(ctx, client, chain, trust)) return { trust, client };
      }
    }
  }
  throw new VaultError(400, ERR_CERT_NO_MATCH);
}

/** certificateExtensionsMetadata: each allowed OID present, key with dots as dashes. */
function extensionMetadata(client: Parsed, allowed: readonly string[] | null): Record<string, string> {
  const out: Record<string, string> = {};
  const wanted = new Set(allowed ?? []);
  for (const e of client.extensions) if (wanted.has(e.oid)) out[e.oid.replaceAll('.', '-')] = asn1String(e.value);
  return out;
}

async function pathLogin(ctx: LoginContext, req: FrameworkRequest, data: FieldData): Promise<LogicalResponse> {
  const { trust, client } = await verifyCredentials(ctx, req.peerCertificates, data.get<string>('name'));
  const e = trust.entry;
  const cidrs = e.token.tokenBoundCidrs;
  if (cidrs.length > 0 && (req.remoteAddress === undefined || !remoteAddrIsOk(req.remoteAddress, cidrs))) {
    throw new GoError(403, ERR_PERMISSION_DENIED);
  }
  const metadata: Record<string, string> = {
    authority_key_id: hexFormatted(client.authorityKeyId), cert_name: e.name, common_name: client.commonName,
    serial_number: client.serial, subject_key_id: hexFormatted(client.subjectKeyId),
    ...extensionMetadata(client, e.allowedMetadataExtensions),
  };
  const sorted = goMapOrder(metadata);
  // vault/request_handling.go: an alias needs a name (a client certificate without a CN has none).
  if (client.commonName === '') throw new GoError(500, ERR_MISSING_ALIAS_NAME);
  const t = tokenAuthFromParams(e.token); // tokenutil PopulateTokenAuth
  const who = { displayName: loginDisplayName(req.mountPoint, e.displayName), metadata: sorted, aliasName: client.commonName };
  // path_login.go: the alias carries the certificate's metadata only when the mount opts in.
  const login = loginAuth(who, { ...t });
  if ((await loadCertConfig(ctx.storage)).enable_identity_alias_metadata) login.aliasMetadata = { ...sorted };
  return { login };
}

export function pathLoginSpec(ctx: () => LoginContext): PathSpec {
  return {
    pattern: 'login',
    fields: { name: { type: 'string', description: 'The name of the certificate role to authenticate against.' } },
    operations: { update: { handler: (req, data) => pathLogin(ctx(), req, data) } },
    notes: 'OCSP checks are answered as not implemented; no alias lookahead / resolve-role operations',
    helpSynopsis: '',
    helpDescription: '',
  };
}

/** sdk/helper/policyutil EquivalentPolicies (1.18: case-insensitive, `default` ignored). */
function equivalentPolicies(a: readonly string[], b: readonly string[]): boolean {
  const set = (l: readonly string[]) => new Set(l.map(goToLower).filter((p) => p !== 'default'));
  const sa = set(a);
  const sb = set(b);
  return sa.size === sb.size && [...sa].every((p) => sb.has(p));
}

/**
 * pathLoginRenew: unless `disable_binding`, the renew request must present a certificate that
 * matches the login's entry again, and (1.18) refuses only when both its subject and authority
 * key IDs differ from the login certificate's; the entry must still exist (else null: not
 * extended) with equivalent policies; its current TTLs apply.
 */
export async function renewLogin(
  ctx: LoginContext, metadata: Readonly<Record<string, string>> | null, tokenPolicies: readonly string[],
  peerCertificates: readonly Uint8Array[] | undefined,
): Promise<{ ttl: number; maxTtl: number; period: number } | null> {
  const certName = metadata?.cert_name ?? '';
  const config = await loadCertConfig(ctx.storage);
  if (!config.disable_binding) {
    const { client } = await verifyCredentials(ctx, peerCertificates, certName);
    if (hexFormatted(client.subjectKeyId) !== (metadata?.subject_key_id ?? '')
      && hexFormatted(client.authorityKeyId) !== (metadata?.authority_key_id ?? '')) {
      throw new GoError(500, ERR_CERT_RENEW_IDENTITY);
    }
  }
  const entry = await ctx.certs.get(certName);
  if (entry === undefined) return null;
  if (!equivalentPolicies(entry.token.tokenPolicies, tokenPolicies)) throw new GoError(500, ERR_CERT_RENEW_POLICIES);
  return { ttl: entry.token.tokenTtl, maxTtl: entry.token.tokenMaxTtl, period: entry.token.tokenPeriod };
}
