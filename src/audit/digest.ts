// The two digests the audit log needs: SHA-256 for the hash chain and HMAC-SHA256 for Vault's
// salted hashes (sdk/helper/salt/salt.go GetIdentifiedHMAC: `hmac-sha256:` + hex, keyed by the
// salt string's bytes). node:crypto when the platform has it (about 5x faster here), otherwise
// @noble/hashes; both give identical output, and tests run both.
import type * as NodeCrypto from 'node:crypto';
import { builtin, noble } from '../util/platform.js';
import { nobleSha256Hex, sha256Hex } from '../util/sha256.js';

export type DigestEngine = 'node' | 'noble';

export interface Digests {
  readonly engine: DigestEngine;
  /** Lowercase hex SHA-256 of the UTF-8 bytes of `text`. */
  sha256Hex(text: string): string;
  /** A keyed HMAC-SHA256: the function returns lowercase hex of HMAC(key, UTF-8 of value). */
  hmacHex(key: string): (value: string) => string;
}

const encoder = new TextEncoder();

function nodeDigests(crypto: typeof NodeCrypto): Digests {
  return {
    engine: 'node',
    sha256Hex,
    hmacHex(key) {
      // Prepared once per device (its salt): a KeyObject spares each HMAC re-importing the key.
      const prepared = crypto.createSecretKey(Buffer.from(key, 'utf8'));
      return (value) => crypto.createHmac('sha256', prepared).update(value, 'utf8').digest('hex');
    },
  };
}

const nobleDigests: Digests = {
  engine: 'noble',
  sha256Hex: nobleSha256Hex,
  hmacHex(key) {
    // The keyed inner/outer state is computed once; each value clones it.
    const { bytesToHex } = noble('utils');
    const keyed = noble('hmac').hmac.create(noble('sha2').sha256, encoder.encode(key));
    return (value) => bytesToHex(keyed.clone().update(encoder.encode(value)).digest());
  },
};

const nodeCrypto = builtin<typeof NodeCrypto>('node:crypto');

/** The digests for an engine; `undefined` picks node:crypto when available. */
export function digests(engine?: DigestEngine): Digests {
  if (engine === 'noble' || !nodeCrypto) {
    if (engine === 'node') throw new Error('digests: node:crypto is not available on this platform');
    return nobleDigests;
  }
  return nodeDigests(nodeCrypto);
}
