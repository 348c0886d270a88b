// PEM as Vault writes and reads it (Go encoding/pem): 64-column base64, `-----BEGIN <label>-----`
// lines, and a decoder that skips text between blocks (OpenSSL `-text` output), as
// builtin/logical/pki/path_manage_issuers.go pathImportIssuers does with pem.Decode in a loop.

export interface PemBlock { label: string; der: Buffer }

export function pemEncode(label: string, der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '');
  return `-----BEGIN ${label}-----\n${b64}\n-----END ${label}-----\n`;
}

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

/** Every PEM block in the text, in order. Headers (Proc-Type…) are not supported, as in Vault. */
export function pemDecodeAll(text: string): PemBlock[] {
  const out: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) {
    const body = m[2]!.replace(/\s+/g, '');
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(body)) continue;
    out.push({ label: m[1]!, der: Buffer.from(body, 'base64') });
  }
  return out;
}

export function pemDecodeFirst(text: string): PemBlock | undefined {
  return pemDecodeAll(text)[0];
}

/** A certificate PEM as Vault returns it in issue/sign responses (TrimSpace'd). */
export const certPem = (der: Uint8Array): string => pemEncode('CERTIFICATE', der).trim();
