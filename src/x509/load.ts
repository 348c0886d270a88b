// The one place that loads the X.509 library (@peculiar/x509 over node:crypto's WebCrypto).
// It needs a Reflect polyfill before it loads and a crypto provider once after; both happen here,
// once per process, and only when something first needs a certificate (a PKI mount, a TLS dev
// listener, a cert login), so a server that never touches X.509 never pays for it. The provider
// is node's WebCrypto plus node:crypto for the curves WebCrypto lacks (node-signing.ts).
import { webcrypto } from 'node:crypto';
import { NODE_ONLY_CURVES, withNodeCurves } from './node-signing.js';

export type X509Lib = typeof import('@peculiar/x509');

let loading: Promise<X509Lib> | undefined;

export function loadX509(): Promise<X509Lib> {
  loading ??= (async () => {
    await import('reflect-metadata');
    const lib = await import('@peculiar/x509');
    lib.cryptoProvider.set(withNodeCurves(webcrypto) as never); // node:crypto's webcrypto is the DOM Crypto the lib types expect
    // r and s of these curves are shorter than the library's 32-byte default
    for (const [name, c] of Object.entries(NODE_ONLY_CURVES)) lib.AsnEcSignatureFormatter.namedCurveSize.set(name, c.size);
    return lib;
  })();
  return loading;
}
